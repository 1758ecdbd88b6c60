"""Staff make, share and revoke personal links; the CLI prints one; the PDF's QR code."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import g
from sqlalchemy import select

from eigenkracht.extensions import db
from eigenkracht.family import services
from eigenkracht.family.models import AccessLink
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.pdf.qr import qr_target
from tests.factories import PersonFactory


def new_links(case) -> list[AccessLink]:
    return list(db.session.scalars(select(AccessLink).where(AccessLink.case_id == case.id)
                                   .order_by(AccessLink.id)))


def test_the_coordinator_makes_a_link_and_sees_the_address_once_with_a_qr_code(
        login_as, world):
    person = PersonFactory(case=world.case, name="Tante Lies")
    client = login_as("coordinator")
    response = client.post(f"/cases/{world.case.reference}/links",
                           data={"person_id": str(person.id)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "/p/" in page and '<svg' in page and "Tante Lies" in page
    again = client.get(f"/cases/{world.case.reference}/links").get_data(as_text=True)
    assert 'id="new-link-url"' not in again and "Tante Lies" in again


def test_the_token_is_stored_only_as_a_hash(app, world):
    person = PersonFactory(case=world.case)
    with app.test_request_context():
        made = services.create_link(world.case, person, world.coordinator)
    assert len(made.token) >= 43  # 32 random bytes, URL-safe
    assert made.link.token_hash == services.hash_token(made.token)
    assert made.token not in made.link.token_hash
    assert services.link_for_token(made.token) is made.link


def test_the_access_code_is_stored_as_a_scrypt_hash(app, world):
    person = PersonFactory(case=world.case)
    with app.test_request_context():
        made = services.create_link(world.case, person, world.coordinator, code="4711")
    assert made.link.code_hash.startswith("scrypt:")
    assert services.check_code(made.link, "4711") and not services.check_code(made.link, "1")


def test_a_too_short_access_code_is_refused_and_no_link_is_made(login_as, world):
    person = PersonFactory(case=world.case)
    before = len(new_links(world.case))
    response = login_as("coordinator").post(f"/cases/{world.case.reference}/links",
                                            data={"person_id": str(person.id), "code": "12"})
    assert response.status_code == 422
    assert len(new_links(world.case)) == before


def test_a_person_of_another_case_cannot_get_a_link_here(login_as, world):
    stranger = PersonFactory()
    before = len(new_links(world.case))
    response = login_as("coordinator").post(f"/cases/{world.case.reference}/links",
                                            data={"person_id": str(stranger.id)})
    assert response.status_code == 422
    assert len(new_links(world.case)) == before


def test_the_link_can_be_sent_by_email(login_as, world):
    person = PersonFactory(case=world.case, name="Tante Lies", email="lies@example.org")
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/links",
        data={"person_id": str(person.id), "send_email": "y"})
    assert response.status_code == 200
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to ==
                                                            "lies@example.org"))
    assert message is not None and "/p/" in message.text_body


def test_sending_to_someone_without_an_address_says_so(login_as, world):
    person = PersonFactory(case=world.case, email="")
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/links",
        data={"person_id": str(person.id), "send_email": "y"})
    assert response.status_code == 422
    assert "no e-mail address" in response.get_data(as_text=True)


def test_a_revoked_link_stops_working(login_as, world, client):
    link_id = world.extra_ids["family_link"]
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/links/{link_id}/revoke")
    assert response.status_code == 302
    assert db.session.get(AccessLink, link_id).revoked_at is not None
    assert client.get(f"/p/{world.extra_ids['family_token']}").status_code == 410


def test_a_link_of_another_case_cannot_be_revoked_here(login_as, world):
    other = login_as("other_coordinator")
    response = other.post(f"/cases/EK-2026-0002/links/{world.extra_ids['family_link']}/revoke")
    assert response.status_code == 404
    assert db.session.get(AccessLink, world.extra_ids["family_link"]).revoked_at is None


def test_a_link_expires_with_the_review_date_of_the_plan(app, family):
    # At the end of the review day on the organisation's clock (core.clock), not UTC's.
    evaluation = family.plan.evaluation_date
    expected = datetime.combine(evaluation, time(23, 59), tzinfo=ZoneInfo(
        "Europe/Amsterdam")).astimezone(UTC)
    assert services.default_expiry(family.plan.case) == expected


def test_without_an_evaluation_date_a_link_works_90_days(app, world):
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    assert services.default_expiry(world.case, now) == now + timedelta(days=90)


def test_the_cli_prints_the_url(app, world):
    PersonFactory(case=world.case, name="Tante Lies")
    db.session.flush()
    result = app.test_cli_runner().invoke(
        args=["links", "create", world.case.reference, "--person", "tante lies",
              "--org", "rijnmond"])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert url.startswith("http") and "/p/" in url
    token = url.rsplit("/p/", 1)[1]
    assert services.link_for_token(token).person.name == "Tante Lies"


@pytest.mark.parametrize("typed", ["Fatma Öztürk", "fatma öztürk", "FATMA ÖZTÜRK", "fatma ozturk",
                                   "Öztürk, Fatma", "  fatma   OZTURK "])
def test_the_cli_finds_a_name_however_its_letters_are_typed(app, world, typed):
    """Issue 26 point 10: SQLite's lower() left "Ö" alone, so only the exact spelling
    worked."""
    PersonFactory(case=world.case, name="Fatma Öztürk")
    db.session.flush()
    result = app.test_cli_runner().invoke(
        args=["links", "create", world.case.reference, "--person", typed, "--org", "rijnmond"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().rsplit("/p/", 1)[1]
    assert services.link_for_token(token).person.name == "Fatma Öztürk"


@pytest.mark.parametrize("typed", ["Fatma", "Fatma Öztürkmen", "Fatmagül Öztürk", ""])
def test_the_cli_does_not_take_part_of_a_name_for_the_name(app, world, typed):
    PersonFactory(case=world.case, name="Fatma Öztürk")
    db.session.flush()
    result = app.test_cli_runner().invoke(
        args=["links", "create", world.case.reference, "--person", typed, "--org", "rijnmond"])
    assert result.exit_code != 0
    assert "Nobody called" in result.output


def test_the_cli_says_when_nobody_has_that_name(app, world):
    result = app.test_cli_runner().invoke(
        args=["links", "create", world.case.reference, "--person", "Niemand",
              "--org", "rijnmond"])
    assert result.exit_code != 0
    assert "Nobody called" in result.output


def test_the_qr_code_points_to_the_persons_page_when_their_link_is_known(app, family):
    with app.test_request_context():
        assert qr_target(family.plan, family.oma) is None
        services.remember_token(family.link, family.token)
        assert qr_target(family.plan, family.oma).endswith(f"/p/{family.token}")
        family.link.revoked_at = datetime.now(UTC)
        assert qr_target(family.plan, family.oma) is None
        assert g.family_tokens  # known only within this request


def test_the_plan_page_links_to_personal_links_and_shows_family_updates(login_as, world, client):
    from eigenkracht.plans.models import Action, PlanStatus

    action = db.session.get(Action, world.extra_ids["action"])
    action.plan.status = PlanStatus.ACCEPTED
    db.session.flush()
    client.post(f"/p/{world.extra_ids['family_token']}/actions/{action.id}",
                data={"status": "done", "note": "Gedaan door oom"})
    page = login_as("coordinator").get(
        f"/cases/{world.case.reference}/plan/v{action.plan.version}").get_data(as_text=True)
    assert f"/cases/{world.case.reference}/links" in page
    assert "Gedaan door oom" in page and "Oom Kees" in page
