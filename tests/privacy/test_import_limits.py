"""A case export ZIP is read within fixed bounds (issue 16, finding 7: the ZIP's side).

A 56 kB ZIP whose people.json unpacked to 49 MB took a worker to 1.6 GB. Now the directory is
checked before the ZIP is parsed, each file's size before and while it is unpacked, and the
number of objects and their depth before JSON is parsed. Each refusal is a 422 that says what
is wrong, in the uploader's language, and nothing is imported. The limits are tested at their
boundary (exactly the limit passes, one more does not); those that a real export cannot reach
cheaply are lowered for the test.
"""

from __future__ import annotations

import io
import json
import struct
import tracemalloc
import warnings
import zipfile
from collections import defaultdict

import pytest

from eigenkracht.extensions import db
from eigenkracht.privacy import import_archive, import_schema, importing
from eigenkracht.privacy.import_archive import (
    MAX_CONTAINERS,
    MAX_DEPTH,
    MAX_MEMBERS,
    ImportRefused,
    check_shape,
)
from eigenkracht.privacy.import_schema import IMPORTED
from tests.hostile.conftest import row_counts
from tests.privacy.import_files import (
    case_ids,
    imported_case,
    members_of,
    upload,
    zipped,
)

BOMB = b"[" + b"{}," * 16_333_333 + b"{}]"  # 49 MB of empty objects


@pytest.fixture
def members(world):
    return members_of(world.case)


@pytest.fixture
def unpacked(monkeypatch) -> dict[str, int]:
    """Bytes unpacked per file of the ZIP, counted as ``zipfile`` hands them out."""
    counts: dict[str, int] = defaultdict(int)
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = original(self, n)
        counts[self.name] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return counts


def _refused(client, data: bytes, language: str = "en") -> str:
    before = row_counts()
    response = upload(client, data, language)
    assert response.status_code == 422, response.get_data(as_text=True)[:2000]
    assert row_counts() == before
    return response.get_data(as_text=True)


def _lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """``data`` with the unpacked size of ``name`` in the ZIP's directory set to ``size``."""
    data = bytearray(data)
    encoded = name.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + length] == encoded:
            data[at + 24:at + 28] = struct.pack("<I", size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in the directory")


def _set_in_directory(data: bytes, name: str, offset: int, value: bytes) -> bytes:
    """``data`` with bytes at ``offset`` of ``name``'s directory entry and local header
    replaced (the flags are at 8 and 6, the method at 10 and 8)."""
    data = bytearray(data)
    encoded = name.encode()
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack("<H", data[central + 28:central + 30])[0]
        if data[central + 46:central + 46 + length] == encoded:
            local = struct.unpack("<I", data[central + 42:central + 46])[0]
            data[central + offset:central + offset + len(value)] = value
            data[local + offset - 2:local + offset - 2 + len(value)] = value
            return bytes(data)
        central = data.find(b"PK\x01\x02", central + 4)
    raise AssertionError(f"{name} not in the directory")


# --- the bomb -----------------------------------------------------------------------------

def test_a_zip_bomb_is_refused_from_its_directory_before_a_byte_is_unpacked(
        login_as, members, unpacked):
    data = zipped({**members, "tables/people.json": BOMB})
    assert len(data) < 100_000
    text = _refused(login_as("admin"), data)
    assert "tables/people.json is too large when unpacked: at most 8 MB." in text
    assert unpacked["tables/people.json"] == 0


def test_a_zip_bomb_costs_no_more_memory_than_a_small_file(world, members):
    data = zipped({**members, "tables/people.json": BOMB})
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused):
            importing.import_case(data, world.other_org)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


def test_a_bomb_whose_directory_lies_is_stopped_at_the_size_it_claims(login_as, members,
                                                                       unpacked):
    data = _lie_about_size(zipped({**members, "tables/people.json": BOMB}),
                           "tables/people.json", 1000)
    text = _refused(login_as("admin"), data)
    assert "not a case export that can be read" in text
    assert unpacked["tables/people.json"] <= 1000


