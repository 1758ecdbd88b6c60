"""The referrer's decision at the plan presentation.

The referrer (logged in, assigned to the case) or a coordinator recording the referrer's
decision goes through the bottom lines, marks for each whether the plan meets it and which
actions meet it, and decides: accepted, accepted with changes, or not accepted. The last
two need a reason, and so does accepting a plan that leaves a bottom line unmet.

Accepting freezes the version, replaces the version accepted before, closes the decision
phase of the conference and stamps who and when. Not accepting sends the plan back to the
family: the conference returns to the plan presentation (from where the family can go back
to private time) and the plan can be revised and presented again. Every decision is kept
with its reasons (``PlanDecision``, ``history``): the plan page, the decision form and the
PDF show them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import Role, User
from eigenkracht.cases.access import can_edit_case, can_view_case
from eigenkracht.cases.models import AssignmentRole, Case, Referrer
from eigenkracht.cases.services import touch
from eigenkracht.cases.status import follow
from eigenkracht.conference import phases
from eigenkracht.conference.models import Phase
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError, check_version, clean_text
from eigenkracht.extensions import db
from eigenkracht.plans.models import Decision, Plan, PlanDecision, PlanStatus
from eigenkracht.plans.services import LIMITS, check_conference_for_plan

ACCEPTING = frozenset({Decision.ACCEPTED, Decision.ACCEPTED_WITH_CHANGES})


@dataclass
class LineMark:
    """The referrer's judgement of one bottom line."""

    met: bool | None = None
    action_ids: list[int] = field(default_factory=list)
    note: str = ""


@dataclass
class DecisionData:
    decision: Decision | None = None
    reason: str = ""
    lines: dict[int, LineMark] = field(default_factory=dict)  # plan bottom line id → mark
    referrer_name: str = ""  # when a coordinator records the referrer's decision


def is_case_referrer(user: User, case: Case) -> bool:
    return user.role == Role.REFERRER and can_view_case(user, case) and any(
        a.user_id == user.id and a.role == AssignmentRole.REFERRER for a in case.assignments)


def can_decide(user: User, case: Case) -> bool:
    """The referrer of the case, or staff who record the referrer's decision for them."""
    return is_case_referrer(user, case) or can_edit_case(user, case)


def referrer_names(case: Case) -> list[str]:
    return [u.name for u in case.staff(AssignmentRole.REFERRER)]


def problems(plan: Plan, data: DecisionData, user: User | None,
             by_referrer: Referrer | None = None) -> list[RuleError]:
    """Every rule the decision breaks, each at its field (an empty list: it may be saved).

    ``by_referrer``: the case's referrer deciding through their personal link (no user).
    """
    found: list[RuleError] = []
    action_ids = {a.id for a in plan.actions}
    unmet = False
    for line in plan.bottom_lines:
        mark = data.lines.get(line.id) or LineMark()
        if mark.met is None:
            found.append(RuleError("met_required", f"met_{line.id}"))
        unmet = unmet or mark.met is False
        if not set(mark.action_ids) <= action_ids:
            found.append(RuleError("action_unknown", f"actions_{line.id}"))
        _text(found, f"note_{line.id}", mark.note, "note")
    reason = _text(found, "reason", data.reason, "reason")
    if data.decision is None:
        found.append(RuleError("decision_required", "decision"))
    elif not reason and data.decision != Decision.ACCEPTED:
        found.append(RuleError("reason_required", "reason"))
    elif not reason and unmet:
        found.append(RuleError("reason_unmet", "reason"))
    if by_referrer is None and not is_case_referrer(user, plan.case):
        name = _text(found, "referrer_name", data.referrer_name, "referrer_name")
        if not name:
            found.append(RuleError("referrer_required", "referrer_name"))
    return found


def _text(found: list[RuleError], name: str, value: str, limit: str) -> str:
    try:
        return clean_text(name, value, LIMITS[limit])
    except RuleError as error:
        found.append(error)
        return ""


