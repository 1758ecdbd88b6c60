"""The coach's day (issue 21, item 4): follow-ups on the to-do page and in the calendar
feed, the morning e-mail (opt-in), and the caseload's search, filters and next follow-up.

Boundaries: a follow-up due today is "today", one due yesterday is overdue; "no contact in
the last 30 days" counts today as the first of the 30 days (a contact 29 days ago is within
them, one 30 days ago is not).
"""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from eigenkracht.auth.models import Role
from eigenkracht.cases.models import CaseStatus
from eigenkracht.conference import calendar
from eigenkracht.core.clock import today
from eigenkracht.jobs import day
from eigenkracht.jobs.models import CoachSettings
from eigenkracht.mail.models import OutboxMessage
from tests.factories import ContactLogFactory, UserFactory
from tests.jobs.conftest import make_jobseeker


def follow_up(jobseeker, days: int, *, done=False, person=None, **kwargs):
    """A contact a month ago whose follow-up falls ``days`` from today."""
    from eigenkracht.core.db import utcnow

    return ContactLogFactory(case=jobseeker.case, person=person or jobseeker.sanne,
                             contacted_on=today() - timedelta(days=30),
                             follow_up_on=today() + timedelta(days=days),
                             follow_up_done_at=utcnow() if done else None, **kwargs)


def card_of(page: str, contact) -> str:
    at = page.index(f'id="follow-up-{contact.id}"')
    card = page[page.rindex("<li", 0, at):]
    return card[:card.index("</li>")]


# --- the to-do page -------------------------------------------------------------------------

def test_the_to_do_page_shows_the_overdue_and_the_coming_weeks_follow_ups(coach, jobseeker):
    late = follow_up(jobseeker, -1)
    due = follow_up(jobseeker, 0)
    week = follow_up(jobseeker, 7)
    later = follow_up(jobseeker, 8)
    done = follow_up(jobseeker, -2, done=True)
    page = coach.get("/todo").text
    assert "Follow-ups with jobseekers' networks" in page
    assert "Overdue" in card_of(page, late) and "1 day late" in card_of(page, late)
    assert "Today" in card_of(page, due) and "Overdue" not in card_of(page, due)
    assert f'id="follow-up-{week.id}"' in page
    assert f'id="follow-up-{later.id}"' not in page
    assert f'id="follow-up-{done.id}"' not in page


def test_the_to_do_page_leaves_out_another_coachs_follow_ups(coach, world, jobseeker):
    other_coach = UserFactory(organisation=world.org, role=Role.JOBCOACH)
    theirs = follow_up(make_jobseeker(world.org, other_coach, first_name="Anders"), 0)
    mine = follow_up(jobseeker, 0)
    page = coach.get("/todo").text
    assert f'id="follow-up-{mine.id}"' in page and f'id="follow-up-{theirs.id}"' not in page


def test_followed_up_from_the_to_do_page_goes_back_to_it(coach, jobseeker, db):
    due = follow_up(jobseeker, 0)
    answer = coach.post(f"{jobseeker.base}/contacts/{due.id}/follow-up",
                        data={"done": "1", "next": "todo"})
    assert answer.status_code == 302 and answer.location.endswith("/todo#work-follow-ups")
    db.session.refresh(due)
    assert due.follow_up_done
    assert f'id="follow-up-{due.id}"' not in coach.get("/todo").text


def test_a_referrer_sees_no_follow_ups_on_their_to_do_page(login_as, jobseeker):
    follow_up(jobseeker, 0)
    assert "Follow-ups with jobseekers" not in login_as("referrer").get("/todo").text


# --- the calendar feed --------------------------------------------------------------------

def feed_events(client, user) -> dict[str, icalendar.Event]:
    token = calendar.create_feed(user)
    answer = client.get(f"/calendar/{token}.ics")
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    parsed = icalendar.Calendar.from_ical(answer.data)
    return {str(e["uid"]): e for e in parsed.walk("VEVENT")}, answer.get_data(as_text=True)


def test_the_calendar_feed_has_each_open_follow_up_as_an_all_day_event(app, world, jobseeker):
    due = follow_up(jobseeker, 3)
    done = follow_up(jobseeker, 1, done=True)
    events, text = feed_events(app.test_client(), world.jobcoach)
    event = events[day.follow_up_uid(due)]
    assert event.decoded("dtstart") == due.follow_up_on  # a date: all day
    assert event.decoded("dtend") == due.follow_up_on + timedelta(days=1)
    assert str(event["summary"]) == f"Follow-up {jobseeker.case.reference} (Mariëlle)"
    assert day.follow_up_uid(done) not in events
    # as little as possible: no surname, no network member's name, nothing that was asked
    assert "Dijkstra" not in text and "Sanne" not in text and "vacatures" not in text


def test_the_calendar_feed_keeps_three_months_of_open_follow_ups(app, world, jobseeker):
    kept = follow_up(jobseeker, -day.FEED_PAST_DAYS)
    dropped = follow_up(jobseeker, -day.FEED_PAST_DAYS - 1)
    events, _text = feed_events(app.test_client(), world.jobcoach)
    assert day.follow_up_uid(kept) in events and day.follow_up_uid(dropped) not in events


