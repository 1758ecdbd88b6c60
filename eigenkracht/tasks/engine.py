"""The app's task queue: Huey, configured from the Flask config, one instance per app.

- **Storage.** ``TASKS_URL``: ``sqlite:///path`` (Huey's SQLite storage: ``make run`` and one
  host), ``redis://…`` (production, any number of consumers on any number of hosts) or
  ``memory://``. ``TASKS_IMMEDIATE`` runs every task at once in the process that enqueues it
  (Huey's immediate mode: the test suite).
- **Registration, in ``create_app``.** A feature writes its work as a plain function; the
  app registers it by name (``tasks.task(fn, name="mail.deliver", …)``, or
  ``tasks.periodic(fn, Schedule(…), name=…)``) in ``register_tasks``. Importing a module
  registers nothing, so the web process and the consumer know the same tasks in the same
  order.
- **An app context per task.** A task runs inside its own ``app.app_context()`` (its own
  database session) in the organisation's language (``BABEL_DEFAULT_LOCALE``) and owns its
  transaction, like a CLI command: it commits what it did when it returns and rolls back
  when it raises. A task that needs several transactions commits itself in between.
- **Enqueue after the commit.** ``after_commit(fn, *args)`` remembers the task on the
  session and enqueues it only once that session's transaction has committed — the request
  kernel's commit, a CLI command's or a task's own. A rollback (a refused or failed request)
  forgets it: nothing is ever enqueued for work that was not saved. A task must still find
  its row gone or already done and do nothing (a savepoint rolled back inside a committed
  request, or a second delivery of the same task): tasks are idempotent.
- **Schedules.** A periodic task runs when its ``Schedule`` (cron fields read on the
  organisation's clock, ``core.clock``) matches; the consumer started with the scheduler
  (``flask tasks consume``, one per deployment) enqueues it. Every run records when it
  started and ended and how it went (``TaskRun``), which ``flask tasks list`` shows.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g
from flask_babel import force_locale
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

from eigenkracht.extensions import db

log = logging.getLogger(__name__)

EXTENSION = "tasks"
PENDING = "eigenkracht.tasks.pending"  # session.info key: tasks waiting for the commit


@dataclass(frozen=True)
class Schedule:
    """Cron fields (Huey's ``crontab`` syntax: ``"*"``, ``"*/5"``, ``"1,15"``, ``"9-17"``),
    read on the organisation's clock; ``describe()`` says it for ``flask tasks list``."""

    minute: str = "*"
    hour: str = "*"
    day: str = "*"
    month: str = "*"
    day_of_week: str = "*"

    def describe(self) -> str:
        return (f"minute={self.minute} hour={self.hour} day={self.day} month={self.month} "
                f"weekday={self.day_of_week}")

    def matcher(self, zone: ZoneInfo) -> Callable[[datetime], bool]:
        """Huey's test for a moment: Huey gives naive UTC, the fields are local."""
        cron = crontab(minute=self.minute, hour=self.hour, day=self.day, month=self.month,
                       day_of_week=self.day_of_week)

        def matches(moment: datetime) -> bool:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return cron(moment.astimezone(zone).replace(tzinfo=None))

        return matches

    def next_after(self, moment: datetime, zone: ZoneInfo) -> datetime | None:
        """The first whole minute after ``moment`` (aware) that the schedule matches, within
        a year and a day (None: never)."""
        matches = self.matcher(zone)
        minute = moment.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
        for _step in range(366 * 24 * 60 + 1440):
            if matches(minute):
                return minute
            minute += timedelta(minutes=1)
        return None


@dataclass
class Periodic:
    name: str
    schedule: Schedule
    description: str


@dataclass
class Tasks:
    """One app's Huey and the tasks registered on it (``app.extensions["tasks"]``)."""

    app: Flask
    huey: Huey
    zone: ZoneInfo
    by_function: dict[Callable, Any] = field(default_factory=dict)
    by_name: dict[str, Any] = field(default_factory=dict)
    periodic_tasks: list[Periodic] = field(default_factory=list)
    at_start: list[Callable] = field(default_factory=list)

    def task(self, fn: Callable, *, name: str, retries: int = 0, retry_delay: int = 0,
             **options) -> Any:
        """Register ``fn`` as the task ``name``; returns Huey's task (``task(args)``
        enqueues, ``task.call_local(args)`` runs it here)."""
        wrapper = self.huey.task(name=name, retries=retries, retry_delay=retry_delay,
                                 **options)(self._in_app(fn))
        self.by_function[fn] = wrapper
        self.by_name[name] = wrapper
        return wrapper

    def periodic(self, fn: Callable, schedule: Schedule, *, name: str,
                 description: str = "") -> Any:
        """Register ``fn`` to run on ``schedule``; each run is recorded (``TaskRun``)."""
        recorded = _recorded(name, fn)
        wrapper = self.huey.periodic_task(schedule.matcher(self.zone), name=name)(
            self._in_app(recorded))
        self.by_function[fn] = wrapper
        self.by_name[name] = wrapper
        self.periodic_tasks.append(Periodic(name, schedule, description or
                                            (fn.__doc__ or "").strip().splitlines()[0]))
        return wrapper

    def on_consumer_start(self, fn: Callable) -> None:
        """Enqueue the registered task ``fn`` (no arguments) whenever a consumer starts: a
        sweep that picks up what a consumer that died left behind."""
        self.wrapper(fn)
        self.at_start.append(fn)

    def _in_app(self, fn: Callable) -> Callable:
        app = self.app

        @functools.wraps(fn)
        def run(*args, **kwargs):
            with app.app_context():
                g.in_task = True  # SQLite: BEGIN IMMEDIATE, as in a request
                # The organisation's language, wherever the task runs (in immediate mode it
                # runs inside the request that enqueued it): a reason it stores reads alike.
                with force_locale(app.config.get("BABEL_DEFAULT_LOCALE") or "nl"):
                    try:
                        result = fn(*args, **kwargs)
                        db.session.commit()
                    except BaseException:
                        db.session.rollback()
                        raise
                return result

        return run

    def enqueue(self, fn: Callable, *args, **kwargs) -> None:
        """Put ``fn`` (a registered function) on the queue now — not inside a transaction
        that may still roll back: use ``after_commit`` there."""
        self.wrapper(fn)(*args, **kwargs)

    def wrapper(self, fn: Callable) -> Any:
        try:
            return self.by_function[fn]
        except KeyError:
            raise LookupError(f"{fn.__module__}.{fn.__qualname__} is not a registered task "
                              "(register it in create_app's register_tasks)") from None


def _storage(url: str) -> tuple[type, dict[str, Any]]:
    """Huey's storage class and its arguments for ``TASKS_URL``."""
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss", "unix"):
        return RedisStorage, {"url": url}
    if scheme == "sqlite":
        path = url.split("sqlite:///", 1)[1] if url.startswith("sqlite:///") else ""
        if not path:
            raise RuntimeError("TASKS_URL sqlite:/// needs a file path (sqlite:////srv/t.db)")
        return SqliteStorage, {"filename": path}
    if scheme == "memory":
        return MemoryStorage, {}
    raise RuntimeError(f"TASKS_URL must start with sqlite:///, redis:// or memory:// "
                       f"(not {scheme or url!r})")


def init_tasks(app: Flask) -> Tasks:
    """Build this app's Huey from its config and keep it in ``app.extensions``."""
    immediate = bool(app.config.get("TASKS_IMMEDIATE"))
    storage_class, storage_kwargs = _storage(app.config.get("TASKS_URL") or "memory://")
    if storage_class is SqliteStorage:
        _private(Path(storage_kwargs["filename"]))
    huey = Huey(app.config.get("TASKS_QUEUE_NAME", "eigenkracht"), immediate=immediate,
                storage_class=storage_class, results=False, utc=True, **storage_kwargs)
    tasks = Tasks(app=app, huey=huey,
                  zone=ZoneInfo(app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Amsterdam"))
    app.extensions[EXTENSION] = tasks
    _listen()
    return tasks


def _private(path: Path) -> None:
    """Huey's SQLite file 0600 before SQLite makes it (as the app's own database)."""
    from eigenkracht.ops.files import protect_sqlite

    if path.parent.is_dir():
        try:
            protect_sqlite(path)
        except OSError:
            log.warning("cannot make %s private", path, exc_info=True)


def tasks_of(app: Flask | None = None) -> Tasks:
    """The ``Tasks`` of ``app`` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION]


# --- enqueue after the commit -------------------------------------------------------------

def after_commit(fn: Callable, *args, **kwargs) -> None:
    """Enqueue the task ``fn(*args, **kwargs)`` once the current transaction commits; never
    when it rolls back. Arguments must be plain values (ids, not objects).

    Inside a savepoint (``begin_nested``, as ``core.rules.refusals`` uses per form row) the
    task still waits for the whole transaction: releasing the savepoint commits nothing yet,
    and rolling the savepoint back forgets the tasks queued inside it."""
    tasks = tasks_of()
    tasks.wrapper(fn)  # a typo fails here, in the request, not after the commit
    db.session.connection()  # in a transaction now, so a rollback of it forgets the task
    savepoint = db.session().get_nested_transaction()
    db.session.info.setdefault(PENDING, []).append((savepoint, tasks, fn, args, kwargs))


def _enqueue_pending(session: Session) -> None:
    # SQLAlchemy also calls this when a savepoint is released; the transaction goes on then.
    if session.get_nested_transaction() is not None:
        return
    for _savepoint, tasks, fn, args, kwargs in session.info.pop(PENDING, []):
        try:
            tasks.enqueue(fn, *args, **kwargs)
        except Exception:  # noqa: BLE001 - saved already; the task's own sweep catches up
            log.exception("could not enqueue %s after the commit", fn.__qualname__)


def _inside(savepoint, rolled_back) -> bool:
    """Was a task queued in ``savepoint`` queued inside ``rolled_back`` (or in it)?"""
    while savepoint is not None:
        if savepoint is rolled_back:
            return True
        savepoint = savepoint.parent
    return False


def _forget_pending(session: Session, previous_transaction) -> None:
    """A rollback of the whole transaction forgets its tasks, also when it had not yet sent
    any SQL; a rollback of a savepoint forgets the tasks queued inside that savepoint."""
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)
    elif previous_transaction.nested and PENDING in session.info:
        session.info[PENDING] = [item for item in session.info[PENDING]
                                 if not _inside(item[0], previous_transaction)]


def _listen() -> None:
    if not event.contains(Session, "after_commit", _enqueue_pending):
        event.listen(Session, "after_commit", _enqueue_pending)
        event.listen(Session, "after_soft_rollback", _forget_pending)


# --- recording periodic runs ---------------------------------------------------------------

def _recorded(name: str, fn: Callable) -> Callable:
    """``fn`` that records its start, end and outcome in ``task_runs``, each in its own
    transaction (a failed run is recorded as failed, with its reason)."""
    from eigenkracht.tasks.runs import finish_run, start_run

    @functools.wraps(fn)
    def run(*args, **kwargs):
        start_run(name)
        try:
            result = fn(*args, **kwargs)
            db.session.commit()
        except Exception as error:
            db.session.rollback()
            finish_run(name, error)
            raise
        finish_run(name, None)
        return result

    return run
