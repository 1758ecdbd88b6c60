"""The watch over every browser test notices what a security review would object to."""

from __future__ import annotations

import pytest

from eigenkracht.core.security import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.browser

PROBE = "/__watch-probe"


def serve(page, body: str, headers: dict[str, str]) -> None:
    page.route(f"**{PROBE}", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", headers=headers,
        body=f"<!doctype html><html lang=en><title>probe</title>{body}</html>"))


def forget(watch) -> list[str]:
    """What the watch noticed, cleared so that this test itself can pass."""
    watch.settle()
    noticed = list(watch.problems)
    watch.problems.clear()
    return noticed


def test_the_watch_notices_an_inline_script_blocked_by_the_content_security_policy(page,
                                                                                   watch):
    serve(page, "<script>document.title = 'ran';</script>",
          {"Content-Security-Policy": CONTENT_SECURITY_POLICY})
    page.goto(PROBE)

    assert page.title() == "probe"
    assert any("Content Security Policy" in problem for problem in forget(watch))


def test_the_watch_notices_an_inline_style_blocked_by_the_content_security_policy(page, watch):
    serve(page, '<p style="color: red">red?</p>',
          {"Content-Security-Policy": CONTENT_SECURITY_POLICY})
    page.goto(PROBE)

    assert any("Content Security Policy" in problem for problem in forget(watch))


def test_the_watch_notices_a_javascript_error(page, watch):
    page.goto("/login")
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('boom in the page'); })")

    assert any("boom in the page" in problem for problem in forget(watch))


def test_the_watch_notices_a_request_to_another_host(page, watch):
    page.route("http://third-party.invalid/**", lambda route: route.fulfill(status=204))
    serve(page, '<img src="http://third-party.invalid/pixel.gif" alt="">', {})
    page.goto(PROBE)

    assert any("third-party.invalid" in problem for problem in forget(watch))
