"""Without a mail server (the embedded default) invitations land in the admins' outbox."""

from __future__ import annotations

from eigenkracht.mail.models import Delivery, OutboxMessage, OutboxStatus
from tests.conference.sending_helpers import invite, send_button


def test_without_a_mail_server_an_invitation_lands_in_the_outbox(app, db, world, conference,
                                                                 login_as):
    assert app.config["MAIL_SERVER"] == ""
    invitation = invite(conference, name="Oma Truus", email="truus@example.org")
    response = login_as("coordinator").post(send_button(conference, invitation),
                                            follow_redirects=True)
    assert "In the outbox (no mail server)" in response.text
    assert "Nothing was e-mailed: no mail server is set up." in response.text
    assert "E-mail sent" not in response.text
    [message] = db.session.query(OutboxMessage).filter_by(invitation_id=invitation.id).all()
    assert message.status == OutboxStatus.SENT and message.delivery == Delivery.OUTBOX


def test_the_admin_reads_the_invitation_in_the_outbox_but_its_link_no_longer_opens(
        db, world, conference, login_as, client):
    invitation = invite(conference, name="Oma Truus", email="truus@example.org")
    login_as("coordinator").post(send_button(conference, invitation))
    message = db.session.query(OutboxMessage).filter_by(invitation_id=invitation.id).one()
    admin = login_as("admin")
    listing = admin.get("/admin/outbox/")
    assert "truus@example.org" in listing.text and message.subject in listing.text
    page = admin.get(f"/admin/outbox/{message.id}")
    assert page.status_code == 200
    assert "Beste Oma Truus," in page.text  # her language on the map is Dutch
    assert "eigen-kracht-conferentie.ics" in page.text
    # The link is there to read, its secret is not: the copy cannot answer for Oma Truus.
    assert "http://localhost/a/[…]" in page.text
    assert client.get("/a/[…]").status_code == 404
