"""The database server is not there: every kind of page says so plainly, in the user's
language, with status 503 — never a traceback, an SQL statement or a driver's name.

``tests/core/test_health_and_errors.py`` covers /healthz and the case page with a patched
session, ``tests/core/test_health_real_outage.py`` /healthz and the login form against a
closed port. Here the other kinds of pages meet the same closed port: a staff page of a
logged-in user, the family page, the API and the login page in Dutch.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from eigenkracht import create_app
from eigenkracht.extensions import db as ext_db
from tests.fixtures.roles import MATRIX_FAMILY_TOKEN

# Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"

LEAKS = re.compile(r"Traceback|OperationalError|psycopg|sqlalchemy|127\.0\.0\.1:9|"
                   r"connection refused|(?-i:\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b)",
                   re.IGNORECASE)

DUTCH_TITLE = "De dienst is tijdelijk niet beschikbaar"
DUTCH_EXPLANATION = "We kunnen de database nu niet bereiken."


class OutageClient(FlaskClient):
    """Requests use a session of their own app, not the test's transaction (the ``db``
    fixture points ``db.session`` at the test database for every app)."""

    def open(self, *args, **kwargs):
        test_session = ext_db.session
        ext_db.session = ext_db._make_scoped_session({})
        try:
            with self.application.app_context():
                return super().open(*args, **kwargs)
        finally:
            ext_db.session = test_session


@pytest.fixture
def outage_app():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=UNREACHABLE)
    app.test_client_class = OutageClient
    yield app
    with app.app_context():
        ext_db.engine.dispose()


@pytest.fixture
def logged_in_during_outage(outage_app, login_as, app):
    """A coordinator who logged in before the database went away: the same session cookie
    (both apps share the testing secret key), now sent to the app whose database is gone."""
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = login_as("coordinator").get_cookie(name)
    assert cookie is not None
    client = outage_app.test_client()
    client.set_cookie(name, cookie.value)
    return client


def assert_no_leak(text: str) -> None:
    assert not LEAKS.search(text), LEAKS.search(text).group(0)


def test_a_logged_in_coordinator_gets_a_dutch_503_page_on_the_case_page(
        logged_in_during_outage, world):
    response = logged_in_during_outage.get(f"/cases/{world.case.reference}",
                                           headers={"Accept-Language": "nl"})
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert DUTCH_TITLE in response.text and DUTCH_EXPLANATION in response.text
    assert '<html lang="nl"' in response.text
    assert_no_leak(response.text)


def test_the_case_list_of_a_logged_in_user_answers_503_in_english_when_asked(
        logged_in_during_outage):
    response = logged_in_during_outage.get("/cases/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert "The service is temporarily unavailable" in response.text
    assert "Try again in a few minutes" in response.text
    assert_no_leak(response.text)


def test_a_save_during_the_outage_answers_503_and_says_to_try_again(
        logged_in_during_outage, world):
    response = logged_in_during_outage.post(
        f"/cases/{world.case.reference}/edit", data={"central_question": "Iets nieuws?"},
        headers={"Accept-Language": "nl"})
    assert response.status_code == 503
    assert DUTCH_EXPLANATION in response.text
    assert_no_leak(response.text)


def test_the_family_page_answers_503_in_the_language_of_the_phone(outage_app):
    response = outage_app.test_client().get(f"/p/{MATRIX_FAMILY_TOKEN}",
                                            headers={"Accept-Language": "tr"})
    assert response.status_code == 503
    assert "Hizmet geçici olarak kullanılamıyor" in response.text
    assert '<html lang="tr"' in response.text
    assert_no_leak(response.text)


def test_the_family_page_in_arabic_reads_right_to_left_during_the_outage(outage_app):
    response = outage_app.test_client().get(f"/p/{MATRIX_FAMILY_TOKEN}",
                                            headers={"Accept-Language": "ar"})
    assert response.status_code == 503
    assert 'dir="rtl"' in response.text
    assert_no_leak(response.text)


def test_the_family_pdf_answers_503_not_a_broken_file(outage_app):
    response = outage_app.test_client().get(f"/p/{MATRIX_FAMILY_TOKEN}/plan.pdf",
                                            headers={"Accept-Language": "nl"})
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert DUTCH_TITLE in response.text


def test_an_api_client_gets_problem_json_with_503(outage_app):
    response = outage_app.test_client().get(
        "/api/v1/cases", headers={"Authorization": "Bearer some-token-the-app-cannot-check",
                                  "Accept-Language": "en"})
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 503
    assert body["title"] == "The service is temporarily unavailable"
    assert "database" in body["detail"]
    assert_no_leak(response.text)


def test_the_login_form_answers_503_in_dutch(outage_app):
    response = outage_app.test_client().post(
        "/login", data={"email": "coordinator@rijnmond.example", "password": "whatever"},
        headers={"Accept-Language": "nl"})
    assert response.status_code == 503
    assert DUTCH_TITLE in response.text
    assert_no_leak(response.text)


def test_the_empty_login_page_still_shows_because_it_needs_no_database(outage_app):
    response = outage_app.test_client().get("/login", headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    assert 'type="password"' in response.text


def test_healthz_says_the_database_is_unavailable_and_nothing_more(outage_app):
    response = outage_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unavailable",
                                   "files": "ok"}


def test_the_outage_is_logged_without_the_connection_details_in_the_page(outage_app, caplog):
    response = outage_app.test_client().get(f"/p/{MATRIX_FAMILY_TOKEN}")
    assert response.status_code == 503
    assert any("database unavailable" in r.getMessage() for r in caplog.records)
