"""Delivery over SMTP: a real server on loopback, one that is down, one that is slow."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.smtp import AuthResult

from eigenkracht.mail import delivery, services
from eigenkracht.mail.models import Delivery, OutboxStatus
from tests.factories import OrganisationFactory, OutboxMessageFactory
from tests.mail.smtp_server import HOST, MailServer, free_port

# Messages made outside a request speak Dutch by default; these tests read English.
pytestmark = pytest.mark.usefixtures("english")


def a_message(**fields):
    fields.setdefault("to", "truus@example.org")
    return OutboxMessageFactory(organisation=OrganisationFactory(), subject="Uitnodiging",
                                **fields)


def test_a_message_goes_out_with_its_text_html_and_attachment(app, db, smtp_server):
    message = a_message(reply_to="coordinator@rijnmond.example", sender_name="Sjoerd")
    with app.test_request_context():
        assert delivery.send_now(message) is True
    assert message.status == OutboxStatus.SENT and message.delivery == Delivery.SMTP
    [envelope] = smtp_server.envelopes
    assert envelope.mail_from == app.config["MAIL_DEFAULT_SENDER"]
    assert envelope.rcpt_tos == ["truus@example.org"]
    [received] = smtp_server.messages
    assert received["Subject"] == "Uitnodiging"
    assert received["From"] == f"Sjoerd <{app.config['MAIL_DEFAULT_SENDER']}>"
    assert received.get_body(("plain",)).get_content().startswith("Beste Oma Truus,")
    assert "<p>Beste Oma Truus,</p>" in received.get_body(("html",)).get_content()
    assert [a.get_filename() for a in received.iter_attachments()] == [
        "eigen-kracht-conferentie.ics"]
    assert received["Message-ID"] == message.message_id


def test_a_server_that_is_down_leaves_the_message_to_be_retried_with_its_reason(
        app, db, mail_server_down):
    message = a_message()
    with app.test_request_context():
        assert delivery.send_now(message) is False
    assert message.status == OutboxStatus.QUEUED and message.attempts == 1
    assert message.next_attempt_at is not None
    assert message.error == (f"The mail server {HOST}:{mail_server_down.port} refused the "
                             "connection.")
    assert message.text_body.startswith("Beste Oma Truus,")


def test_a_server_that_never_answers_times_out_with_a_reason(app, db, point_mail_at,
                                                            monkeypatch):
    monkeypatch.setattr(services, "SMTP_TIMEOUT", 0.2)
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind((HOST, 0))
        silent.listen(1)
        point_mail_at(silent.getsockname()[1])
        message = a_message()
        with app.test_request_context():
            assert delivery.send_now(message) is False
    assert "did not answer in time" in message.error


class Picky:
    """Refuses every address at nobody@, keeps the rest."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.startswith("nobody@"):
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.envelopes.append(envelope)
        return "250 OK"


def test_a_refused_recipient_fails_that_message_only(app, db, point_mail_at):
    server = MailServer(port=free_port(), handler=Picky()).start()
    try:
        point_mail_at(server.port)
        bad, good = a_message(to="nobody@example.org"), a_message(to="truus@example.org")
        with app.test_request_context():
            assert delivery.send_now(bad) is False
            assert delivery.send_now(good) is True
    finally:
        server.stop()
    assert bad.status == OutboxStatus.FAILED  # a 5xx refusal: no retry changes it
    assert bad.next_attempt_at is None
    assert bad.error == "The mail server refused the address nobody@example.org."
    assert good.status == OutboxStatus.SENT and len(server.envelopes) == 1


def test_the_app_logs_in_when_a_user_name_is_set(app, db, point_mail_at):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=True)

    server = MailServer(port=free_port(), controller_options={
        "authenticator": authenticator, "auth_require_tls": False})
    server.start()
    try:
        point_mail_at(server.port, MAIL_USERNAME="eigenkracht", MAIL_PASSWORD="geheim")
        message = a_message()
        with app.test_request_context():
            assert delivery.send_now(message) is True
    finally:
        server.stop()
    assert logins == [(b"eigenkracht", b"geheim")]
    assert len(server.messages) == 1


def test_a_wrong_password_is_a_readable_reason(app, db, point_mail_at):
    server = MailServer(port=free_port(), controller_options={
        "authenticator": lambda *args: AuthResult(success=False, handled=False),
        "auth_require_tls": False})
    server.start()
    try:
        point_mail_at(server.port, MAIL_USERNAME="eigenkracht", MAIL_PASSWORD="fout")
        message = a_message()
        with app.test_request_context():
            assert delivery.send_now(message) is False
    finally:
        server.stop()
    assert message.error == "The mail server did not accept the user name or password."
    assert message.status == OutboxStatus.QUEUED  # retried: an admin may fix the password


def test_line_breaks_cannot_add_headers_or_recipients(app, db, smtp_server):
    message = services.queue(OrganisationFactory().id,
                             to="truus@example.org\r\nBcc: x@evil.example",
                             subject="Hallo\r\nBcc: y@evil.example", text_body="Hoi")
    assert message.subject == "Hallo Bcc: y@evil.example"
    with app.test_request_context():
        assert delivery.send_now(message) is False
    assert message.status == OutboxStatus.FAILED
    assert message.error == ("The address truus@example.org Bcc: x@evil.example is not a "
                             "valid e-mail address.")
    assert smtp_server.envelopes == []


def test_a_header_line_break_in_the_subject_is_flattened(app, db, smtp_server):
    message = services.queue(OrganisationFactory().id, to="truus@example.org",
                             subject="Hallo\nBcc: y@evil.example", text_body="Hoi")
    with app.test_request_context():
        assert delivery.send_now(message) is True
    [received] = smtp_server.messages
    assert received["Bcc"] is None and received["Subject"] == "Hallo Bcc: y@evil.example"
    assert smtp_server.envelopes[0].rcpt_tos == ["truus@example.org"]
