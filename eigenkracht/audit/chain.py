"""The hash chain of the access log: nobody changes, removes or reorders an event unnoticed.

Each organisation has one chain (``AuditChain``, id = the organisation's id; 0 for events of
no organisation). At every commit (a ``before_commit`` hook, after the activity stamps, so
the chain's row is always the last lock a transaction takes) the new events of the
transaction are appended in the order they were written: each gets its position
(``chain_seq``) and ``entry_hash = SHA-256(previous hash + canonical form of the event)``.
The chain's row is read and locked first (an upsert that returns it, locking the row as
``SELECT … FOR UPDATE`` would), so on PostgreSQL concurrent
writers of one organisation append one after the other (the lock is held only from the
sealing to the commit); SQLite's writers are serialised by its write lock already.

**Erasure.** The canonical form does not contain the personal fields (summary, details, the
actor's label and address) themselves but their digest (``personal_digest``), stored with
the event. Erasure and purge (``audit.services.anonymise``) change those fields and then
*re-seal*: one ``anonymise`` event in the chain lists, per changed event, the digest of its
new personal fields. ``verify`` accepts an event whose personal fields match either its own
digest or the digest a later re-seal event gives it; anything else is a broken link. So the
right to erasure never breaks verification, and an erasure is itself on the record.

Events kept after a rollback (``core.traces``) are written again in a fresh transaction and
sealed at its commit; events of a rolled-back transaction were never sealed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from eigenkracht.audit.models import AuditChain, AuditEvent

PENDING = "audit_pending"  # session.info: the events written in this transaction
RESEAL = "anonymise"  # the action of a re-seal event
GENESIS = "0" * 64


def chain_of(organisation_id: int | None) -> int:
    return organisation_id or 0


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def personal_digest(summary: str | None, details: Any, actor_label: str | None,
                    ip_address: str | None) -> str:
    """The digest of an event's personal fields (what erasure may change)."""
    return hashlib.sha256(_text([summary or "", details or {}, actor_label or "",
                                 ip_address]).encode("utf-8")).hexdigest()


def _moment(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def entry_hash(previous: str, row: Any) -> str:
    """SHA-256 of the previous hash and the canonical form of ``row`` (an event or a row
    with the same attributes)."""
    canonical = _text(["v1", row.id, row.chain_id, row.chain_seq, _moment(row.created_at),
                       row.organisation_id, row.actor_id, row.actor_role, row.action,
                       row.object_type, row.object_id, row.case_id, row.case_reference,
                       row.outcome, row.personal_digest])
    return hashlib.sha256((previous + canonical).encode("utf-8")).hexdigest()


# --- sealing at commit --------------------------------------------------------------------------

def remember(session: Session, event: AuditEvent) -> None:
    """An event written in this transaction, to be sealed at its commit."""
    session.info.setdefault(PENDING, []).append(event)


def _head(session: Session, chain_id: int) -> Any:
    """The chain's length and last hash, its row locked until the commit; one statement
    (``INSERT … ON CONFLICT DO UPDATE … RETURNING``: made when the chain begins, else
    locked as ``SELECT … FOR UPDATE`` would)."""
    table = AuditChain.__table__
    dialect = session.get_bind().dialect.name
    module = __import__(f"sqlalchemy.dialects.{dialect}", fromlist=["insert"])
    statement = module.insert(table).values(id=chain_id, length=0, head_hash=GENESIS)
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_={"length": table.c.length})
    return session.execute(statement.returning(table.c.length, table.c.head_hash)).one()


def seal(session: Session) -> None:
    """Append the events of this transaction to their chains (``before_commit``)."""
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    session.flush()
    events = [e for e in pending if inspect(e).persistent and e.entry_hash is None]
    if not events:
        return
    by_chain: dict[int, list[AuditEvent]] = {}
    for event in sorted(events, key=lambda e: e.id):
        by_chain.setdefault(chain_of(event.organisation_id), []).append(event)
    table, chains = AuditEvent.__table__, AuditChain.__table__
    for chain_id in sorted(by_chain):  # one lock order for every transaction
        head = _head(session, chain_id)
        length, previous = head.length, head.head_hash
        for event in by_chain[chain_id]:
            length += 1
            digest = personal_digest(event.summary, event.details, event.actor_label,
                                     event.ip_address)
            for name, value in (("chain_id", chain_id), ("chain_seq", length),
                                ("personal_digest", digest)):
                set_committed_value(event, name, value)
            previous = entry_hash(previous, event)
            set_committed_value(event, "entry_hash", previous)
            session.execute(update(table).where(table.c.id == event.id).values(
                chain_id=chain_id, chain_seq=length, personal_digest=digest,
                entry_hash=previous))
        session.execute(update(chains).where(chains.c.id == chain_id)
                        .values(length=length, head_hash=previous))