def test_a_file_that_unpacks_to_more_than_its_directory_says_is_cut_off(monkeypatch, members):
    """Should ``zipfile`` ever hand out more than the directory claims, the reader stops at
    the limit all the same: here a stream that never ends stands in for the file."""
    archive = import_archive.Archive(zipped(members))
    handed = []

    class Endless:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, n):
            handed.append(n)
            return b" " * n

    monkeypatch.setattr(archive.zip, "open", lambda member: Endless())
    with pytest.raises(ImportRefused) as refused:
        archive.json("tables/people.json")
    assert refused.value.code == "file_too_large"
    assert sum(handed) <= import_archive.MAX_MEMBER_BYTES + import_archive.CHUNK


# --- files in the ZIP ---------------------------------------------------------------------

def _with_fillers(members, count: int):
    return {**members, **{f"plans/filler-{n}.pdf": b"%PDF" for n in range(count)}}


def test_a_zip_with_as_many_files_as_allowed_is_imported(login_as, world, members):
    data = zipped(_with_fillers(members, MAX_MEMBERS - len(members)))
    known = case_ids(world.org.id)
    assert upload(login_as("admin"), data).status_code == 302
    assert imported_case(world.org.id, known) is not None


def test_a_zip_with_one_file_more_is_refused_before_it_is_parsed(monkeypatch, login_as,
                                                                  members):
    data = zipped(_with_fillers(members, MAX_MEMBERS - len(members) + 1))
    opened = []
    monkeypatch.setattr(import_archive.zipfile, "ZipFile",
                        lambda *args, **kwargs: opened.append(args))
    text = _refused(login_as("admin"), data)
    assert f"holds too many files: a case export holds at most {MAX_MEMBERS}." in text
    assert opened == []


def test_a_directory_of_long_names_is_refused_before_it_is_parsed(login_as, members):
    data = zipped({**members, **{f"plans/{n:04d}{'x' * 300}.pdf": b"" for n in range(900)}})
    assert "too many files" in _refused(login_as("admin"), data)


def test_a_zip64_end_record_is_refused(login_as, members):
    data = zipped(members)
    end = data.rfind(b"PK\x05\x06")
    forged = data[:end] + b"PK\x06\x07" + bytes(16) + data[end:]
    assert "too many files" in _refused(login_as("admin"), forged)


def test_a_file_twice_in_the_zip_is_refused(login_as, members):
    data = zipped(members)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr("tables/people.json", "[]")
    assert "holds tables/people.json more than once" in _refused(login_as("admin"),
                                                                 buffer.getvalue())


@pytest.mark.parametrize(("offset", "value"), [
    (8, struct.pack("<H", 0x1)),  # encrypted
    (10, struct.pack("<H", 99)),  # a compression method zipfile does not know
])
def test_an_encrypted_or_strangely_packed_file_is_refused(login_as, members, offset, value):
    data = _set_in_directory(zipped(members), "tables/people.json", offset, value)
    assert "not a case export that can be read" in _refused(login_as("admin"), data)


@pytest.mark.parametrize("data", [b"PK", b"x" * 100_000, b"PK\x03\x04" + bytes(200),
                                  b"PK\x05\x06" * 10])
def test_what_is_not_a_zip_is_refused(login_as, world, data):
    assert "not a case export that can be read" in _refused(login_as("admin"), data)


def test_an_empty_zip_lacks_its_manifest(login_as, world):
    text = _refused(login_as("admin"), b"PK\x05\x06" + bytes(18))
    assert "The export lacks the file manifest.json." in text


def test_an_empty_upload_asks_for_the_file(login_as, world):
    assert "Choose the ZIP file of a case export." in _refused(login_as("admin"), b"")


# --- sizes at their limits ----------------------------------------------------------------

def _read_sizes(members) -> dict[str, int]:
    """The unpacked size of every file the import reads."""
    counted = set(members["manifest.json"]["tables"]) & set(IMPORTED)
    names = ["manifest.json", "case.json", *(f"tables/{name}.json" for name in counted)]
    archive = zipfile.ZipFile(io.BytesIO(zipped(members)))
    return {name: archive.getinfo(name).file_size for name in names}


