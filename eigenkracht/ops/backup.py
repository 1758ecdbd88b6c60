"""Consistent backups and restores: SQLite's online backup, pg_dump/pg_restore for PostgreSQL.

``backup`` never stops the app: SQLite copies page by page under its own locking, pg_dump
reads one snapshot. ``restore`` replaces the whole database with the backup's content.
A backup holds everyone's data: its file is made 0600 before anything is written to it, in a
folder made 0700 (``ops.files``); a restored SQLite database is 0600 too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump/pg_restore with fixed arguments
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from eigenkracht.ops.files import private_dir, private_file, protect_sqlite


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    size: int


def default_name(url: str, when: str) -> str:
    suffix = "sqlite" if make_url(url).get_backend_name() == "sqlite" else "dump"
    return f"eigenkracht-{when}.{suffix}"


def backup(url: str, target: Path) -> BackupResult:
    """Write a consistent copy of the database at ``url`` to ``target``."""
    parsed = make_url(url)
    try:
        private_dir(target.parent)
        private_file(target)
    except OSError as error:
        raise BackupError(f"cannot write {target}: {error.strerror or error}") from error
    if parsed.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(parsed), str(target))
    elif parsed.get_backend_name() == "postgresql":
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              f"--file={target}", f"--dbname={_libpq(parsed)}"], parsed)
    else:
        raise BackupError(f"no backup method for {parsed.get_backend_name()}")
    return BackupResult(path=target, engine=parsed.get_backend_name(),
                        size=target.stat().st_size)


def restore(url: str, source: Path) -> None:
    """Replace the database at ``url`` with the content of the backup ``source``."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(source)
        protect_sqlite(Path(_sqlite_path(parsed)))
        _sqlite_copy(str(source), _sqlite_path(parsed))
    elif parsed.get_backend_name() == "postgresql":
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", f"--dbname={_libpq(parsed)}",
              str(source)], parsed)
    else:
        raise BackupError(f"no restore method for {parsed.get_backend_name()}")


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return url.database


def _sqlite_copy(source: str, target: str) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _check_sqlite_file(path: Path) -> None:
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path} is not an SQLite backup")


def _libpq(url: URL) -> str:
    """The SQLAlchemy URL as libpq understands it (no driver suffix, no password)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for version in ("17", "16", "15"):
        candidate = f"/usr/lib/postgresql/{version}/bin/{name}"
        if os.path.exists(candidate):
            return candidate
    raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")


def _run(command: list[str], url: URL) -> None:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password  # never on the command line
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip().splitlines()[-1] if result.stderr.strip()
                          else f"{Path(command[0]).name} failed")
