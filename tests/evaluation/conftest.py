"""A conference held and closed on 2 March 2026 (Amsterdam): who attended, their links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from eigenkracht.conference.models import (
    Conference,
    InvitationRole,
    InvitationStatus,
    Phase,
)
from eigenkracht.network.models import Person, Sector
from eigenkracht.plans.models import PlanStatus
from tests.factories import (
    AccessLinkFactory,
    CaseAssignmentFactory,
    CaseFactory,
    ConferenceFactory,
    InvitationFactory,
    OrganisationFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
)

HELD = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam
CLOSED = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)


@dataclass
class Held:
    conference: Conference
    oma: Person
    noor: Person  # a child of nine
    buurman: Person
    juf: Person  # information giver
    absent: Person
    tokens: dict[str, str]


@pytest.fixture
def held(db) -> Held:
    organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
    coordinator = UserFactory(organisation=organisation, name="Sjoerd Coördinator",
                              email="coordinator@rijnmond.example")
    case = CaseFactory(organisation=organisation, reference="EK-2026-0202",
                       client_first_name="Noor")
    CaseAssignmentFactory(case=case, user=coordinator)
    conference = ConferenceFactory(case=case, starts_at=HELD, phase=Phase.CLOSED,
                                   closed_at=CLOSED, coordinator=coordinator)
    oma = PersonFactory(case=case, name="Oma Truus", sector=Sector.FAMILY, birth_year=1950)
    noor = PersonFactory(case=case, name="Noor", sector=Sector.FAMILY, birth_year=2017,
                         language="tr")
    buurman = PersonFactory(case=case, name="Buurman Kees", sector=Sector.COMMUNITY)
    juf = PersonFactory(case=case, name="Juf Anna", sector=Sector.SCHOOL_WORK)
    absent = PersonFactory(case=case, name="Oom Piet", sector=Sector.FAMILY)
    for person, role in ((oma, InvitationRole.FAMILY), (noor, InvitationRole.FAMILY),
                         (buurman, InvitationRole.NETWORK),
                         (juf, InvitationRole.INFORMATION_GIVER)):
        InvitationFactory(conference=conference, person=person, role=role,
                          status=InvitationStatus.ATTENDED)
    InvitationFactory(conference=conference, person=absent, status=InvitationStatus.ABSENT)
    PlanFactory(case=case, conference=conference, status=PlanStatus.ACCEPTED, monitor=oma)
    tokens = {}
    for person in (oma, noor, buurman, juf, absent):
        token = f"evaluation-token-{person.name.split()[-1].lower():<8}-0123456789abcdefghijkl"
        AccessLinkFactory(person=person, token=token,
                          expires_at=datetime(2027, 1, 1, tzinfo=UTC))
        tokens[person.name] = token
    return Held(conference, oma, noor, buurman, juf, absent, tokens)
