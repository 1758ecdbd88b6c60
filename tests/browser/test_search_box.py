"""The header's search box in a real browser (in Dutch, the browser's language): type, arrow
down, Enter opens the case of the person found; the list passes axe; without JavaScript the
box opens the results page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eigenkracht.auth.models import User
from eigenkracht.extensions import db as _db
from tests.browser.accessibility import axe_violations
from tests.browser.conftest import committed
from tests.factories import CaseAssignmentFactory, CaseFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def aunt_on_a_map(live_app, coordinator, their_case):
    """Ayşe Kaya, the aunt on the map of a second case of the coordinator (the first one,
    their_case, is Noëlle Jansen's)."""
    with committed(live_app):
        user = _db.session.scalar(select(User).where(User.email == coordinator.email))
        case = CaseFactory(organisation=user.organisation, reference="EK-2025-0077",
                           client_first_name="Daan", client_last_name="Smit")
        CaseAssignmentFactory(case=case, user=user)
        PersonFactory(case=case, name="Ayşe Kaya", relation="tante")
    return "EK-2025-0077"


def test_type_arrow_down_and_enter_open_the_case_of_the_person(page, coordinator, log_in,
                                                                aunt_on_a_map):
    log_in(page, coordinator)
    box = page.get_by_role("combobox", name="Zoek zaken en mensen")
    box.press_sequentially("Aysa Kaja", delay=30)  # a typing slip in both words
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    option = page.get_by_role("option", name=re.compile("Ayşe Kaya"))
    expect(option).to_contain_text(aunt_on_a_map)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-search-status]")).to_have_text("1 resultaat")
    assert axe_violations(page) == []
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/cases/{aunt_on_a_map}$"))


def test_escape_closes_the_list_and_enter_then_opens_the_results_page(page, coordinator,
                                                                      log_in, aunt_on_a_map):
    log_in(page, coordinator)
    box = page.get_by_role("combobox", name="Zoek zaken en mensen")
    box.press_sequentially("kaya", delay=30)
    expect(page.get_by_role("listbox")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=kaya$"))
    expect(page.get_by_role("heading", name="Mensen op netwerkkaarten")).to_be_visible()
    expect(page.get_by_role("link", name="Ayşe Kaya")).to_have_attribute(
        "href", f"/cases/{aunt_on_a_map}")


def test_without_javascript_the_box_opens_the_results_page(browser, live_server, request,
                                                           coordinator, aunt_on_a_map):
    from tests.browser.conftest import _open_page

    page = _open_page(browser, live_server, request, {"java_script_enabled": False})
    page.goto("/login")
    page.fill("#email", coordinator.email)
    page.fill("#password", coordinator.password)
    page.press("#password", "Enter")
    page.wait_for_url("**/cases/")
    page.fill("#site-search", "Kaya Ayse")
    page.press("#site-search", "Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=Kaya\+Ayse$"))
    page.get_by_role("link", name="Ayşe Kaya").click()
    expect(page).to_have_url(re.compile(rf"/cases/{aunt_on_a_map}$"))
