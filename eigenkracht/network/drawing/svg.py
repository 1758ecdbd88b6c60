"""The marks both network drawings share (ties, zigzags, highlights) and their ids; the SVG
primitives they are drawn with come from ``core.svg``."""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable
from functools import lru_cache

from eigenkracht.core.svg import (  # noqa: F401 - the drawings use them through this module
    ELLIPSIS,
    FONT,
    HALO,
    INK,
    MUTED,
    SVG_NS,
    TENSE_RED,
    attrs,
    clean,
    element,
    fit,
    label,
    num,
    open_svg,
    text,
    text_width,
    title,
    wrap,
)
from eigenkracht.network.drawing.types import Node

# --- ids --------------------------------------------------------------------------------

def document_id(kind: str, nodes: Iterable[Node], *extra: str) -> str:
    """A stable id prefix, different per picture, so that two inline SVGs do not clash."""
    digest = zlib.crc32("|".join([kind, *extra, *(f"{n.id}:{n.ring}:{n.sector}" for n in nodes)])
                        .encode("utf-8"))
    return f"netmap-{kind}-{digest:08x}"


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