def decide(plan: Plan, data: DecisionData, user: User | None, expected_version: int, *,
           by_referrer: Referrer | None = None) -> None:
    """Record the decision on a presented plan made on ``expected_version``; by ``user``,
    or by the case's referrer through their personal link (``by_referrer``, no user)."""
    if plan.status != PlanStatus.PRESENTED:
        raise RuleError("not_presented")
    if by_referrer is not None and by_referrer.case_id != plan.case_id:
        raise RuleError("not_presented")
    check_version(plan, expected_version)
    found = problems(plan, data, user, by_referrer)
    if found:
        raise found[0]
    accepting = data.decision in ACCEPTING
    if accepting:
        check_conference_for_plan(plan)
        if plan.conference is not None and plan.conference.phase == Phase.PRIVATE_TIME:
            raise RuleError("private_time")
    actions = {a.id: a for a in plan.actions}
    judged = {}
    for line in plan.bottom_lines:
        mark = data.lines[line.id]
        line.met = mark.met
        line.note = clean_text(f"note_{line.id}", mark.note, LIMITS["note"])
        line.meeting_actions = [actions[i] for i in sorted(set(mark.action_ids))]
        judged[line.id] = {"met": mark.met, "actions": sorted(set(mark.action_ids))}
    now = clock.now()
    plan.decision = data.decision
    plan.decision_reason = clean_text("reason", data.reason, LIMITS["reason"])
    plan.decided_at, plan.decided_by = now, user
    plan.decided_by_referrer = by_referrer
    if by_referrer is not None:
        plan.decided_for_referrer = by_referrer.label[:LIMITS["referrer_name"]]
    else:
        plan.decided_for_referrer = "" if is_case_referrer(user, plan.case) else \
            clean_text("referrer_name", data.referrer_name, LIMITS["referrer_name"])
    old = plan.status
    plan.status = PlanStatus.ACCEPTED if accepting else PlanStatus.NOT_ACCEPTED
    db.session.add(PlanDecision(
        plan_id=plan.id, decision=data.decision, reason=plan.decision_reason, decided_at=now,
        decided_by_id=user.id if user is not None else None,
        decided_by_name=user.name if user is not None else plan.decided_for_referrer,
        decided_for_referrer=plan.decided_for_referrer,
        bottom_lines=[{"text": line.text, "met": line.met, "note": line.note}
                      for line in plan.bottom_lines]))
    db.session.flush()
    record("decide", plan, case=plan.case, summary=f"v{plan.version}: {data.decision.value}",
           details={"status": [old.value, plan.status.value], "decision": data.decision.value,
                    "reason": plan.decision_reason, "bottom_lines": judged,
                    "for_referrer": plan.decided_for_referrer or None,
                    "referrer": by_referrer.id if by_referrer is not None else None})
    if accepting:
        _supersede_earlier(plan)
        _close_conference(plan)
        _case_to_follow_up(plan.case)
    else:
        _back_to_presentation(plan)
    touch(plan.case)


def _supersede_earlier(plan: Plan) -> None:
    """The version accepted before is replaced by this one."""
    earlier = db.session.scalars(select(Plan).where(
        Plan.case_id == plan.case_id, Plan.id != plan.id, Plan.status == PlanStatus.ACCEPTED))
    for old in earlier:
        old.status = PlanStatus.SUPERSEDED
        db.session.flush()
        record("supersede", old, case=plan.case, summary=f"v{old.version}",
               details={"by_version": plan.version})


def _close_conference(plan: Plan) -> None:
    """The referrer decided and accepted: the conference's decision phase is over."""
    conference = plan.conference
    if conference is None:
        return
    if conference.phase == Phase.PRESENTATION:
        phases.move(conference, Phase.DECISION)
    if conference.phase == Phase.DECISION:
        phases.close(conference)


def _back_to_presentation(plan: Plan) -> None:
    """Not accepted: the day goes back to the plan presentation, from where the family can
    go back to private time, revise the plan and present it again."""
    conference = plan.conference
    if conference is not None and conference.phase == Phase.DECISION:
        phases.move(conference, Phase.PRESENTATION)


def history(plan: Plan) -> list[PlanDecision]:
    """Every decision on every version of the plan's case, the oldest first."""
    return list(db.session.scalars(
        select(PlanDecision).join(Plan, Plan.id == PlanDecision.plan_id)
        .where(Plan.case_id == plan.case_id)
        .order_by(PlanDecision.decided_at, PlanDecision.id)))


def _case_to_follow_up(case: Case) -> None:
    """With an accepted plan the case moves on to the follow-up (``cases.status``)."""
    follow(case, "plan_accepted")
