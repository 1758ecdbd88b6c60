"""Every form of the conference pages carries a CSRF token, and a post without one is
refused without changing anything."""

from __future__ import annotations

import re

import pytest

from eigenkracht.conference.models import Conference, Phase
from tests.conference.conftest import in_phase

FORM = re.compile(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S)


@pytest.mark.parametrize("page", ["", "/day", "/edit", "/invitations/new",
                                  "/invitations/{invitation}"])
def test_every_form_on_the_page_carries_a_csrf_token(coordinator, base, world, page,
                                                    csrf_enabled):
    text = coordinator.get(base + page.format(**world.extra_ids)).text
    forms = FORM.findall(text)
    assert forms
    assert all('name="csrf_token"' in form for form in forms)


def test_the_day_pages_forms_carry_a_token_in_the_information_phase(coordinator, base,
                                                                    conference, csrf_enabled):
    in_phase(conference, Phase.INFORMATION)
    forms = FORM.findall(coordinator.get(f"{base}/day").text)
    assert len(forms) >= 3
    assert all('name="csrf_token"' in form for form in forms)


@pytest.mark.parametrize("page", ["/todo", "/calendar"])
def test_the_personal_pages_forms_carry_a_token(coordinator, page, csrf_enabled):
    assert all('name="csrf_token"' in form for form in FORM.findall(
        coordinator.get(page).text))


def test_a_phase_tap_without_a_token_changes_nothing(coordinator, base, conference, db,
                                                     csrf_enabled):
    response = coordinator.post(f"{base}/phase", data={"target": "information",
                                                       "current": "planned"})
    assert response.status_code == 400
    assert db.session.get(Conference, conference.id).phase == Phase.PLANNED


def test_a_feed_address_cannot_be_made_without_a_token(coordinator, db, csrf_enabled):
    assert coordinator.post("/calendar/feed").status_code == 400


def test_the_day_page_loads_its_people_in_a_fixed_number_of_queries(coordinator, base,
                                                                    conference, world,
                                                                    count_queries):
    from tests.factories import InvitationFactory

    coordinator.get(f"{base}/day")  # warm up: the session, the user
    with count_queries() as few:
        coordinator.get(f"{base}/day")
    for _ in range(10):
        InvitationFactory(conference=conference)
    with count_queries() as many:
        coordinator.get(f"{base}/day")
    assert len(many) == len(few)
