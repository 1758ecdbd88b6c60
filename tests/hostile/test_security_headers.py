"""Every page, as someone who may see it: a strict Content-Security-Policy, nosniff, no
referrer; and HTML without inline script, event-handler attributes or style attributes
(which that policy would block, so the page would quietly break).

The pages are visited with markup typed into every free-text field of the world, so the
same sweep shows that whatever was typed is shown again as text on every page and picture.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import JSON, Enum, String, select

from eigenkracht.extensions import db
from tests.hostile.routes import MATRIX, fill, role_for

PAGES = sorted(endpoint for endpoint, route in MATRIX.items() if route.method == "GET")
MARKUP = ("text/html", "image/svg+xml")


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_strict_policy(headers, what: str) -> None:
    policy = csp_directives(headers.get("Content-Security-Policy", ""))
    assert policy.get("script-src") == ["'self'"], what
    assert policy.get("object-src") == ["'none'"], what
    assert policy.get("base-uri") in (["'none'"], ["'self'"]), what
    assert policy.get("frame-ancestors") == ["'none'"], what
    assert policy.get("default-src") == ["'self'"], what
    for name, sources in policy.items():
        for source in sources:
            assert source in ("'self'", "'none'", "data:"), f"{what}: {name} {source}"
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") == "no-referrer", what


class InlineCode(HTMLParser):
    """Collects what a strict policy blocks: inline scripts and styles, on*= handlers,
    style= attributes and javascript: addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            elif name == "style":
                self.problems.append(f"<{tag} style=…>")
            elif name in ("href", "src", "action", "formaction", "xlink:href") and (
                    value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag in ("script", "style"):
            self._inside = tag

    def handle_data(self, data):
        if self._inside and data.strip():
            self.problems.append(f"inline <{self._inside}>: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == self._inside:
            self._inside = None


def inline_code(markup: str) -> list[str]:
    parser = InlineCode()
    parser.feed(markup)
    return parser.problems


PAYLOAD = '<script>x()</script>"><img src=x onerror=y()>'
# Columns that hold codes, addresses or secrets rather than typed text.
NOT_TYPED = {"email", "reference", "language", "locale", "slug", "token_hash", "password_hash",
             "action", "object_type", "key", "phone", "meeting_link", "lang", "mimetype",
             "content_type", "filename", "ip_address", "user_agent", "languages",
             "interpreter_languages", "html_body", "text_body", "token", "prefix"}


def poison_free_text() -> int:
    """Markup at the end of every free-text value of every row; returns how many."""
    changed = 0
    for mapper in db.Model.registry.mappers:
        if mapper.class_.__name__ == "AuditEvent":  # append-only; its pages are escaped too
            continue
        columns = [column for column in mapper.columns
                   if isinstance(column.type, String) and not isinstance(column.type, Enum | JSON)
                   and not column.primary_key and not column.foreign_keys
                   and column.key not in NOT_TYPED
                   and (column.type.length is None or column.type.length >= 80)]
        if not columns:
            continue
        for row in db.session.scalars(select(mapper.class_)):
            for column in columns:
                value = getattr(row, column.key, None)
                if isinstance(value, str):
                    setattr(row, column.key, (value[:20] + PAYLOAD))
                    changed += 1
    db.session.flush()
    return changed


def test_every_page_has_strict_headers_and_no_inline_code(login_as, world):
    assert poison_free_text() > 50
    # One world for all pages (building it per page would take most of the time).
    clients: dict[str, object] = {}
    problems: dict[str, object] = {}
    shown_as_text = set()
    for endpoint in PAGES:
        role = role_for(endpoint)
        client = clients.setdefault(role, login_as(role))
        path = fill(MATRIX[endpoint].path, world)
        response = client.get(path)
        what = f"{role} GET {path}: {response.status_code}"
        try:
            assert response.status_code < 500, what
            assert_strict_policy(response.headers, what)
            if response.mimetype in MARKUP:
                markup = response.get_data(as_text=True)
                assert inline_code(markup) == [], what
                assert "<img src=x" not in markup, what
                if "img src=x onerror=y()" in markup.replace("&lt;", "<").replace(
                        "&#34;", '"').replace("&quot;", '"'):
                    shown_as_text.add(endpoint)
        except AssertionError as error:
            problems[endpoint] = str(error)
        finally:
            response.close()
    assert problems == {}
    assert {"cases.show", "network.map", "network.svg", "plans.show", "family.page",
            "conference.show", "jobs.goals"} <= shown_as_text, sorted(shown_as_text)


@pytest.mark.parametrize("path", ["/login", "/no-such-page", "/p/not-a-real-token",
                                  "/cases/EK-2026-9999"])
def test_anonymous_pages_and_error_pages_are_as_strict(path, client, world):
    response = client.get(path)
    response.close()
    assert_strict_policy(response.headers, path)
    if response.mimetype == "text/html":
        assert inline_code(response.get_data(as_text=True)) == [], path


def test_a_page_that_is_refused_to_an_outsider_is_as_strict(login_as, world):
    response = login_as("other_coordinator").get(f"/cases/{world.case.reference}")
    assert response.status_code == 404
    assert_strict_policy(response.headers, "404")
    assert inline_code(response.get_data(as_text=True)) == []


def test_the_checker_finds_what_the_policy_would_block():
    markup = ('<p style="color:red" onclick="x()">a</p><script>x()</script>'
              '<script src="/static/js/app.js"></script><a href=" JavaScript:x()">b</a>'
              '<style>p{}</style>')
    assert len(inline_code(markup)) == 5
