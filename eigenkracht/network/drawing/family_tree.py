"""Where everyone sits on the genogram: generations as rows, couples side by side,
children below their parents.

Generations come from parent and child ties, counted from the client (0); partners and
brothers and sisters share a generation. People tied to nobody in the family are placed by
birth year relative to the client (25 years a generation), else beside the client.
Within a row, couples form one unit; rows are ordered and shifted a few times, down and up,
so that children sit under their parents and parents above their children (the
barycentre method, with each row packed by an isotonic fit that keeps units apart).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from eigenkracht.network.drawing.types import Edge, Node, distinct, find_client, usable_edges

VERTICAL = frozenset({"parent", "child"})
HORIZONTAL = frozenset({"partner", "ex_partner", "sibling"})
COUPLES = frozenset({"partner", "ex_partner"})
YEARS_PER_GENERATION = 25
FAMILY_GAP = 0.35  # extra room between units of different families, in slots
SWEEPS = 2


@dataclass(frozen=True)
class Tree:
    people: dict[int, Node]
    generation: dict[int, int]
    rows: tuple[tuple[int, ...], ...]  # node ids left to right, oldest generation first
    row_generations: tuple[int, ...]
    x: dict[int, float]  # centre of each person, in slots from the left edge
    edges: tuple[Edge, ...]
    parents: dict[int, tuple[int, ...]]  # child -> its parents on the genogram
    client_id: int | None

    @property
    def width(self) -> float:
        return max(self.x.values(), default=0.0) + 0.5

    def row_of(self, node_id: int) -> int:
        return self.row_generations.index(self.generation[node_id])


def family_of(nodes: Sequence[Node]) -> list[Node]:
    """The people of the family sector, and the client."""
    return [n for n in distinct(nodes) if n.sector == "family" or n.is_client]


def _adjacency(ids: list[int], edges: list[Edge]):
    vertical: dict[int, list[tuple[int, int]]] = {i: [] for i in ids}
    horizontal: dict[int, list[int]] = {i: [] for i in ids}
    for edge in edges:
        if edge.kind in VERTICAL:
            parent, child = (edge.a, edge.b) if edge.kind == "parent" else (edge.b, edge.a)
            vertical[parent].append((child, 1))
            vertical[child].append((parent, -1))
        elif edge.kind in HORIZONTAL:
            horizontal[edge.a].append(edge.b)
            horizontal[edge.b].append(edge.a)
    return vertical, horizontal


def _spread(seed: int, start: int, vertical, horizontal, generation: dict[int, int]) -> None:
    """Give ``seed`` generation ``start`` and everyone tied to it theirs: parent and child
    ties first, then partners and siblings, then again."""
    generation[seed] = start
    frontier = [seed]
    while frontier:
        queue, reached = deque(frontier), list(frontier)
        while queue:
            current = queue.popleft()
            for other, step in sorted(vertical[current]):
                if other not in generation:
                    generation[other] = generation[current] + step
                    queue.append(other)
                    reached.append(other)
        frontier = []
        for current in reached:
            for other in sorted(horizontal[current]):
                if other not in generation:
                    generation[other] = generation[current]
                    frontier.append(other)


def generations(family: list[Node], edges: list[Edge]) -> dict[int, int]:
    """Each person's generation: 0 for the client, -1 for parents, 1 for children."""
    ids = [node.id for node in family]
    vertical, horizontal = _adjacency(ids, edges)
    client = find_client(family)
    generation: dict[int, int] = {}
    if client is not None:
        _spread(client.id, 0, vertical, horizontal, generation)
    reference = client.birth_year if client is not None else None
    for node in sorted(family, key=lambda n: (n.birth_year is None, n.sort_key)):
        if node.id in generation:
            continue
        start = 0
        if reference is not None and node.birth_year is not None:
            start = round((node.birth_year - reference) / YEARS_PER_GENERATION)
        _spread(node.id, start, vertical, horizontal, generation)
    return generation


def _order_unit(members: list[Node], partners: dict[int, list[int]],
                exes: set[frozenset[int]]) -> list[int]:
    """Partners side by side: a man left of a woman; former partners left of the hub."""
    if len(members) == 1:
        return [members[0].id]
    if len(members) == 2:
        first, second = members
        if first.gender == "female" and second.gender == "male":
            first, second = second, first
        return [first.id, second.id]
    hub = max(members, key=lambda n: (len(partners[n.id]), -members.index(n)))
    others = [n for n in members if n.id != hub.id]
    if all(other.id in partners[hub.id] for other in others):
        former = [n.id for n in others if frozenset((hub.id, n.id)) in exes]
        current = [n.id for n in others if frozenset((hub.id, n.id)) not in exes]
        return [*former, hub.id, *current]
    order, stack, seen = [], [members[0].id], set()
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            order.append(current)
            stack.extend(sorted(partners[current], reverse=True))
    return order


def _units(row: list[Node], edges: list[Edge]) -> list[list[int]]:
    ids = {node.id for node in row}
    partners: dict[int, list[int]] = {node.id: [] for node in row}
    exes: set[frozenset[int]] = set()
    for edge in edges:
        if edge.kind in COUPLES and edge.a in ids and edge.b in ids:
            partners[edge.a].append(edge.b)
            partners[edge.b].append(edge.a)
            if edge.kind == "ex_partner":
                exes.add(frozenset((edge.a, edge.b)))
    by_id = {node.id: node for node in row}
    units, seen = [], set()
    for node in row:
        if node.id in seen:
            continue
        component, stack = [], [node.id]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                component.append(by_id[current])
                stack.extend(partners[current])
        component.sort(key=lambda n: n.sort_key)
        units.append(_order_unit(component, partners, exes))
    return units


