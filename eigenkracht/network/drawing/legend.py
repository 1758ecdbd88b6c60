"""The key below each picture: columns of a small sample and its meaning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from eigenkracht.network.drawing import svg
from eigenkracht.network.drawing.svg import INK, element, label, text_width

FONT_SIZE = 11.5
HEADING_SIZE = 12.5
LINE = 21.0
SAMPLE = 36.0
GAP = 8.0
COLUMN_GAP = 26.0
PADDING = 14.0

Sample = Callable[[float, float], str]


@dataclass(frozen=True)
class Entry:
    sample: Sample  # draws the sample with its left edge at x and its middle at y
    text: str


@dataclass(frozen=True)
class Column:
    heading: str
    entries: tuple[Entry, ...]

    @property
    def width(self) -> float:
        widest = max((text_width(entry.text, FONT_SIZE) for entry in self.entries), default=0)
        return max(SAMPLE + GAP + widest, text_width(self.heading, HEADING_SIZE, bold=True))

    @property
    def height(self) -> float:
        return LINE * (len(self.entries) + 1)


def _rows(columns: list[Column], max_width: float) -> list[list[Column]]:
    rows: list[list[Column]] = [[]]
    used = 0.0
    for column in columns:
        needed = column.width + (COLUMN_GAP if rows[-1] else 0)
        if rows[-1] and used + needed > max_width - 2 * PADDING:
            rows.append([])
            used, needed = 0.0, column.width
        rows[-1].append(column)
        used += needed
    return rows


def measure(columns: list[Column], max_width: float) -> float:
    """The height the legend needs when it may be ``max_width`` wide."""
    rows = _rows([c for c in columns if c.entries], max_width)
    return (2 * PADDING + LINE + sum(max(c.height for c in row) + GAP for row in rows))


def draw(columns: list[Column], heading: str, x: float, y: float, width: float) -> str:
    """The legend in a framed box at (x, y), ``width`` wide."""
    height = measure(columns, width)
    parts = [f'<g{svg.attrs(class_="legend")}>',
             element("rect", x=float(x), y=float(y), width=float(width), height=float(height),
                     rx=6, fill="#ffffff", stroke="#8a8a8a", stroke_width=1),
             label(x + PADDING, y + PADDING + HEADING_SIZE, heading, HEADING_SIZE + 1.5,
                   anchor="start", weight="bold", halo=False)]
    top = y + PADDING + LINE + 4
    for row in _rows([c for c in columns if c.entries], width):
        left = x + PADDING
        for column in row:
            parts.append(label(left, top + HEADING_SIZE, column.heading, HEADING_SIZE,
                               anchor="start", weight="bold", halo=False))
            for index, entry in enumerate(column.entries, start=1):
                middle = top + LINE * index + LINE / 2
                parts.append(entry.sample(left, middle))
                parts.append(label(left + SAMPLE + GAP, middle + FONT_SIZE * 0.36, entry.text,
                                   FONT_SIZE, anchor="start", halo=False))
            left += column.width + COLUMN_GAP
        top += max(c.height for c in row) + GAP
    parts.append("</g>")
    return "".join(parts)


# --- samples ----------------------------------------------------------------------------

def tie_sample(quality: str, kind: str = "friend") -> Sample:
    def draw_sample(x: float, y: float) -> str:
        return svg.tie(x + 2, y, x + SAMPLE - 2, y, quality, kind)
    return draw_sample


def node_sample(letters: str = "", *, deceased: bool = False, client: bool = False,
                radius: float = 8.5) -> Sample:
    def draw_sample(x: float, y: float) -> str:
        cx = x + SAMPLE / 2
        out = element("circle", cx=cx, cy=float(y), r=radius, fill="#ffffff", stroke=INK,
                      stroke_width=1.4)
        if client:
            out += element("circle", cx=cx, cy=float(y), r=radius - 3.2, fill="none",
                           stroke=INK, stroke_width=1.2)
        if letters:
            out += label(cx, y + 3.3, letters, 9, weight="bold", halo=False)
        if deceased:
            out += element("path", d=svg.x_mark(cx, y, radius * 0.95), stroke=INK,
                           stroke_width=1.4)
        return out
    return draw_sample


def highlight_sample(kind: str) -> Sample:
    def draw_sample(x: float, y: float) -> str:
        cx = x + SAMPLE / 2 - 5
        return (element("circle", cx=cx, cy=float(y), r=5.5, fill="#ffffff", stroke=INK,
                        stroke_width=1.2)
                + svg.highlight_ring(kind, cx, y, 8.5) + svg.highlight_badge(kind, cx + 11, y,
                                                                             6.0))
    return draw_sample


def path_sample(build: Callable[[float, float], str], **style: object) -> Sample:
    def draw_sample(x: float, y: float) -> str:
        return element("path", d=build(x, y), **{"fill": "none", **style})
    return draw_sample
