"""The progress chart, drawn on the server as SVG: readable without colour.

Two panels over the same months: the network per ring as stacked bars (ring 1 solid, ring 2
hatched, ring 3 dotted) and contacts per month as a dashed line with square markers. Every
segment, bar and point carries its number; ``<title>`` and ``<desc>`` say it in words, and
the page shows the same figures as a table. Only presentation attributes: no ``style``,
no ``<style>``, no script. All text passes through the network drawing's escaping helpers.
"""

from __future__ import annotations

import math

from flask_babel import format_date
from flask_babel import gettext as _

from eigenkracht.core.svg import INK, MUTED, element, label, num, open_svg
from eigenkracht.jobs.progress import Month
from eigenkracht.network.labels import RING_LABELS

WIDTH = 760.0
LEFT, RIGHT = 48.0, 24.0
LEGEND_Y = 22.0
BARS_TOP, BARS_HEIGHT = 70.0, 200.0
LINE_TOP, LINE_HEIGHT = 344.0, 110.0
LEADS_Y = LINE_TOP + LINE_HEIGHT + 46.0  # the row of leads and hires per month
HEIGHT = LEADS_Y + 24.0
FONT_SIZE = 12.0
SMALL = 11.0
BRAND = "#0b5c66"
GRID = "#c9ccd3"
MIN_INSIDE = 16.0  # a segment lower than this gets its number beside the bar
DASH = "7 4"


def month_label(month: Month) -> str:
    return format_date(month.start, "MMM y")


def ring_name(ring: int) -> str:
    return _("Ring %(ring)s · %(label)s", ring=ring, label=RING_LABELS[ring])


def _nice_max(value: int) -> tuple[int, int]:
    """An axis maximum at or above ``value`` and its tick step (about four ticks)."""
    if value <= 4:
        return 4, 1
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, int(math.ceil(step)))
    return int(math.ceil(value / step) * step), step


def _patterns(doc: str) -> str:
    """Ring 2 hatched, ring 3 dotted: told apart by shape, not by colour."""
    hatch = element(
        "pattern",
        element("rect", width=8, height=8, fill="#ffffff")
        + element("line", x1=0, y1=0, x2=0, y2=8, stroke=BRAND, stroke_width=3),
        id=f"{doc}-ring2", patternUnits="userSpaceOnUse", width=8, height=8,
        patternTransform="rotate(45)")
    dots = element(
        "pattern",
        element("rect", width=7, height=7, fill="#ffffff")
        + element("circle", cx=3.5, cy=3.5, r=1.4, fill=BRAND),
        id=f"{doc}-ring3", patternUnits="userSpaceOnUse", width=7, height=7)
    return element("defs", hatch + dots)


def _fills(doc: str) -> dict[int, str]:
    return {1: BRAND, 2: f"url(#{doc}-ring2)", 3: f"url(#{doc}-ring3)"}


def _legend(doc: str) -> str:
    fills = _fills(doc)
    parts, x = [], LEFT
    for ring in (1, 2, 3):
        parts.append(element("rect", x=x, y=LEGEND_Y - 8, width=18, height=14,
                             fill=fills[ring], stroke=INK, stroke_width=1))
        parts.append(label(x + 24, LEGEND_Y + 4, ring_name(ring), FONT_SIZE, anchor="start",
                           halo=False))
        x += 150
    parts.append(element("path", d=f"M{num(x)} {num(LEGEND_Y - 1)}h30", stroke=INK,
                         stroke_width=2.5, stroke_dasharray=DASH, fill="none"))
    parts.append(element("rect", x=x + 11, y=LEGEND_Y - 5, width=8, height=8, fill=INK))
    parts.append(label(x + 36, LEGEND_Y + 4, _("Contacts"), FONT_SIZE, anchor="start",
                       halo=False))
    return element("g", "".join(parts), class_="legend")


def _axis(top: float, height: float, maximum: int, step: int, heading: str) -> str:
    parts = [label(LEFT, top - 14, heading, 13.0, anchor="start", weight="bold", halo=False)]
    right = WIDTH - RIGHT
    for tick in range(0, maximum + 1, step):
        y = top + height - height * tick / maximum
        parts.append(element("line", x1=LEFT, y1=y, x2=right, y2=y,
                             stroke=INK if tick == 0 else GRID, stroke_width=1))
        parts.append(label(LEFT - 6, y + 4, str(tick), SMALL, anchor="end", fill=MUTED,
                           halo=False))
    return "".join(parts)


def _month_labels(months: list[Month], y: float, slot: float) -> str:
    return "".join(label(LEFT + slot * (i + 0.5), y, month_label(m), SMALL, halo=False)
                   for i, m in enumerate(months))


