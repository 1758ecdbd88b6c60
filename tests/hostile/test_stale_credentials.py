"""HSTS in production; API tokens and the calendar feed end with the password (issue 16,
finding 14).

Production sent no ``Strict-Transport-Security``, so a first visit over http could be
intercepted; now every production answer carries it for two years, subdomains included, and
development and tests over http send none. A token or feed address made before the owner
changed their password kept working, and so did the ones of a deactivated user once the
account was active again: a password change and a deactivation now revoke the user's API
tokens and switch their calendar address off (the pages say so), and the API also refuses a
token older than the last password change however that change was made.

Hostile input: a bearer token that is empty, oversized, of the wrong scheme or of a revoked
token gets 401; a feed address that is no longer the user's gets 404.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eigenkracht.api.models import ApiToken
from eigenkracht.conference.models import CalendarFeed
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from tests.factories import PASSWORD, ApiTokenFactory
from tests.fixtures.roles import log_in

NEW_PASSWORD = "blauwe reiger vangt zeven vissen"
YEAR = 365 * 24 * 3600


# --- Strict-Transport-Security ------------------------------------------------------------

@pytest.fixture
def production_app(monkeypatch, database_url):
    from eigenkracht import create_app

    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/eigenkracht")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://eigenkracht.example.nl")
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    app = create_app("production", SQLALCHEMY_DATABASE_URI=database_url)
    yield app
    with app.app_context():
        db.engine.dispose()


def hsts(response) -> dict[str, str]:
    header = response.headers.get("Strict-Transport-Security", "")
    parts = [part.strip() for part in header.split(";") if part.strip()]
    return {name.lower(): value for name, _, value in (p.partition("=") for p in parts)}


@pytest.mark.parametrize("path", ["/login", "/static/css/app.css", "/no-such-page",
                                  "/calendar/unknown.ics", "/api/v1/cases"])
def test_production_answers_carry_strict_transport_security(production_app, path):
    response = production_app.test_client().get(
        path, base_url="https://eigenkracht.example.nl", buffered=True)
    directives = hsts(response)
    assert int(directives["max-age"]) >= YEAR, response.headers
    assert "includesubdomains" in directives


def test_production_sends_it_behind_a_balancer_that_ended_tls_too(production_app):
    response = production_app.test_client().get("/login")  # http to the app itself
    assert int(hsts(response)["max-age"]) >= YEAR


@pytest.mark.parametrize("name", ["development", "testing"])
def test_development_and_tests_over_http_send_no_strict_transport_security(name,
                                                                           database_url):
    from eigenkracht import create_app

    app = create_app(name, SQLALCHEMY_DATABASE_URI=database_url)
    try:
        response = app.test_client().get("/login")
        assert response.status_code == 200
        assert "Strict-Transport-Security" not in response.headers
    finally:
        with app.app_context():
            db.engine.dispose()


# --- API tokens -----------------------------------------------------------------------------

def _token(user, name="sync"):
    ApiTokenFactory(user=user, name=name, created_at=utcnow() - timedelta(minutes=1))
    db.session.flush()
    return {"Authorization": f"Bearer ek_test_{name}", "Accept-Language": "en"}


def _change_password(client):
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    return response


def _set_active(admin, user, active: bool):
    data = {"name": user.name, "role": user.role.value}
    if active:
        data["active"] = "y"
    assert admin.post(f"/admin/users/{user.id}", data=data).status_code == 302


def test_an_api_token_made_before_a_password_change_is_refused_after_it(app, login_as, world):
    headers = _token(world.coordinator)
    api = app.test_client()
    assert api.get("/api/v1/cases", headers=headers).status_code == 200
    _change_password(login_as("coordinator"))
    response = api.get("/api/v1/cases", headers=headers)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_a_token_made_after_the_password_change_works(app, login_as, world):
    client = login_as("coordinator")
    _change_password(client)
    page = client.post("/account/api/tokens", data={"name": "new system"})
    secret = page.text.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    response = app.test_client().get("/api/v1/cases",
                                     headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_the_token_page_shows_the_old_token_as_revoked(login_as, world):
    _token(world.coordinator, "old system")
    client = login_as("coordinator")
    _change_password(client)
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "old system"))
    assert token.revoked_at is not None
    row = client.get("/account/api/tokens").text.split("old system")[1].split("</tr>")[0]
    assert "Revoked" in row


def test_a_password_changed_outside_the_pages_still_stops_older_tokens(app, world):
    """However the password changed (a script, the database), ``password_changed_at`` after
    a token's creation refuses it."""
    headers = _token(world.coordinator)
    world.coordinator.password_changed_at = utcnow()
    db.session.flush()
    assert app.test_client().get("/api/v1/cases", headers=headers).status_code == 401


