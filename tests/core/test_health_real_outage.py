"""/healthz against a database server that really is not there (no test transaction)."""

from __future__ import annotations

import pytest

from eigenkracht import create_app
from eigenkracht.extensions import db as ext_db


@pytest.fixture
def db():
    """This module talks to no test database: replace the transactional fixture."""
    yield None


@pytest.fixture
def unreachable_app():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=(
        "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"))
    yield app
    with app.app_context():
        ext_db.engine.dispose()


def test_healthz_answers_503_when_nothing_listens_on_the_database_port(unreachable_app):
    response = unreachable_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unavailable",
                                   "files": "ok"}


def test_the_login_page_answers_503_without_a_traceback(unreachable_app):
    response = unreachable_app.test_client().post(
        "/login", data={"email": "a@example.org", "password": "whatever it is"})
    assert response.status_code == 503
    assert "Traceback" not in response.text and "psycopg" not in response.text
