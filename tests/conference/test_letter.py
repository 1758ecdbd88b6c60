"""The printable invitation letter for people without e-mail."""

from __future__ import annotations

import re

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import Invitation, InvitationStatus, Phase
from tests.conference.sending_helpers import answer_path, invite, letter_page

LINK = re.compile(r'<p class="letter-answer-link" dir="ltr">(http[^<]+)</p>')


def link_on(letter_html: str) -> str:
    return LINK.search(letter_html).group(1)


def test_the_letter_is_in_the_invitees_language_with_the_answer_link_as_text(
        conference, coordinator, client):
    invitation = invite(conference, name="Ayşe Yılmaz", language="tr")
    response = coordinator.get(letter_page(conference, invitation))
    assert response.status_code == 200
    assert '<html lang="tr" dir="ltr">' in response.text
    assert "Sayın Ayşe Yılmaz" in response.text
    link = link_on(response.text)
    assert client.get(answer_path(link)).status_code == 200


def test_the_letter_names_the_coordinator_to_call_without_internet(conference, coordinator):
    invitation = invite(conference, language="en")
    response = coordinator.get(letter_page(conference, invitation))
    assert "No internet? Then call or write to Sjoerd Coördinator of Jeugdzorg Rijnmond" \
        in response.text
    assert "Maasboulevard 12" in response.text


def test_the_letter_prints_on_a4_and_links_only_the_apps_own_files(app, conference,
                                                                  coordinator):
    invitation = invite(conference)
    response = coordinator.get(letter_page(conference, invitation))
    assert 'href="/static/css/letter.css"' in response.text
    for url in re.findall(r'(?:src|href)="([^"]+)"', response.text):
        assert url.startswith(("/", "#")), url
    css = (app.static_folder + "/css/letter.css")
    with open(css, encoding="utf-8") as fh:
        assert "size: A4" in fh.read()


def test_the_staff_bar_above_the_letter_speaks_the_staffs_language(conference, coordinator):
    invitation = invite(conference, name="Ayşe Yılmaz", language="tr")
    response = coordinator.get(letter_page(conference, invitation))
    assert "Print the letter" in response.text
    assert "This letter for Ayşe Yılmaz is in Türkçe." in response.text


def test_printing_marks_the_letter_printed_and_the_person_invited(db, conference, coordinator):
    invitation = invite(conference, name="Oma Truus")
    coordinator.get(letter_page(conference, invitation))
    invitation = db.session.get(Invitation, invitation.id)
    assert invitation.letter_printed_at is not None
    assert invitation.status == InvitationStatus.INVITED
    [event] = db.session.query(AuditEvent).filter_by(action="letter_printed").all()
    assert event.summary == "Oma Truus" and event.case_reference == "EK-2026-0001"


def test_a_second_letter_asks_first_because_the_old_link_will_stop_working(
        db, conference, coordinator, client):
    invitation = invite(conference)
    first = link_on(coordinator.get(letter_page(conference, invitation)).text)
    response = coordinator.get(letter_page(conference, invitation))
    assert "A new letter gets a new link." in response.text
    assert client.get(answer_path(first)).status_code == 200
    second = link_on(coordinator.post(letter_page(conference, invitation)).text)
    assert first != second
    assert client.get(answer_path(first)).status_code == 404
    assert client.get(answer_path(second)).status_code == 200


def test_no_letter_for_a_cancelled_conference(db, conference, coordinator):
    invitation = invite(conference)
    conference.phase = Phase.CANCELLED
    db.session.flush()
    response = coordinator.get(letter_page(conference, invitation), follow_redirects=True)
    assert "This conference has been cancelled" in response.text
    assert db.session.get(Invitation, invitation.id).letter_printed_at is None


def test_an_invitation_of_another_case_has_no_letter_here(world, conference, coordinator):
    from tests.factories import ConferenceFactory, InvitationFactory

    elsewhere = InvitationFactory(conference=ConferenceFactory())
    response = coordinator.get(letter_page(conference, elsewhere))
    assert response.status_code == 404
