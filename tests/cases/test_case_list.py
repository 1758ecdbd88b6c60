"""The case list: who sees what, search, filters, sorting and pages."""

from __future__ import annotations

from datetime import timedelta

from eigenkracht.cases.models import AssignmentRole, CaseKind, CaseStatus
from eigenkracht.core.db import utcnow
from tests.factories import CaseAssignmentFactory, CaseFactory


def _assigned_case(world, **kwargs):
    case = CaseFactory(organisation=world.org, **kwargs)
    CaseAssignmentFactory(case=case, user=world.coordinator, role=AssignmentRole.COORDINATOR)
    return case


def test_a_coordinator_sees_only_cases_assigned_to_them(login_as, world):
    unassigned = CaseFactory(organisation=world.org, client_first_name="Verborgen")
    text = login_as("coordinator").get("/cases/").text
    assert world.case.reference in text
    assert unassigned.client_first_name not in text


def test_an_admin_sees_every_case_of_the_organisation_but_none_of_another(login_as, world):
    text = login_as("admin").get("/cases/").text
    assert "Noëlle" in text and "Ander" not in text


def test_a_referrer_sees_the_cases_they_refer(login_as, world):
    assert world.case.reference in login_as("referrer").get("/cases/").text


def test_a_job_coach_without_assignments_sees_no_cases(login_as, world):
    assert "0 cases" in login_as("jobcoach").get("/cases/").text


def test_search_finds_a_case_by_client_name_without_accents_mattering_for_case(login_as, world):
    _assigned_case(world, client_first_name="Daniël", client_last_name="Bakker")
    text = login_as("coordinator").get("/cases/?q=bakker").text
    assert "Daniël Bakker" in text and "Noëlle" not in text


def test_search_finds_a_case_by_reference(login_as, world):
    other = _assigned_case(world, reference="EK-2026-0777")
    text = login_as("coordinator").get("/cases/?q=ek-2026-0777").text
    assert other.reference in text and world.case.reference not in text


def test_search_treats_wildcards_and_quotes_as_plain_text(login_as, world):
    for term in ("%", "_", "' OR 1=1 --", "\\"):
        response = login_as("coordinator").get("/cases/", query_string={"q": term})
        assert response.status_code == 200
        assert world.case.reference not in response.text


def test_filter_by_kind_and_status(login_as, world):
    work = _assigned_case(world, kind=CaseKind.WORK, client_first_name="Mariëlle",
                          status=CaseStatus.PREPARATION)
    client = login_as("coordinator")
    assert work.reference in client.get("/cases/?kind=work").text
    assert world.case.reference not in client.get("/cases/?kind=work").text
    assert work.reference not in client.get("/cases/?status=referral").text


def test_closed_cases_are_hidden_unless_asked_for(login_as, world):
    closed = _assigned_case(world, status=CaseStatus.CLOSED, client_first_name="Gesloten")
    client = login_as("coordinator")
    assert closed.client_first_name not in client.get("/cases/").text
    assert closed.client_first_name in client.get("/cases/?status=closed").text
    assert closed.client_first_name in client.get("/cases/?status=all").text


def test_mine_shows_only_my_cases_to_an_admin(login_as, world):
    client = login_as("admin")
    assert world.case.reference in client.get("/cases/").text
    assert world.case.reference not in client.get("/cases/?mine=1").text


def test_the_list_shows_the_most_recent_activity_first(login_as, world):
    old = _assigned_case(world, client_first_name="Oud",
                         last_activity_at=utcnow() - timedelta(days=30))
    new = _assigned_case(world, client_first_name="Nieuw", last_activity_at=utcnow())
    text = login_as("coordinator").get("/cases/").text
    assert text.index(new.reference) < text.index(old.reference)


def test_the_list_shows_25_cases_a_page(login_as, world):
    for n in range(30):
        _assigned_case(world, client_first_name=f"Kind{n:02d}")
    client = login_as("coordinator")
    first = client.get("/cases/").text
    second = client.get("/cases/?page=2").text
    assert first.count("<tr>") - 1 == 25
    assert second.count("<tr>") - 1 == 6
    assert "Page 1 of 2" in first


def test_malformed_page_and_filter_values_do_not_break_the_list(login_as, world):
    client = login_as("coordinator")
    for query in ("page=abc", "page=-1", "page=99999", "status=<b>", "kind=x" * 50,
                  "q=" + "x" * 5000):
        assert client.get(f"/cases/?{query}").status_code == 200
