"""Log a contact in one step from a follow-up (issue 21, item 5): the form comes with the
person chosen, and saving it logs the new contact and marks the follow-up done together;
from a person's own contacts the form comes with that person; phone numbers can be tapped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eigenkracht.core.clock import today
from eigenkracht.jobs.blueprint import tel_href
from eigenkracht.jobs.models import ContactLog
from tests.factories import ContactLogFactory
from tests.jobs.conftest import make_jobseeker


@pytest.fixture
def due(jobseeker):
    return ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                             contacted_on=today() - timedelta(days=14),
                             follow_up_on=today() - timedelta(days=1))


def answer_form(person, due, **overrides) -> dict:
    data = {"person_id": str(person.id), "contacted_on": today().isoformat(),
            "channel": "phone", "asked": "Is er al nieuws over de vacature?",
            "outcome": "introduction", "note": "", "answers": str(due.id),
            "follow_up_on": (today() + timedelta(days=7)).isoformat()}
    data.update(overrides)
    return data


def contacts_of(db, case) -> list[ContactLog]:
    db.session.expire_all()
    return list(db.session.scalars(select(ContactLog).where(ContactLog.case_id == case.id)
                                   .order_by(ContactLog.id)))


def test_the_form_from_a_follow_up_has_the_person_chosen_and_says_what_it_closes(
        coach, jobseeker, due):
    page = coach.get(f"{jobseeker.base}/contacts/new?follow_up={due.id}").text
    assert f'<option selected value="{jobseeker.sanne.id}">' in page
    assert f'name="answers" type="hidden" value="{due.id}"' in page
    assert "saving it marks that follow-up done" in page
    # outcome and the next follow-up are on the same form
    assert 'name="outcome"' in page and 'name="follow_up_on"' in page


def test_one_form_logs_the_contact_and_closes_the_follow_up(coach, jobseeker, due, db):
    answer = coach.post(f"{jobseeker.base}/contacts/new", data=answer_form(jobseeker.sanne, due))
    assert answer.status_code == 302
    old, new = contacts_of(db, jobseeker.case)
    assert old.id == due.id and old.follow_up_done
    assert new.outcome.value == "introduction"
    assert new.follow_up_on == today() + timedelta(days=7) and not new.follow_up_done


def test_a_refused_contact_leaves_the_follow_up_open(coach, jobseeker, due, db):
    answer = coach.post(f"{jobseeker.base}/contacts/new",
                        data=answer_form(jobseeker.sanne, due, outcome="", contacted_on=""))
    assert answer.status_code == 422
    assert "Choose what came of the contact." in answer.text
    assert f'value="{due.id}"' in answer.text  # still answering the same follow-up
    [only] = contacts_of(db, jobseeker.case)
    assert not only.follow_up_done


@pytest.mark.parametrize("answers", ["abc", "-1", "0", "99999999", "1 OR 1=1", "x" * 21])
def test_a_malformed_or_unknown_follow_up_is_refused_and_nothing_saved(
        coach, jobseeker, due, db, answers):
    answer = coach.post(f"{jobseeker.base}/contacts/new",
                        data=answer_form(jobseeker.sanne, due, answers=answers))
    assert answer.status_code == 422
    assert len(contacts_of(db, jobseeker.case)) == 1 and not due.follow_up_done


def test_a_follow_up_of_another_case_cannot_be_closed_from_here(coach, world, jobseeker, db):
    other = make_jobseeker(world.org, world.jobcoach, first_name="Anders")
    theirs = ContactLogFactory(case=other.case, person=other.sanne,
                               follow_up_on=today())
    answer = coach.post(f"{jobseeker.base}/contacts/new",
                        data=answer_form(jobseeker.sanne, theirs))
    assert answer.status_code == 422
    assert "The follow-up this contact answers was not found" in answer.text
    assert contacts_of(db, jobseeker.case) == []
    db.session.refresh(theirs)
    assert not theirs.follow_up_done
    # and a GET naming it just opens an ordinary form
    page = coach.get(f"{jobseeker.base}/contacts/new?follow_up={theirs.id}").text
    assert 'name="answers"' not in page


def test_the_follow_up_cards_offer_log_a_contact_and_tap_to_call(coach, jobseeker, due, db):
    jobseeker.sanne.phone = "06-12 34 56 78"
    db.session.flush()
    page = coach.get("/jobs/follow-ups").text
    assert f"/contacts/new?follow_up={due.id}" in page
    assert 'href="tel:0612345678"' in page
    contacts = coach.get(f"{jobseeker.base}/contacts").text
    assert f"/contacts/new?follow_up={due.id}" in contacts and 'href="tel:0612345678"' in contacts


def test_from_a_persons_contacts_the_form_comes_with_that_person(coach, jobseeker):
    page = coach.get(f"{jobseeker.base}/contacts?person={jobseeker.harm.id}").text
    assert "Log a contact with Harm Wijnstra" in page
    assert f"/contacts/new?person={jobseeker.harm.id}" in page


@pytest.mark.parametrize("typed, href", [
    ("06-12 34 56 78", "tel:0612345678"), ("+31 (0)6 1234 5678", "tel:+31612345678"),
    ("", ""), ("  ", ""), ("geen", ""), ("12", ""), ("javascript:alert(1)", ""),
    ("0" * 21, ""), ("+31+6", "tel:+316"),
])
def test_a_phone_number_as_typed_becomes_a_number_to_tap(typed, href):
    assert tel_href(typed) == href
