"""The caseload runs the same number of SQL queries for 5 or 500 jobseekers."""

from __future__ import annotations

from tests.jobs.bulk import add_jobseekers


def test_the_caseload_page_runs_as_many_queries_for_500_jobseekers_as_for_5(coach, world,
                                                                           count_queries):
    add_jobseekers(world.org, world.jobcoach, 0, 5)
    coach.get("/jobs/caseload")  # warm up: the session, the login
    with count_queries() as five:
        assert "5 jobseekers" in coach.get("/jobs/caseload").text
    add_jobseekers(world.org, world.jobcoach, 5, 495)
    with count_queries() as many:
        page = coach.get("/jobs/caseload").text
    assert "500 jobseekers" in page and "+1 added, −0 removed" in page
    assert len(many) == len(five), "\n".join(many)


def test_the_csv_export_runs_as_many_queries_for_500_jobseekers_as_for_5(coach, world,
                                                                         count_queries):
    add_jobseekers(world.org, world.jobcoach, 0, 5)
    coach.get("/jobs/caseload.csv")
    with count_queries() as five:
        coach.get("/jobs/caseload.csv")
    add_jobseekers(world.org, world.jobcoach, 5, 495)
    with count_queries() as many:
        body = coach.get("/jobs/caseload.csv").text
    assert body.count("\r\n") == 501
    assert len(many) == len(five)


def test_the_follow_ups_run_as_many_queries_for_500_jobseekers_as_for_5(coach, world,
                                                                        count_queries):
    add_jobseekers(world.org, world.jobcoach, 0, 5)
    coach.get("/jobs/follow-ups")
    with count_queries() as five:
        coach.get("/jobs/follow-ups")
    add_jobseekers(world.org, world.jobcoach, 5, 495)
    with count_queries() as many:
        assert "500 follow-ups" in coach.get("/jobs/follow-ups").text
    assert len(many) == len(five)
