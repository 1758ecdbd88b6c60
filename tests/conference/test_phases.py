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
from eigenkracht.core import clock
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
    (Phase.DECISION, Phase.PRESENTATION),  # "not accepted": back to the presentation
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
        data={"target": target.value, "current": current.value, "confirm": "yes"})
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
    tap = {"target": "information", "current": "planned", "confirm": "yes"}
    client.post(url, data=tap)
    started = db.session.get(Conference, conference.id).information_started_at
    second = client.post(url, data=tap, follow_redirects=True)
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


# --- the confirmation sheet, the two-minute undo, the early start ----------------------------

def _tap(client, conference, target: str, current: str, **extra):
    return client.post(f"/cases/{conference.case.reference}/conferences/{conference.id}/phase",
                       data={"target": target, "current": current, **extra})


def test_a_tap_first_asks_on_a_sheet_and_changes_nothing(login_as, world, db):
    conference = ConferenceFactory(case=world.case, phase=Phase.INFORMATION)
    response = _tap(login_as("coordinator"), conference, "private_time", "information")
    assert response.status_code == 200
    assert "Start private family time?" in response.text
    assert 'name="confirm" value="yes"' in response.text
    assert db.session.get(Conference, conference.id).phase == Phase.INFORMATION


def test_an_illegal_tap_gets_no_sheet(login_as, world, db):
    conference = ConferenceFactory(case=world.case, phase=Phase.INFORMATION)
    response = _tap(login_as("coordinator"), conference, "decision", "information")
    assert response.status_code == 302
    assert db.session.get(Conference, conference.id).phase == Phase.INFORMATION


def test_starting_long_before_the_time_warns_on_the_sheet(login_as, world, db):
    # a 10:00 conference started at 02:47
    conference = ConferenceFactory(case=world.case,
                                   starts_at=clock.now() + timedelta(hours=7, minutes=13))
    response = _tap(login_as("coordinator"), conference, "information", "planned")
    assert "It is now" in response.text and "long before its time" in response.text
    assert db.session.get(Conference, conference.id).phase == Phase.PLANNED


def test_starting_just_before_the_time_gives_no_warning(login_as, world, db):
    conference = ConferenceFactory(case=world.case,
                                   starts_at=clock.now() + timedelta(minutes=10))
    response = _tap(login_as("coordinator"), conference, "information", "planned")
    assert "long before its time" not in response.text


def _undo(client, conference, move_id):
    return client.post(
        f"/cases/{conference.case.reference}/conferences/{conference.id}/phase/undo",
        data={"move": str(move_id)}, follow_redirects=True)


def _soon(seconds: int):
    """A moment ``seconds`` from now on the app's clock (the session stays valid)."""
    return clock.frozen(clock.now() + timedelta(seconds=seconds))


def test_a_mistaken_tap_is_undone_within_two_minutes(login_as, world, db):
    conference = ConferenceFactory(case=world.case, phase=Phase.PLANNED)
    started = clock.now() - timedelta(minutes=30)
    phases.move(conference, Phase.INFORMATION, at=started)
    client = login_as("coordinator")
    with _soon(0):
        _tap(client, conference, "private_time", "information", confirm="yes")
        page = client.get(f"/cases/{world.case.reference}/conferences/{conference.id}/day").text
        assert "You can undo it for two minutes" in page
    move = phases.last_move(db.session.get(Conference, conference.id))
    with clock.frozen(move.at + timedelta(seconds=119)):
        response = _undo(client, conference, move.id)
    assert "Undone" in response.text
    conference = db.session.get(Conference, conference.id)
    assert conference.phase == Phase.INFORMATION
    assert conference.private_time_started_at is None
    assert conference.information_started_at == started
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "phase_undo")).one()
    assert event.details["phase"] == ["private_time", "information"]


