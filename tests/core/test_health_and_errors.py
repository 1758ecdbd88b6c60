"""Health check, error pages, security headers, CSRF."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "files": "ok"}


@pytest.fixture
def database_gone(monkeypatch):
    """Every statement fails as if the database server were unreachable."""
    from sqlalchemy.orm import Session

    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(Session, "execute", unreachable)
    monkeypatch.setattr(Session, "scalar", unreachable)
    monkeypatch.setattr(Session, "get", unreachable)


def test_healthz_answers_503_when_the_database_is_gone(client, database_gone):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unavailable",
                                   "files": "ok"}


def test_pages_answer_503_without_a_traceback_when_the_database_is_gone(login_as, world,
                                                                       monkeypatch):
    client = login_as("coordinator")
    from sqlalchemy.orm import Session

    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT", {}, ConnectionRefusedError("refused"))

    monkeypatch.setattr(Session, "get", unreachable)
    monkeypatch.setattr(Session, "scalar", unreachable)
    response = client.get(f"/cases/{world.case.reference}")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_an_unknown_page_gets_a_404_page_in_the_users_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_an_api_client_gets_problem_json(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404


@pytest.fixture(scope="module")
def failing_app(database_url):
    """An app with one extra route that raises, registered before its first request."""
    from eigenkracht import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)

    @app.route("/_test_boom")
    def boom():
        raise RuntimeError("boom: secret detail")

    yield app
    # Its engine (and a PostgreSQL connection in its pool) is closed here, not left to the
    # garbage collector.
    from eigenkracht.extensions import db as ext_db

    with app.app_context():
        ext_db.session.remove()
        ext_db.engine.dispose()


def test_an_unexpected_error_gives_the_500_page_without_details(failing_app):
    response = failing_app.test_client().get("/_test_boom", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret detail" not in response.text


class TestCsrf:
    def test_a_post_without_a_token_gets_the_friendly_400_page(self, client, world,
                                                               csrf_enabled):
        response = client.post("/login", data={"email": world.admin.email, "password": "x"})
        assert response.status_code == 400
        assert "This form has expired or was not sent from this site" in response.text
        assert "Traceback" not in response.text

    def test_a_post_with_a_stale_token_gets_the_friendly_400_page(self, client, world,
                                                                  csrf_enabled):
        response = client.post("/login", data={"email": world.admin.email, "password": "x",
                                               "csrf_token": "IjAwMCI.stale.token"})
        assert response.status_code == 400
        assert "This form has expired" in response.text

    def test_a_post_with_the_token_from_the_form_works(self, client, world, csrf_enabled):
        import re

        from tests.factories import PASSWORD

        page = client.get("/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/login", data={"email": world.admin.email,
                                               "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302


class TestHeaders:
    def test_every_page_carries_a_strict_policy_and_no_referrer(self, client):
        response = client.get("/login")
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "default-src 'self'" in policy
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"

    def test_pages_are_not_cached_but_static_files_may_be(self, client):
        assert client.get("/login").headers["Cache-Control"] == "no-store"
        response = client.get("/static/css/app.css")
        assert response.headers.get("Cache-Control") != "no-store"
        response.close()

    def test_pages_contain_no_inline_script_or_style(self, login_as, world):
        import re

        client = login_as("admin")
        for path in ("/login", "/cases/", f"/cases/{world.case.reference}",
                     f"/cases/{world.case.reference}/edit", "/cases/new", "/admin/users",
                     "/admin/audit/", "/account/password"):
            text = client.get(path).text
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
            assert " style=" not in text and "<style" not in text, path
            assert not re.search(r"\son[a-z]+=", text), path

    def test_pages_load_nothing_from_another_host(self, login_as, world):
        import re

        text = login_as("admin").get(f"/cases/{world.case.reference}").text
        assert not re.search(r'(src|href)="(https?:)?//', text)


def test_a_number_too_long_for_the_database_in_an_address_is_simply_not_found(login_as, world):
    client = login_as("coordinator")
    response = client.get(f"/cases/{world.case.reference}/network/people/{'9' * 30}")
    assert response.status_code == 404
