"""The plan printed at a review: each action's status, the history of decisions with who
decided, and no contradictory labels."""

from __future__ import annotations

from datetime import UTC, datetime

from eigenkracht.extensions import db
from eigenkracht.plans.models import ActionStatus, Decision, PlanDecision
from tests.pdf.conftest import ACTIONS, pdf_text, plan_url


def _history(plan, world):
    for decision, reason, day in ((Decision.NOT_ACCEPTED, "Wie brengt Noëlle op vrijdag?", 1),
                                  (Decision.ACCEPTED, "", 2)):
        db.session.add(PlanDecision(
            plan_id=plan.id, decision=decision, reason=reason,
            decided_at=datetime(2026, 12, day, 15, 0, tzinfo=UTC),
            decided_by_id=world.referrer.id, decided_by_name=world.referrer.name,
            bottom_lines=[]))
    db.session.flush()


def test_each_action_prints_its_status(login_as, world, plan):
    done = next(a for a in plan.actions if a.what == ACTIONS[0])
    done.status = ActionStatus.DONE
    db.session.flush()
    text = pdf_text(login_as("coordinator").get(plan_url(world, lang="en")).data)
    assert "Status: Done" in text and "Status: Open" in text


def test_the_decisions_print_with_who_decided_and_why(login_as, world, plan):
    _history(plan, world)
    text = pdf_text(login_as("coordinator").get(plan_url(world, lang="en")).data)
    assert "Decisions on the plan" in text
    assert "Version 1: Not accepted" in text and "Version 1: Accepted" in text
    assert "Decided by Hélène Verwijzer on December 1, 2026." in text
    assert "Wie brengt Noëlle op vrijdag?" in text
