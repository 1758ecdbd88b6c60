"""Where everyone sits on the network circle: rings, slices, and rows within each cell.

The circle has the clients in the middle (several side by side), three rings (1 close …
3 far) and five slices, one per sector, each as wide as its share of the people, but never
narrower than ``MIN_SHARE`` of the circle (``sector_spans``): a family of fifteen gets most
of the circle instead of being squeezed into a fifth of it while the other slices stay
empty. Each (ring, sector) cell holds its people in one or more rows (arcs). Each person
takes a box (node plus name below it); boxes are kept apart along the arc and between rows
by the width of that box *as seen in that direction* (a wide box needs more room side by
side, a flat one less room above and below), so node circles never meet and names rarely
do. A ring grows thicker, row by row, until its fullest cell fits.

The layout depends only on the people (not on the language), so positions are stable.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from eigenkracht.network.drawing import packing
from eigenkracht.network.drawing.types import RINGS, SECTORS, Edge, Node, distinct, find_client

START = -math.pi / 2  # the first slice (family) starts straight up, then clockwise
SPAN = 2 * math.pi / len(SECTORS)  # each slice's width when the people are spread evenly
MIN_SHARE = 0.1  # the narrowest a slice gets, as a share of the circle (36 degrees)
SAMPLES = 36
SLACK = 1.06  # chords are a little shorter than arcs
ROW_GAP = 4.0
SIDE_MARGIN = 190.0  # the most room sector names may take left and right of the circle
TOP_MARGIN = 34.0
BOTTOM_MARGIN = 50.0


@dataclass(frozen=True)
class Metrics:
    """Sizes of one map: smaller nodes and names when there are many people.

    A person takes a box: room above the node for the support-direction mark, the node,
    and up to two lines of name below it.
    """

    radius: float
    font: float
    label_width: float
    client_radius: float
    client_font: float
    client_label_width: float

    @property
    def line_height(self) -> float:
        return 1.15 * self.font

    @property
    def label_offset(self) -> float:
        """From a node's centre down to the baseline of the first line of its name."""
        return self.radius + 6 + 0.8 * self.font

    @property
    def box_width(self) -> float:
        return max(self.label_width, 2 * self.radius) + 6

    @property
    def box_height(self) -> float:
        return self.radius + 7 + self.label_offset + self.line_height + 0.3 * self.font + 3

    @property
    def centre_radius(self) -> float:
        """Radius of the client's zone: the client's box fits inside in every direction."""
        return self.client_reach + 4

    @property
    def client_reach(self) -> float:
        """How far a client's box (node and name) reaches from the node's centre."""
        half_width = max(self.client_label_width / 2, self.client_radius) + 4
        below = self.client_radius + 8 + 2.3 * self.client_font
        return math.hypot(half_width, below)

    def clients_circle(self, count: int) -> float:
        """The radius on which ``count`` clients sit around the centre, side by side without
        their boxes meeting (0 for one client)."""
        if count <= 1:
            return 0.0
        width = 2 * (max(self.client_label_width / 2, self.client_radius) + 6)
        return max(width / 2 / math.sin(math.pi / count), self.client_reach * 0.9)


def metrics_for(count: int) -> Metrics:
    if count <= 40:
        return Metrics(radius=14, font=12, label_width=76, client_radius=22, client_font=13.5,
                       client_label_width=118)
    if count <= 90:
        return Metrics(radius=12.5, font=11, label_width=70, client_radius=20, client_font=13,
                       client_label_width=112)
    return Metrics(radius=11, font=10.5, label_width=66, client_radius=19, client_font=12.5,
                   client_label_width=108)


def sector_spans(counts: Sequence[int]) -> tuple[float, ...]:
    """The width (radians) of each sector's slice for ``counts`` people per sector: the
    minimum for each, and the rest of the circle shared in proportion to the people."""
    total = sum(counts)
    if total == 0:
        return tuple(SPAN for _count in counts)
    free = 1.0 - MIN_SHARE * len(counts)
    return tuple(2 * math.pi * (MIN_SHARE + free * count / total) for count in counts)


def sector_starts(spans: Sequence[float]) -> tuple[float, ...]:
    starts, angle = [], START
    for span in spans:
        starts.append(angle)
        angle += span
    return tuple(starts)


