"""What the drawings draw: plain, frozen people (``Node``) and ties (``Edge``).

The drawings never touch the database: views turn ``Person`` and ``Relationship`` rows (or a
snapshot's JSON) into these values first, so a snapshot draws exactly like the live map.
Values are normalised on the way in: an unknown sector becomes family, a ring outside 1–3 is
clamped, support kinds are kept in the P/G/A/E order without duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

SECTORS = ("family", "friends", "community", "school_work", "professionals")
RINGS = (1, 2, 3)
SUPPORTS = ("practical", "company", "advice", "emotional")
DIRECTIONS = ("to_client", "from_client", "both")
GENDERS = ("female", "male", "other", "unknown")
KINDS = ("parent", "partner", "ex_partner", "sibling", "child", "friend", "colleague",
         "conflict", "cut_off")
QUALITIES = ("strong", "ordinary", "weak", "tense")
HIGHLIGHTS = ("added", "removed", "moved", "changed")


def _value(raw: Any) -> str:
    """The plain string of an enum member or a string (``Sector.FAMILY`` -> ``"family"``)."""
    return str(getattr(raw, "value", raw) if raw is not None else "")


def _support(raw: Iterable[Any] | str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    given = {_value(item) for item in raw}
    return tuple(kind for kind in SUPPORTS if kind in given)


def _ring(raw: Any) -> int:
    try:
        ring = int(raw)
    except (TypeError, ValueError):
        return 2
    return min(max(ring, 1), 3)


def _year(raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Node:
    """One person on the map."""

    id: int
    name: str
    relation: str = ""
    sector: str = "family"
    ring: int = 2
    support: tuple[str, ...] = ()
    support_direction: str | None = None
    gender: str = "unknown"
    birth_year: int | None = None
    deceased: bool = False
    is_client: bool = False

    def __post_init__(self) -> None:
        sector = _value(self.sector)
        direction = _value(self.support_direction) or None
        gender = _value(self.gender)
        normalised = {
            "name": str(self.name or ""),
            "relation": str(self.relation or ""),
            "sector": sector if sector in SECTORS else "family",
            "ring": _ring(self.ring),
            "support": _support(self.support),
            "support_direction": direction if direction in DIRECTIONS else None,
            "gender": gender if gender in GENDERS else "unknown",
            "birth_year": _year(self.birth_year),
            "deceased": bool(self.deceased),
            "is_client": bool(self.is_client),
        }
        for name, value in normalised.items():
            object.__setattr__(self, name, value)

    @classmethod
    def from_person(cls, person: Any) -> Node:
        """A node for a ``Person`` row (or anything with the same attributes)."""
        return cls(
            id=person.id,
            name=person.name,
            relation=person.relation or "",
            sector=person.sector,
            ring=person.ring,
            support=tuple(person.support or ()),
            support_direction=person.support_direction,
            gender=person.gender,
            birth_year=person.birth_year,
            deceased=person.deceased,
            is_client=person.is_client,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Node:
        """A node from a dict with the field names as keys (extra keys are ignored)."""
        known = {field.name for field in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["id"] = int(values["id"])
        values.setdefault("name", "")
        return cls(**values)

    @property
    def sort_key(self) -> tuple[int, int, str, int]:
        """Ring, sector, name, id: the order in which nodes are placed and written."""
        return (self.ring, SECTORS.index(self.sector), self.name.casefold(), self.id)


@dataclass(frozen=True)
class Edge:
    """A tie between two people: ``a`` *kind* ``b`` (``parent``: a is a parent of b)."""

    a: int
    b: int
    kind: str
    quality: str = "ordinary"

    def __post_init__(self) -> None:
        kind = _value(self.kind)
        quality = _value(self.quality)
        object.__setattr__(self, "kind", kind if kind in KINDS else "friend")
        object.__setattr__(self, "quality", quality if quality in QUALITIES else "ordinary")

    @classmethod
    def from_relationship(cls, rel: Any) -> Edge:
        """An edge for a ``Relationship`` row."""
        return cls(a=rel.person_a_id, b=rel.person_b_id, kind=rel.kind, quality=rel.quality)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Edge:
        """An edge from a dict with keys ``a``, ``b``, ``kind`` and ``quality``."""
        return cls(a=int(data["a"]), b=int(data["b"]), kind=data["kind"],
                   quality=data.get("quality") or "ordinary")

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        return (min(self.a, self.b), max(self.a, self.b), KINDS.index(self.kind), self.a)


def usable_edges(edges: Iterable[Edge], ids: set[int] | frozenset[int]) -> list[Edge]:
    """Edges between two different known people, in a stable order, without duplicates."""
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for edge in sorted(edges, key=lambda e: e.sort_key):
        key = (edge.a, edge.b, edge.kind)
        if edge.a == edge.b or edge.a not in ids or edge.b not in ids or key in seen:
            continue
        seen.add(key)
        kept.append(edge)
    return kept


def distinct(nodes: Iterable[Node]) -> list[Node]:
    """``nodes`` in drawing order (ring, sector, name, id), each id once."""
    seen: set[int] = set()
    kept = []
    for node in sorted(nodes, key=lambda n: n.sort_key):
        if node.id not in seen:
            seen.add(node.id)
            kept.append(node)
    return kept


def find_client(nodes: Iterable[Node]) -> Node | None:
    """The client: the first node (by id) marked as client, if any."""
    clients = [node for node in nodes if node.is_client]
    return min(clients, key=lambda node: node.id) if clients else None
