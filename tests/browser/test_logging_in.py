"""Logging in through the real form, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_coordinator_logs_in_with_the_keyboard_and_sees_their_cases(page, coordinator,
                                                                       their_case):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.locator("#email").press_sequentially(coordinator.email)
    page.locator("#password").press_sequentially(coordinator.password)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=their_case.reference))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell", name=their_case.client_name)).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text(coordinator.name)


def test_a_wrong_password_shows_the_problem_and_keeps_the_user_on_the_login_page(page,
                                                                                 coordinator):
    page.goto("/login")
    page.locator("#email").press_sequentially(coordinator.email)
    page.locator("#password").press_sequentially("not the password")
    page.keyboard.press("Enter")

    alert = page.locator(".error-summary[role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_be_focused()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("#email")).to_have_value(coordinator.email)
    expect(page.locator("#password")).to_have_value("")


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(page):
    page.goto("/login")
    page.keyboard.press("Tab")

    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
