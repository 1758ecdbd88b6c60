"""No English on a Dutch page (issue 22, point 2).

Every GET page of the permission matrix is rendered for a user who reads Dutch; the family
and answer pages also in each family language. A visible text (or an aria-label, title,
placeholder or alt) that equals an English source string whose translation differs is a
string the catalogues or the extractor missed — as "Add people" was on the network map."""

from __future__ import annotations

import re
from functools import cache

import pytest

from eigenkracht.core.family_strings import FAMILY_LANGUAGES
from tests.i18n.catalogue import catalogue, extracted
from tests.i18n.html_text import read
from tests.permissions import ALLOW, all_routes, fill_path

ROUTES = all_routes()
READERS = ("coordinator", "admin", "jobcoach", "referrer", "anonymous")
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
PAGES = sorted(endpoint for endpoint, route in ROUTES.items() if route.method == "GET")


@cache
def untranslated(language: str) -> frozenset[str]:
    """English source texts (without placeholders, from the source itself and the
    catalogue) that ``language`` words differently or not at all."""
    words = set()
    sources = {m for m in extracted() if isinstance(m, str)}
    sources |= {m.id for m in catalogue(language) if isinstance(m.id, str)}
    for msgid in sources:
        if not msgid or "%(" in msgid or not re.search(r"[A-Za-z]{2}", msgid):
            continue
        message = catalogue(language).get(msgid)
        if message is None or not message.string or message.string != msgid:
            words.add(msgid)
    return frozenset(words)


def english_on(html: str, language: str) -> list[str]:
    source = untranslated(language)
    reader = read(html)
    # Code (a CSV column such as <code>deceased</code>) is not a language.
    seen = [node.text for node in reader.nodes
            if not {"code", "kbd", "samp"} & set(node.tags)]
    seen += [" ".join(attrs[name].split()) for _, attrs in reader.attributes
             for name in ATTRIBUTES if attrs.get(name)]
    return sorted({text for text in seen if text in source})


def open_as_reader(endpoint: str, world, login_as, db, lang: str = "nl"):
    """The page as the first role allowed to see it, whose own language is ``lang``."""
    route = ROUTES[endpoint]
    role = next((r for r in READERS if route.rule[r] == ALLOW), None)
    if role is None:
        return None
    for reader in READERS[:-1]:
        world.user(reader).locale = lang
    db.session.flush()
    path = fill_path(route.path, world)
    separator = "&" if "?" in path else "?"
    response = login_as(role).get(f"{path}{separator}lang={lang}",
                                  headers={"Accept-Language": lang})
    if response.status_code != 200 or response.mimetype != "text/html":
        return None
    return response.text


def test_the_check_sees_the_words_of_the_skipped_templates():
    """The strings of the map that used to be skipped are English sources nl words
    differently: the check would find them on a page."""
    html = '<main><h2>Add people</h2><button aria-label="Direction">x</button></main>'
    assert english_on(html, "nl") == ["Add people", "Direction"]
    assert english_on("<p>Kolom <code>deceased</code></p>", "nl") == []
    assert english_on("<main><p>Sjoerd Coördinator</p></main>", "nl") == []
    assert english_on("", "nl") == []


HTML_PAGES = {"network.map", "plans.show", "family.page", "answer.show", "cases.show"}


@pytest.mark.parametrize("endpoint", PAGES)
def test_a_dutch_page_shows_no_english(endpoint, world, login_as, db):
    html = open_as_reader(endpoint, world, login_as, db)
    if html is None:  # not an HTML page (a PDF, JSON, a calendar) or no one may see it
        assert endpoint not in HTML_PAGES
        return
    assert english_on(html, "nl") == []


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
@pytest.mark.parametrize("endpoint", ["family.page", "answer.show"])
def test_the_family_and_answer_pages_show_no_english(endpoint, language, world, login_as,
                                                     db):
    html = open_as_reader(endpoint, world, login_as, db, lang=language)
    assert html is not None
    assert f'lang="{language}"' in html
    assert english_on(html, language) == []


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_an_error_page_behind_a_personal_link_shows_no_english(language, family, client):
    """Someone else's action (404) and an unknown link: the family's language throughout."""
    response = client.post(
        f"/p/{family.token}/actions/{family.vader_action.id}?lang={language}",
        data={"status": "done"})
    assert response.status_code == 404
    assert f'lang="{language}"' in response.text
    assert english_on(response.text, language) == []
    unknown = client.get(f"/p/no-such-link-0123456789?lang={language}")
    assert unknown.status_code == 404 and english_on(unknown.text, language) == []
