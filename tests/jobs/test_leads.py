"""Leads from the network: from someone on the map, through the stages idea, asked,
introduced, interview to hired or closed; forward only, closed at any stage."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from eigenkracht.core.clock import frozen
from eigenkracht.core.rules import RuleError
from eigenkracht.jobs import leads
from eigenkracht.jobs.models import Lead, LeadStage

TODAY = date(2026, 12, 6)


@pytest.fixture(autouse=True)
def context(app):
    with app.test_request_context(headers={"Accept-Language": "en"}), \
            frozen(datetime(2026, 12, 6, 12, 0)):
        yield


def _codes(error: RuleError) -> set[tuple[str | None, str]]:
    return {(name, code) for name, code, _params in error.problems}


def _lead(jobseeker, **overrides) -> Lead:
    values = {"person_id": jobseeker.sanne.id, "kind": "introduction",
              "title": "Planner at Vos Logistiek", "noted_on": date(2026, 9, 1)}
    values.update(overrides)
    return leads.add_lead(jobseeker.case, leads.LeadData(**values))


def test_a_lead_names_its_person_and_starts_as_an_idea(jobseeker, db):
    lead = _lead(jobseeker)
    assert (lead.person_id, lead.person_name, lead.stage, lead.stage_on) == (
        jobseeker.sanne.id, "Sanne Bakker", LeadStage.IDEA, date(2026, 9, 1))


@pytest.mark.parametrize("path", [
    ["asked", "introduced", "interview", "hired"],
    ["interview", "hired"],  # a vacancy tip goes straight to an interview
    ["asked", "closed"],
    ["closed"],
])
def test_allowed_moves(jobseeker, db, path):
    lead = _lead(jobseeker)
    for stage in path:
        leads.move_lead(jobseeker.case, lead, stage, TODAY)
    assert lead.stage == LeadStage(path[-1]) and lead.stage_on == TODAY


@pytest.mark.parametrize("start, to", [
    (["interview"], "asked"),  # back
    (["asked"], "asked"),  # nowhere
    (["hired"], "closed"),  # out of hired
    (["closed"], "asked"),  # out of closed
    (["closed"], "hired"),
    ([], "idea"),
])
def test_refused_moves(jobseeker, db, start, to):
    lead = _lead(jobseeker)
    for stage in start:
        leads.move_lead(jobseeker.case, lead, stage, TODAY)
    before = lead.stage
    with pytest.raises(RuleError) as error:
        leads.move_lead(jobseeker.case, lead, to, TODAY)
    assert _codes(error.value) == {("stage", "lead_stage_move")}
    assert lead.stage == before


@pytest.mark.parametrize("stage", ["", "HIRED", "<script>", "x" * 5000, None])
def test_an_unknown_stage_is_refused(jobseeker, db, stage):
    lead = _lead(jobseeker)
    with pytest.raises(RuleError) as error:
        leads.move_lead(jobseeker.case, lead, stage, TODAY)
    assert _codes(error.value) == {("stage", "lead_stage_invalid")}


def test_a_move_is_dated_today_at_the_latest_and_not_before_the_lead_came_up(jobseeker, db):
    lead = _lead(jobseeker)
    leads.move_lead(jobseeker.case, lead, "asked", date(2026, 9, 1))  # the day itself
    for day, code in ((TODAY + timedelta(days=1), "done_in_future"),
                      (date(2026, 8, 31), "stage_before_noted")):
        with pytest.raises(RuleError) as error:
            leads.move_lead(jobseeker.case, lead, "introduced", day)
        assert _codes(error.value) == {("stage_on", code)}
    leads.move_lead(jobseeker.case, lead, "introduced", TODAY)
    assert lead.stage == LeadStage.INTRODUCED


def test_a_lead_noted_today_is_allowed_and_tomorrow_refused(jobseeker, db):
    assert _lead(jobseeker, noted_on=TODAY).noted_on == TODAY
    with pytest.raises(RuleError) as error:
        _lead(jobseeker, noted_on=TODAY + timedelta(days=1))
    assert _codes(error.value) == {("noted_on", "done_in_future")}


def test_an_empty_or_hostile_lead_is_refused_and_nothing_saved(jobseeker, world, db):
    from tests.jobs.conftest import make_jobseeker

    other = make_jobseeker(world.org, world.jobcoach, first_name="Anders")
    with pytest.raises(RuleError) as error:
        _lead(jobseeker, person_id="", kind="job", title=" ", employer="e" * 201)
    assert _codes(error.value) == {("person_id", "lead_person_required"),
                                   ("kind", "lead_kind_invalid"),
                                   ("title", "lead_title_required"),
                                   ("employer", "too_long")}
    for person_id, code in ((other.sanne.id, "contact_person_unknown"),
                            ("1; DROP TABLE leads", "contact_person_unknown"),
                            (jobseeker.client.id, "person_is_client")):
        with pytest.raises(RuleError) as error:
            _lead(jobseeker, person_id=person_id)
        assert _codes(error.value) == {("person_id", code)}
    with pytest.raises(RuleError) as error:
        _lead(jobseeker, title="line\nbreak")
    assert _codes(error.value) == {("title", "control_characters")}
    assert db.session.scalars(select(Lead).where(Lead.case_id == jobseeker.case.id)).all() == []


def test_the_worth_of_each_person_counts_their_leads_and_hires(jobseeker, db):
    for _ in range(2):
        _lead(jobseeker)
    hired = _lead(jobseeker, person_id=jobseeker.harm.id)
    _lead(jobseeker, person_id=jobseeker.harm.id)
    leads.move_lead(jobseeker.case, hired, "hired", TODAY)
    worth = [(w.name, w.leads, w.hires) for w in leads.people_worth(jobseeker.case)]
    assert worth == [("Harm Wijnstra", 2, 1), ("Sanne Bakker", 2, 0)]
    assert set(leads.worth_by_person(jobseeker.case)) == {jobseeker.sanne.id,
                                                          jobseeker.harm.id}
