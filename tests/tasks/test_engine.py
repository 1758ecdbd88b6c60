"""The task queue's rules: a task is enqueued only after its transaction commits, runs in an
app context of its own and commits there; periodic tasks record their runs; ``flask tasks
list`` shows them. Huey's immediate mode runs each task where it is enqueued (the suite)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from flask import g

from eigenkracht.core import clock
from eigenkracht.extensions import db as _db
from eigenkracht.tasks import Schedule, after_commit, init_tasks, tasks_of
from eigenkracht.tasks.engine import _storage
from eigenkracht.tasks.models import TaskRun

DONE: list[tuple] = []


def remember(value: str) -> None:
    """A task: note its argument and whether it ran in an app context of its own."""
    DONE.append((value, getattr(g, "marker", None)))


def write_a_run(name: str) -> None:
    """A task that writes a row: kept only because the task commits."""
    _db.session.add(TaskRun(name=name, outcome="written", error="", runs=0))


def failing_schedule() -> None:
    """A scheduled task that fails."""
    raise ValueError("the disk is full")


def quiet_schedule() -> None:
    """A scheduled task that does nothing."""


@pytest.fixture
def tasks(app):
    registered = tasks_of(app)
    for fn, name in ((remember, "test.remember"), (write_a_run, "test.write")):
        if name not in registered.by_name:
            registered.task(fn, name=name)
    for fn, name in ((failing_schedule, "test.failing"), (quiet_schedule, "test.quiet")):
        if name not in registered.by_name:
            registered.periodic(fn, Schedule(minute="0", hour="4"), name=name)
    DONE.clear()
    yield registered
    DONE.clear()


def test_a_task_waits_for_the_commit_and_runs_then(tasks, db):
    g.marker = "the caller's context"
    after_commit(remember, "after")
    assert DONE == []
    db.session.commit()
    assert DONE == [("after", None)]  # its own app context: not the caller's g


def test_a_rolled_back_transaction_enqueues_nothing(tasks, db):
    after_commit(remember, "never")
    db.session.rollback()
    db.session.commit()
    assert DONE == []


def test_a_task_enqueued_once_runs_once_even_after_several_commits(tasks, db):
    after_commit(remember, "once")
    db.session.commit()
    db.session.commit()
    assert DONE == [("once", None)]


def test_a_task_commits_what_it_wrote(tasks, db):
    after_commit(write_a_run, "written-by-a-task")
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(TaskRun, "written-by-a-task").outcome == "written"


def test_an_unregistered_function_is_refused_in_the_caller(tasks, db):
    with pytest.raises(LookupError, match="not a registered task"):
        after_commit(print, "x")


def test_a_periodic_run_is_recorded_with_its_outcome(tasks, db):
    with clock.frozen(datetime(2026, 12, 7, 4, 0, tzinfo=UTC)):
        tasks.by_name["test.quiet"].call_local()
    db.session.expire_all()
    run = db.session.get(TaskRun, "test.quiet")
    assert (run.outcome, run.runs, run.started_at) == (
        "ok", 1, datetime(2026, 12, 7, 4, 0, tzinfo=UTC))


def test_a_failed_periodic_run_is_recorded_with_its_reason(tasks, db):
    with pytest.raises(ValueError):
        tasks.by_name["test.failing"].call_local()
    db.session.expire_all()
    run = db.session.get(TaskRun, "test.failing")
    assert run.outcome == "failed"
    assert run.error == "ValueError: the disk is full"


def test_flask_tasks_list_shows_the_schedules_and_their_last_runs(app, tasks, db):
    with clock.frozen(datetime(2026, 12, 6, 12, 0, tzinfo=UTC)):
        tasks.by_name["test.quiet"].call_local()
        result = app.test_cli_runner().invoke(args=["tasks", "list"])
    assert result.exit_code == 0, result.output
    assert "privacy.purge  (minute=30 hour=2" in result.output
    assert "jobs.monthly_snapshots" in result.output
    assert "next run: 2026-12-07 02:30 CET" in result.output
    quiet = result.output.split("test.quiet", 1)[1]
    assert "last run: 2026-12-06 13:00 CET, ok" in quiet
    assert "last run: never" in result.output.split("privacy.purge", 1)[1]


def test_a_schedule_is_read_on_the_organisations_clock():
    amsterdam = ZoneInfo("Europe/Amsterdam")
    schedule = Schedule(minute="30", hour="2")
    # Summer: 02:30 in Amsterdam is 00:30 UTC; winter: 01:30 UTC.
    assert schedule.next_after(datetime(2026, 7, 1, 0, 0, tzinfo=UTC), amsterdam) == \
        datetime(2026, 7, 1, 0, 30, tzinfo=UTC)
    assert schedule.next_after(datetime(2026, 12, 1, 0, 0, tzinfo=UTC), amsterdam) == \
        datetime(2026, 12, 1, 1, 30, tzinfo=UTC)


def test_a_schedule_that_never_matches_has_no_next_run():
    assert Schedule(day="31", month="2").next_after(
        datetime(2026, 1, 1, tzinfo=UTC), ZoneInfo("UTC")) is None


@pytest.mark.parametrize("url, storage", [
    ("redis://127.0.0.1:6379/0", "RedisStorage"),
    ("sqlite:////srv/eigenkracht/tasks.sqlite", "SqliteStorage"),
    ("memory://", "MemoryStorage"),
])
def test_the_storage_follows_tasks_url(url, storage):
    assert _storage(url)[0].__name__ == storage


@pytest.mark.parametrize("url", ["", "postgresql://db/x", "sqlite://", "ftp://host"])
def test_an_unknown_or_incomplete_tasks_url_stops_the_app_from_starting(url):
    with pytest.raises(RuntimeError, match="TASKS_URL"):
        _storage(url)


def test_every_app_has_a_queue_of_its_own(app):
    from eigenkracht import create_app

    other = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert tasks_of(other).huey is not tasks_of(app).huey
    assert tasks_of(app).huey.immediate
    assert init_tasks  # the public way in (create_app calls it)


def test_the_sqlite_queue_file_is_private_from_the_start(tmp_path):
    import stat

    from eigenkracht import create_app

    path = tmp_path / "tasks.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://",
                     TASKS_URL=f"sqlite:///{path}", TASKS_IMMEDIATE=False)
    tasks_of(app).huey.storage.enqueue(b"x", 0)  # Huey has written to it
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_task_queued_in_a_savepoint_waits_for_the_whole_transaction(tasks, db):
    # core.rules.refusals releases a savepoint per form row; that commits nothing yet, so a
    # task queued there must not run (and find nothing, or mail about a refused form) before
    # the request's own commit.
    with db.session.begin_nested():
        after_commit(remember, "after the request")
    assert DONE == []
    db.session.commit()
    assert DONE == [("after the request", None)]


def test_a_rolled_back_savepoint_forgets_only_the_tasks_queued_inside_it(tasks, db):
    after_commit(remember, "kept")
    outer = db.session.begin_nested()
    with db.session.begin_nested():
        after_commit(remember, "released, then rolled back with the outer savepoint")
    outer.rollback()
    savepoint = db.session.begin_nested()
    after_commit(remember, "rolled back")
    savepoint.rollback()
    db.session.commit()
    assert DONE == [("kept", None)]


def test_a_task_queued_in_a_savepoint_of_a_rolled_back_transaction_never_runs(tasks, db):
    with db.session.begin_nested():
        after_commit(remember, "never")
    db.session.rollback()
    db.session.commit()
    assert DONE == []
