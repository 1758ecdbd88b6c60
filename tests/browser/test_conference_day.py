"""The conference day on a tablet at the table: one tap per phase and per person, big
touch targets, no sideways scrolling, and nothing to write during private family time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.conference.models import InvitationRole
from eigenkracht.extensions import db as _db
from tests.browser.conftest import _open_page, committed
from tests.factories import ConferenceFactory, InvitationFactory, PersonFactory

pytestmark = pytest.mark.browser

TABLET_UPRIGHT = {"viewport": {"width": 768, "height": 1024}, "device_scale_factor": 2,
                  "is_mobile": True, "has_touch": True}
TABLET_LYING = {"viewport": {"width": 1024, "height": 768}, "device_scale_factor": 2,
                "is_mobile": True, "has_touch": True}

GUESTS = [("Chloë Jansen", InvitationRole.FAMILY), ("Marijke Jansen-Smit", InvitationRole.FAMILY),
          ("Anouk Jansen", InvitationRole.FAMILY), ("Sven de Boer", InvitationRole.FAMILY),
          ("Eline Verbeek", InvitationRole.NETWORK), ("Fatma Öztürk", InvitationRole.NETWORK),
          ("Ilse Mulder", InvitationRole.INFORMATION_GIVER),
          ("Bram Hofman", InvitationRole.INFORMATION_GIVER)]


@pytest.fixture(params=[TABLET_UPRIGHT, TABLET_LYING], ids=["768x1024", "1024x768"])
def tablet(browser, live_server, request) -> Page:
    """A watched page on a tablet, held upright and lying down."""
    return _open_page(browser, live_server, request, request.param)


@pytest.fixture
def day_url(live_app, coordinator, their_case) -> str:
    """A conference of today with eight guests; the address of its day page."""
    with committed(live_app):
        user = _db.session.scalar(select(User).where(User.email == coordinator.email))
        case = _db.session.scalar(select(Case).where(Case.reference == their_case.reference))
        conference = ConferenceFactory(case=case, coordinator=user,
                                       starts_at=datetime.now(UTC) - timedelta(minutes=5))
        for name, role in GUESTS:
            InvitationFactory(conference=conference, role=role,
                              person=PersonFactory(case=case, name=name))
        url = f"/cases/{case.reference}/conferences/{conference.id}/day"
    return url


def _tap(page: Page, selector: str) -> None:
    page.locator(selector).first.tap()
    page.wait_for_load_state("load")


def _phase(target: str) -> str:
    return f".phase-buttons form:has(input[name=target][value={target}]) button"


def _start(page: Page, target: str) -> None:
    """Tap a phase, then confirm it on the sheet."""
    _tap(page, _phase(target))
    expect(page.locator(".sheet")).to_be_visible()
    _tap(page, ".sheet .confirm-phase")


def _no_sideways_scrolling(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


def _small_targets(page: Page) -> list[str]:
    """Buttons of the day (phases, register, note) smaller than 44×44 CSS pixels."""
    page.wait_for_load_state("load")  # the page a tap led to, with its style sheet
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.phase-buttons button, .attendee-buttons button, .attendee-buttons select,'
        + ' .everyone-form button, .undo-panel button, .sheet button, .sheet a,'
        + ' .note-form button, .note-form select, .note-form textarea'))
        .filter(el => el.offsetParent !== null)  /* shown: a hidden button is no target */
        .map(el => [el.textContent.trim(), el.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44)
        .map(([text, r]) => `${text}: ${Math.round(r.width)}×${Math.round(r.height)}`)""")


def test_a_coordinator_chairs_the_day_from_a_tablet(tablet, coordinator, log_in, day_url,
                                                    artifacts, request):
    log_in(tablet, coordinator)
    tablet.goto(day_url)
    _no_sideways_scrolling(tablet)
    assert _small_targets(tablet) == []

    _tap(tablet, "#register form:has(input[value=present]) button")
    expect(tablet.locator("#register .attendee").first).to_have_class(
        "attendee status-attended")

    _start(tablet, "information")
    expect(tablet.locator(".phase-step.current")).to_have_count(1)
    tablet.select_option("#invitation_id", label="Ilse Mulder")
    tablet.fill("#text", "Noëlle komt twee keer per week te laat.")
    _tap(tablet, ".note-form button")
    expect(tablet.locator(".note-list")).to_contain_text("twee keer per week")
    _no_sideways_scrolling(tablet)
    assert _small_targets(tablet) == []
    tablet.screenshot(path=str(artifacts / f"conference-day-{request.node.callspec.id}.png"),
                      full_page=True)

    _tap(tablet, _phase("private_time"))
    expect(tablet.locator(".sheet .confirm-phase")).to_be_visible()
    _no_sideways_scrolling(tablet)
    assert _small_targets(tablet) == []
    _tap(tablet, ".sheet .confirm-phase")
    expect(tablet.locator(".panel-private")).to_be_visible()
    expect(tablet.locator(".undo-panel")).to_be_visible()  # a mistaken tap can be undone
    expect(tablet.locator("textarea")).to_have_count(0)
    expect(tablet.locator("#register")).to_have_count(0)
    _no_sideways_scrolling(tablet)
    assert _small_targets(tablet) == []

    _start(tablet, "presentation")
    expect(tablet.locator(_phase("decision"))).to_be_visible()
    expect(tablet.locator(_phase("private_time"))).to_be_visible()
