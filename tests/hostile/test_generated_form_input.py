"""Generated input to every form: never a 500, never a traceback, and a refused request
leaves every table as it was."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.hostile.conftest import assert_answered_calmly, encode_form, row_counts
from tests.hostile.routes import FORMS
from tests.hostile.strategies import HOSTILE_SETTINGS, hostile_form

FILE_CONTENTS = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"", b"PK\x03\x04" + b"\x00" * 40, b"name\n=cmd|' /C calc'!A0\n",
                     "naam,relatie\n\ud800,x\n".encode("utf-8", "surrogatepass"),
                     b"name,ring\n" + b"a,99999999999999999999\n" * 3, b"\xff\xfe\x00n"]),
)


def _send(target, fields, content: bytes | None = None):
    if target.file_field is None:
        return target.client.open(target.path, method=target.method, data=encode_form(fields),
                                  content_type="application/x-www-form-urlencoded")
    parts = {name: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
             for name, value in fields}
    parts[target.file_field] = FileStorage(io.BytesIO(content or b""), filename="upload.bin")
    boundary, body = encode_multipart(parts)
    return target.client.open(target.path, method=target.method, data=body,
                              content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("endpoint", sorted(FORMS))
def test_generated_input_never_breaks_a_form_or_half_saves_it(endpoint, form_target):
    target = form_target(endpoint)

    # A form without fields only gets unknown fields: a few examples say enough.
    examples = FORMS[endpoint].examples or (8 if target.valid else 3)

    @settings(HOSTILE_SETTINGS, max_examples=examples)
    @given(fields=hostile_form(target.valid), content=FILE_CONTENTS)
    def post(fields, content):
        before = row_counts()
        response = _send(target, fields, content)
        assert_answered_calmly(response, before, f"{endpoint} {fields!r}"[:2000])

    post()
