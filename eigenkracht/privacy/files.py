"""Copies outside the rows that erasure and purge must reach: kept PDFs and the SQLite file.

- **Kept PDFs** (``pdf.cache``, under ``instance/pdf-cache`` or ``PDF_CACHE_DIR``) are the
  only files the app writes with case data besides the database: ``forget_pdfs`` deletes a
  case's, now and again once the transaction has committed.
- **The SQLite file** of the embedded default (``instance/eigenkracht.sqlite`` with its
  ``-wal``): a deleted or overwritten row stays in the file's free space, and in old frames
  of the write-ahead log, until something overwrites it. ``compact_database`` rebuilds the
  file from what it holds now (``VACUUM``) and empties the log (``wal_checkpoint(TRUNCATE)``);
  an erasure does it after its commit, ``flask purge`` after every run. PostgreSQL keeps
  replaced row versions until autovacuum reclaims their space; that is the server's to
  manage (docs/operations.md).

The other files under ``instance/`` are backups (``flask backup``: they keep what they held
until they are rotated away) and the demo password.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from eigenkracht.extensions import db
from eigenkracht.pdf import cache
from eigenkracht.search.index import FTS_TABLE

log = logging.getLogger(__name__)

# How long ``flask purge`` waits for other writers before compacting (``COMPACT_WAIT_MS``);
# an erasure does not wait: it compacts when nobody else writes, or leaves it to the purge.
COMPACT_WAIT_MS = 5000


def forget_pdfs(plan_ids: Iterable[int]) -> int:
    """Delete the kept PDFs of these plans now, and again once the transaction commits (a
    download made from the old rows while this one ran is not left behind); how many went
    now. A file that cannot be deleted now raises (``OSError``): the erasure is not done
    and the request rolls back."""
    ids = sorted(set(plan_ids))
    if not ids:
        return 0
    removed = cache.forget_case(ids)

    def again(session) -> None:
        try:
            cache.forget_case(ids)
        except OSError:
            log.exception("kept PDFs of plans %s could not be deleted after the commit; "
                          "flask purge sweeps them", ids)

    event.listen(db.session(), "after_commit", again, once=True)
    return removed


def compact_after_commit() -> None:
    """Once the transaction has committed, ``compact_database`` if nobody else writes."""
    event.listen(db.session(), "after_commit", lambda session: compact_database(wait_ms=0),
                 once=True)


def forget_in_search_index(raw) -> None:
    """Merge the FTS5 search index into one segment: a deleted row's trigrams are dropped
    from the index pages, not only marked as deleted (``search.index``)."""
    if raw.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone():
        raw.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608


def compact_database(wait_ms: int = COMPACT_WAIT_MS) -> bool:
    """SQLite: rebuild the database file from the rows it holds and empty the write-ahead
    log, so nothing deleted or overwritten stays in the file; waits up to ``wait_ms`` for
    other writers. Whether it was done (always True on other engines: nothing to do here).
    Never raises: a busy database is logged, and compacted by the next ``flask purge``."""
    engine = db.engine
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return True
    try:
        connection = engine.raw_connection()
    except SQLAlchemyError as error:
        log.warning("the database file could not be compacted now: %s", error)
        return False
    try:
        raw = connection.driver_connection
        waited = raw.execute("PRAGMA busy_timeout").fetchone()[0]
        try:
            raw.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
            forget_in_search_index(raw)
            raw.execute("VACUUM")
            busy, _frames, _copied = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.execute(f"PRAGMA busy_timeout={int(waited)}")
    except sqlite3.Error as error:
        log.warning("the database file could not be compacted now: %s", error)
        return False
    finally:
        connection.close()
    if busy:
        log.warning("the database's log could not be emptied now (readers were busy)")
    return not busy
