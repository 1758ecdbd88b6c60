"""What ``/healthz`` checks: that the app can do its work, not only that it is up.

A host whose database has become read-only (a failed-over replica, a full disk) or whose
``instance/`` folder cannot be written answered "ok" and kept getting requests it could only
refuse. So the check writes: a row in the request's transaction, in a savepoint that is
rolled back at once (into ``submissions``, whose key is a string: no sequence moves, no
trace stays), and a small file in ``instance/`` that is synced and removed.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile

from flask import current_app
from sqlalchemy import insert, text

from eigenkracht.core.db import utcnow
from eigenkracht.core.submissions import Submission
from eigenkracht.extensions import db

log = logging.getLogger(__name__)

OK, UNAVAILABLE, READ_ONLY = "ok", "unavailable", "read-only"
PROBE_OWNER = "healthz"


def database_state() -> str:
    """``ok`` when the database answers and takes a write; ``unavailable`` when it does
    not answer; ``read-only`` when it answers but refuses the write."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means unavailable
        log.warning("health check: database unavailable", exc_info=True)
        return UNAVAILABLE
    try:
        savepoint = db.session.begin_nested()
        try:
            db.session.execute(insert(Submission).values(
                key=f"healthz-{secrets.token_hex(16)}", owner=PROBE_OWNER, result="",
                created_at=utcnow()))
        finally:
            savepoint.rollback()
    except Exception:  # noqa: BLE001 - a refused write, whatever the driver calls it
        log.warning("health check: the database refuses writes", exc_info=True)
        return READ_ONLY
    return OK


def folder_state(folder: str | None = None) -> str:
    """``ok`` when a small file can be written, synced and removed in ``folder`` (the
    instance folder); ``read-only`` otherwise (no rights, a read-only or full disk)."""
    folder = folder or current_app.instance_path
    try:
        handle, path = tempfile.mkstemp(dir=folder, prefix=".healthz-")
        try:
            os.write(handle, b"ok\n")
            os.fsync(handle)
        finally:
            os.close(handle)
            os.unlink(path)
    except OSError:
        log.warning("health check: cannot write in %s", folder, exc_info=True)
        return READ_ONLY
    return OK
