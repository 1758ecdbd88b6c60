"""The figures as horizontal bar charts, drawn on the server as SVG: readable without colour.

The same look as the job coach's progress chart (``jobs/chart.py``): the app's teal, black
outlines, every bar labelled with its number, ``<title>`` and ``<desc>`` saying it in words,
and only presentation attributes (no ``style``, no script). A second series (the 90th
percentile beside the median) is hatched, told apart by shape. A figure that may not be
shown (built from fewer than five cases) is an empty dashed box with "< 5": its size is not
drawn either. The page shows the same figures as a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

from eigenkracht.core.svg import INK, MUTED, element, label, open_svg, wrap
from eigenkracht.figures.services import Figure

# Narrow, so that a phone shows it at two thirds of its size and its words stay readable.
WIDTH = 540.0
LABEL_WIDTH = 220.0
BAR_LEFT = 232.0
BAR_RIGHT = WIDTH - 48.0
ROW = 42.0
TOP = 10.0
FONT_SIZE = 15.0
SMALL = 14.0
BRAND = "#0b5c66"
HIDDEN_TEXT = "< 5"


@dataclass(frozen=True)
class Bar:
    label: str
    figure: Figure
    hatched: bool = False


def shown_number(figure: Figure) -> str:
    """The figure as the page shows it: "< 5" when suppressed, "–" when there is none."""
    if figure.suppressed:
        return HIDDEN_TEXT
    if figure.value is None:
        return "–"
    return format_decimal(figure.value, format="#,##0.#")


def _defs(doc: str) -> str:
    hatch = element(
        "pattern",
        element("rect", width=8, height=8, fill="#ffffff")
        + element("line", x1=0, y1=0, x2=0, y2=8, stroke=BRAND, stroke_width=3),
        id=f"{doc}-hatch", patternUnits="userSpaceOnUse", width=8, height=8,
        patternTransform="rotate(45)")
    return element("defs", hatch)


def describe(bars: list[Bar]) -> str:
    """The chart in words: each bar and its number."""
    parts = [_("%(what)s: %(number)s", what=bar.label, number=shown_number(bar.figure))
             for bar in bars]
    parts.append(_("A dashed empty box with “< 5” is a figure built from fewer than five "
                   "cases, which is not shown."))
    return "; ".join(parts[:-1]) + ". " + parts[-1]


def draw_bars(doc: str, heading: str, bars: list[Bar]) -> str:
    """One bar per figure, longest value across the full width."""
    biggest = max((float(b.figure.shown or 0) for b in bars), default=0.0) or 1.0
    span = BAR_RIGHT - BAR_LEFT
    height = TOP * 2 + ROW * max(len(bars), 1)
    parts = [_defs(doc)]
    for index, bar in enumerate(bars):
        y = TOP + ROW * index
        lines = wrap(bar.label, LABEL_WIDTH - 8, SMALL, lines=2)
        first_y = y + ROW / 2 + 5 - (len(lines) - 1) * 8
        for number, line in enumerate(lines):
            parts.append(label(LABEL_WIDTH, first_y + number * 16, line, SMALL, anchor="end",
                               halo=False))
        bar_y, bar_h = y + 8, ROW - 16
        text = shown_number(bar.figure)
        if bar.figure.suppressed:
            parts.append(element("rect", x=BAR_LEFT, y=bar_y, width=44, height=bar_h,
                                 fill="#ffffff", stroke=MUTED, stroke_width=1,
                                 stroke_dasharray="4 3", class_="suppressed"))
            parts.append(label(BAR_LEFT + 22, bar_y + bar_h / 2 + 5, text, SMALL,
                               fill=INK, halo=False))
            continue
        length = span * float(bar.figure.value or 0) / biggest
        if length > 0:
            parts.append(element(
                "rect", x=BAR_LEFT, y=bar_y, width=max(length, 2.0), height=bar_h,
                fill=f"url(#{doc}-hatch)" if bar.hatched else BRAND, stroke=INK,
                stroke_width=1, class_="bar", data_value=bar.figure.value))
        parts.append(label(BAR_LEFT + max(length, 0) + 6, bar_y + bar_h / 2 + 5, text,
                           FONT_SIZE, anchor="start", weight="bold", halo=False))
    parts.append(element("line", x1=BAR_LEFT, y1=TOP, x2=BAR_LEFT, y2=height - TOP,
                         stroke=INK, stroke_width=1))
    return (open_svg(doc, (0, 0, WIDTH, height), heading, describe(bars), "figures-chart")
            + "".join(parts) + "</svg>")
