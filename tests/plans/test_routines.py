"""Routines (plans/routines.py): recurrence at its boundaries, marking an occurrence done
while the action stays open, and how a routine has gone ("7 of the last 8 weeks")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db
from eigenkracht.plans import actions, followup, routines
from eigenkracht.plans.models import ActionStatus, PlanStatus
from tests.factories import ActionFactory

WED = date(2026, 10, 7)  # a Wednesday


def _routine(plan, repeat, start=WED, days="", until=None, what="Oma haalt op"):
    return ActionFactory(plan=plan, people=plan.actions[0].people, what=what, when_date=start,
                         when_text="", repeat=repeat, repeat_days=days, repeat_until=until)


# --- recurrence ---------------------------------------------------------------------------

def test_every_weekday_skips_the_weekend(plan):
    action = _routine(plan, "weekdays", start=date(2026, 10, 9))  # a Friday
    assert routines.occurrences(action, date(2026, 10, 1), date(2026, 10, 13)) == [
        date(2026, 10, 9), date(2026, 10, 12), date(2026, 10, 13)]


def test_given_weekdays_only_on_those_days(plan):
    action = _routine(plan, "days", days="0,2")  # Monday and Wednesday
    assert routines.occurrences(action, WED, WED + timedelta(days=7)) == [
        WED, date(2026, 10, 12), date(2026, 10, 14)]


def test_weekly_on_the_first_dates_weekday(plan):
    action = _routine(plan, "weekly")
    assert routines.occurrences(action, WED + timedelta(days=1), date(2026, 10, 28)) == [
        date(2026, 10, 14), date(2026, 10, 21), date(2026, 10, 28)]


def test_monthly_on_the_31st_falls_on_the_last_day_of_short_months(plan):
    action = _routine(plan, "monthly", start=date(2027, 1, 31))
    assert routines.occurrences(action, date(2027, 1, 1), date(2027, 5, 31)) == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30),
        date(2027, 5, 31)]


def test_until_is_the_last_day_inclusive(plan):
    action = _routine(plan, "weekly", until=date(2026, 10, 21))
    assert routines.occurrences(action, WED, date(2026, 12, 31))[-1] == date(2026, 10, 21)
    action.repeat_until = date(2026, 10, 20)  # the day before the third Wednesday
    assert routines.occurrences(action, WED, date(2026, 12, 31))[-1] == date(2026, 10, 14)


def test_nothing_before_the_first_date(plan):
    action = _routine(plan, "weekly")
    assert routines.current_occurrence(action, WED - timedelta(days=1)) is None
    assert routines.current_occurrence(action, WED) == WED


def test_the_current_occurrence_lasts_until_the_next_one(plan):
    action = _routine(plan, "weekly")
    assert routines.current_occurrence(action, WED + timedelta(days=6)) == WED
    assert routines.current_occurrence(action, WED + timedelta(days=7)) == WED + timedelta(7)


def test_after_the_last_occurrences_period_nothing_is_current(plan):
    action = _routine(plan, "weekly", until=WED)
    assert routines.current_occurrence(action, WED + timedelta(days=6)) == WED
    assert routines.current_occurrence(action, WED + timedelta(days=7)) is None


# --- marking done -------------------------------------------------------------------------

def test_done_this_week_marks_the_occurrence_and_the_action_stays_open(world, plan):
    action = _routine(plan, "weekly")
    update = routines.mark_occurrence_done(action, WED + timedelta(days=2),
                                           user=world.coordinator)
    assert update.occurrence_on == WED
    assert action.status == ActionStatus.OPEN
    record = routines.routine_record(action, WED + timedelta(days=2))
    assert record.current_done and record.kept == 1 and record.expected == 1


def test_an_occurrence_is_marked_once(world, plan):
    action = _routine(plan, "weekly")
    routines.mark_occurrence_done(action, WED, user=world.coordinator)
    with pytest.raises(RuleError) as refused:
        routines.mark_occurrence_done(action, WED + timedelta(days=6), user=world.coordinator)
    assert refused.value.code == "occurrence_already_done"
    # next week is a new occurrence
    assert routines.mark_occurrence_done(action, WED + timedelta(days=7),
                                         user=world.coordinator).occurrence_on == \
        WED + timedelta(days=7)


def test_nothing_to_mark_before_the_first_date(world, plan):
    action = _routine(plan, "weekly")
    with pytest.raises(RuleError) as refused:
        routines.mark_occurrence_done(action, WED - timedelta(days=1), user=world.coordinator)
    assert refused.value.code == "no_occurrence_now"


def test_a_one_off_action_cannot_be_marked_as_an_occurrence(world, plan):
    with pytest.raises(RuleError) as refused:
        routines.mark_occurrence_done(plan.actions[0], WED, user=world.coordinator)
    assert refused.value.code == "not_a_routine"


def test_a_closed_routine_is_not_marked(world, plan):
    action = _routine(plan, "weekly")
    action.status = ActionStatus.DONE
    with pytest.raises(RuleError) as refused:
        routines.mark_occurrence_done(action, WED, user=world.coordinator)
    assert refused.value.code == "routine_closed"


def test_someone_of_another_case_cannot_mark_it(world, plan, other_case_person):
    action = _routine(plan, "weekly")
    with pytest.raises(RuleError):
        routines.mark_occurrence_done(action, WED, person=other_case_person)
    assert action.updates == []


# --- how it has gone ----------------------------------------------------------------------

def _done_weeks(world, action, weeks):
    for week in weeks:
        routines.mark_occurrence_done(action, WED + timedelta(weeks=week),
                                      user=world.coordinator)


def test_seven_of_the_last_eight_weeks_and_which_was_missed(world, plan, app):
    action = _routine(plan, "weekly", start=WED - timedelta(weeks=2))
    _done_weeks(world, action, [-2, -1, 0, 1, 2, 4, 5, 6, 7])  # week 3 missed
    today = WED + timedelta(weeks=8, days=1)  # this week's (8) not done yet
    record = routines.routine_record(action, today)
    assert (record.kept, record.expected) == (7, 8)
    assert record.missed == [WED + timedelta(weeks=3)]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert record.summary == "7 of the last 8 weeks"


def test_the_current_week_counts_only_once_done(world, plan):
    action = _routine(plan, "weekly")
    assert routines.routine_record(action, WED).expected == 0
    routines.mark_occurrence_done(action, WED, user=world.coordinator)
    assert routines.routine_record(action, WED).expected == 1


def test_a_week_is_missed_the_day_the_next_one_starts_not_before(world, plan):
    action = _routine(plan, "weekly")
    assert routines.routine_record(action, WED + timedelta(days=6)).missed == []
    assert routines.routine_record(action, WED + timedelta(days=7)).missed == [WED]


def test_a_one_off_action_has_an_empty_record(plan):
    record = routines.routine_record(plan.actions[0], WED)
    assert (record.kept, record.expected, record.summary) == (0, 0, "")


# --- the action form's rules ---------------------------------------------------------------

def _data(plan, **changes):
    values = dict(what="Elke week bellen", person_ids=[p.id for p in plan.actions[0].people],
                  when_date=date.today() + timedelta(days=30), repeat="weekly")
    values.update(changes)
    return actions.ActionData(**values)


def test_a_routine_is_saved_with_its_rule(plan):
    action = actions.create_action(plan, _data(plan, repeat="days", repeat_days=["0", "3"],
                                               repeat_until=date.today() + timedelta(days=90)))
    assert (action.repeat, action.repeat_days) == ("days", "0,3")


@pytest.mark.parametrize(("changes", "code"), [
    ({"repeat": "yearly"}, "repeat_invalid"),
    ({"repeat": "<script>"}, "repeat_invalid"),
    ({"when_date": None, "when_text": "elke week"}, "repeat_needs_date"),
    ({"repeat": "days", "repeat_days": []}, "repeat_days_required"),
    ({"repeat": "days", "repeat_days": ["7"]}, "repeat_day_invalid"),
    ({"repeat": "days", "repeat_days": [-1]}, "repeat_day_invalid"),
])
def test_a_broken_routine_is_refused_and_nothing_saved(plan, changes, code):
    before = len(plan.actions)
    with pytest.raises(RuleError) as refused:
        actions.create_action(plan, _data(plan, **changes))
    assert code in [problem[1] for problem in refused.value.problems]
    assert len(plan.actions) == before


def test_until_the_start_day_is_allowed_the_day_before_is_not(plan):
    start = date.today() + timedelta(days=30)
    assert actions.create_action(plan, _data(plan, when_date=start, repeat_until=start))
    with pytest.raises(RuleError) as refused:
        actions.create_action(plan, _data(plan, when_date=start,
                                          repeat_until=start - timedelta(days=1)))
    assert refused.value.code == "repeat_until_before_start"


def test_a_one_off_action_keeps_no_routine(plan):
    action = actions.create_action(plan, _data(plan, repeat="", repeat_days=["1"]))
    assert (action.repeat, action.repeat_days, action.repeat_until) == ("", "", None)


# --- the follow-up ------------------------------------------------------------------------

def test_the_follow_up_shows_a_routine_with_its_record_never_as_late(world, plan):
    plan.status = PlanStatus.ACCEPTED
    action = _routine(plan, "weekly")
    _done_weeks(world, action, [0, 2])
    result = followup.follow_up(plan, WED + timedelta(weeks=3, days=1), None)
    assert action in result.routines and action not in result.late
    assert result.records[action.id].missed == [WED + timedelta(weeks=1)]
    assert {u.occurrence_on for u in result.done_since} >= {WED, WED + timedelta(weeks=2)}


def test_a_one_off_action_behaves_as_before(world, plan):
    late = ActionFactory(plan=plan, people=plan.actions[0].people, when_date=WED,
                         when_text="")
    result = followup.follow_up(plan, WED + timedelta(days=1), None)
    assert late in result.late and late not in result.routines
    actions.add_update(late, ActionStatus.DONE, "", user=world.coordinator)
    assert late.status == ActionStatus.DONE
    db.session.flush()


# --- the staff pages ----------------------------------------------------------------------

def _form(world, conference, **overrides):
    from tests.plans.conftest import person_named

    aunt = person_named(world.case, "Tante Riëtte")
    data = {"what": "Tante belt elke zondag.", "person_ids": [aunt.id],
            "when_date": (conference.starts_at.date() + timedelta(days=3)).isoformat(),
            "when_text": "", "support_needed": "", "serves_id": "", "serves_concern": "",
            "repeat": "days", "repeat_days": ["0", "6"], "repeat_until": ""}
    data.update(overrides)
    return data


def test_the_action_form_saves_a_routine(world, login_as, plan, base, conference):
    client = login_as("coordinator")
    assert "Every weekday (Monday to Friday)" in client.get(
        f"{base}/v1/actions/new").get_data(as_text=True)
    response = client.post(f"{base}/v1/actions/new", data=_form(world, conference))
    assert response.status_code == 302
    action = plan.actions[-1]
    assert (action.repeat, action.repeat_days) == ("days", "0,6")
    edit = client.get(f"{base}/v1/actions/{action.id}/edit").get_data(as_text=True)
    assert 'checked id="repeat_days-0"' in edit and 'checked id="repeat_days-6"' in edit
    assert 'checked id="repeat_days-1"' not in edit


def test_the_action_form_refuses_a_broken_routine_with_a_message(world, login_as, plan, base,
                                                                 conference):
    before = len(plan.actions)
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_form(
        world, conference, repeat_days=["9"]))
    assert response.status_code == 422
    assert "Choose days of the week from the list." in response.get_data(as_text=True)
    assert len(plan.actions) == before


def test_staff_mark_this_time_done_on_the_action_page(world, login_as, plan, base):
    from eigenkracht.core import clock

    plan.status = PlanStatus.ACCEPTED
    action = _routine(plan, "weekly")
    client = login_as("coordinator")
    with clock.frozen(clock.from_local(WED + timedelta(days=1), clock.time(10))):
        page = client.get(f"{base}/v1/actions/{action.id}").get_data(as_text=True)
        assert "Done this week" in page
        response = client.post(f"{base}/v1/actions/{action.id}/done-this-time",
                               data={"submission": "s1"})
        assert response.status_code == 302
        follow = client.get(f"{base}/follow-up").get_data(as_text=True)
    assert action.status == ActionStatus.OPEN and action.updates[0].occurrence_on == WED
    assert "Routines (1)" in follow and "1 of the last 1 week" in follow


def test_a_referrer_cannot_mark_a_routine(world, login_as, plan, base):
    plan.status = PlanStatus.ACCEPTED
    action = _routine(plan, "weekly")
    response = login_as("referrer").post(f"{base}/v1/actions/{action.id}/done-this-time",
                                         data={"submission": "s2"})
    assert response.status_code == 403 and action.updates == []


def test_compare_versions_names_a_changed_routine(world, plan, app):
    from eigenkracht.plans.versions import compare, new_version

    action = plan.actions[0]
    action.when_date, action.repeat = date.today() + timedelta(days=30), "weekly"
    plan.status = PlanStatus.ACCEPTED
    db.session.flush()
    draft = new_version(plan, world.coordinator)
    copy = draft.actions[0]
    assert (copy.repeat, copy.when_date) == ("weekly", action.when_date)
    data = actions.ActionData(what=copy.what, person_ids=[p.id for p in copy.people],
                              when_date=copy.when_date, repeat="monthly")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        actions.update_action(copy, data, copy.row_version)
        [change] = compare(plan, draft).changed
    assert change.fields["repeat"] == ["Every week", "Every month"]
