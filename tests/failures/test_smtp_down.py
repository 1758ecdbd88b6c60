"""The mail server is down, or fails halfway: every invitation that did not go out stays
"not sent" with the reason and the time of its retry, its e-mail is kept, and the retry
(the schedule ``mail.retry_due``, run here at frozen moments) delivers each invitation
exactly once when the server is back.

``tests/conference/test_sending.py`` covers one invitation refused and retried, and
"send all" against a closed port; ``tests/mail/test_smtp.py`` a silent server at the mail
layer. Here: what the coordinator sees, a server that stops answering in the middle of a
message, and a server that fails after the first of several invitations.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from eigenkracht.conference.models import Conference, Invitation, InvitationStatus, SendStatus
from eigenkracht.core import clock
from eigenkracht.extensions import db as _db
from eigenkracht.mail import services as mail_services
from eigenkracht.mail.models import OutboxMessage, OutboxStatus
from tests.conference.sending_helpers import invite, link_in, send_button
from tests.mail import smtp_server as smtp
from tests.mail.retries import run_retry_sweep

# The loopback SMTP fixtures of tests/mail/smtp_server.py.
mail_server_down, point_mail_at = smtp.mail_server_down, smtp.point_mail_at

TIMEOUT = 0.3  # the app's SMTP timeout in these tests (seconds)
HANG = 2.0  # how long a hanging server keeps the app waiting: longer than the timeout


class HangsAtRecipient(smtp.Collector):
    """Takes ``good`` messages, then stops answering at RCPT TO until ``healed``: the
    message never reaches the server, the app's wait times out mid-send."""

    def __init__(self, good: int = 0) -> None:
        super().__init__()
        self.good, self.healed = good, False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if not self.healed and len(self.envelopes) >= self.good:
            await asyncio.sleep(HANG)
        envelope.rcpt_tos.append(address)
        return "250 OK"


class FailsAfter(smtp.Collector):
    """Takes ``good`` messages, then answers 451 (try later) to each one until ``healed``."""

    def __init__(self, good: int) -> None:
        super().__init__()
        self.good, self.healed = good, False

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if not self.healed and len(self.envelopes) >= self.good:
            return "451 4.3.0 Mail system temporarily unavailable"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def conference(world) -> Conference:
    return _db.session.get(Conference, world.extra_ids["conference"])


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


@pytest.fixture
def server_with(point_mail_at):
    """``server_with(handler)``: a loopback SMTP server with that handler, the app sending
    to it; stopped after the test."""
    servers: list[smtp.MailServer] = []

    def start(handler: smtp.Collector) -> smtp.MailServer:
        server = smtp.MailServer(port=smtp.free_port(), handler=handler).start()
        servers.append(server)
        point_mail_at(server.port)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setattr(mail_services, "SMTP_TIMEOUT", TIMEOUT)


def send_all_button(conference: Conference) -> str:
    return f"/cases/{conference.case.reference}/conferences/{conference.id}/send-all"


def outbox_of(invitation: Invitation) -> list[OutboxMessage]:
    return list(_db.session.query(OutboxMessage).filter_by(invitation_id=invitation.id)
                .order_by(OutboxMessage.id))


def fresh(invitation: Invitation) -> Invitation:
    _db.session.expire_all()
    return _db.session.get(Invitation, invitation.id)


def received(server, prefix: str = "p") -> list[str]:
    """The addresses of this test's invitees among what reached the server."""
    return sorted(m["To"] for m in server.messages
                  if m["To"].startswith(prefix) or m["To"].startswith("truus@"))


def retry(app, minutes: int) -> None:
    """The sweep ``minutes`` from now: every retry due by then is made."""
    run_retry_sweep(app, clock.now() + timedelta(minutes=minutes))


# --- the server refuses connections --------------------------------------------------------

def test_the_coordinator_is_told_in_dutch_that_it_waits_and_why(mail_server_down, world,
                                                                 conference, coordinator):
    world.coordinator.locale = "nl"  # the language chosen in the coordinator's account
    _db.session.flush()
    invitation = invite(conference, name="Oma Truus", email="truus@example.org")
    response = coordinator.post(send_button(conference, invitation), follow_redirects=True)
    assert response.status_code == 200
    assert "De uitnodiging voor Oma Truus wacht om verstuurd te worden." in response.text
    assert "Mislukt, nieuwe poging om" in response.text
    assert f"De mailserver 127.0.0.1:{mail_server_down.port} weigerde de verbinding." in (
        response.text)
    assert "Traceback" not in response.text and "ConnectionRefusedError" not in response.text