def configure() -> None:
    """Seal at every commit (registered once, by ``create_app``). Events of a rolled-back
    transaction or savepoint are no longer in the session, so ``seal`` passes them by."""
    if not event.contains(Session, "before_commit", seal):
        event.listen(Session, "before_commit", seal)


# --- verifying ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    """What ``verify`` found in one chain: ``broken`` is ``None`` when it is whole."""

    chain_id: int
    events: int
    broken: str | None = None
    event_id: int | None = None


def _events(session: Session, chain_id: int) -> Generator[Any, None, None]:
    """The chain's events in order, read a thousand at a time (a server-side cursor on
    PostgreSQL, closed however the walk ends)."""
    table = AuditEvent.__table__
    query = (select(table).where(table.c.chain_id == chain_id)
             .order_by(table.c.chain_seq).execution_options(yield_per=1000))
    result = session.execute(query)
    try:
        yield from result
    finally:
        result.close()


def _reseals(session: Session) -> dict[int, set[str]]:
    """Per event id, the personal digests that (sealed) re-seal events gave it."""
    table = AuditEvent.__table__
    given: dict[int, set[str]] = {}
    for details in session.scalars(select(table.c.details).where(
            table.c.entry_hash.is_not(None), table.c.action == RESEAL,
            table.c.object_type == "audit_event")):
        for key, digest in ((details or {}).get("events") or {}).items():
            if str(key).isdigit():
                given.setdefault(int(key), set()).add(str(digest))
    return given


def verify_chain(session: Session, chain_id: int) -> Report:
    """Walk one chain from its start; name the first event that does not fit."""
    reseals = _reseals(session)
    rows = _events(session, chain_id)
    try:
        return _walk(session, chain_id, rows, reseals)
    finally:
        rows.close()


def _walk(session: Session, chain_id: int, rows: Iterator[Any],
          reseals: dict[int, set[str]]) -> Report:
    previous, count = GENESIS, 0
    for row in rows:
        count += 1
        where = dict(chain_id=chain_id, events=count, event_id=row.id)
        if row.chain_seq != count:
            return Report(broken=f"event {row.id} is at position {row.chain_seq}, expected "
                                 f"{count}: an event before it is missing or moved", **where)
        if entry_hash(previous, row) != row.entry_hash:
            return Report(broken=f"event {row.id} (position {count}) does not match its hash: "
                                 "it was changed, or the one before it was", **where)
        digest = personal_digest(row.summary, row.details, row.actor_label, row.ip_address)
        if digest != row.personal_digest and digest not in reseals.get(row.id, ()):
            return Report(broken=f"event {row.id} (position {count}): its summary, details, "
                                 "actor or address were changed", **where)
        previous = row.entry_hash
    head = session.get(AuditChain, chain_id)
    if head is not None and (head.length != count or head.head_hash != previous):
        return Report(chain_id=chain_id, events=count,
                      broken=f"the chain ends at position {count} but its head says "
                             f"{head.length}: events at the end were removed")
    return Report(chain_id=chain_id, events=count)


def unsealed(session: Session, chain_id: int) -> int | None:
    """The first committed event of the chain's organisation that was never sealed."""
    table = AuditEvent.__table__
    org = table.c.organisation_id.is_(None) if chain_id == 0 else (
        table.c.organisation_id == chain_id)
    return session.scalar(select(table.c.id).where(org, table.c.entry_hash.is_(None))
                          .order_by(table.c.id).limit(1))


def chain_ids(session: Session) -> list[int]:
    return sorted(set(session.scalars(select(AuditChain.id))))
