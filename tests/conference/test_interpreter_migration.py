"""Migration 0021 keeps every conference's interpreter (one language becomes a list of one,
none an empty list; downgrading keeps the first language of each list) and gives the one
client person of each case to the case's first client."""

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


def _people_and_clients(connection) -> None:
    connection.execute(sa.text("CREATE TABLE clients (id INTEGER PRIMARY KEY, "
                               "case_id INTEGER NOT NULL, position INTEGER NOT NULL)"))
    connection.execute(sa.text("INSERT INTO clients VALUES (12, 1, 1), (11, 1, 0), (20, 2, 0)"))
    connection.execute(sa.text(
        "CREATE TABLE people (id INTEGER NOT NULL, case_id INTEGER NOT NULL, "
        "is_client BOOLEAN NOT NULL, name VARCHAR(200) NOT NULL, "
        "CONSTRAINT pk_people PRIMARY KEY (id))"))
    connection.execute(sa.text("CREATE UNIQUE INDEX uq_people_one_client_per_case ON people "
                               "(case_id) WHERE is_client"))
    connection.execute(sa.text(
        "INSERT INTO people VALUES (1, 1, 1, 'Noor'), (2, 1, 0, 'Oma'), (3, 1, 0, 'Daan'), "
        "(4, 2, 1, 'Ander')"))


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
        _people_and_clients(connection)
        _run(connection, migration.upgrade)
        rows = connection.execute(sa.text(
            "SELECT id, interpreter_languages, venue_address FROM conferences ORDER BY id"))
        assert [(i, json.loads(langs), venue) for i, langs, venue in rows] == [
            (1, ["tr"], "Buurthuis"), (2, [], ""), (3, ["ar"], None)]
        people = connection.execute(sa.text(
            "SELECT id, client_id FROM people ORDER BY id")).all()
        assert people == [(1, 11), (2, None), (3, None), (4, 20)]  # each case's first client
        connection.execute(sa.text(  # a second client of case 1 joined the centre
            "UPDATE people SET is_client = 1, client_id = 12 WHERE id = 3"))
        connection.execute(sa.text(
            "UPDATE conferences SET interpreter_languages = '[\"pl\", \"tr\"]' WHERE id = 3"))
        _run(connection, migration.downgrade)
        rows = connection.execute(sa.text(
            "SELECT id, interpreter_language FROM conferences ORDER BY id")).all()
        assert rows == [(1, "tr"), (2, ""), (3, "pl")]
        clients = connection.execute(sa.text(
            "SELECT id, is_client FROM people ORDER BY id")).all()
        assert clients == [(1, 1), (2, 0), (3, 0), (4, 1)]
    engine.dispose()
