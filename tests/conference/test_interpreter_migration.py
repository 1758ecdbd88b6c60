"""Migration 0021 keeps every conference's interpreter: one language becomes a list of one,
none an empty list; downgrading keeps the first language of each list."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

MIGRATION = (Path(__file__).resolve().parents[2] / "migrations" / "versions"
             / "2026_12_06_0021_network_entry.py")


def _migration():
    spec = importlib.util.spec_from_file_location("migration_0021", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(connection, step) -> None:
    with Operations.context(MigrationContext.configure(connection)):
        step()


def test_old_interpreters_are_kept_up_and_down():
    migration = _migration()
    engine = sa.create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(sa.text(
            "CREATE TABLE conferences (id INTEGER PRIMARY KEY, "
            "interpreter_language VARCHAR(10) NOT NULL, venue_address VARCHAR(300))"))
        connection.execute(sa.text(
            "INSERT INTO conferences VALUES (1, 'tr', 'Buurthuis'), (2, '', ''), "
            "(3, 'ar', NULL)"))
        _run(connection, migration.upgrade)
        rows = connection.execute(sa.text(
            "SELECT id, interpreter_languages, venue_address FROM conferences ORDER BY id"))
        assert [(i, json.loads(langs), venue) for i, langs, venue in rows] == [
            (1, ["tr"], "Buurthuis"), (2, [], ""), (3, ["ar"], None)]
        connection.execute(sa.text(
            "UPDATE conferences SET interpreter_languages = '[\"pl\", \"tr\"]' WHERE id = 3"))
        _run(connection, migration.downgrade)
        rows = connection.execute(sa.text(
            "SELECT id, interpreter_language FROM conferences ORDER BY id")).all()
        assert rows == [(1, "tr"), (2, ""), (3, "pl")]
    engine.dispose()
