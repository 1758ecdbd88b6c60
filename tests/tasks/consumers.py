"""Real consumers for the tests: ``flask tasks consume`` in a process of its own, on a
database and a queue storage of the test's own, sending to an SMTP server in the test.

``Setup`` holds the addresses; ``start_consumer`` starts one (its output in a log file) and
``sender_app`` builds an app in the test process on the same database and queue, with
immediate mode off, so what it enqueues after a commit waits in the storage for the consumer.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from eigenkracht import create_app
from eigenkracht.extensions import db as _db
from eigenkracht.mail.models import OutboxMessage
from tests.fixtures.databases import _empty_database

ROOT = Path(__file__).resolve().parents[2]
GUARD_S = 60  # a guard against a hung consumer, never a measure of speed


@dataclass(frozen=True)
class Setup:
    database_url: str
    tasks_url: str
    smtp_port: int
    workdir: Path

    def environment(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "FLASK_APP": "wsgi.py", "FLASK_CONFIG": "development",
                "DATABASE_URL": self.database_url, "TASKS_URL": self.tasks_url,
                "TASKS_IMMEDIATE": "", "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": str(self.smtp_port), "MAIL_USE_TLS": "", "MAIL_USE_SSL": "",
                "MAIL_USERNAME": "", "PYTHONUNBUFFERED": "1", **extra}


@contextmanager
def sender_app(setup: Setup) -> Iterator:
    """An app in the test process on the consumer's database and queue (not immediate);
    its connections are closed afterwards."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=setup.database_url,
                     TASKS_URL=setup.tasks_url, TASKS_IMMEDIATE=False,
                     MAIL_SERVER="127.0.0.1", MAIL_PORT=setup.smtp_port)
    try:
        yield app
    finally:
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()


def start_consumer(setup: Setup, name: str, **extra: str) -> subprocess.Popen:
    log = setup.workdir / f"{name}.log"
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "flask", "tasks", "consume", "--workers", "1"],
            cwd=ROOT, env=setup.environment(**extra), stdout=out, stderr=subprocess.STDOUT)


def log_of(setup: Setup, name: str) -> str:
    path = setup.workdir / f"{name}.log"
    return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def stop(process: subprocess.Popen, how: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def wait_for(condition: Callable[[], bool], what: str, setup: Setup, name: str,
             process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + GUARD_S
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            pytest.fail(f"the consumer stopped before {what}: {log_of(setup, name)}")
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen within {GUARD_S} s: {log_of(setup, name)}")


def message_row(app, message_id: int) -> OutboxMessage:
    """The message as the database holds it now (a fresh read)."""
    with app.app_context():
        row = _db.session.get(OutboxMessage, message_id)
        _db.session.expunge_all()
        _db.session.remove()
        return row


# --- fixtures of the test modules that run a real consumer (import them by name) -----------

@pytest.fixture
def db():
    """Switched off: the consumers read committed data in a database of the test's own."""
    yield None


@pytest.fixture
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="eigenkracht-consumers-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def database(database_url) -> Iterator[str]:
    """An empty database with the models' schema, the consumer's and the test's alike."""
    with _empty_database(database_url) as url:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            _db.create_all()
            _db.session.remove()
            _db.engine.dispose()
        yield url
