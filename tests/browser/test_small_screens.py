"""The pages fit a phone: no sideways scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390


def sideways_overflow(page: Page) -> dict | None:
    widths = page.evaluate("""() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
    })""")
    fits = widths["scrollWidth"] <= widths["innerWidth"] == PHONE_WIDTH
    return None if fits else widths


def test_a_coordinator_on_a_phone_never_scrolls_sideways(phone, coordinator, their_case,
                                                         log_in):
    phone.goto("/login")
    assert sideways_overflow(phone) is None

    log_in(phone, coordinator)
    expect(phone.get_by_role("link", name=their_case.reference)).to_be_visible()
    assert sideways_overflow(phone) is None
    expect(phone).to_have_url(re.compile(r"/cases/$"))
