"""The accessibility audit's findings (issue 26), one test each, as a browser shows them:
focus, zoom, scroll regions, messages in sight and forms that keep what was typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import _open_page, committed
from tests.browser.test_family_page import family_link, open_page  # noqa: F401 (a fixture)
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser
ZOOM_400 = {"viewport": {"width": 320, "height": 200}}  # 1280 × 800 at 400 %
DESKTOP_100 = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def crowded_map(live_app, their_case) -> str:
    """The map of ``their_case`` with twelve people, so its tables are wide."""
    from sqlalchemy import select

    from eigenkracht.cases.models import Case
    from eigenkracht.extensions import db

    with committed(live_app):
        case = db.session.scalar(select(Case).where(Case.reference == their_case.reference))
        for number in range(12):
            PersonFactory(case=case, name=f"Familielid nummer {number} met een lange naam",
                          relation="achterneef van moederskant", ring=1 + number % 3)
    return f"/cases/{their_case.reference}/network"


def _signed_in(browser, live_server, request, coordinator, options) -> Page:
    page = _open_page(browser, live_server, request, options)
    page.goto("/login")
    page.fill("#email", coordinator.email)
    page.fill("#password", coordinator.password)
    page.press("#password", "Enter")
    page.wait_for_url("**/cases/")
    return page


def test_choosing_a_language_with_the_arrow_keys_does_not_reload_the_page(page, coordinator,
                                                                        log_in):
    """Point 3 (3.2.2 On input): the select switched language on a single arrow key."""
    log_in(page, coordinator)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.focus("#lang")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)  # a reload would have started by now
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert page.evaluate("document.activeElement.id") == "lang"
    page.select_option("#lang", "en")
    page.locator(".language-form button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_at_400_percent_the_people_table_scrolls_by_keyboard(browser, live_server, request,
                                                             coordinator, crowded_map):
    """Point 4 (2.1.1): the table's scroll container could not be reached by keyboard."""
    page = _signed_in(browser, live_server, request, coordinator, ZOOM_400)
    page.goto(crowded_map)
    region = page.locator(".map-tables .table-wrap").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("role") == "region"
    assert page.evaluate("el => document.getElementById("
                         "el.getAttribute('aria-labelledby')).textContent",
                         region.element_handle()).strip()
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())


def test_the_map_grows_with_zoom(browser, live_server, request, coordinator, crowded_map):
    """Point 6 (1.4.4): ``max-height: 90vh`` kept the names at 8.4 px at 400 %."""
    sizes = {}
    for zoom, options in ((1, DESKTOP_100), (4, ZOOM_400)):
        page = _signed_in(browser, live_server, request, coordinator, options)
        page.goto(crowded_map)
        height = page.evaluate("""() => {
            const texts = [...document.querySelectorAll('.map-picture svg g.person text')];
            return Math.max(...texts.map(t => t.getBoundingClientRect().height));
        }""")
        sizes[zoom] = height * zoom  # in device pixels
    assert sizes[4] >= 2 * sizes[1], sizes


def test_the_conference_and_plan_pages_do_not_scroll_sideways_at_320_px(
        browser, live_server, request, coordinator, their_case, live_app):
    """Point 5 (1.4.10): hidden words escaped the table box; the phase track overflowed."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from eigenkracht.cases.models import Case
    from eigenkracht.conference.models import InvitationRole, Phase
    from eigenkracht.extensions import db
    from tests.factories import ActionFactory, ConferenceFactory, InvitationFactory, PlanFactory

    with committed(live_app):
        case = db.session.scalar(select(Case).where(Case.reference == their_case.reference))
        conference = ConferenceFactory(case=case, starts_at=datetime.now(UTC) - timedelta(hours=1),
                                       phase=Phase.INFORMATION)
        for number in range(4):
            InvitationFactory(conference=conference, role=InvitationRole.FAMILY,
                              person=PersonFactory(case=case, name=f"Gast {number}"))
        plan = PlanFactory(case=case, conference=conference)
        ActionFactory(plan=plan, position=0,
                      what="Oma belt elke zondagavond met Noëlle over de week op school")
        pages = [f"/cases/{case.reference}/conferences/{conference.id}",
                 f"/cases/{case.reference}/conferences/{conference.id}/day",
                 f"/cases/{case.reference}/plan/v{plan.version}"]
    for width in (320, 390):
        page = _signed_in(browser, live_server, request, coordinator,
                          {"viewport": {"width": width, "height": 700}})
        for path in pages:
            page.goto(path)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, (path, width, wide)
        page.close()


def test_a_family_update_after_the_page_was_open_for_hours_keeps_the_note(
        phone, family_link):  # noqa: F811 (the fixture)
    """Point 7 (2.2.1): an expired form gave the staff's "400" in Dutch, the note lost."""
    open_page(phone, f"{family_link}?lang=tr")
    task = phone.locator("article.family-action").filter(has=phone.locator("form")).first
    task.locator("textarea").fill("Çarşamba günü Noëlle'i okuldan aldım.")
    # Hours later: the session that signed the form's token is gone.
    phone.context.clear_cookies()
    task.locator("button[type=submit]").click()
    expect(phone.locator("html")).to_have_attribute("lang", "tr")
    error = phone.locator(".family-action .field-error")
    expect(error).to_be_visible()
    assert "uzun süre" in error.inner_text()
    expect(phone.locator("textarea").first).to_have_value(
        "Çarşamba günü Noëlle'i okuldan aldım.")
    # Sent again from the page it came back on, it is saved.
    phone.locator(".family-action button[type=submit]").first.click()
    expect(phone.locator(".family-action .flash")).to_be_visible()


