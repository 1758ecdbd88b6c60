"""The day and the decision as they really go, on a tablet lying down (1024×768, touch):
"not accepted" and back to private time, a mistaken tap undone, a full room marked present
in a few taps, a latecomer's arrival, and the register frozen once the conference closes.

Time is the app's clock (``core.clock.frozen``), never a sleep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from eigenkracht.auth.models import Role, User
from eigenkracht.cases.models import AssignmentRole, Case
from eigenkracht.conference import phases
from eigenkracht.conference.models import Conference, InvitationRole, InvitationStatus, Phase
from eigenkracht.core import clock
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db as _db
from eigenkracht.plans.models import Plan, PlanDecision, PlanStatus
from tests.browser.conftest import _open_page, committed
from tests.factories import (
    ActionFactory,
    CaseAssignmentFactory,
    ConferenceFactory,
    InvitationFactory,
    PersonFactory,
    PlanBottomLineFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

TABLET = {"viewport": {"width": 1024, "height": 768}, "device_scale_factor": 2,
          "is_mobile": True, "has_touch": True}


@pytest.fixture
def tablet(browser, live_server, request) -> Page:
    return _open_page(browser, live_server, request, TABLET)


def _tap(page: Page, selector: str) -> None:
    page.locator(selector).first.tap()
    page.wait_for_load_state("load")


def _phase(target: str) -> str:
    return f".phase-buttons form:has(input[name=target][value={target}]) button"


@pytest.fixture
def day(live_app, coordinator, their_case) -> dict:
    """A conference at the plan presentation, its plan presented, a referrer on the case;
    the coordinator reads English."""
    with committed(live_app):
        user = _db.session.scalar(select(User).where(User.email == coordinator.email))
        user.locale = "en"
        case = _db.session.scalar(select(Case).where(Case.reference == their_case.reference))
        referrer = UserFactory(organisation=case.organisation, role=Role.REFERRER,
                               name="Hélène Verwijzer", email="referrer@rijnmond.example")
        CaseAssignmentFactory(case=case, user=referrer, role=AssignmentRole.REFERRER)
        conference = ConferenceFactory(case=case, coordinator=user,
                                       starts_at=utcnow() - timedelta(hours=2),
                                       phase=Phase.PRESENTATION)
        grandmother = PersonFactory(case=case, name="Oma Marijke", relation="oma", ring=1)
        plan = PlanFactory(case=case, conference=conference, status=PlanStatus.PRESENTED,
                           monitor=grandmother, presented_at=utcnow(),
                           evaluation_date=conference.starts_at.date() + timedelta(weeks=6))
        line = case.bottom_lines[0]
        PlanBottomLineFactory(plan=plan, bottom_line=line, text=line.text, position=0,
                              how_met="Oma brengt Noëlle naar school.")
        ActionFactory(plan=plan, people=[grandmother], position=0,
                      what="Oma brengt Noëlle elke ochtend.", when_text="elke ochtend")
        info = {"day": f"/cases/{case.reference}/conferences/{conference.id}/day",
                "plan": f"/cases/{case.reference}/plan/v1", "conference": conference.id}
    return info


def _decide(page: Page, plan_url: str, *, met: str, decision: str, reason: str = "") -> None:
    page.goto(plan_url)
    _tap(page, "a[href$='/decision']")
    judgement = page.locator("fieldset.bottom-line-judgement").first
    judgement.get_by_label(met, exact=True).check()
    page.locator("section.decision").get_by_label(decision, exact=True).check()
    if reason:
        page.fill("#reason", reason)
    _tap(page, ".decision-form button[type=submit]")
    expect(page.locator(".flash-success")).to_contain_text("The decision has been recorded")


def test_not_accepted_back_to_private_time_presented_again_and_accepted(
        tablet, coordinator, log_in, day, live_app, artifacts):
    log_in(tablet, coordinator)
    tablet.goto(day["day"])
    _tap(tablet, _phase("decision"))
    _tap(tablet, ".sheet .confirm-phase")
    expect(tablet.locator(".phase-step.current")).to_contain_text("Decision")

    _decide(tablet, day["plan"], met="Not met", decision="Not accepted",
            reason="Wie brengt Noëlle als oma ziek is?")

    # No dead end: the day is back at the presentation, with the way back to private time.
    tablet.goto(day["day"])
    expect(tablet.locator(".phase-step.current")).to_contain_text("Plan presentation")
    back = tablet.locator(_phase("private_time"))
    expect(back).to_contain_text("Back to private family time")
    _tap(tablet, _phase("private_time"))
    expect(tablet.locator(".sheet h1")).to_contain_text("Back to private family time")
    _tap(tablet, ".sheet .confirm-phase")
    expect(tablet.locator(".panel-private")).to_be_visible()
    tablet.screenshot(path=str(artifacts / "day-back-to-private-time.png"), full_page=True)

    # The family has revised it and is ready: the plan is presented again.
    _tap(tablet, _phase("presentation"))
    _tap(tablet, ".sheet .confirm-phase")
    expect(tablet.locator(".phase-step.current")).to_contain_text("Plan presentation")
    tablet.goto(day["plan"])
    expect(tablet.locator("#decision-history")).to_contain_text(
        "Wie brengt Noëlle als oma ziek is?")
    _tap(tablet, f"a[href='{day['plan']}/present']")
    confirm_missing = tablet.locator("form[action$='/present'] input[type=checkbox]")
    if confirm_missing.count():
        confirm_missing.check()
    _tap(tablet, "form[action$='/present'] button[type=submit]")
    expect(tablet.locator(".plan-state .status")).to_have_text(
        "Presented, waiting for the decision")

    _decide(tablet, day["plan"], met="Met", decision="Accepted")
    history = tablet.locator("#decision-history .history-list > li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text("Not accepted")
    expect(history.nth(0)).to_contain_text("Wie brengt Noëlle als oma ziek is?")
    expect(history.nth(1)).to_contain_text("Accepted")
    expect(history.nth(1)).to_contain_text("Hélène Verwijzer")

    tablet.goto(day["day"])
    expect(tablet.locator("#h-phase-now")).to_have_text("The conference is closed")
    expect(tablet.locator(".private-times .private-time")).to_have_count(1)
    with live_app.app_context():
        conference = _db.session.get(Conference, day["conference"])
        assert conference.phase == Phase.CLOSED
        assert len(phases.private_times(conference)) == 1
        decisions = _db.session.scalars(select(PlanDecision)).all()
        assert [d.decision.value for d in decisions] == ["not_accepted", "accepted"]
        assert _db.session.scalar(select(Plan)).status == PlanStatus.ACCEPTED


def test_a_mistaken_phase_tap_is_undone_within_two_minutes(tablet, coordinator, log_in, day,
                                                           live_app):
    with committed(live_app):
        conference = _db.session.get(Conference, day["conference"])
        conference.phase = Phase.INFORMATION
    log_in(tablet, coordinator)
    tablet.goto(day["day"])
    _tap(tablet, _phase("private_time"))
    _tap(tablet, ".sheet .confirm-phase")
    expect(tablet.locator(".panel-private")).to_be_visible()
    with live_app.app_context():
        tapped_at = phases.last_move(_db.session.get(Conference, day["conference"])).at

    with clock.frozen(tapped_at + timedelta(seconds=110)):  # a minute and fifty seconds on
        tablet.reload()
        expect(tablet.locator(".undo-panel")).to_contain_text("undo it for two minutes")
        _tap(tablet, ".undo-button")
    expect(tablet.locator(".flash-success")).to_contain_text("Undone")
    expect(tablet.locator(".phase-step.current")).to_contain_text("Information")
    expect(tablet.locator("#h-phase-now")).to_have_text("Information")  # notes again
    expect(tablet.locator("#notes")).to_be_visible()
    with live_app.app_context():
        conference = _db.session.get(Conference, day["conference"])
        assert conference.phase == Phase.INFORMATION
        assert conference.private_time_started_at is None


def test_after_two_minutes_the_undo_is_gone(tablet, coordinator, log_in, day, live_app):
    with committed(live_app):
        _db.session.get(Conference, day["conference"]).phase = Phase.INFORMATION
    log_in(tablet, coordinator)
    tablet.goto(day["day"])
    _tap(tablet, _phase("private_time"))
    _tap(tablet, ".sheet .confirm-phase")
    expect(tablet.locator(".undo-panel")).to_be_visible()
    with live_app.app_context():
        tapped_at = phases.last_move(_db.session.get(Conference, day["conference"])).at
    with clock.frozen(tapped_at + timedelta(seconds=121)):
        tablet.reload()
        expect(tablet.locator(".panel-private")).to_be_visible()
        expect(tablet.locator(".undo-panel")).to_have_count(0)


@pytest.fixture
def full_room(live_app, coordinator, their_case) -> dict:
    """A conference that starts now with 19 people invited (one comes late)."""
    with committed(live_app):
        user = _db.session.scalar(select(User).where(User.email == coordinator.email))
        user.locale = "en"
        case = _db.session.scalar(select(Case).where(Case.reference == their_case.reference))
        conference = ConferenceFactory(case=case, coordinator=user,
                                       starts_at=utcnow().replace(microsecond=0))
        names = [f"Gast {n:02}" for n in range(18)] + ["Sven de Boer"]
        ids = {}
        for name in names:
            invitation = InvitationFactory(
                conference=conference, status=InvitationStatus.CONFIRMED,
                role=InvitationRole.FAMILY, person=PersonFactory(case=case, name=name))
            _db.session.flush()
            ids[name] = invitation.id
        info = {"day": f"/cases/{case.reference}/conferences/{conference.id}/day",
                "conference": conference.id, "starts_at": conference.starts_at,
                "sven": ids["Sven de Boer"]}
    return info


def test_a_full_room_is_marked_in_a_few_taps_and_frozen_after_closing(
        tablet, coordinator, log_in, full_room, live_app, artifacts):
    log_in(tablet, coordinator)
    tablet.goto(full_room["day"])
    tablet.evaluate("window.notReloaded = true")
    sven = tablet.locator(f"#attendee-{full_room['sven']}")

    tablet.locator(".everyone-here").tap()  # tap 1: everyone invited is here
    expect(tablet.locator("#register-count")).to_contain_text("19 present")
    sven.locator("form:has(input[value=absent]) button").tap()  # tap 2: Sven is not
    expect(tablet.locator("#register-count")).to_contain_text(
        "18 present · 1 absent or not coming")
    expect(tablet.locator(".attendee.status-attended")).to_have_count(18)
    assert tablet.evaluate("window.notReloaded") is True  # marked in place

    late = full_room["starts_at"] + timedelta(minutes=25)
    with clock.frozen(late):
        sven = tablet.locator(f"#attendee-{full_room['sven']}")
        sven.locator("form:has(input[value=present]) button").tap()
        expect(sven).to_contain_text(f"arrived at {clock.to_local(late):%H:%M}")
    expect(tablet.locator(".attendee.status-attended")).to_have_count(19)
    assert tablet.evaluate("window.notReloaded") is True
    sven.locator("select").select_option("phone")
    expect(tablet.locator(f"#attendee-{full_room['sven']} select")).to_have_value("phone")
    tablet.screenshot(path=str(artifacts / "day-full-room.png"), full_page=True)

    with committed(live_app):
        conference = _db.session.get(Conference, full_room["conference"])
        for phase in (Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION,
                      Phase.DECISION, Phase.CLOSED):
            phases.move(conference, phase)
    tablet.reload()
    expect(tablet.locator(".register-frozen")).to_be_visible()
    expect(tablet.locator("#register button")).to_have_count(0)
    expect(tablet.locator(f"#attendee-{full_room['sven']}")).to_contain_text(
        f"arrived at {clock.to_local(late):%H:%M}")
    expect(tablet.locator(f"#attendee-{full_room['sven']}")).to_contain_text("By phone")


def test_without_javascript_the_register_is_plain_forms(browser, live_server, request,
                                                        coordinator, log_in, full_room):
    page = _open_page(browser, live_server, request, {**TABLET, "java_script_enabled": False})
    log_in(page, coordinator)
    page.goto(full_room["day"])
    sven = page.locator(f"#attendee-{full_room['sven']}")
    sven.locator("form:has(input[value=present]) button").tap()
    page.wait_for_load_state("load")
    expect(page.locator(".flash-success")).to_contain_text("Sven de Boer: Present")
    expect(page.locator(f"#attendee-{full_room['sven']}")).to_have_class(
        "attendee status-attended")
    page.locator(f"#attendee-{full_room['sven']} select").select_option("video")
    page.locator(f"#attendee-{full_room['sven']} .participation-form button").tap()
    page.wait_for_load_state("load")
    expect(page.locator(f"#attendee-{full_room['sven']} select")).to_have_value("video")
