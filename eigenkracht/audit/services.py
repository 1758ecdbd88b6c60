"""Writing and reading audit events, and anonymising them on erasure and purge.

Views set who acts and from where (``set_actor``); services call ``record`` in the same
transaction as the change they describe, so an event exists exactly when its change does.
Events are never changed or deleted, with one documented exception: ``anonymise``, which
erasure and purge call to take a family member's data out of the events of a case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import g, has_app_context
from sqlalchemy import Select, select, update
from sqlalchemy.sql.elements import ColumnElement

from eigenkracht.audit.chain import RESEAL, personal_digest, remember
from eigenkracht.audit.models import ALLOWED, REFUSED, AuditEvent
from eigenkracht.auth.models import User
from eigenkracht.core import clock
from eigenkracht.core.traces import keep_trace
from eigenkracht.extensions import db


@dataclass(frozen=True)
class Actor:
    """Who acts: a user, a personal link, or the system (CLI, cron)."""

    user: User | None = None
    label: str = "system"
    ip_address: str | None = None
    organisation_id: int | None = None


SYSTEM = Actor()


def set_actor(actor: Actor) -> None:
    """Remember who acts for the rest of this request or CLI command."""
    g.audit_actor = actor


def current_actor() -> Actor:
    if has_app_context():
        return getattr(g, "audit_actor", SYSTEM)
    return SYSTEM


# What was seen or taken out stays in the log even when the request is refused afterwards
# (a form shown again with 422 still showed the case): NEN 7513 logs every view.
KEPT_ON_REFUSAL = frozenset({"view", "download", "export", "print", "search"})


def record(
    action: str,
    obj: Any = None,
    *,
    object_type: str | None = None,
    object_id: Any = None,
    case: Any = None,
    summary: str = "",
    details: dict[str, Any] | None = None,
    actor: Actor | None = None,
    organisation_id: int | None = None,
    outcome: str = ALLOWED,
    case_reference: str | None = None,
) -> AuditEvent:
    """Add one audit event to the session (the caller's transaction commits it and seals
    it into the organisation's chain, ``audit.chain``).

    Events of ``KEPT_ON_REFUSAL`` and every refused attempt (``outcome=REFUSED``) are kept
    even when the request is refused and rolled back (``core.traces``); every other event
    exists exactly when its change does.
    """
    actor = actor or current_actor()
    if hasattr(obj, "_get_current_object"):  # current_user and other proxies
        obj = obj._get_current_object()
    if obj is not None:
        object_type = object_type or type(obj).__tablename__.rstrip("s")
        object_id = object_id if object_id is not None else getattr(obj, "id", None)
    org_id = organisation_id or (case.organisation_id if case is not None else None)
    if org_id is None and actor.user is not None:
        org_id = actor.user.organisation_id
    fields = dict(
        created_at=clock.now(),  # the one clock (tests freeze it)
        organisation_id=org_id or actor.organisation_id,
        actor_id=actor.user.id if actor.user is not None else None,
        actor_label=actor.user.email if actor.user is not None else actor.label,
        actor_role=acting_role(actor),
        action=action,
        object_type=object_type or "",
        object_id=str(object_id) if object_id is not None else None,
        case_id=case.id if case is not None else None,
        case_reference=case.reference if case is not None else (case_reference or None),
        summary=summary[:500],
        details=details or {},
        ip_address=actor.ip_address,
        outcome=outcome,
    )
    if action not in KEPT_ON_REFUSAL and outcome == ALLOWED:
        event = AuditEvent(**fields)
        db.session.add(event)
        remember(db.session(), event)
        return event
    made: list[AuditEvent] = []

    def write() -> None:
        made.append(AuditEvent(**fields))
        db.session.add(made[-1])
        remember(db.session(), made[-1])

    keep_trace(write)
    return made[0]


def acting_role(actor: Actor) -> str:
    """On whose behalf: the user's role, else the kind of actor ("personal link", "system")."""
    if actor.user is not None:
        return str(getattr(actor.user.role, "value", actor.user.role))[:20]
    return (actor.label or "system").split(":", 1)[0].strip()[:20]


def refused(action: str, *, case: Any = None, case_reference: str | None = None,
            summary: str = "", actor: Actor | None = None) -> None:
    """Record a refused attempt (kept after the rollback of the refused request)."""
    record(action, object_type="case", case=case, summary=summary, outcome=REFUSED,
           case_reference=(case_reference or "")[:20] or None, actor=actor)


def changes(obj: Any, fields: list[str], new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs: ``{field: [old, new]}``, JSON-friendly."""
    result = {}
    for field in fields:
        old, new = getattr(obj, field), new_values.get(field)
        if old != new:
            result[field] = [_plain(old), _plain(new)]
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


@dataclass
class AuditFilter:
    case_reference: str = ""
    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def events_query(organisation_id: int, flt: AuditFilter) -> Select:
    """Audit events of one organisation, newest first, narrowed by ``flt``."""
    query = select(AuditEvent).where(AuditEvent.organisation_id == organisation_id)
    if flt.case_reference:
        query = query.where(AuditEvent.case_reference == flt.case_reference.strip().upper())
    if flt.user_id:
        query = query.where(AuditEvent.actor_id == flt.user_id)
    if flt.date_from:
        query = query.where(AuditEvent.created_at >= _start_of(flt.date_from))
    if flt.date_to:
        query = query.where(AuditEvent.created_at < _start_of(flt.date_to + timedelta(days=1)))
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def _start_of(day: date) -> datetime:
    """Local midnight at the start of ``day`` (the dates an admin types are local)."""
    return clock.start_of_local_day(day)


# --- anonymising: the one way the app changes audit events -------------------------------------

# Who acts through a link of their own, not an account: a family member or an invitee. Their
# label may carry a first name ("personal link: Chloë") and their address is theirs.
FAMILY_ACTORS = ("personal link", "invitee link")


def is_family_actor(actor_id: int | None, label: str | None) -> bool:
    """Whether an event was written by a family member or invitee (no account)."""
    kind = (label or "").split(":", 1)[0].strip()
    return actor_id is None and kind in FAMILY_ACTORS


@dataclass(frozen=True)
class Anonymisation:
    """What ``anonymise`` takes out of the events it is given.

    ``blank``: the summary and details are emptied. ``scrub``: applied to the summary, the
    details and the label of an actor without an account (staff labels are their e-mail
    addresses and stay); a family actor whose label it changed is forgotten as below.
    ``forget_family``: a family actor's label keeps only its kind ("personal link: Chloë"
    becomes "personal link") and their address goes. Staff events keep their actor, label
    and address in every case.
    """

    blank: bool = False
    scrub: Callable[[Any], Any] | None = None
    forget_family: bool = False


def searches_of(organisation_id: int) -> ColumnElement[bool]:
    """The search events of an organisation: what staff typed (a name, say) belongs to no
    case, so erasure and purge scrub these too."""
    return (AuditEvent.organisation_id == organisation_id) & (AuditEvent.action == "search")


def anonymise(condition: ColumnElement[bool], how: Anonymisation) -> int:
    """Take personal data out of the audit events that ``condition`` selects; how many
    changed. Who acted (staff), what they did, on which object and when always stay.

    This is the only way the app changes an audit event, and only erasure and purge call
    it (``privacy.erase``, ``privacy.purge``): the law that makes the log append-only
    (NEN 7513) yields to the right to erasure and to retention limits (AVG/GDPR articles 5
    and 17). It writes with plain ``UPDATE`` statements, which the ORM's guard
    (``audit.models``) does not see; the caller records one ``erase`` or ``purge`` event
    that says what was done.
    """
    table = AuditEvent.__table__
    rows = db.session.execute(select(
        table.c.id, table.c.organisation_id, table.c.actor_id, table.c.actor_label,
        table.c.summary, table.c.details, table.c.ip_address)
        .where(condition).order_by(table.c.id)).all()
    resealed: dict[int | None, dict[str, str]] = {}
    for row in rows:
        values = _anonymised(row, how)
        if values:
            db.session.execute(update(table).where(table.c.id == row.id).values(**values))
            new = {**row._asdict(), **values}
            resealed.setdefault(row.organisation_id, {})[str(row.id)] = personal_digest(
                new["summary"], new["details"], new["actor_label"], new["ip_address"])
    if resealed:
        for obj in list(db.session.identity_map.values()):
            if isinstance(obj, AuditEvent):
                db.session.expire(obj)
        for organisation_id, digests in sorted(resealed.items(), key=lambda i: i[0] or 0):
            _reseal(organisation_id, digests)
    return sum(len(digests) for digests in resealed.values())


def _reseal(organisation_id: int | None, digests: dict[str, str]) -> None:
    """One event in the chain that gives the anonymised events their new personal digest,
    so that ``flask audit verify`` accepts them (``audit.chain``). No personal data in it."""
    record(RESEAL, object_type="audit_event", organisation_id=organisation_id,
           summary=f"{len(digests)} event(s) anonymised", details={"events": digests})


def _anonymised(row: Any, how: Anonymisation) -> dict[str, Any]:
    """The new values of one event's columns (only those that change)."""
    family = is_family_actor(row.actor_id, row.actor_label)
    summary, details, label, address = row.summary, row.details, row.actor_label, row.ip_address
    named = False
    if how.scrub is not None:
        summary, details = how.scrub(summary), how.scrub(details)
        if row.actor_id is None:
            label = how.scrub(label)
            named = label != row.actor_label
    if how.blank:
        summary, details = "", {}
    if family and (how.forget_family or named):
        label = (row.actor_label or "").split(":", 1)[0].strip()
        address = None
    new = {"summary": summary, "details": details, "actor_label": label,
           "ip_address": address}
    old = {"summary": row.summary, "details": row.details, "actor_label": row.actor_label,
           "ip_address": row.ip_address}
    return {key: value for key, value in new.items() if value != old[key]}
