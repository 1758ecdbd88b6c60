"""Fixtures of the job coaches' tests: a jobseeker of the world's job coach."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from eigenkracht.cases.models import AssignmentRole, Case, CaseKind, CaseStatus
from eigenkracht.extensions import db as _db
from eigenkracht.network.models import Person, Sector
from eigenkracht.network.services import client_person
from tests.factories import CaseAssignmentFactory, CaseFactory, PersonFactory


@dataclass
class Jobseeker:
    case: Case
    client: Person
    sanne: Person  # a former colleague, ring 2
    harm: Person  # a team leader she knows, ring 3

    @property
    def base(self) -> str:
        return f"/cases/{self.case.reference}"


def make_jobseeker(organisation, coach, *, first_name: str = "Mariëlle",
                   reference: str | None = None, role=AssignmentRole.JOBCOACH,
                   status=CaseStatus.PREPARATION) -> Jobseeker:
    """A work case of ``coach`` with two people on the map besides the client."""
    extra = {"reference": reference} if reference else {}
    case = CaseFactory(organisation=organisation, kind=CaseKind.WORK, status=status,
                       client_first_name=first_name, client_last_name="Dijkstra",
                       client_birth_date=None, **extra)
    CaseAssignmentFactory(case=case, user=coach, role=role)
    client = client_person(case)
    sanne = PersonFactory(case=case, name="Sanne Bakker", relation="oud-collega",
                          sector=Sector.SCHOOL_WORK, ring=2)
    harm = PersonFactory(case=case, name="Harm Wijnstra", relation="teamleider",
                         sector=Sector.SCHOOL_WORK, ring=3)
    _db.session.flush()
    return Jobseeker(case=case, client=client, sanne=sanne, harm=harm)


@pytest.fixture
def jobseeker(world) -> Jobseeker:
    """Mariëlle, a jobseeker of the world's job coach."""
    return make_jobseeker(world.org, world.jobcoach)


@pytest.fixture
def coach(login_as):
    """A client logged in as the world's job coach."""
    return login_as("jobcoach")


def six_months_of_history(jobseeker: Jobseeker) -> None:
    """A snapshot in each of the last six months with a growing network (people in all
    three rings), and a few contacts every month: like the demo jobseeker, built fast."""
    from datetime import datetime, time, timedelta

    from eigenkracht.core.clock import today, zone
    from eigenkracht.jobs.progress import add_months, month_start
    from tests.factories import ContactLogFactory, NetworkSnapshotFactory

    this_month = month_start(today())
    for index in range(6):
        month = add_months(this_month, index - 5)
        people = [{"id": jobseeker.client.id, "name": "Mariëlle", "ring": 1,
                   "is_client": True}]
        people += [{"id": 10_000 + n, "name": f"Persoon {n}", "ring": 1 + n % 3}
                   for n in range(4 + 3 * index)]
        NetworkSnapshotFactory(case=jobseeker.case, automatic=True, label=f"Maand {index}",
                               taken_at=datetime.combine(month, time(6), tzinfo=zone()),
                               data={"people": people, "ties": []})
        for n in range(index + 1):
            ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                              contacted_on=min(month + timedelta(days=n), today()))


@pytest.fixture
def history(jobseeker) -> Jobseeker:
    """The job coach's jobseeker with six months of history."""
    six_months_of_history(jobseeker)
    return jobseeker


@pytest.fixture
def demo_jobseeker(app, db, monkeypatch):
    """The demo loader run against the test database, with the parts the jobseeker needs
    (the cases, their maps and the jobseeker's history; not the conferences): Mariëlle
    Dijkstra."""
    from eigenkracht import demo
    from eigenkracht.auth.models import Organisation
    from eigenkracht.jobs.demo import add_jobseeker_history
    from eigenkracht.network.demo import add_network_maps

    monkeypatch.setitem(app.config, "DEMO_PASSWORD", DEMO_PASSWORD)
    demo.load_demo(parts=[add_network_maps, add_jobseeker_history])
    return db.session.scalar(select(Case).join(Organisation).where(
        Organisation.slug == demo.DEMO_SLUG, Case.client_first_name == "Mariëlle"))


DEMO_PASSWORD = "een lang genoeg demowachtwoord voor de tests"


@pytest.fixture
def demo_coach(app, demo_jobseeker):
    from tests.fixtures.roles import log_in

    user = next(a.user for a in demo_jobseeker.assignments if a.role.value == "jobcoach")
    user.locale = "en"  # the demo's users read Dutch; the tests read English
    _db.session.flush()
    return log_in(app.test_client(), user, DEMO_PASSWORD)
