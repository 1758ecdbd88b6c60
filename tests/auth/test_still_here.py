"""The idle warning's "Stay signed in" (WCAG 2.2.1): two minutes before the idle timeout the
page says so; the button keeps the session going, and only a signed-in session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eigenkracht.auth.models import UserSession
from eigenkracht.core.clock import frozen
from eigenkracht.extensions import db
from tests.hostile.test_sessions_end import MONDAY, browser
from tests.fixtures.roles import log_in


def _last_seen(user):
    db.session.expire_all()
    return db.session.scalar(select(UserSession.last_seen_at).where(
        UserSession.user_id == user.id))


def test_staying_signed_in_just_before_the_timeout_starts_the_idle_time_again(app, world):
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    with frozen(MONDAY):
        client = log_in(browser(app), world.coordinator)
    with frozen(MONDAY + idle - timedelta(minutes=2)):  # the warning shows now
        assert client.post("/account/still-here").status_code == 204
    assert _last_seen(world.coordinator) == MONDAY + idle - timedelta(minutes=2)
    with frozen(MONDAY + idle + timedelta(minutes=5)):  # past the first timeout, not the new
        assert client.get("/cases/").status_code == 200


def test_without_it_the_session_ends_at_the_idle_timeout(app, world):
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    with frozen(MONDAY):
        client = log_in(browser(app), world.coordinator)
    with frozen(MONDAY + idle):
        assert client.get("/cases/").status_code == 302
        assert client.post("/account/still-here").status_code == 302  # to the login page


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_warning_is_on_staff_pages_only_when_signed_in(app, world, signed_in):
    client = log_in(browser(app), world.coordinator) if signed_in else browser(app)
    page = client.get("/cases/" if signed_in else "/login").get_data(as_text=True)
    assert ("data-session-warning" in page) is signed_in
    if signed_in:
        assert f'data-idle-seconds="{app.config["SESSION_IDLE_MINUTES"] * 60}"' in page
