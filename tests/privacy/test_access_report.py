"""A person's own data, readable (GDPR art. 15): plain language in their language, HTML and
PDF, without other people's contact details, staff addresses or internal ids; staff choose
what is withheld and why, and that is recorded."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.network.services import client_person
from eigenkracht.privacy.models import AccessReport
from tests.factories import PersonFactory
from tests.pdf.conftest import pdf_text


@pytest.fixture
def family(world, db):
    """The client (mother Sanne's daughter) and relatives with phone numbers and e-mails."""
    client = client_person(world.case)
    client.phone, client.email = "06-11112222", "noelle@example.nl"
    mother = PersonFactory(case=world.case, name="Sanne Jansen", relation="moeder",
                           phone="06-33334444", email="sanne@example.nl", language="tr",
                           notes="Moeder belt liever na 16 uur.")
    uncle = PersonFactory(case=world.case, name="Oom Kees", relation="oom",
                          phone="010-5556677", email="kees@example.nl")
    db.session.flush()
    return {"client": client, "mother": mother, "uncle": uncle}


def _make(client, world, person, **form):
    return client.post(f"/cases/{world.case.reference}/people/{person.id}/access-report",
                       data=form)


def _report_of(client, world, person, **form):
    response = _make(client, world, person, **form)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def test_the_client_s_report_holds_their_data_and_nobody_else_s_contact_details(
        login_as, world, family):
    coordinator = login_as("coordinator")
    page = coordinator.get(_report_of(coordinator, world, family["client"])).text
    assert "06-11112222" in page and "noelle@example.nl" in page  # their own
    assert "Sanne Jansen" in page and "Oom Kees" in page  # names of the people around
    for other in ("06-33334444", "sanne@example.nl", "010-5556677", "kees@example.nl"):
        assert other not in page
    body = page.split('class="access-report"')[1].split("</div>")[0]
    assert world.coordinator.email not in body and world.referrer.email not in body
    assert "href=" not in body, "no links with internal ids"
    assert not re.search(r"\bid\b", body, re.IGNORECASE)


def test_the_report_is_in_the_person_s_language(login_as, world, family):
    coordinator = login_as("coordinator")
    page = coordinator.get(_report_of(coordinator, world, family["mother"])).text
    assert 'lang="tr"' in page
    assert "hakkınızda" in page  # "What … holds about you", in Turkish


def test_the_pdf_says_the_same_without_other_people_s_numbers(login_as, world, family):
    coordinator = login_as("coordinator")
    address = _report_of(coordinator, world, family["client"])
    response = coordinator.get(f"{address}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "06-11112222" in text and "Oom Kees" in text
    assert "06-33334444" not in text and "010-5556677" not in text
    assert world.coordinator.email not in text


def test_what_is_withheld_is_left_out_said_and_recorded(login_as, world, family, db):
    coordinator = login_as("coordinator")
    address = _report_of(coordinator, world, family["mother"], withhold_own_notes="1",
                         reason_own_notes="Werkaantekening van de coördinator.",
                         withhold_network="1", reason_network="Veiligheid van het kind.")
    page = coordinator.get(address).text
    assert "Moeder belt liever na 16 uur." not in page
    assert "Oom Kees" not in page
    assert "Werkaantekening van de coördinator." in page
    assert "Veiligheid van het kind." in page
    saved = db.session.scalars(select(AccessReport).where(
        AccessReport.person_id == family["mother"].id)).one()
    assert {w["part"] for w in saved.withheld} == {"own_notes", "network"}
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "access_report")).one()
    assert event.details["withheld"] == saved.withheld


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_leaving_something_out_needs_a_reason(reason, login_as, world, family, db):
    response = _make(login_as("coordinator"), world, family["client"],
                     withhold_notes="1", reason_notes=reason)
    assert response.status_code == 422
    assert db.session.scalars(select(AccessReport).where(
        AccessReport.person_id == family["client"].id)).first() is None


def test_without_anything_withheld_the_notes_of_the_person_are_there(login_as, world,
                                                                       family):
    coordinator = login_as("coordinator")
    page = coordinator.get(_report_of(coordinator, world, family["mother"])).text
    assert "Moeder belt liever na 16 uur." in page


def test_a_referrer_cannot_make_a_report(login_as, world, family, db):
    assert _make(login_as("referrer"), world, family["client"]).status_code == 403


def test_a_report_of_another_case_is_not_found(login_as, world, family):
    coordinator = login_as("coordinator")
    address = _report_of(coordinator, world, family["client"])
    other = address.replace(world.case.reference, world.other_case.reference)
    assert login_as("other_coordinator").get(other).status_code == 404


def test_a_person_of_another_case_gets_no_report(login_as, world, db):
    stranger = PersonFactory(case=world.other_case, name="Iemand Anders")
    db.session.flush()
    assert _make(login_as("coordinator"), world, stranger).status_code == 404
