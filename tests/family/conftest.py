"""A family with an accepted plan: Oma Truus and Vader Ahmed each have an action, Oma is
the monitor; ``family.link`` is Oma's personal link, ``family.token`` its secret."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from eigenkracht.family.models import AccessLink
from eigenkracht.network.models import Person
from eigenkracht.plans.models import Action, Plan, PlanStatus
from tests.factories import (
    AccessLinkFactory,
    ActionFactory,
    CaseAssignmentFactory,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    PlanBottomLineFactory,
    PlanFactory,
    UserFactory,
)

TOKEN = "family-test-token-0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass
class Family:
    plan: Plan
    oma: Person
    vader: Person
    oma_action: Action
    vader_action: Action
    link: AccessLink
    token: str = TOKEN


@pytest.fixture
def family(db) -> Family:
    organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
    coordinator = UserFactory(organisation=organisation, name="Sjoerd Coördinator",
                              email="coordinator@rijnmond.example")
    case = CaseFactory(organisation=organisation, reference="EK-2026-0101",
                       client_first_name="Noëlle", client_last_name="Jansen")
    CaseAssignmentFactory(case=case, user=coordinator)
    oma = PersonFactory(case=case, name="Oma Truus", language="nl", email="truus@example.org")
    vader = PersonFactory(case=case, name="Vader Ahmed", language="ar")
    plan = PlanFactory(case=case, status=PlanStatus.ACCEPTED, monitor=oma,
                       central_question="Hoe gaat Noëlle weer elke dag naar school?",
                       evaluation_date=date.today() + timedelta(days=60))
    PlanBottomLineFactory(plan=plan, text="Noëlle gaat elke dag naar school.")
    vader_action = ActionFactory(plan=plan, people=[vader], position=0,
                                 what="Vader brengt Noëlle op maandag naar school")
    oma_action = ActionFactory(plan=plan, people=[oma], position=1,
                               what="Oma haalt Noëlle op woensdag op")
    link = AccessLinkFactory(person=oma, token=TOKEN)
    return Family(plan=plan, oma=oma, vader=vader, oma_action=oma_action,
                  vader_action=vader_action, link=link)
