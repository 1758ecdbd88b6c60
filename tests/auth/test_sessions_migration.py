"""Migration 0015_sessions on a database with data: API tokens and calendar addresses made
before their owner's last password change, and those of inactive users, stop; the others
keep working. On the engine the suite runs on (SQLite, or PostgreSQL with TEST_DATABASE_URL).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from eigenkracht import create_app
from eigenkracht.extensions import db as ext_db

CHANGED = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
BEFORE = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
AFTER = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def db():
    """This module migrates its own empty database: no test transaction."""
    yield None


def test_the_upgrade_stops_tokens_and_feeds_older_than_the_password_or_of_inactive_users(
        empty_database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0014_version_counters")
        stamp = sa.DateTime(timezone=True)
        with ext_db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO organisations (id, slug, name, retention_years, created_at) "
                "VALUES (1, 'org', 'Org', 7, :t)").bindparams(sa.bindparam("t", BEFORE, stamp)))
            users = [(1, "changed@example.org", True, CHANGED), (2, "same@example.org", True, None),
                     (3, "gone@example.org", False, None)]
            for user_id, email, active, changed in users:
                connection.execute(sa.text(
                    "INSERT INTO users (id, organisation_id, email, name, role, password_hash, "
                    "active, session_version, created_at, password_changed_at) VALUES "
                    "(:id, 1, :email, 'N', 'coordinator', 'x', :active, 1, :t, :changed)"
                ).bindparams(sa.bindparam("t", BEFORE, stamp),
                             sa.bindparam("changed", changed, stamp),
                             id=user_id, email=email, active=active))
            tokens = [(1, 1, BEFORE), (2, 1, AFTER), (3, 2, BEFORE), (4, 3, AFTER)]
            for token_id, user_id, made in tokens:
                connection.execute(sa.text(
                    "INSERT INTO api_tokens (id, user_id, name, token_hash, read_only, "
                    "created_at) VALUES (:id, :user, 'T', :hash, :ro, :t)"
                ).bindparams(sa.bindparam("t", made, stamp), id=token_id, user=user_id,
                             hash=f"{token_id:064d}", ro=False))
            for user_id, made in ((1, BEFORE), (2, BEFORE), (3, AFTER)):
                connection.execute(sa.text(
                    "INSERT INTO calendar_feeds (id, user_id, token_hash, created_at) "
                    "VALUES (:id, :id, :hash, :t)"
                ).bindparams(sa.bindparam("t", made, stamp), id=user_id,
                             hash=f"f{user_id:063d}"))
        upgrade()
        with ext_db.engine.connect() as connection:
            live_tokens = connection.execute(sa.text(
                "SELECT id FROM api_tokens WHERE revoked_at IS NULL ORDER BY id")).scalars().all()
            feeds = connection.execute(sa.text(
                "SELECT user_id FROM calendar_feeds ORDER BY user_id")).scalars().all()
            sessions = connection.execute(sa.text(
                "SELECT count(*) FROM user_sessions")).scalar()
        ext_db.engine.dispose()
    assert live_tokens == [2, 3]  # made after the change; of a user who never changed it
    assert feeds == [2]
    assert sessions == 0
