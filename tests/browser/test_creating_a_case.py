"""Creating a case through the real form, in a real browser."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_coordinator_creates_a_case_and_finds_it_in_the_case_list(page, coordinator, log_in,
                                                                    artifacts):
    today = date.today()
    log_in(page, coordinator)
    page.locator("main a[href$='/cases/new']").click()

    page.locator("input[name=kind][value=youth]").check()
    page.locator("#clients-0-first_name").press_sequentially("Noëlle")
    page.locator("#clients-0-last_name").press_sequentially("van den Berg")
    page.fill("#clients-0-birth_date", f"{today.year - 9}-05-01")  # under 12: parents consent
    page.fill("#clients-0-consent_parents_on", (today - timedelta(days=7)).isoformat())
    page.locator("#clients-0-consent_parents_names").press_sequentially(
        "Marieke en Joost van den Berg")
    page.locator("#central_question").press_sequentially(
        "Wat is er nodig zodat Noëlle en Daan veilig thuis kan opgroeien?")
    page.fill("#bottom_lines", "Noëlle gaat elke dag naar school.\n"
                               "Er wordt thuis niet geslagen.")
    # Her brother: only his year of birth is known. Nothing typed so far is lost.
    page.locator("button[name=add_client]").click()
    expect(page.locator("#clients-0-first_name")).to_have_value("Noëlle")
    page.locator("#clients-1-first_name").press_sequentially("Daan")
    page.locator("#clients-1-last_name").press_sequentially("van den Berg")
    page.fill("#clients-1-birth_year", str(today.year - 5))
    page.fill("#clients-1-consent_parents_on", (today - timedelta(days=7)).isoformat())
    page.locator("#clients-1-consent_parents_names").press_sequentially(
        "Marieke en Joost van den Berg")
    page.locator("form.case-form .actions button[type=submit]").click()

    reference = f"EK-{datetime.now(UTC).year}-0001"
    expect(page).to_have_url(re.compile(rf"/cases/{reference}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Noëlle, Daan van den Berg")
    expect(page.locator("main")).to_contain_text(reference)
    clients = page.locator("#clients tbody th")
    expect(clients).to_have_text(["Noëlle van den Berg", "Daan van den Berg"])
    lines = page.locator("#bottom-lines ol li .pre-line")
    expect(lines).to_have_text(["Noëlle gaat elke dag naar school.",
                                "Er wordt thuis niet geslagen."])
    page.screenshot(path=artifacts / "case-page.png", full_page=True)

    page.get_by_role("navigation").locator("a[href$='/cases/']").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row.get_by_role("cell", name="Noëlle, Daan van den Berg")).to_be_visible()


def test_an_empty_new_case_form_links_each_problem_to_its_field(page, coordinator, log_in):
    log_in(page, coordinator)
    page.goto("/cases/new")
    page.locator("form.case-form .actions button[type=submit]").click()

    summary = page.locator(".error-summary[role=alert]")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).not_to_have_count(0)
    invalid = page.locator("main [aria-invalid=true]")
    expect(invalid).to_have_count(links.count())
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        expect(page.locator(f"main {target}[aria-invalid=true]")).to_have_count(1)

    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(links.first.get_attribute("href"))).to_be_focused()
