"""Refusing a save made on an older copy of a record that has no version counter.

An edit form carries ``fingerprint(record, fields)`` of the values it was filled from (a
hidden field); the service compares it with the record as it is when the save arrives
(``refuse_if_changed``). When someone saved in between, the save is refused with
``StaleEdit`` and the page shows what they saved, keeping what this person typed. Saves that
arrive at the very same moment are caught by the case's version counter, which every edit
moves (``touch``). A client that sends no fingerprint is not checked.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any


class StaleEdit(Exception):
    """Someone saved ``record`` after this edit began."""

    def __init__(self, record: Any):
        super().__init__(type(record).__name__)
        self.record = record


def fingerprint(record: Any, fields: Iterable[str]) -> str:
    """A short digest of the values of ``fields`` of ``record``."""
    values = [_plain(getattr(record, name)) for name in fields]
    body = json.dumps(values, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(body).hexdigest()[:32]


def refuse_if_changed(record: Any, fields: Iterable[str], seen: str | None) -> None:
    """Raise ``StaleEdit`` when ``seen`` (a form's fingerprint) is not the record's now."""
    if seen is None:
        return
    if not hmac.compare_digest(seen.strip().encode(), fingerprint(record, fields).encode()):
        raise StaleEdit(record)


def _plain(value: Any) -> Any:
    value = getattr(value, "value", value)  # an enum member: its value
    return value.isoformat() if hasattr(value, "isoformat") else value
