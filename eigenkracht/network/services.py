"""The rules of the network map: people, the client at the centre, ties and moves.

Services change objects, flush and write the audit event; the request kernel commits. A
broken rule raises ``core.rules.RuleError`` with a code (worded by ``messages.RULE_MESSAGES``)
and the field it belongs to; an edit made on an older copy of a person raises
``core.rules.StaleEdit``. Every lookup of a person or tie is made *within* one case.

Nothing here writes the case row: ``touch`` stamps the case's activity without bumping its
version, so a change to the map never makes a colleague's open case form stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from eigenkracht.audit.services import changes, record
from eigenkracht.cases.models import Case, CaseKind, Client
from eigenkracht.cases.services import touch
from eigenkracht.cases.status import follow
from eigenkracht.core.clock import local_date, today
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import RuleError, StaleEdit, check_version
from eigenkracht.extensions import db
from eigenkracht.network.models import (
    MapDeparture,
    Person,
    Relationship,
    Sector,
    TieKind,
    TieQuality,
)
from eigenkracht.network.validation import (
    MAX_NAME,
    PERSON_FIELDS,
    PersonData,
    check,
)

# Ties whose two ends are interchangeable: "A is the partner of B" is "B is the partner of A".
SYMMETRIC_KINDS = frozenset({TieKind.PARTNER, TieKind.EX_PARTNER, TieKind.SIBLING,
                             TieKind.FRIEND, TieKind.COLLEAGUE, TieKind.CONFLICT})

# Other features say where a person is used (invited to a conference, owner of an action):
# each check returns short, already translated descriptions; removal is refused if any.
# ``create_app`` registers them, in a fixed order, as ``app.extensions[USAGE_CHECKS]``.
UsageCheck = Callable[[Person], list[str]]
USAGE_CHECKS = "network.usage_checks"


WORK_FIELDS = ("occupation", "employer", "can_help_with", "on_map_since")
# What the client's own page may change: name and birth year come from the case.
CLIENT_FIELDS = ("gender", "language", "phone", "email", "notes")

@dataclass
class NetworkMap:
    """Everything the map page shows, loaded in a fixed number of queries."""

    case: Case
    client: Person
    people: list[Person]  # the client first, then by sector, ring and name
    ties: list[Relationship]

    @property
    def others(self) -> list[Person]:
        return [p for p in self.people if not p.is_client]

    def by_id(self) -> dict[int, Person]:
        return {p.id: p for p in self.people}


# --- the client ---------------------------------------------------------------------------

def client_person(case: Case) -> Person:
    """The (first) client of ``case`` on the map: created when first needed and kept in
    step with the client's name and year of birth."""
    people = list(db.session.scalars(select(Person).where(
        Person.case_id == case.id, or_(Person.is_client.is_(True),
                                       Person.client_id.is_not(None)))))
    return centre_people(case, people)[0]


def centre_people(case: Case, people: list[Person]) -> list[Person]:
    """One person per client of ``case``, in the clients' order, all in the centre of the
    map (``is_client``): created when missing, kept in step with each client's name and
    year of birth. ``people`` are the case's people loaded so far (new ones are added to
    it). A person whose client has left the case stays on the map as one of the family.
    A case without client rows keeps one centre person named after the case."""
    clients = list(case.clients)
    if not clients:
        return [_legacy_client(case, people)]
    current = {client.id for client in clients}
    by_client = {p.client_id: p for p in people if p.client_id in current}
    loose = sorted((p for p in people if p.is_client and p.client_id not in current),
                   key=lambda p: p.id)
    centre = []
    for client in clients:
        person = by_client.get(client.id)
        if person is None and loose:
            person = loose.pop(0)  # the one client of before: now the first client's
        if person is None:
            person = _create_client(case, client)
            if person not in people:
                people.append(person)
        _sync_client(case, person, {"client_id": client.id, "is_client": True,
                                    "name": client.name[:MAX_NAME],
                                    "birth_year": client.year_of_birth})
        centre.append(person)
    for person in loose:
        _sync_client(case, person, {"client_id": None, "is_client": False})
    return centre


def _legacy_client(case: Case, people: list[Person]) -> Person:
    person = next((p for p in sorted(people, key=lambda p: p.id) if p.is_client), None)
    if person is None:
        person = _create_client(case, None)
        if person not in people:
            people.append(person)
    _sync_client(case, person, {"name": case.client_name[:MAX_NAME]})
    return person


