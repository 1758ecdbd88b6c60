"""History with dates: snapshots as of a past day, the map's history derived from when
people came and left, steps and follow-ups done on a day. Today is allowed, tomorrow is not."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from eigenkracht.core.clock import frozen
from eigenkracht.core.rules import RuleError
from eigenkracht.jobs import contacts, services
from eigenkracht.jobs.models import GoalStatus
from eigenkracht.jobs.progress import progress
from eigenkracht.network.models import MapDeparture, NetworkSnapshot
from eigenkracht.network.services import remove_person
from eigenkracht.network.snapshots import take_snapshot
from tests.factories import ContactLogFactory, PersonFactory

TODAY = date(2026, 12, 6)


@pytest.fixture(autouse=True)
def context(app):
    with app.test_request_context(headers={"Accept-Language": "en"}), \
            frozen(datetime(2026, 12, 6, 12, 0)):
        yield


def _codes(error: RuleError) -> set[tuple[str | None, str]]:
    return {(name, code) for name, code, _params in error.problems}


# --- snapshots as of a day ------------------------------------------------------------------

def test_a_snapshot_as_of_today_is_allowed_and_tomorrow_refused(jobseeker, db):
    assert take_snapshot(jobseeker.case, "", as_of=TODAY).as_of == TODAY
    with pytest.raises(RuleError) as error:
        take_snapshot(jobseeker.case, "", as_of=TODAY + timedelta(days=1))
    assert (error.value.field, error.value.code) == ("as_of", "as_of_in_future")


@pytest.mark.parametrize("value, code", [("2026-13-01", "as_of_invalid"),
                                         ("<script>", "as_of_invalid"),
                                         (date(2016, 12, 5), "as_of_too_old")])
def test_a_malformed_or_too_old_as_of_is_refused(jobseeker, db, value, code):
    with pytest.raises(RuleError) as error:
        take_snapshot(jobseeker.case, "", as_of=value)
    assert error.value.code == code
    assert db.session.scalars(select(NetworkSnapshot).where(
        NetworkSnapshot.case_id == jobseeker.case.id)).all() == []


def test_snapshots_as_of_past_days_fill_their_months(jobseeker, db):
    for months_back in range(5, 0, -1):
        take_snapshot(jobseeker.case, "", as_of=date(2026, 12 - months_back, 15))
    months = progress(jobseeker.case)
    assert [m.start.month for m in months] == [7, 8, 9, 10, 11, 12]
    assert all(m.rings == (0, 1, 1) for m in months)
    assert [m.derived for m in months] == [False] * 5 + [True]


def test_of_two_snapshots_in_a_month_the_later_day_wins_not_the_later_save(jobseeker, db):
    take_snapshot(jobseeker.case, "", as_of=date(2026, 10, 20))
    PersonFactory(case=jobseeker.case, name="Kees", ring=1)
    take_snapshot(jobseeker.case, "", as_of=date(2026, 10, 5))  # saved later, earlier day
    [october] = [m for m in progress(jobseeker.case) if m.start == date(2026, 10, 1)]
    assert october.rings == (0, 1, 1)


# --- the map's history derived from the dates ----------------------------------------------

def test_the_chart_fills_itself_from_when_people_came_and_left(jobseeker, db):
    jobseeker.sanne.on_map_since = date(2026, 7, 10)
    jobseeker.harm.on_map_since = date(2026, 9, 30)  # the month's last day counts
    leaving = PersonFactory(case=jobseeker.case, name="Piet", ring=1,
                            on_map_since=date(2026, 8, 1))
    db.session.flush()
    with frozen(datetime(2026, 11, 1, 12, 0)):
        remove_person(jobseeker.case, leaving)  # left on 1 November
    departure = db.session.scalar(select(MapDeparture))
    assert (departure.ring, departure.on_map_since, departure.left_on) == (
        1, date(2026, 8, 1), date(2026, 11, 1))
    months = {m.start.month: m for m in progress(jobseeker.case, date(2027, 1, 10))}
    assert list(months) == [7, 8, 9, 10, 11, 12, 1]  # from the first month with someone
    assert months[7].rings == (0, 1, 0) and months[7].derived
    assert months[8].rings == (1, 1, 0)
    assert months[9].rings == (1, 1, 1)
    assert months[10].rings == (1, 1, 1)
    assert months[11].rings == (0, 1, 1)
    assert months[1].rings == (0, 1, 1) and months[1].start.year == 2027


def test_a_month_before_anyone_was_on_the_map_has_no_bar(jobseeker, db):
    jobseeker.sanne.on_map_since = jobseeker.harm.on_map_since = date(2026, 10, 1)
    db.session.flush()
    months = progress(jobseeker.case)
    assert [m.rings is None for m in months] == [True] * 3 + [False] * 3


def test_a_snapshot_wins_over_what_the_dates_say(jobseeker, db):
    jobseeker.sanne.on_map_since = date(2026, 7, 10)
    db.session.flush()
    take_snapshot(jobseeker.case, "", as_of=date(2026, 7, 31))
    [july] = [m for m in progress(jobseeker.case) if m.start == date(2026, 7, 1)]
    assert july.rings == (0, 1, 1) and not july.derived


def test_on_the_map_since_today_is_allowed_tomorrow_and_nonsense_refused(coach, jobseeker, db):
    url = f"{jobseeker.base}/network/people/{jobseeker.sanne.id}"
    page = coach.get(url)
    assert page.status_code == 200 and 'name="on_map_since"' in page.text
    form = {"name": "Sanne Bakker", "relation": "oud-collega", "sector": "school_work",
            "ring": "2", "gender": "unknown", "language": "nl",
            "row_version": str(jobseeker.sanne.row_version)}
    for value in ((TODAY + timedelta(days=1)).isoformat(), "2026-02-30", "<b>x</b>",
                  "1899-12-31"):
        response = coach.post(url, data={**form, "on_map_since": value})
        assert response.status_code == 422, value
    db.session.refresh(jobseeker.sanne)
    assert jobseeker.sanne.on_map_since is None
    response = coach.post(url, data={**form, "on_map_since": TODAY.isoformat()})
    assert response.status_code == 302
    db.session.refresh(jobseeker.sanne)
    assert jobseeker.sanne.on_map_since == TODAY


# --- steps done on a day --------------------------------------------------------------------

def _goal(jobseeker):
    return services.add_goal(jobseeker.case, services.GoalData(text="Werk als planner"))


def test_a_step_done_today_is_allowed_and_tomorrow_refused(jobseeker, db):
    step = services.add_step(jobseeker.case, _goal(jobseeker), services.StepData(text="Bellen"))
    with pytest.raises(RuleError) as error:
        services.set_step_done(jobseeker.case, step, True, TODAY + timedelta(days=1))
    assert _codes(error.value) == {("done_on", "done_in_future")}
    assert not step.done
    assert services.set_step_done(jobseeker.case, step, True, TODAY)
    assert step.done_on == TODAY
    assert services.set_step_done(jobseeker.case, step, True, date(2026, 8, 3))
    assert step.done_day == date(2026, 8, 3)
    assert services.set_step_done(jobseeker.case, step, False) and step.done_on is None


def test_a_step_entered_as_done_may_have_a_past_target_date(jobseeker, db):
    goal = _goal(jobseeker)
    step = services.add_step(jobseeker.case, goal, services.StepData(
        text="CV bijwerken", target_date=date(2026, 7, 1), done_on=date(2026, 6, 28)))
    assert step.done and step.done_on == date(2026, 6, 28)
    with pytest.raises(RuleError) as error:  # an open step still looks ahead
        services.add_step(jobseeker.case, goal, services.StepData(
            text="Bellen", target_date=TODAY - timedelta(days=1)))
    assert _codes(error.value) == {("target_date", "target_in_past")}
    services.add_step(jobseeker.case, goal, services.StepData(text="Bellen",
                                                              target_date=TODAY))


def test_a_goal_reached_or_dropped_may_keep_a_past_target_date(jobseeker, db):
    goal = services.add_goal(jobseeker.case, services.GoalData(
        text="Stage lopen", target_date=date(2026, 9, 1), status=GoalStatus.REACHED))
    assert goal.target_date == date(2026, 9, 1)
    with pytest.raises(RuleError):
        services.add_goal(jobseeker.case, services.GoalData(
            text="Open", target_date=date(2026, 9, 1)))


# --- follow-ups done on a day ---------------------------------------------------------------

def test_a_follow_up_records_the_day_it_was_done(jobseeker, db):
    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                                contacted_on=date(2026, 9, 1),
                                follow_up_on=date(2026, 9, 15))
    for day, code in ((TODAY + timedelta(days=1), "done_in_future"),
                      (date(2026, 8, 31), "done_before_contact")):
        with pytest.raises(RuleError) as error:
            contacts.set_follow_up_done(jobseeker.case, contact, True, day)
        assert _codes(error.value) == {("done_on", code)}
    assert contacts.set_follow_up_done(jobseeker.case, contact, True, date(2026, 9, 1))
    assert contact.follow_up_done and contact.follow_up_done_day == date(2026, 9, 1)
    assert contacts.set_follow_up_done(jobseeker.case, contact, True, TODAY)
    assert contact.follow_up_done_on == TODAY
    assert contacts.set_follow_up_done(jobseeker.case, contact, False)
    assert contact.follow_up_done_on is None and not contact.follow_up_done
