"""Retention: cases past their retention date are erased, their audit trail anonymised.

``purge_expired`` deletes each such case with everything under it (the database cascades
from the case), the messages sent about it, and blanks the summary and details of its
audit events with a core UPDATE (the ORM refuses to change audit events on purpose). What
it did is recorded as one audit event per organisation, with references and counts only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import delete, select, update

from eigenkracht.audit.models import AuditEvent
from eigenkracht.audit.services import record
from eigenkracht.cases.models import Case
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.privacy.scope import CaseScope


def expired_cases(on: date) -> list[Case]:
    return list(db.session.scalars(select(Case).where(Case.retention_until.is_not(None),
                                                      Case.retention_until < on)
                                   .order_by(Case.id)))


def anonymise_audit(case_ids: list[int]) -> int:
    """Blank what audit events of these cases say; who did what, and when, stays."""
    if not case_ids:
        return 0
    result = db.session.execute(
        update(AuditEvent).where(AuditEvent.case_id.in_(case_ids))
        .values(summary="", details={}).execution_options(synchronize_session=False))
    return result.rowcount or 0


def erase_case(case: Case) -> None:
    """Delete ``case`` and everything under it, and the messages sent about it."""
    scope = CaseScope.of(case.id)
    invitations = scope.parents["invitation_id"]
    if invitations:
        db.session.execute(delete(OutboxMessage).where(
            OutboxMessage.invitation_id.in_(invitations)))
    db.session.delete(case)
    db.session.flush()


def purge_expired(on: date | None = None) -> dict[str, int]:
    """Erase every case whose retention date has passed; return counts."""
    on = on or clock.today()  # the retention date is a day on the organisation's clock
    cases = expired_cases(on)
    by_org: dict[int, list[str]] = defaultdict(list)
    ids = []
    for case in cases:
        by_org[case.organisation_id].append(case.reference)
        ids.append(case.id)
        erase_case(case)
    anonymised = anonymise_audit(ids)
    db.session.expire_all()
    for organisation_id, references in by_org.items():
        record("purge", object_type="case", organisation_id=organisation_id,
               summary=f"{len(references)}",
               details={"references": references, "on": on.isoformat()})
    return {"cases": len(cases), "audit_events": anonymised}
