"""The answer page behind the personal link: no account, the invitee's language, kind errors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import (
    Answer,
    Invitation,
    InvitationStatus,
    Participation,
    Phase,
)
from eigenkracht.core.db import utcnow
from tests.conference.sending_helpers import invite, with_link


@pytest.fixture
def invitation(conference):
    return invite(conference, name="Oma Truus", email="truus@example.org", language="en")


@pytest.fixture
def page(invitation):
    return with_link(invitation)


def saved(db, invitation) -> Invitation:
    return db.session.get(Invitation, invitation.id)


def test_the_page_shows_the_conference_and_who_invites(client, page):
    response = client.get(page)
    assert response.status_code == 200
    text = response.text.replace("<bdi>", "").replace("</bdi>", "")  # names are isolated
    assert "Dear Oma Truus," in text
    assert "Sjoerd Coördinator of Jeugdzorg Rijnmond invites you" in text
    assert "Maasboulevard 12, Rotterdam" in response.text
    assert "Noëlle" in response.text and "Jansen" not in response.text


def test_the_page_is_for_the_invitee_only(client, page):
    response = client.get(page)
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Log in" not in response.text and "/cases/" not in response.text


def test_answering_yes_with_a_dietary_need_confirms_the_invitation(client, db, invitation, page):
    response = client.post(page, data={"answer": "yes", "participation": "in_person",
                                       "needs_diet": "halal"})
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).text.count(
        "Thank you. Your answer has been saved.") == 1
    invitation = saved(db, invitation)
    assert invitation.answer == Answer.YES and invitation.status == InvitationStatus.CONFIRMED
    assert invitation.needs_diet == "halal" and invitation.answered_at is not None


def test_answering_no_declines_and_maybe_keeps_it_open(client, db, invitation, page):
    client.post(page, data={"answer": "no", "participation": "letter"})
    assert saved(db, invitation).status == InvitationStatus.DECLINED
    assert saved(db, invitation).participation == Participation.LETTER
    client.post(page, data={"answer": "maybe"})
    assert saved(db, invitation).status == InvitationStatus.INVITED
    assert saved(db, invitation).answer == Answer.MAYBE


def test_everything_the_invitee_says_is_kept(client, db, invitation, page):
    client.post(page, data={"answer": "yes", "participation": "video",
                            "needs_access": "Rolstoel", "note": "Ik kom iets later.",
                            "suggestions": "Oom Kees, 06-12345678"})
    invitation = saved(db, invitation)
    assert invitation.participation == Participation.VIDEO
    assert invitation.needs_access == "Rolstoel"
    assert invitation.answer_note == "Ik kom iets later."
    assert invitation.suggestions == "Oom Kees, 06-12345678"


def test_the_answer_is_audited_as_the_invitee_link_without_the_needs(client, db, invitation,
                                                                     page):
    client.post(page, data={"answer": "yes", "needs_diet": "halal"})
    [event] = db.session.query(AuditEvent).filter_by(action="invitation_answered").all()
    assert event.actor_label == "invitee link" and event.actor_id is None
    assert event.case_reference == "EK-2026-0001" and event.ip_address == "127.0.0.1"
    assert event.details["answer"] == "yes" and "needs_diet" in event.details["changed"]
    assert "halal" not in str(event.details)


def test_the_earlier_answer_is_shown_and_can_be_changed(client, db, invitation, page):
    client.post(page, data={"answer": "yes", "needs_diet": "vegetarisch"})
    response = client.get(page)
    assert "Your answer:" in response.text and 'value="vegetarisch"' in response.text
    client.post(page, data={"answer": "no"})
    assert saved(db, invitation).answer == Answer.NO


def test_no_answer_gets_a_message_and_saves_nothing(client, db, invitation, page):
    response = client.post(page, data={"needs_diet": "halal"})
    assert response.status_code == 422
    assert "Choose yes, no or maybe." in response.text
    assert saved(db, invitation).answer is None and saved(db, invitation).needs_diet == ""


@pytest.mark.parametrize("field, value", [("answer", "definitely"), ("answer", "yes\x00"),
                                          ("participation", "carrier pigeon")])
def test_a_choice_that_is_not_offered_is_refused(client, db, invitation, page, field, value):
    data = {"answer": "yes", field: value}
    response = client.post(page, data=data)
    assert response.status_code == 422
    assert saved(db, invitation).answered_at is None


@pytest.mark.parametrize("field, limit", [("needs_diet", 300), ("needs_access", 300),
                                          ("note", 1000), ("suggestions", 1000)])
def test_too_long_text_is_refused_per_field(client, db, invitation, page, field, limit):
    response = client.post(page, data={"answer": "yes", field: "x" * (limit + 1)})
    assert response.status_code == 422
    assert f"Use at most {limit} characters." in response.text
    assert saved(db, invitation).answered_at is None


def test_text_of_exactly_the_limit_is_accepted(client, db, invitation, page):
    response = client.post(page, data={"answer": "yes", "needs_diet": "x" * 300})
    assert response.status_code == 302
    assert len(saved(db, invitation).needs_diet) == 300


def test_hostile_input_stays_plain_text(client, db, invitation, page):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(page, data={"answer": "yes", "needs_diet": hostile,
                            "note": "line one\r\nline two\x00\x1b[31m"})
    invitation = saved(db, invitation)
    assert invitation.needs_diet == hostile
    assert invitation.answer_note == "line one\nline two[31m"
    response = client.get(page)
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in response.text


def test_an_unknown_link_gets_a_kind_not_found_page(client):
    response = client.get("/a/this-link-was-never-made")
    assert response.status_code == 404
    assert "We do not know this link" in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_an_absurdly_long_token_is_simply_unknown(client):
    assert client.get("/a/" + "x" * 5000).status_code == 404


def test_an_expired_link_says_so_and_names_the_coordinator(client, db, invitation, page):
    invitation.token_expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()
    response = client.get(page)
    assert response.status_code == 410
    assert "The time to answer through this link has passed." in response.text
    assert "Sjoerd Coördinator" in response.text and "coordinator@rijnmond.example" in \
        response.text


def test_an_expired_link_accepts_no_answer(client, db, invitation, page):
    invitation.token_expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()
    assert client.post(page, data={"answer": "yes"}).status_code == 410
    assert saved(db, invitation).answer is None


def test_the_link_of_a_cancelled_conference_says_it_was_cancelled(client, db, conference,
                                                                  page):
    conference.phase = Phase.CANCELLED
    db.session.flush()
    response = client.get(page)
    assert response.status_code == 410
    assert "has been cancelled" in response.text


def test_once_the_conference_has_started_the_answer_can_no_longer_change(client, db,
                                                                         conference, page):
    conference.phase = Phase.INFORMATION
    db.session.flush()
    assert client.post(page, data={"answer": "no"}).status_code == 410


def test_the_page_speaks_the_invitees_language(client, db, invitation, page):
    invitation.person.language = "pl"
    db.session.flush()
    response = client.get(page)
    assert '<html lang="pl" dir="ltr">' in response.text
    assert "Zaproszenie na konferencję Eigen Kracht" in response.text


def test_the_arabic_page_reads_right_to_left(client, db, invitation, page):
    invitation.person.language = "ar"
    db.session.flush()
    response = client.get(page)
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "دعوة إلى مؤتمر Eigen Kracht" in response.text


def test_the_language_can_be_switched_and_the_answer_is_saved_in_it(client, db, invitation,
                                                                    page):
    response = client.get(page + "?lang=tr")
    assert '<html lang="tr" dir="ltr">' in response.text
    for code in ("nl", "en", "tr", "ar", "pl"):
        assert f'href="{page}?lang={code}"' in response.text
    response = client.post(page + "?lang=tr", data={"answer": "yes"})
    assert response.headers["Location"].startswith(page + "?lang=tr")
    assert "Cevabınız kaydedildi" in client.get(response.headers["Location"]).text


def test_errors_speak_the_page_language(client, page):
    response = client.post(page + "?lang=tr", data={"needs_diet": "x" * 301})
    assert response.status_code == 422
    assert "Evet, hayır veya belki seçin." in response.text
    assert "En fazla 300 karakter kullanın." in response.text


def test_a_language_that_is_not_offered_falls_back_to_the_invitees_own(client, page):
    assert '<html lang="en"' in client.get(page + "?lang=xx").text


def test_the_page_loads_nothing_from_another_host(client, page):
    import re

    response = client.get(page)
    for url in re.findall(r'(?:src|href)="([^"]+)"', response.text):
        assert url.startswith(("/", "#", "mailto:")), url


def test_an_answer_without_the_forms_security_token_is_refused_kindly(client, db, csrf_enabled,
                                                                       invitation, page):
    response = client.post(page, data={"answer": "yes"})
    assert response.status_code == 422
    assert "could not be saved" in response.text
    assert saved(db, invitation).answer is None


def test_an_answer_with_the_forms_security_token_is_saved(client, db, csrf_enabled, invitation,
                                                          page):
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get(page).text).group(1)
    response = client.post(page, data={"answer": "yes", "csrf_token": token})
    assert response.status_code == 302
    assert saved(db, invitation).answer == Answer.YES


def test_guessing_links_is_slowed_down(client):
    statuses = [client.get(f"/a/guess-{n}").status_code for n in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429


def test_after_the_day_an_answer_does_not_change_the_attendance(client, db, invitation, page):
    invitation.status = InvitationStatus.ATTENDED
    db.session.flush()
    client.post(page, data={"answer": "no"})
    assert saved(db, invitation).status == InvitationStatus.ATTENDED