def test_the_thank_you_after_a_family_update_is_on_the_screen(
        phone, family_link):  # noqa: F811 (the fixture)
    """Point 8: the confirmation sat 473 px above the screen after the jump to the task."""
    open_page(phone, family_link)
    task = phone.locator("article.family-action").filter(has=phone.locator("form")).first
    task.locator("input[type=radio][value=done]").check()
    task.locator("button[type=submit]").click()
    message = phone.locator(".flash", has_text="Bedankt")
    expect(message).to_be_visible()
    box = message.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= phone.viewport_size["height"], box


def test_a_staff_message_after_a_jump_to_an_anchor_is_on_the_screen(page, coordinator, log_in,
                                                                   live_app):
    """Point 8 on staff pages: the page lands on the saved item, the message beside it."""
    from datetime import date, timedelta

    from sqlalchemy import select

    from eigenkracht.auth.models import User
    from eigenkracht.extensions import db
    from tests.factories import CaseAssignmentFactory, CaseFactory, ContactLogFactory

    with committed(live_app):
        user = db.session.scalar(select(User).where(User.email == coordinator.email))
        case = CaseFactory(organisation=user.organisation, kind="work",
                           reference="EK-2025-0077", client_first_name="Jolanda")
        CaseAssignmentFactory(case=case, user=user)
        for number in range(15):
            ContactLogFactory(case=case, contacted_on=date.today() - timedelta(days=number),
                              follow_up_on=date.today() + timedelta(days=3))
    log_in(page, coordinator)
    page.set_viewport_size({"width": 1024, "height": 500})
    page.goto(f"/cases/{case.reference}/contacts")
    page.locator("form:has(input[name=done][value='1']) button").last.click()
    message = page.locator(".flash").first
    expect(message).to_be_visible()
    box = message.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 500, box


def test_the_bottom_lines_disclosure_keeps_its_marker(page, coordinator, log_in, their_case,
                                                     live_app):
    """Point 9: ``display: flex`` on the summary took its triangle away."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from eigenkracht.cases.models import Case
    from eigenkracht.extensions import db
    from tests.factories import ConferenceFactory

    with committed(live_app):
        case = db.session.scalar(select(Case).where(Case.reference == their_case.reference))
        conference = ConferenceFactory(case=case, starts_at=datetime.now(UTC))
        path = f"/cases/{case.reference}/conferences/{conference.id}/day"
    log_in(page, coordinator)
    page.goto(path)
    summary = page.locator(".bottom-lines-box summary")
    assert summary.evaluate("el => getComputedStyle(el).display") == "list-item"
    assert summary.evaluate("el => el.getBoundingClientRect().height") >= 44


def test_two_minutes_before_the_idle_timeout_a_user_is_warned_and_can_stay(page, coordinator,
                                                                           log_in, live_app):
    """2.2.1 Timing adjustable: the idle timeout (30 minutes) signed people out unwarned."""
    page.clock.install()
    log_in(page, coordinator)
    page.goto("/cases/")
    warning = page.locator("[data-session-warning]")
    expect(warning).to_be_hidden()
    idle = live_app.config["SESSION_IDLE_MINUTES"] * 60
    page.clock.fast_forward((idle - 125) * 1000)
    expect(warning).to_be_hidden()
    page.clock.fast_forward(10 * 1000)
    expect(warning).to_be_visible()
    expect(warning.get_by_role("button")).to_be_focused()
    with page.expect_response("**/account/still-here") as answer:
        warning.get_by_role("button").click()
    assert answer.value.status == 204
    expect(warning).to_be_hidden()
    # The time starts again: no warning until two minutes before the new timeout.
    page.clock.fast_forward((idle - 130) * 1000)
    expect(warning).to_be_hidden()