def test_after_two_minutes_a_tap_can_no_longer_be_undone(login_as, world, db):
    conference = ConferenceFactory(case=world.case, phase=Phase.INFORMATION)
    client = login_as("coordinator")
    _tap(client, conference, "private_time", "information", confirm="yes")
    move = phases.last_move(db.session.get(Conference, conference.id))
    with clock.frozen(move.at + timedelta(seconds=121)):
        page = client.get(f"/cases/{world.case.reference}/conferences/{conference.id}/day")
        assert "You can undo it" not in page.text
        response = _undo(client, conference, move.id)
    assert "can no longer be undone" in response.text
    assert db.session.get(Conference, conference.id).phase == Phase.PRIVATE_TIME


def test_only_the_last_tap_can_be_undone(login_as, world, db):
    conference = ConferenceFactory(case=world.case, phase=Phase.PLANNED)
    conference.starts_at = clock.now()
    client = login_as("coordinator")
    with _soon(0):
        _tap(client, conference, "information", "planned", confirm="yes")
        first = phases.last_move(db.session.get(Conference, conference.id))
        _tap(client, conference, "private_time", "information", confirm="yes")
        response = _undo(client, conference, first.id)
    assert "Only the last tap can be undone" in response.text
    assert db.session.get(Conference, conference.id).phase == Phase.PRIVATE_TIME


@pytest.mark.parametrize("move_id", ["", "abc", "-1", "9" * 30])
def test_a_malformed_undo_changes_nothing(move_id, login_as, world, db):
    conference = ConferenceFactory(case=world.case, phase=Phase.INFORMATION)
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/phase/undo",
        data={"move": move_id})
    assert response.status_code in (302, 400)
    assert db.session.get(Conference, conference.id).phase == Phase.INFORMATION


def test_a_referrer_cannot_undo(login_as, world, db):
    conference = ConferenceFactory(case=world.case, phase=Phase.INFORMATION)
    step = phases.move(conference, Phase.PRIVATE_TIME, tapped=True)
    response = login_as("referrer").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/phase/undo",
        data={"move": str(step.id)})
    assert response.status_code == 403
    assert db.session.get(Conference, conference.id).phase == Phase.PRIVATE_TIME


def test_a_move_made_by_the_plan_cannot_be_undone_on_the_day_page(db, world):
    conference = ConferenceFactory(case=world.case, phase=Phase.DECISION)
    step = phases.move(conference, Phase.CLOSED)  # not a tap: the plan was accepted
    assert phases.undoable_move(conference) is None
    with pytest.raises(RuleError) as raised:
        phases.undo(conference, step.id, world.coordinator)
    assert raised.value.code == "undo_not_last"


def test_undoing_the_decision_tap_takes_back_the_follow_up_call(db, world):
    conference = ConferenceFactory(case=world.case, phase=Phase.PRESENTATION)
    step = phases.move(conference, Phase.DECISION, tapped=True)
    assert conference.follow_up_call_on is not None
    phases.undo(conference, step.id, world.coordinator)
    assert conference.phase == Phase.PRESENTATION and conference.follow_up_call_on is None
    assert conference.decision_started_at is None


def test_private_time_can_be_held_again_and_again_each_time_stamped(db):
    conference = ConferenceFactory(phase=Phase.INFORMATION)
    moments = [(Phase.PRIVATE_TIME, utc(2027, 3, 11, 10, 0)),
               (Phase.PRESENTATION, utc(2027, 3, 11, 11, 0)),
               (Phase.DECISION, utc(2027, 3, 11, 11, 20)),
               (Phase.PRESENTATION, utc(2027, 3, 11, 11, 30)),  # not accepted
               (Phase.PRIVATE_TIME, utc(2027, 3, 11, 11, 35)),
               (Phase.PRESENTATION, utc(2027, 3, 11, 12, 5)),
               (Phase.PRIVATE_TIME, utc(2027, 3, 11, 12, 15))]
    for phase, at in moments:
        phases.move(conference, phase, at=at)
    assert phases.private_times(conference) == [
        (utc(2027, 3, 11, 10, 0), utc(2027, 3, 11, 11, 0)),
        (utc(2027, 3, 11, 11, 35), utc(2027, 3, 11, 12, 5)),
        (utc(2027, 3, 11, 12, 15), None)]
