"""Traces that outlive a refusal: an audit event of an attempt that was refused on purpose.

The request kernel rolls back every request it answers with 400 or more, and with it every
row the view added. That is right for changes, but some refusals must leave a trace: a wrong
access code is answered with 422 (the rate limit counts those) and is still recorded in the
audit log. ``keep_trace(write)`` calls ``write`` (which adds the rows) now; when the answer
turns out to be a refusal, it calls it again after the kernel's rollback and commits only
that. After an answer below 400 the kernel's own commit has saved it already.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Response, after_this_request

from eigenkracht.extensions import db

log = logging.getLogger(__name__)


def keep_trace(write: Callable[[], Any]) -> None:
    """Add the rows of ``write`` now, and keep them even when the request is refused."""
    write()

    @after_this_request
    def again_after_rollback(response: Response) -> Response:
        if response.status_code >= 400:
            try:
                write()
                db.session.commit()
            except Exception:  # noqa: BLE001 - a lost trace must not turn into a 500
                db.session.rollback()
                log.warning("a trace of a refused request was not saved", exc_info=True)
        return response
