"""A person of the network opens their personal link on a phone: the accepted plan, their
own tasks first; they mark one done; the page also opens without a connection."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from eigenkracht.plans.models import PlanStatus
from tests.browser.conftest import WATCHES, committed
from tests.factories import (
    AccessLinkFactory,
    ActionFactory,
    CaseAssignmentFactory,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    PlanBottomLineFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

TOKEN = "browser-family-token-0123456789abcdefghijklmnopqrstuv"
MINE = "Oma haalt Noëlle op woensdag op"
THEIRS = "Vader brengt Noëlle op maandag naar school"


@pytest.fixture
def family_link(live_app) -> str:
    """Oma Truus's link to the accepted plan of Noëlle; her father's action comes first."""
    with committed(live_app):
        organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
        coordinator = UserFactory(organisation=organisation, name="Sjoerd Coördinator",
                                  email="coordinator@rijnmond.example")
        case = CaseFactory(organisation=organisation, client_first_name="Noëlle",
                           client_last_name="Jansen")
        CaseAssignmentFactory(case=case, user=coordinator)
        oma = PersonFactory(case=case, name="Oma Truus", language="nl")
        vader = PersonFactory(case=case, name="Vader Ahmed", language="ar")
        plan = PlanFactory(case=case, status=PlanStatus.ACCEPTED, monitor=oma,
                           central_question="Hoe gaat Noëlle weer elke dag naar school?",
                           evaluation_date=date.today() + timedelta(days=60))
        PlanBottomLineFactory(plan=plan, text="Noëlle gaat elke dag naar school.")
        ActionFactory(plan=plan, people=[vader], position=0, what=THEIRS)
        ActionFactory(plan=plan, people=[oma], position=1, what=MINE)
        AccessLinkFactory(person=oma, token=TOKEN)
    return f"/p/{TOKEN}"


def open_page(page: Page, url: str) -> Page:
    """Open ``url`` and wait until its offline copy is kept (so nothing is cut short)."""
    page.goto(url)
    page.wait_for_selector("#family-page[data-offline-ready]", state="attached")
    return page


def overflow(page: Page) -> dict:
    return page.evaluate("""() => ({scrollWidth: document.documentElement.scrollWidth,
                                     innerWidth: window.innerWidth})""")


def test_a_person_sees_their_tasks_first_marks_one_done_and_it_stays(phone, family_link,
                                                                     artifacts):
    open_page(phone, family_link)
    headings = phone.locator("article h3").all_inner_texts()
    assert headings[0] == MINE and THEIRS in headings
    mine = phone.locator("#my-tasks article").first
    mine.locator("input[name=status][value=done]").check()
    mine.locator("textarea").fill("Noëlle opgehaald, ging goed")
    mine.get_by_role("button").click()
    phone.wait_for_load_state()
    phone.reload()
    mine = phone.locator("#my-tasks article").first
    expect(mine.locator(".family-status")).to_have_attribute("data-status", "done")
    expect(phone.locator("#updates")).to_contain_text("Noëlle opgehaald, ging goed")
    phone.screenshot(path=str(artifacts / "family-page-phone.png"), full_page=True)


def test_at_320_pixels_the_page_does_not_scroll_sideways(phone, family_link):
    phone.set_viewport_size({"width": 320, "height": 640})
    for lang in ("nl", "ar", "pl"):
        open_page(phone, f"{family_link}?lang={lang}")
        widths = overflow(phone)
        assert widths["scrollWidth"] <= widths["innerWidth"] == 320, (lang, widths)


def test_with_the_network_cut_after_the_first_visit_the_last_plan_still_shows(
        phone, family_link, request):
    open_page(phone, family_link)
    expect(phone.locator("#last-updated")).to_be_visible()
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator("h1")).to_contain_text("Noëlle")
    expect(phone.locator("#my-tasks")).to_contain_text(MINE)
    expect(phone.locator("#last-updated")).to_have_class("muted family-updated offline")
    phone.context.set_offline(False)
    # Without a network the service worker's own tries fail, as they should; nothing else may.
    watch = request.node.stash[WATCHES][-1]
    watch.settle()
    watch.problems[:] = [p for p in watch.problems if "ERR_INTERNET_DISCONNECTED" not in p]


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_axe_finds_no_serious_or_critical_violation(phone, family_link, lang):
    open_page(phone, f"{family_link}?lang={lang}")
    if lang == "ar":
        expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    results = Axe().run(phone)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
