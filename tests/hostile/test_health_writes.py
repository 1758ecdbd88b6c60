"""/healthz says ok only when the host can write: to its database and in instance/.

The hostile test made the instance folder read-only and /healthz still said ok, so the
balancer kept sending requests to a host that could only refuse them. Here the database is
made read-only (SQLite opened read-only; PostgreSQL with read-only transactions, as a
replica after a fail-over answers) and the instance folder unwritable (for root, whom file
modes do not stop, immutable): 503 and which part cannot write. The check itself leaves
nothing behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from eigenkracht import create_app
from eigenkracht.core.submissions import Submission
from eigenkracht.extensions import db as ext_db


@pytest.fixture
def db():
    """These tests use apps of their own on the test database: no test transaction."""
    yield None


@pytest.fixture
def make_app(app, database_url):
    """``make_app(url)``: an app of its own on ``url`` (the test database, whose tables the
    session's ``app`` made, by default)."""
    apps = []

    def _make(url: str = database_url, **config):
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, **config)
        apps.append(app)
        return app

    yield _make
    for app in apps:
        with app.app_context():
            ext_db.session.remove()
            ext_db.engine.dispose()


def read_only(url: str) -> tuple[str, dict]:
    """The same database, opened so that every write is refused."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///file:{parsed.database}?mode=ro&uri=true", {}
    return url, {"SQLALCHEMY_ENGINE_OPTIONS": {
        "pool_pre_ping": True,
        "connect_args": {"options": "-c default_transaction_read_only=on"}}}


@contextmanager
def unwritable(folder: Path):
    """``folder`` where nothing can be made: mode 0500, and immutable when we are root
    (root writes through any mode). Restored afterwards."""
    os.chmod(folder, 0o500)
    immutable = False
    try:
        probe = folder / f"probe-{uuid.uuid4().hex}"
        try:
            probe.touch()
        except PermissionError:
            pass
        else:  # root: file modes do not stop us
            probe.unlink()
            chattr = shutil.which("chattr")
            assert chattr, "chattr (e2fsprogs) is needed to make a folder unwritable for root"
            subprocess.run([chattr, "+i", str(folder)], check=True, capture_output=True)  # noqa: S603
            immutable = True
        with pytest.raises(OSError):
            (folder / "x").touch()
        yield folder
    finally:
        if immutable:
            subprocess.run([shutil.which("chattr"), "-i", str(folder)], check=True)  # noqa: S603
        os.chmod(folder, 0o700)


def health(app):
    response = app.test_client().get("/healthz")
    return response.status_code, response.get_json()


def test_a_database_that_refuses_writes_answers_503_on_both_engines(database_url, make_app):
    assert health(make_app(database_url)) == (
        200, {"status": "ok", "database": "ok", "files": "ok"})
    url, config = read_only(database_url)
    assert health(make_app(url, **config)) == (
        503, {"status": "unavailable", "database": "read-only", "files": "ok"})


def test_an_instance_folder_that_cannot_be_written_answers_503(make_app, tmp_path):
    app = make_app()
    app.instance_path = str(tmp_path)
    assert health(app)[0] == 200
    with unwritable(tmp_path):
        assert health(app) == (
            503, {"status": "unavailable", "database": "ok", "files": "read-only"})
    assert health(app)[0] == 200  # writable again: back in rotation
    assert list(tmp_path.iterdir()) == []  # the probe files are gone


@pytest.mark.parametrize("what", ["missing", "a file"])
def test_an_instance_folder_that_is_not_a_folder_answers_503_not_500(make_app, tmp_path, what):
    app = make_app()
    target = tmp_path / "instance"
    if what == "a file":
        target.write_text("not a folder")
    app.instance_path = str(target)
    assert health(app) == (503, {"status": "unavailable", "database": "ok",
                                 "files": "read-only"})


def test_a_full_disk_answers_503(make_app, tmp_path, monkeypatch):
    app = make_app()
    app.instance_path = str(tmp_path)
    real_fsync = os.fsync

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    assert health(app)[1]["files"] == "read-only"
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert list(tmp_path.iterdir()) == []


def test_the_check_leaves_no_row_and_no_audit_event(database_url, make_app):
    from eigenkracht.audit.models import AuditEvent

    app = make_app(database_url)
    with app.app_context():
        before = (ext_db.session.scalar(select(func.count()).select_from(Submission)),
                  ext_db.session.scalar(select(func.count()).select_from(AuditEvent)))
        ext_db.session.remove()
    for _ in range(3):
        assert health(app)[0] == 200
    with app.app_context():
        after = (ext_db.session.scalar(select(func.count()).select_from(Submission)),
                 ext_db.session.scalar(select(func.count()).select_from(AuditEvent)))
    assert after == before
