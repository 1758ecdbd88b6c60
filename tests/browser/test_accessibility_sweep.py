"""Every page of the permission matrix, as someone allowed to see it, through axe-core
(WCAG 2.1 A/AA and 2.2's target size) at 1280 px and at 320 px (a 1280 px screen at 400 %),
a keyboard walk, and no sideways scrolling outside a scroll region one can reach by keyboard.

The pages are filled with the permission matrix's world (tests/fixtures/roles.py). The family
page is also swept in the families' languages, right to left included. The audit behind
docs/accessibility.md is this sweep plus the tests of each finding (test_accessibility.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.accessibility import (
    axe_violations,
    keyboard_walk,
    sideways_overflow,
    user_text_without_its_language,
)
from tests.browser.conftest import DESKTOP, _open_page, committed
from tests.fixtures.roles import build_world
from tests.permissions import ALLOW, all_routes, fill_path

MATRIX = all_routes()
ROLE_PREFERENCE = ("coordinator", "admin", "jobcoach", "referrer", "anonymous")
NARROW = {"viewport": {"width": 320, "height": 640}}
FAMILY_LANGUAGES = ("tr", "ar", "pl", "en")
HTML = "text/html"


def _role(route) -> str | None:
    if route.rule.get("anonymous") == ALLOW:  # public pages as the public sees them
        return "anonymous"
    return next((role for role in ROLE_PREFERENCE if route.rule.get(role) == ALLOW), None)


@pytest.fixture
def world_pages(live_app) -> dict[str, list[tuple[str, str]]]:
    """role → [(endpoint, path)] of every GET page of the matrix, on the live database."""
    with committed(live_app):
        world = build_world()
        emails = {role: world.user(role).email for role in ROLE_PREFERENCE
                  if role != "anonymous"}
        pages: dict[str, list[tuple[str, str]]] = {}
        for endpoint, route in sorted(MATRIX.items()):
            role = _role(route)
            if route.method != "GET" or role is None or endpoint.startswith("api."):
                continue
            pages.setdefault(role, []).append((endpoint, fill_path(route.path, world)))
        token = world.extra_ids["family_token"]
    for language in FAMILY_LANGUAGES:
        pages["anonymous"].append((f"family.page[{language}]", f"/p/{token}?lang={language}"))
    return {"emails": emails, **pages}


def _sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", "zeven gele olifanten dansen op het dak")
    page.press("#password", "Enter")
    page.wait_for_load_state()


def _html_pages(page: Page, pages):
    """The pages that answer HTML (downloads, pictures and feeds are left out)."""
    for endpoint, path in pages:
        response = page.request.get(path, max_redirects=0)
        if response.status >= 300 or HTML not in response.headers.get("content-type", ""):
            continue
        yield endpoint, path


def _sweep(browser, live_server, request, world_pages, viewport, check) -> dict[str, list]:
    found: dict[str, list] = {}
    swept = 0
    for role, pages in world_pages.items():
        if role == "emails":
            continue
        page = _open_page(browser, live_server, request, viewport)
        if role != "anonymous":
            _sign_in(page, world_pages["emails"][role])
        for endpoint, path in list(_html_pages(page, pages)):
            page.goto(path)
            swept += 1
            problems = check(page)
            if problems:
                found[f"{endpoint} as {role} ({path})"] = problems
    assert swept > 40, swept  # the matrix's pages, not an empty loop
    return found


def _report(found: dict[str, list]) -> str:
    return "\n".join(f"{where}:\n" + "\n".join(f"    {p}" for p in problems)
                     for where, problems in found.items())


def test_every_page_passes_axe_at_1280_px_and_the_keyboard_reaches_everything(
        browser, live_server, request, world_pages):
    """axe-core; text people wrote marked with its language; then a walk with Tab: every
    interactive element is reached and shows a focus ring."""
    def check(page):
        walk = keyboard_walk(page)
        return (axe_violations(page) + user_text_without_its_language(page)
                + [f"not reached by Tab: {name}" for name in walk.unreachable]
                + [f"no focus ring: {name}" for name in walk.no_ring])

    found = _sweep(browser, live_server, request, world_pages, DESKTOP, check)
    assert not found, "at 1280 px:\n" + _report(found)


def test_every_page_passes_axe_at_320_px_without_sideways_scrolling(browser, live_server,
                                                                      request, world_pages):
    def check(page):
        return axe_violations(page) + [f"scrolls sideways: {e}"
                                       for e in sideways_overflow(page)]

    found = _sweep(browser, live_server, request, world_pages, NARROW, check)
    assert not found, "at 320 px:\n" + _report(found)
