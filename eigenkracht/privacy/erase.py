"""Erasing one person of a case on request (AVG/GDPR article 17), everywhere they appear.

``erase_person`` reaches every copy of the person in one transaction:

- **the person** is deleted; their ties, invitations, personal links and action links go
  with them (the database cascades);
- **e-mails**: every message sent to them (``privacy.outbox``: for their invitations, named
  by an audit event about them, or to their address) is deleted; the case's other messages
  are scrubbed, ``.ics`` attachments included;
- **saved maps** lose their entry and ties;
- **free text**: every text and JSON column of every row of the case (``CaseScope``: plan
  texts, actions, action updates, notes, bottom lines, conference notes, contact logs,
  invitation answers, saved maps' frozen copies, the case itself …) has their name — whole,
  and each identifying word on its own — their e-mail address and their phone number
  replaced by ``ERASED`` (``privacy.names`` says what matches). Each changed row gets a new
  ``row_version``: a form opened before the erasure cannot save the old text back (it is
  refused as stale), and whatever is keyed by the version sees the change;
- **audit events** of the case: those about them lose their summary and details, the rest
  are scrubbed the same way; a family actor's label that named them loses the name and the
  address (``audit.services.anonymise``, the one documented way to change the log);
- **kept PDFs** of every plan of the case are deleted, now and again once the transaction
  has committed (a download that was being made meanwhile is not left behind);
- **the SQLite file** of the embedded default is compacted after the commit when nobody
  else writes (``privacy.files``), else by the next ``flask purge``.

One ``erase`` audit event records the erasure with counts only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Enum, String, Text, select, update

from eigenkracht.audit.models import AuditEvent
from eigenkracht.audit.services import Anonymisation, anonymise, record, searches_of
from eigenkracht.cases.models import Case
from eigenkracht.conference.models import Invitation
from eigenkracht.extensions import db
from eigenkracht.family.models import AccessLink
from eigenkracht.jobs.models import ContactLog
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.network.models import NetworkSnapshot, Person
from eigenkracht.privacy import outbox
from eigenkracht.privacy.files import compact_after_commit, forget_pdfs
from eigenkracht.privacy.names import ERASED, Needles
from eigenkracht.privacy.scope import CaseScope
from eigenkracht.search.index import reindex_case

__all__ = ["ERASED", "ErasureRefused", "erase_person", "scrub_case_text"]

# Handled on their own (``privacy.outbox``), or secrets that no name can be part of.
NOT_SCRUBBED_TABLES = {OutboxMessage.__tablename__}


class ErasureRefused(ValueError):
    """The person cannot be erased (the client: erase the whole case instead)."""


def _text_columns(table) -> list:
    return [c for c in table.c if isinstance(c.type, String | Text | JSON)
            and not isinstance(c.type, Enum) and not c.primary_key
            and not c.name.endswith("_hash")]


def scrub_case_text(case: Case, needles: Needles) -> int:
    """Replace what ``needles`` finds in every text and JSON column of the rows of ``case``;
    how many rows changed. A changed row's ``row_version`` goes up."""
    if not needles:
        return 0
    changed = 0
    scope = CaseScope.of(case.id)
    for table, where in [*scope.tables(), (Case.__table__, Case.__table__.c.id == case.id)]:
        columns = _text_columns(table)
        keys = list(table.primary_key.columns)
        if table.name in NOT_SCRUBBED_TABLES or not columns or not keys:
            continue
        for row in db.session.execute(select(*keys, *columns).where(where)).mappings():
            values: dict[str, Any] = {}
            for column in columns:
                value = row[column.name]
                if value is not None:
                    scrubbed = needles.scrub(value)
                    if scrubbed != value:
                        values[column.name] = scrubbed
            if not values:
                continue
            if "row_version" in table.c:
                values["row_version"] = table.c.row_version + 1
            db.session.execute(update(table).where(*[k == row[k.name] for k in keys])
                               .values(**values).execution_options(synchronize_session=False))
            changed += 1
    return changed


def _remove_from_snapshots(case: Case, person_id: int) -> None:
    for snapshot in db.session.scalars(select(NetworkSnapshot).where(
            NetworkSnapshot.case_id == case.id)):
        data = dict(snapshot.data or {})
        data["people"] = [p for p in data.get("people", []) if p.get("id") != person_id]
        data["ties"] = [t for t in data.get("ties", [])
                        if person_id not in (t.get("a"), t.get("b"))]
        snapshot.data = data


def _ids(model, *conditions) -> list[int]:
    return list(db.session.scalars(select(model.id).where(*conditions)))


def _events_about(case: Case, person_id: int, objects: dict[str, list[int]]) -> list[int]:
    """The audit events of the case about the person or one of their things."""
    wanted = {(kind, str(i)) for kind, ids in objects.items() for i in ids}
    rows = db.session.execute(select(AuditEvent.id, AuditEvent.object_type,
                                     AuditEvent.object_id, AuditEvent.details)
                              .where(AuditEvent.case_id == case.id))
    return [row.id for row in rows
            if (row.object_type, row.object_id) in wanted
            or (isinstance(row.details, dict) and row.details.get("person") == person_id)]


def needles_for(case: Case, person: Person) -> Needles:
    """What identifies ``person`` in the texts of ``case`` (``privacy.names``): the words of
    the names of everyone who stays are not erased on their own."""
    others = db.session.scalars(select(Person.name).where(
        Person.case_id == case.id, Person.id != person.id))
    keep = [*others, *(c.name for c in case.clients)]
    return Needles.of([person], keep=keep)


def erase_person(case: Case, person: Person) -> dict[str, int]:
    """Erase ``person`` of ``case`` everywhere; returns counts for the confirmation."""
    if person.case_id != case.id:
        raise ErasureRefused("not_in_case")
    if person.is_client:
        raise ErasureRefused("client")
    person_id = person.id
    needles = needles_for(case, person)
    scope = CaseScope.of(case.id)
    objects = {
        "person": [person_id],
        "invitation": _ids(Invitation, Invitation.person_id == person_id),
        "access_link": _ids(AccessLink, AccessLink.person_id == person_id),
        "contact_log": _ids(ContactLog, ContactLog.person_id == person_id),
    }
    addresses = db.session.scalars(select(Person.email).where(Person.case_id == case.id))
    mail = outbox.case_messages(case.id, case.organisation_id,
                                scope.parents["invitation_id"], addresses)
    theirs = outbox.person_messages(case.id, person_id, objects["invitation"],
                                    objects["access_link"], person.email, mail)
    messages = outbox.delete_messages(theirs)
    for message_id in sorted(mail - theirs):
        outbox.scrub_message(message_id, needles)
    about = _events_about(case, person_id, objects)
    audit = anonymise(AuditEvent.id.in_(about or [-1]),
                      Anonymisation(blank=True, scrub=needles.scrub, forget_family=True))
    audit += anonymise(AuditEvent.case_id == case.id, Anonymisation(scrub=needles.scrub))
    audit += anonymise(searches_of(case.organisation_id), Anonymisation(scrub=needles.scrub))
    _remove_from_snapshots(case, person_id)
    db.session.delete(person)
    db.session.flush()
    texts = scrub_case_text(case, needles)
    reindex_case(case.id)  # the search rows of the names the scrubbing changed
    files = forget_pdfs(scope.parents["plan_id"])
    compact_after_commit()
    db.session.expire_all()
    record("erase", object_type="person", object_id=person_id, case=case, summary="",
           details={"texts": texts, "audit_events": audit, "messages": messages,
                    "kept_pdfs": files})
    return {"texts": texts, "audit_events": audit, "messages": messages, "kept_pdfs": files}
