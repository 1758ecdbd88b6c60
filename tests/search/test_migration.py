"""Migration 0026 creates the search index (PostgreSQL: pg_trgm's GIN index with the
organisation; SQLite: the FTS5 table and its triggers), fills it from the cases and people
already there, and the downgrade drops it all."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from eigenkracht import create_app
from eigenkracht.extensions import db as ext_db


@pytest.fixture
def db():
    """This module migrates its own empty database: no test transaction."""
    yield None


@pytest.fixture
def migration_app(empty_database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        yield app
        ext_db.engine.dispose()


def _indexes() -> dict[str, str]:
    with ext_db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            return {name: sql for name, sql in connection.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_entries'"))}
        return {name: sql or "" for name, sql in connection.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE tbl_name IN "
            "('search_entries', 'search_fts') AND type IN ('index', 'trigger', 'table')"))}


def _seed_before_search() -> None:
    """A case and a person on its map, written before the search index existed."""
    with ext_db.engine.begin() as connection:
        connection.execute(text("INSERT INTO organisations (id, slug, name, created_at) "
                                "VALUES (1, 'o', 'Org', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO cases (id, organisation_id, reference, kind, status, client_first_name,"
            " client_last_name, central_question, concerns, closed_reason, created_at,"
            " last_activity_at, row_version) VALUES (1, 1, 'EK-2026-0001', 'youth', 'referral',"
            " 'Noëlle', 'Jansen', '', '', '', '2026-01-01', '2026-01-01', 1)"))
        connection.execute(text(
            "INSERT INTO people (id, case_id, is_client, name, relation, sector, ring, support,"
            " gender, language, phone, email, deceased, notes, occupation, employer,"
            " can_help_with, created_at, updated_at, row_version) VALUES (1, 1, false,"
            " 'Ayşe Kaya', 'tante', 'family', 2, '[]', 'unknown', 'nl', '', '', false, '', '',"
            " '', '[]', '2026-01-01', '2026-01-01', 1)"))


def test_upgrade_creates_the_indexes_and_fills_them_and_downgrade_drops_them(migration_app):
    upgrade(revision="0025_work_day")
    _seed_before_search()
    upgrade(revision="0026_search")
    found = _indexes()
    engine = ext_db.engine.dialect.name
    if engine == "postgresql":
        assert "USING gin (organisation_id, folded gin_trgm_ops)" in \
            found["ix_search_entries_trigram"]
    else:
        assert {"search_fts", "search_entries_ai", "search_entries_ad",
                "search_entries_au"} <= set(found)
        assert "tokenize='trigram'" in found["search_fts"]
    assert "ix_search_entries_case_id" in found
    with ext_db.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT kind, label, relation, folded FROM search_entries ORDER BY kind")).all()
        assert [tuple(r) for r in rows] == [("case", "Noëlle Jansen", "", " noelle jansen "),
                                            ("person", "Ayşe Kaya", "tante", " ayse kaya tante ")]
        if engine == "sqlite":
            assert connection.scalar(text(
                "SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"kaya\"'")) == 1
    downgrade(revision="0025_work_day")
    assert _indexes() == {}
    assert "search_entries" not in inspect(ext_db.engine).get_table_names()
    upgrade(revision="0026_search")
    assert "ix_search_entries_trigram" in _indexes()