def test_a_follow_up_moved_to_another_day_keeps_its_event(app, coach, world, jobseeker, db):
    due = follow_up(jobseeker, 3)
    uid = day.follow_up_uid(due)
    due.follow_up_on = today() + timedelta(days=5)
    db.session.flush()
    events, _text = feed_events(app.test_client(), world.jobcoach)
    assert events[uid].decoded("dtstart") == today() + timedelta(days=5)
    assert int(events[uid]["sequence"]) >= 1


# --- the morning e-mail ---------------------------------------------------------------------

def digests(db, user) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == user.email)
                                   .order_by(OutboxMessage.id)))


def opt_in(user, db):
    db.session.merge(CoachSettings(user_id=user.id, morning_digest=True))
    db.session.flush()


def test_a_coach_switches_the_morning_e_mail_on_and_off(coach, world, db):
    assert 'name="morning_digest"' in coach.get("/jobs/follow-ups").text
    answer = coach.post("/jobs/digest", data={"morning_digest": "y"})
    assert answer.status_code == 302
    assert day.wants_digest(world.jobcoach)
    assert "checked" in box_of(coach.get("/jobs/follow-ups").text)
    coach.post("/jobs/digest", data={})
    assert not day.wants_digest(world.jobcoach)
    assert "checked" not in box_of(coach.get("/jobs/follow-ups").text)


def box_of(page: str) -> str:
    import re

    return re.search(r'<input[^>]*name="morning_digest"[^>]*>', page).group(0)


def test_the_morning_e_mail_lists_todays_and_overdue_follow_ups(world, jobseeker, db):
    opt_in(world.jobcoach, db)
    follow_up(jobseeker, -1)  # yesterday: overdue
    follow_up(jobseeker, 0)  # today
    follow_up(jobseeker, 1)  # tomorrow: not yet
    assert day.send_digest(world.jobcoach.id, today().isoformat()) == "sent"
    [message] = digests(db, world.jobcoach)
    assert message.to == world.jobcoach.email
    assert message.subject.endswith(": 1 today, 1 overdue")
    body = message.text_body
    ref = jobseeker.case.reference
    overdue, due_today = body.split("due today:")
    assert f"{ref} (Mariëlle)" in overdue and "1 day late" in overdue
    assert f"- {ref} (Mariëlle)\n" in due_today
    assert "/jobs/follow-ups" in body
    assert "Sanne" not in body and "Dijkstra" not in body  # reference and first name only


def test_the_morning_e_mail_is_in_the_coachs_language(world, jobseeker, db):
    world.jobcoach.locale = "nl"
    opt_in(world.jobcoach, db)
    follow_up(jobseeker, -3)
    day.send_digest(world.jobcoach.id, today().isoformat())
    [message] = digests(db, world.jobcoach)
    assert message.language == "nl"
    assert message.subject.startswith("Uw opvolgingen voor ")
    assert "3 dagen te laat" in message.text_body


def test_no_morning_e_mail_for_a_coach_who_did_not_opt_in(world, jobseeker, db):
    follow_up(jobseeker, 0)
    assert day.send_digest(world.jobcoach.id, today().isoformat()) == "not wanted"
    db.session.merge(CoachSettings(user_id=world.jobcoach.id, morning_digest=False))
    assert day.send_digest(world.jobcoach.id, today().isoformat()) == "not wanted"
    assert digests(db, world.jobcoach) == []


def test_no_morning_e_mail_on_a_day_with_nothing_due(world, jobseeker, db):
    opt_in(world.jobcoach, db)
    follow_up(jobseeker, 1)
    follow_up(jobseeker, -1, done=True)
    assert day.send_digest(world.jobcoach.id, today().isoformat()) == "nothing due"
    assert digests(db, world.jobcoach) == []


def test_the_morning_e_mail_goes_once_a_day(world, jobseeker, db):
    opt_in(world.jobcoach, db)
    follow_up(jobseeker, 0)
    assert day.send_digest(world.jobcoach.id, today().isoformat()) == "sent"
    assert day.send_digest(world.jobcoach.id, today().isoformat()) == "sent already"
    assert len(digests(db, world.jobcoach)) == 1


def test_the_schedule_asks_for_the_e_mail_of_each_coach_who_opted_in(app, world, db):
    opt_in(world.jobcoach, db)
    UserFactory(organisation=world.org, role=Role.JOBCOACH)  # not opted in
    assert day.morning_digests() == 1
    schedules = {p.name: p.schedule for p in app.extensions["tasks"].periodic_tasks}
    assert schedules["jobs.morning_digests"].describe().startswith("minute=0 hour=7 ")


def test_the_follow_ups_page_refuses_a_digest_switch_without_its_token(app, coach):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert coach.post("/jobs/digest", data={"morning_digest": "y"}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


# --- the caseload -----------------------------------------------------------------------------

def caseload_names(client, **args) -> list[str]:
    import re

    page = client.get("/jobs/caseload", query_string=args)
    assert page.status_code == 200
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page.text)


