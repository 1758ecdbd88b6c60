"""Traces that outlive a refusal: audit events that must stay even when the request is
refused and rolled back.

The request kernel rolls back every request it answers with 400 or more, and with it every
row the view added. That is right for changes, but some rows record what happened whatever
the answer: that someone saw case data on a page answered 422 (NEN 7513 logs every view), or
that a wrong access code was tried (answered 422, counted by the rate limit). ``keep_trace``
calls ``write`` (which adds the rows) now and remembers it for this request; when the kernel
rolls the request back, it calls every remembered ``write`` again in a fresh transaction and
commits only those (``replay``). After an answer below 400 the kernel's own commit saved
them already.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import g, has_request_context

from eigenkracht.extensions import db

log = logging.getLogger(__name__)


def keep_trace(write: Callable[[], Any]) -> None:
    """Add the rows of ``write`` now, and keep them even when the request is refused."""
    write()
    if has_request_context():
        g.setdefault("kept_traces", []).append(write)


def replay() -> None:
    """After the kernel's rollback: write the remembered traces again and commit them."""
    writes = g.pop("kept_traces", None) if has_request_context() else None
    if not writes:
        return
    try:
        for write in writes:
            write()
        db.session.commit()
    except Exception:  # noqa: BLE001 - a lost trace must not turn the answer into a 500
        db.session.rollback()
        log.warning("a trace of a refused request was not saved", exc_info=True)
