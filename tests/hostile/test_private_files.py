"""What the app keeps on disk is for the app's own user: folders 0700, files 0600.

The hostile test found ``instance/`` 0755 and the SQLite file and backups 0644: anyone with
an account on the host could copy every family's data. New files are made private from
their first byte (the umask of the process does not matter), and what an older version left
readable is made private when the app starts.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

import eigenkracht
from eigenkracht import create_app
from eigenkracht.extensions import db as ext_db
from eigenkracht.ops import backup as backups


@pytest.fixture
def db():
    """These tests commit to databases of their own: no test transaction."""
    yield None


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def open_umask():
    """The umask of a careless service manager: new files 0644, new folders 0755."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def make_app(monkeypatch, tmp_path):
    """``make_app(url)``: an app whose instance folder is ``tmp_path/instance``; its engine is
    disposed afterwards."""
    instance = tmp_path / "instance"
    monkeypatch.setattr(eigenkracht, "INSTANCE_DIR", instance)
    apps = []

    def _make(url: str, **config):
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url,
                         DEMO_PASSWORD="demo wachtwoord voor de bestanden 2026", **config)
        apps.append(app)
        return app

    yield _make
    for app in apps:
        with app.app_context():
            ext_db.session.remove()
            ext_db.engine.dispose()


def write_something(app) -> None:
    from eigenkracht.auth.models import Organisation

    with app.app_context():
        ext_db.create_all()
        ext_db.session.add(Organisation(slug="rijnmond", name="Jeugdzorg Rijnmond"))
        ext_db.session.commit()


# --- the instance folder and the SQLite database ---------------------------------------------

def test_a_new_instance_folder_and_sqlite_database_are_private_from_the_start(
        open_umask, make_app, tmp_path):
    database = tmp_path / "instance" / "eigenkracht.sqlite"
    app = make_app(f"sqlite:///{database}")
    assert mode(tmp_path / "instance") == 0o700
    assert mode(database) == 0o600  # there before SQLite opens it, so SQLite keeps 0600
    write_something(app)
    with app.app_context(), ext_db.engine.connect() as connection:  # the WAL files exist now
        connection.execute(text("SELECT count(*) FROM organisations"))
        companions = [Path(f"{database}{suffix}") for suffix in ("-wal", "-shm")]
        assert all(path.exists() and mode(path) == 0o600 for path in companions)
    assert mode(database) == 0o600


def test_a_database_outside_the_instance_folder_is_private_too(open_umask, make_app,
                                                               tmp_path):
    elsewhere = tmp_path / "data"
    elsewhere.mkdir(mode=0o755)
    database = elsewhere / "eigenkracht.sqlite"
    write_something(make_app(f"sqlite:///{database}"))
    assert mode(database) == 0o600
    assert mode(elsewhere) == 0o755  # someone else's folder is not the app's to change


def test_what_an_older_version_left_readable_is_made_private_at_start_up(
        open_umask, make_app, tmp_path):
    instance = tmp_path / "instance"
    for folder in (instance, instance / "backups", instance / "pdf-cache"):
        folder.mkdir(mode=0o755)
    readable = [instance / "eigenkracht.sqlite", instance / "eigenkracht.sqlite-wal",
                instance / "demo-password.txt", instance / "backups" / "eigenkracht.sqlite",
                instance / "pdf-cache" / "plan-1-r1-plan-nl-0123456789abcdef.pdf"]
    for path in readable:
        path.write_bytes(b"")
        os.chmod(path, 0o644)
    os.chmod(instance / "demo-password.txt", 0o666)  # noqa: S103 - writable by everyone
    make_app(f"sqlite:///{instance / 'eigenkracht.sqlite'}")
    assert [mode(p) for p in readable] == [0o600] * len(readable)
    assert [mode(p) for p in (instance, instance / "backups", instance / "pdf-cache")] == \
        [0o700] * 3


def test_kept_pdfs_elsewhere_are_made_private_but_a_shared_folder_is_left_alone(
        open_umask, make_app, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # noqa: S103 - shared, like /tmp
    kept = shared / "plan-7-r2-plan-nl-0123456789abcdef.pdf"
    theirs = shared / "someone-elses.txt"
    for path in (kept, theirs):
        path.write_bytes(b"x")
        os.chmod(path, 0o644)
    make_app("sqlite://", PDF_CACHE_DIR=str(shared))
    assert mode(kept) == 0o600
    assert mode(theirs) == 0o644 and mode(shared) == 0o1777


# --- backups -----------------------------------------------------------------------------------

@pytest.fixture
def tool_sees(monkeypatch):
    """The mode of the backup file at the moment pg_dump or SQLite starts writing to it."""
    seen: list[int] = []
    copy, run = backups._sqlite_copy, backups._run

    def sqlite_copy(source, target):
        seen.append(mode(Path(target)))
        return copy(source, target)

    def pg_run(command, url):
        target = next(a.removeprefix("--file=") for a in command if a.startswith("--file="))
        seen.append(mode(Path(target)))
        return run(command, url)

    monkeypatch.setattr(backups, "_sqlite_copy", sqlite_copy)
    monkeypatch.setattr(backups, "_run", pg_run)
    return seen


def test_a_backup_is_private_from_its_first_byte_on_both_engines(
        open_umask, empty_database_url, make_app, tmp_path, tool_sees):
    app = make_app(empty_database_url)
    write_something(app)
    target = tmp_path / "off-site" / "daily" / "backup.bin"
    result = app.test_cli_runner().invoke(args=["backup", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert tool_sees == [0o600]
    assert mode(target) == 0o600 and target.stat().st_size > 0
    assert mode(target.parent) == 0o700 and mode(target.parent.parent) == 0o700

    result = app.test_cli_runner().invoke(args=["backup"])  # instance/backups/…
    assert result.exit_code == 0, result.output
    [default] = (tmp_path / "instance" / "backups").iterdir()
    assert mode(default) == 0o600 and mode(default.parent) == 0o700


def test_a_backup_into_an_existing_folder_leaves_that_folder_as_it_was(
        open_umask, empty_database_url, make_app, tmp_path):
    app = make_app(empty_database_url)
    write_something(app)
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o755)
    result = app.test_cli_runner().invoke(args=["backup", "-o", str(folder / "b.bin")])
    assert result.exit_code == 0, result.output
    assert mode(folder / "b.bin") == 0o600 and mode(folder) == 0o755


def test_a_restored_sqlite_database_is_private(open_umask, make_app, tmp_path):
    source = make_app(f"sqlite:///{tmp_path / 'source.sqlite'}")
    write_something(source)
    copy = tmp_path / "copy.sqlite"
    assert source.test_cli_runner().invoke(args=["backup", "-o", str(copy)]).exit_code == 0
    restored = tmp_path / "restored" / "eigenkracht.sqlite"
    restored.parent.mkdir()
    target = make_app(f"sqlite:///{restored}")
    restored.unlink(missing_ok=True)  # a database that is not there yet: the restore makes it
    result = target.test_cli_runner().invoke(args=["restore", str(copy), "--yes"])
    assert result.exit_code == 0, result.output
    assert mode(restored) == 0o600