def _bars(doc: str, months: list[Month], slot: float) -> str:
    biggest = max((m.network_size or 0 for m in months), default=0)
    maximum, step = _nice_max(biggest)
    scale = BARS_HEIGHT / maximum
    bottom = BARS_TOP + BARS_HEIGHT
    bar = min(44.0, slot * 0.45)
    fills = _fills(doc)
    parts = [_axis(BARS_TOP, BARS_HEIGHT, maximum, step, _("People on the map, per ring"))]
    for index, month in enumerate(months):
        centre = LEFT + slot * (index + 0.5)
        x = centre - bar / 2
        if month.rings is None:
            parts.append(label(centre, bottom - 8, _("no map"), SMALL, fill=MUTED,
                               italic=True, halo=False))
            continue
        y = bottom
        beside_y = bottom + 8
        segments = []
        for ring, count in zip((1, 2, 3), month.rings, strict=True):
            if not count:
                continue
            height = count * scale
            y -= height
            segments.append(element(
                "rect", x=x, y=y, width=bar, height=height, fill=fills[ring], stroke=INK,
                stroke_width=1, class_=f"ring-{ring}",
                data_ring=ring, data_count=count))
            if height >= MIN_INSIDE:
                segments.append(label(centre, y + height / 2 + 4, str(count), SMALL,
                                      weight="bold"))
            else:  # too low for its number: beside the bar, pushed apart from the last one
                beside_y = min(y + height / 2 + 4, beside_y - 12)
                segments.append(label(x + bar + 4, beside_y, str(count), SMALL,
                                      anchor="start", weight="bold"))
        segments.append(label(centre, y - 6, str(month.network_size), FONT_SIZE,
                              weight="bold", class_="total"))
        parts.append(element("g", "".join(segments), class_="bar"))
    parts.append(_month_labels(months, bottom + 18, slot))
    return "".join(parts)


def _line(months: list[Month], slot: float) -> str:
    maximum, step = _nice_max(max((m.contacts for m in months), default=0))
    scale = LINE_HEIGHT / maximum
    bottom = LINE_TOP + LINE_HEIGHT
    points = [(LEFT + slot * (i + 0.5), bottom - m.contacts * scale)
              for i, m in enumerate(months)]
    parts = [_axis(LINE_TOP, LINE_HEIGHT, maximum, step, _("Contacts per month"))]
    path = "M" + "L".join(f"{num(x)} {num(y)}" for x, y in points)
    parts.append(element("path", d=path, fill="none", stroke=INK, stroke_width=2.5,
                         stroke_dasharray=DASH, class_="contacts-line"))
    for (x, y), month in zip(points, months, strict=True):
        parts.append(element("rect", x=x - 4, y=y - 4, width=8, height=8, fill=INK,
                             data_count=month.contacts))
        parts.append(label(x, y - 9, str(month.contacts), SMALL, weight="bold"))
    parts.append(_month_labels(months, bottom + 18, slot))
    return "".join(parts)


def _leads_row(months: list[Month], slot: float) -> str:
    """Per month: leads from the network / of which led to work, under the contacts."""
    parts = []
    for index, month in enumerate(months):
        parts.append(label(LEFT + slot * (index + 0.5), LEADS_Y,
                           f"{month.leads} / {month.hires}", SMALL,
                           weight="bold" if month.hires else None, halo=False,
                           class_="leads"))
    parts.append(label(LEFT, LEADS_Y + 16, _("Leads from the network / of which led to work"),
                       SMALL, anchor="start", fill=MUTED, halo=False))
    return element("g", "".join(parts), class_="leads-row")


def describe(months: list[Month]) -> str:
    """The chart in words, for ``<desc>`` and screen readers."""
    with_map = [m for m in months if m.rings is not None]
    sentences = []
    if with_map:
        first, last = with_map[0], with_map[-1]
        sentences.append(_(
            "From %(first_month)s to %(last_month)s the network went from %(first)s to "
            "%(last)s people.", first_month=month_label(first), last_month=month_label(last),
            first=first.network_size, last=last.network_size))
    else:
        sentences.append(_("There are no saved maps in these months yet."))
    sentences.append(_("%(count)s contacts in these %(months)s months.",
                       count=sum(m.contacts for m in months), months=len(months)))
    sentences.append(_("%(leads)s leads came from the network; %(hires)s led to work.",
                       leads=sum(m.leads for m in months), hires=sum(m.hires for m in months)))
    sentences.append(_("Ring 1 (close) is drawn solid, ring 2 (middle) hatched and ring 3 (far) "
                       "dotted; contacts are a dashed line with square markers. Every bar and "
                       "point is labelled with its number."))
    return " ".join(sentences)


def draw_progress(months: list[Month], client_name: str, doc: str = "progress") -> str:
    """The SVG of ``months`` (oldest first) for the jobseeker ``client_name``."""
    heading = _("Network and contacts of %(name)s per month", name=client_name)
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    body = (_patterns(doc) + _legend(doc) + _bars(doc, months, slot) + _line(months, slot)
            + _leads_row(months, slot))
    return (open_svg(doc, (0, 0, WIDTH, HEIGHT), heading, describe(months), "progress-chart")
            + body + "</svg>")