@dataclass(frozen=True)
class Slice:
    """How much room a sector's slice offers: slots per unit of radius, and where they sit."""

    first_angle: float
    span: float
    slots_per_radius: float
    cumulative: tuple[float, ...]  # share of the slots before each sample boundary
    pitch: float  # distance between two rows of this slice

    def capacity(self, radius: float) -> int:
        return int(radius * self.slots_per_radius)

    def angle_at(self, share: float) -> float:
        """The angle before which ``share`` of the slice's slots lie."""
        index = min(bisect_right(self.cumulative, share) - 1, SAMPLES - 1)
        low, high = self.cumulative[index], self.cumulative[index + 1]
        part = (share - low) / (high - low) if high > low else 0.0
        return self.first_angle + (index + part) * self.span / SAMPLES


@lru_cache(maxsize=256)
def _slice(first: float, span: float, width: float, height: float) -> Slice:
    step = span / SAMPLES
    total, cumulative, pitch = 0.0, [0.0], 0.0
    for sample in range(SAMPLES + 1):
        theta = first + sample * step
        sin, cos = abs(math.sin(theta)), abs(math.cos(theta))
        pitch = max(pitch, width * cos + height * sin)
        if sample < SAMPLES:
            middle = theta + step / 2
            along = width * abs(math.sin(middle)) + height * abs(math.cos(middle))
            total += step / along
            cumulative.append(total)
    return Slice(first, span, total / SLACK, tuple(c / total for c in cumulative),
                 pitch + ROW_GAP)


@dataclass(frozen=True)
class CircleGeometry:
    """The whole circle: sizes, ring radii, and each person's place (in viewBox units)."""

    metrics: Metrics
    centre: tuple[float, float]
    radii: tuple[float, float, float, float]  # client zone, ring 1, ring 2, ring 3
    width: float
    height: float  # without the legend
    positions: dict[int, tuple[float, float]]
    client_id: int | None  # the first client (by id)
    order: tuple[Node, ...]  # everyone in drawing order (clients, then ring, sector, name)
    spans: tuple[float, ...] = tuple(SPAN for _sector in SECTORS)  # per sector, radians
    client_ids: frozenset[int] = frozenset()  # every client: all in the centre

    def sector_angles(self, sector: str) -> tuple[float, float]:
        index = SECTORS.index(sector)
        first = START + sum(self.spans[:index])
        return first, first + self.spans[index]

    def node_radius(self, node_id: int) -> float:
        if node_id == self.client_id or node_id in self.client_ids:
            return self.metrics.client_radius
        return self.metrics.radius


def _rows_for(count: int, inner: float, slice_: Slice) -> int:
    rows = 1
    while sum(slice_.capacity(inner + slice_.pitch * (row + 0.5)) for row in range(rows)) < count:
        rows += 1
    return rows


def _share_out(count: int, capacities: list[int]) -> list[int]:
    """Split ``count`` over rows in proportion to their capacity (largest remainders)."""
    total = sum(capacities)
    exact = [count * capacity / total for capacity in capacities]
    shares = [min(int(value), capacity) for value, capacity in zip(exact, capacities, strict=True)]
    by_remainder = sorted(range(len(capacities)), key=lambda i: (shares[i] - exact[i], i))
    while sum(shares) < count:
        grown = False
        for row in by_remainder:
            if shares[row] < capacities[row] and sum(shares) < count:
                shares[row] += 1
                grown = True
        if not grown:  # cannot happen (rings grow until everyone fits), but never hang
            shares[-1] += count - sum(shares)
    return shares


def _place_cell(people: list[Node], inner: float, thickness: float, slice_: Slice,
                rows: int) -> dict[int, tuple[float, float]]:
    radii = [inner + thickness * (row + 0.5) / rows for row in range(rows)]
    shares = _share_out(len(people), [max(slice_.capacity(r), 1) for r in radii])
    placed: dict[int, tuple[float, float]] = {}
    queue = iter(people)
    for radius, share in zip(radii, shares, strict=True):
        for slot in range(share):
            theta = slice_.angle_at((slot + 0.5) / share)
            placed[next(queue).id] = (radius * math.cos(theta), radius * math.sin(theta))
    return placed


