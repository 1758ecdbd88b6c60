"""Migration 0018 moves every case's one client into ``clients`` (name, date of birth,
consent) and makes a referrer with an account the case's referrer contact; downgrading
puts the first client back on the case."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from eigenkracht import create_app
from eigenkracht.extensions import db as ext_db


@pytest.fixture
def db():
    """This module migrates its own empty database: no test transaction."""
    yield None


@pytest.fixture
def before_clients(empty_database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0017_tasks")
        yield app
        ext_db.engine.dispose()


def _rows(sql: str, **params):
    with ext_db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def _seed() -> None:
    now = datetime(2026, 11, 1, 9, tzinfo=UTC)
    with ext_db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisations (id, slug, name, retention_years, created_at)"
            " VALUES (1, 'org', 'Jeugdzorg Rijnmond', 15, :now)"), {"now": now})
        connection.execute(text(
            "INSERT INTO users (id, organisation_id, email, name, role, locale, password_hash,"
            " active, session_version, created_at) VALUES (7, 1, 'v@jb.example',"
            " 'Hélène Verwijzer', 'referrer', 'nl', 'x', true, 1, :now)"), {"now": now})
        for case_id, first, birth, client_on, parents_on, names in (
                (1, "Noëlle", date(2015, 5, 1), None, date(2026, 9, 1), "Chloë de Vries"),
                (2, "Mariëlle", None, date(2026, 6, 1), None, "")):
            connection.execute(text(
                "INSERT INTO cases (id, organisation_id, reference, kind, status,"
                " client_first_name, client_last_name, client_birth_date, central_question,"
                " concerns, consent_client_on, consent_parents_on, consent_parents_names,"
                " created_at, last_activity_at, row_version) VALUES (:id, 1, :ref, 'youth',"
                " 'referral', :first, 'de Vries', :birth, '', '', :client_on, :parents_on,"
                " :names, :now, :now, 1)"),
                {"id": case_id, "ref": f"EK-2026-000{case_id}", "first": first, "birth": birth,
                 "client_on": client_on, "parents_on": parents_on, "names": names, "now": now})
        connection.execute(text(
            "INSERT INTO case_assignments (id, case_id, user_id, role, created_at)"
            " VALUES (1, 1, 7, 'referrer', :now)"), {"now": now})
        connection.execute(text(
            "INSERT INTO bottom_lines (id, case_id, position, text, created_at, row_version)"
            " VALUES (1, 1, 0, 'Elke dag naar school', :now, 1)"), {"now": now})


def test_every_cases_client_moves_with_its_birth_date_and_consent(before_clients):
    _seed()
    upgrade()
    clients = _rows("SELECT case_id, position, first_name, last_name, birth_date, birth_year,"
                    " consent_client_on, consent_parents_on, consent_parents_names"
                    " FROM clients ORDER BY case_id")
    assert [(c[0], c[1], c[2], c[3], str(c[4]) if c[4] else None, c[5],
             str(c[6]) if c[6] else None, str(c[7]) if c[7] else None, c[8]) for c in clients] \
        == [(1, 0, "Noëlle", "de Vries", "2015-05-01", None, None, "2026-09-01",
             "Chloë de Vries"),
            (2, 0, "Mariëlle", "de Vries", None, None, "2026-06-01", None, "")]
    assert _rows("SELECT case_id, name, organisation, email, user_id FROM referrers") == [
        (1, "Hélène Verwijzer", "Jeugdzorg Rijnmond", "v@jb.example", 7)]
    assert _rows("SELECT client_first_name, closed_reason FROM cases ORDER BY id") == [
        ("Noëlle", ""), ("Mariëlle", "")]
    # rebuilding the cases table (SQLite) deleted nothing under it
    assert _rows("SELECT text FROM bottom_lines") == [("Elke dag naar school",)]
    assert _rows("SELECT count(*) FROM case_assignments") == [(1,)]


def test_downgrading_puts_the_first_client_back_on_the_case(before_clients):
    _seed()
    upgrade()
    downgrade(revision="0017_tasks")
    rows = _rows("SELECT id, client_birth_date, consent_parents_on, consent_parents_names"
                 " FROM cases ORDER BY id")
    assert [(r[0], str(r[1]) if r[1] else None, str(r[2]) if r[2] else None, r[3])
            for r in rows] == [(1, "2015-05-01", "2026-09-01", "Chloë de Vries"),
                               (2, None, None, "")]
