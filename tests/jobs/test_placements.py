"""Placements and their checks at 1, 3, 6 and 12 months: created at once, due on the same
calendar day, shown with the other follow-ups, done on a day with an answer."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from eigenkracht.cases.models import Case
from eigenkracht.core.clock import frozen
from eigenkracht.core.rules import RuleError
from eigenkracht.jobs import leads, placements
from eigenkracht.jobs.followups import case_follow_ups, open_follow_ups
from eigenkracht.jobs.models import FollowUpKind, LeadStage, Placement, PlacementCheck

TODAY = date(2026, 12, 6)


@pytest.fixture(autouse=True)
def context(app):
    with app.test_request_context(headers={"Accept-Language": "en"}), \
            frozen(datetime(2026, 12, 6, 12, 0)):
        yield


def _data(**overrides) -> placements.PlacementData:
    values = {"employer": "Vos Logistiek", "started_on": date(2026, 1, 31),
              "hours_per_week": "32", "contract": "fixed_term", "job_title": "Planner"}
    values.update(overrides)
    return placements.PlacementData(**values)


def _codes(error: RuleError) -> set[tuple[str | None, str]]:
    return {(name, code) for name, code, _params in error.problems}


def test_a_placement_creates_its_four_checks_on_the_same_calendar_day(jobseeker, db):
    placement = placements.add_placement(jobseeker.case, _data())
    checks = db.session.scalars(select(PlacementCheck).where(
        PlacementCheck.placement_id == placement.id).order_by(PlacementCheck.months)).all()
    # 31 January + 1 month has no 31st: the month's last day.
    assert [(c.months, c.due_on) for c in checks] == [
        (1, date(2026, 2, 28)), (3, date(2026, 4, 30)), (6, date(2026, 7, 31)),
        (12, date(2027, 1, 31))]
    assert all(not c.done for c in checks)


def test_the_checks_appear_as_follow_ups_and_a_check_done_shows_its_date(jobseeker, db):
    placement = placements.add_placement(jobseeker.case, _data())
    items = case_follow_ups(jobseeker.case)
    assert [(f.kind, f.months) for f in items] == [(FollowUpKind.PLACEMENT_CHECK, m)
                                                   for m in (1, 3, 6, 12)]
    first = placement.checks[0]
    assert placements.set_check_done(jobseeker.case, first, date(2026, 3, 2), "yes")
    [done] = [f for f in case_follow_ups(jobseeker.case) if f.months == 1]
    assert done.done and done.done_on == date(2026, 3, 2) and first.held is True
    # An open list no longer has it; the others are still open and overdue.
    still_open = open_follow_ups(select(Case.id).where(Case.id == jobseeker.case.id))
    assert [f.months for f in still_open] == [3, 6, 12]
    assert [f.overdue(TODAY) for f in still_open] == [True, True, False]


def test_a_check_due_today_is_due_but_not_overdue_and_overdue_the_day_after(jobseeker, db):
    placements.add_placement(jobseeker.case, _data(started_on=date(2026, 11, 6),
                                                   hours_per_week=40))
    ids = select(Case.id).where(Case.id == jobseeker.case.id)
    [check] = open_follow_ups(ids, until=TODAY)
    assert check.months == 1 and check.due_on == TODAY
    assert not check.overdue(TODAY) and check.overdue(TODAY + timedelta(days=1))
    assert open_follow_ups(ids, until=TODAY - timedelta(days=1)) == []


@pytest.mark.parametrize("hours, ok", [("1", True), ("60", True), ("0", False),
                                       ("61", False), ("-3", False), ("32.5", False),
                                       ("abc", False), ("", False), ("9" * 40, False)])
def test_hours_a_week_are_a_whole_number_from_1_to_60(jobseeker, db, hours, ok):
    if ok:
        assert placements.add_placement(jobseeker.case, _data(hours_per_week=hours))
        return
    with pytest.raises(RuleError) as error:
        placements.add_placement(jobseeker.case, _data(hours_per_week=hours))
    assert ("hours_per_week", "hours_required" if hours == "" else "hours_range") in \
        _codes(error.value)
    assert db.session.scalars(select(Placement).where(
        Placement.case_id == jobseeker.case.id)).all() == []


def test_an_empty_or_hostile_placement_is_refused_with_every_problem(jobseeker, db):
    with pytest.raises(RuleError) as error:
        placements.add_placement(jobseeker.case, placements.PlacementData(
            employer="  ", started_on=None, hours_per_week=None, contract="<script>",
            job_title="x" * 201, note="bad\x00note"))
    assert _codes(error.value) == {
        ("employer", "employer_required"), ("job_title", "too_long"),
        ("note", "control_characters"), ("started_on", "start_required"),
        ("hours_per_week", "hours_required"), ("contract", "contract_invalid")}
    assert db.session.scalars(select(PlacementCheck).where(
        PlacementCheck.case_id == jobseeker.case.id)).all() == []


def test_the_start_may_lie_up_to_a_year_ahead_and_five_years_back(jobseeker, db):
    placements.add_placement(jobseeker.case, _data(started_on=date(2027, 12, 6)))
    placements.add_placement(jobseeker.case, _data(started_on=date(2021, 12, 6)))
    for day, code in ((date(2027, 12, 7), "start_too_far"), (date(2021, 12, 5),
                                                             "date_too_old")):
        with pytest.raises(RuleError) as error:
            placements.add_placement(jobseeker.case, _data(started_on=day))
        assert _codes(error.value) == {("started_on", code)}


def test_a_check_is_done_today_at_the_latest_and_not_before_the_start(jobseeker, db):
    placement = placements.add_placement(jobseeker.case, _data(started_on=date(2026, 11, 1)))
    check = placement.checks[0]
    for day, answer, code in ((TODAY + timedelta(days=1), "yes", "done_in_future"),
                              (date(2026, 10, 31), "yes", "done_before_start"),
                              (None, "yes", "done_date_required")):
        with pytest.raises(RuleError) as error:
            placements.set_check_done(jobseeker.case, check, day, answer)
        assert _codes(error.value) == {("done_on", code)}
    for answer in ("", "maybe", None, "<b>"):
        with pytest.raises(RuleError) as error:
            placements.set_check_done(jobseeker.case, check, TODAY, answer)
        assert _codes(error.value) == {("held", "held_required")}
    assert not check.done
    assert placements.set_check_done(jobseeker.case, check, TODAY, "no")
    assert check.done_on == TODAY and check.held is False
    assert placements.reopen_check(jobseeker.case, check) and not check.done


def test_a_placement_from_a_lead_moves_the_lead_to_hired(jobseeker, db):
    lead = leads.add_lead(jobseeker.case, leads.LeadData(
        person_id=jobseeker.sanne.id, kind="vacancy", title="Planner",
        noted_on=date(2026, 10, 1)))
    placements.add_placement(jobseeker.case, _data(started_on=date(2026, 11, 1),
                                                   lead_id=str(lead.id)))
    assert lead.stage == LeadStage.HIRED and lead.stage_on == date(2026, 11, 1)
    [worth] = leads.people_worth(jobseeker.case)
    assert (worth.name, worth.leads, worth.hires) == ("Sanne Bakker", 1, 1)


def test_a_lead_of_another_case_cannot_be_named(jobseeker, world, db):
    from tests.jobs.conftest import make_jobseeker

    other = make_jobseeker(world.org, world.jobcoach, first_name="Anders")
    lead = leads.add_lead(other.case, leads.LeadData(person_id=other.sanne.id,
                                                     kind="vacancy", title="Planner"))
    for raw in (str(lead.id), "abc", "-1", "1" * 30):
        with pytest.raises(RuleError) as error:
            placements.add_placement(jobseeker.case, _data(lead_id=raw))
        assert _codes(error.value) == {("lead_id", "lead_unknown")}
    assert lead.stage == LeadStage.IDEA
