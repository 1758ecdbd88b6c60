"""Words in the page margins: CSS ``content`` values built safely from text.

The running header and footer are set with ``@page`` margin boxes whose ``content`` is a
CSS string (much cheaper for WeasyPrint than running elements, on every page). The text
comes from translations and from the case (the client's first name), so every character
that could end the string, the rule or the ``<style>`` element is escaped.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_SAFE = re.compile(r"[^\w .,:;!?·()'+\-–—/%]", re.UNICODE)
PAGE, PAGES = "\x00page\x00", "\x00pages\x00"


def css_string(text: object) -> Markup:
    """``text`` as a quoted CSS string, with every unusual character hex-escaped."""
    value = re.sub(r"\s", " ", str(text or ""))
    escaped = _SAFE.sub(lambda m: f"\\{ord(m.group(0)):x} ", value)
    return Markup(f'"{escaped}"')  # noqa: S704 - every special character is escaped above


def counted(text: str) -> Markup:
    """A CSS ``content`` value for ``text`` in which ``PAGE`` and ``PAGES`` (put in place
    of the page numbers in a translated sentence) become ``counter(page)`` and
    ``counter(pages)``."""
    parts = re.split(f"({re.escape(PAGE)}|{re.escape(PAGES)})", text)
    values = []
    for part in parts:
        if part == PAGE:
            values.append("counter(page)")
        elif part == PAGES:
            values.append("counter(pages)")
        elif part:
            values.append(str(css_string(part)))
    return Markup(" ".join(values) or '""')  # noqa: S704 - escaped strings and counters
