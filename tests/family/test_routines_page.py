"""A routine on the family page: "Done this week" marks this week's occurrence, the task
stays open, and the page says how the routine has gone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.plans.models import ActionStatus

MONDAY = date(2026, 11, 30)
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=clock.UTC)  # Wednesday


def _weekly(family, start=MONDAY - timedelta(weeks=2)):
    action = family.oma_action
    action.repeat, action.when_date = "weekly", start
    db.session.flush()
    return action


def test_done_this_week_marks_the_occurrence_and_the_task_stays_open(client, family):
    action = _weekly(family)
    with clock.frozen(NOW):
        page = client.get(f"/p/{family.token}?lang=en").get_data(as_text=True)
        assert "Done this week" in page
        response = client.post(f"/p/{family.token}/actions/{action.id}/done-this-time?lang=en",
                               data={"submission": "k1"})
        assert response.status_code == 302
        page = client.get(f"/p/{family.token}?lang=en").get_data(as_text=True)
    assert action.status == ActionStatus.OPEN
    assert [u.occurrence_on for u in action.updates] == [MONDAY]
    assert "This time: done" in page and "Done this week" not in page
    assert "1 of the last 3 weeks" in page
    assert "Missed:" in page  # the two weeks before were not marked


def test_the_routine_is_shown_in_dutch(client, family):
    _weekly(family)
    with clock.frozen(NOW):
        page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert "Deze week gedaan" in page and "Elke week" in page


def test_another_persons_routine_gives_404(client, family):
    family.vader_action.repeat = "weekly"
    family.vader_action.when_date = MONDAY
    db.session.flush()
    with clock.frozen(NOW):
        response = client.post(
            f"/p/{family.token}/actions/{family.vader_action.id}/done-this-time",
            data={"submission": "k2"})
    assert response.status_code == 404
    assert family.vader_action.updates == []


def test_a_second_tap_for_the_same_week_is_refused_kindly(client, family):
    action = _weekly(family)
    with clock.frozen(NOW):
        client.post(f"/p/{family.token}/actions/{action.id}/done-this-time",
                    data={"submission": "k3"})
        response = client.post(f"/p/{family.token}/actions/{action.id}/done-this-time?lang=en",
                               data={"submission": "k4"})
    assert response.status_code == 422
    assert "already been marked done" in response.get_data(as_text=True)
    assert len(action.updates) == 1


def test_missed_weeks_are_named(family):
    action = _weekly(family)
    with clock.frozen(NOW):
        from eigenkracht.plans import routines

        record = routines.routine_record(action, clock.today())
    assert record.expected == 2 and record.kept == 0
    assert record.missed == [MONDAY - timedelta(weeks=2), MONDAY - timedelta(weeks=1)]
