"""The demo's access log: a fortnight of use, so that the privacy officer's review page
(``privacy@demo.example``) has something to review — views, a night, a refusal."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from eigenkracht.audit.services import Actor, record, refused
from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.cases.models import Case
from eigenkracht.core import clock
from eigenkracht.extensions import db

DEMO_ADDRESS = "192.0.2.10"  # a documentation address (RFC 5737)


def _at(days_ago: int, hour: int, minute: int) -> datetime:
    return clock.from_local(clock.today() - timedelta(days=days_ago), time(hour, minute))


def add_access_log(organisation: Organisation, cases: dict[str, Case]) -> None:
    """Views by the coordinator and the job coach in office hours, the job coach late one
    night, and a referrer refused a case that is not theirs. Added once."""
    users = {u.role: u for u in db.session.scalars(
        select(User).where(User.organisation_id == organisation.id))}
    seen = db.session.scalar(select(Case.id).where(Case.organisation_id == organisation.id)
                             .limit(1))
    marker = db.session.scalar(select(User.id).where(
        User.organisation_id == organisation.id, User.role == Role.PRIVACY_OFFICER))
    if seen is None or marker is None or _already_there(organisation):
        return
    coordinator, jobcoach, referrer = (users.get(Role.COORDINATOR), users.get(Role.JOBCOACH),
                                       users.get(Role.REFERRER))
    youth = [c for c in cases.values() if c.kind.value == "youth"]
    work = [c for c in cases.values() if c.kind.value == "work"]
    visits = []
    for day in range(14, 0, -1):
        for case in youth[:2]:
            visits.append((coordinator, case, _at(day, 9 + day % 7, 15), "view"))
        for case in work:
            visits.append((jobcoach, case, _at(day, 14, 5), "view"))
    if work:
        visits.append((jobcoach, work[0], _at(3, 23, 40), "view"))  # at night
        visits.append((jobcoach, work[0], _at(3, 23, 48), "download"))
    for user, case, moment, action in visits:
        if user is None:
            continue
        with clock.frozen(moment):
            record(action, case, case=case, summary=case.reference,
                   actor=Actor(user=user, ip_address=DEMO_ADDRESS,
                               organisation_id=organisation.id),
                   details={"page": "case", "demo": True})
    if referrer is not None and len(youth) > 2:
        with clock.frozen(_at(2, 11, 30)):
            refused("view", case=youth[2], summary="not assigned", actor=Actor(
                user=referrer, ip_address=DEMO_ADDRESS, organisation_id=organisation.id))


def _already_there(organisation: Organisation) -> bool:
    from eigenkracht.audit.models import AuditEvent

    return db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.organisation_id == organisation.id, AuditEvent.action == "view",
        AuditEvent.ip_address == DEMO_ADDRESS).limit(1)) is not None