def _ring_plan(cells: dict[int, list[Node]], inner: float, slices: list[Slice],
               metrics: Metrics, minimum: float) -> tuple[float, dict[int, float | None]]:
    """How thick a ring must be, and for each cell whether its people go in arcs (``None``)
    or in straight rows within the given thickness.

    Cells are tried fullest first; a cell whose arcs fit in the thickness found so far needs
    no further thought, and a cell whose rows fit in it needs only one check.
    """
    arcs = {i: _rows_for(len(people), inner, slices[i]) * slices[i].pitch
            for i, people in cells.items()}
    thickness = minimum
    in_rows: dict[int, float | None] = {}
    for index in sorted(arcs, key=lambda i: (-arcs[i], i)):
        in_rows[index] = None
        if arcs[index] <= thickness:
            continue
        first, last = slices[index].first_angle, slices[index].first_angle + slices[index].span
        needed = packing.thinnest(len(cells[index]), first, last, inner, thickness,
                                  arcs[index], metrics.box_width, metrics.box_height)
        if needed is None:
            thickness = arcs[index]
        else:
            thickness, in_rows[index] = max(thickness, needed), needed
    return thickness, in_rows


def _place_in_rows(people: list[Node], slice_: Slice, inner: float, thickness: float,
                   needed: float, metrics: Metrics) -> dict[int, tuple[float, float]]:
    first, last = slice_.first_angle, slice_.first_angle + slice_.span
    width, height = metrics.box_width, metrics.box_height
    cell = packing.Cell(first, last, inner, inner + thickness)
    if packing.capacity(cell, width, height) < len(people):
        cell = packing.Cell(first, last, inner, inner + needed)
    return packing.place(people, cell, width, height, metrics.radius + 7, _share_out)


def compute(nodes: Sequence[Node]) -> CircleGeometry:
    """Lay out the network circle for ``nodes`` (ties do not move anyone)."""
    nodes = distinct(nodes)
    client = find_client(nodes)
    clients = sorted((n for n in nodes if n.is_client), key=lambda n: n.id)
    others = [n for n in nodes if not n.is_client]
    metrics = metrics_for(len(others))
    spans = sector_spans([sum(1 for n in others if n.sector == sector) for sector in SECTORS])
    slices = [_slice(first, span, metrics.box_width, metrics.box_height)
              for first, span in zip(sector_starts(spans), spans, strict=True)]
    cells: dict[tuple[int, int], list[Node]] = {}
    for node in others:
        cells.setdefault((node.ring, SECTORS.index(node.sector)), []).append(node)

    around = metrics.clients_circle(len(clients))
    radii = [metrics.centre_radius + around]
    relative: dict[int, tuple[float, float]] = {}
    minimum = max(s.pitch for s in slices)
    for ring in RINGS:
        inner = radii[-1]
        in_ring = {i: cells[(ring, i)] for i in range(len(SECTORS)) if (ring, i) in cells}
        thickness, plans = _ring_plan(in_ring, inner, slices, metrics, minimum)
        for index, needed in plans.items():
            if needed is None:
                rows = _rows_for(len(in_ring[index]), inner, slices[index])
                relative.update(_place_cell(in_ring[index], inner, thickness, slices[index],
                                            rows))
            else:
                relative.update(_place_in_rows(in_ring[index], slices[index], inner,
                                               thickness, needed, metrics))
        radii.append(inner + thickness)

    outer = radii[-1]
    cx, cy = SIDE_MARGIN + outer, TOP_MARGIN + outer
    positions = {node_id: (cx + x, cy + y) for node_id, (x, y) in relative.items()}
    order = tuple(others)
    for index, one in enumerate(clients):  # one in the middle; several side by side
        angle = math.pi + 2 * math.pi * index / len(clients)
        positions[one.id] = (cx + around * math.cos(angle), cy + around * math.sin(angle))
    order = (*clients, *order)
    return CircleGeometry(metrics=metrics, centre=(cx, cy),
                          radii=(radii[0], radii[1], radii[2], radii[3]),
                          width=2 * (SIDE_MARGIN + outer),
                          height=TOP_MARGIN + 2 * outer + BOTTOM_MARGIN,
                          positions=positions, client_id=client.id if client else None,
                          order=order, spans=spans,
                          client_ids=frozenset(n.id for n in clients))


def circle_layout(nodes: Sequence[Node],
                  edges: Sequence[Edge] = ()) -> dict[int, tuple[float, float, float]]:
    """Node id -> (x, y, radius) exactly as ``draw_circle`` places the node circles."""
    geometry = compute(nodes)
    return {node_id: (x, y, geometry.node_radius(node_id))
            for node_id, (x, y) in geometry.positions.items()}
