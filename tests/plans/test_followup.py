"""The follow-up view: what is due this week, what is late, what was done since the last
look (remembered per user and plan)."""

from __future__ import annotations

from datetime import date, timedelta

from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from eigenkracht.plans import actions, followup
from eigenkracht.plans.models import ActionStatus, PlanStatus
from tests.factories import ActionFactory, ActionUpdateFactory
from tests.plans.conftest import person_named

TODAY = date(2026, 12, 2)  # a Wednesday


def _action(plan, what, day, status=ActionStatus.OPEN):
    return ActionFactory(plan=plan, people=plan.actions[0].people, what=what, when_date=day,
                         when_text="", status=status)


def test_due_this_week_late_and_repeating_actions_are_told_apart(world, plan):
    plan.actions[0].when_date = None  # "elke dinsdag"
    late = _action(plan, "Te laat", TODAY - timedelta(days=1))
    today = _action(plan, "Vandaag", TODAY)
    sunday_after = _action(plan, "Over zes dagen", TODAY + timedelta(days=6))
    _action(plan, "Volgende maand", TODAY + timedelta(days=30))
    _action(plan, "Al gedaan", TODAY - timedelta(days=3), ActionStatus.DONE)
    result = followup.follow_up(plan, TODAY, None)
    assert result.late == [late]
    assert result.due_this_week == [today, sunday_after]
    assert [a.what for a in result.repeating] == [plan.actions[0].what]


def test_what_was_done_since_the_last_look_is_shown_once(world, plan):
    action = plan.actions[0]
    followup.mark_seen(plan, world.coordinator, at=utcnow() - timedelta(hours=1))
    actions.add_update(action, ActionStatus.DONE, "Klaar!", user=world.coordinator)
    first = followup.follow_up_for_user(plan, world.coordinator, TODAY)
    assert [u.note for u in first.done_since] == ["Klaar!"]
    second = followup.follow_up_for_user(plan, world.coordinator, TODAY)
    assert second.done_since == [] and second.since is not None


def test_the_last_look_is_kept_per_user(world, plan):
    followup.mark_seen(plan, world.coordinator)
    assert followup.last_seen(plan, world.referrer) is None


def test_updates_before_the_last_look_are_not_news(world, plan):
    old = ActionUpdateFactory(action=plan.actions[0], status_to=ActionStatus.DONE,
                              created_at=utcnow() - timedelta(days=2))
    followup.mark_seen(plan, world.coordinator, at=utcnow() - timedelta(days=1))
    result = followup.follow_up(plan, TODAY, followup.last_seen(plan, world.coordinator))
    assert old not in result.done_since and old not in result.other_updates


def test_the_follow_up_page_shows_the_accepted_plan(world, login_as, plan, base):
    plan.status = PlanStatus.ACCEPTED
    aunt = person_named(world.case, "Tante Riëtte")
    ActionFactory(plan=plan, people=[aunt], what="Tante belt de school.",
                  when_date=date.today() - timedelta(days=2), when_text="")
    ActionUpdateFactory(action=plan.actions[0], status_to=ActionStatus.DONE,
                        note="Gebracht", author_label="Oom Kees")
    db.session.flush()
    page = login_as("coordinator").get(f"{base}/follow-up")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Late (1)" in text and "Tante belt de school." in text
    assert "Done since the last look (1)" in text and "Gebracht" in text
    again = login_as("coordinator").get(f"{base}/follow-up").get_data(as_text=True)
    assert "Done since the last look (0)" in again


def test_the_referrer_can_follow_the_plan_of_their_case(login_as, plan, base):
    assert login_as("referrer").get(f"{base}/follow-up").status_code == 200


def test_a_case_without_a_plan_sends_the_follow_up_to_the_start_page(world, login_as):
    from tests.factories import CaseAssignmentFactory, CaseFactory

    case = CaseFactory(organisation=world.org)
    CaseAssignmentFactory(case=case, user=world.coordinator)
    response = login_as("coordinator").get(f"/cases/{case.reference}/plan/follow-up")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.reference}/plan")
