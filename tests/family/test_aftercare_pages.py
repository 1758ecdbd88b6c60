"""The family page after the conference: "this is not working", the questionnaire and a
person's own earlier notes (issue 20)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eigenkracht.conference.models import InvitationRole, InvitationStatus, Phase
from eigenkracht.core import clock
from eigenkracht.evaluation.models import EvaluationAnswer, EvaluationReceipt, RespondentRole
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.plans.alert_models import PlanAlert
from tests.factories import (
    AccessLinkFactory,
    ActionUpdateFactory,
    ConferenceFactory,
    InvitationFactory,
    PersonFactory,
)


def alerts_of(plan) -> list[PlanAlert]:
    return list(db.session.scalars(select(PlanAlert).where(PlanAlert.plan_id == plan.id)))


# --- this is not working ------------------------------------------------------------------

def test_the_monitor_sees_this_is_not_working_and_the_agreement_applies(client, family):
    page = client.get(f"/p/{family.token}?lang=en").get_data(as_text=True)
    assert "This is not working" in page
    form = client.get(f"/p/{family.token}/not-working?lang=en")
    assert form.status_code == 200
    assert family.plan.contingency in form.get_data(as_text=True)
    response = client.post(f"/p/{family.token}/not-working?lang=en",
                           data={"note": "Vader kan niet meer op maandag."})
    assert response.status_code == 302
    sent = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "What was agreed now applies" in sent and family.plan.contingency in sent
    [alert] = alerts_of(family.plan)
    assert (alert.note, alert.reporter_role) == ("Vader kan niet meer op maandag.", "monitor")
    assert db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.to == "coordinator@rijnmond.example")) is not None


def test_someone_without_a_task_is_not_offered_it_and_gets_404(client, family):
    buurman = PersonFactory(case=family.plan.case, name="Buurman Kees")
    AccessLinkFactory(person=buurman, token="buurman-token-0123456789abcdefghijklmnopqrstuv")
    page = client.get("/p/buurman-token-0123456789abcdefghijklmnopqrstuv?lang=en")
    assert "This is not working" not in page.get_data(as_text=True)
    for method in (client.get, client.post):
        assert method("/p/buurman-token-0123456789abcdefghijklmnopqrstuv/not-working",
                      data={"note": "x"}).status_code == 404
    assert alerts_of(family.plan) == []


def test_a_too_long_note_is_refused_in_the_family_language(client, family):
    response = client.post(f"/p/{family.token}/not-working?lang=pl", data={"note": "x" * 501})
    assert response.status_code == 422
    assert "500" in response.get_data(as_text=True)
    assert alerts_of(family.plan) == []


def test_a_hostile_note_is_kept_as_text(client, family):
    client.post(f"/p/{family.token}/not-working", data={"note": "<script>alert(1)</script>"})
    [alert] = alerts_of(family.plan)
    client.get("/logout")
    assert alert.note == "<script>alert(1)</script>"


def test_sent_twice_it_alerts_once(client, family):
    form = client.get(f"/p/{family.token}/not-working").get_data(as_text=True)
    key = form.split('name="submission" type="hidden" value="')[1].split('"')[0] \
        if 'name="submission" type="hidden" value="' in form else \
        form.split('name="submission" value="')[1].split('"')[0]
    for _ in range(2):
        client.post(f"/p/{family.token}/not-working", data={"note": "", "submission": key})
    assert len(alerts_of(family.plan)) == 1


# --- own notes ----------------------------------------------------------------------------

def test_a_person_sees_their_own_earlier_notes_on_their_task(client, family):
    vader_token = "vader-token-0123456789abcdefghijklmnopqrstuvwxyz0"
    AccessLinkFactory(person=family.vader, token=vader_token)
    ActionUpdateFactory(action=family.vader_action, author_person=family.vader,
                        author_label="", note="Maandag gelukt, wel laat.")
    ActionUpdateFactory(action=family.oma_action, author_person=family.oma, author_label="",
                        note="Oma's eigen woorden")
    page = client.get(f"/p/{vader_token}?lang=en").get_data(as_text=True)
    assert "My earlier notes" in page and "Maandag gelukt, wel laat." in page
    assert "Oma&#39;s eigen woorden" not in page and "Oma's eigen woorden" not in page


# --- the questionnaire --------------------------------------------------------------------

@pytest.fixture
def held(family):
    conference = ConferenceFactory(case=family.plan.case, phase=Phase.CLOSED,
                                   starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
                                   closed_at=datetime(2026, 3, 2, 14, tzinfo=UTC))
    InvitationFactory(conference=conference, person=family.oma,
                      role=InvitationRole.FAMILY, status=InvitationStatus.ATTENDED)
    family.link.expires_at = datetime(2027, 1, 1, tzinfo=UTC)
    return conference


def on(day: int):
    return clock.frozen(datetime(2026, 3, day, 10, tzinfo=UTC))


def test_the_questionnaire_is_offered_and_answered_once(client, family, held):
    with on(10):
        page = client.get(f"/p/{family.token}?lang=en").get_data(as_text=True)
        assert "How did the conference go?" in page
        form = client.get(f"/p/{family.token}/questionnaire?lang=en")
        assert form.status_code == 200 and "Did you feel heard?" in form.get_data(as_text=True)
        response = client.post(f"/p/{family.token}/questionnaire?lang=en", data={
            "satisfaction_conference": "4", "satisfaction_plan": "5", "felt_heard": "3",
            "scale": "8", "comment": "Goed"})
        assert response.status_code == 302
        thanks = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Thank you for your answers" in thanks
        again = client.post(f"/p/{family.token}/questionnaire?lang=en",
                            data={"scale": "1"})
        assert "Thank you for your answers" in again.get_data(as_text=True)
        page = client.get(f"/p/{family.token}?lang=en").get_data(as_text=True)
        assert "How did the conference go?" not in page
    [answer] = db.session.scalars(select(EvaluationAnswer)).all()
    assert (answer.role, answer.scale, answer.language) == (RespondentRole.FAMILY, 8, "en")
    assert len(db.session.scalars(select(EvaluationReceipt)).all()) == 1


def test_a_wrong_choice_is_refused_and_shown_again(client, family, held):
    with on(10):
        response = client.post(f"/p/{family.token}/questionnaire?lang=en",
                               data={"scale": "12", "comment": "blijft staan"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Choose one of the answers." in body and "blijft staan" in body
    assert db.session.scalars(select(EvaluationAnswer)).all() == []


def test_after_four_weeks_there_are_no_questions(client, family, held):
    with clock.frozen(datetime(2026, 3, 31, 10, tzinfo=UTC)):
        response = client.get(f"/p/{family.token}/questionnaire?lang=en")
    assert response.status_code == 200
    assert "There are no questions for you now" in response.get_data(as_text=True)


def test_a_child_gets_faces_and_simple_words(client, family, held):
    kind = PersonFactory(case=family.plan.case, name="Noor", birth_year=2017)
    InvitationFactory(conference=held, person=kind, status=InvitationStatus.ATTENDED)
    AccessLinkFactory(person=kind, token="noor-token-0123456789abcdefghijklmnopqrstuvwxyz",
                      expires_at=datetime(2027, 1, 1, tzinfo=UTC))
    with on(10):
        body = client.get("/p/noor-token-0123456789abcdefghijklmnopqrstuvwxyz/questionnaire"
                          "?lang=en").get_data(as_text=True)
    assert "Did people listen to you?" in body and 'class="face face-happy"' in body
    assert "Did you feel heard?" not in body


def test_questionnaire_pages_need_the_access_code_first(client, family, held):
    from eigenkracht.auth.passwords import hash_password

    family.link.code_hash = hash_password("1234")
    db.session.flush()
    with on(10):
        response = client.get(f"/p/{family.token}/questionnaire")
    assert response.status_code == 302 and "questionnaire" not in response.headers["Location"]
    assert client.get(f"/p/{family.token}/not-working").status_code == 302


def test_answers_are_never_shown_on_the_family_page(client, family, held):
    with on(10):
        client.post(f"/p/{family.token}/questionnaire", data={"comment": "GEHEIM-ANTWOORD"})
        page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert "GEHEIM-ANTWOORD" not in page
