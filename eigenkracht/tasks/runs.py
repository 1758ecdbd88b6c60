"""Recording the runs of periodic tasks, each mark in a transaction of its own."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.tasks.models import TaskRun


def _row(name: str) -> TaskRun:
    row = db.session.get(TaskRun, name)
    if row is None:
        row = TaskRun(name=name, runs=0)
        db.session.add(row)
        try:
            db.session.flush()
        except IntegrityError:  # another consumer made it at the same moment
            db.session.rollback()
            row = db.session.get(TaskRun, name)
    return row


def start_run(name: str) -> None:
    row = _row(name)
    row.started_at = clock.now()
    row.outcome = "running"
    row.error = ""
    row.runs = (row.runs or 0) + 1
    db.session.commit()


def finish_run(name: str, error: BaseException | None) -> None:
    row = _row(name)
    row.finished_at = clock.now()
    row.outcome = "failed" if error is not None else "ok"
    row.error = "" if error is None else f"{error.__class__.__name__}: {error}"[:500]
    db.session.commit()


def last_runs() -> dict[str, TaskRun]:
    return {row.name: row for row in db.session.scalars(select(TaskRun))}
