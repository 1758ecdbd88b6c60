"""Writing SVG safely: escaping, numbers, text widths, and the root element.

Everything is built as strings (fast, deterministic); every piece of text and every attribute
value passes through ``text()`` or ``attrs()``, which escape it and drop the characters XML
cannot carry. No ``style`` attributes, scripts or references outside the document: pictures
are inlined in pages under a strict Content-Security-Policy. The network map, the genogram,
the job coach's progress chart and the printed map all draw with these.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, sans-serif"
INK = "#1a1a1a"
MUTED = "#4d4d4d"
TENSE_RED = "#c0161c"
HALO = "#ffffff"
ELLIPSIS = "\u2026"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NEEDS_CARE = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]')
_ATTR_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def clean(value: object) -> str:
    """One line of text with only characters XML 1.0 allows."""
    return " ".join(_NOT_XML.sub("", str(value)).split())


def text(value: object) -> str:
    """Escaped character data."""
    return escape(clean(value))


def attrs(**values: object) -> str:
    """`` name="value"`` pairs, escaped; ``class_`` -> ``class``, ``font_size`` -> ``font-size``.

    ``None`` values are left out; keys starting with ``data_`` become ``data-…``.
    """
    out = []
    for key, value in values.items():
        if value is None:
            continue
        name = _attribute_name(key)
        if isinstance(value, float):
            value = num(value)
        elif isinstance(value, int):
            value = str(value)
        elif _NEEDS_CARE.search(value := str(value)):
            value = escape(_NOT_XML.sub("", value), _ATTR_ENTITIES)
        out.append(f' {name}="{value}"')
    return "".join(out)


_NAMES: dict[str, str] = {}


def _attribute_name(key: str) -> str:
    name = _NAMES.get(key)
    if name is None:
        name = _NAMES[key] = key.rstrip("_").replace("_", "-")
    return name


def num(value: float) -> str:
    """A coordinate with one decimal, without a trailing ``.0`` or a ``-0``."""
    formatted = f"{value:.1f}"
    if formatted.endswith(".0"):
        formatted = formatted[:-2]
    return "0" if formatted == "-0" else formatted


def element(tag: str, body: str = "", **values: object) -> str:
    """``<tag …>body</tag>``; ``body`` must already be markup (use ``text()``)."""
    if body:
        return f"<{tag}{attrs(**values)}>{body}</{tag}>"
    return f"<{tag}{attrs(**values)}/>"


def title(value: object) -> str:
    return f"<title>{text(value)}</title>"


def label(x: float, y: float, value: str, size: float, *, anchor: str = "middle",
          weight: str | None = None, fill: str = INK, halo: bool = True,
          class_: str | None = None, italic: bool = False) -> str:
    """Text with a white halo behind it, so lines crossing it do not hide it."""
    halo_attrs = {"stroke": HALO, "stroke_width": 3, "stroke_linejoin": "round",
                  "paint_order": "stroke"} if halo else {}
    return element("text", text(value), class_=class_, x=float(x), y=float(y),
                   font_size=size, font_weight=weight,
                   font_style="italic" if italic else None, text_anchor=anchor, fill=fill,
                   **halo_attrs)


# --- text widths ------------------------------------------------------------------------

_NARROW = frozenset("iljtfrI.,;:'!|()[] \u2019")
_WIDE = frozenset("mwMW@%\u2014")


def _measure_char(char: str) -> float:
    if char in _NARROW:
        return 0.3
    if char in _WIDE:
        return 0.86
    if char.isupper():
        return 0.68
    if char.isdigit():
        return 0.56
    if ord(char) < 0x300:
        return 0.54
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    return 0.62


_WIDTHS: dict[str, float] = {}


def _char_width(char: str) -> float:
    """Rough advance of one character, in ems, for a system sans-serif."""
    width = _WIDTHS.get(char)
    if width is None:
        width = _WIDTHS[char] = _measure_char(char)
    return width


def text_width(value: str, size: float, *, bold: bool = False) -> float:
    widths = _WIDTHS
    width = sum(widths[c] if c in widths else _char_width(c) for c in value) * size
    return width * 1.07 if bold else width


def fit(value: str, max_width: float, size: float, *, bold: bool = False) -> str:
    """``value`` shortened with an ellipsis so that it is at most ``max_width`` wide."""
    value = clean(value)
    if text_width(value, size, bold=bold) <= max_width:
        return value
    budget = max_width / size / (1.07 if bold else 1.0) - _char_width(ELLIPSIS)
    used = 0.0
    for index, char in enumerate(value):
        used += _char_width(char)
        if used > budget:
            return value[:index].rstrip() + ELLIPSIS
    return value


def _fitting_length(value: str, max_width: float, size: float, bold: bool) -> int:
    """How many leading characters of ``value`` fit in ``max_width`` (at least one)."""
    budget = max_width / size / (1.07 if bold else 1.0)
    used = 0.0
    for index, char in enumerate(value):
        used += _char_width(char)
        if used > budget:
            return max(index, 1)
    return len(value)


def wrap(value: str, max_width: float, size: float, *, lines: int = 2,
         bold: bool = False) -> list[str]:
    """``value`` over at most ``lines`` lines, broken at spaces where possible, the last
    line shortened with an ellipsis."""
    rest = clean(value)
    out: list[str] = []
    while rest and len(out) < lines - 1 and text_width(rest, size, bold=bold) > max_width:
        cut = _fitting_length(rest, max_width, size, bold)
        space = rest.rfind(" ", 0, cut + 1)
        if space > 0:
            out.append(rest[:space])
            rest = rest[space + 1:]
        else:
            out.append(rest[:cut])
            rest = rest[cut:]
    if rest or not out:
        out.append(fit(rest, max_width, size, bold=bold))
    return out


def open_svg(doc_id: str, box: tuple[float, float, float, float], heading: str,
             description: str, class_: str, **extra: object) -> str:
    """The root element with its ``<title>`` and ``<desc>`` as first children.

    ``box`` is the viewBox: left, top, width, height.
    """
    view_box = " ".join(num(value) for value in box)
    root = (f'<svg xmlns="{SVG_NS}"'
            + attrs(role="img", viewBox=view_box,
                    aria_labelledby=f"{doc_id}-title", aria_describedby=f"{doc_id}-desc",
                    class_=class_,
                    font_family=FONT, preserveAspectRatio="xMidYMin meet", **extra))
    return (f"{root}><title{attrs(id=f'{doc_id}-title')}>{text(heading)}</title>"
            f"<desc{attrs(id=f'{doc_id}-desc')}>{text(description)}</desc>")
