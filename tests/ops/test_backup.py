"""flask backup and flask restore: a round trip finds every record again."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select, text

from eigenkracht import create_app
from eigenkracht.extensions import db as ext_db


@pytest.fixture
def db():
    """These tests commit to databases of their own: no test transaction."""
    yield None


@pytest.fixture
def make_app():
    """``make_app(url)``: an app on ``url`` whose engine is disposed after the test, even when
    it fails (an engine left to the garbage collector leaves a PostgreSQL connection open).
    Ask for it after the database fixtures, so that it is torn down before they drop theirs."""
    apps = []

    def _make(url: str):
        # A demo password of its own: the demo would otherwise keep one in instance/.
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url,
                         DEMO_PASSWORD="demo wachtwoord voor de backup 2026")
        apps.append(app)
        return app

    yield _make
    for app in apps:
        with app.app_context():
            ext_db.session.remove()
            ext_db.engine.dispose()


def _contents(app) -> dict[str, list]:
    """Every row of every table, sorted, as plain tuples."""
    with app.app_context():
        with ext_db.engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
            # table names come from the inspector, not from input
            return {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr)  # noqa: S608, E501
                    for t in tables}


def test_a_backup_restored_into_an_empty_database_has_every_record(
        empty_database_url, second_empty_database_url, tmp_path: Path, make_app):
    source = make_app(empty_database_url)
    with source.app_context():
        upgrade()
        from eigenkracht.demo import load_demo

        load_demo()
        ext_db.session.commit()
    before = _contents(source)
    target_file = tmp_path / "backup.bin"
    result = source.test_cli_runner().invoke(args=["backup", "-o", str(target_file)])
    assert result.exit_code == 0, result.output

    target = make_app(second_empty_database_url)
    result = target.test_cli_runner().invoke(args=["restore", str(target_file), "--yes"])
    assert result.exit_code == 0, result.output
    after = _contents(target)
    events = after.pop("audit_events")
    before.pop("audit_events")
    # The restore's own audit event extends the log's hash chains; every chain of the
    # backup is there as it was.
    assert set(before.pop("audit_chains")) <= set(after.pop("audit_chains"))
    assert after == before
    assert sum(len(rows) for rows in after.values()) > 20
    assert any("restore" in row for row in events)
    with target.app_context():
        from eigenkracht.cases.models import Case

        assert ext_db.session.scalar(select(func.count(Case.id))) >= 4


def test_restoring_something_that_is_not_a_backup_is_refused(empty_database_url, tmp_path,
                                                            make_app):
    bogus = tmp_path / "not-a-backup.sqlite"
    bogus.write_bytes(b"hello, this is not a database")
    app = make_app(empty_database_url)
    result = app.test_cli_runner().invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert "Error" in result.output
