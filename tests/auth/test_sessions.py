"""The page of one's sessions, how a browser is named, and the session settings."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from config import DevelopmentConfig, ProductionConfig
from eigenkracht.auth.sessions import describe
from tests.fixtures.roles import log_in

ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/126.0.0.0 Mobile Safari/537.36")
MAC_SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like "
              "Gecko) Version/17.5 Safari/605.1.15")
OPERA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0")
IPAD_CHROME = ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
               "Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1")


@pytest.mark.parametrize("agent,shown", [
    (ANDROID, "Chrome on Android"),
    (MAC_SAFARI, "Safari on macOS"),
    (OPERA, "Opera on Windows"),
    (IPAD_CHROME, "Chrome on iPad"),
    ("curl/8.5.0", "Unknown browser"),
    ("Mozilla/5.0 (X11; Linux x86_64)", "Unknown browser on Linux"),
    ("Firefox/", "Firefox"),
    (None, "Unknown browser"),
])
def test_a_browser_is_named_by_its_user_agent(english, agent, shown):
    assert describe(agent) == shown


def test_in_dutch_a_browser_is_named_in_dutch(app):
    with app.test_request_context(), force_locale("nl"):
        assert describe(ANDROID) == "Chrome op Android"
        assert describe("") == "Onbekende browser"


def test_the_sessions_page_speaks_dutch(app, world, db):
    world.coordinator.locale = "nl"
    db.session.flush()
    client = log_in(app.test_client(), world.coordinator)
    page = client.get("/account/sessions").text
    assert "Je sessies" in page and "Laatst gezien" in page and "deze browser" in page


def test_the_password_page_leads_to_the_sessions_page(login_as):
    assert 'href="/account/sessions"' in login_as("coordinator").get("/account/password").text


def test_the_sessions_page_says_the_configured_limits(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 15)
    monkeypatch.setitem(app.config, "SESSION_LIFETIME_HOURS", 9)
    page = log_in(app.test_client(), world.coordinator).get("/account/sessions").text
    assert "after 15 minutes without use, 9 hours after logging in" in page


def test_the_defaults_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert DevelopmentConfig.SESSION_IDLE_MINUTES == 30
    assert DevelopmentConfig.SESSION_LIFETIME_HOURS == 12
    # The signed cookie is never accepted longer than the session lives.
    assert DevelopmentConfig.PERMANENT_SESSION_LIFETIME == 12 * 3600


@pytest.mark.parametrize("name", ["SESSION_IDLE_MINUTES", "SESSION_LIFETIME_HOURS"])
@pytest.mark.parametrize("value", ["0", "-5", "thirty", "1.5", " 30"])
def test_a_session_setting_that_is_no_positive_whole_number_stops_the_start(
        monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=name):
        DevelopmentConfig.validate()
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/eigenkracht")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://eigenkracht.example.nl")
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    with pytest.raises(RuntimeError, match=name):
        ProductionConfig.validate()


def test_a_session_setting_of_one_is_accepted(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "1")
    monkeypatch.setenv("SESSION_LIFETIME_HOURS", "1")
    DevelopmentConfig.validate()