@pytest.mark.parametrize("extra", [0, 1])
def test_one_file_at_the_size_limit_passes_and_one_byte_more_does_not(monkeypatch, world,
                                                                       members, extra):
    sizes = _read_sizes(members)
    largest = max(sizes, key=sizes.get)
    monkeypatch.setattr(import_archive, "MAX_MEMBER_BYTES", sizes[largest] - extra)
    if extra:
        with pytest.raises(ImportRefused) as refused:
            importing.import_case(zipped(members), world.other_org)
        assert refused.value.code == "file_too_large"
        assert refused.value.params["file"] == largest
    else:
        assert importing.import_case(zipped(members), world.other_org).id


@pytest.mark.parametrize("extra", [0, 1])
def test_the_files_together_at_the_limit_pass_and_one_byte_more_does_not(monkeypatch, world,
                                                                         members, extra):
    monkeypatch.setattr(import_archive, "MAX_JSON_BYTES",
                        sum(_read_sizes(members).values()) - extra)
    if extra:
        with pytest.raises(ImportRefused) as refused:
            importing.import_case(zipped(members), world.other_org)
        assert refused.value.code == "too_large_total"
    else:
        assert importing.import_case(zipped(members), world.other_org).id


@pytest.mark.parametrize("extra", [0, 1])
def test_a_table_at_the_row_limit_passes_and_one_row_more_does_not(monkeypatch, world,
                                                                    members, extra):
    people = members["tables/people.json"]
    monkeypatch.setattr(import_schema, "MAX_ROWS", len(people) - extra)
    monkeypatch.setattr(importing, "MAX_ROWS", len(people) - extra)
    if extra:
        with pytest.raises(ImportRefused) as refused:
            importing.import_case(zipped(members), world.other_org)
        assert refused.value.code == "too_many_rows"
    else:
        assert importing.import_case(zipped(members), world.other_org).id


def test_a_manifest_announcing_too_many_rows_is_refused_before_the_table_is_read(
        login_as, members, unpacked):
    members["manifest.json"]["tables"]["people"] = import_schema.MAX_ROWS + 1
    text = _refused(login_as("admin"), zipped(members))
    assert f"more than {import_schema.MAX_ROWS} rows in people" in text
    assert unpacked["tables/people.json"] == 0


@pytest.mark.parametrize("announced", [1, import_schema.MAX_ROWS + 1])
def test_more_rows_than_allowed_are_refused_whatever_the_manifest_says(login_as, members,
                                                                       announced):
    members["tables/bottom_lines.json"] *= import_schema.MAX_ROWS + 1
    members["manifest.json"]["tables"]["bottom_lines"] = announced
    text = _refused(login_as("admin"), zipped(members))
    assert ("manifest announces 1 rows in bottom_lines, but the file holds 10001" in text
            if announced == 1 else "more than 10000 rows in bottom_lines" in text)


# --- objects and depth, before JSON is parsed --------------------------------------------

def _nested(depth: int, inner: bytes = b"") -> bytes:
    return b"[" * depth + inner + b"]" * depth


@pytest.mark.parametrize(("depth", "allowed"), [(MAX_DEPTH, True), (MAX_DEPTH + 1, False)])
def test_nesting_at_the_limit_passes_and_one_level_more_does_not(depth, allowed):
    raw = _nested(depth - 1, b"{}")
    if allowed:
        check_shape(raw, "x.json")
    else:
        with pytest.raises(ImportRefused) as refused:
            check_shape(raw, "x.json")
        assert refused.value.code == "too_deep"


@pytest.mark.parametrize(("count", "allowed"), [(MAX_CONTAINERS, True),
                                                (MAX_CONTAINERS + 1, False)])
def test_objects_at_the_limit_pass_and_one_more_does_not(count, allowed):
    raw = b"[" + b"{}," * (count - 2) + b"{}]"
    if allowed:
        check_shape(raw, "x.json")
    else:
        with pytest.raises(ImportRefused) as refused:
            check_shape(raw, "x.json")
        assert refused.value.code == "too_many_values"


