"""A served app with a committed database of its own, and one busy case in it.

The suite's ``db`` fixture (one rolled-back transaction per test) is switched off here: the
server's threads must see the data, so it is committed for real, in a database made for
each test next to the test database — a temporary SQLite file, or a throwaway PostgreSQL
database on TEST_DATABASE_URL's server (``empty_database_url``). So these tests run on the
engine the suite runs on: SQLite by default, PostgreSQL when TEST_DATABASE_URL is set.
CSRF protection is on: every form is sent as the browser got it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from eigenkracht import create_app
from eigenkracht.auth.models import Role
from eigenkracht.cases.models import AssignmentRole
from eigenkracht.extensions import db as _db
from eigenkracht.extensions import limiter
from eigenkracht.plans.models import PlanStatus
from tests.concurrency.served import ServedApp, Visitor, served
from tests.factories import (
    PASSWORD,
    AccessLinkFactory,
    ActionFactory,
    BottomLineFactory,
    CaseAssignmentFactory,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    PlanBottomLineFactory,
    PlanFactory,
    UserFactory,
)

FAMILY = 8  # people with an action of the accepted plan, each with a personal link
STAFF = 4  # coordinators assigned to the case
BOTTOM_LINE = "Noëlle gaat elke dag naar school."


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "concurrency: fires requests at once at a served app (both engines)")


@pytest.fixture(autouse=True)
def db():
    """Switched off: the served app commits for real (see ``served_app``)."""
    yield None


@pytest.fixture
def served_app(empty_database_url) -> Iterator[ServedApp]:
    """The app in werkzeug's threaded server, on a database of this test's own."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url,
                     WTF_CSRF_ENABLED=True)
    with app.app_context():
        _db.create_all()
    limiter.reset()
    try:
        with served(app) as running:
            yield running
    finally:
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()


@dataclass(frozen=True)
class Link:
    token: str
    action_id: int
    person: str

    @property
    def page(self) -> str:
        return f"/p/{self.token}"

    @property
    def update(self) -> str:
        return f"/p/{self.token}/actions/{self.action_id}"


@dataclass(frozen=True)
class BusyCase:
    """Plain values (no ORM objects): the case as the visitors know it."""

    reference: str
    staff: list[str]
    links: list[Link]
    bottom_line_id: int
    url: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "url", f"/cases/{self.reference}")


@pytest.fixture
def busy_case(served_app) -> BusyCase:
    """A youth case of Jeugdzorg Rijnmond with four assigned coordinators and a bottom line,
    and an accepted plan in which each of eight relatives has an action and a personal link."""
    with served_app.app.app_context():
        organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
        staff = [UserFactory(organisation=organisation, role=Role.COORDINATOR,
                             name=f"Coördinator {n}", email=f"coordinator{n}@rijnmond.example")
                 for n in range(STAFF)]
        case = CaseFactory(organisation=organisation, reference="EK-2026-0100",
                           client_first_name="Noëlle", client_last_name="Jansen")
        for user in staff:
            CaseAssignmentFactory(case=case, user=user, role=AssignmentRole.COORDINATOR)
        line = BottomLineFactory(case=case, text=BOTTOM_LINE, position=0)
        relatives = [PersonFactory(case=case, name=f"Familielid {n}", relation="familie",
                                   ring=1, language="nl") for n in range(FAMILY)]
        plan = PlanFactory(case=case, status=PlanStatus.ACCEPTED)
        PlanBottomLineFactory(plan=plan, bottom_line=line, text=line.text, position=0)
        links = []
        for n, person in enumerate(relatives):
            action = ActionFactory(plan=plan, people=[person], position=n,
                                   what=f"{person.name} haalt Noëlle op dag {n + 1} op")
            token = f"concurrency-link-{n:02d}-0123456789abcdefghijklmnopqrstuvwxyz"
            AccessLinkFactory(person=person, token=token)
            links.append((token, action, person))
        _db.session.commit()
        busy = BusyCase(reference=case.reference, staff=[user.email for user in staff],
                        links=[Link(token=token, action_id=action.id, person=person.name)
                               for token, action, person in links],
                        bottom_line_id=line.id)
        _db.session.remove()
    return busy


@pytest.fixture
def staff_visitor(served_app, busy_case):
    """``staff_visitor(n)``: a fresh browser of coordinator ``n % STAFF``, logged in."""

    def visitor(n: int) -> Visitor:
        email = busy_case.staff[n % STAFF]
        return Visitor(served_app, name=f"{email} #{n}").log_in(email, PASSWORD)

    return visitor
