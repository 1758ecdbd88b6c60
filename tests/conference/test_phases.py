"""The state machine of the conference day: every legal and every illegal move."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference import phases
from eigenkracht.conference.models import Conference, Phase
from eigenkracht.conference.phases import IllegalMove
from eigenkracht.core.rules import RuleError
from tests.conference.conftest import utc
from tests.factories import ConferenceFactory

LEGAL = {
    (Phase.PLANNED, Phase.INFORMATION),
    (Phase.PLANNED, Phase.CANCELLED),
    (Phase.INFORMATION, Phase.PRIVATE_TIME),
    (Phase.PRIVATE_TIME, Phase.PRESENTATION),
    (Phase.PRESENTATION, Phase.DECISION),
    (Phase.PRESENTATION, Phase.PRIVATE_TIME),
    (Phase.DECISION, Phase.CLOSED),
}
ALL_PAIRS = list(product(Phase, Phase))
ILLEGAL = [pair for pair in ALL_PAIRS if pair not in LEGAL]


def _label(pair) -> str:
    return f"{pair[0].value}->{pair[1].value}"


def test_the_table_of_the_state_machine_is_exactly_the_agreed_one():
    table = {(a, b) for a, targets in phases.TRANSITIONS.items() for b in targets}
    assert table == LEGAL
    assert set(phases.TRANSITIONS) == set(Phase)


@pytest.mark.parametrize("pair", sorted(LEGAL), ids=_label)
def test_a_legal_move_is_made_and_time_stamped(pair, db):
    current, target = pair
    conference = ConferenceFactory(phase=current)
    at = utc(2027, 3, 11, 14, 5)
    phases.move(conference, target, at=at)
    assert conference.phase == target
    assert getattr(conference, phases.STARTED_AT[target]) == at


@pytest.mark.parametrize("pair", ILLEGAL, ids=_label)
def test_an_illegal_move_is_refused_and_changes_nothing(pair, db):
    current, target = pair
    conference = ConferenceFactory(phase=current)
    with pytest.raises(IllegalMove):
        phases.move(conference, target)
    db.session.refresh(conference)
    assert conference.phase == current
    assert all(getattr(conference, column) is None for column in phases.STARTED_AT.values())


@pytest.mark.parametrize("pair", ILLEGAL, ids=_label)
def test_an_illegal_tap_on_the_day_page_changes_nothing(pair, login_as, world, db):
    current, target = pair
    conference = ConferenceFactory(case=world.case, phase=current)
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/phase",
        data={"target": target.value, "current": current.value})
    assert response.status_code == 302
    assert db.session.get(Conference, conference.id).phase == current


@pytest.mark.parametrize("pair", sorted(
    (a, b) for a, b in LEGAL if b in phases.DAY_PHASES), ids=_label)
def test_a_legal_tap_on_the_day_page_starts_the_phase(pair, login_as, world, db):
    current, target = pair
    conference = ConferenceFactory(case=world.case, phase=current)
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/phase",
        data={"target": target.value, "current": current.value})
    assert response.status_code == 302
    conference = db.session.get(Conference, conference.id)
    assert conference.phase == target
    assert getattr(conference, phases.STARTED_AT[target]) is not None


def test_the_day_page_cannot_close_a_conference_the_plan_does_that(login_as, world, db):
    conference = ConferenceFactory(case=world.case, phase=Phase.DECISION)
    login_as("coordinator").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/phase",
        data={"target": "closed", "current": "decision"})
    assert db.session.get(Conference, conference.id).phase == Phase.DECISION


def test_the_plan_feature_closes_the_conference_after_the_decision(db):
    conference = ConferenceFactory(phase=Phase.DECISION)
    phases.close(conference)
    assert conference.phase == Phase.CLOSED and conference.closed_at is not None


def test_a_double_tap_starts_the_phase_once(login_as, world, db):
    conference = ConferenceFactory(case=world.case)
    client = login_as("coordinator")
    url = f"/cases/{world.case.reference}/conferences/{conference.id}/phase"
    client.post(url, data={"target": "information", "current": "planned"})
    started = db.session.get(Conference, conference.id).information_started_at
    second = client.post(url, data={"target": "information", "current": "planned"},
                         follow_redirects=True)
    assert "has already started" in second.text
    assert db.session.get(Conference, conference.id).information_started_at == started


def test_a_tap_on_a_page_that_is_out_of_date_changes_nothing(login_as, world, db):
    conference = ConferenceFactory(case=world.case, phase=Phase.PRIVATE_TIME)
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/phase",
        data={"target": "private_time", "current": "information"}, follow_redirects=True)
    assert "has already started" in response.text
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/phase",
        data={"target": "decision", "current": "presentation"}, follow_redirects=True)
    assert "moved on in the meantime" in response.text
    assert db.session.get(Conference, conference.id).phase == Phase.PRIVATE_TIME


def test_a_nonsense_phase_is_refused(login_as, world, db):
    conference = ConferenceFactory(case=world.case)
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/phase",
        data={"target": "<script>", "current": "planned"}, follow_redirects=True)
    assert response.status_code == 200
    assert db.session.get(Conference, conference.id).phase == Phase.PLANNED


def test_a_referrer_cannot_start_a_phase(login_as, world, db):
    conference = ConferenceFactory(case=world.case)
    response = login_as("referrer").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/phase",
        data={"target": "information", "current": "planned"})
    assert response.status_code == 403
    assert db.session.get(Conference, conference.id).phase == Phase.PLANNED


def test_the_family_may_go_back_to_private_time_and_present_again(db):
    conference = ConferenceFactory(phase=Phase.PRESENTATION)
    phases.move(conference, Phase.PRIVATE_TIME, at=utc(2027, 3, 11, 15, 0))
    phases.move(conference, Phase.PRESENTATION, at=utc(2027, 3, 11, 15, 40))
    assert conference.phase == Phase.PRESENTATION
    assert conference.private_time_started_at == utc(2027, 3, 11, 15, 0)
    assert conference.presentation_started_at == utc(2027, 3, 11, 15, 40)


def test_every_phase_change_is_in_the_audit_log(db):
    conference = ConferenceFactory(phase=Phase.PLANNED)
    phases.move(conference, Phase.INFORMATION)
    phases.move(conference, Phase.PRIVATE_TIME)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "phase")
                                .order_by(AuditEvent.id)).all()
    assert [e.details["phase"] for e in events] == [["planned", "information"],
                                                    ["information", "private_time"]]
    assert all(e.case_id == conference.case_id for e in events)


def test_the_follow_up_call_is_four_weeks_after_the_day_of_the_decision(db):
    # 23:30 UTC on 10 March is already 11 March in Amsterdam: the local day counts.
    conference = ConferenceFactory(phase=Phase.PRESENTATION, starts_at=utc(2027, 3, 10, 23, 30))
    phases.move(conference, Phase.DECISION)
    assert conference.follow_up_call_on == date(2027, 3, 11) + timedelta(days=28)


def test_cancelling_after_the_start_is_refused_with_a_message(db):
    conference = ConferenceFactory(phase=Phase.INFORMATION)
    with pytest.raises(RuleError) as raised:
        phases.cancel(conference)
    assert raised.value.code == "not_cancellable"