@pytest.mark.parametrize("raw", [
    json.dumps(["[" * 50, "{" * 50, "]]]}}}"]).encode(),
    json.dumps(['a "quoted" [[[[[[[[[ bracket', "\\[[[[[[[[["]).encode(),
])
def test_brackets_inside_text_are_not_counted(raw):
    check_shape(raw, "x.json")
    assert import_archive.parse(raw, "x.json")


@pytest.mark.parametrize("raw", [b"[[[[[[[[[[}", b"[" * 10_000, b'["x]', b"[1, 2"])
def test_broken_json_is_said_to_be_broken_or_too_deep(raw):
    with pytest.raises(ImportRefused) as refused:
        import_archive.parse(raw, "x.json")
    assert refused.value.code in ("not_json", "too_deep")


def test_deep_nesting_is_refused_and_named(login_as, members):
    members["tables/people.json"] = json.loads(_nested(100))
    text = _refused(login_as("admin"), zipped(members))
    assert "tables/people.json is nested too deeply: at most 6 levels." in text


def test_very_deep_nesting_is_refused_without_parsing(login_as, members, unpacked):
    data = zipped({**members, "tables/people.json": _nested(200_000)})
    text = _refused(login_as("admin"), data)
    assert "tables/people.json is nested too deeply" in text


def test_deep_nesting_inside_a_json_column_is_refused(login_as, members):
    members["tables/people.json"][0]["support"] = [[[[["practical"]]]]]
    text = _refused(login_as("admin"), zipped(members))
    assert "tables/people.json is nested too deeply" in text


def test_too_many_objects_in_a_small_file_are_refused(login_as, members):
    data = zipped({**members, "tables/people.json": b"[" + b"{}," * MAX_CONTAINERS + b"{}]"})
    assert "tables/people.json holds too many values" in _refused(login_as("admin"), data)


@pytest.mark.parametrize("raw", [b"[NaN]", b'[{"ring": Infinity}]', b"\xff\xfe[]",
                                 b"[" + b"1" * 5000 + b"]", "[\ufeff]".encode()])
def test_what_json_does_not_allow_is_refused(login_as, members, raw):
    data = zipped({**members, "tables/people.json": raw})
    assert "tables/people.json is not valid JSON." in _refused(login_as("admin"), data)


# --- the manifest -------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "expected"), [
    (lambda m: m.pop("manifest.json"), "The export lacks the file manifest.json."),
    (lambda m: m.pop("case.json"), "The export lacks the file case.json."),
    (lambda m: m.pop("tables/people.json"), "The export lacks the file tables/people.json."),
    (lambda m: m.update({"manifest.json": []}), "not the manifest of a case export"),
    (lambda m: m["manifest.json"].update(format="other"), "not the manifest of a case export"),
    (lambda m: m["manifest.json"].update(version=2), "format version 2; this installation "
                                                     "reads version 1"),
    (lambda m: m["manifest.json"].update(version=True), "format version True"),
    (lambda m: m["manifest.json"].update(tables=[]), "not the manifest of a case export"),
    (lambda m: m["manifest.json"]["tables"].update(people="4"),
     "not the manifest of a case export"),
    (lambda m: m["manifest.json"]["tables"].update(people=-1),
     "not the manifest of a case export"),
    (lambda m: m["manifest.json"]["tables"].update(people=99),
     "The manifest announces 99 rows in people, but the file holds"),
    (lambda m: m["manifest.json"]["tables"].update(cases=2),
     "The manifest announces 2 rows in cases"),
])
def test_a_broken_manifest_is_refused_with_what_is_wrong(login_as, members, change, expected):
    change(members)
    assert expected in _refused(login_as("admin"), zipped(members))


@pytest.mark.parametrize("through", ["browser", "account"])
def test_the_refusal_speaks_the_uploaders_language(login_as, world, members, through):
    world.admin.locale = "nl" if through == "account" else None  # None: the browser's
    db.session.flush()
    data = zipped({**members, "tables/people.json": BOMB})
    text = _refused(login_as("admin"), data, language="nl" if through == "browser" else "en")
    assert "tables/people.json is uitgepakt te groot: hoogstens 8 MB." in text
    assert "Er is niets geïmporteerd." in text
