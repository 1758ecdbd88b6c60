"""The markup of every HTML page of the permission matrix, as someone allowed to see it:
what assistive technology trips over even when the page looks right (issue 26, point 9 and
point 2). Cheap enough to run over every page; the browser sweep
(tests/browser/test_accessibility_sweep.py) adds axe-core, zoom and the keyboard."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.permissions import ALLOW, all_routes, fill_path

MATRIX = all_routes()
PREFERENCE = ("coordinator", "admin", "jobcoach", "referrer")
REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "for")


class Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: (v if v is not None else "") for k, v in attrs}))

    handle_startendtag = handle_starttag


def _role(route):
    if route.rule.get("anonymous") == ALLOW:
        return "anonymous"
    return next((r for r in PREFERENCE if route.rule.get(r) == ALLOW), None)


def _pages(world):
    for endpoint, route in sorted(MATRIX.items()):
        role = _role(route)
        if route.method == "GET" and role and not endpoint.startswith("api."):
            yield endpoint, role, fill_path(route.path, world)


def problems_of(html: str) -> list[str]:
    parser = Attributes()
    parser.feed(html)
    found, seen = [], {}
    ids = {attrs["id"] for _, attrs in parser.elements if attrs.get("id")}
    for tag, attrs in parser.elements:
        for name, value in attrs.items():
            if value in ("None", "none") and (name.startswith("aria-") or name in ("id", "for")):
                found.append(f'<{tag} {name}="{value}">')
            if name in REFERENCES and name != "for" and value.strip() == "" :
                found.append(f'<{tag} {name}="">')
            if name in REFERENCES and value.strip():
                missing = [i for i in value.split() if i not in ids]
                if missing:
                    found.append(f'<{tag} {name}="{value}"> names no element: {missing}')
        if attrs.get("id"):
            seen[attrs["id"]] = seen.get(attrs["id"], 0) + 1
    found += [f'id="{i}" {n} times' for i, n in seen.items() if n > 1]
    return found


def test_the_checks_find_what_they_look_for():
    assert problems_of('<input aria-invalid="None"><fieldset aria-describedby="">'
                       '<i id="a"></i><i id="a"></i><input aria-describedby="b">') == [
        '<input aria-invalid="None">', '<fieldset aria-describedby="">',
        '<input aria-describedby="b"> names no element: [\'b\']', 'id="a" 2 times']


@pytest.fixture
def signed_in(app, world, login_as):
    """A client per role, signed in before CSRF protection is switched on (as in production)
    for the pages: with it off, no form renders its token."""
    clients = {role: login_as(role) for role in ("anonymous", *PREFERENCE)}
    app.config["WTF_CSRF_ENABLED"] = True
    yield clients
    app.config["WTF_CSRF_ENABLED"] = False


def test_no_page_names_what_is_not_there_or_names_one_thing_twice(world, signed_in):
    checked, found = 0, {}
    for endpoint, role, path in _pages(world):
        response = signed_in[role].get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        checked += 1
        problems = problems_of(response.get_data(as_text=True))
        if problems:
            found[f"{endpoint} ({path})"] = problems
    assert checked > 40, checked
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


@pytest.mark.parametrize("lang", ["nl", "en", "ar", "tr", "pl"])
def test_the_family_page_in_every_language_names_nothing_twice(client, world, lang,
                                                                csrf_enabled):
    response = client.get(f"/p/{world.extra_ids['family_token']}?lang={lang}")
    assert response.status_code == 200
    assert problems_of(response.get_data(as_text=True)) == []
