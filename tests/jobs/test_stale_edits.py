"""Two people edit the same goal, step or contact: the second save, made on the copy both
began from, is refused with the first one's version shown and the typed text kept; saving
again then goes through. Nothing is silently overwritten."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eigenkracht.core.clock import today
from eigenkracht.jobs.models import ContactLog, Goal, GoalStep
from tests.factories import ContactLogFactory, GoalFactory, GoalStepFactory

MESSAGE = "Someone else saved this while you were editing it."


def seen_on(page: str) -> str:
    """The version the edit form carries."""
    return re.search(r'name="row_version" type="hidden" value="([0-9]+)"', page).group(1)


@pytest.fixture
def colleague(login_as):
    """The organisation's administrator, who may edit every case of it."""
    return login_as("admin")


def test_a_goal_saved_over_someone_elses_change_is_refused(coach, colleague, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case, text="Werk in de logistiek")
    url = f"{jobseeker.base}/goals/{goal.id}"
    mine = seen_on(coach.get(url).text)
    theirs = seen_on(colleague.get(url).text)
    assert colleague.post(url, data={"text": "Werk als planner", "status": "open",
                                     "row_version": theirs}).status_code == 302
    response = coach.post(url, data={"text": "Werk als chauffeur", "status": "open",
                                     "row_version": mine})
    assert response.status_code == 409 and MESSAGE in response.text
    assert "Werk als planner" in response.text  # their version, shown
    assert "Werk als chauffeur" in response.text  # mine, still in the box
    assert db.session.get(Goal, goal.id).text == "Werk als planner"
    again = coach.post(url, data={"text": "Werk als chauffeur", "status": "open",
                                  "row_version": seen_on(response.text)})
    assert again.status_code == 302
    assert db.session.get(Goal, goal.id).text == "Werk als chauffeur"


def test_a_step_saved_over_someone_elses_change_is_refused(coach, colleague, jobseeker, db):
    step = GoalStepFactory(goal=GoalFactory(case=jobseeker.case), text="Sanne bellen")
    url = f"{jobseeker.base}/steps/{step.id}"
    mine = seen_on(coach.get(url).text)
    colleague.post(url, data={"text": "Sanne mailen",
                              "row_version": seen_on(colleague.get(url).text)})
    response = coach.post(url, data={"text": "Sanne opzoeken", "row_version": mine})
    assert response.status_code == 409 and "Sanne mailen" in response.text
    assert db.session.get(GoalStep, step.id).text == "Sanne mailen"


def test_a_contact_saved_over_someone_elses_change_is_refused(coach, colleague, jobseeker,
                                                              db):
    contact = ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                                asked="Vacatures?", contacted_on=today())
    url = f"{jobseeker.base}/contacts/{contact.id}"
    form = {"person_id": str(jobseeker.sanne.id), "contacted_on": today().isoformat(),
            "channel": "phone", "outcome": "tip", "note": "", "follow_up_on": ""}
    mine = seen_on(coach.get(url).text)
    colleague.post(url, data={**form, "asked": "Weet je iemand bij DHL?",
                              "row_version": seen_on(colleague.get(url).text)})
    response = coach.post(url, data={**form, "asked": "Ken je planners?", "row_version": mine})
    assert response.status_code == 409 and MESSAGE in response.text
    assert "Weet je iemand bij DHL?" in response.text
    assert db.session.get(ContactLog, contact.id).asked == "Weet je iemand bij DHL?"


def test_an_unchanged_record_saves_and_a_malformed_fingerprint_is_refused(coach, jobseeker,
                                                                          db):
    goal = GoalFactory(case=jobseeker.case, text="Werk in de logistiek")
    url = f"{jobseeker.base}/goals/{goal.id}"
    seen = seen_on(coach.get(url).text)
    hostile = coach.post(url, data={"text": "Iets anders", "status": "open",
                                    "row_version": "<script>alert(1)</script>"})
    assert hostile.status_code == 409 and "<script>alert(1)" not in hostile.text
    oversized = coach.post(url, data={"text": "Iets anders", "status": "open",
                                      "row_version": "f" * 65})
    assert oversized.status_code == 422
    assert db.session.get(Goal, goal.id).text == "Werk in de logistiek"
    assert coach.post(url, data={"text": "Werk als planner", "status": "open",
                                 "row_version": seen}).status_code == 302


def test_a_goal_removed_while_it_was_edited_gives_not_found(coach, colleague, jobseeker, db):
    goal_id = GoalFactory(case=jobseeker.case, text="Werk in de logistiek").id
    url = f"{jobseeker.base}/goals/{goal_id}"
    seen = seen_on(coach.get(url).text)
    assert colleague.post(f"{url}/delete").status_code == 302
    response = coach.post(url, data={"text": "Werk als planner", "status": "open",
                                     "row_version": seen})
    assert response.status_code == 404
    assert db.session.scalar(select(Goal.id).where(Goal.id == goal_id)) is None
