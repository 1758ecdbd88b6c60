"""Moving people on the picture: the drag posts ring and sector and gets JSON back; without
JavaScript the same endpoint redirects, and the edit form does the same."""

from __future__ import annotations

import re

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.network import services
from eigenkracht.network.models import Person, Sector
from tests.factories import PersonFactory

JSON = {"Accept": "application/json"}


def test_a_drag_saves_the_new_ring_and_sector_and_answers_json(login_as, world, base, db):
    person_id = world.extra_ids["person"]
    response = login_as("coordinator").post(f"{base}/people/{person_id}/move",
                                            data={"ring": "3", "sector": "friends"},
                                            headers=JSON)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["ok"] is True and answer["moved"] is True
    assert answer["message"] == "Oma Truus is now in Friends, ring 3 (Far)."
    assert answer["svg"].startswith("<svg")
    person = db.session.get(Person, person_id)
    assert (person.ring, person.sector) == (3, Sector.FRIENDS)


def test_a_move_is_audited_with_old_and_new_place(login_as, world, base, db):
    login_as("coordinator").post(f"{base}/people/{world.extra_ids['person']}/move",
                                 data={"ring": "2", "sector": "community"}, headers=JSON)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "move"))
    assert event.details == {"ring": [1, 2], "sector": ["family", "community"]}


def test_without_javascript_the_move_redirects_to_the_map(login_as, world, base):
    response = login_as("coordinator").post(f"{base}/people/{world.extra_ids['person']}/move",
                                            data={"ring": "2", "sector": "family"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{base}")


def test_a_bad_ring_is_refused_with_a_message_in_json(login_as, world, base, db):
    person_id = world.extra_ids["person"]
    response = login_as("coordinator").post(f"{base}/people/{person_id}/move",
                                            data={"ring": "9", "sector": "<b>"}, headers=JSON)
    assert response.status_code == 422
    assert response.get_json() == {"ok": False, "message": (
        "Choose a ring: 1 (close), 2 (middle) or 3 (far).")}
    assert db.session.get(Person, person_id).ring == 1


def test_the_client_cannot_be_dragged_away_from_the_centre(login_as, world, base):
    client_id = services.client_person(world.case).id
    response = login_as("coordinator").post(f"{base}/people/{client_id}/move",
                                            data={"ring": "3", "sector": "friends"},
                                            headers=JSON)
    assert response.status_code == 422
    assert "cannot be moved" in response.get_json()["message"]


def test_moving_someone_of_another_case_is_not_found(login_as, world, base, db):
    stranger = PersonFactory(case=world.other_case, ring=1)
    response = login_as("coordinator").post(f"{base}/people/{stranger.id}/move",
                                            data={"ring": "3", "sector": "friends"},
                                            headers=JSON)
    assert response.status_code == 404
    assert db.session.get(Person, stranger.id).ring == 1


def test_a_referrer_cannot_move_people(login_as, world, base):
    response = login_as("referrer").post(f"{base}/people/{world.extra_ids['person']}/move",
                                         data={"ring": "3", "sector": "friends"}, headers=JSON)
    assert response.status_code == 403


def test_a_move_without_the_csrf_token_is_refused(login_as, world, base, db, request):
    person_id = world.extra_ids["person"]
    client = login_as("coordinator")
    request.getfixturevalue("csrf_enabled")  # after logging in
    response = client.post(f"{base}/people/{person_id}/move",
                                            data={"ring": "3", "sector": "friends"},
                                            headers=JSON)
    assert response.status_code == 400
    assert db.session.get(Person, person_id).ring == 1


def test_a_move_with_the_token_of_the_map_page_is_accepted(login_as, world, base, db,
                                                           request):
    client = login_as("coordinator")
    request.getfixturevalue("csrf_enabled")  # after logging in
    page = client.get(base).text
    token = re.search(r'name="csrf_token" value="([^"]+)" data-csrf-token', page).group(1)
    response = client.post(f"{base}/people/{world.extra_ids['person']}/move",
                           data={"ring": "3", "sector": "friends", "csrf_token": token},
                           headers=JSON)
    assert response.status_code == 200


def test_the_map_page_tells_the_script_where_to_post(login_as, base):
    page = login_as("coordinator").get(base).text
    assert "data-map-draggable" in page
    assert f'data-move-url="{base}/people/0/move"' in page