def _create_client(case: Case, client: Client | None) -> Person:
    name = client.name if client is not None else case.client_name
    person = Person(case_id=case.id, is_client=True, client_id=client.id if client else None,
                    name=name[:MAX_NAME], relation="", sector=Sector.FAMILY, ring=1,
                    support=[], can_help_with=[],
                    birth_year=client.year_of_birth if client is not None else None)
    try:
        with db.session.begin_nested():
            db.session.add(person)
    except IntegrityError:
        # Created at the same moment by another request: use that one.
        found = select(Person).where(Person.case_id == case.id, Person.is_client.is_(True))
        if client is not None:
            found = found.where(Person.client_id == client.id)
        return db.session.scalars(found.order_by(Person.id)).first()
    record("create", person, object_type="person", case=case, summary=person.name,
           details={"client": True})
    return person


def _sync_client(case: Case, person: Person, wanted: dict[str, Any]) -> None:
    diff = changes(person, list(wanted), wanted)
    if diff:
        for name, value in wanted.items():
            setattr(person, name, value)
        db.session.flush()
        record("update", person, object_type="person", case=case, summary=person.name,
               details=diff)


# --- reading ------------------------------------------------------------------------------

def load_map(case: Case) -> NetworkMap:
    """The client, everyone around them and their ties: two queries, however many people."""
    people = list(db.session.scalars(select(Person).where(Person.case_id == case.id)))
    client = centre_people(case, people)[0]
    ties = list(db.session.scalars(
        select(Relationship).where(Relationship.case_id == case.id).order_by(Relationship.id)))
    return NetworkMap(case=case, client=client, people=sort_people(people), ties=ties)


def sort_people(people: list[Person]) -> list[Person]:
    order = {s: i for i, s in enumerate(Sector)}
    return sorted(people, key=lambda p: (not p.is_client, order.get(p.sector, 9), p.ring,
                                         p.name.casefold(), p.id or 0))



def get_person(case: Case, person_id: int) -> Person | None:
    """The person with ``person_id`` *in this case*, else None."""
    if not isinstance(person_id, int) or not 0 < person_id < 2**63:
        return None
    person = db.session.get(Person, person_id)
    return person if person is not None and person.case_id == case.id else None


def get_tie(case: Case, tie_id: int) -> Relationship | None:
    return db.session.scalar(select(Relationship).where(Relationship.case_id == case.id,
                                                        Relationship.id == tie_id))


def ties_of(person: Person) -> list[Relationship]:
    return list(db.session.scalars(
        select(Relationship).where(Relationship.case_id == person.case_id,
                                   or_(Relationship.person_a_id == person.id,
                                       Relationship.person_b_id == person.id))
        .order_by(Relationship.id)))


def people_count(case: Case) -> int:
    """How many people are on the map, besides the client."""
    return db.session.scalar(select(func.count(Person.id)).where(
        Person.case_id == case.id, Person.is_client.is_(False))) or 0


# --- people -------------------------------------------------------------------------------

def add_person(case: Case, data: PersonData, *, how: str = "form") -> Person:
    """Add someone to the map of ``case``."""
    check(data)
    values = _values(case, data)
    person = Person(case_id=case.id, is_client=False, **values)
    db.session.add(person)
    db.session.flush()
    touch(case)
    record("create", person, object_type="person", case=case, summary=person.name,
           details={"how": how, "sector": person.sector.value, "ring": person.ring})
    follow(case, "map_started")
    return person


def update_person(case: Case, person: Person, data: PersonData,
                  expected_version: Any = None) -> None:
    """Save the edit form; the client keeps the name and birth year of the case.

    ``expected_version`` is the person's ``row_version`` when the form was filled in: a save
    that changes something, made on an older copy, raises ``StaleEdit``. The UPDATE itself
    compares the version too (SQLAlchemy's version counter), so of two saves made on the same
    copy at the same moment only the first gets through. ``None`` (a client that sends no
    version) is not checked; a version that was sent empty counts as an older copy.
    """
    check(data)
    values = _values(case, data)
    if person.is_client:
        values = {k: v for k, v in values.items() if k in CLIENT_FIELDS}
    diff = changes(person, list(values), values)
    if not diff:
        return
    if expected_version is not None and not str(expected_version).strip():
        raise StaleEdit(person)
    check_version(person, expected_version)
    for name, value in values.items():
        setattr(person, name, value)
    db.session.flush()
    touch(case)
    record("update", person, object_type="person", case=case, summary=person.name,
           details=diff)


def _values(case: Case, data: PersonData) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in PERSON_FIELDS}
    if case.kind != CaseKind.WORK:
        for name in WORK_FIELDS:
            values.pop(name)
    return values


def usage_checks() -> tuple[UsageCheck, ...]:
    """The checks ``create_app`` registered for this app (``register_feature_links``)."""
    return tuple(current_app.extensions.get(USAGE_CHECKS, ()))


