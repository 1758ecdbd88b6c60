""""This is not working": who may say it, which agreement applies, who is alerted, and the
review meeting planned from it in one step."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from eigenkracht.cases.models import AssignmentRole
from eigenkracht.conference.models import Conference, ConferenceKind
from eigenkracht.conference.todo import todo_for
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.plans import alerts
from eigenkracht.plans.alert_models import PlanAlert
from eigenkracht.plans.models import PlanStatus
from tests.factories import (
    ActionFactory,
    CaseAssignmentFactory,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    PlanFactory,
    ReferrerFactory,
    UserFactory,
)


@pytest.fixture
def plan(db):
    organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
    case = CaseFactory(organisation=organisation, reference="EK-2026-0303")
    coordinator = UserFactory(organisation=organisation, name="Sjoerd", email="sjoerd@example.org")
    CaseAssignmentFactory(case=case, user=coordinator)
    referrer = UserFactory(organisation=organisation, name="Rita", email="rita@example.org",
                           role="referrer")
    CaseAssignmentFactory(case=case, user=referrer, role=AssignmentRole.REFERRER)
    oma = PersonFactory(case=case, name="Oma Truus")
    vader = PersonFactory(case=case, name="Vader Ahmed")
    buurman = PersonFactory(case=case, name="Buurman Kees")
    plan = PlanFactory(case=case, status=PlanStatus.ACCEPTED, monitor=oma,
                       contingency="Oma belt de coördinator en het netwerk komt samen.")
    ActionFactory(plan=plan, people=[vader], what="Vader brengt Noor naar school")
    db.session.flush()
    plan.people = {"oma": oma, "vader": vader, "buurman": buurman}
    plan.coordinator, plan.referrer = coordinator, referrer
    return plan


def outbox(to: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == to)))


# --- who may say it -----------------------------------------------------------------------

def test_the_monitor_and_a_person_with_a_task_may_say_it(plan):
    assert alerts.reporter_role(plan, plan.people["oma"]) == "monitor"
    assert alerts.reporter_role(plan, plan.people["vader"]) == "task"


def test_someone_without_a_task_may_not(plan):
    assert alerts.reporter_role(plan, plan.people["buurman"]) is None
    with pytest.raises(RuleError) as refused:
        alerts.raise_alert(plan, plan.people["buurman"], "")
    assert refused.value.code == "alert_not_allowed"
    assert db.session.scalars(select(PlanAlert)).all() == []


def test_nobody_may_on_a_plan_that_is_not_accepted(plan):
    plan.status = PlanStatus.SUPERSEDED
    assert alerts.reporter_role(plan, plan.people["oma"]) is None


# --- which agreement applies --------------------------------------------------------------

def test_the_alert_keeps_the_contingency_agreement_as_it_read(plan):
    alert = alerts.raise_alert(plan, plan.people["vader"], "Ik kan maandag niet meer.")
    assert alert.contingency == "Oma belt de coördinator en het netwerk komt samen."
    assert (alert.reporter_role, alert.note) == ("task", "Ik kan maandag niet meer.")


def test_without_a_contingency_the_agreement_is_empty(plan):
    plan.contingency = "  "
    assert alerts.contingency_for(plan) == ""


# --- who is alerted -----------------------------------------------------------------------

def test_the_coordinator_is_alerted_by_email_and_on_the_todo_list(plan):
    alerts.raise_alert(plan, plan.people["oma"], "")
    [message] = outbox("sjoerd@example.org")
    assert "EK-2026-0303" in message.subject and "Oma" not in message.text_body
    [line] = todo_for(plan.coordinator).alerts
    assert line.case == plan.case
    assert outbox("rita@example.org") == []  # the plan does not ask for the referrer


def test_the_referrer_too_when_the_plan_says_so(plan):
    plan.alert_referrer = True
    contact = ReferrerFactory(case=plan.case, email="extern@example.org", user=None)
    plan.case.referrer = contact
    alert = alerts.raise_alert(plan, plan.people["oma"], "")
    assert alert.referrer_alerted
    assert len(outbox("rita@example.org")) == 1
    assert len(outbox("extern@example.org")) == 1
    assert todo_for(plan.referrer).alerts == []  # the to-do line is the coordinator's


def test_the_note_may_not_be_too_long(plan):
    alerts.raise_alert(plan, plan.people["oma"], "x" * alerts.NOTE_MAX)
    with pytest.raises(RuleError) as refused:
        alerts.raise_alert(plan, plan.people["oma"], "x" * (alerts.NOTE_MAX + 1))
    assert refused.value.code == "too_long"
    assert len(db.session.scalars(select(PlanAlert)).all()) == 1


# --- handled ------------------------------------------------------------------------------

def test_a_review_meeting_is_planned_from_it_in_one_step(plan):
    alert = alerts.raise_alert(plan, plan.people["oma"], "")
    with clock.frozen(datetime(2026, 5, 1, 8, tzinfo=UTC)):
        review = alerts.plan_review(alert, datetime(2026, 5, 12, 17, tzinfo=UTC),
                                    plan.coordinator)
    assert isinstance(review, Conference) and review.kind == ConferenceKind.REVIEW
    assert alert.review_id == review.id and not alert.open
    assert todo_for(plan.coordinator).alerts == []
    with pytest.raises(RuleError):
        alerts.plan_review(alert, datetime(2026, 5, 13, 17, tzinfo=UTC), plan.coordinator)


def test_counts_for_the_figures(plan):
    with clock.frozen(datetime(2026, 5, 1, 8, tzinfo=UTC)):
        first = alerts.raise_alert(plan, plan.people["oma"], "")
        alerts.raise_alert(plan, plan.people["vader"], "")
        alerts.mark_handled(first, plan.coordinator)
    counts = alerts.alert_counts([plan.case_id], since=date(2026, 5, 1), until=date(2026, 5, 1))
    assert (counts.total, counts.open, counts.by_monitor, counts.by_task) == (2, 1, 1, 1)
    assert alerts.alert_counts([plan.case_id], until=date(2026, 4, 30)).total == 0
