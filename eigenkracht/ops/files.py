"""Files of the app that hold personal data are for the app's own user only.

``instance/`` (the SQLite database, kept PDFs, backups, the demo password), the SQLite file
itself with its journal files, backups and kept PDFs wherever they are configured: folders
0700, files 0600. New ones are made that way (``private_dir``, ``private_file``), and at
start-up ``protect_instance`` takes the group's and others' rights away from what already
exists (an instance made by an older version was 0755, its files 0644).

The modes are set explicitly with ``os.open``/``chmod``, never through ``os.umask``: the umask
belongs to the whole process, and a web worker has several threads.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
PDF_PATTERNS = ("plan-*.pdf", ".tmp-*.pdf")  # eigenkracht.pdf.cache's kept files


def private_dir(path: Path, *, tighten_existing: bool = False) -> Path:
    """``path`` as a folder, made 0700 (with any missing parents, 0700 too) when it is
    missing. A folder that exists is left as it is (it may be ``/tmp`` or someone's home)
    unless ``tighten_existing``: then the group's and others' rights are taken away."""
    missing = []
    current = Path(path)
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # made meanwhile by another process
            pass
        os.chmod(folder, DIR_MODE)  # whatever the umask
    if tighten_existing and not missing:
        tighten(path)
    return path


def private_file(path: Path) -> Path:
    """Make ``path`` an empty file (or keep it) that only the app's user can read and write.

    Call it before a tool writes to ``path`` (SQLite, pg_dump): the tool keeps the mode of
    a file that exists, so the data is never readable by others, not even for a moment."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    os.chmod(path, FILE_MODE)
    return path


def tighten(path: Path) -> None:
    """Take the group's and others' rights away from ``path`` (a file or a folder; the
    target of a symbolic link is left alone)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        return
    if stat.S_IMODE(mode) & 0o077:
        os.chmod(path, stat.S_IMODE(mode) & 0o700)


def tighten_tree(root: Path) -> None:
    """``tighten`` ``root`` and everything under it (symbolic links are not followed)."""
    if not os.path.lexists(root):
        return
    tighten(root)
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            tighten(Path(folder) / name)


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite database URL, or None (another engine, or in memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def protect_sqlite(path: Path) -> None:
    """The SQLite file 0600 (made empty when missing, before SQLite makes it 0644) and its
    journal files too; SQLite gives new journal files the database file's mode."""
    private_file(path)
    for suffix in SQLITE_COMPANIONS:
        tighten(path.with_name(path.name + suffix))


def protect_instance(app) -> None:
    """At start-up: ``instance/`` 0700 with everything in it private, the SQLite database
    0600 wherever it is, and the kept PDFs in ``PDF_CACHE_DIR`` when that is elsewhere.
    What the app cannot change (another owner, a read-only disk) is logged; it still starts
    (``/healthz`` tells the balancer when nothing can be written)."""
    try:
        private_dir(Path(app.instance_path))
        tighten_tree(Path(app.instance_path))
        cache = app.config.get("PDF_CACHE_DIR")
        if cache:
            protect_pdf_cache(Path(cache))
        database = sqlite_file(app.config.get("SQLALCHEMY_DATABASE_URI", ""))
        if database is not None and database.parent.is_dir():
            protect_sqlite(database)
    except OSError:
        log.warning("cannot make the app's files private", exc_info=True)


def protect_pdf_cache(folder: Path) -> None:
    """The kept PDFs (``plan-*.pdf``) 0600, and their folder 0700 unless it is a shared one
    like ``/tmp`` (sticky: others' files live there too)."""
    private_dir(folder)
    if not os.lstat(folder).st_mode & stat.S_ISVTX:
        tighten(folder)
    for pattern in PDF_PATTERNS:
        for path in folder.glob(pattern):
            tighten(path)
