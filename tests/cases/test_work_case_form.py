"""A work case is a work case (issue 21, item 6): the form for a jobseeker asks what work
needs (the work looked for, its line of work, the last job, availability, what stands in
the way) and no child consent; the youth-care form is as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eigenkracht.cases.models import Case, CaseKind
from tests.cases.case_form import edit_data, one_client
from tests.jobs.conftest import make_jobseeker

WORK = {"kind": "work", "client_first_name": "Mariëlle", "client_last_name": "Dijkstra",
        "consent_client_on": "2026-01-05", "central_question": "Werk via haar netwerk",
        "work_goal": "Logistiek planner, 32 uur", "work_sector": "logistiek",
        "last_job": "Planner bij Vos Logistiek tot 2025", "availability": "Ma-do, per direct",
        "barriers": "Geen rijbewijs"}


def new_case(db, answer) -> Case:
    """The case the answer's redirect leads to (the newest case)."""
    case = db.session.scalar(select(Case).order_by(Case.id.desc()).limit(1))
    assert answer.location.endswith(f"/cases/{case.reference}")
    return case


def test_a_job_coach_gets_the_form_for_work_without_child_consent(login_as):
    page = login_as("jobcoach").get("/cases/new").text
    assert "New case: a jobseeker" in page
    for name in ("work_goal", "work_sector", "last_job", "availability", "barriers"):
        assert f'name="{name}"' in page
    assert "consent_parents_on" not in page and "Parents or guardians" not in page
    assert "under 12 the parents consent" not in page
    assert "The jobseeker agreed on" in page
    assert "Add another client" not in page


def test_the_youth_care_form_is_unchanged(login_as):
    page = login_as("coordinator").get("/cases/new").text
    assert 'name="clients-0-consent_parents_on"' in page and "under 12 the parents consent" in page
    assert 'name="work_goal"' not in page
    assert "A jobseeker? Open the form for work." in page
    assert 'name="work_goal"' in login_as("coordinator").get("/cases/new?kind=work").text


def test_a_work_case_is_saved_with_what_work_needs(login_as, db):
    answer = login_as("jobcoach").post("/cases/new", data=one_client(WORK))
    assert answer.status_code == 302, answer.text
    case = new_case(db, answer)
    assert case.kind == CaseKind.WORK
    assert (case.work_goal, case.work_sector, case.last_job, case.availability,
            case.barriers) == ("Logistiek planner, 32 uur", "logistiek",
                               "Planner bij Vos Logistiek tot 2025", "Ma-do, per direct",
                               "Geen rijbewijs")
    page = login_as("jobcoach").get(answer.location).text
    assert "Geen rijbewijs" in page and "Line of work aimed for" in page


def test_a_youth_case_keeps_no_work_answers(login_as, db):
    data = one_client({**WORK, "kind": "youth", "client_birth_date": "2015-05-01",
                       "consent_parents_on": "2026-01-05", "consent_parents_names": "Ouders"})
    answer = login_as("coordinator").post("/cases/new", data=data)
    assert answer.status_code == 302, answer.text
    case = new_case(db, answer)
    assert case.kind == CaseKind.YOUTH and case.work_goal == "" and case.barriers == ""


def test_editing_a_work_case_keeps_the_form_for_work(login_as, world, db):
    jobseeker = make_jobseeker(world.org, world.coordinator)
    coordinator = login_as("coordinator")
    page = coordinator.get(f"/cases/{jobseeker.case.reference}/edit").text
    assert 'name="work_goal"' in page and "consent_parents_on" not in page
    answer = coordinator.post(f"/cases/{jobseeker.case.reference}/edit",
                              data=edit_data(jobseeker.case, work_goal="Chauffeur",
                                             work_sector="transport"))
    assert answer.status_code == 302
    db.session.refresh(jobseeker.case)
    assert (jobseeker.case.work_goal, jobseeker.case.work_sector) == ("Chauffeur", "transport")


@pytest.mark.parametrize("name, value, message", [
    ("work_goal", "x" * 2001, "Use at most 2000 characters."),
    ("work_sector", "x" * 201, "Use at most 200 characters."),
    ("barriers", "geen\x00rijbewijs", None),
    ("work_sector", "logistiek\nen transport", None),
])
def test_bad_work_answers_are_refused_and_nothing_is_saved(login_as, db, name, value, message):
    before = db.session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1))
    answer = login_as("jobcoach").post("/cases/new", data=one_client({**WORK, name: value}))
    assert answer.status_code == 422
    if message:
        assert message in answer.text
    assert f'id="{name}"' in answer.text and "There is a problem" in answer.text
    assert db.session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) == before
