"""Arabic and Farsi family and answer pages with Dutch text, as Chromium lays them out; every
family language clean for axe-core and without sideways scrolling at 320 px; the family page
passes Chromium's own installability check (issue 22, points 3, 5 and 7)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page

from eigenkracht.conference.models import InvitationStatus
from eigenkracht.conference.sending import LINK_VALID_AFTER_END, conference_end, hash_token
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db as _db
from eigenkracht.plans.models import PlanStatus
from tests.browser.conftest import CHROMIUM_ARGS, PHONE, committed
from tests.factories import (
    AccessLinkFactory,
    ActionFactory,
    CaseAssignmentFactory,
    CaseFactory,
    ConferenceFactory,
    InvitationFactory,
    OrganisationFactory,
    PersonFactory,
    PlanBottomLineFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

TOKEN = "browser-rtl-family-token-0123456789abcdefghijklmnop"
ANSWER_TOKEN = "browser-rtl-answer-token-0123456789abcdefgh"
QUESTION = "Wat is er nodig zodat Noëlle veilig kan opgroeien?"
ACTION = "Vader brengt Noëlle op maandag en vrijdag naar school."
ADDRESS = "3011 AB Rotterdam"
LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk", "fa", "so", "ti")
RIGHT_TO_LEFT = ("ar", "fa")


@pytest.fixture
def family_link(live_app) -> str:
    """Vader Ahmed reads Arabic; the plan and the venue are Dutch."""
    with committed(live_app):
        organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
        coordinator = UserFactory(organisation=organisation, name="Sjoerd Coördinator",
                                  email="coordinator@rijnmond.example")
        case = CaseFactory(organisation=organisation, client_first_name="Noëlle",
                           client_last_name="Jansen")
        CaseAssignmentFactory(case=case, user=coordinator)
        vader = PersonFactory(case=case, name="Vader Ahmed", language="ar",
                              email="ahmed@example.org")
        oma = PersonFactory(case=case, name="Oma Truus", language="nl")
        plan = PlanFactory(case=case, status=PlanStatus.ACCEPTED, monitor=oma,
                           central_question=QUESTION, contingency="Dan bellen we Sjoerd.",
                           evaluation_date=date.today() + timedelta(days=60))
        PlanBottomLineFactory(plan=plan, text="Noëlle gaat elke dag naar school.")
        ActionFactory(plan=plan, people=[vader, oma], position=0, what=ACTION)
        AccessLinkFactory(person=vader, token=TOKEN)
        conference = ConferenceFactory(case=case, coordinator=coordinator,
                                       starts_at=utcnow() + timedelta(days=14),
                                       venue_address=f"Coolsingel 40\n{ADDRESS}")
        invitation = InvitationFactory(conference=conference, person=vader,
                                       status=InvitationStatus.INVITED)
        invitation.token_hash = hash_token(ANSWER_TOKEN)
        invitation.token_expires_at = conference_end(conference) + LINK_VALID_AFTER_END
        _db.session.flush()
    return f"/p/{TOKEN}"


def open_family_page(page: Page, url: str) -> Page:
    page.goto(url)
    page.wait_for_selector("#family-page[data-offline-ready]", state="attached")
    return page


# Where each character of a text is drawn: its left edge, in the element holding it.
CHARACTER_LEFTS = """([selector, text]) => {
    const holder = [...document.querySelectorAll(selector)]
        .find(el => el.textContent.includes(text));
    const node = [...holder.childNodes].find(n => n.nodeType === 3 && n.data.includes(text));
    const start = node.data.indexOf(text);
    return [...text].map((_, i) => {
        const range = document.createRange();
        range.setStart(node, start + i);
        range.setEnd(node, start + i + 1);
        const rect = range.getBoundingClientRect();
        return {left: rect.left, top: rect.top};
    });
}"""


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT)
def test_the_dutch_question_ends_with_its_question_mark_on_the_arabic_page(phone,
                                                                          family_link, lang):
    open_family_page(phone, f"{family_link}?lang={lang}")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    lefts = phone.evaluate(CHARACTER_LEFTS, ["#family-page p.panel", QUESTION])
    last_line = [c for c in lefts if c["top"] == lefts[-1]["top"]]
    mark, before = lefts[-1], lefts[-2]  # "?" and the "n" of "opgroeien"
    assert mark["left"] > before["left"], "the question mark stands before the sentence"
    assert [c["left"] for c in last_line] == sorted(c["left"] for c in last_line)


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT)
def test_the_full_stop_of_a_dutch_action_stays_at_its_end(phone, family_link, lang):
    open_family_page(phone, f"{family_link}?lang={lang}")
    lefts = phone.evaluate(CHARACTER_LEFTS, ["#family-page h3", ACTION])
    assert lefts[-1]["left"] > lefts[-2]["left"]


def test_the_screen_reader_hears_the_family_text_in_dutch(phone, family_link):
    open_family_page(phone, f"{family_link}?lang=ar")
    langs = phone.evaluate("""(text) => {
        const el = [...document.querySelectorAll('#family-page *')]
            .find(e => e.children.length === 0 && e.textContent.trim() === text);
        return [el.closest('[lang]').lang, getComputedStyle(el).direction,
                getComputedStyle(el).unicodeBidi];
    }""", QUESTION)
    assert langs == ["nl", "ltr", "isolate"]


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT)
def test_a_postcode_on_the_arabic_answer_page_stays_in_order(phone, family_link, lang):
    phone.goto(f"/a/{ANSWER_TOKEN}?lang={lang}")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    lefts = phone.evaluate(CHARACTER_LEFTS, [".conference-facts span", ADDRESS])
    postcode, letters, city = lefts[0], lefts[5], lefts[8]  # "3", "A", "R"
    assert postcode["left"] < letters["left"] < city["left"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_family_language_is_clean_for_axe_and_fits_320_pixels(phone, family_link,
                                                                    lang):
    from axe_playwright_python.sync_playwright import Axe

    phone.set_viewport_size({"width": 320, "height": 640})
    for url in (f"{family_link}?lang={lang}", f"/a/{ANSWER_TOKEN}?lang={lang}"):
        if url.startswith("/p/"):
            open_family_page(phone, url)
        else:
            phone.goto(url)
        assert phone.locator("html").get_attribute("lang") == lang
        widths = phone.evaluate("""() => ({scrollWidth: document.documentElement.scrollWidth,
                                           innerWidth: window.innerWidth})""")
        assert widths["scrollWidth"] <= widths["innerWidth"] == 320, (url, widths)
        results = Axe().run(phone)
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                      for v in results.response["violations"]]
        assert violations == [], url


def test_chromium_finds_the_family_page_installable(browser, live_server, family_link,
                                                    tmp_path):
    """Chromium's own installability report, in a profile of its own (an incognito context,
    Playwright's default, is never installable)."""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=browser_executable(browser),
        headless=True, args=CHROMIUM_ARGS, base_url=live_server.url,
        **{k: v for k, v in PHONE.items()})
    try:
        page = context.new_page()
        for lang in ("ar", "pl", "fa", "ti"):
            open_family_page(page, f"{family_link}?lang={lang}")
            page.evaluate("navigator.serviceWorker.ready.then(() => 0)")
            cdp = context.new_cdp_session(page)
            errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
            manifest = cdp.send("Page.getAppManifest")
            assert errors == [], (lang, errors)
            assert manifest["errors"] == []
            assert f"lang={lang}" in manifest["url"]
    finally:
        context.close()


def browser_executable(browser) -> str:
    import shutil

    return shutil.which("chromium")
