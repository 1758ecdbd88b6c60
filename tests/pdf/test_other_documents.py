"""One person's "my tasks" page and the invitation letter, printed like the plan."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import Conference, Invitation, Phase
from eigenkracht.extensions import db
from tests.factories import InvitationFactory, PersonFactory
from tests.pdf.conftest import ACTIONS, normalised, pdf_pages, pdf_text, person_named


def tasks_url(world, person_id, **query) -> str:
    args = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/cases/{world.case.reference}/plan/tasks/{person_id}.pdf?{args}"


def test_my_tasks_is_one_page_with_only_that_persons_actions(login_as, world, plan):
    aunt = person_named(world.case, "Tante Riëtte")
    response = login_as("coordinator").get(tasks_url(world, aunt.id, lang="en"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="tasks-EK-2026-0001-v1-{aunt.id}-en.pdf"')
    pages = pdf_pages(response.data)
    assert len(pages) == 1
    assert "Tante Riëtte" in pages[0] and ACTIONS[1] in pages[0]
    assert ACTIONS[0] not in pages[0] and ACTIONS[2] not in pages[0]
    assert "Together with" in pages[0] and "Noëlle" in pages[0]
    assert "Oma Truus keeps an eye on the plan." in pages[0]


def test_my_tasks_in_arabic(login_as, world, plan):
    grandmother = person_named(world.case, "Oma Truus")
    pdf = login_as("referrer").get(tasks_url(world, grandmother.id, lang="ar")).data
    text = normalised(pdf_text(pdf))
    assert normalised("مهامي") in text  # "My tasks"
    assert ACTIONS[0] in text


def test_someone_without_actions_gets_a_page_that_says_so(login_as, world, plan):
    neighbour = PersonFactory(case=world.case, name="Buurman Joop")
    text = pdf_text(login_as("coordinator").get(tasks_url(world, neighbour.id, lang="en")).data)
    assert "Buurman Joop has no actions in this version of the plan." in text


def test_a_person_of_another_case_has_no_tasks_here(login_as, world, plan):
    stranger = PersonFactory(case=world.other_case, name="Iemand Anders")
    response = login_as("coordinator").get(tasks_url(world, stranger.id, lang="en"))
    assert response.status_code == 404


def test_the_tasks_download_is_audited(login_as, world, plan):
    aunt = person_named(world.case, "Tante Riëtte")
    login_as("coordinator").get(tasks_url(world, aunt.id, lang="nl"))
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "download")).one()
    assert event.details["document"] == "tasks" and event.details["person_id"] == aunt.id


def letter_url(world, invitation) -> str:
    return (f"/cases/{world.case.reference}/conferences/{invitation.conference_id}"
            f"/invitations/{invitation.id}/letter.pdf")


def invited(world, *, language="nl") -> Invitation:
    conference = db.session.get(Conference, world.extra_ids["conference"])
    person = PersonFactory(case=world.case, name="Ayşe Yılmaz", language=language)
    return InvitationFactory(conference=conference, person=person)


def test_the_letter_pdf_is_in_the_invitees_language_with_a_fresh_answer_link(login_as, world):
    invitation = invited(world, language="tr")
    response = login_as("coordinator").post(letter_url(world, invitation))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Sayın Ayşe Yılmaz" in text
    assert "/a/" in text  # the answer link, to type in
    db.session.refresh(invitation)
    assert invitation.token_hash and invitation.letter_printed_at is not None
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "invitation")))
    assert {"letter_printed", "download"} <= actions


def test_the_arabic_letter_reads_right_to_left_in_the_shipped_fonts(login_as, world):
    import io

    from pypdf import PdfReader

    invitation = invited(world, language="ar")
    pdf = login_as("coordinator").post(letter_url(world, invitation)).data
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert normalised("دعوة إلى مؤتمر") in normalised(pdf_text(pdf))  # "Invitation to the"
    fonts = {str(f.get_object()["/BaseFont"]).split("+", 1)[-1]
             for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert all(name.startswith("EK-Noto-Sans") for name in fonts), fonts


def test_no_letter_for_a_conference_that_is_over(login_as, world):
    invitation = invited(world)
    conference = invitation.conference
    conference.starts_at = conference.starts_at - timedelta(days=30)
    conference.phase = Phase.CLOSED
    db.session.flush()
    response = login_as("coordinator").post(letter_url(world, invitation))
    assert response.status_code == 410
    assert "No letter can be made for this invitation" in response.text


def test_a_letter_is_made_by_a_post_only(login_as, world):
    invitation = invited(world)
    assert login_as("coordinator").get(letter_url(world, invitation)).status_code == 405
