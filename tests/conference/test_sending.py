"""Sending invitations over a real SMTP server on loopback, and what the invitee receives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import Invitation, InvitationStatus, SendStatus
from eigenkracht.mail.models import OutboxMessage, OutboxStatus
from tests.conference.sending_helpers import answer_path, invite, link_in, send_button
from tests.mail import smtp_server as smtp

# The loopback SMTP fixtures of tests/mail/smtp_server.py, used by this module.
mail_server_down, point_mail_at, smtp_server = (smtp.mail_server_down, smtp.point_mail_at,
                                                smtp.smtp_server)


def test_the_invitation_arrives_over_smtp_in_the_invitees_language(smtp_server, conference,
                                                                  coordinator):
    invitation = invite(conference, name="Ayşe Yılmaz", email="ayse@example.org",
                        language="tr")
    response = coordinator.post(send_button(conference, invitation))
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "ayse@example.org"
    assert "Eigen Kracht konferansına davet" in message["Subject"]
    assert message["Reply-To"] == "coordinator@rijnmond.example"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Sayın Ayşe Yılmaz" in text
    assert 'lang="tr"' in html and "Sayın <bdi>Ayşe Yılmaz</bdi>" in html


def test_the_calendar_attachment_is_a_request_at_the_conference_time(smtp_server, conference,
                                                                    coordinator):
    invitation = invite(conference, email="truus@example.org", language="pl")
    coordinator.post(send_button(conference, invitation))
    [message] = smtp_server.messages
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename().endswith(".ics")
    calendar = Calendar.from_ical(attachment.get_content())
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == conference.starts_at
    assert event.decoded("DTEND") == conference.starts_at + timedelta(minutes=180)
    assert "Maasboulevard 12" in str(event["LOCATION"])
    assert str(event["SUMMARY"]) == "Konferencja Eigen Kracht"
    assert event["ORGANIZER"].params["CN"] == "Sjoerd Coördinator"


def test_the_invitation_says_nothing_about_concerns_or_the_clients_surname(
        smtp_server, world, conference, coordinator):
    world.case.concerns = "Zorgen over schoolverzuim"
    invitation = invite(conference, email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    [envelope] = smtp_server.envelopes
    everything = envelope.content.decode("utf-8", "replace")
    [message] = smtp_server.messages
    ics = next(message.iter_attachments()).get_content()
    for text in (everything, message.get_body(("plain",)).get_content(), ics):
        assert "schoolverzuim" not in text and "Jansen" not in text


def test_the_answer_link_in_the_email_opens_the_invitees_answer_page(smtp_server, conference,
                                                                    coordinator, client):
    invitation = invite(conference, name="Ayşe Yılmaz", email="ayse@example.org",
                        language="tr")
    coordinator.post(send_button(conference, invitation))
    link = link_in(smtp_server.messages[0])
    assert link.startswith("http://localhost/a/")
    page = client.get(answer_path(link))
    assert page.status_code == 200
    assert 'lang="tr"' in page.text and "Ayşe Yılmaz" in page.text


def test_a_sent_invitation_is_marked_sent_and_invited(smtp_server, db, conference, coordinator):
    invitation = invite(conference, email="truus@example.org")
    response = coordinator.post(send_button(conference, invitation), follow_redirects=True)
    assert "is waiting to be sent" in response.text  # said before the task ran
    assert "E-mail sent" in response.text  # at the invitation: the task ran after the commit
    invitation = db.session.get(Invitation, invitation.id)
    assert invitation.send_status == SendStatus.SENT and invitation.sent_at is not None
    assert invitation.status == InvitationStatus.INVITED
    assert invitation.send_error == ""


def test_a_mail_server_that_is_down_leaves_the_invitation_not_sent_and_to_be_retried(
        mail_server_down, db, conference, coordinator):
    invitation = invite(conference, email="truus@example.org")
    response = coordinator.post(send_button(conference, invitation), follow_redirects=True)
    assert "Failed, will retry at" in response.text
    assert "weigerde de verbinding" in response.text  # stored in the organisation's language
    invitation = db.session.get(Invitation, invitation.id)
    assert invitation.send_status == SendStatus.NOT_SENT
    assert invitation.status == InvitationStatus.TO_INVITE
    assert "weigerde de verbinding" in invitation.send_error
    assert "Traceback" not in invitation.send_error
    [kept] = db.session.query(OutboxMessage).filter_by(invitation_id=invitation.id).all()
    assert kept.status == OutboxStatus.QUEUED and kept.attempts == 1
    assert kept.next_attempt_at is not None
    assert "weigerde de verbinding" in kept.error


def test_a_retry_after_the_mail_server_is_back_sends_it(mail_server_down, db, conference,
                                                       coordinator):
    invitation = invite(conference, email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    mail_server_down.start()
    response = coordinator.post(send_button(conference, invitation), follow_redirects=True)
    assert "E-mail sent" in response.text
    assert len(mail_server_down.messages) == 1
    invitation = db.session.get(Invitation, invitation.id)
    assert invitation.send_status == SendStatus.SENT and invitation.send_error == ""
    statuses = [m.status for m in db.session.query(OutboxMessage).filter_by(
        invitation_id=invitation.id).order_by(OutboxMessage.id)]
    assert statuses == [OutboxStatus.FAILED, OutboxStatus.SENT]


def test_sending_again_gives_a_new_link_and_the_old_one_stops_working(smtp_server, conference,
                                                                     coordinator, client):
    invitation = invite(conference, email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    coordinator.post(send_button(conference, invitation))
    old, new = (link_in(message) for message in smtp_server.messages)
    assert old != new
    assert client.get(answer_path(old)).status_code == 404
    assert client.get(answer_path(new)).status_code == 200


def test_without_an_email_address_the_coordinator_is_told_to_print_a_letter(
        smtp_server, db, conference, coordinator):
    invitation = invite(conference, email="")
    response = coordinator.post(send_button(conference, invitation), follow_redirects=True)
    assert "has no e-mail address. Print a letter instead." in response.text
    assert smtp_server.messages == []
    assert db.session.get(Invitation, invitation.id).send_status == SendStatus.NOT_SENT
    assert db.session.query(OutboxMessage).filter_by(invitation_id=invitation.id).count() == 0


def test_send_all_sends_every_invitation_not_yet_sent_that_has_an_address(
        smtp_server, db, world, conference, coordinator):
    first = invite(conference, name="Oma Truus", email="truus@example.org")
    second = invite(conference, name="Opa Kees", email="kees@example.org")
    invite(conference, name="Buurman Piet", email="")
    response = coordinator.post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/send-all",
        follow_redirects=True)
    assert "2 invitations are waiting to be sent." in response.text
    assert response.text.count("E-mail sent") == 2
    assert "No e-mail address for:" in response.text and "Buurman Piet" in response.text
    assert sorted(m["To"] for m in smtp_server.messages) == ["kees@example.org",
                                                            "truus@example.org"]
    assert {db.session.get(Invitation, i.id).send_status for i in (first, second)} == {
        SendStatus.SENT}


def test_send_all_does_not_send_an_invitation_twice(smtp_server, world, conference,
                                                   coordinator):
    invitation = invite(conference, email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    coordinator.post(f"/cases/{world.case.reference}/conferences/{conference.id}/send-all")
    assert len(smtp_server.messages) == 1


def test_send_all_with_the_server_down_leaves_each_to_be_retried(
        mail_server_down, db, world, conference, coordinator):
    invitations = [invite(conference, email=f"p{n}@example.org") for n in range(3)]
    response = coordinator.post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/send-all",
        follow_redirects=True)
    assert response.text.count("Failed, will retry at") == 3
    assert "Send all invitations not sent yet" not in response.text  # all on their way
    for invitation in invitations:
        assert db.session.get(Invitation, invitation.id).send_status == SendStatus.NOT_SENT


def test_sending_is_audited_without_the_message_body(smtp_server, db, conference, coordinator):
    invitation = invite(conference, name="Oma Truus", email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    [asked] = db.session.query(AuditEvent).filter_by(action="invitation_queued").all()
    assert asked.actor_label == "coordinator@rijnmond.example"
    assert asked.object_id == str(invitation.id)
    [event] = db.session.query(AuditEvent).filter_by(action="invitation_sent").all()
    assert event.actor_label == "mail delivery (task queue)"
    assert event.object_id == str(invitation.id) and event.summary == "Oma Truus"
    assert event.details["delivery"] == "smtp"
    assert "Dear" not in str(event.details) and "/a/" not in str(event.details)


def test_the_outbox_copy_no_longer_holds_the_link_once_it_went_out_by_smtp(
        smtp_server, db, conference, coordinator):
    invitation = invite(conference, email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    link = link_in(smtp_server.messages[0])
    [kept] = db.session.query(OutboxMessage).filter_by(invitation_id=invitation.id).all()
    assert link not in kept.text_body and link not in kept.html_body
    assert "[…]" in kept.text_body


def test_an_invitation_of_another_conference_cannot_be_sent_through_this_one(
        smtp_server, world, conference, coordinator):
    from tests.factories import ConferenceFactory

    other = ConferenceFactory(case=world.case)
    invitation = invite(other, email="truus@example.org")
    response = coordinator.post(send_button(conference, invitation))
    assert response.status_code == 404
    assert smtp_server.messages == []


def test_a_cancelled_conference_sends_nothing(smtp_server, db, conference, coordinator):
    from eigenkracht.conference.models import Phase

    invitation = invite(conference, email="truus@example.org")
    conference.phase = Phase.CANCELLED
    db.session.flush()
    response = coordinator.post(send_button(conference, invitation), follow_redirects=True)
    assert "This conference has been cancelled" in response.text
    assert smtp_server.messages == []


def test_someone_without_a_family_language_gets_the_invitation_in_dutch(smtp_server, db,
                                                                       conference,
                                                                       coordinator):
    invitation = invite(conference, email="truus@example.org", language="de")
    coordinator.post(send_button(conference, invitation))
    [kept] = db.session.query(OutboxMessage).filter_by(invitation_id=invitation.id).all()
    assert kept.language == "nl"
    assert smtp_server.messages[0]["Content-Language"] == "nl"


@pytest.mark.parametrize("language, greeting", [("ar", "المحترم/المحترمة"), ("pl", "Szanowni Państwo")])
def test_the_invitation_also_speaks_arabic_and_polish(smtp_server, conference, coordinator,
                                                      language, greeting):
    invitation = invite(conference, name="Truus", email="truus@example.org", language=language)
    coordinator.post(send_button(conference, invitation))
    [message] = smtp_server.messages
    assert greeting in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")


def test_outside_a_request_the_link_starts_with_the_public_base_url(app, db, conference,
                                                                    monkeypatch):
    from eigenkracht.conference import sending

    invitation = invite(conference, email="truus@example.org")
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://eigenkracht.example.nl/app")
    item = sending.send_invitation(invitation)
    db.session.commit()  # the task runs after the commit (immediate mode)
    db.session.refresh(item.message)
    assert item.link.startswith("https://eigenkracht.example.nl/app/a/")
    token = item.link.rsplit("/", 1)[1]
    # Delivered (into the outbox), its copy shows where the link went, not the token.
    assert "https://eigenkracht.example.nl/app/a/[…]" in item.message.text_body
    assert token not in item.message.text_body and token not in item.message.html_body


def test_a_send_that_races_another_save_sends_nothing_and_says_so(smtp_server, db, conference,
                                                                  coordinator, monkeypatch):
    from sqlalchemy import text

    from eigenkracht.conference import sending

    invitation = invite(conference, email="truus@example.org")
    real_issue_token = sending.issue_token

    def issue_token_while_someone_saves(target):
        db.session.execute(text("UPDATE invitations SET row_version = row_version + 1 "
                                "WHERE id = :id"), {"id": target.id})
        return real_issue_token(target)

    monkeypatch.setattr(sending, "issue_token", issue_token_while_someone_saves)
    response = coordinator.post(send_button(conference, invitation), follow_redirects=True)
    assert "Someone else changed this invitation at the same moment" in response.text
    assert smtp_server.messages == []
    assert db.session.query(OutboxMessage).filter_by(invitation_id=invitation.id).count() == 0


def test_the_meeting_page_shows_a_failed_invitation_with_its_reason_and_a_retry(
        mail_server_down, db, conference, coordinator):
    invitation = invite(conference, email="truus@example.org")
    coordinator.post(send_button(conference, invitation))
    page = coordinator.get(
        f"/cases/{conference.case.reference}/conferences/{conference.id}").text
    row = page[page.index(f'id="invitation-{invitation.id}"'):]
    row = row[:row.index("</tr>")]
    assert "Failed, will retry at" in row and "weigerde de verbinding" in row
    assert "Send again" in row and send_button(conference, invitation) in row
    assert "Send all invitations not sent yet" not in page  # it is on its way


def test_the_meeting_page_offers_send_all_only_while_something_waits(
        smtp_server, db, conference, coordinator):
    invitation = invite(conference, email="truus@example.org")
    path = f"/cases/{conference.case.reference}/conferences/{conference.id}"
    assert "Send all invitations not sent yet" in coordinator.get(path).text
    coordinator.post(send_button(conference, invitation))
    page = coordinator.get(path).text
    assert "E-mail sent" in page
    assert "Send all invitations not sent yet" not in page
