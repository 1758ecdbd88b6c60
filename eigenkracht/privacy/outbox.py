"""Which outbox messages belong to a case, and to one person of it.

An outbox message is tied to its case in four ways, all of them written when it is made:

0. ``case_id`` and ``person_id``, set by ``mail.services.queue`` for every message sent
   for a case (the whole answer for messages made since they exist; deleting the person
   sets ``person_id`` to NULL, so erasure finds them first);
1. ``invitation_id``: the invitation it was sent for (while the invitation exists: deleting
   an invitation sets it to NULL);
2. the audit event written in the same transaction as the message: ``send`` (a personal
   link e-mailed, ``details.person`` and ``details.message``), ``invitation_sent`` and
   ``invitation_send_failed`` (``details.message``, the invitation as the object). These
   stay when the invitation is deleted;
3. its recipient: the e-mail address of someone in the case (also after step 1 and 2 were
   lost, say for a message that never left and whose invitation was deleted), unless the
   message is known to belong to another case.

``case_messages`` and ``person_messages`` give the ids; erasure deletes a person's messages
and scrubs the rest of the case's (``scrub_message``), purge deletes all of a case's.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.privacy.names import Needles

MAIL_EVENTS = ("send", "invitation_queued", "invitation_sent", "invitation_send_failed")


def _message_id(details: Any) -> int | None:
    value = details.get("message") if isinstance(details, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mail_events(condition) -> list[Any]:
    return list(db.session.execute(select(
        AuditEvent.case_id, AuditEvent.object_type, AuditEvent.object_id, AuditEvent.details)
        .where(AuditEvent.action.in_(MAIL_EVENTS), condition)))


def _addresses(addresses: Iterable[str]) -> set[str]:
    return {a.strip().casefold() for a in addresses if a and "@" in a}


def _to_addresses(organisation_id: int, addresses: set[str]) -> set[int]:
    if not addresses:
        return set()
    return set(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.organisation_id == organisation_id,
        func.lower(func.trim(OutboxMessage.to)).in_(sorted(addresses)))))


def _claimed_elsewhere(case_id: int, organisation_id: int, ids: set[int]) -> set[int]:
    """Those of ``ids`` that an audit event of another case names, or that were sent for an
    invitation of another case (they are that case's, whatever their address)."""
    if not ids:
        return set()
    claimed = {_message_id(row.details) for row in _mail_events(
        (AuditEvent.organisation_id == organisation_id) & (AuditEvent.case_id != case_id))}
    with_invitation = set(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.id.in_(sorted(ids)), OutboxMessage.invitation_id.is_not(None))))
    return ids & (claimed | with_invitation)


def case_messages(case_id: int, organisation_id: int, invitation_ids: Iterable[int],
                  addresses: Iterable[str]) -> set[int]:
    """The ids of every message about the case: tagged with it, sent for one of
    ``invitation_ids``, named
    by an audit event of the case, or sent to one of ``addresses`` (its people's) and not
    another case's."""
    invitations = sorted(set(invitation_ids))
    found = set(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.case_id == case_id)))
    found |= set(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.invitation_id.in_(invitations)))) if invitations else set()
    named = {_message_id(row.details) for row in _mail_events(AuditEvent.case_id == case_id)}
    found |= set(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.id.in_(sorted(i for i in named if i is not None))))) if named else set()
    by_address = _to_addresses(organisation_id, _addresses(addresses)) - found
    return found | (by_address - _claimed_elsewhere(case_id, organisation_id, by_address))


def person_messages(case_id: int, person_id: int, invitation_ids: Iterable[int],
                    link_ids: Iterable[int], address: str, among: set[int]) -> set[int]:
    """The ids of the messages of the case (``among``) sent to one person: tagged with them,
    for one of their invitations, named by an audit event about them, or sent to their
    address."""
    invitations = {str(i) for i in invitation_ids}
    links = {str(i) for i in link_ids}
    found = set(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.person_id == person_id)))
    for row in _mail_events(AuditEvent.case_id == case_id):
        details = row.details if isinstance(row.details, dict) else {}
        if (details.get("person") == person_id
                or (row.object_type == "invitation" and row.object_id in invitations)
                or (row.object_type == "access_link" and row.object_id in links)):
            found.add(_message_id(details))
    if invitations:
        found |= set(db.session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.invitation_id.in_(sorted(int(i) for i in invitations)))))
    mine = _addresses([address])
    if mine and among:
        found |= set(db.session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.id.in_(sorted(among)),
            func.lower(func.trim(OutboxMessage.to)).in_(sorted(mine)))))
    return {i for i in found if i is not None}


# --- scrubbing the ones that stay ------------------------------------------------------------

def _unfolded(text: str, content_type: str) -> str:
    """A calendar's long lines are folded (RFC 5545: a line break and a space, anywhere, also
    inside a name); unfolded, a name is whole again. Other text stays as it is."""
    if not content_type.startswith("text/calendar"):
        return text
    return re.sub(r"\r?\n[ \t]", "", text)


def _scrub_attachment(item: Any, needles: Needles) -> Any:
    """A text attachment (the ``.ics``) is scrubbed inside its base64 (a calendar unfolded
    first); others stay."""
    if not isinstance(item, dict):
        return needles.scrub(item)
    item = {**item, "filename": needles.scrub(item.get("filename", ""))}
    if not str(item.get("content_type", "")).startswith("text/"):
        return item
    try:
        text = base64.b64decode(item.get("data", ""), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return item
    plain = _unfolded(text, str(item.get("content_type", "")))
    scrubbed = needles.scrub_text(plain)
    if scrubbed != plain:
        item["data"] = base64.b64encode(scrubbed.encode("utf-8")).decode("ascii")
    return item


def scrub_message(message_id: int, needles: Needles) -> bool:
    """Replace what ``needles`` finds in one message (headers, bodies, text attachments);
    whether anything changed."""
    table = OutboxMessage.__table__
    row = db.session.execute(select(table).where(table.c.id == message_id)).mappings().first()
    if row is None:
        return False
    values = {name: needles.scrub_text(row[name] or "")
              for name in ("recipient", "sender_name", "reply_to", "subject", "text_body",
                           "html_body", "error")}
    values["attachments"] = [_scrub_attachment(item, needles)
                             for item in row["attachments"] or []]
    changed = {name: value for name, value in values.items() if value != row[name]}
    if changed:
        db.session.execute(update(table).where(table.c.id == message_id).values(**changed))
    return bool(changed)


def delete_messages(ids: Iterable[int]) -> int:
    """Delete these messages; how many went."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    table = OutboxMessage.__table__
    result = db.session.execute(table.delete().where(table.c.id.in_(ids)))
    return result.rowcount or 0
