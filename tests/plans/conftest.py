"""Plans of the world's case: the draft version 1 that ``tests/fixtures/roles.py`` makes at
the world's conference, and helpers to move it along (presented, accepted)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eigenkracht.conference.models import Conference, Phase
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.plans.models import Plan, PlanStatus
from tests.factories import ActionFactory, PersonFactory


def plan_of(case, version: int = 1) -> Plan:
    return db.session.scalar(select(Plan).where(Plan.case_id == case.id,
                                                Plan.version == version))


def person_named(case, name: str) -> Person:
    return db.session.scalar(select(Person).where(Person.case_id == case.id,
                                                  Person.name == name))


@pytest.fixture
def conference(world) -> Conference:
    return db.session.get(Conference, world.extra_ids["conference"])


@pytest.fixture
def plan(world) -> Plan:
    """The world's draft version 1: one bottom line, one action of Oom Kees."""
    return plan_of(world.case)


@pytest.fixture
def base(world) -> str:
    return f"/cases/{world.case.reference}/plan"


@pytest.fixture
def at_presentation(conference) -> Conference:
    """The world's conference on the day, at the plan presentation."""
    conference.starts_at = conference.starts_at - timedelta(days=15)
    conference.phase = Phase.PRESENTATION
    db.session.flush()
    return conference


@pytest.fixture
def complete_plan(world, plan, at_presentation) -> Plan:
    """Version 1 with every section filled in, a monitor and two actions."""
    aunt = person_named(world.case, "Tante Riëtte")
    plan.monitor_id = aunt.id
    plan.evaluation_date = at_presentation.starts_at.date() + timedelta(weeks=6)
    plan.bottom_lines[0].how_met = "Oom Kees brengt haar op dinsdag."
    ActionFactory(plan=plan, people=[aunt], what="Tante belt elke zondag.", position=1)
    db.session.flush()
    return plan


@pytest.fixture
def presented(complete_plan) -> Plan:
    complete_plan.status = PlanStatus.PRESENTED
    db.session.flush()
    return complete_plan


@pytest.fixture
def other_case_person(world) -> Person:
    return PersonFactory(case=world.other_case, name="Iemand Anders")