@pytest.fixture
def three(world):
    """Anna (a contact 29 days ago: within the 30 days), Bram (30 days ago: not), Cees (no
    contact at all, an overdue follow-up, in preparation)."""
    anna = make_jobseeker(world.org, world.jobcoach, first_name="Anna",
                          status=CaseStatus.REFERRAL)
    bram = make_jobseeker(world.org, world.jobcoach, first_name="Bram",
                          status=CaseStatus.REFERRAL)
    cees = make_jobseeker(world.org, world.jobcoach, first_name="Cees")
    ContactLogFactory(case=anna.case, person=anna.sanne,
                      contacted_on=today() - timedelta(days=29),
                      follow_up_on=today())
    ContactLogFactory(case=bram.case, person=bram.sanne,
                      contacted_on=today() - timedelta(days=30))
    return anna, bram, cees


def test_no_contact_in_30_days_starts_on_the_31st_day(coach, three):
    assert caseload_names(coach, show="quiet") == ["Bram Dijkstra", "Cees Dijkstra"]


def test_the_caseload_filters_on_overdue_follow_ups(coach, three):
    anna, _bram, cees = three
    ContactLogFactory(case=cees.case, person=cees.sanne,
                      contacted_on=today() - timedelta(days=60),
                      follow_up_on=today() - timedelta(days=1))
    assert caseload_names(coach, show="overdue") == ["Cees Dijkstra"]  # Anna's is due today


def test_the_caseload_filters_on_stage_and_searches_names_and_references(coach, three):
    anna, bram, cees = three
    assert caseload_names(coach, stage="referral") == ["Anna Dijkstra", "Bram Dijkstra"]
    assert caseload_names(coach, q="bräm") == ["Bram Dijkstra"]
    assert caseload_names(coach, q=cees.case.reference) == ["Cees Dijkstra"]
    assert caseload_names(coach, q="nobody like this") == []
    assert "No jobseeker matches this filter." in coach.get("/jobs/caseload?q=zzz").text


def test_the_caseload_shows_the_next_follow_up(coach, three):
    anna, _bram, _cees = three
    later = ContactLogFactory(case=anna.case, person=anna.harm, contacted_on=today(),
                              follow_up_on=today() + timedelta(days=9))
    page = coach.get("/jobs/caseload").text
    assert "Next follow-up" in page
    row = page[page.index("Anna Dijkstra"):]
    row = row[:row.index("</tr>")]
    assert "Today:" in row and later.follow_up_on.strftime("%Y") in row
    sorted_names = caseload_names(coach, sort="next_follow_up")
    assert sorted_names[0] == "Anna Dijkstra"  # the only one with a follow-up; empty last


@pytest.mark.parametrize("args", [
    {"q": "x" * 5000}, {"q": "<script>alert(1)</script>"}, {"q": "\x00\x1b[31m"},
    {"show": "everything'; DROP TABLE cases"}, {"stage": "closed\x00"}, {"stage": "x" * 300},
    {"show": ["overdue", "quiet"]}, {"sort": "-next_follow_up", "q": "%"},
])
def test_hostile_caseload_filters_are_ignored_or_shown_safely(coach, three, args):
    page = coach.get("/jobs/caseload", query_string=args)
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text


# --- placement checks are follow-ups too (jobs.followups, the one source) --------------------

@pytest.fixture
def check_due_today(jobseeker):
    """A placement that started a month ago: its one-month check is due today."""
    from eigenkracht.jobs.models import ContractKind
    from eigenkracht.jobs.placements import PlacementData, add_months, add_placement

    placement = add_placement(jobseeker.case, PlacementData(
        employer="Vos Logistiek", started_on=add_months(today(), -1), hours_per_week=32,
        contract=list(ContractKind)[0].value, job_title="Planner"))
    return next(c for c in placement.checks if c.months == 1)


def test_a_placement_check_due_shows_on_the_to_do_page(coach, check_due_today):
    page = coach.get("/todo").text
    card = page[page.index(f'id="placement-check-{check_due_today.id}"'):]
    card = card[:card.index("</li>")]
    assert "Placement check" in card and "1 month" in card and "Today" in card
    assert "Vos Logistiek" in card


def test_a_placement_check_is_in_the_calendar_feed(app, world, check_due_today):
    events, _text = feed_events(app.test_client(), world.jobcoach)
    checks = sorted(e.decoded("dtstart") for e in events.values()
                    if str(e["summary"]).startswith("Placement check"))
    assert len(checks) == 4 and checks[0] == today()  # at 1, 3, 6 and 12 months


def test_a_placement_check_due_is_in_the_morning_e_mail(world, db, check_due_today):
    opt_in(world.jobcoach, db)
    assert day.send_digest(world.jobcoach.id, today().isoformat()) == "sent"
    [message] = digests(db, world.jobcoach)
    assert "placement check" in message.text_body.split("due today:")[1]
