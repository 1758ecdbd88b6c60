"""Erasure and purge find every outbox message of a person or a case, also one that never
left, because ``mail.services.queue`` tags each message with its case and person.

The gap this closes: an invitation e-mail waiting for a retry (the mail server is down), its
invitation taken back (``invitation_id`` set to NULL) and the invitee's address changed
since. Nothing tied the message to the person any more — no invitation, no audit event about
them, not their address — so erasing them left their old address and name in the outbox.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage, OutboxStatus
from eigenkracht.network.models import Person
from tests.conference.sending_helpers import invite, send_button
from tests.mail import smtp_server as smtp
from tests.mail.retries import run_out_the_retries

mail_server_down, point_mail_at = smtp.mail_server_down, smtp.point_mail_at
OLD_ADDRESS = "chloe.vandersteeg@example.org"


@pytest.fixture
def conference(world) -> Conference:
    return db.session.get(Conference, world.extra_ids["conference"])


@pytest.fixture
def waiting(app, mail_server_down, world, login_as, conference) -> OutboxMessage:
    """Chloë's invitation e-mail, waiting for its retry; the invitation then taken back and
    her address changed."""
    invitation = invite(conference, name="Chloë Vandersteeg", email=OLD_ADDRESS)
    db.session.commit()
    invitation_id, person_id = invitation.id, invitation.person_id
    coordinator = login_as("coordinator")
    assert coordinator.post(send_button(conference, invitation)).status_code == 302
    [message] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.invitation_id == invitation.id)).all()
    db.session.refresh(message)
    assert message.status == OutboxStatus.QUEUED and message.next_attempt_at is not None
    base = f"/cases/{world.case.reference}/conferences/{conference.id}"
    assert coordinator.post(f"{base}/invitations/{invitation_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Invitation, invitation_id) is None
    person = db.session.get(Person, person_id)
    person.email = "chloe@elders.example"
    db.session.commit()
    db.session.refresh(message)
    assert message.invitation_id is None
    return message


def test_every_message_carries_its_case_and_person(app, world, login_as, conference):
    invitation = invite(conference, name="Oma Truus", email="truus@example.org")
    db.session.commit()
    login_as("coordinator").post(send_button(conference, invitation))
    person = invitation.person
    login_as("coordinator").post(f"/cases/{world.case.reference}/links",
                                 data={"person_id": str(person.id), "send_email": "y"})
    messages = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to == "truus@example.org")).all()
    assert len(messages) == 2
    assert {(m.case_id, m.person_id) for m in messages} == {(world.case.id, person.id)}


def test_a_taken_back_invitation_withdraws_its_waiting_email(app, waiting):
    assert waiting.status == OutboxStatus.FAILED
    assert waiting.error == "Not sent: the invitation was taken back."
    run_out_the_retries(app)  # nothing to retry: it never goes out
    db.session.refresh(waiting)
    assert waiting.attempts == 1


def test_erasing_the_person_deletes_her_waiting_email_of_a_deleted_invitation(
        world, login_as, waiting):
    message_id, person_id = waiting.id, waiting.person_id
    response = login_as("admin").post(
        f"/cases/{world.case.reference}/people/{person_id}/erase", data={"confirm": "yes"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message_id) is None
    everything = " ".join(str(v) for row in db.session.execute(
        select(OutboxMessage.__table__)).mappings() for v in row.values())
    assert OLD_ADDRESS not in everything and "Vandersteeg" not in everything


def test_purging_the_case_deletes_its_waiting_email_whatever_its_address(
        app, world, waiting):
    message_id = waiting.id
    world.case.retention_until = date.today() - timedelta(days=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message_id) is None
