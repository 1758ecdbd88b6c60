"""Demo maps for the demo cases: 15–30 people each, with the ties of a genogram.

A demo part, registered for ``eigenkracht.demo`` by ``create_app``; a case that already has
people on its map is left alone, so ``flask demo`` can run again without adding anyone twice.
"""

from __future__ import annotations

from datetime import timedelta

from eigenkracht.auth.models import Organisation
from eigenkracht.cases.models import Case
from eigenkracht.core.db import utcnow
from eigenkracht.network import services
from eigenkracht.network.demo_data import CLIENT_GENDER, MAPS, MARIELLE_LATER, P
from eigenkracht.network.models import (
    ContactFrequency,
    Gender,
    KnownFor,
    Person,
    Sector,
    SupportDirection,
)
from eigenkracht.network.snapshots import take_snapshot
from eigenkracht.network.validation import PersonData

LETTERS = {"P": "practical", "C": "company", "A": "advice", "E": "emotional"}
DIRECTIONS = {"to": SupportDirection.TO_CLIENT, "from": SupportDirection.FROM_CLIENT,
              "both": SupportDirection.BOTH}
GENDERS = {"f": Gender.FEMALE, "m": Gender.MALE}


def add_network_maps(organisation: Organisation, cases: dict[str, Case]) -> None:
    """Give each demo case its map, unless it already has one."""
    for first_name, (people, ties) in MAPS.items():
        case = cases.get(first_name)
        if case is None or services.people_count(case) > 0:
            continue
        client = services.client_person(case)
        _set_client_gender(case, client, CLIENT_GENDER[first_name])
        keys = {"client": client}
        keys.update({spec.key: services.add_person(case, _data(spec), how="demo")
                     for spec in people})
        for a, kind, b, quality in ties:
            services.add_tie(case, keys[a], keys[b].id, kind, quality)
        if first_name == "Mariëlle":
            _grow_over_time(case, keys)


def _data(spec: P) -> PersonData:
    more = spec.more
    return PersonData(
        name=spec.name, relation=spec.relation, sector=Sector(spec.sector), ring=spec.ring,
        support=[LETTERS[letter] for letter in spec.support],
        support_direction=DIRECTIONS.get(spec.direction),
        gender=GENDERS.get(spec.gender, Gender.UNKNOWN), birth_year=spec.born,
        language=more.get("language", "nl"), deceased=more.get("deceased", False),
        contact_frequency=ContactFrequency(more["contact"]) if "contact" in more else None,
        known_for=KnownFor(more["known"]) if "known" in more else None,
        notes=more.get("notes", ""), occupation=more.get("occupation", ""),
        employer=more.get("employer", ""),
        can_help_with=more["help"].split(";") if "help" in more else [],
    )


def _set_client_gender(case: Case, client: Person, gender: str) -> None:
    data = PersonData.of(client)
    data.gender = GENDERS[gender]
    services.update_person(case, client, data)


def _grow_over_time(case: Case, keys: dict[str, Person]) -> None:
    """The job coach saved the map at intake; since then the network grew and changed."""
    intake = take_snapshot(case, "Intake")
    intake.taken_at = utcnow() - timedelta(days=62)
    for spec in MARIELLE_LATER:
        keys[spec.key] = services.add_person(case, _data(spec), how="demo")
    services.add_tie(case, keys["recruiter"], keys["colleague2"].id, "colleague", "weak")
    services.move_person(case, keys["colleague2"], 1, Sector.SCHOOL_WORK.value)
    services.move_person(case, keys["manager"], 3, Sector.PROFESSIONALS.value)
    neighbour = keys["neighbour"]
    data = PersonData.of(neighbour)
    data.support = [*data.support, "advice"]
    services.update_person(case, neighbour, data)