def _isotonic(targets: list[float], weights: list[float]) -> list[float]:
    """The non-decreasing sequence closest to ``targets`` (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, weight, length]
    for target, weight in zip(targets, weights, strict=True):
        blocks.append([target, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, total, length = blocks.pop()
            previous = blocks[-1]
            joined = previous[1] + total
            previous[0] = (previous[0] * previous[1] + mean * total) / joined
            previous[1], previous[2] = joined, previous[2] + length
    out: list[float] = []
    for mean, _weight, length in blocks:
        out.extend([mean] * int(length))
    return out


class _Arranger:
    """Orders and places the units of every row (x in slots)."""

    def __init__(self, rows: list[list[list[int]]], parents: dict[int, tuple[int, ...]],
                 children: dict[int, list[int]], people: dict[int, Node]):
        self.rows, self.parents, self.children, self.people = rows, parents, children, people
        self.x: dict[int, float] = {}

    def _family(self, unit: list[int]) -> tuple[int, ...]:
        return next((found for member in unit if (found := self.parents.get(member))), ())

    def _mean(self, ids: list[int]) -> float | None:
        known = [self.x[i] for i in ids if i in self.x]
        return sum(known) / len(known) if known else None

    def _key(self, unit: list[int], towards: str) -> tuple[float, float, tuple]:
        """Order a unit by the mean place of its parents (or children), then by age."""
        related = [other for member in unit
                   for other in (self.parents.get(member, ()) if towards == "parents"
                                 else self.children.get(member, ()))]
        centre = self._mean(related)
        if centre is None:
            centre = self._mean(unit)
        years = [self.people[m].birth_year for m in unit if self.people[m].birth_year]
        return (centre if centre is not None else float("inf"), min(years, default=9999),
                self.people[unit[0]].sort_key)

    def _place(self, units: list[list[int]], desired: list[float]) -> None:
        offsets, position = [], 0.0
        for index, unit in enumerate(units):
            if index:
                previous = units[index - 1]
                position += (len(previous) + len(unit)) / 2
                if self._family(previous) != self._family(unit) or not self._family(unit):
                    position += FAMILY_GAP
            offsets.append(position)
        fitted = _isotonic([d - o for d, o in zip(desired, offsets, strict=True)],
                           [float(len(unit)) for unit in units])
        for unit, value, offset in zip(units, fitted, offsets, strict=True):
            centre = value + offset
            for index, member in enumerate(unit):
                self.x[member] = centre + index - (len(unit) - 1) / 2

    def _turn_couples(self, units: list[list[int]]) -> None:
        """A couple whose parents are both drawn stands on their parents' sides."""
        for unit in units:
            if len(unit) == 2:
                first, second = (self._mean(list(self.parents.get(m, ()))) for m in unit)
                if first is not None and second is not None and first > second:
                    unit.reverse()

    def _sweep(self, indices: range, towards: str) -> None:
        for index in indices:
            if towards == "parents":
                self._turn_couples(self.rows[index])
            units = sorted(self.rows[index], key=lambda unit: self._key(unit, towards))
            self.rows[index] = units
            desired, cursor = [], 0.0
            for unit in units:
                centre = self._key(unit, towards)[0]
                if centre == float("inf"):
                    centre = cursor + len(unit) / 2
                desired.append(centre)
                cursor = max(cursor, centre + len(unit) / 2)
            self._place(units, desired)

    def arrange(self) -> dict[int, float]:
        count = len(self.rows)
        self._sweep(range(count), "parents")
        for _ in range(SWEEPS):
            self._sweep(range(count - 2, -1, -1), "children")
            self._sweep(range(1, count), "parents")
        left = min((value for value in self.x.values()), default=0.5)
        return {node_id: value - left + 0.5 for node_id, value in self.x.items()}


def build(nodes: Sequence[Node], edges: Sequence[Edge]) -> Tree:
    """The genogram of the family sector of ``nodes``."""
    family = family_of(nodes)
    people = {node.id: node for node in family}
    ties = usable_edges(edges, frozenset(people))
    generation = generations(family, ties)
    parents: dict[int, set[int]] = {}
    for edge in ties:
        if edge.kind in VERTICAL:
            parent, child = (edge.a, edge.b) if edge.kind == "parent" else (edge.b, edge.a)
            if generation[parent] < generation[child]:
                parents.setdefault(child, set()).add(parent)
    parent_lists = {child: tuple(sorted(found)) for child, found in parents.items()}
    children: dict[int, list[int]] = {}
    for child, found in sorted(parent_lists.items()):
        for parent in found:
            children.setdefault(parent, []).append(child)
    row_generations = tuple(sorted(set(generation.values())))
    rows = [_units([n for n in family if generation[n.id] == g], ties) for g in row_generations]
    x = _Arranger(rows, parent_lists, children, people).arrange()
    ordered = tuple(tuple(sorted((m for unit in row for m in unit), key=lambda m: x[m]))
                    for row in rows)
    client = find_client(family)
    return Tree(people=people, generation=generation, rows=ordered,
                row_generations=row_generations, x=x, edges=tuple(ties),
                parents=parent_lists, client_id=client.id if client else None)
