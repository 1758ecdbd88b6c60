"""No CSV the app writes holds a cell that a spreadsheet would run as a formula.

The exports looked at the first character only: ``x;=2+3`` became the formula ``=2+3`` in
Dutch Excel, which splits lines on ``;``. Every export is read here the way spreadsheets
read it — split on ``,``, on ``;``, on tabs and on line breaks, with and without honouring
quotes — and no cell may start (after spaces and quotes) with ``=``, ``+``, ``-`` or ``@``.
The network export still imports back to what was exported.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from eigenkracht.core.csvsafe import (
    FORMULA_CHARACTERS,
    SEPARATORS,
    csv_document,
    restore_text,
    safe_text,
)
from eigenkracht.network.models import Person
from tests.factories import PersonFactory
from tests.jobs.conftest import make_jobseeker

PAYLOADS = ["x;=2+3", "=1+1", "@SUM(A1)", "-2+3", "+1", "\t=1", "\r=1", "a,=1",
            "x; =1", 'x;"=1', "x;'=1", "a\n=1", "a\r\n@1", ";=1;=2", "=cmd|' /C calc'!A0",
            '=HYPERLINK("http://evil.example","x")', "\uff1d1+1", "'=1", "-", "+31 6 1234"]
DANGEROUS = re.compile(rf"[ \"]*[{re.escape(FORMULA_CHARACTERS)}]")


def cells_as_spreadsheets_read(document: str) -> list[str]:
    """Every cell of ``document`` as a spreadsheet might see it: read as CSV with ``,``,
    ``;`` or tab between cells, and split on every separator regardless of quotes."""
    text = document.removeprefix("\ufeff")
    cells = []
    for delimiter in ",;\t":
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            cells.extend(row)
    cells.extend(re.split(rf"[{re.escape(SEPARATORS)}]", text))
    return cells


def formulas_in(document: str) -> list[str]:
    return [cell for cell in cells_as_spreadsheets_read(document) if DANGEROUS.match(cell)]


# --- the helper ----------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_cell_of_a_hostile_text_is_a_formula_however_it_is_split(payload):
    document = csv_document(["name"], [[payload], ["ok", payload, 3]])
    assert formulas_in(document) == []
    assert restore_text(safe_text(payload)) == payload


@pytest.mark.parametrize("value, written", [
    ("", ""), (None, ""), (0, "0"), (-5, "-5"), (2.5, "2.5"), ("Oma Truus", "Oma Truus"),
    ("Ali's neef", "Ali's neef"), ("a;b", "a;b"), ("-", "'-"), ("x;=2+3", "x;'=2+3"),
])
def test_numbers_and_harmless_text_are_written_as_they_are(value, written):
    document = csv_document(["h"], [[value]])
    [_, [cell]] = list(csv.reader(io.StringIO(document.removeprefix("\ufeff"))))
    assert cell == written


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("=+-@;,\t\r\n \"'ab1\uff1d")), max_size=40))
def test_any_text_made_safe_has_no_formula_and_restores_exactly(text):
    safe = safe_text(text)
    assert restore_text(safe) == text
    assert formulas_in(csv_document(["h"], [[text]])) == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text_restores_exactly(text):
    assert restore_text(safe_text(text)) == text


# --- every export --------------------------------------------------------------------------

def test_the_network_export_has_no_formula_and_imports_back_the_same(login_as, world):
    for number, payload in enumerate(PAYLOADS):
        PersonFactory(case=world.case, name=f"{payload} {number}", relation=payload[:50],
                      notes=payload, phone=payload[:30], ring=2)
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network"
    exported = coordinator.get(f"{base}/export.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    document = exported.data.decode("utf-8")
    assert formulas_in(document) == []



def test_the_network_export_imports_back_to_what_was_exported(login_as, world):
    """Through the app's own import the apostrophes go again: the same names, relations and
    notes (the texts a form accepts: the map keeps no control characters)."""
    from eigenkracht.extensions import db
    from tests.factories import CaseAssignmentFactory, CaseFactory

    printable = [p for p in PAYLOADS if p.isprintable()]
    for number, payload in enumerate(printable):
        PersonFactory(case=world.case, name=f"{payload} {number}", relation=payload[:50],
                      notes=payload, ring=2)
    coordinator = login_as("coordinator")
    exported = coordinator.get(f"/cases/{world.case.reference}/network/export.csv")
    other = CaseFactory(organisation=world.org, reference="EK-2026-0777")
    CaseAssignmentFactory(case=other, user=world.coordinator)
    boundary, body = encode_multipart({"file": FileStorage(
        io.BytesIO(exported.data), filename="netwerk.csv", content_type="text/csv")})
    imported = coordinator.post(f"/cases/{other.reference}/network/import", data=body,
                                content_type=f"multipart/form-data; boundary={boundary}")
    assert imported.status_code == 302, imported.text[-2000:]
    people = {p.name: p for p in db.session.scalars(
        db.select(Person).where(Person.case_id == other.id))}
    for number, payload in enumerate(printable):
        person = people[f"{payload} {number}".strip()]
        assert (person.relation, person.notes) == (payload[:50].strip(), payload.strip())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_caseload_export_has_no_formula(login_as, world, payload):
    make_jobseeker(world.org, world.jobcoach, first_name=payload)
    response = login_as("jobcoach").get("/jobs/caseload.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    document = response.data.decode("utf-8")
    assert formulas_in(document) == []
    rows = list(csv.reader(io.StringIO(document.removeprefix("\ufeff"), newline="")))
    assert any(restore_text(row[1]).startswith(payload.strip()) for row in rows[1:])


def test_a_long_text_full_of_separators_is_made_safe_whole():
    text = ";=1,+2\t@3\r\n-4" * 7_000  # 84,000 characters, 35,000 formulas in it
    document = csv_document(["h"], [[text]])
    assert formulas_in(document) == []
    assert restore_text(safe_text(text)) == text
