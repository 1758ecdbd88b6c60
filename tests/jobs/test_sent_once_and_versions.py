"""A job coach's create forms sent twice make one record, a refused change leaves nothing
behind, and edits are checked against the version they began from (issue 15)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core.clock import today
from eigenkracht.jobs.models import ContactLog, Goal, GoalStep
from tests.factories import ContactLogFactory, GoalFactory, GoalStepFactory

STALE = "Someone else saved this while you were editing it."


def hidden(page: str, name: str) -> str:
    """The value of the hidden field ``name`` on ``page``."""
    return re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]*)"', page).group(1)


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def contact_form(jobseeker, **values) -> dict:
    return {"person_id": str(jobseeker.sanne.id), "contacted_on": today().isoformat(),
            "channel": "phone", "asked": "Ken je iemand bij de haven?", "outcome": "tip",
            "note": "", "follow_up_on": "", **values}


# --- sent twice ---------------------------------------------------------------------------

def test_the_new_goal_form_sent_twice_adds_one_goal_and_lands_on_it(coach, jobseeker, db):
    key = hidden(coach.get(f"{jobseeker.base}/goals").text, "submission")
    form = {"text": "Werk als planner in de haven", "status": "open", "submission": key}
    first = coach.post(f"{jobseeker.base}/goals", data=form)
    second = coach.post(f"{jobseeker.base}/goals", data=form)
    goal_id = db.session.scalar(select(Goal.id).where(Goal.case_id == jobseeker.case.id))
    assert count(db, Goal, Goal.case_id == jobseeker.case.id) == 1
    assert first.status_code == 302 and second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert first.headers["Location"].endswith(f"#goal-{goal_id}")


def test_the_new_step_form_sent_twice_adds_one_step(coach, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case, text="Werk in de logistiek")
    key = hidden(coach.get(f"{jobseeker.base}/goals").text, f"step-{goal.id}-submission")
    form = {f"step-{goal.id}-text": "Sanne bellen", f"step-{goal.id}-submission": key}
    first = coach.post(f"{jobseeker.base}/goals/{goal.id}/steps", data=form)
    second = coach.post(f"{jobseeker.base}/goals/{goal.id}/steps", data=form)
    assert count(db, GoalStep, GoalStep.goal_id == goal.id) == 1
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]


def test_the_new_contact_form_sent_twice_logs_one_contact(coach, jobseeker, db):
    key = hidden(coach.get(f"{jobseeker.base}/contacts/new").text, "submission")
    form = contact_form(jobseeker, submission=key)
    first = coach.post(f"{jobseeker.base}/contacts/new", data=form)
    second = coach.post(f"{jobseeker.base}/contacts/new", data=form)
    contact_id = db.session.scalar(select(ContactLog.id).where(
        ContactLog.case_id == jobseeker.case.id))
    assert count(db, ContactLog, ContactLog.case_id == jobseeker.case.id) == 1
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    assert first.headers["Location"].endswith(f"#contact-{contact_id}")


def test_two_add_step_forms_of_one_page_each_add_their_step(coach, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case, text="Werk in de logistiek")
    page = coach.get(f"{jobseeker.base}/goals").text
    other_page = coach.get(f"{jobseeker.base}/goals").text
    for text, shown in (("Cv sturen", page), ("Sanne bellen", other_page)):
        coach.post(f"{jobseeker.base}/goals/{goal.id}/steps", data={
            f"step-{goal.id}-text": text,
            f"step-{goal.id}-submission": hidden(shown, f"step-{goal.id}-submission")})
    assert count(db, GoalStep, GoalStep.goal_id == goal.id) == 2


# --- refused: nothing half-saved ----------------------------------------------------------

def test_a_refused_contact_saves_nothing_and_the_corrected_form_is_sent_once(coach, jobseeker,
                                                                            db):
    key = hidden(coach.get(f"{jobseeker.base}/contacts/new").text, "submission")
    events = count(db, AuditEvent)
    refused = coach.post(f"{jobseeker.base}/contacts/new", data=contact_form(
        jobseeker, submission=key, asked="x" * 2001, follow_up_on="1999-01-01"))
    assert refused.status_code == 422
    assert "Use at most 2000 characters." in refused.text
    assert hidden(refused.text, "submission") == key  # the same form, to correct
    assert count(db, ContactLog, ContactLog.case_id == jobseeker.case.id) == 0
    assert count(db, AuditEvent) == events
    corrected = contact_form(jobseeker, submission=key)
    assert coach.post(f"{jobseeker.base}/contacts/new", data=corrected).status_code == 302
    assert coach.post(f"{jobseeker.base}/contacts/new", data=corrected).status_code == 303
    assert count(db, ContactLog, ContactLog.case_id == jobseeker.case.id) == 1


def test_a_stale_contact_save_changes_nothing_of_it(coach, login_as, jobseeker, db):
    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                                asked="Vacatures?", note="Eerste gesprek",
                                contacted_on=today())
    url = f"{jobseeker.base}/contacts/{contact.id}"
    mine = hidden(coach.get(url).text, "row_version")
    colleague = login_as("admin")
    theirs = hidden(colleague.get(url).text, "row_version")
    colleague.post(url, data=contact_form(jobseeker, asked="Weet je iemand bij DHL?",
                                          note="Eerste gesprek", row_version=theirs))
    response = coach.post(url, data=contact_form(
        jobseeker, asked="Ken je planners?", note="Mijn eigen aantekening", channel="email",
        row_version=mine))
    assert response.status_code == 409 and STALE in response.text
    assert "Weet je iemand bij DHL?" in response.text and "Ken je planners?" in response.text
    assert "Mijn eigen aantekening" in response.text
    saved = db.session.get(ContactLog, contact.id)
    assert (saved.asked, saved.note, saved.channel.value) == (
        "Weet je iemand bij DHL?", "Eerste gesprek", "phone")
    assert hidden(response.text, "row_version") == str(saved.row_version)


# --- what does not make an open edit stale ------------------------------------------------

def test_ticking_a_step_off_does_not_make_a_colleagues_open_edit_stale(coach, login_as,
                                                                       jobseeker, db):
    step = GoalStepFactory(goal=GoalFactory(case=jobseeker.case), text="Sanne bellen")
    url = f"{jobseeker.base}/steps/{step.id}"
    version = hidden(coach.get(url).text, "row_version")
    login_as("admin").post(f"{url}/done", data={"done": "1"})
    assert str(db.session.get(GoalStep, step.id).row_version) == version
    response = coach.post(url, data={"text": "Sanne mailen", "row_version": version})
    assert response.status_code == 302
    saved = db.session.get(GoalStep, step.id)
    assert saved.text == "Sanne mailen" and saved.done


def test_moving_a_goal_does_not_make_a_colleagues_open_edit_stale(coach, login_as, jobseeker,
                                                                  db):
    first = GoalFactory(case=jobseeker.case, text="Rijbewijs halen", position=0)
    second = GoalFactory(case=jobseeker.case, text="Werk vinden", position=1)
    url = f"{jobseeker.base}/goals/{first.id}"
    version = hidden(coach.get(url).text, "row_version")
    login_as("admin").post(f"{jobseeker.base}/goals/{second.id}/move", data={"direction": "up"})
    assert str(db.session.get(Goal, first.id).row_version) == version
    response = coach.post(url, data={"text": "Rijbewijs C halen", "status": "open",
                                     "row_version": version})
    assert response.status_code == 302
    assert db.session.get(Goal, first.id).text == "Rijbewijs C halen"
    assert db.session.get(Goal, first.id).position == 1


def test_a_follow_up_ticked_off_does_not_make_an_open_contact_edit_stale(coach, login_as,
                                                                         jobseeker, db):
    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                                asked="Vacatures?", contacted_on=today(),
                                follow_up_on=today())
    url = f"{jobseeker.base}/contacts/{contact.id}"
    version = hidden(coach.get(url).text, "row_version")
    login_as("admin").post(f"{url}/follow-up", data={"done": "1"})
    assert str(db.session.get(ContactLog, contact.id).row_version) == version
    response = coach.post(url, data=contact_form(
        jobseeker, asked="Vacatures in de haven?", follow_up_on=today().isoformat(),
        row_version=version))
    assert response.status_code == 302
    saved = db.session.get(ContactLog, contact.id)
    assert saved.asked == "Vacatures in de haven?" and saved.follow_up_done
