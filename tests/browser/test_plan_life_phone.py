"""The plan after the conference on a 390×844 phone (issue 20): a routine's "done this week"
marks this week and the task stays open; "who to call" shows only the numbers people agreed
to share, as tap-to-call and tap-to-mail links; the new sections pass axe-core."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from eigenkracht.plans.models import PlanStatus
from tests.browser.accessibility import axe_violations, sideways_overflow
from tests.browser.conftest import committed
from tests.factories import (
    AccessLinkFactory,
    ActionFactory,
    CaseAssignmentFactory,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

TOKEN = "browser-plan-life-token-0123456789abcdefghijklmnopqrs"
ROUTINE = "Oma haalt Noëlle elke week op"


@pytest.fixture
def family_link(live_app) -> str:
    """Oma (shares her number) has a weekly routine; Vader (does not share) has a task."""
    with committed(live_app):
        organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
        coordinator = UserFactory(organisation=organisation, name="Sjoerd Coördinator",
                                  email="coordinator@rijnmond.example")
        case = CaseFactory(organisation=organisation, client_first_name="Noëlle")
        CaseAssignmentFactory(case=case, user=coordinator)
        oma = PersonFactory(case=case, name="Oma Truus", language="nl", phone="06-11 11 22 22",
                            email="truus@example.org", share_contact=True)
        vader = PersonFactory(case=case, name="Vader Ahmed", language="ar",
                              phone="06-99 99 88 88", email="ahmed@example.org")
        plan = PlanFactory(case=case, status=PlanStatus.ACCEPTED, monitor=vader,
                           first_call=oma, evaluation_date=date.today() + timedelta(days=60))
        ActionFactory(plan=plan, people=[vader], position=0, what="Vader brengt Noëlle")
        ActionFactory(plan=plan, people=[oma], position=1, what=ROUTINE, when_text="",
                      when_date=date.today() - timedelta(weeks=2), repeat="weekly")
        AccessLinkFactory(person=oma, token=TOKEN)
    return f"/p/{TOKEN}"


def test_done_this_week_marks_the_week_and_the_task_stays_open(phone, family_link):
    phone.goto(family_link)
    routine = phone.locator("#my-tasks article").first
    expect(routine.locator("h3")).to_have_text(ROUTINE)
    routine.get_by_role("button", name="Deze week gedaan").click()
    phone.wait_for_load_state()
    phone.reload()
    routine = phone.locator("#my-tasks article").first
    expect(routine.locator(".family-status")).to_have_attribute("data-status", "open")
    expect(routine.locator(".routine-done")).to_have_text("Deze keer: gedaan")
    expect(routine.get_by_role("button", name="Deze week gedaan")).to_have_count(0)
    expect(routine.locator(".routine-record")).to_contain_text("1 van de afgelopen 3 weken")
    expect(routine.locator(".routine-missed")).to_contain_text("Gemist:")


def test_tap_to_call_shows_only_shared_numbers(phone, family_link):
    phone.goto(family_link)
    contacts = phone.locator("#contacts")
    calls = contacts.locator("a[href^='tel:']")
    expect(calls.first).to_have_attribute("href", "tel:0611112222")
    assert {calls.nth(i).get_attribute("href") for i in range(calls.count())} == \
        {"tel:0611112222"}
    mails = contacts.locator("a[href^='mailto:']")
    expect(mails).to_have_count(1)
    expect(mails).to_have_attribute("href", "mailto:truus@example.org")
    page_text = phone.locator("body").inner_text()
    assert "06-99 99 88 88" not in page_text and "ahmed@example.org" not in page_text
    expect(contacts.locator(".family-first-call")).to_contain_text("Oma Truus")
    box = calls.first.bounding_box()
    assert box and box["height"] >= 24  # a tap target


def test_the_new_sections_pass_axe_and_fit_the_phone(phone, family_link):
    phone.goto(family_link)
    phone.locator("#reminder-channel-email").check()
    assert axe_violations(phone) == []
    assert sideways_overflow(phone) == []
