"""What the map tells: counts per sector and ring, support given, gaps, support returned.

Pure functions over people in the snapshot format (``snapshots.person_dict``), so that the
current map and any old snapshot are read the same way. The client is never counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eigenkracht.network.models import Sector, Support, SupportDirection

RINGS = (1, 2, 3)
# Who gives the support recorded on them: everyone alive but those the client only supports.
GIVING = (None, SupportDirection.TO_CLIENT.value, SupportDirection.BOTH.value)
RETURNING = (SupportDirection.FROM_CLIENT.value, SupportDirection.BOTH.value)


@dataclass
class MapSummary:
    """The figures shown beside the picture."""

    total: int = 0
    by_sector: dict[Sector, int] = field(default_factory=dict)
    by_ring: dict[int, int] = field(default_factory=dict)
    by_sector_and_ring: dict[Sector, dict[int, int]] = field(default_factory=dict)
    support_given: dict[Support, int] = field(default_factory=dict)
    support_gaps: list[Support] = field(default_factory=list)
    empty_sectors: list[Sector] = field(default_factory=list)
    client_supports: int = 0
    deceased: int = 0

    @property
    def has_gaps(self) -> bool:
        return bool(self.support_gaps or self.empty_sectors)


def network_members(people: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Everyone on the map but the client."""
    return [p for p in people if not p.get("is_client")]


def count_by_sector_and_ring(people: Iterable[Mapping[str, Any]]) -> dict[Sector, dict[int, int]]:
    """``{sector: {ring: number of people}}``, every sector and ring present."""
    table = {sector: dict.fromkeys(RINGS, 0) for sector in Sector}
    for person in network_members(people):
        sector, ring = _sector(person), person.get("ring")
        if sector is not None and ring in RINGS:
            table[sector][ring] += 1
    return table


def support_given(people: Iterable[Mapping[str, Any]]) -> dict[Support, int]:
    """How many people give each kind of support to the client."""
    counts = dict.fromkeys(Support, 0)
    for person in network_members(people):
        if person.get("deceased") or person.get("support_direction") not in GIVING:
            continue
        for kind in set(person.get("support") or []):
            if kind in Support._value2member_map_:
                counts[Support(kind)] += 1
    return counts


def client_supports(people: Iterable[Mapping[str, Any]]) -> int:
    """How many people the client supports in return (direction from the client or both)."""
    return sum(1 for p in network_members(people)
               if not p.get("deceased") and p.get("support_direction") in RETURNING)


def summarise(people: Iterable[Mapping[str, Any]]) -> MapSummary:
    """Everything :class:`MapSummary` holds, for ``people`` in the snapshot format."""
    people = list(people)
    members = network_members(people)
    table = count_by_sector_and_ring(members)
    by_sector = {sector: sum(rings.values()) for sector, rings in table.items()}
    by_ring = {ring: sum(table[s][ring] for s in Sector) for ring in RINGS}
    given = support_given(members)
    return MapSummary(
        total=len(members),
        by_sector=by_sector,
        by_ring=by_ring,
        by_sector_and_ring=table,
        support_given=given,
        support_gaps=[kind for kind, count in given.items() if count == 0],
        empty_sectors=[sector for sector, count in by_sector.items() if count == 0],
        client_supports=client_supports(members),
        deceased=sum(1 for p in members if p.get("deceased")),
    )


def _sector(person: Mapping[str, Any]) -> Sector | None:
    value = person.get("sector")
    return Sector(value) if value in Sector._value2member_map_ else None
