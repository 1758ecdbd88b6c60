"""Crowded cells of the circle: people in straight rows, packed like lines of text.

Arcs look best while a cell has room, but name boxes on a slanted arc waste space. When a
cell is full, its people go in horizontal rows instead: for every row, the stretch of the
row whose boxes lie wholly inside the cell (inside the slice, outside the inner ring, inside
the outer ring) is worked out exactly, and boxes are set side by side along it. Boxes that
stay inside their own cell cannot meet the boxes of any other cell.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from eigenkracht.network.drawing.types import Node

EPSILON = 1e-9
OFFSETS = (0.0, 0.25, 0.5, 0.75)  # where the first row starts, in row heights


@dataclass(frozen=True)
class Cell:
    """One ring of one slice, around the origin; angles in radians, clockwise from +x."""

    first: float
    last: float
    inner: float
    outer: float


@dataclass(frozen=True)
class Segment:
    top: float  # top edge of the boxes in this row
    low: float  # lowest and highest left edge a box may have
    high: float
    width: float

    @property
    def capacity(self) -> int:
        return int((self.high - self.low) / self.width + EPSILON) + 1


def _vertical_range(cell: Cell) -> tuple[float, float]:
    ys = [radius * math.sin(angle) for radius in (cell.inner, cell.outer)
          for angle in (cell.first, cell.last)]
    for extreme in (-math.pi / 2, math.pi / 2):
        turns = math.ceil((cell.first - extreme) / (2 * math.pi) - EPSILON)
        if cell.first - EPSILON <= extreme + 2 * math.pi * turns <= cell.last + EPSILON:
            ys.append(cell.outer * math.sin(extreme))
    return min(ys), max(ys)


def _ray_bound(angle: float, ys: tuple[float, float], width: float,
               after: bool) -> tuple[float, float] | None:
    """Bounds on a box's left edge so that its corners lie on the inner side of a ray.

    ``after``: the cell lies clockwise after the ray (its first edge); else before it.
    """
    cos, sin = math.cos(angle), math.sin(angle)
    if not after:
        cos, sin = -cos, -sin
    # A corner (x, y) is on the cell's side when cos*y - sin*x >= 0.
    if abs(sin) < EPSILON:
        ok = all(cos * y >= -EPSILON for y in ys)
        return (-math.inf, math.inf) if ok else None
    limits = [cos * y / sin for y in ys]
    if sin > 0:  # x <= limit for the right corners
        return (-math.inf, min(limits) - width)
    return (max(limits), math.inf)  # x >= limit for the left corners


def segments(cell: Cell, width: float, height: float, top: float) -> list[Segment]:
    """Where a row of boxes with its top edge at ``top`` fits inside ``cell``."""
    ys = (top, top + height)
    far = max(abs(top), abs(top + height))
    if far >= cell.outer:
        return []
    reach = math.sqrt(cell.outer ** 2 - far ** 2)
    low, high = -reach, reach - width
    for angle, after in ((cell.first, True), (cell.last, False)):
        bound = _ray_bound(angle, ys, width, after)
        if bound is None:
            return []
        low, high = max(low, bound[0]), min(high, bound[1])
    near = 0.0 if top <= 0 <= top + height else min(abs(top), abs(top + height))
    pieces = [(low, high)]
    if near < cell.inner:
        hole = math.sqrt(cell.inner ** 2 - near ** 2)
        pieces = [(low, min(high, -hole - width)), (max(low, hole), high)]
    return [Segment(top, a, b, width) for a, b in pieces if b >= a - EPSILON]


def _rows_from(cell: Cell, width: float, height: float, offset: float) -> list[Segment]:
    first_y, last_y = _vertical_range(cell)
    found: list[Segment] = []
    top = first_y + offset * height
    while top + height <= last_y + EPSILON:
        found.extend(segments(cell, width, height, top))
        top += height
    return found


@lru_cache(maxsize=256)
def rows(cell: Cell, width: float, height: float) -> tuple[Segment, ...]:
    """The fullest way to lay rows through the cell (trying a few starting heights)."""
    best: list[Segment] = []
    best_count = -1
    for offset in OFFSETS:
        found = _rows_from(cell, width, height, offset)
        count = sum(segment.capacity for segment in found)
        if count > best_count:
            best, best_count = found, count
    return tuple(best)


def capacity(cell: Cell, width: float, height: float) -> int:
    return sum(segment.capacity for segment in rows(cell, width, height))


def _holds(cell: Cell, width: float, height: float, count: int) -> bool:
    """Whether rows through ``cell`` hold ``count`` boxes (stops at the first way that does)."""
    return any(sum(s.capacity for s in _rows_from(cell, width, height, offset)) >= count
               for offset in OFFSETS)


def thinnest(count: int, first: float, last: float, inner: float, low: float, high: float,
             width: float, height: float) -> float | None:
    """The least thickness (between ``low`` and ``high``) whose cell holds ``count`` boxes
    in rows, to within a third of a row; ``None`` if even ``high`` is not enough."""
    def fits(thickness: float) -> bool:
        return _holds(Cell(first, last, inner, inner + thickness), width, height, count)

    if fits(low):
        return low
    if not fits(high):
        return None
    while high - low > height / 3:
        middle = (low + high) / 2
        low, high = (low, middle) if fits(middle) else (middle, high)
    return high


def place(people: Sequence[Node], cell: Cell, width: float, height: float, above: float,
          share_out: Callable[[int, list[int]], list[int]]) -> dict[int, tuple[float, float]]:
    """Centres of ``people`` in rows inside ``cell`` (top to bottom, left to right).

    ``above`` is the distance from the top of a box down to its node's centre.
    """
    found = sorted(rows(cell, width, height), key=lambda s: (s.top, s.low))
    shares = share_out(len(people), [segment.capacity for segment in found])
    placed: dict[int, tuple[float, float]] = {}
    queue = iter(people)
    for segment, share in zip(found, shares, strict=True):
        if not share:
            continue
        span = segment.high - segment.low
        gap = 0.0 if share == 1 else min(span / (share - 1), max(width, (span + width) / share))
        start = segment.low + (span - gap * (share - 1)) / 2
        for index in range(share):
            placed[next(queue).id] = (start + index * gap + width / 2, segment.top + above)
    return placed