def where_used(person: Person) -> list[str]:
    """What the registered checks say about where ``person`` is used."""
    return [use for check in usage_checks() for use in check(person)]


def on_map_since(person: Person) -> date:
    """Since when ``person`` belongs to the network: the date entered, else the day they
    were added (in the organisation's time zone)."""
    if person.on_map_since is not None:
        return person.on_map_since
    return local_date(person.created_at) if person.created_at is not None else today()


def remove_person(case: Case, person: Person) -> None:
    """Take someone off the map, with their ties; refused for the client and for people
    who are used elsewhere (invited, owner of an action)."""
    if person.is_client:
        raise RuleError("client_not_removable")
    uses = where_used(person)
    if uses:
        raise RuleError("person_in_use", name=person.name, uses=uses)
    ties = ties_of(person)
    for tie in ties:
        db.session.delete(tie)
    record("delete", person, object_type="person", case=case, summary=person.name,
           details={"ties_removed": len(ties), "sector": person.sector.value,
                    "ring": person.ring})
    # The map's history still counts them for the time they were on it.
    left_on = today()
    db.session.add(MapDeparture(case_id=case.id, person_id=person.id, ring=person.ring,
                                on_map_since=min(on_map_since(person), left_on),
                                left_on=left_on))
    db.session.delete(person)
    db.session.flush()
    touch(case)


def move_person(case: Case, person: Person, ring: Any, sector: Any) -> bool:
    """Put someone in another ring and/or sector (the drag on the picture); True if moved."""
    if person.is_client:
        raise RuleError("client_not_movable")
    try:
        ring = int(ring)
    except (TypeError, ValueError):
        raise RuleError("ring_invalid", "ring") from None
    if ring not in (1, 2, 3):
        raise RuleError("ring_invalid", "ring")
    if sector not in Sector._value2member_map_:
        raise RuleError("sector_invalid", "sector")
    new = {"ring": ring, "sector": Sector(sector)}
    diff = changes(person, list(new), new)
    if not diff:
        return False
    person.ring, person.sector = new["ring"], new["sector"]
    db.session.flush()
    touch(case)
    record("move", person, object_type="person", case=case, summary=person.name, details=diff)
    return True


# --- ties ---------------------------------------------------------------------------------

def tie_key(a: int, b: int, kind: TieKind) -> tuple[TieKind, int, int]:
    """The same tie, however it was entered: a child of B is B's parent's reverse."""
    if kind == TieKind.CHILD:
        return TieKind.PARENT, b, a
    if kind in SYMMETRIC_KINDS:
        return kind, min(a, b), max(a, b)
    return kind, a, b


def add_tie(case: Case, person: Person, other_id: Any, kind: Any, quality: Any) -> Relationship:
    """Tie ``person`` to someone else on the same map."""
    try:
        kind, quality = TieKind(kind), TieQuality(quality or TieQuality.ORDINARY)
    except ValueError:
        raise RuleError("tie_kind_invalid", "kind") from None
    other = _other_person(case, other_id)
    if other.id == person.id:
        raise RuleError("tie_to_self", "other_id")
    key = tie_key(person.id, other.id, kind)
    existing = {tie_key(t.person_a_id, t.person_b_id, t.kind) for t in ties_of(person)}
    if key in existing:
        raise RuleError("tie_duplicate", "other_id", name=other.name)
    if key[0] == TieKind.PARENT and (TieKind.PARENT, key[2], key[1]) in existing:
        raise RuleError("tie_contradicts", "kind", name=other.name)
    tie = Relationship(case_id=case.id, person_a_id=person.id, person_b_id=other.id,
                       kind=kind, quality=quality)
    db.session.add(tie)
    db.session.flush()
    touch(case)
    record("create", tie, case=case, summary=f"{person.name} – {other.name}",
           details={"a": person.id, "b": other.id, "kind": kind.value,
                    "quality": quality.value})
    return tie


def _other_person(case: Case, other_id: Any) -> Person:
    other_id = parse_id(other_id if isinstance(other_id, int) else str(other_id or ""))
    if other_id is None:
        raise RuleError("tie_person_required", "other_id")
    other = get_person(case, other_id)
    if other is None:
        raise RuleError("tie_unknown_person", "other_id")
    return other


def remove_tie(case: Case, tie: Relationship) -> None:
    record("delete", tie, case=case, summary=f"{tie.person_a_id} – {tie.person_b_id}",
           details={"a": tie.person_a_id, "b": tie.person_b_id, "kind": tie.kind.value,
                    "quality": tie.quality.value})
    db.session.delete(tie)
    db.session.flush()
    touch(case)
