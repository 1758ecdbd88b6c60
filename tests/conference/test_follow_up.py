"""The follow-up call as a record (date, who was reached, outcome, notes, next step),
undoable; the to-do list has one line per thing to do, gone when done or when the case
closes; review meetings copy who attended, not the practical notes or the checklist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import CaseStatus
from eigenkracht.conference import checklist, services
from eigenkracht.conference.models import (
    CallOutcome,
    ChecklistKey,
    Conference,
    ConferenceKind,
    FollowUpCall,
    InvitationStatus,
    Participation,
    Phase,
)
from eigenkracht.core.clock import now, today
from tests.conference.conftest import in_phase
from tests.factories import ConferenceFactory, InvitationFactory, PersonFactory

HELD = (Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION, Phase.DECISION)


@pytest.fixture
def held(conference, db) -> Conference:
    """The world's conference, held: its follow-up call is due."""
    return in_phase(conference, *HELD)


def _call(client, base, **data):
    return client.post(f"{base}/follow-up", data={"called_on": today().isoformat(), **data},
                       follow_redirects=True)


class TestTheCallIsARecord:
    def test_a_call_that_reached_someone_is_kept_and_leaves_the_list(self, coordinator,
                                                                      base, held, db):
        response = _call(coordinator, base, outcome="reached", reached="Moeder Sanne",
                         notes="Het gaat goed; oma brengt haar elke ochtend.",
                         next_step="Evaluatie in juni plannen.")
        assert "The follow-up call of" in response.text
        assert "Moeder Sanne" in response.text and "oma brengt haar" in response.text
        assert "Evaluatie in juni plannen." in response.text
        call = db.session.scalars(select(FollowUpCall)).one()
        assert call.outcome == CallOutcome.REACHED and call.called_on == today()
        assert db.session.get(Conference, held.id).follow_up_done_at is not None
        assert f'id="follow-up-{held.id}"' not in coordinator.get("/todo").text

    def test_no_answer_keeps_the_call_on_the_list_for_the_next_day(self, coordinator, base,
                                                                   held, db):
        response = _call(coordinator, base, outcome="no_answer")
        assert "It stays on your list" in response.text
        conference = db.session.get(Conference, held.id)
        assert conference.follow_up_done_at is None
        assert conference.follow_up_call_on == today() + timedelta(days=1)
        assert f'id="follow-up-{held.id}"' in coordinator.get("/todo").text

    def test_a_date_to_call_again_is_kept(self, coordinator, base, held, db):
        again = today() + timedelta(days=7)
        _call(coordinator, base, outcome="call_back", next_call_on=again.isoformat())
        assert db.session.get(Conference, held.id).follow_up_call_on == again

    def test_the_last_call_can_be_undone(self, coordinator, base, held, db):
        due = held.follow_up_call_on
        _call(coordinator, base, outcome="reached", reached="Vader")
        call = db.session.scalars(select(FollowUpCall)).one()
        response = coordinator.post(f"{base}/follow-up/{call.id}/undo", follow_redirects=True)
        assert "The call has been undone" in response.text
        conference = db.session.get(Conference, held.id)
        assert conference.follow_up_done_at is None and conference.follow_up_call_on == due
        assert db.session.get(FollowUpCall, call.id).undone_at is not None
        assert f'id="follow-up-{held.id}"' in coordinator.get("/todo").text
        assert db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "follow_up_undo")).one()

    def test_an_earlier_call_cannot_be_undone(self, coordinator, base, held, db):
        _call(coordinator, base, outcome="no_answer")
        first = db.session.scalars(select(FollowUpCall)).one()
        _call(coordinator, base, outcome="reached")
        response = coordinator.post(f"{base}/follow-up/{first.id}/undo",
                                    follow_redirects=True)
        assert "Only the last call can be undone." in response.text
        assert db.session.get(Conference, held.id).follow_up_done_at is not None

    @pytest.mark.parametrize("data, message", [
        ({"outcome": ""}, "Choose how the call went."),
        ({"outcome": "maybe"}, "Choose how the call went."),
        ({"outcome": "reached", "called_on": "gisteren"}, "Enter a date like"),
        ({"outcome": "reached", "called_on": "2999-01-01"}, "not in the future"),
        ({"outcome": "no_answer", "next_call_on": "2000-01-01"}, "after the date of this"),
        ({"outcome": "reached", "notes": "x" * 5001}, "5000"),
        ({"outcome": "reached", "reached": "x" * 201}, "200"),
        ({"outcome": "reached", "reached": "Sanne\x00"}, ""),
    ])
    def test_bad_input_keeps_nothing(self, data, message, coordinator, base, held, db):
        response = _call(coordinator, base, **data)
        assert response.status_code == 422
        assert message in response.text
        assert db.session.scalars(select(FollowUpCall)).first() is None
        assert db.session.get(Conference, held.id).follow_up_done_at is None

    def test_hostile_notes_are_shown_escaped(self, coordinator, base, held):
        response = _call(coordinator, base, outcome="no_answer",
                         notes="<script>alert(1)</script>")
        assert "<script>alert(1)</script>" not in response.text
        assert "&lt;script&gt;" in response.text

    def test_the_same_call_sent_twice_is_kept_once(self, coordinator, base, held, db):
        data = {"outcome": "no_answer", "submission": "once-key-follow-up-call-0001"}
        _call(coordinator, base, **data)
        _call(coordinator, base, **data)
        assert len(db.session.scalars(select(FollowUpCall)).all()) == 1

    def test_a_referrer_reads_but_cannot_keep_a_call(self, login_as, base, held, db):
        referrer = login_as("referrer")
        assert referrer.get(f"{base}/follow-up").status_code == 200
        assert _call(referrer, base, outcome="reached").status_code == 403


