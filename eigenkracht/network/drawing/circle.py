"""The network circle (netwerkcirkel / eco-map): client in the middle, rings and slices."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

from eigenkracht.network.drawing import legend, svg
from eigenkracht.network.drawing.layout import SIDE_MARGIN, CircleGeometry, compute
from eigenkracht.network.drawing.person import Look, person
from eigenkracht.network.drawing.svg import INK, element, fit, label, num, text_width
from eigenkracht.network.drawing.texts import Words
from eigenkracht.network.drawing.types import (
    DIRECTIONS,
    HIGHLIGHTS,
    QUALITIES,
    RINGS,
    SECTORS,
    SUPPORTS,
    Edge,
    Node,
    usable_edges,
)

SECTOR_COLOURS = {
    "family": (0xE8, 0x80, 0x4F),
    "friends": (0x5A, 0xAE, 0x61),
    "community": (0xE0, 0xB4, 0x00),
    "school_work": (0x4A, 0x90, 0xC9),
    "professionals": (0x9B, 0x7C, 0xC1),
}
RING_WHITENESS = {1: 0.62, 2: 0.75, 3: 0.86}
SECTOR_FONT = 14.0
RING_FONT = 11.0


def tint(sector: str, ring: int) -> str:
    """A pale colour per cell: darker near the client, one hue per sector."""
    white = RING_WHITENESS[ring]
    red, green, blue = (round(c + (255 - c) * white) for c in SECTOR_COLOURS[sector])
    return f"#{red:02x}{green:02x}{blue:02x}"


def _polar(geometry: CircleGeometry, radius: float, angle: float) -> tuple[float, float]:
    cx, cy = geometry.centre
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _cell_path(geometry: CircleGeometry, inner: float, outer: float, first: float,
               last: float) -> str:
    x1, y1 = _polar(geometry, outer, first)
    x2, y2 = _polar(geometry, outer, last)
    x3, y3 = _polar(geometry, inner, last)
    x4, y4 = _polar(geometry, inner, first)
    return (f"M{num(x1)} {num(y1)}A{num(outer)} {num(outer)} 0 0 1 {num(x2)} {num(y2)}"
            f"L{num(x3)} {num(y3)}A{num(inner)} {num(inner)} 0 0 0 {num(x4)} {num(y4)}Z")


def _background(geometry: CircleGeometry, words: Words) -> str:
    radii = geometry.radii
    cx, cy = geometry.centre
    # Where the rings and slices are, for a script that lets people be dragged around.
    where = svg.attrs(class_="map-background", data_centre=f"{num(cx)} {num(cy)}",
                      data_radii=" ".join(num(r) for r in radii),
                      data_sectors=" ".join(SECTORS), data_first_angle=-90)
    parts = [f"<g{where}>"]
    for ring in RINGS:
        for sector in SECTORS:
            first, last = geometry.sector_angles(sector)
            parts.append(element(
                "path", class_="cell", d=_cell_path(geometry, radii[ring - 1], radii[ring],
                                                    first, last),
                fill=tint(sector, ring), stroke="none", data_ring=ring, data_sector=sector))
    for index, radius in enumerate(radii):
        parts.append(element("circle", class_="ring-line", cx=cx, cy=cy, r=float(radius),
                             fill="#ffffff" if index == 0 else "none", stroke=INK,
                             stroke_width=2 if index == 3 else 1.2))
    for sector in SECTORS:
        first, _last = geometry.sector_angles(sector)
        x1, y1 = _polar(geometry, radii[0], first)
        x2, y2 = _polar(geometry, radii[3], first)
        parts.append(element("path", class_="sector-line", d=f"M{num(x1)} {num(y1)}"
                             f"L{num(x2)} {num(y2)}", stroke=INK, stroke_width=1.2))
    parts.append("</g>")
    parts.append(_ring_labels(geometry, words))
    return "".join(parts)


def _sector_labels(geometry: CircleGeometry, words: Words) -> tuple[str, float, float]:
    """The sector names around the circle, and how far they reach left and right of it."""
    cx = geometry.centre[0]
    outer = geometry.radii[3]
    parts = [f'<g{svg.attrs(class_="sector-labels")}>']
    left, right = cx - outer, cx + outer
    for sector in SECTORS:
        first, last = geometry.sector_angles(sector)
        middle = (first + last) / 2
        cos, sin = math.cos(middle), math.sin(middle)
        x, y = _polar(geometry, outer + 14, middle)
        anchor = "start" if cos > 0.35 else "end" if cos < -0.35 else "middle"
        room = SIDE_MARGIN - 24 if anchor != "middle" else 2 * outer
        y += SECTOR_FONT * (0.35 + 0.55 * sin)
        name = fit(words.sectors[sector], room, SECTOR_FONT, bold=True)
        width = text_width(name, SECTOR_FONT, bold=True)
        start = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        left, right = min(left, start), max(right, start + width)
        parts.append(label(x, y, name, SECTOR_FONT, anchor=anchor, weight="bold",
                           class_="sector-label", halo=False))
    parts.append("</g>")
    return "".join(parts), left, right


def _ring_labels(geometry: CircleGeometry, words: Words) -> str:
    cx, cy = geometry.centre
    radii = geometry.radii
    parts = [f'<g{svg.attrs(class_="ring-labels")}>']
    for ring in RINGS:
        y = cy - (radii[ring - 1] + radii[ring]) / 2 + RING_FONT * 0.35
        name = fit(words.rings[ring], geometry.metrics.box_width - 10, RING_FONT)
        parts.append(label(cx, y, name, RING_FONT, italic=True, fill="#333333",
                           class_="ring-label"))
    parts.append("</g>")
    return "".join(parts)


def _ties(geometry: CircleGeometry, nodes: Sequence[Node], edges: Sequence[Edge],
          words: Words) -> str:
    names = {node.id: node.name for node in nodes}
    positions = geometry.positions
    drawn = usable_edges(edges, frozenset(positions))
    # Many ties: lighter lines, so that people and names stay readable.
    parts = [f'<g{svg.attrs(class_="ties", stroke_opacity=0.6 if len(drawn) > 60 else None)}>']
    for edge in drawn:
        (x1, y1), (x2, y2) = positions[edge.a], positions[edge.b]
        parts.append(svg.tie(x1, y1, x2, y2, edge.quality, edge.kind,
                             title_text=words.tie_title(edge, names),
                             extra=f' data-a="{int(edge.a)}" data-b="{int(edge.b)}"'))
    parts.append("</g>")
    return "".join(parts)


def direction_mark(direction: str, ux: float, uy: float, start: float) -> str:
    """Path data of the small sign of who supports whom; (ux, uy) points at the client."""
    px, py = -uy, ux

    def at(distance: float, side: float) -> str:
        return f"{num(ux * distance + px * side)} {num(uy * distance + py * side)}"

    if direction == "to_client":
        return f"M{at(start, -3.4)}L{at(start + 6, 0)}L{at(start, 3.4)}Z"
    if direction == "from_client":
        return f"M{at(start + 6, -3.4)}L{at(start, 0)}L{at(start + 6, 3.4)}Z"
    return f"M{at(start, 0)}L{at(start + 4, -3.2)}L{at(start + 8, 0)}L{at(start + 4, 3.2)}Z"


@lru_cache(maxsize=8)
def _outline(radius: float, client: bool) -> str:
    if client:
        return (element("circle", r=radius, fill="#fff7d1", stroke=INK, stroke_width=1.6)
                + element("circle", r=radius - 4, fill="none", stroke=INK, stroke_width=1.3))
    return element("circle", r=radius, fill="#ffffff", stroke=INK, stroke_width=1.6)


def _people(geometry: CircleGeometry, highlight: Mapping[int, str], words: Words) -> str:
    metrics = geometry.metrics
    cx, cy = geometry.centre
    parts = [f'<g{svg.attrs(class_="people")}>']
    if geometry.client_id is None:
        parts.append(element("circle", class_="centre", cx=cx, cy=cy, r=metrics.client_radius,
                             fill="#ffffff", stroke=INK, stroke_width=1.4,
                             stroke_dasharray="4 3"))
        parts.append(label(cx, cy + metrics.client_font * 0.35, words.misc["client"],
                           metrics.client_font, weight="bold", halo=False))
    look = Look(metrics.radius, metrics.font, metrics.label_width)
    client_look = Look(metrics.client_radius, metrics.client_font, metrics.client_label_width,
                       bold=True)
    for node in geometry.order:
        x, y = geometry.positions[node.id]
        client = node.id in geometry.client_ids
        decoration = ""
        if node.support_direction and not client:
            distance = math.hypot(cx - x, cy - y) or 1.0
            mark = direction_mark(node.support_direction, (cx - x) / distance,
                                  (cy - y) / distance, metrics.radius + 1)
            decoration = f'<path class="direction-mark" fill="{INK}" d="{mark}"/>'
        parts.append(person(node, x, y, client_look if client else look, words,
                            outline=_outline(geometry.node_radius(node.id), client),
                            change=highlight.get(node.id), client=client,
                            decoration=decoration))
    parts.append("</g>")
    return "".join(parts)


def _legend_columns(words: Words, changes: set[str]) -> list[legend.Column]:
    def ring_sample(ring: int) -> legend.Sample:
        def draw(x: float, y: float) -> str:
            return (element("rect", x=x + 4, y=y - 8, width=28.0, height=16.0, rx=3,
                            fill=tint("family", ring), stroke=INK, stroke_width=1)
                    + label(x + 18, y + 4, str(ring), 11, weight="bold", halo=False))
        return draw

    def direction_sample(direction: str) -> legend.Sample:
        def draw(x: float, y: float) -> str:
            cx = x + 9
            return (legend.node_sample(radius=7)(x - 9, y)
                    + element("path", d=direction_mark(direction, 1, 0, 8),
                              transform=f"translate({num(cx)} {num(y)})", fill=INK)
                    + element("circle", cx=x + 32, cy=y, r=3.0, fill=INK))
        return draw

    quality_entries = [legend.Entry(legend.tie_sample(q), words.qualities[q]) for q in QUALITIES]
    quality_entries += [
        legend.Entry(legend.tie_sample("ordinary", "conflict"), words.misc["conflict"]),
        legend.Entry(legend.tie_sample("ordinary", "cut_off"), words.misc["cut_off"]),
    ]
    support_entries = [legend.Entry(legend.node_sample(words.letters[kind]),
                                    words.letter_keys[kind]) for kind in SUPPORTS]
    direction_entries = [legend.Entry(direction_sample(d), words.directions[d])
                         for d in DIRECTIONS]
    columns = [
        legend.Column(words.misc["rings"], tuple(
            legend.Entry(ring_sample(ring), words.rings[ring]) for ring in RINGS)),
        legend.Column(words.misc["ties"], tuple(quality_entries)),
        legend.Column(words.misc["support"], tuple(support_entries + direction_entries)),
        legend.Column(words.misc["symbols"], (
            legend.Entry(legend.node_sample(client=True), words.misc["client_key"]),
            legend.Entry(legend.node_sample(deceased=True), words.misc["deceased"]))),
    ]
    if changes:
        columns.append(legend.Column(words.misc["changes"], tuple(
            legend.Entry(legend.highlight_sample(kind), words.highlights[kind])
            for kind in HIGHLIGHTS if kind in changes)))
    return columns


def draw_circle(nodes: Sequence[Node], edges: Sequence[Edge], *, title: str, description: str,
                highlight: Mapping[int, str] | None = None) -> str:
    """The network circle as an SVG document (a string), in the current language."""
    words = Words.current()
    geometry = compute(nodes)
    changes = {k: v for k, v in (highlight or {}).items() if v in HIGHLIGHTS}
    columns = _legend_columns(words, set(changes.values()))
    sector_labels, left, right = _sector_labels(geometry, words)
    left, right = left - 20, right + 20
    legend_width = right - left - 32
    height = geometry.height + legend.measure(columns, legend_width) + 16
    doc_id = svg.document_id("circle", geometry.order, title)
    return "".join([
        svg.open_svg(doc_id, (left, 0, right - left, height), title, description,
                     "network-map network-circle"),
        _background(geometry, words),
        sector_labels,
        _ties(geometry, geometry.order, edges, words),
        _people(geometry, changes, words),
        legend.draw(columns, words.misc["legend"], left + 16, geometry.height, legend_width),
        "</svg>",
    ])
