"""The caseload as CSV: Excel-friendly, and safe against formulas in names."""

from __future__ import annotations

import csv
import io

import pytest

from eigenkracht.jobs.export import cell
from tests.jobs.conftest import make_jobseeker


def _rows(response) -> list[list[str]]:
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_export_is_utf8_with_a_byte_order_mark_and_a_header(coach, jobseeker):
    response = coach.get("/jobs/caseload.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = _rows(response)
    assert header[:3] == ["Reference", "Jobseeker", "Status"]
    assert [r[1] for r in rows] == ["Mariëlle Dijkstra"]


def test_the_export_holds_only_the_coachs_own_jobseekers(coach, jobseeker, world):
    _, *rows = _rows(coach.get("/jobs/caseload.csv"))
    assert world.extra_ids["work_case"] not in {r[0] for r in rows}


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://evil.example","x")', "+31 6 1234",
                                     "-2+3", "@SUM(A1)", "\t=1+1"])
def test_a_name_that_looks_like_a_formula_is_neutralised(coach, world, hostile):
    make_jobseeker(world.org, world.jobcoach, first_name=hostile)
    _, *rows = _rows(coach.get("/jobs/caseload.csv"))
    [name] = [r[1] for r in rows]
    assert name.startswith("'") and name[1:].startswith(hostile.strip())


def test_numbers_stay_numbers_and_text_is_made_safe_once():
    from eigenkracht.core.csvsafe import csv_document

    assert cell(3) == 3 and cell(None) == "" and cell("-") == "-"
    assert csv_document(["n", "t"], [[cell(3), cell("-")]]) == "\ufeffn,t\r\n3,'-\r\n"


def test_the_export_is_audited(coach, jobseeker, db):
    from sqlalchemy import select

    from eigenkracht.audit.models import AuditEvent

    coach.get("/jobs/caseload.csv")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export",
                                                       AuditEvent.object_type == "caseload"))
    assert event.details["cases"] == [jobseeker.case.reference]
