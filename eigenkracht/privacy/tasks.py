"""The daily purge as a scheduled task (``register_tasks``): what ``flask purge`` does."""

from __future__ import annotations

import logging

from flask import current_app

from eigenkracht.audit.services import Actor, set_actor
from eigenkracht.extensions import db
from eigenkracht.privacy.purge import purge_expired

log = logging.getLogger(__name__)


def purge_past_retention() -> dict[str, int]:
    """Erase the cases past their retention date, sweep this host's kept PDFs."""
    from eigenkracht.pdf import cache
    from eigenkracht.privacy.files import COMPACT_WAIT_MS, compact_database

    set_actor(Actor(label="schedule: privacy.purge"))
    result = purge_expired()
    db.session.commit()
    result["kept_pdfs"] += cache.sweep()
    compact_database(current_app.config.get("COMPACT_WAIT_MS", COMPACT_WAIT_MS))
    log.info("purge: %s", result)
    return result
