"""The status of a case: it follows what happens, and can be changed by hand with a reason.

Referral → preparation when the first conference is planned or the map is started;
→ conference on the conference day (its first phase starts, or ``flask cases follow``
finds the day has come); → follow-up when the plan is accepted; → closed by hand, with a
reason. An event only ever moves a case forward, never past closed, and never out of
referral while consent is missing (the case page says what is still needed). Every move,
by hand or by an event, is kept in ``StatusChange`` (who or what, and why) and audited.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from eigenkracht.audit.services import current_actor, record
from eigenkracht.cases.consent import clients_without_consent
from eigenkracht.cases.models import Case, CaseStatus, ClosedReason, StatusChange
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError, check_version, clean_text

ORDER = (CaseStatus.REFERRAL, CaseStatus.PREPARATION, CaseStatus.CONFERENCE,
         CaseStatus.FOLLOW_UP, CaseStatus.CLOSED)
REASON_MAX = 2000

# Forward one step, back one step (to correct a mistake), or close.
NEXT_STATUSES: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    CaseStatus.REFERRAL: (CaseStatus.PREPARATION, CaseStatus.CLOSED),
    CaseStatus.PREPARATION: (CaseStatus.CONFERENCE, CaseStatus.REFERRAL, CaseStatus.CLOSED),
    CaseStatus.CONFERENCE: (CaseStatus.FOLLOW_UP, CaseStatus.PREPARATION, CaseStatus.CLOSED),
    CaseStatus.FOLLOW_UP: (CaseStatus.CLOSED, CaseStatus.CONFERENCE),
    CaseStatus.CLOSED: (CaseStatus.FOLLOW_UP,),
}

# What happened → the status it leads to.
EVENTS: dict[str, CaseStatus] = {
    "conference_planned": CaseStatus.PREPARATION,
    "map_started": CaseStatus.PREPARATION,
    "conference_day": CaseStatus.CONFERENCE,
    "plan_accepted": CaseStatus.FOLLOW_UP,
}

EVENT_LABELS = {
    "manual": _l("Changed by hand"),
    "conference_planned": _l("The first conference was planned"),
    "map_started": _l("The network map was started"),
    "conference_day": _l("The conference day has come"),
    "plan_accepted": _l("The plan was accepted"),
    "created": _l("The case was referred"),
}


def change_status(case: Case, new_status: CaseStatus, expected_version: int | str | None,
                  reason: str = "", reason_code: str = "") -> None:
    """Move the case by hand, with a reason; leaving referral needs complete consent.

    ``reason_code``: why a case is closed, one of ``ClosedReason`` or "" (not said); the
    figures count it. Ignored for any other move.
    """
    check_version(case, expected_version)
    if reason_code and reason_code not in {r.value for r in ClosedReason}:
        raise RuleError("illegal_closed_reason", "closed_reason_code")
    if new_status not in NEXT_STATUSES[case.status]:
        raise RuleError("illegal_status", "status")
    if _needs_consent(case, new_status):
        raise RuleError("consent_missing", "status")
    text = clean_text("reason", reason, REASON_MAX)
    if not text:
        raise RuleError("status_reason_required", "reason")
    _move(case, new_status, "manual", text,
          reason_code if new_status == CaseStatus.CLOSED else "")


def follow(case: Case, event: str) -> bool:
    """Let ``event`` move the case forward to where it leads; True when it moved.

    Nothing moves a closed case, a case already there or further, or a case leaving
    referral without the consent its clients' ages require.
    """
    target = EVENTS[event]
    if case.status == CaseStatus.CLOSED or ORDER.index(case.status) >= ORDER.index(target):
        return False
    if _needs_consent(case, target):
        return False
    _move(case, target, event, "")
    return True


def _needs_consent(case: Case, target: CaseStatus) -> bool:
    return case.status == CaseStatus.REFERRAL and target != CaseStatus.CLOSED and \
        bool(clients_without_consent(case.clients, clock.today()))


def _move(case: Case, new_status: CaseStatus, event: str, reason: str,
          reason_code: str = "") -> None:
    from eigenkracht.cases.services import add_years, touch

    old = case.status
    on = clock.today()
    case.status = new_status
    if new_status == CaseStatus.CLOSED:
        case.closed_at = clock.now()
        case.closed_reason = reason
        case.closed_reason_code = reason_code
        case.retention_until = add_years(on, case.organisation.retention_years)
    elif old == CaseStatus.CLOSED:
        case.closed_at = None
        case.closed_reason = ""
        case.closed_reason_code = ""
        case.retention_until = None
    actor = current_actor()
    case.status_changes.append(StatusChange(
        from_status=old, to_status=new_status, event=event, reason=reason,
        user_id=actor.user.id if actor.user is not None else None,
        actor_label=actor.user.name if actor.user is not None else actor.label,
        created_at=clock.now()))
    touch(case)
    record("status", case, case=case, summary=f"{old.value} → {new_status.value}",
           details={"status": [old.value, new_status.value], "event": event,
                    "reason": reason, "reason_code": reason_code})


def conference_days_come(cases_with_day: list[tuple[Case, date]], today: date) -> int:
    """Move the cases whose conference day (local date) is today or past; how many moved."""
    return sum(follow(case, "conference_day") for case, day in cases_with_day if day <= today)
