"""Who reaches the jobseekers' pages: the case's own staff, admins, and nobody else."""

from __future__ import annotations

from tests.factories import GoalFactory


def test_goals_contacts_and_progress_of_a_youth_case_are_not_found(login_as, world):
    client = login_as("coordinator")
    for page in ("goals", "contacts", "contacts/new", "progress", "progress.svg"):
        assert client.get(f"/cases/{world.case.reference}/{page}").status_code == 404, page


def test_a_goal_cannot_be_added_to_a_youth_case(login_as, world, db):
    response = login_as("coordinator").post(f"/cases/{world.case.reference}/goals",
                                            data={"text": "Werk"})
    assert response.status_code == 404


def test_a_referrer_reads_the_goals_but_cannot_change_them(login_as, world):
    base = f"/cases/{world.extra_ids['work_case']}"
    client = login_as("referrer")
    page = client.get(f"{base}/goals")
    assert page.status_code == 200 and "Add a goal" not in page.text
    assert client.post(f"{base}/goals", data={"text": "Werk"}).status_code == 403


def test_a_job_coach_cannot_reach_a_jobseeker_of_another_coach(coach, world):
    goal = GoalFactory(case__organisation=world.org)
    assert coach.get(f"/cases/{goal.case.reference}/goals").status_code == 404


def test_the_case_page_of_a_jobseeker_links_to_goals_contacts_and_progress(coach, jobseeker):
    page = coach.get(jobseeker.base).text
    for link in ("/goals", "/contacts", "/progress"):
        assert f"{jobseeker.base}{link}" in page


def test_the_case_page_of_a_youth_case_has_no_goals_section(login_as, world):
    page = login_as("coordinator").get(f"/cases/{world.case.reference}").text
    assert "Goals and contacts" not in page


def test_the_caseload_link_is_in_the_menu_of_job_coaches_and_admins_only(login_as):
    assert "/jobs/caseload" in login_as("jobcoach").get("/cases/").text
    assert "/jobs/caseload" in login_as("admin").get("/cases/").text
    assert "/jobs/caseload" not in login_as("referrer").get("/cases/").text
