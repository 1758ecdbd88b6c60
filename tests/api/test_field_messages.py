"""Each wrong field of an API request gets a message a person can read, in their language."""

from __future__ import annotations

import pytest

from eigenkracht.api.messages import field_message


def test_every_wrong_field_is_named_with_a_readable_message(api_as, world):
    response = api_as("coordinator").post("/api/v1/cases", json={
        "kind": "spaceship", "clients": [{"first_name": "x" * 500}], "is_admin": True})
    errors = response.json["errors"]
    assert errors["kind"] == ["Choose one of: youth, work, other."]
    assert errors["clients.0.first_name"] == ["Use between 1 and 100 characters."]
    assert errors["is_admin"] == ["This field is not known here."]


def test_the_field_messages_are_in_the_token_users_language(api_as, world):
    world.coordinator.locale = "nl"
    response = api_as("coordinator").post(
        "/api/v1/cases", json={"kind": "work", "clients": [{"first_name": 12}]})
    assert response.status_code == 422
    assert response.json["title"] == "Sommige velden zijn niet goed"
    assert response.json["errors"]["clients.0.first_name"] == ["Geen geldige tekst."]


@pytest.mark.parametrize(("marshmallow", "readable"), [
    ("Missing data for required field.", "This field is required."),
    ("Not a valid integer.", "Not a valid whole number."),
    ("Not a valid naive datetime.", "Not a valid date and time (ISO 8601)."),
    ("Longer than maximum length 100.", "Use at most 100 characters."),
    ("Must be greater than or equal to 1 and less than or equal to 100.",
     "Use a number from 1 to 100."),
    ('"<script>" cannot be formatted as a date.', "This value cannot be read."),
    ("A rule of our own.", "A rule of our own."),
])
def test_marshmallows_wording_is_replaced(english, marshmallow, readable):
    assert field_message(marshmallow) == readable
