"""Languages: Dutch by default, English on request, the user's preference first."""

from __future__ import annotations


def test_dutch_is_the_default(client):
    response = client.get("/login", headers={"Accept-Language": ""})
    assert 'lang="nl"' in response.text and 'dir="ltr"' in response.text
    assert "Inloggen" in response.text


def test_the_browser_language_is_used_when_supported(client):
    response = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert 'lang="en"' in response.text and "Log in" in response.text


def test_lang_in_the_address_wins_over_the_browser_and_sticks(client):
    client.get("/login?lang=en", headers={"Accept-Language": "nl"})
    response = client.get("/login", headers={"Accept-Language": "nl"})
    assert 'lang="en"' in response.text


def test_an_unsupported_language_falls_back_to_dutch(client):
    response = client.get("/login?lang=xx", headers={"Accept-Language": "de"})
    assert 'lang="nl"' in response.text


def test_the_users_own_preference_wins(login_as, world, db):
    world.coordinator.locale = "nl"
    db.session.flush()
    response = login_as("coordinator").get("/cases/?lang=en",
                                           headers={"Accept-Language": "en"})
    assert 'lang="nl"' in response.text and "Zaken" in response.text


def test_choosing_a_language_saves_it_as_the_users_preference(login_as, world, db):
    from eigenkracht.auth.models import User

    client = login_as("coordinator")
    response = client.post("/language", data={"lang": "nl", "next": "/cases/"})
    assert response.headers["Location"] == "/cases/"
    assert db.session.get(User, world.coordinator.id).locale == "nl"


def test_the_language_switch_does_not_redirect_to_another_host(client):
    response = client.post("/language", data={"lang": "en", "next": "https://evil.example/"})
    assert "evil.example" not in response.headers["Location"]


def test_error_pages_speak_the_users_language(client):
    assert "Pagina niet gevonden" in client.get("/nope", headers={"Accept-Language": "nl"}).text
    assert "Page not found" in client.get("/nope?lang=en", headers={"Accept-Language": "nl"}).text


def test_dates_are_formatted_by_babel_for_the_locale(app):
    from datetime import date

    from flask_babel import force_locale, format_date

    with app.test_request_context():
        with force_locale("nl"):
            assert format_date(date(2026, 3, 5), "long") == "5 maart 2026"
        with force_locale("en"):
            assert format_date(date(2026, 3, 5), "long") == "March 5, 2026"
