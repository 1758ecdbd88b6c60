"""Adding someone to the map through the API, and the question about duplicates (409)."""

from __future__ import annotations

from sqlalchemy import func, select

from eigenkracht.extensions import db
from eigenkracht.network.models import Person


def _count(case) -> int:
    return db.session.scalar(select(func.count(Person.id)).where(Person.case_id == case.id))


def test_a_person_is_added_with_language_and_phone(api_as, world):
    response = api_as("coordinator").post(
        f"/api/v1/cases/{world.case.reference}/people",
        json={"name": "Karim Bouzid", "sector": "friends", "ring": 1, "language": "ar",
              "phone": "+31 6 1234 5678"})
    assert response.status_code == 201
    assert response.json["language"] == "ar" and response.json["ring"] == 1
    assert response.headers["Location"].endswith(f"/people/{response.json['id']}")


def test_a_name_like_someone_on_the_map_is_a_409_with_the_candidates(api_as, world):
    client = api_as("coordinator")
    path = f"/api/v1/cases/{world.case.reference}/people"
    before = _count(world.case)
    refused = client.post(path, json={"name": "truus oma"})  # "Oma Truus" is on the map
    assert refused.status_code == 409
    assert refused.json["candidates"] == [{"id": world.extra_ids["person"],
                                           "name": "Oma Truus"}]
    assert _count(world.case) == before
    confirmed = client.post(path, json={"name": "truus oma", "confirm_duplicate": True})
    assert confirmed.status_code == 201
    assert _count(world.case) == before + 1


def test_bad_input_is_a_422_with_messages_per_field(api_as, world):
    response = api_as("coordinator").post(
        f"/api/v1/cases/{world.case.reference}/people",
        json={"name": "  ", "ring": 7, "colour": "red"})
    assert response.status_code == 422
    assert {"name", "ring", "colour"} <= set(response.json["errors"])


def test_a_broken_rule_of_the_map_is_a_422(api_as, world):
    response = api_as("coordinator").post(
        f"/api/v1/cases/{world.case.reference}/people",
        json={"name": "Kees", "language": "klingon", "email": "not an address"})
    assert response.status_code == 422
    assert "language" in response.json["errors"]


def test_a_read_only_token_or_a_referrer_cannot_add_people(api_as, world):
    path = f"/api/v1/cases/{world.case.reference}/people"
    assert api_as("coordinator", read_only=True).post(path, json={"name": "Kees"}
                                                      ).status_code == 403
    assert api_as("referrer").post(path, json={"name": "Kees"}).status_code == 403
    assert api_as("other_coordinator").post(path, json={"name": "Kees"}).status_code == 404
