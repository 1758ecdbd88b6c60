"""Engine set-up: SQLite gets foreign keys, real transactions (savepoints work), a
write-ahead log so readers never wait for a writer, and writers that wait for each other.

In a request or a task, SQLite transactions begin ``IMMEDIATE``: the request takes the write lock at
its start (waiting up to the busy timeout) instead of failing when a read turns into a write
after another request wrote. Almost every request writes (at least its audit event)."""

from __future__ import annotations

from flask import g, has_app_context, has_request_context
from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session


def stamp_activity(session: Session) -> None:
    """Before a commit, write the last-activity stamps of the cases the transaction touched
    (``cases.services.touch``) with one plain ``UPDATE``: it never moves a version counter."""
    touched = session.info.pop("touched_cases", None)
    if not touched:
        return
    from eigenkracht.cases.models import Case
    from eigenkracht.core.db import utcnow

    session.execute(update(Case).where(Case.id.in_(sorted(touched)))
                    .values(last_activity_at=utcnow())
                    .execution_options(synchronize_session=False))


def forget_activity(session: Session, *args) -> None:
    session.info.pop("touched_cases", None)


def configure_session_events() -> None:
    """Activity stamps are written last in every transaction, or not at all on rollback."""
    if not event.contains(Session, "before_commit", stamp_activity):
        event.listen(Session, "before_commit", stamp_activity)
        event.listen(Session, "after_rollback", forget_activity)


def configure_engine_events(engine: Engine) -> None:
    """Make SQLite behave: enforce foreign keys, let SQLAlchemy own BEGIN."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _writes_soon() else "BEGIN")


def _writes_soon() -> bool:
    """A request, or a task of the queue (``tasks.engine``): both write, so their SQLite
    transactions take the write lock at the start and wait for it there."""
    return has_request_context() or (has_app_context() and g.get("in_task", False))
