"""The one place a ``next`` address from a request is turned into a redirect.

Only a path on this site is followed. Anything else — another host (``//evil.example``,
``https://…``), a backslash that browsers read as a slash, or a control or white-space
character that browsers silently drop (``/%09/evil.example`` becomes ``//evil.example``) —
is replaced by the page the caller names. Used after login, after a button that came back
to where it was pressed, and wherever a form carries ``next``.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` when it is a path on this site, else ``fallback``."""
    if not target or len(target) > 2000:
        return fallback
    for candidate in (target, unquote(target)):
        if not _is_local_path(candidate):
            return fallback
    return target


def _is_local_path(value: str) -> bool:
    if not value.startswith("/") or value.startswith("//"):
        return False
    if any(ch == "\\" or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
           for ch in value):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc
