"""Changes reach people (issue 20): a conference moved, relocated or cancelled after people
were invited. The e-mails' calendar files are read back with the icalendar library."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from eigenkracht.conference import changes, sending, services
from eigenkracht.conference.models import ChangeKind, InvitationStatus
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.mail.services import attachment_data
from tests.conference.sending_helpers import invite, letter_page, with_link


@pytest.fixture
def invited(world, conference):
    """Ayşe (Turkish, with e-mail) was sent the invitation; Oom Piet (no e-mail) had a letter."""
    ayse = invite(conference, name="Ayşe Yılmaz", email="ayse@example.org", language="tr")
    sending.send_invitation(ayse)
    piet = invite(conference, name="Oom Piet", status=InvitationStatus.INVITED)
    db.session.flush()
    return ayse, piet


def messages_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == address)
                                   .order_by(OutboxMessage.id)))


def calendar_of(message: OutboxMessage) -> Calendar:
    [item] = message.attachments
    return Calendar.from_ical(attachment_data(item))


def move(conference, user, *, days: int = 0, address: str | None = None) -> None:
    data = services.ConferenceData.of(conference)
    data.starts_at = conference.starts_at + timedelta(days=days)
    if address is not None:
        data.venue_address = address
    services.update_conference(conference, data, conference.row_version, user)


def test_a_move_is_recorded_with_what_it_was(world, conference, invited):
    was = conference.starts_at
    move(conference, world.coordinator, days=7)
    change = changes.latest_change(conference)
    assert change.kind == ChangeKind.MOVED and change.previous_starts_at == was
    assert changes.pending_change(conference) == change


def test_a_new_place_only_is_a_relocation(world, conference, invited):
    move(conference, world.coordinator, address="Wijkcentrum Het Anker\nKade 3, Rotterdam")
    assert changes.latest_change(conference).kind == ChangeKind.RELOCATED


def test_other_edits_are_no_change_to_tell(world, conference, invited):
    data = services.ConferenceData.of(conference)
    data.practical_notes = "Lunch om 12.30"
    services.update_conference(conference, data, conference.row_version, world.coordinator)
    assert changes.latest_change(conference) is None


def test_nobody_to_tell_when_nobody_was_invited_yet(world, conference):
    for invitation in conference.invitations:
        invitation.status, invitation.sent_at = InvitationStatus.TO_INVITE, None
        invitation.letter_printed_at, invitation.token_hash = None, None
    move(conference, world.coordinator, days=7)
    assert changes.pending_change(conference) is None


def test_the_update_keeps_the_uid_raises_the_sequence_and_marks_the_change(
        world, conference, invited, coordinator, base):
    ayse, piet = invited
    [first] = messages_to("ayse@example.org")
    original = calendar_of(first).walk("VEVENT")[0]
    move(conference, world.coordinator, days=7)
    response = coordinator.post(base + "/tell-change")
    assert response.status_code == 302
    [_, update] = messages_to("ayse@example.org")
    calendar = calendar_of(update)
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == str(original["UID"])
    assert int(event["SEQUENCE"]) > int(original["SEQUENCE"])
    assert event.decoded("DTSTART") == conference.starts_at
    assert "Değiştirildi" in update.subject or "Eigen Kracht" in update.subject
    assert update.language == "tr"
    assert changes.latest_change(conference).notified_at is not None
    assert changes.pending_change(conference) is None  # told once


def test_the_cancellation_is_method_cancel_with_the_same_uid(
        world, conference, invited, coordinator, base):
    [first] = messages_to("ayse@example.org")
    original = calendar_of(first).walk("VEVENT")[0]
    coordinator.post(base + "/cancel", data={"reason": "Moeder is ziek"})
    assert changes.latest_change(conference).kind == ChangeKind.CANCELLED
    coordinator.post(base + "/tell-change")
    [_, cancelled] = messages_to("ayse@example.org")
    calendar = calendar_of(cancelled)
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == str(original["UID"])
    assert int(event["SEQUENCE"]) > int(original["SEQUENCE"])
    assert str(event["STATUS"]) == "CANCELLED"
    assert "Moeder is ziek" not in cancelled.text_body  # the reason stays with staff


def test_the_page_offers_it_and_names_who_needs_a_letter(world, conference, invited,
                                                         coordinator, base):
    move(conference, world.coordinator, days=7)
    page = coordinator.get(base + "?lang=en").get_data(as_text=True)
    assert "Tell everyone invited about the change?" in page and "Oom Piet" in page
    response = coordinator.post(base + "/tell-change", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Print a letter for: Buurvrouw Fatma, Oom Piet." in body
    assert "Tell everyone invited about the change?" not in body


def test_the_reprinted_letter_marks_the_change(world, conference, invited, coordinator):
    ayse, piet = invited
    move(conference, world.coordinator, days=7)
    letter = coordinator.post(letter_page(conference, piet)).get_data(as_text=True)
    assert "change-marked" in letter


def test_the_cancellation_letter_says_so_without_a_link(world, conference, invited,
                                                        coordinator, base):
    ayse, piet = invited
    coordinator.post(base + "/cancel", data={"reason": ""})
    letter = coordinator.get(letter_page(conference, piet))
    assert letter.status_code == 200
    body = letter.get_data(as_text=True)
    assert "change-marked" in body and "/a/" not in body


def test_the_answer_page_shows_the_new_date_and_the_old_one_marked(world, conference,
                                                                   invited, client):
    ayse, piet = invited
    path = with_link(piet)
    move(conference, world.coordinator, days=7)
    page = client.get(path + "?lang=en").get_data(as_text=True)
    assert "The date and place below are the new ones." in page
    assert "It was:" in page


def test_answer_links_work_until_a_day_after_the_new_end(world, conference, invited):
    ayse, piet = invited
    with_link(piet)
    move(conference, world.coordinator, days=30)
    assert piet.token_expires_at == sending.conference_end(conference) + timedelta(days=1)


def test_telling_twice_sends_once(world, conference, invited, coordinator, base):
    move(conference, world.coordinator, days=7)
    coordinator.post(base + "/tell-change")
    coordinator.post(base + "/tell-change")
    assert len(messages_to("ayse@example.org")) == 2  # the invitation and one update
