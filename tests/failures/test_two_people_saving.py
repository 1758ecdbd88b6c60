"""Two people save the same record: the second save, made on what the first has changed
since, is refused with a message that says someone else changed it; the refused input stays
on the screen and what the first saved stays saved — neither change is lost.

Each person opens the page and sends the form as their browser would (``browser.py``).
Already covered elsewhere: the case form (tests/cases/test_case_pages.py), the plan and an
action (tests/plans/test_concurrency.py), the decision (tests/plans/test_decision.py), the
API's If-Match (tests/api/test_cases.py). Here: a person on the network map and the client
at its centre (protected since this test module was written), the conference form, an
invitation and the case status.
"""

from __future__ import annotations

import re

import pytest

from eigenkracht.cases.models import Case, CaseStatus
from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.network.services import client_person
from tests.failures.browser import open_form


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


@pytest.fixture
def admin(login_as):
    """The organisation's administrator: may change every case of it."""
    return login_as("admin")


def person_url(world, person_id: int) -> str:
    return f"/cases/{world.case.reference}/network/people/{person_id}"


# --- a person on the network map -------------------------------------------------------------

def test_a_stale_save_of_a_person_on_the_map_is_refused_with_a_message(world, coordinator,
                                                                       admin):
    url = person_url(world, world.extra_ids["person"])
    mine, theirs = open_form(admin, url), open_form(coordinator, url)
    assert coordinator.post(url, data={**theirs, "ring": "3"}).status_code == 302
    response = admin.post(url, data={**mine, "phone": "06 12345678"})
    assert response.status_code == 409
    assert ("Someone else saved the details of Oma Truus while you were editing them"
            in response.text)
    person = db.session.get(Person, world.extra_ids["person"])
    assert (person.ring, person.phone) == (3, "")  # the first save stays, nothing half-saved


def test_the_refused_input_stays_in_the_form_beside_what_is_saved_now(world, coordinator,
                                                                      admin):
    url = person_url(world, world.extra_ids["person"])
    mine, theirs = open_form(admin, url), open_form(coordinator, url)
    coordinator.post(url, data={**theirs, "notes": "Haalt Noëlle op woensdag."})
    response = admin.post(url, data={**mine, "notes": "Woont sinds kort in Delft."})
    assert response.status_code == 409
    assert "Woont sinds kort in Delft." in response.text  # my input, in the form
    panel = response.text.split("Saved by someone else in the meantime", 1)[1]
    assert "Haalt Noëlle op woensdag." in panel.split("</section>", 1)[0]  # theirs


def test_saving_again_after_checking_keeps_both_changes(world, coordinator, admin):
    url = person_url(world, world.extra_ids["person"])
    mine, theirs = open_form(admin, url), open_form(coordinator, url)
    coordinator.post(url, data={**theirs, "ring": "3"})
    refused = admin.post(url, data={**mine, "phone": "06 12345678"})
    seen = re.search(r'name="row_version" type="hidden" value="([^"]+)"', refused.text).group(1)
    again = admin.post(url, data={**mine, "phone": "06 12345678", "ring": "3",
                                  "row_version": seen})
    assert again.status_code == 302
    person = db.session.get(Person, world.extra_ids["person"])
    assert (person.ring, person.phone) == (3, "06 12345678")


def test_a_move_on_the_map_makes_an_open_form_stale(world, coordinator, admin):
    url = person_url(world, world.extra_ids["person"])
    mine = open_form(admin, url)
    moved = coordinator.post(f"{url}/move", data={"sector": "friends", "ring": "2"})
    assert moved.status_code in (200, 302)
    response = admin.post(url, data={**mine, "notes": "Nieuw"})
    assert response.status_code == 409
    person = db.session.get(Person, world.extra_ids["person"])
    assert person.notes != "Nieuw" and person.ring == 2


def test_a_save_that_changes_nothing_is_not_refused(world, coordinator, admin):
    url = person_url(world, world.extra_ids["person"])
    mine, theirs = open_form(admin, url), open_form(coordinator, url)
    coordinator.post(url, data={**theirs, "ring": "3"})
    assert admin.post(url, data={**mine, "ring": "3"}).status_code == 302


