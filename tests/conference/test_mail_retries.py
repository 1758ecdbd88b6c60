"""Acceptance (issue 18): a mail server that is down makes the invitation's e-mail retry on
the schedule — 1 min, 5 min, 30 min, 2 h — and go out when the server is back; after the
last retry it is failed with the reason. The coordinator reads each state at the invitation.

The sends run through the task queue (Huey's immediate mode: each task runs as soon as it is
enqueued, after the commit); the retries are the schedule ``mail.retry_due`` run at frozen
moments (``core.clock``), never by waiting.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale, format_datetime

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import Invitation, InvitationStatus, SendStatus
from eigenkracht.core import clock
from eigenkracht.mail.models import OutboxMessage, OutboxStatus
from tests.conference.sending_helpers import invite, send_button
from tests.mail import smtp_server as smtp
from tests.mail.retries import run_retry_sweep

mail_server_down, point_mail_at = smtp.mail_server_down, smtp.point_mail_at


@pytest.fixture
def start():
    return clock.now().replace(microsecond=0)


def shown(app, moment) -> str:
    """``moment`` as the invitation shows it (English, short)."""
    with app.test_request_context(), force_locale("en"):
        return format_datetime(moment, "short")


def mail_of(db, invitation) -> OutboxMessage:
    [message] = db.session.query(OutboxMessage).filter_by(invitation_id=invitation.id).all()
    db.session.refresh(message)
    return message


def received(server) -> list:
    """What reached the server for the invitee (not the world's other outbox messages)."""
    return [m for m in server.messages if m["To"] == "truus@example.org"]


def invitation_page(coordinator, conference, invitation) -> str:
    return coordinator.get(f"/cases/{conference.case.reference}/conferences/{conference.id}"
                           f"/invitations/{invitation.id}").text


def test_sends_retry_on_the_schedule_and_succeed_when_the_server_is_back(
        app, db, mail_server_down, conference, coordinator, start):
    invitation = invite(conference, email="truus@example.org")
    with clock.frozen(start):
        coordinator.post(send_button(conference, invitation))
        page = invitation_page(coordinator, conference, invitation)
    retry_at = start + timedelta(minutes=1)
    assert f"Failed, will retry at {shown(app, retry_at)}" in page
    # The reason is stored in the organisation's language (Dutch), as a consumer writes it.
    assert f"De mailserver 127.0.0.1:{mail_server_down.port} weigerde de verbinding." in page
    assert "E-mail sent" not in page

    run_retry_sweep(app, retry_at - timedelta(seconds=1))  # not due yet: not tried
    assert mail_of(db, invitation).attempts == 1

    run_retry_sweep(app, retry_at)  # 2nd attempt fails: the next in 5 minutes
    message = mail_of(db, invitation)
    assert (message.attempts, message.next_attempt_at) == (2, retry_at + timedelta(minutes=5))
    third = retry_at + timedelta(minutes=5)
    run_retry_sweep(app, third)  # 3rd attempt fails: the next in 30 minutes
    message = mail_of(db, invitation)
    assert (message.attempts, message.next_attempt_at) == (3, third + timedelta(minutes=30))
    with clock.frozen(third + timedelta(minutes=10)):
        page = invitation_page(coordinator, conference, invitation)
    assert f"Failed, will retry at {shown(app, third + timedelta(minutes=30))}" in page

    mail_server_down.start()  # the server is back
    fourth = third + timedelta(minutes=30)
    run_retry_sweep(app, fourth)
    message = mail_of(db, invitation)
    assert (message.status, message.attempts, message.sent_at) == (
        OutboxStatus.SENT, 4, fourth)
    assert len(received(mail_server_down)) == 1
    assert received(mail_server_down)[0]["Message-ID"] == message.message_id
    with clock.frozen(fourth):
        page = invitation_page(coordinator, conference, invitation)
    assert f"E-mail sent</span> {shown(app, fourth)}" in page
    assert "Failed" not in page
    invitation = db.session.get(Invitation, invitation.id)
    db.session.refresh(invitation)
    assert invitation.send_status == SendStatus.SENT
    assert invitation.status == InvitationStatus.INVITED

    run_retry_sweep(app, fourth + timedelta(hours=3))  # nothing is sent twice
    assert len(received(mail_server_down)) == 1


def test_after_the_last_retry_the_invitation_is_failed_with_the_reason(
        app, db, mail_server_down, conference, coordinator, start):
    invitation = invite(conference, name="Oma Truus", email="truus@example.org")
    with clock.frozen(start):
        coordinator.post(send_button(conference, invitation))
    moment, waits = start, []
    for _retry in range(4):
        message = mail_of(db, invitation)
        waits.append(message.next_attempt_at - moment)
        moment = message.next_attempt_at
        run_retry_sweep(app, moment)
    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120)]
    message = mail_of(db, invitation)
    reason = f"De mailserver 127.0.0.1:{mail_server_down.port} weigerde de verbinding."
    assert (message.status, message.attempts, message.error) == (OutboxStatus.FAILED, 5,
                                                                 reason)
    run_retry_sweep(app, moment + timedelta(days=1))  # failed stays failed
    assert mail_of(db, invitation).attempts == 5

    page = invitation_page(coordinator, conference, invitation)
    assert f"Failed: {reason}" in page and "will retry" not in page
    assert "Try again" in page
    invitation = db.session.get(Invitation, invitation.id)
    db.session.refresh(invitation)
    assert invitation.send_status == SendStatus.FAILED and invitation.send_error == reason
    failures = db.session.query(AuditEvent).filter_by(
        action="invitation_send_failed", object_id=str(invitation.id)).order_by(
        AuditEvent.id).all()
    assert len(failures) == 5
    assert [bool(e.details.get("retry_at")) for e in failures] == [True] * 4 + [False]


def test_the_coordinator_can_send_again_while_a_retry_waits_and_only_the_new_one_goes(
        app, db, mail_server_down, conference, coordinator, start):
    invitation = invite(conference, email="truus@example.org")
    with clock.frozen(start):
        coordinator.post(send_button(conference, invitation))
    mail_server_down.start()
    coordinator.post(send_button(conference, invitation))  # a new e-mail, a new link
    run_retry_sweep(app, start + timedelta(hours=3))
    assert len(received(mail_server_down)) == 1
    first, second = db.session.query(OutboxMessage).filter_by(
        invitation_id=invitation.id).order_by(OutboxMessage.id).all()
    assert first.status == OutboxStatus.FAILED
    assert first.error == "Not sent: a newer e-mail with a new link replaced it."
    assert "/a/[…]" in first.text_body  # its link ended with it
    assert second.status == OutboxStatus.SENT
