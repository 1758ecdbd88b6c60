"""The world's plan made ready to print, kept PDFs in a folder of the test's own, and
reading PDFs back (pypdf) as a person would read the paper."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from eigenkracht.conference.models import Conference, InvitationRole, InvitationStatus
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.network.services import client_person
from eigenkracht.plans.models import Decision, Plan, PlanStatus
from tests.factories import ActionFactory, InvitationFactory

ACTIONS = (
    "Oma Truus brengt Noëlle op maandag naar school.",
    "Tante Riëtte en Noëlle koken samen op vrijdag.",
    "Iemand zoekt een turnclub voor Noëlle uit.",
)


@pytest.fixture(autouse=True)
def kept_pdfs(app, tmp_path):
    """Kept PDFs go to a folder of this test alone."""
    app.config["PDF_CACHE_DIR"] = str(tmp_path / "pdf-cache")
    yield tmp_path / "pdf-cache"
    app.config.pop("PDF_CACHE_DIR", None)


def person_named(case, name: str) -> Person:
    return db.session.scalar(select(Person).where(Person.case_id == case.id,
                                                  Person.name == name))


@pytest.fixture
def plan(world) -> Plan:
    """The world's version 1, accepted: three more actions (one for the grandmother that
    meets the bottom line, one the aunt does with Noëlle, one nobody took on yet), the
    grandmother and the aunt present at the conference, the grandmother the monitor."""
    return accepted_plan(world)


def accepted_plan(world) -> Plan:
    """The plan of the ``plan`` fixture, made in the current ``db.session``."""
    case = world.case
    plan = db.session.scalar(select(Plan).where(Plan.case_id == case.id, Plan.version == 1))
    grandmother = person_named(case, "Oma Truus")
    aunt = person_named(case, "Tante Riëtte")
    client = client_person(case)
    conference = db.session.get(Conference, world.extra_ids["conference"])
    for person in (grandmother, aunt):
        InvitationFactory(conference=conference, person=person, role=InvitationRole.FAMILY,
                          status=InvitationStatus.ATTENDED)
    line = plan.bottom_lines[0]
    ActionFactory(plan=plan, people=[grandmother], what=ACTIONS[0], position=1,
                  when_text="elke maandag", support_needed="Een fietszitje", serves=line)
    ActionFactory(plan=plan, people=[aunt, client], what=ACTIONS[1], position=2,
                  when_text="", when_date=date(2027, 1, 8))
    ActionFactory(plan=plan, people=[], what=ACTIONS[2], position=3, when_text="")
    plan.monitor = grandmother
    plan.evaluation_date = date(2027, 2, 15)
    plan.status = PlanStatus.ACCEPTED
    plan.decision = Decision.ACCEPTED
    plan.decided_at = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    db.session.flush()
    return plan


def _print_plan(app, tmp_path_factory, lang: str) -> bytes:
    """The ``plan`` fixture's plan as the coordinator downloads it in ``lang``: made, fetched
    and rolled back before any test's own transaction begins."""
    from tests.conftest import rolled_back
    from tests.fixtures.roles import build_world, log_in

    app.config["PDF_CACHE_DIR"] = str(tmp_path_factory.mktemp(f"printed-plan-{lang}"))
    try:
        with rolled_back(app):
            world = build_world()
            accepted_plan(world)
            client = log_in(app.test_client(), world.coordinator)
            response = client.get(plan_url(world, lang=lang))
    finally:
        app.config.pop("PDF_CACHE_DIR", None)
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "application/pdf"
    return response.data


# WeasyPrint takes seconds per plan: the tests that only read the paper share one print per
# language (the session's, so each xdist worker prints it once). Tests that change the plan,
# check the download itself or its audit trail fetch their own.
@pytest.fixture(scope="session")
def english_plan_pdf(app, tmp_path_factory) -> bytes:
    return _print_plan(app, tmp_path_factory, "en")


@pytest.fixture(scope="session")
def arabic_plan_pdf(app, tmp_path_factory) -> bytes:
    return _print_plan(app, tmp_path_factory, "ar")


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, as pypdf reads it, with its whitespace made single spaces."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))


def normalised(text: str) -> str:
    """Presentation forms (Arabic letters as shaped on paper) back to ordinary letters."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def plan_url(world, **query) -> str:
    args = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/cases/{world.case.reference}/plan.pdf" + (f"?{args}" if args else "")
