"""The follow-ups due for each coach: soonest first, overdue ones marked in words."""

from __future__ import annotations

from datetime import timedelta

from eigenkracht.auth.models import Role
from eigenkracht.cases.models import AssignmentRole
from eigenkracht.core.clock import today
from tests.factories import ContactLogFactory, UserFactory
from tests.jobs.conftest import make_jobseeker


def _follow_up(jobseeker, days: int, asked: str, **kwargs):
    return ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne, asked=asked,
                             contacted_on=today() - timedelta(days=30),
                             follow_up_on=today() + timedelta(days=days), **kwargs)


def test_a_coach_sees_the_follow_ups_of_their_jobseekers_soonest_first(coach, jobseeker):
    _follow_up(jobseeker, 5, "Later vraag")
    _follow_up(jobseeker, -4, "Vergeten vraag")
    page = coach.get("/jobs/follow-ups").text
    assert page.index("Vergeten vraag") < page.index("Later vraag")


def test_an_overdue_follow_up_is_marked_in_words_not_only_in_colour(coach, jobseeker):
    late = _follow_up(jobseeker, -4, "Vergeten vraag")
    _follow_up(jobseeker, 5, "Later vraag")
    page = coach.get("/jobs/follow-ups").text
    at = page.index(f'id="follow-up-{late.id}"')
    row = page[page.rindex("<li", 0, at):]
    row = row[:row.index("</li>")]
    assert "Overdue" in row and "4 days late" in row and "is-overdue" in row
    assert page.count("Overdue:") == 1


def test_a_coach_does_not_see_the_follow_ups_of_another_coachs_jobseekers(coach, world):
    other_coach = UserFactory(organisation=world.org, role=Role.JOBCOACH)
    other = make_jobseeker(world.org, other_coach, first_name="Anders")
    _follow_up(other, 1, "Niet van jou")
    assert "Niet van jou" not in coach.get("/jobs/follow-ups").text


def test_follow_ups_more_than_two_weeks_ahead_show_only_when_asked(coach, jobseeker):
    _follow_up(jobseeker, 40, "Volgende maand")
    assert "Volgende maand" not in coach.get("/jobs/follow-ups").text
    assert "Volgende maand" in coach.get("/jobs/follow-ups?all=1").text


def test_done_follow_ups_are_not_listed(coach, jobseeker):
    from eigenkracht.core.db import utcnow

    _follow_up(jobseeker, -1, "Al gebeld", follow_up_done_at=utcnow())
    assert "Al gebeld" not in coach.get("/jobs/follow-ups").text


def test_marking_a_follow_up_done_from_the_list_returns_to_the_list(coach, jobseeker, db):
    contact = _follow_up(jobseeker, -1, "Bellen")
    response = coach.post(f"{jobseeker.base}/contacts/{contact.id}/follow-up",
                          data={"done": "1", "next": "follow-ups"})
    assert response.headers["Location"].endswith("/jobs/follow-ups")
    assert "Bellen" not in coach.get("/jobs/follow-ups").text


def test_an_admin_sees_every_follow_up_of_the_organisation_and_can_pick_a_coach(login_as,
                                                                                jobseeker,
                                                                                world):
    other_coach = UserFactory(organisation=world.org, role=Role.JOBCOACH, name="Ander Coach")
    other = make_jobseeker(world.org, other_coach, first_name="Anders")
    _follow_up(jobseeker, 1, "Vraag van Fleur")
    _follow_up(other, 1, "Vraag van Ander")
    admin = login_as("admin")
    page = admin.get("/jobs/follow-ups").text
    assert "Vraag van Fleur" in page and "Vraag van Ander" in page
    narrowed = admin.get(f"/jobs/follow-ups?coach={other_coach.id}").text
    assert "Vraag van Ander" in narrowed and "Vraag van Fleur" not in narrowed


def test_an_admin_sees_nothing_of_another_organisation(login_as, world):
    foreign = make_jobseeker(world.other_org, world.other_coordinator, first_name="Buiten",
                             role=AssignmentRole.COORDINATOR)
    _follow_up(foreign, 1, "Andere organisatie")
    assert "Andere organisatie" not in login_as("admin").get("/jobs/follow-ups").text


def test_a_strange_coach_filter_is_ignored(login_as, jobseeker):
    _follow_up(jobseeker, 1, "Vraag van Fleur")
    for value in ("abc", "-1", "99999999999999999999", "1 OR 1=1"):
        response = login_as("admin").get("/jobs/follow-ups", query_string={"coach": value})
        assert response.status_code == 200 and "Vraag van Fleur" in response.text


def test_a_referrer_is_refused(login_as):
    assert login_as("referrer").get("/jobs/follow-ups").status_code == 403
