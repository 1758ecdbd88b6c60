"""The case's status follows what happens, changes by hand with a reason, and keeps its
history: who or what moved it, and why."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from eigenkracht.cases import status
from eigenkracht.cases.models import Case, CaseStatus, StatusChange
from eigenkracht.conference import phases
from eigenkracht.conference.models import Conference, Phase
from eigenkracht.network.services import add_person
from eigenkracht.network.validation import PersonData
from tests.factories import CaseFactory


def _consented(case):
    for client in case.clients:
        client.consent_parents_on, client.consent_parents_names = date(2026, 9, 1), "Ouders"


def _history(db, case):
    return [(c.from_status, c.to_status, c.event) for c in db.session.scalars(
        select(StatusChange).where(StatusChange.case_id == case.id)
        .order_by(StatusChange.id))]


class TestEvents:
    def test_planning_the_first_conference_starts_the_preparation(self, login_as, world, db):
        case = CaseFactory(organisation=world.org)
        _consented(case)
        from tests.factories import CaseAssignmentFactory

        CaseAssignmentFactory(case=case, user=world.coordinator)
        db.session.flush()
        response = login_as("coordinator").post(f"/cases/{case.reference}/conferences/new",
                                                data={"day": "2027-03-01", "time": "14:00",
                                                      "kind": "first", "venue_kind": "address",
                                                      "duration_minutes": "180",
                                                      "venue_address": "Buurthuis",
                                                      "submission": "plan-conference-01"})
        assert response.status_code in (302, 303), response.text[:300]
        assert db.session.get(Case, case.id).status == CaseStatus.PREPARATION
        assert _history(db, case) == [(CaseStatus.REFERRAL, CaseStatus.PREPARATION,
                                       "conference_planned")]

    def test_starting_the_map_starts_the_preparation(self, world, db):
        case = CaseFactory(organisation=world.org)
        _consented(case)
        add_person(case, PersonData(name="Oma Truus", relation="oma"))
        assert case.status == CaseStatus.PREPARATION
        assert _history(db, case)[-1][2] == "map_started"

    def test_without_consent_the_case_stays_in_referral(self, world, db):
        case = CaseFactory(organisation=world.org)  # the parents have not consented yet
        add_person(case, PersonData(name="Oma Truus", relation="oma"))
        assert case.status == CaseStatus.REFERRAL
        assert _history(db, case) == []

    def test_the_conference_day_moves_it_to_the_conference(self, world, db):
        case = world.case
        _consented(case)
        case.status = CaseStatus.PREPARATION
        conference = db.session.get(Conference, world.extra_ids["conference"])
        phases.move(conference, Phase.INFORMATION)
        assert case.status == CaseStatus.CONFERENCE
        assert _history(db, case)[-1] == (CaseStatus.PREPARATION, CaseStatus.CONFERENCE,
                                          "conference_day")

    def test_the_daily_schedule_moves_cases_whose_conference_day_has_come(self, world, db):
        from eigenkracht.cases.tasks import follow_conference_days
        from eigenkracht.core import clock

        case = world.case
        _consented(case)
        case.status = CaseStatus.PREPARATION
        conference = db.session.get(Conference, world.extra_ids["conference"])
        with clock.frozen(conference.starts_at):
            moved = follow_conference_days(commit=False)
        assert case.reference in moved
        assert case.status == CaseStatus.CONFERENCE

    def test_an_event_never_moves_a_case_back_or_out_of_closed(self, world, db):
        case = world.case
        _consented(case)
        case.status = CaseStatus.FOLLOW_UP
        assert not status.follow(case, "conference_planned")
        case.status = CaseStatus.CLOSED
        assert not status.follow(case, "plan_accepted")
        assert case.status == CaseStatus.CLOSED


class TestByHand:
    def test_closing_needs_a_reason_which_the_history_shows_with_who(self, login_as, world, db):
        client = login_as("coordinator")
        url = f"/cases/{world.case.reference}/status"
        refused = client.post(url, data={"status": "closed", "reason": "  ",
                                         "row_version": world.case.row_version},
                              follow_redirects=True)
        assert "Say why the status changes" in refused.text
        assert db.session.get(Case, world.case.id).status == CaseStatus.REFERRAL
        client.post(url, data={"status": "closed", "reason": "Gezin verhuisd naar Groningen",
                               "row_version": world.case.row_version})
        case = db.session.get(Case, world.case.id)
        assert case.status == CaseStatus.CLOSED
        assert case.closed_reason == "Gezin verhuisd naar Groningen"
        page = client.get(f"/cases/{world.case.reference}")
        history = page.text.split('id="status-history"', 1)[1]
        assert "Gezin verhuisd naar Groningen" in history
        assert world.coordinator.name in history
        assert "Changed by hand" in history

    def test_a_hostile_or_over_long_reason_is_refused_or_shown_as_text(self, login_as, world,
                                                                       db):
        client = login_as("coordinator")
        url = f"/cases/{world.case.reference}/status"
        client.post(url, data={"status": "closed", "reason": "x" * 2001,
                               "row_version": world.case.row_version})
        assert db.session.get(Case, world.case.id).status == CaseStatus.REFERRAL
        client.post(url, data={"status": "closed", "reason": "<b>weg</b>",
                               "row_version": world.case.row_version})
        page = client.get(f"/cases/{world.case.reference}")
        assert "&lt;b&gt;weg&lt;/b&gt;" in page.text

    def test_reopening_clears_the_closing(self, world, db):
        case = world.case
        case.status = CaseStatus.FOLLOW_UP
        status.change_status(case, CaseStatus.CLOSED, case.row_version, "Klaar")
        status.change_status(case, CaseStatus.FOLLOW_UP, case.row_version, "Toch nodig")
        assert case.closed_at is None and case.closed_reason == "" and \
            case.retention_until is None
        assert [c.reason for c in case.status_changes] == ["Klaar", "Toch nodig"]
