"""Fixtures: the app, a database rolled back after every test, clients per role.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set. Under
pytest-xdist (``make test`` runs ``-n 2``) every worker has a database of its own.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import event
from sqlalchemy.engine import make_url

from eigenkracht import create_app
from eigenkracht.extensions import db as _db
from eigenkracht.extensions import limiter
from tests.fixtures.postgres import postgres_database

pytest_plugins = ["tests.fixtures.roles", "tests.fixtures.databases"]


def worker_suffix() -> str:
    """``_gw0``, ``_gw1``… under pytest-xdist (``-n 2``), empty in a run without workers."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


@contextmanager
def _database_url() -> Iterator[str]:
    """SQLite: a file of this process's own. PostgreSQL: TEST_DATABASE_URL itself, or under
    xdist a database ``<name>_gw0`` per worker, made through TEST_DATABASE_URL's server and
    dropped at the end."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        directory = tempfile.mkdtemp(prefix=f"eigenkracht-test{worker_suffix()}-")
        yield f"sqlite:///{directory}/test.sqlite"
        return
    suffix = worker_suffix()
    if not suffix:
        yield url
        return
    with postgres_database(url, f"{make_url(url).database}{suffix}") as own:
        yield own


class _BoundSession(FlaskSQLAlchemySession):
    """Always use the test's connection (Flask-SQLAlchemy would pick the engine)."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """The database of this run (of this worker, under xdist)."""
    with _database_url() as url:
        yield url


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (fresh ``g``, own session), as in production,
    even though the test itself runs inside one; afterwards the test's session re-reads."""

    def open(self, *args, **kwargs):
        # Tests read English unless they ask for a language (Dutch is tested on purpose).
        headers = kwargs.setdefault("headers", {})
        if isinstance(headers, dict):
            headers.setdefault("Accept-Language", "en")
        # Read the whole answer and close it, as a server does: a kept PDF is sent from its
        # open file (``send_file``), which would otherwise stay open until collected.
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            _db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    app.test_client_class = FreshContextClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@contextmanager
def rolled_back(app):
    """Inside: ``db.session`` works in one transaction that is rolled back afterwards (requests
    commit savepoints). The ``db`` fixture of every test; session fixtures that make data to
    share (a rendered PDF, say) use it too, before any test's own transaction begins."""
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        session = _db._make_scoped_session(
            {"bind": connection, "join_transaction_mode": "create_savepoint",
             "expire_on_commit": False,
             "class_": _BoundSession})
        original = _db.session
        _db.session = session
        limiter.reset()
        try:
            yield _db
        finally:
            session.remove()
            _db.session = original
            if transaction.is_active:
                transaction.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def db(app):
    """Each test runs in a transaction that is rolled back; requests commit savepoints."""
    with rolled_back(app) as database:
        yield database


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_enabled(app):
    """Turn CSRF protection on for one test (the suite posts without tokens otherwise)."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def count_queries(app, db):
    """``with count_queries() as counter:`` counts the SQL statements run inside."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            # Not counted: savepoints, and the session's last-seen stamp, which a signed-in
            # request writes at most once a minute (eigenkracht.auth.sessions) — whether a
            # minute passed during a test is not the page's work.
            if not statement.lstrip().upper().startswith(
                    ("SAVEPOINT", "RELEASE", "ROLLBACK", "UPDATE USER_SESSIONS")):
                statements.append(statement)

        engine = _db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def english(app):
    """Work done outside a request speaks the default language (Dutch); read it in English."""
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        yield
