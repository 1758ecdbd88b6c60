"""The migrations build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from eigenkracht import create_app
from eigenkracht.extensions import db as ext_db
from eigenkracht.search.index import engine_owned
from tests.fixtures.databases import _empty_database


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


@pytest.fixture(scope="module")
def upgraded_app(database_url):
    """An empty database upgraded to head once, for the tests that only read its schema."""
    with _empty_database(database_url) as url:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
        yield app
        with app.app_context():
            ext_db.engine.dispose()


@pytest.fixture
def upgraded(upgraded_app):
    with upgraded_app.app_context():
        yield upgraded_app


def _differences():
    with ext_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": engine_owned})
        return compare_metadata(context, ext_db.metadata)


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(upgraded):
    assert _differences() == []


def test_downgrading_to_base_and_upgrading_again_works(migration_app):
    upgrade()
    downgrade(revision="base")
    tables = set(inspect(ext_db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade()
    assert _differences() == []


def test_constraints_follow_the_naming_convention(upgraded):
    inspector = inspect(ext_db.engine)
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        for fk in inspector.get_foreign_keys(table):
            assert fk["name"] and fk["name"].startswith(f"fk_{table}_"), (table, fk)
        for unique in inspector.get_unique_constraints(table):
            assert unique["name"].startswith(f"uq_{table}_"), (table, unique)
