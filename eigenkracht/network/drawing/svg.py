"""Writing SVG safely: escaping, numbers, text widths, and the marks both drawings share.

Everything is built as strings (fast, deterministic); every piece of text and every attribute
value passes through ``text()`` or ``attrs()``, which escape it and drop the characters XML
cannot carry. No ``style`` attributes, scripts or references outside the document: the map is
inlined in pages under a strict Content-Security-Policy.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections.abc import Iterable
from functools import lru_cache
from xml.sax.saxutils import escape

from eigenkracht.network.drawing.types import Node

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


# --- ids --------------------------------------------------------------------------------

def document_id(kind: str, nodes: Iterable[Node], *extra: str) -> str:
    """A stable id prefix, different per picture, so that two inline SVGs do not clash."""
    digest = zlib.crc32("|".join([kind, *extra, *(f"{n.id}:{n.ring}:{n.sector}" for n in nodes)])
                        .encode("utf-8"))
    return f"netmap-{kind}-{digest:08x}"


def open_svg(doc_id: str, box: tuple[float, float, float, float], heading: str,
             description: str, class_: str, **extra: object) -> str:
    """The root element with its ``<title>`` and ``<desc>`` as first children.

    ``box`` is the viewBox: left, top, width, height.
    """
    view_box = " ".join(num(value) for value in box)
    root = (f'<svg xmlns="{SVG_NS}"'
            + attrs(role="img", viewBox=view_box,
                    aria_labelledby=f"{doc_id}-title {doc_id}-desc", class_=class_,
                    font_family=FONT, preserveAspectRatio="xMidYMin meet", **extra))
    return (f"{root}><title{attrs(id=f'{doc_id}-title')}>{text(heading)}</title>"
            f"<desc{attrs(id=f'{doc_id}-desc')}>{text(description)}</desc>")


# --- marks shared by both drawings ------------------------------------------------------

def zigzag(x1: float, y1: float, x2: float, y2: float, *, step: float = 7.0,
           amplitude: float = 3.2) -> str:
    """Path data of a zigzag from (x1, y1) to (x2, y2), in relative steps."""
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    if length < 2 * step:
        return f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}"
    count = int(length // step)
    sx, sy = dx / count, dy / count
    px, py = -dy / length * amplitude, dx / length * amplitude
    out = f"{sx - 2 * px:.2f} {sy - 2 * py:.2f} "
    back = f"{sx + 2 * px:.2f} {sy + 2 * py:.2f} "
    steps = (out + back) * ((count - 2) // 2) + (out if count % 2 else "")
    return (f"M{num(x1)} {num(y1)}l{sx + px:.2f} {sy + py:.2f} {steps}"
            f"L{num(x2)} {num(y2)}")


def curved_zigzag(x1: float, y1: float, cx: float, cy: float, x2: float, y2: float, *,
                  step: float = 7.0, amplitude: float = 3.2) -> str:
    """Path data of a zigzag along the quadratic curve (x1, y1) -(cx, cy)-> (x2, y2)."""
    length = math.hypot(cx - x1, cy - y1) + math.hypot(x2 - cx, y2 - cy)
    count = max(2, int(length // step))
    points = [f"M{num(x1)} {num(y1)}L"]
    for index in range(1, count):
        t = index / count
        u = 1 - t
        x = u * u * x1 + 2 * u * t * cx + t * t * x2
        y = u * u * y1 + 2 * u * t * cy + t * t * y2
        dx, dy = 2 * u * (cx - x1) + 2 * t * (x2 - cx), 2 * u * (cy - y1) + 2 * t * (y2 - cy)
        norm = math.hypot(dx, dy) or 1.0
        sign = amplitude if index % 2 else -amplitude
        points.append(f"{num(x - dy / norm * sign)} {num(y + dx / norm * sign)} ")
    points.append(f"{num(x2)} {num(y2)}")
    return "".join(points)


def cross_bars(mx: float, my: float, ux: float, uy: float, size: float = 7.0) -> str:
    """Path data of two short bars across a line at (mx, my) running along (ux, uy): a
    cut-off tie."""
    parts = []
    for offset in (-2.5, 2.5):
        cx, cy = mx + ux * offset, my + uy * offset
        parts.append(f"M{num(cx - uy * size)} {num(cy + ux * size)}"
                     f"L{num(cx + uy * size)} {num(cy - ux * size)}")
    return "".join(parts)


def x_mark(cx: float, cy: float, size: float) -> str:
    """Path data of an X centred on (cx, cy)."""
    return (f"M{num(cx - size)} {num(cy - size)}L{num(cx + size)} {num(cy + size)}"
            f"M{num(cx - size)} {num(cy + size)}L{num(cx + size)} {num(cy - size)}")


TIE_STYLES = {
    "strong": {"stroke": INK, "stroke_width": 3.4},
    "ordinary": {"stroke": MUTED, "stroke_width": 1.5},
    "weak": {"stroke": MUTED, "stroke_width": 1.4, "stroke_dasharray": "6 5"},
    "tense": {"stroke": TENSE_RED, "stroke_width": 1.6},
}


@lru_cache(maxsize=64)
def _tie_attributes(quality: str, kind: str) -> str:
    return attrs(class_=f"tie tie-{quality} tie-{kind}", fill="none", stroke_linecap="round",
                 data_quality=quality, data_kind=kind, **TIE_STYLES[quality])


@lru_cache(maxsize=4)
def _mark_attributes(kind: str) -> str:
    return attrs(class_="tie-mark", fill="none", stroke=TENSE_RED if kind == "conflict" else INK,
                 stroke_width=2.2, stroke_linecap="round")


def tie(x1: float, y1: float, x2: float, y2: float, quality: str, kind: str,
        *, title_text: str | None = None, extra: str = "", bend: float = 0.0) -> str:
    """A tie: thick (strong), thin (ordinary), dashed (weak) or a red zigzag (tense).

    A conflict gets an X across its middle, a cut-off tie two bars: both visible without
    colour. ``extra`` is more attributes, already written with ``attrs()``. With ``bend``
    the tie is a curve whose middle lies that far to the left of the straight line.
    """
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    mx, my = (x1 + x2) / 2 + uy * bend, (y1 + y2) / 2 - ux * bend
    if bend:
        cx, cy = 2 * mx - (x1 + x2) / 2, 2 * my - (y1 + y2) / 2
        path = (curved_zigzag(x1, y1, cx, cy, x2, y2) if quality == "tense" else
                f"M{num(x1)} {num(y1)}Q{num(cx)} {num(cy)} {num(x2)} {num(y2)}")
    elif quality == "tense":
        path = zigzag(x1, y1, x2, y2)
    else:
        path = f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}"
    body = f"<title>{text(title_text)}</title>" if title_text else ""
    line = f'<path d="{path}"{_tie_attributes(quality, kind)}{extra}>{body}</path>'
    if kind == "cut_off":
        line += f'<path d="{cross_bars(mx, my, ux, uy)}"{_mark_attributes(kind)}/>'
    elif kind == "conflict":
        line += f'<path d="{x_mark(mx, my, 5.0)}"{_mark_attributes(kind)}/>'
    return line


HIGHLIGHT_STYLES = {
    "added": {"stroke": "#1b6e20", "stroke_dasharray": "6 3"},
    "removed": {"stroke": "#a31515", "stroke_dasharray": "2 3"},
    "moved": {"stroke": "#0b4ea2", "stroke_dasharray": "9 3 2 3"},
    "changed": {"stroke": "#6a1b9a", "stroke_dasharray": "4 2"},
}


def highlight_symbol(kind: str, cx: float, cy: float, size: float = 4.0) -> str:
    """Path data of the small sign of a change: + added, − removed, ↔ moved, Δ changed."""
    if kind == "added":
        return (f"M{num(cx - size)} {num(cy)}L{num(cx + size)} {num(cy)}"
                f"M{num(cx)} {num(cy - size)}L{num(cx)} {num(cy + size)}")
    if kind == "removed":
        return f"M{num(cx - size)} {num(cy)}L{num(cx + size)} {num(cy)}"
    if kind == "moved":
        head = size * 0.6
        return (f"M{num(cx - size)} {num(cy)}L{num(cx + size)} {num(cy)}"
                f"M{num(cx - size + head)} {num(cy - head)}L{num(cx - size)} {num(cy)}"
                f"L{num(cx - size + head)} {num(cy + head)}"
                f"M{num(cx + size - head)} {num(cy - head)}L{num(cx + size)} {num(cy)}"
                f"L{num(cx + size - head)} {num(cy + head)}")
    return (f"M{num(cx)} {num(cy - size)}L{num(cx + size)} {num(cy + size * 0.8)}"
            f"L{num(cx - size)} {num(cy + size * 0.8)}Z")


def highlight_badge(kind: str, cx: float, cy: float, radius: float = 7.0) -> str:
    """A white disc with the change's sign, in the change's colour."""
    colour = HIGHLIGHT_STYLES[kind]["stroke"]
    return (element("circle", cx=float(cx), cy=float(cy), r=radius, fill=HALO, stroke=colour,
                    stroke_width=1.6)
            + element("path", d=highlight_symbol(kind, cx, cy, radius * 0.55), fill="none",
                      stroke=colour, stroke_width=2, stroke_linecap="round",
                      stroke_linejoin="round"))


def highlight_ring(kind: str, cx: float, cy: float, radius: float) -> str:
    """A thick dashed outline around a person who changed."""
    return element("circle", class_=f"highlight highlight-{kind}", cx=float(cx), cy=float(cy),
                   r=float(radius), fill="none", stroke_width=3, **HIGHLIGHT_STYLES[kind])
