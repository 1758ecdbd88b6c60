"""Snapshots of the map: frozen as JSON, opened later, and compared with each other.

The JSON format (also the base of the JSON export)::

    {"people": [{"id", "name", "relation", "sector", "ring", "support",
                 "support_direction", "gender", "birth_year", "deceased", "is_client",
                 "language", "contact_frequency"}, ...],
     "ties": [{"a", "b", "kind", "quality"}, ...]}

People are matched between two snapshots by their person id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import defer

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.core.clock import local_date, now
from eigenkracht.core.rules import RuleError, has_control_characters
from eigenkracht.extensions import db
from eigenkracht.network.models import NetworkSnapshot, Person, Relationship, Support
from eigenkracht.network.services import NetworkMap, load_map

MAX_LABEL = 200

# How a person is marked in the comparison picture (the drawing's highlight values).
ADDED, REMOVED, MOVED, CHANGED = "added", "removed", "moved", "changed"


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def person_dict(person: Person) -> dict[str, Any]:
    """One person in the snapshot format."""
    return {
        "id": person.id, "name": person.name, "relation": person.relation,
        "sector": _plain(person.sector), "ring": person.ring,
        "support": list(person.support or []),
        "support_direction": _plain(person.support_direction),
        "gender": _plain(person.gender), "birth_year": person.birth_year,
        "deceased": bool(person.deceased), "is_client": bool(person.is_client),
        "language": person.language, "contact_frequency": _plain(person.contact_frequency),
    }


def tie_dict(tie: Relationship) -> dict[str, Any]:
    return {"a": tie.person_a_id, "b": tie.person_b_id, "kind": _plain(tie.kind),
            "quality": _plain(tie.quality)}


def map_data(network: NetworkMap) -> dict[str, list[dict[str, Any]]]:
    """The current map in the snapshot format."""
    return {"people": [person_dict(p) for p in network.people],
            "ties": [tie_dict(t) for t in network.ties]}


# --- saving and finding -------------------------------------------------------------------

AS_OF_YEARS_BACK = 10


def check_as_of(as_of: Any) -> date | None:
    """An "as of" day: a date, today or earlier (never the future), at most ten years back;
    None for today."""
    if as_of is None or as_of == "":
        return None
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise RuleError("as_of_invalid", "as_of")
    current = local_date(now())
    if as_of > current:
        raise RuleError("as_of_in_future", "as_of")
    try:
        earliest = current.replace(year=current.year - AS_OF_YEARS_BACK)
    except ValueError:  # 29 February
        earliest = current.replace(year=current.year - AS_OF_YEARS_BACK, day=28)
    if as_of < earliest:
        raise RuleError("as_of_too_old", "as_of")
    return as_of


def snapshot_day(snapshot: NetworkSnapshot) -> date:
    """The day a snapshot stands for: its "as of" date, else the day it was taken."""
    return snapshot.as_of or local_date(snapshot.taken_at)


def take_snapshot(case: Case, label: str, user: User | None = None,
                  automatic: bool = False, as_of: date | None = None) -> NetworkSnapshot:
    """Freeze the map of ``case`` as it is now (the job coaches' monthly cron calls this).

    ``as_of``: the day the map stands for, for a map entered late (today or earlier, at
    most ten years back; None: today)."""
    label = (label or "").strip()
    if len(label) > MAX_LABEL:
        raise RuleError("snapshot_label_too_long", "label")
    if has_control_characters(label, multiline=False):
        raise RuleError("control_characters", "label")
    as_of = check_as_of(as_of)
    data = map_data(load_map(case))
    snapshot = NetworkSnapshot(case_id=case.id, label=label, taken_at=now(),
                               taken_by_id=user.id if user is not None else None,
                               automatic=automatic, data=data, as_of=as_of)
    db.session.add(snapshot)
    db.session.flush()
    summary = label or snapshot_day(snapshot).isoformat()
    record("create", snapshot, case=case, summary=summary,
           details={"people": len(data["people"]), "ties": len(data["ties"]),
                    "automatic": automatic,
                    "as_of": as_of.isoformat() if as_of else None})
    return snapshot


def list_snapshots(case: Case) -> list[NetworkSnapshot]:
    """The snapshots of ``case``, newest first, without loading their data."""
    return list(db.session.scalars(
        select(NetworkSnapshot).where(NetworkSnapshot.case_id == case.id)
        .options(defer(NetworkSnapshot.data))
        .order_by(NetworkSnapshot.taken_at.desc(), NetworkSnapshot.id.desc())))


def get_snapshot(case: Case, snapshot_id: int) -> NetworkSnapshot | None:
    """The snapshot with ``snapshot_id`` *of this case*, else None."""
    return db.session.scalar(select(NetworkSnapshot).where(
        NetworkSnapshot.case_id == case.id, NetworkSnapshot.id == snapshot_id))


def snapshot_people(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The people of a snapshot, skipping anything that is not a person with an id."""
    people = (data or {}).get("people") if isinstance(data, Mapping) else None
    return [p for p in people or [] if isinstance(p, dict) and _is_id(p.get("id"))]


def snapshot_ties(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ties of a snapshot, skipping anything that is not a tie between two ids."""
    ties = (data or {}).get("ties") if isinstance(data, Mapping) else None
    return [t for t in ties if isinstance(t, dict) and _is_id(t.get("a"))
            and _is_id(t.get("b")) and t.get("kind")] if isinstance(ties, list) else []


def _is_id(value: Any) -> bool:
    return type(value) is int


# --- comparing ----------------------------------------------------------------------------

@dataclass
class Move:
    person: dict[str, Any]
    before: Any
    after: Any


@dataclass
class SupportChange:
    person: dict[str, Any]
    kinds: list[str]


@dataclass
class Comparison:
    """What changed between an older and a newer map (people matched by id)."""

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    closer: list[Move] = field(default_factory=list)
    further: list[Move] = field(default_factory=list)
    sector_changed: list[Move] = field(default_factory=list)
    support_gained: list[SupportChange] = field(default_factory=list)
    support_lost: list[SupportChange] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)  # for the picture
    ties: list[dict[str, Any]] = field(default_factory=list)  # for the picture

    @property
    def nothing_changed(self) -> bool:
        return not any((self.added, self.removed, self.closer, self.further,
                        self.sector_changed, self.support_gained, self.support_lost))

    def highlight(self) -> dict[int, str]:
        """Person id → how to mark them in the picture; one mark each, the biggest change."""
        marks: dict[int, str] = {}
        groups = [(CHANGED, self.support_gained + self.support_lost),
                  (MOVED, self.sector_changed + self.further + self.closer)]
        for mark, items in groups:
            for item in items:
                marks[item.person["id"]] = mark
        marks.update({p["id"]: REMOVED for p in self.removed})
        marks.update({p["id"]: ADDED for p in self.added})
        return marks


def compare(older: Mapping[str, Any], newer: Mapping[str, Any]) -> Comparison:
    """Who was added or removed, moved closer or further or to another sector, and who
    gives more or less kinds of support, from ``older`` to ``newer`` (snapshot format)."""
    before = {p["id"]: p for p in snapshot_people(older) if not p.get("is_client")}
    after = {p["id"]: p for p in snapshot_people(newer)}
    result = Comparison()
    for pid, person in after.items():
        if person.get("is_client"):
            continue
        old = before.get(pid)
        if old is None:
            result.added.append(person)
        else:
            _compare_person(old, person, result)
    result.removed = [p for pid, p in before.items() if pid not in after]
    result.people = list(after.values()) + result.removed
    result.ties = _picture_ties(older, newer, {p["id"] for p in result.people},
                                {p["id"] for p in result.removed})
    return result


def _compare_person(old: dict[str, Any], new: dict[str, Any], result: Comparison) -> None:
    old_ring, new_ring = old.get("ring"), new.get("ring")
    if isinstance(old_ring, int) and isinstance(new_ring, int) and old_ring != new_ring:
        target = result.closer if new_ring < old_ring else result.further
        target.append(Move(new, old_ring, new_ring))
    if old.get("sector") != new.get("sector"):
        result.sector_changed.append(Move(new, old.get("sector"), new.get("sector")))
    old_support, new_support = set(old.get("support") or []), set(new.get("support") or [])
    if new_support - old_support:
        result.support_gained.append(SupportChange(new, _in_order(new_support - old_support)))
    if old_support - new_support:
        result.support_lost.append(SupportChange(new, _in_order(old_support - new_support)))


def _in_order(kinds: set[str]) -> list[str]:
    known = [s.value for s in Support if s.value in kinds]
    return known + sorted(kinds - set(known))


def _picture_ties(older, newer, present: set[int], removed: set[int]) -> list[dict[str, Any]]:
    """The newer ties, plus the older ties of removed people (they are drawn as they were)."""
    ties = [t for t in snapshot_ties(newer) if t["a"] in present and t["b"] in present]
    ties += [t for t in snapshot_ties(older)
             if (t["a"] in removed or t["b"] in removed)
             and t["a"] in present and t["b"] in present]
    return ties