def test_a_refused_password_change_leaves_the_tokens_working(app, login_as, world):
    headers = _token(world.coordinator)
    client = login_as("coordinator")
    client.post("/account/password", data={"current_password": "not it at all, sorry",
                                           "new_password": NEW_PASSWORD,
                                           "confirm": NEW_PASSWORD})
    assert app.test_client().get("/api/v1/cases", headers=headers).status_code == 200


def test_a_deactivated_users_token_is_refused_and_stays_refused_after_reactivation(
        app, login_as, world):
    headers = _token(world.coordinator)
    admin = login_as("admin")
    _set_active(admin, world.coordinator, False)
    api = app.test_client()
    assert api.get("/api/v1/cases", headers=headers).status_code == 401
    _set_active(admin, world.coordinator, True)
    assert api.get("/api/v1/cases", headers=headers).status_code == 401


def test_other_users_tokens_are_untouched(app, login_as, world):
    headers = _token(world.admin, "admin system")
    _change_password(login_as("coordinator"))
    assert app.test_client().get("/api/v1/cases", headers=headers).status_code == 200


@pytest.mark.parametrize("value", ["", "Bearer", "Bearer ", "Basic ek_test_sync",
                                   "Bearer " + "x" * 5000, "Bearer ek_test_sync\x00",
                                   "Bearer ek_test_sync ek_test_sync"])
def test_hostile_authorization_headers_get_401(app, world, value):
    _token(world.coordinator)
    response = app.test_client().get("/api/v1/cases", headers={"Authorization": value})
    assert response.status_code == 401


# --- the calendar feed --------------------------------------------------------------------

def test_the_calendar_feed_stops_at_the_owners_password_change(app, login_as, world):
    token = world.extra_ids["calendar_token"]
    feed = app.test_client()
    assert feed.get(f"/calendar/{token}.ics").status_code == 200
    client = login_as("coordinator")
    _change_password(client)
    assert feed.get(f"/calendar/{token}.ics").status_code == 404
    assert db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.user_id == world.coordinator.id)) is None
    # A new address, made after the change, works.
    client.post("/calendar/feed")
    fresh = db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.user_id == world.coordinator.id))
    assert fresh is not None


def test_a_new_feed_address_after_the_password_change_works(app, login_as, world):
    import re

    client = login_as("coordinator")
    _change_password(client)
    page = client.post("/calendar/feed").text
    token = re.search(r"/calendar/([A-Za-z0-9_-]{43})\.ics", page).group(1)
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 200


def test_the_calendar_feed_of_a_deactivated_user_stops_and_stays_stopped(app, login_as, world):
    token = world.extra_ids["calendar_token"]
    admin = login_as("admin")
    _set_active(admin, world.coordinator, False)
    feed = app.test_client()
    assert feed.get(f"/calendar/{token}.ics").status_code == 404
    _set_active(admin, world.coordinator, True)
    assert feed.get(f"/calendar/{token}.ics").status_code == 404


def test_a_feed_made_before_a_password_changed_outside_the_pages_is_refused(app, world):
    token = world.extra_ids["calendar_token"]
    feed = db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.user_id == world.coordinator.id))
    world.coordinator.password_changed_at = feed.created_at + timedelta(seconds=1)
    db.session.flush()
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404


def test_logging_in_again_does_not_bring_a_revoked_feed_back(app, login_as, world):
    token = world.extra_ids["calendar_token"]
    client = login_as("coordinator")
    _change_password(client)
    client.post("/logout")
    log_in(client, world.coordinator, NEW_PASSWORD)
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404
