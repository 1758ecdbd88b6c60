"""Database ids as they arrive from outside: in a URL, a query string, a form or JSON.

Every id column is an ``INTEGER``: PostgreSQL refuses a bigger number in a comparison with
one ("integer out of range", a 500), where SQLite silently finds nothing. So every id read
from a request goes through :func:`parse_id`, and ``<int:…>`` in a route matches only what
it allows (``bound_integer_urls`` in the app factory): a number past it is simply not found.
"""

from __future__ import annotations

import re
from typing import Any

MAX_ID = 2**31 - 1  # the largest INTEGER (PostgreSQL's int4)
_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII digits only: str.isdigit() also takes "²" and "١"


def parse_id(value: Any) -> int | None:
    """The id ``value`` names (1 … ``MAX_ID``), else None: for text that is not a plain
    number, zero, a negative or a too large number, a bool, a float, a list."""
    return _bounded(value, 1)


def parse_counter(value: Any) -> int | None:
    """A stored counter sent back by a form, such as a row version: 0 … ``MAX_ID``, else
    None."""
    return _bounded(value, 0)


def _bounded(value: Any, low: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        value = int(text) if _DIGITS.fullmatch(text) else None
    if not isinstance(value, int):
        return None
    return value if low <= value <= MAX_ID else None
