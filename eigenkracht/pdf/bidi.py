"""Right-to-left and left-to-right text side by side in one document.

An Arabic plan holds Dutch (or Turkish, Polish) words the family typed, and a Dutch plan
may hold an Arabic name. Each piece of typed text is set in its own direction — found from
its first strong letter — so that its punctuation stays where it belongs.
"""

from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape


def direction(text: object, default: str = "ltr") -> str:
    """``"rtl"`` when the first strong letter of ``text`` is Arabic, Hebrew, …, else
    ``"ltr"`` (``default`` when it has no strong letter at all)."""
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return default


def isolate(text: object) -> Markup:
    """``text`` escaped in a ``<span dir>`` of its own direction, to put inside a sentence
    of the document's language."""
    return Markup('<span dir="%s">%s</span>') % (direction(text), escape(str(text or "")))
