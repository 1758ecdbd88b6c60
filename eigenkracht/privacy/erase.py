"""Erasing one person of a case on request (AVG/GDPR article 17), everywhere they appear.

The person is deleted (their ties, invitations and action links go with them), the
messages sent to them are deleted, they are taken out of every saved map, their name is
replaced by "[erased]" in the free text of the case, and audit events that mention them
are blanked. One audit event records the erasure, without their data.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import JSON, String, Text, delete, select, update

from eigenkracht.audit.models import AuditEvent
from eigenkracht.audit.services import record
from eigenkracht.cases.models import Case
from eigenkracht.conference.models import Invitation
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.network.models import NetworkSnapshot, Person
from eigenkracht.privacy.scope import CaseScope

ERASED = "[erased]"


class ErasureRefused(ValueError):
    """The person cannot be erased (the client: erase the whole case instead)."""


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(name.strip()), re.IGNORECASE)


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    return value


def _mentions(value: Any, pattern: re.Pattern[str]) -> bool:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return bool(pattern.search(text or ""))


def _remove_from_snapshots(case: Case, person_id: int) -> None:
    for snapshot in db.session.scalars(select(NetworkSnapshot).where(
            NetworkSnapshot.case_id == case.id)):
        data = dict(snapshot.data or {})
        data["people"] = [p for p in data.get("people", []) if p.get("id") != person_id]
        data["ties"] = [t for t in data.get("ties", [])
                        if person_id not in (t.get("a"), t.get("b"))]
        snapshot.data = data


def scrub_case_text(case: Case, name: str) -> int:
    """Replace ``name`` in every text and JSON column of the rows of ``case``."""
    pattern = _pattern(name)
    changed = 0
    scope = CaseScope.of(case.id)
    for table, where in [*scope.tables(), (Case.__table__, Case.__table__.c.id == case.id)]:
        columns = [c for c in table.c if isinstance(c.type, String | Text | JSON)
                   and not c.primary_key]
        keys = list(table.primary_key.columns)
        if not columns or not keys:
            continue
        for row in db.session.execute(select(*keys, *columns).where(where)).mappings():
            values = {c.name: _scrub(row[c.name], pattern) for c in columns
                      if row[c.name] is not None and _mentions(row[c.name], pattern)}
            if values:
                db.session.execute(update(table).where(
                    *[k == row[k.name] for k in keys]).values(**values))
                changed += 1
    return changed


def anonymise_mentions(case: Case, person: Person) -> int:
    """Blank audit events of the case that are about the person or mention their name."""
    pattern = _pattern(person.name)
    ids = [event.id for event in db.session.scalars(
        select(AuditEvent).where(AuditEvent.case_id == case.id))
        if (event.object_type == "person" and event.object_id == str(person.id))
        or _mentions(event.summary, pattern) or _mentions(event.details, pattern)]
    if ids:
        db.session.execute(update(AuditEvent).where(AuditEvent.id.in_(ids))
                           .values(summary="", details={})
                           .execution_options(synchronize_session=False))
    return len(ids)


def erase_person(case: Case, person: Person) -> dict[str, int]:
    """Erase ``person`` of ``case`` everywhere; returns counts for the confirmation."""
    if person.case_id != case.id:
        raise ErasureRefused("not_in_case")
    if person.is_client:
        raise ErasureRefused("client")
    name, person_id = person.name, person.id
    invitations = list(db.session.scalars(select(Invitation.id).where(
        Invitation.person_id == person_id)))
    if invitations:
        db.session.execute(delete(OutboxMessage).where(
            OutboxMessage.invitation_id.in_(invitations)))
    _remove_from_snapshots(case, person_id)
    audit = anonymise_mentions(case, person)
    db.session.delete(person)
    db.session.flush()
    texts = scrub_case_text(case, name) if name.strip() else 0
    db.session.expire_all()
    record("erase", object_type="person", object_id=person_id, case=case,
           summary="", details={"texts": texts, "audit_events": audit})
    return {"texts": texts, "audit_events": audit}
