"""Right-to-left and left-to-right text side by side in one document.

An Arabic plan holds Dutch (or Turkish, Polish) words the family typed, and a Dutch plan
may hold an Arabic name. Each piece of typed text is set in its own direction — found from
its first strong letter — so that its punctuation stays where it belongs.
"""

from __future__ import annotations

import unicodedata

from flask_babel import get_locale
from markupsafe import Markup, escape

from eigenkracht.core.i18n import RTL_LANGUAGES


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


FSI, PDI = "\u2068", "\u2069"  # first strong isolate … pop directional isolate


def isolated(text: object) -> str:
    """``text`` between Unicode isolates (plain text). WeasyPrint does not isolate an inline
    ``<span dir>`` (a line takes its direction as a whole), but Pango honours FSI … PDI:
    a Latin name in an Arabic sentence, or a list of Latin and Arabic names, keeps its
    order and its punctuation."""
    value = str(text or "")
    return f"{FSI}{value}{PDI}" if value else ""


def names(people: list[str]) -> str:
    """Several names as one list, each isolated: in an Arabic plan, "حامد الكردي، Vader
    Ahmed" is read right to left name by name instead of scrambled. The comma is the
    document's own (Arabic "،" in a right-to-left language)."""
    language = str(get_locale() or "").split("_")[0]
    comma = "، " if language in RTL_LANGUAGES else ", "
    return comma.join(isolated(name) for name in people if name)


def isolate(text: object) -> Markup:
    """``text`` escaped in a ``<span dir>`` of its own direction, between Unicode isolates,
    to put inside a sentence of the document's language."""
    return Markup('<span dir="%s">%s</span>') % (direction(text), escape(isolated(text)))