class TestOneLinePerThing:
    def test_a_review_meeting_held_replaces_the_first_call_on_the_list(self, coordinator,
                                                                       world, held, db):
        review = ConferenceFactory(case=world.case, coordinator=world.coordinator,
                                   kind=ConferenceKind.REVIEW,
                                   starts_at=held.starts_at + timedelta(days=1))
        in_phase(review, *HELD)
        assert review.follow_up_call_on is not None
        page = coordinator.get("/todo").text
        assert page.count('id="follow-up-') == 1
        assert f'id="follow-up-{review.id}"' in page

    def test_the_lines_of_a_closed_case_leave_the_list(self, coordinator, world, held, db):
        assert f'id="follow-up-{held.id}"' in coordinator.get("/todo").text
        world.case.status = CaseStatus.CLOSED
        db.session.flush()
        page = coordinator.get("/todo").text
        assert 'id="follow-up-' not in page and f'id="conference-{held.id}"' not in page


class TestReviewMeetings:
    @pytest.fixture
    def first(self, conference, world, db) -> Conference:
        conference.practical_notes = "Lunch om 12.30"
        came = conference.invitations[0]
        came.status = InvitationStatus.ATTENDED
        came.participation = Participation.VIDEO
        InvitationFactory(conference=conference, status=InvitationStatus.ABSENT,
                          person=PersonFactory(case=world.case, name="Afwezige Oom"))
        InvitationFactory(conference=conference, status=InvitationStatus.DECLINED,
                          person=PersonFactory(case=world.case, name="Afzegger Tante"))
        for key in ChecklistKey:
            checklist.set_step(conference, key, True, world.coordinator)
        in_phase(conference, *HELD, Phase.CLOSED)
        return conference

    def test_a_review_copies_who_attended_not_the_notes_or_the_checklist(self, world, first,
                                                                         db):
        review = services.create_review(world.case, now() + timedelta(days=40),
                                        world.coordinator)
        assert review.practical_notes == ""
        assert review.checklist == []
        [invited] = review.invitations
        attended = first.invitations[0]
        assert invited.person_id == attended.person_id
        assert invited.status == InvitationStatus.TO_INVITE  # still to be invited: editable
        assert (invited.role, invited.participation) == (attended.role, Participation.VIDEO)
        assert review.venue_address == first.venue_address

    def test_a_review_has_its_own_short_checklist(self, world, first, db):
        review = services.create_review(world.case, now() + timedelta(days=40),
                                        world.coordinator)
        keys = [step.key for step in checklist.steps(review)]
        assert keys == list(checklist.REVIEW_KEYS)
        assert checklist.progress(review).total == 4
        assert not checklist.set_step(review, ChecklistKey.MAP_MADE, True, world.coordinator)
