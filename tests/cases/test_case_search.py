"""Searching and counting cases: what the faster list (issue 10) must still find."""

from __future__ import annotations

from eigenkracht.cases.models import AssignmentRole
from tests.factories import CaseAssignmentFactory, CaseFactory


def _assigned_case(world, **kwargs):
    case = CaseFactory(organisation=world.org, **kwargs)
    CaseAssignmentFactory(case=case, user=world.coordinator, role=AssignmentRole.COORDINATOR)
    return case


def test_search_ignores_upper_and_lower_case_in_names(login_as, world):
    _assigned_case(world, client_first_name="Daniël", client_last_name="Bakker")
    text = login_as("coordinator").get("/cases/?q=BAKK").text
    assert "Daniël Bakker" in text and "Noëlle" not in text


def test_search_finds_first_and_last_name_typed_together(login_as, world):
    _assigned_case(world, client_first_name="Daniël", client_last_name="Bakker")
    text = login_as("coordinator").get("/cases/", query_string={"q": "daniël bak"}).text
    assert "Daniël Bakker" in text and "Noëlle" not in text


def test_search_finds_a_case_by_part_of_its_reference(login_as, world):
    other = _assigned_case(world, reference="EK-2026-0777")
    text = login_as("coordinator").get("/cases/?q=0777").text
    assert other.reference in text and world.case.reference not in text


def test_a_whole_reference_finds_only_cases_the_user_may_see(login_as, world):
    hidden = CaseFactory(organisation=world.org, reference="EK-2026-0888")
    text = login_as("coordinator").get(f"/cases/?q={hidden.reference}").text
    assert f"/cases/{hidden.reference}" not in text and "0 cases" in text


def test_a_reference_of_another_organisation_is_not_found_by_an_admin(login_as, world):
    foreign = CaseFactory(organisation=world.other_org, reference="EK-2026-0999")
    text = login_as("admin").get("/cases/?status=all&q=EK-2026-0999").text
    assert f"/cases/{foreign.reference}" not in text and "0 cases" in text


def test_every_page_of_a_long_list_tells_the_same_total(login_as, world):
    for n in range(30):
        _assigned_case(world, client_first_name=f"Kind{n:02d}")
    client = login_as("coordinator")
    for page in (1, 2, 3):
        assert "31 cases" in client.get(f"/cases/?page={page}").text


def test_my_cases_lists_the_cases_assigned_to_a_coordinator(login_as, world):
    mine = _assigned_case(world, client_first_name="Eigen")
    other = CaseFactory(organisation=world.org, client_first_name="Vreemd")
    text = login_as("admin").get("/cases/?mine=1").text
    assert "0 cases" in text
    text = login_as("coordinator").get("/cases/?mine=1").text
    assert mine.reference in text and other.reference not in text
