"""What the printed plan adds from the plan feature: each action's status and the history
of decisions with who decided (a plan printed at a review shows what was done).

``plan_record(reference, version)`` is a template global of the printed plan
(``templates/pdf/plan.html``): it answers for the signed-in user's own organisation and only
for a case they may see, else None (the CLI and the family's own document print without
it). Each action's number is the one the documents show (the plan's order)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import has_request_context
from flask_babel import format_date
from flask_login import current_user
from sqlalchemy import select

from eigenkracht.cases.access import can_view_case
from eigenkracht.cases.models import Case
from eigenkracht.extensions import db
from eigenkracht.plans.blueprint import bp
from eigenkracht.plans.decision import history
from eigenkracht.plans.messages import ACTION_STATUS_LABELS, DECISION_LABELS
from eigenkracht.plans.models import Plan


@dataclass(frozen=True)
class PrintedDecision:
    version: int
    decision: str
    status: str  # accepted / accepted_with_changes / not_accepted
    on: str
    who: str
    reason: str


@dataclass(frozen=True)
class PlanRecord:
    statuses: dict[int, str] = field(default_factory=dict)  # action number → status label
    done: set[int] = field(default_factory=set)  # numbers of the actions done
    history: list[PrintedDecision] = field(default_factory=list)


@bp.app_template_global("plan_record")
def plan_record(reference: str, version: int) -> PlanRecord | None:
    if not has_request_context() or not current_user.is_authenticated:
        return None
    case = db.session.scalar(select(Case).where(
        Case.organisation_id == current_user.organisation_id, Case.reference == reference))
    if case is None or not can_view_case(current_user, case):
        return None
    plan = db.session.scalar(select(Plan).where(Plan.case_id == case.id,
                                                Plan.version == version))
    if plan is None:
        return None
    ordered = sorted(plan.actions, key=lambda a: (a.position, a.id or 0))
    statuses = {number: str(ACTION_STATUS_LABELS[action.status])
                for number, action in enumerate(ordered, start=1)}
    done = {number for number, action in enumerate(ordered, start=1)
            if action.status.value == "done"}
    decisions = [PrintedDecision(version=d.plan.version, decision=str(DECISION_LABELS[d.decision]),
                                 status=d.decision.value, on=format_date(d.decided_at, "long"),
                                 who=d.decider, reason=d.reason)
                 for d in history(plan)]
    return PlanRecord(statuses=statuses, done=done, history=decisions)