def test_the_client_at_the_centre_of_the_map_is_protected_too(world, coordinator, admin):
    client = client_person(world.case)
    db.session.commit()
    url = person_url(world, client.id)
    mine, theirs = open_form(admin, url), open_form(coordinator, url)
    assert coordinator.post(url, data={**theirs, "phone": "010 1234567"}).status_code == 302
    response = admin.post(url, data={**mine, "email": "noelle@example.org"})
    assert response.status_code == 409
    client = db.session.get(Person, client.id)
    assert (client.phone, client.email) == ("010 1234567", "")


@pytest.mark.parametrize("seen", ["", "abc", "2026-11-27T10:00:00", "9" * 5000,
                                  "2026-11-27T10:00:00+00:00' OR '1'='1"])
def test_a_missing_malformed_or_forged_stamp_is_treated_as_stale(world, coordinator, seen):
    url = person_url(world, world.extra_ids["person"])
    mine = open_form(coordinator, url)
    response = coordinator.post(url, data={**mine, "notes": "Zomaar", "row_version": seen})
    assert response.status_code == 409
    assert db.session.get(Person, world.extra_ids["person"]).notes != "Zomaar"


def test_a_client_that_sends_no_stamp_is_not_checked(world, coordinator):
    """Scripts and pages from before the check send none: their saves go through."""
    url = person_url(world, world.extra_ids["person"])
    mine = open_form(coordinator, url)
    mine.pop("row_version")
    assert coordinator.post(url, data={**mine, "notes": "Zonder stempel"}).status_code == 302
    assert db.session.get(Person, world.extra_ids["person"]).notes == "Zonder stempel"


# --- the conference form and an invitation ------------------------------------------------

def test_a_stale_conference_edit_keeps_my_input_and_their_save(world, coordinator, admin):
    base = f"/cases/{world.case.reference}/conferences/{world.extra_ids['conference']}"
    mine, theirs = open_form(admin, f"{base}/edit"), open_form(coordinator, f"{base}/edit")
    assert coordinator.post(f"{base}/edit", data={**theirs, "childs_advocate": "Meester Jan"}
                            ).status_code == 302
    response = admin.post(f"{base}/edit", data={**mine, "practical_notes": "Koffie mee"})
    assert response.status_code == 409
    assert "Someone else saved this meeting" in response.text
    assert "Koffie mee" in response.text
    conference = db.session.get(Conference, world.extra_ids["conference"])
    assert (conference.childs_advocate, conference.practical_notes) == ("Meester Jan", "")


def test_a_stale_invitation_edit_says_so_and_keeps_my_input(world, coordinator, admin):
    url = (f"/cases/{world.case.reference}/conferences/{world.extra_ids['conference']}"
           f"/invitations/{world.extra_ids['invitation']}")
    mine, theirs = open_form(admin, url), open_form(coordinator, url)
    assert coordinator.post(url, data={**theirs, "needs_diet": "halal"}).status_code == 302
    response = admin.post(url, data={**mine, "needs_access": "rolstoel"})
    assert response.status_code == 409
    assert "Someone else saved this invitation" in response.text
    assert "rolstoel" in response.text
    invitation = db.session.get(Invitation, world.extra_ids["invitation"])
    assert (invitation.needs_diet, invitation.needs_access) == ("halal", "")


# --- the case status --------------------------------------------------------------------------

def test_a_status_change_on_an_old_page_is_refused_and_the_first_one_stays(world, coordinator,
                                                                           admin):
    case_page = f"/cases/{world.case.reference}"
    status = f"{case_page}/status"
    mine = open_form(admin, case_page, status)
    theirs = open_form(coordinator, case_page, status)
    # A change by hand gives its reason (issue 19).
    assert coordinator.post(status, data={**theirs, "status": "closed",
                                          "reason": "Gezin verhuisd"}).status_code == 302
    response = admin.post(status, data={**mine, "status": "conference",
                                        "reason": "De dag is begonnen"},
                          follow_redirects=True)
    assert "Someone else changed this case in the meantime" in response.text
    assert db.session.get(Case, world.case.id).status == CaseStatus.CLOSED
