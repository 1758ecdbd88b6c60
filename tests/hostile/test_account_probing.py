"""An admin cannot find out whether an address has an account in another organisation.

The hostile admin of one organisation typed addresses into the new-account form and read
"Er is al een account met dit e-mailadres" for those in use elsewhere — also with a weak
password, so nothing was ever created and nothing was logged. Now every other problem of the
form is told first and the same way for a free address and one used elsewhere (same status,
same page); only a form that would be saved tells them apart, and then with a neutral
message that names no organisation. A duplicate in the admin's own organisation still gets
the clear message.
"""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from eigenkracht.auth.models import User
from eigenkracht.extensions import db

ELSEWHERE = "coordinator@elders.example"  # the world's other organisation
FREE = "nieuw@elders.example"
STRONG = "zeven gele olifanten dansen op het dak"
NEUTRAL = ("This e-mail address cannot be used for a new account. Use another address, "
           "such as the person's address at your organisation.")


def new_user(client, email: str, headers=None, **overrides):
    data = {"name": "Fatima Ouali", "email": email, "role": "coordinator", "locale": "nl",
            "password": STRONG}
    data.update(overrides)
    return client.post("/admin/users/new", data=data, headers=headers or {})


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def as_seen(response, email: str) -> tuple[int, str]:
    """The answer as the prober sees it, without what differs on every page anyway (the
    address typed in, the form's one-time key and CSRF token)."""
    text = response.get_data(as_text=True).replace(email, "ADDRESS")
    text = re.sub(r'(name="(?:submission|csrf_token)"[^>]*value=")[^"]*"', r'\1"', text)
    text = re.sub(r'value="[^"]*"([^>]*name="(?:submission|csrf_token)")', r'value=""\1', text)
    return response.status_code, text


def accounts() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("problem", [
    {"password": "welkom123456"},  # too easy to guess
    {"password": "kort"},  # too short
    {"password": "x" * 129},  # one past the limit
    {"name": ""},
    {"name": "n" * 201},  # one past the limit
    {"role": "superuser"},
    {"locale": "xx"},
])
@pytest.mark.parametrize("elsewhere", [ELSEWHERE, ELSEWHERE.upper(), f"  {ELSEWHERE} "])
def test_a_refused_form_answers_the_same_for_an_address_used_elsewhere_and_a_free_one(
        login_as, world, problem, elsewhere):
    admin = login_as("admin")
    before = accounts()
    free = elsewhere.replace("coordinator", "nieuw").replace("COORDINATOR", "NIEUW")
    probe = as_seen(new_user(admin, elsewhere, **problem), elsewhere)
    fresh = as_seen(new_user(admin, free, **problem), free)
    assert probe[0] == fresh[0] == 422
    assert probe == fresh
    assert "already an account" not in probe[1] and NEUTRAL not in probe[1]
    assert accounts() == before


def test_a_form_that_would_be_saved_gets_a_neutral_message_for_an_address_used_elsewhere(
        login_as, world):
    before = accounts()
    response = new_user(login_as("admin"), ELSEWHERE)
    assert response.status_code == 422
    assert NEUTRAL in page(response)
    assert "already" not in page(response) and world.other_org.name not in page(response)
    assert accounts() == before
    other = db.session.scalar(select(User).where(User.email == ELSEWHERE))
    assert other.organisation_id == world.other_org.id and other.name != "Fatima Ouali"


def test_in_dutch_the_message_does_not_say_an_account_exists(login_as, world):
    world.admin.locale = "nl"  # the language chosen in the admin's account
    db.session.flush()
    response = new_user(login_as("admin"), ELSEWHERE, headers={"Accept-Language": "nl"})
    assert response.status_code == 422
    assert "Er is al een account" not in page(response)
    assert ("Dit e-mailadres kan niet worden gebruikt voor een nieuw account. Gebruik een "
            "ander adres, zoals het adres van de persoon bij jouw organisatie.") in page(response)


def test_a_free_address_makes_the_account(login_as, world):
    response = new_user(login_as("admin"), FREE)
    assert response.status_code == 200
    made = db.session.scalar(select(User).where(User.email == FREE))
    assert made.organisation_id == world.org.id


@pytest.mark.parametrize("address", ["coordinator@rijnmond.example",
                                     "Coordinator@Rijnmond.Example"])
def test_an_address_of_ones_own_organisation_gets_the_clear_message(login_as, world,
                                                                    address):
    response = new_user(login_as("admin"), address)
    assert response.status_code == 422
    assert "There is already an account with this e-mail address." in response.text


def test_an_account_cannot_be_moved_to_another_address_through_the_edit_form(login_as,
                                                                           world):
    """No page changes an address: a hostile field is ignored, the address stays."""
    response = login_as("admin").post(
        f"/admin/users/{world.jobcoach.id}",
        data={"name": "Jip Coach", "role": "jobcoach", "active": "y", "email": ELSEWHERE})
    assert response.status_code == 302
    assert db.session.get(User, world.jobcoach.id).email == "jobcoach@rijnmond.example"
