"""The contact log: who was contacted, how, what was asked, what came of it, follow-ups."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core.clock import today
from eigenkracht.jobs.models import ContactChannel, ContactLog, ContactOutcome
from tests.factories import ContactLogFactory
from tests.jobs.conftest import make_jobseeker


def _form(person, **overrides) -> dict:
    data = {"person_id": str(person.id), "contacted_on": today().isoformat(),
            "channel": "phone", "asked": "Weet je vacatures voor planners?",
            "outcome": "tip", "note": "", "follow_up_on": ""}
    data.update(overrides)
    return data


def _contacts(db, case) -> list[ContactLog]:
    return list(db.session.scalars(select(ContactLog).where(ContactLog.case_id == case.id)))


def test_a_coach_logs_a_contact_with_a_follow_up_and_sees_it_in_the_log(coach, jobseeker, db):
    follow_up = today() + timedelta(days=7)
    response = coach.post(f"{jobseeker.base}/contacts/new", data=_form(
        jobseeker.sanne, channel="in_person", outcome="introduction",
        follow_up_on=follow_up.isoformat()))
    assert response.status_code == 302
    [contact] = _contacts(db, jobseeker.case)
    assert (contact.person_id, contact.channel, contact.outcome, contact.follow_up_on) == (
        jobseeker.sanne.id, ContactChannel.IN_PERSON, ContactOutcome.INTRODUCTION, follow_up)
    page = coach.get(f"{jobseeker.base}/contacts").text
    assert "Sanne Bakker" in page and "Introduction made" in page and "In person" in page


def test_logging_a_contact_is_audited(coach, jobseeker, db):
    coach.post(f"{jobseeker.base}/contacts/new", data=_form(jobseeker.sanne))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "contact_log"))
    assert event.action == "create" and event.case_reference == jobseeker.case.reference


def test_the_form_offers_the_people_of_the_map_and_the_jobseeker_himself(coach, jobseeker):
    page = coach.get(f"{jobseeker.base}/contacts/new").text
    assert "Sanne Bakker (oud-collega)" in page and "Harm Wijnstra" in page
    assert f'value="{jobseeker.client.id}"' in page and "(the jobseeker)" in page


def test_a_person_of_another_case_is_refused_and_nothing_is_saved(coach, jobseeker, world, db):
    other = make_jobseeker(world.org, world.jobcoach, first_name="Anders")
    response = coach.post(f"{jobseeker.base}/contacts/new", data=_form(other.sanne))
    assert response.status_code == 422
    assert "Choose someone who is on this jobseeker&#39;s network map." in response.text
    assert _contacts(db, jobseeker.case) == [] and _contacts(db, other.case) == []


def test_a_contact_with_the_jobseeker_himself_is_logged_like_any_other(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/contacts/new", data=_form(
        jobseeker.client, outcome="interview_planned", channel="in_person"))
    assert response.status_code == 302
    [contact] = _contacts(db, jobseeker.case)
    assert contact.person_id == jobseeker.client.id
    assert contact.outcome == ContactOutcome.INTERVIEW_PLANNED
    page = coach.get(f"{jobseeker.base}/contacts?person={jobseeker.client.id}").text
    assert "Interview planned" in page


def test_an_empty_form_gets_a_message_at_every_required_field(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/contacts/new", data={"contacted_on": ""})
    assert response.status_code == 422
    for message in ("Choose the person who was contacted.", "Enter the date of the contact.",
                    "Choose how the contact went", "Choose what came of the contact."):
        assert message in response.text
    assert _contacts(db, jobseeker.case) == []


def test_malformed_ids_and_choices_are_refused_with_messages(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/contacts/new", data=_form(
        jobseeker.sanne, person_id="1 OR 1=1", channel="fax", outcome="<b>ja</b>"))
    assert response.status_code == 422
    assert "Choose someone who is on this" in response.text
    assert "Choose how the contact went" in response.text
    assert "<b>ja</b>" not in response.text
    assert _contacts(db, jobseeker.case) == []


def test_malformed_dates_get_a_clear_message_and_nothing_is_saved(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/contacts/new", data=_form(
        jobseeker.sanne, contacted_on="gisteren", follow_up_on="2026-13-45"))
    assert response.status_code == 422
    assert response.text.count("Enter a real date, like 2026-03-31.") >= 2
    assert _contacts(db, jobseeker.case) == []


def test_a_contact_cannot_be_in_the_future(coach, jobseeker, db):
    tomorrow = today() + timedelta(days=1)
    response = coach.post(f"{jobseeker.base}/contacts/new", data=_form(
        jobseeker.sanne, contacted_on=tomorrow.isoformat()))
    assert response.status_code == 422
    assert "The date of the contact cannot be in the future." in response.text


def test_a_follow_up_cannot_be_before_the_contact(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/contacts/new", data=_form(
        jobseeker.sanne, follow_up_on=(today() - timedelta(days=1)).isoformat()))
    assert response.status_code == 422
    assert "The follow-up date cannot be before the date of the contact." in response.text


def test_oversized_text_is_refused(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/contacts/new", data=_form(
        jobseeker.sanne, asked="?" * 2001))
    assert response.status_code == 422
    assert "Use at most 2000 characters." in response.text
    assert _contacts(db, jobseeker.case) == []


def test_hostile_text_is_shown_as_text(coach, jobseeker):
    ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                      person_name=jobseeker.sanne.name, asked="<img src=x onerror=alert(1)>")
    page = coach.get(f"{jobseeker.base}/contacts").text
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_a_contact_is_edited(coach, jobseeker, db):
    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                                person_name=jobseeker.sanne.name)
    response = coach.post(f"{jobseeker.base}/contacts/{contact.id}", data=_form(
        jobseeker.harm, outcome="no_answer"))
    assert response.status_code == 302
    db.session.refresh(contact)
    assert (contact.person_name, contact.outcome) == ("Harm Wijnstra", ContactOutcome.NO_ANSWER)


def test_a_contact_of_another_case_is_not_found(coach, jobseeker, world):
    other = make_jobseeker(world.org, world.jobcoach, first_name="Anders")
    contact = ContactLogFactory(case=other.case, person=other.sanne)
    base = f"{jobseeker.base}/contacts/{contact.id}"
    assert coach.get(base).status_code == 404
    assert coach.post(f"{base}/delete").status_code == 404
    assert coach.post(f"{base}/follow-up", data={"done": "1"}).status_code == 404


def test_a_follow_up_is_marked_done_and_opened_again(coach, jobseeker, db):
    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                                follow_up_on=today() - timedelta(days=2))
    coach.post(f"{jobseeker.base}/contacts/{contact.id}/follow-up", data={"done": "1"})
    db.session.refresh(contact)
    assert contact.follow_up_done
    coach.post(f"{jobseeker.base}/contacts/{contact.id}/follow-up", data={"done": "0"})
    db.session.refresh(contact)
    assert not contact.follow_up_done


def test_an_overdue_follow_up_is_marked_in_words_in_the_log(coach, jobseeker):
    ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                      contacted_on=today() - timedelta(days=10),
                      follow_up_on=today() - timedelta(days=3))
    page = coach.get(f"{jobseeker.base}/contacts").text
    assert "Overdue" in page and "3 days late" in page and 'class="card is-overdue"' in page


def test_the_log_of_one_person_shows_only_their_contacts(coach, jobseeker):
    ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne, asked="Vraag aan Sanne")
    ContactLogFactory(case=jobseeker.case, person=jobseeker.harm, asked="Vraag aan Harm")
    page = coach.get(f"{jobseeker.base}/contacts?person={jobseeker.sanne.id}").text
    assert "Vraag aan Sanne" in page and "Vraag aan Harm" not in page


def test_the_log_of_someone_not_on_this_map_is_not_found(coach, jobseeker, world):
    other = make_jobseeker(world.org, world.jobcoach, first_name="Anders")
    assert coach.get(f"{jobseeker.base}/contacts?person={other.sanne.id}").status_code == 404


def test_removing_someone_from_the_map_keeps_their_contacts_with_their_name(coach, jobseeker,
                                                                            db):
    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.harm,
                                person_name="Harm Wijnstra")
    response = coach.post(f"{jobseeker.base}/network/people/{jobseeker.harm.id}/delete")
    assert response.status_code == 302
    db.session.refresh(contact)
    assert contact.person_id is None
    page = coach.get(f"{jobseeker.base}/contacts").text
    assert "Harm Wijnstra" in page and "(no longer on the map)" in page


def test_a_contact_is_removed_from_the_log(coach, jobseeker, db):
    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne)
    coach.post(f"{jobseeker.base}/contacts/{contact.id}/delete")
    assert _contacts(db, jobseeker.case) == []


def test_with_nobody_on_the_map_the_form_says_to_add_people_first(coach, world):
    from tests.factories import CaseAssignmentFactory, CaseFactory

    case = CaseFactory(organisation=world.org, kind="work")
    CaseAssignmentFactory(case=case, user=world.jobcoach, role="jobcoach")
    page = coach.get(f"/cases/{case.reference}/contacts/new").text
    assert "There is nobody on the network map yet." in page


def test_editing_a_contact_of_someone_no_longer_on_the_map_keeps_their_name(coach, jobseeker,
                                                                             db):
    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.harm,
                                person_name="Harm Wijnstra")
    coach.post(f"{jobseeker.base}/network/people/{jobseeker.harm.id}/delete")
    form = coach.get(f"{jobseeker.base}/contacts/{contact.id}").text
    assert "Harm Wijnstra (no longer on the map)" in form
    response = coach.post(f"{jobseeker.base}/contacts/{contact.id}", data={
        "person_id": "", "contacted_on": today().isoformat(), "channel": "email",
        "outcome": "advice", "asked": "Referentie?"})
    assert response.status_code == 302
    db.session.refresh(contact)
    assert (contact.person_id, contact.person_name, contact.asked) == (
        None, "Harm Wijnstra", "Referentie?")


def test_viewing_the_contact_log_is_audited(coach, jobseeker, db):
    coach.get(f"{jobseeker.base}/contacts")
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "view", AuditEvent.case_id == jobseeker.case.id))
    assert event.details["page"] == "contacts"


def test_erasing_someone_on_request_erases_their_name_from_the_contact_log(jobseeker, db):
    from eigenkracht.privacy.erase import ERASED, erase_person

    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.harm,
                                person_name="Harm Wijnstra",
                                asked="Harm Wijnstra gevraagd om een referentie")
    erase_person(jobseeker.case, jobseeker.harm)
    db.session.refresh(contact)
    assert contact.person_id is None and contact.person_name == ERASED
    assert "Harm" not in contact.asked
