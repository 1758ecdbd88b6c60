"""The admins' outbox: every message kept, readable without a mail server."""

from __future__ import annotations

from eigenkracht.mail import delivery
from eigenkracht.mail.models import Delivery, OutboxStatus
from tests.factories import OrganisationFactory, OutboxMessageFactory


def test_the_admin_can_download_an_attachment(db, world, login_as):
    message = OutboxMessageFactory(organisation=world.org)
    response = login_as("admin").get(f"/admin/outbox/{message.id}/attachments/1")
    assert response.status_code == 200
    assert response.data.startswith(b"BEGIN:VCALENDAR")
    assert "eigen-kracht-conferentie.ics" in response.headers["Content-Disposition"]
    assert login_as("admin").get(
        f"/admin/outbox/{message.id}/attachments/2").status_code == 404


def test_reading_a_message_is_audited(db, world, login_as):
    from eigenkracht.audit.models import AuditEvent

    message = OutboxMessageFactory(organisation=world.org, subject="Uitnodiging")
    login_as("admin").get(f"/admin/outbox/{message.id}")
    event = db.session.query(AuditEvent).filter_by(action="view",
                                                   object_type="outbox_message").one()
    assert event.object_id == str(message.id) and event.summary == "Uitnodiging"


def test_a_failed_message_shows_its_reason(db, world, login_as):
    OutboxMessageFactory(organisation=world.org, status=OutboxStatus.FAILED, attempts=1,
                         error="The mail server 127.0.0.1:2525 refused the connection.")
    listing = login_as("admin").get("/admin/outbox/")
    assert "Failed: The mail server 127.0.0.1:2525 refused the connection." in listing.text


def test_the_outbox_shows_only_the_admins_own_organisation(db, world, login_as):
    other = OutboxMessageFactory(organisation=world.other_org, to="someone@elders.example")
    admin = login_as("admin")
    assert "someone@elders.example" not in admin.get("/admin/outbox/").text
    assert admin.get(f"/admin/outbox/{other.id}").status_code == 404
    assert admin.get(f"/admin/outbox/{other.id}/attachments/1").status_code == 404


def test_the_html_version_is_shown_as_source_never_rendered(db, world, login_as):
    message = OutboxMessageFactory(organisation=world.org,
                                   html_body='<p>Hoi</p><script>alert(1)</script>')
    page = login_as("admin").get(f"/admin/outbox/{message.id}")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_send_without_a_mail_server_keeps_the_message_as_delivered_to_the_outbox(app, db):
    message = OutboxMessageFactory(organisation=OrganisationFactory())
    with app.test_request_context():
        assert delivery.send_now(message) is True
    assert message.status == OutboxStatus.SENT and message.delivery == Delivery.OUTBOX
    assert message.attempts == 1 and message.sent_at is not None
