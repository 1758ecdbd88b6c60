"""The caseload dashboard: every jobseeker with their figures, sortable, for the right
people only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eigenkracht.auth.models import Role
from eigenkracht.cases.models import AssignmentRole, CaseStatus
from eigenkracht.core.clock import today
from eigenkracht.core.db import utcnow
from eigenkracht.jobs.dashboard import SORT_COLUMNS, caseload
from eigenkracht.jobs.models import GoalStatus
from eigenkracht.network.snapshots import take_snapshot
from tests.factories import ContactLogFactory, GoalFactory, PersonFactory, UserFactory
from tests.jobs.conftest import make_jobseeker


def _names_in_order(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


def test_a_coach_sees_only_their_own_jobseekers(coach, jobseeker, world):
    other_coach = UserFactory(organisation=world.org, role=Role.JOBCOACH)
    make_jobseeker(world.org, other_coach, first_name="Anderscoach")
    page = coach.get("/jobs/caseload").text
    assert "Mariëlle Dijkstra" in page
    assert "Anderscoach" not in page and "Jolanda" not in page and "Noëlle" not in page
    assert "1 jobseeker" in page


def test_an_admin_sees_every_jobseeker_of_the_organisation_and_none_of_another(login_as,
                                                                               jobseeker,
                                                                               world):
    make_jobseeker(world.other_org, world.other_coordinator, first_name="Buitenlands",
                   role=AssignmentRole.COORDINATOR)
    page = login_as("admin").get("/jobs/caseload?closed=1").text
    assert "Mariëlle Dijkstra" in page and "Jolanda Visser" in page
    assert "Buitenlands" not in page
    assert "Noëlle" not in page  # youth cases are no jobseekers


def test_a_coordinator_sees_their_own_work_cases_only(login_as, world):
    page = login_as("coordinator").get("/jobs/caseload?closed=1").text
    assert "Jolanda Visser" in page and "Noëlle" not in page
    assert "Jolanda" not in login_as("unassigned_coordinator").get(
        "/jobs/caseload?closed=1").text


def test_a_referrer_is_refused_the_caseload_and_its_export(login_as):
    client = login_as("referrer")
    assert client.get("/jobs/caseload").status_code == 403
    assert client.get("/jobs/caseload.csv").status_code == 403


def test_closed_cases_are_left_out_unless_asked_for(coach, world):
    make_jobseeker(world.org, world.jobcoach, first_name="Afgesloten",
                   status=CaseStatus.CLOSED)
    assert "Afgesloten" not in coach.get("/jobs/caseload").text
    assert "Afgesloten" in coach.get("/jobs/caseload?closed=1").text


def _figures_case(world, jobseeker, db):
    """Two people, contacts old and new, follow-ups overdue/done/ahead, three goals, and a
    snapshot after which someone joined and someone left."""
    on = today()
    for days in (1, 29, 30):
        ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                          contacted_on=on - timedelta(days=days))
    ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne, contacted_on=on - timedelta(40),
                      follow_up_on=on - timedelta(days=1))
    ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne, contacted_on=on - timedelta(40),
                      follow_up_on=on - timedelta(days=2), follow_up_done_at=utcnow())
    ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne, contacted_on=on - timedelta(40),
                      follow_up_on=on + timedelta(days=2))
    GoalFactory(case=jobseeker.case)
    GoalFactory(case=jobseeker.case)
    GoalFactory(case=jobseeker.case, status=GoalStatus.REACHED)
    take_snapshot(jobseeker.case, "Maand 1", automatic=True)
    PersonFactory(case=jobseeker.case, name="Nieuwe Buurvrouw")
    db.session.delete(jobseeker.harm)
    db.session.flush()


def test_the_figures_of_a_jobseeker(world, jobseeker, db):
    _figures_case(world, jobseeker, db)
    [row] = caseload(world.jobcoach)
    assert (row.network_size, row.recent_contacts, row.overdue) == (2, 2, 1)
    assert (row.goals_open, row.goals_total) == (2, 3)
    assert (row.added, row.removed) == (1, 1)
    assert row.last_contact == today() - timedelta(days=1)


def test_the_page_shows_the_figures_and_the_overdue_follow_up_in_words(coach, world, jobseeker,
                                                                       db):
    _figures_case(world, jobseeker, db)
    page = coach.get("/jobs/caseload").text
    assert "2 of 3" in page and "+1 added, −1 removed" in page and "1 overdue" in page
    assert 'class="is-overdue"' in page


def test_a_jobseeker_without_a_saved_map_says_so(coach, jobseeker):
    assert "No saved map yet" in coach.get("/jobs/caseload").text


def _three(world):
    """Three jobseekers whose network sizes are 2, 3 and 4 (Bram, Anna, Cees)."""
    made = {}
    for name, extra in (("Bram", 0), ("Anna", 1), ("Cees", 2)):
        jobseeker = make_jobseeker(world.org, world.jobcoach, first_name=name)
        for n in range(extra):
            PersonFactory(case=jobseeker.case, name=f"Extra {name} {n}")
        made[name] = jobseeker
    return made


def test_the_caseload_sorts_by_name_by_default(coach, world):
    _three(world)
    page = coach.get("/jobs/caseload").text
    assert _names_in_order(page, ["Bram", "Anna", "Cees"]) == ["Anna", "Bram", "Cees"]


def test_the_caseload_sorts_by_network_size_both_ways(coach, world):
    _three(world)
    up = coach.get("/jobs/caseload?sort=network").text
    down = coach.get("/jobs/caseload?sort=-network").text
    assert _names_in_order(up, ["Bram", "Anna", "Cees"]) == ["Bram", "Anna", "Cees"]
    assert _names_in_order(down, ["Bram", "Anna", "Cees"]) == ["Cees", "Anna", "Bram"]
    assert 'aria-sort="descending"' in down


def test_jobseekers_without_a_value_sort_last_either_way(world):
    made = _three(world)
    take_snapshot(made["Cees"].case, "Maand", automatic=True)
    for sort in ("change", "-change"):
        rows = caseload(world.jobcoach, sort=sort)
        assert rows[0].client_name.startswith("Cees"), sort


@pytest.mark.parametrize("column", sorted(SORT_COLUMNS))
def test_every_column_can_be_sorted(coach, world, column):
    _three(world)
    for sort in (column, f"-{column}"):
        response = coach.get(f"/jobs/caseload?sort={sort}")
        assert response.status_code == 200
        assert "aria-sort=" in response.text


def test_an_unknown_sort_falls_back_to_the_name(coach, world):
    _three(world)
    for sort in ("'; DROP TABLE cases; --", "-" * 500, "__class__"):
        response = coach.get("/jobs/caseload", query_string={"sort": sort})
        assert response.status_code == 200
        assert _names_in_order(response.text, ["Bram", "Anna", "Cees"]) == ["Anna", "Bram",
                                                                           "Cees"]


def test_viewing_the_caseload_is_audited(coach, jobseeker, db):
    from sqlalchemy import select

    from eigenkracht.audit.models import AuditEvent

    coach.get("/jobs/caseload")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "caseload"))
    assert event.action == "view" and event.details["cases"] == [jobseeker.case.reference]