def test_the_refused_e_mail_is_kept_whole_in_the_outbox(mail_server_down, conference,
                                                       coordinator):
    invitation = invite(conference, name="Oma Truus", email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    [kept] = outbox_of(invitation)
    assert kept.status == OutboxStatus.QUEUED and kept.next_attempt_at is not None
    assert kept.to == "truus@example.org"
    assert "Oma Truus" in kept.text_body and "/a/" in kept.text_body  # the answer link too
    assert kept.attachments  # the calendar invitation


def test_retries_while_the_server_is_down_then_one_delivery(app, mail_server_down,
                                                            conference, coordinator):
    invitation = invite(conference, email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    retry(app, 2)  # the 2nd attempt fails
    retry(app, 8)  # the 3rd too
    assert fresh(invitation).send_status == SendStatus.NOT_SENT
    mail_server_down.start()
    retry(app, 40)  # the 4th goes out
    assert received(mail_server_down) == ["truus@example.org"]
    assert fresh(invitation).send_status == SendStatus.SENT
    [kept] = outbox_of(invitation)
    assert (kept.status, kept.attempts) == (OutboxStatus.SENT, 4)


def test_after_the_server_is_back_each_waiting_invitation_goes_once(
        app, mail_server_down, conference, coordinator):
    invitations = [invite(conference, name=f"Persoon {n}", email=f"p{n}@example.org")
                   for n in range(3)]
    coordinator.post(send_all_button(conference))
    mail_server_down.start()
    retry(app, 2)
    response = coordinator.post(send_all_button(conference), follow_redirects=True)
    assert "Every invitation has been sent or is waiting to be sent." in response.text
    retry(app, 10)  # nothing is due any more
    assert received(mail_server_down) == ["p0@example.org", "p1@example.org",
                                          "p2@example.org"]
    assert {fresh(i).send_status for i in invitations} == {SendStatus.SENT}


# --- the server stops answering in the middle of a message ----------------------------------

def test_a_server_that_stops_answering_mid_send_leaves_it_waiting_with_the_reason(
        server_with, short_timeout, conference, coordinator):
    server = server_with(HangsAtRecipient())
    invitation = invite(conference, email="truus@example.org")
    response = coordinator.post(send_button(conference, invitation), follow_redirects=True)
    assert "Failed, will retry at" in response.text
    assert "antwoordde niet op tijd" in response.text  # stored in the organisation's language
    invitation = fresh(invitation)
    assert invitation.send_status == SendStatus.NOT_SENT
    assert invitation.status == InvitationStatus.TO_INVITE
    [kept] = outbox_of(invitation)
    assert kept.status == OutboxStatus.QUEUED and kept.attempts == 1
    assert "antwoordde niet op tijd" in kept.error and kept.text_body
    assert received(server) == []


def test_after_a_timeout_the_retry_delivers_the_invitation_once_with_a_working_link(
        app, server_with, short_timeout, conference, coordinator, client):
    server = server_with(HangsAtRecipient())
    invitation = invite(conference, email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    server.handler.healed = True
    retry(app, 2)
    [message] = [m for m in server.messages if m["To"] == "truus@example.org"]
    assert fresh(invitation).send_status == SendStatus.SENT
    assert [m.status for m in outbox_of(invitation)] == [OutboxStatus.SENT]
    from urllib.parse import urlsplit

    assert client.get(urlsplit(link_in(message)).path).status_code == 200


def test_send_all_that_times_out_after_the_first_sends_the_rest_on_retry_only(
        app, server_with, short_timeout, conference, coordinator):
    server = server_with(HangsAtRecipient(good=1))
    invitations = [invite(conference, name=f"Persoon {n}", email=f"p{n}@example.org")
                   for n in range(3)]
    response = coordinator.post(send_all_button(conference), follow_redirects=True)
    assert "3 invitations are waiting to be sent." in response.text
    statuses = [fresh(i).send_status for i in invitations]
    assert statuses == [SendStatus.SENT, SendStatus.NOT_SENT, SendStatus.NOT_SENT]
    server.handler.healed = True
    retry(app, 2)
    assert received(server) == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert {fresh(i).send_status for i in invitations} == {SendStatus.SENT}


# --- the server fails halfway through several messages --------------------------------------

def test_a_server_that_fails_halfway_keeps_the_failed_ones_waiting_with_its_answer(
        server_with, conference, coordinator):
    server = server_with(FailsAfter(good=2))
    invitations = [invite(conference, name=f"Persoon {n}", email=f"p{n}@example.org")
                   for n in range(4)]
    response = coordinator.post(send_all_button(conference), follow_redirects=True)
    assert "4 invitations are waiting to be sent." in response.text
    assert response.text.count("Failed, will retry at") == 2 and "451" in response.text
    first, second, third, fourth = (fresh(i) for i in invitations)
    assert [first.send_status, second.send_status] == [SendStatus.SENT, SendStatus.SENT]
    for waiting in (third, fourth):
        assert waiting.send_status == SendStatus.NOT_SENT
        assert waiting.status == InvitationStatus.TO_INVITE
        assert "451" in waiting.send_error
        [kept] = outbox_of(waiting)
        assert kept.status == OutboxStatus.QUEUED and kept.text_body
    assert len(received(server)) == 2


def test_after_a_halfway_failure_the_retry_sends_only_the_waiting_ones(app, server_with,
                                                                       conference,
                                                                       coordinator):
    server = server_with(FailsAfter(good=2))
    invitations = [invite(conference, name=f"Persoon {n}", email=f"p{n}@example.org")
                   for n in range(4)]
    coordinator.post(send_all_button(conference))
    server.handler.healed = True
    retry(app, 2)
    assert received(server) == [f"p{n}@example.org" for n in range(4)]  # each exactly once
    assert {fresh(i).send_status for i in invitations} == {SendStatus.SENT}
