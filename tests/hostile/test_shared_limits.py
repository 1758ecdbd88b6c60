"""Acceptance (issue 16, finding 6): the limits hold across workers that share Redis.

A real ``redis-server`` (Debian's) is started on a free loopback port, without persistence,
and two app workers are started under gunicorn, each in a process of its own, both counting
in that Redis (``RATELIMIT_STORAGE_URI``) and both on one database (a SQLite file or a
PostgreSQL database of this module's own, on the engine the suite runs on). Requests are
sent to the two workers in turn, from two loopback addresses: 127.0.0.2 is the stranger,
127.0.0.1 the owner.

- Failures spread over both workers count together: the tenth wrong password from the
  stranger is refused (with in-memory counters each worker had counted five and let it by).
- The stranger's failures on both workers never lock the owner out: the owner, from their
  own address, signs in on either worker.
- One address guessing many accounts is paused on both workers at the thirtieth failure.
- The family's access codes (``family/public.py``'s limiter decorators) count in the same
  Redis: the sixth wrong code, on either worker, is refused.

Everything started here is stopped when the module ends; every request has a time-out.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis

from eigenkracht import create_app
from eigenkracht.auth.models import Role
from eigenkracht.auth.passwords import hash_password
from eigenkracht.extensions import db as _db
from tests.factories import (
    PASSWORD,
    AccessLinkFactory,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.fixtures.databases import _empty_database

ROOT = Path(__file__).resolve().parents[2]
OWNER = "127.0.0.1"
STRANGER = "127.0.0.2"
WRONG = "wrong password, guessed"
LINK_TOKEN = "shared-limits-link-token-abcdefghijklmnopqrstuvwxyz0123"
CODE = "4711"
TIMEOUT_S = 30  # a guard against a hung server, never a measure of speed
START_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} stopped: {log.read_text(errors='replace')[-3000:]}")
        try:
            if ready():
                return
        except (OSError, redis.RedisError):  # not listening yet
            pass
        time.sleep(0.1)
    pytest.fail(f"{what} did not start in {START_S} s: {log.read_text(errors='replace')[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture
def db():
    """Switched off: the workers read committed data in a database of this module's own."""
    yield None


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="eigenkracht-limits-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_url(workdir) -> Iterator[str]:
    """A redis-server of this module's own on a free loopback port, nothing kept on disk."""
    port = free_port()
    log = workdir / "redis.log"
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir), "--logfile", str(log)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    log.touch()
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_until(lambda: redis.Redis.from_url(url, socket_timeout=2).ping(), "redis-server",
                   process, log)
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def shared_database(database_url) -> Iterator[str]:
    """The database both workers use, with an owner and a personal link with a code."""
    with _empty_database(database_url) as url:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            _db.create_all()
            organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
            for email in ("owner@rijnmond.example", "colleague@rijnmond.example"):
                UserFactory(organisation=organisation, role=Role.COORDINATOR, email=email)
            case = CaseFactory(organisation=organisation)
            AccessLinkFactory(person=PersonFactory(case=case, name="Oma Truus"),
                              token=LINK_TOKEN, code_hash=hash_password(CODE))
            _db.session.commit()
            _db.session.remove()
            _db.engine.dispose()
        yield url


@dataclass(frozen=True)
class Worker:
    port: int

    def post(self, path: str, data: dict, source: str) -> int:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S,
                                    source_address=(source, 0))
        try:
            body = urlencode(data)
            connection.request("POST", path, body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept-Language": "en"})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def login(self, email: str, password: str, source: str) -> int:
        return self.post("/login", {"email": email, "password": password}, source)


@pytest.fixture(scope="module")
def workers(shared_database, redis_url, workdir) -> Iterator[tuple[Worker, Worker]]:
    """Two gunicorn servers of one worker each: two processes, one Redis, one database."""
    env = {**os.environ, "EK_LIMITS_DATABASE_URL": shared_database,
           "EK_LIMITS_STORAGE_URI": redis_url, "PYTHONPATH": str(ROOT)}
    started: list[subprocess.Popen] = []
    running: list[Worker] = []
    try:
        for n in range(2):
            port = free_port()
            log = workdir / f"gunicorn-{n}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
                     f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning",
                     "tests.hostile.limits_app:build()"],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
            started.append(process)
            worker = Worker(port)
            wait_until(lambda w=worker: w.post("/logout", {}, OWNER) == 302,
                       f"gunicorn on {port}", process, log)
            running.append(worker)
        pids = {process.pid for process in started}
        assert len(pids) == 2
        yield running[0], running[1]
    finally:
        for process in started:
            stop(process)


@pytest.fixture(autouse=True)
def fresh_counters(request, redis_url):
    """Every test starts with no failure counted (Redis is this module's own)."""
    redis.Redis.from_url(redis_url, socket_timeout=5).flushdb()


def test_failures_spread_over_two_workers_count_together(workers):
    a, b = workers
    statuses = [(a, b)[n % 2].login("owner@rijnmond.example", WRONG, STRANGER)
                for n in range(10)]
    assert statuses == [200] * 9 + [429]
    # Paused on both workers, the right password too: the counter is one.
    assert a.login("owner@rijnmond.example", PASSWORD, STRANGER) == 429
    assert b.login("owner@rijnmond.example", PASSWORD, STRANGER) == 429


def test_a_strangers_failures_on_both_workers_do_not_lock_the_owner_out(workers):
    a, b = workers
    for n in range(24):
        (a, b)[n % 2].login("owner@rijnmond.example", WRONG, STRANGER)
    assert a.login("owner@rijnmond.example", PASSWORD, OWNER) == 302
    assert b.login("owner@rijnmond.example", PASSWORD, OWNER) == 302


def test_one_address_guessing_many_accounts_is_paused_on_both_workers(workers):
    a, b = workers
    statuses = [(a, b)[n % 2].login(f"guess{n}@example.org", WRONG, STRANGER)
                for n in range(30)]
    assert statuses == [200] * 29 + [429]
    assert a.login("colleague@rijnmond.example", PASSWORD, STRANGER) == 429
    assert b.login("colleague@rijnmond.example", PASSWORD, STRANGER) == 429
    assert b.login("colleague@rijnmond.example", PASSWORD, OWNER) == 302


def test_wrong_access_codes_spread_over_both_workers_count_together(workers):
    a, b = workers
    statuses = [(a, b)[n % 2].post(f"/p/{LINK_TOKEN}", {"code": f"000{n}"}, STRANGER)
                for n in range(6)]
    assert statuses == [422] * 5 + [429]
    assert a.post(f"/p/{LINK_TOKEN}", {"code": CODE}, STRANGER) == 429
