"""A person who appears everywhere in ``world.case``, and a search of the whole database."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import JSON, String, Text, select

from eigenkracht.audit.services import record
from eigenkracht.conference.models import Conference
from eigenkracht.extensions import db
from eigenkracht.network.models import Person, TieKind
from eigenkracht.network.snapshots import take_snapshot
from eigenkracht.plans.models import Action, Plan
from tests.factories import (
    ActionUpdateFactory,
    ContactLogFactory,
    InvitationFactory,
    OutboxMessageFactory,
    PersonFactory,
    RelationshipFactory,
)

NAME = "Zebediah Quackenbush"


@dataclass
class Everywhere:
    person: Person
    name: str = NAME


@pytest.fixture
def everywhere(world) -> Everywhere:
    """Zebediah on the map of ``world.case``: tied, invited, written to, in an action and its
    update, in the plan's text, in a saved map, in a contact and in the audit log."""
    case = world.case
    person = PersonFactory(case=case, name=NAME, notes=f"{NAME} belt elke week")
    RelationshipFactory(person_a=person, person_b=db.session.get(Person, world.extra_ids["person"]),
                        kind=TieKind.FRIEND)
    invitation = InvitationFactory(conference=db.session.get(Conference,
                                                             world.extra_ids["conference"]),
                                   person=person)
    OutboxMessageFactory(organisation=world.org, invitation_id=invitation.id, to="z@example.org",
                         subject=f"Uitnodiging voor {NAME}", text_body=f"Beste {NAME},")
    action = db.session.get(Action, world.extra_ids["action"])
    action.people.append(person)
    ActionUpdateFactory(action=action, author_label=NAME, note=f"{NAME} deed het")
    plan = db.session.scalar(select(Plan).where(Plan.case_id == case.id))
    plan.agreements = f"{NAME} haalt Noëlle op vrijdag op."
    ContactLogFactory(case=case, person=person, person_name=NAME, note=f"Gebeld met {NAME}")
    take_snapshot(case, "Met Zebediah")
    record("create", person, case=case, summary=NAME, details={"name": NAME})
    db.session.flush()
    return Everywhere(person=person)


def rows_mentioning(text: str) -> list[str]:
    """Every table.column (text or JSON, in every table) whose value mentions ``text``."""
    found = []
    needle = text.casefold()
    for table in db.metadata.sorted_tables:
        for column in table.c:
            if not isinstance(column.type, String | Text | JSON):
                continue
            for value in db.session.scalars(select(column).where(column.is_not(None))):
                plain = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if needle in plain.casefold():
                    found.append(f"{table.name}.{column.name}")
    return sorted(set(found))
