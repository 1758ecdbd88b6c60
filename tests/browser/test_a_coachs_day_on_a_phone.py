"""Acceptance (issue 21): a job coach's day on a 320 px phone. The follow-ups, the contact
log and the to-do page never scroll sideways, and a contact is logged from a follow-up in
one form (the outcome and the next follow-up on it), which also ticks the follow-up off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from eigenkracht.auth.models import Role
from eigenkracht.core.clock import today
from eigenkracht.extensions import db as _db
from eigenkracht.jobs.models import ContactLog
from tests.browser.conftest import Account, _open_page, committed
from tests.factories import ContactLogFactory, OrganisationFactory, UserFactory
from tests.jobs.conftest import make_jobseeker

pytestmark = pytest.mark.browser

NARROW = {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2,
          "is_mobile": True, "has_touch": True}
LONG = ("Vraag of Sanne bij het distributiecentrum Westpoort een introductie kan regelen bij "
        "de teamleider planning, en of zij een referentie wil schrijven voor de sollicitatie")


@pytest.fixture
def small_phone(browser, live_server, request) -> Page:
    return _open_page(browser, live_server, request, NARROW)


@pytest.fixture
def coach_day(live_app):
    """A job coach with a jobseeker whose network has long names, a phone number, long
    questions, and follow-ups overdue, today and later."""
    with committed(live_app):
        organisation = OrganisationFactory(slug="werkplein", name="Werkplein Fryslân")
        user = UserFactory(organisation=organisation, role=Role.JOBCOACH, locale=None,
                           name="Fleur Hoekstra", email="fleur@werkplein.example")
        jobseeker = make_jobseeker(organisation, user)
        jobseeker.sanne.name = "Sanne Bakker-van der Westhuizen-Oosterbroek"
        jobseeker.sanne.phone = "+31 (0)6 12 34 56 78"
        overdue = ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                                    person_name=jobseeker.sanne.name, asked=LONG,
                                    note="Terugbellen na haar vakantie, ze is er weer op "
                                         "maandag en heeft dan meer tijd",
                                    contacted_on=today() - timedelta(days=20),
                                    follow_up_on=today() - timedelta(days=2))
        for days in (0, 5):
            ContactLogFactory(case=jobseeker.case, person=jobseeker.harm, asked=LONG,
                              contacted_on=today() - timedelta(days=10),
                              follow_up_on=today() + timedelta(days=days))
        facts = {"account": Account(email=user.email, name=user.name),
                 "reference": jobseeker.case.reference, "overdue": overdue.id}
    return facts


def page_width(page: Page) -> dict:
    return page.evaluate("() => ({scroll: document.documentElement.scrollWidth,"
                         " client: document.documentElement.clientWidth})")


def assert_no_sideways_scroll(page: Page) -> None:
    width = page_width(page)
    assert width["client"] == 320 and width["scroll"] <= 320, (page.url, width)


def test_follow_ups_and_contacts_fit_320_px_and_a_contact_is_logged_in_one_form(
        small_phone, coach_day, live_app, log_in):
    page = small_phone
    log_in(page, coach_day["account"])
    reference, overdue = coach_day["reference"], coach_day["overdue"]
    for address in ("/jobs/follow-ups", f"/cases/{reference}/contacts", "/todo"):
        page.goto(address)
        expect(page.locator(f"#follow-up-{overdue}, #contact-{overdue}").first).to_be_visible()
        assert_no_sideways_scroll(page)

    page.goto("/jobs/follow-ups")
    card = page.locator(f"#follow-up-{overdue}")
    expect(card.locator('a[href="tel:+31612345678"]')).to_be_visible()
    card.locator(f'a[href$="/contacts/new?follow_up={overdue}"]').click()
    # the click returns once the new page is parsing; before its stylesheet arrives the
    # unstyled people select is as wide as its longest name (nothing is painted then)
    page.wait_for_url(f"**/contacts/new?follow_up={overdue}")  # waits for "load"

    assert_no_sideways_scroll(page)
    assert page.locator("form.contact-form").count() == 1
    expect(page.locator("#person_id")).to_have_value(str(_person_of(live_app, overdue)))
    page.locator('input[name="outcome"][value="introduction"]').check()
    page.fill("#follow_up_on", (today() + timedelta(days=7)).isoformat())
    page.locator("form.contact-form button[type=submit]").click()

    page.wait_for_url(f"**/cases/{reference}/contacts#contact-*")
    assert_no_sideways_scroll(page)
    with live_app.app_context():
        contacts = _db.session.scalars(select(ContactLog).order_by(ContactLog.id)).all()
        answered = next(c for c in contacts if c.id == overdue)
        newest = contacts[-1]
        assert answered.follow_up_done
        assert (newest.outcome.value, newest.follow_up_on) == (
            "introduction", today() + timedelta(days=7))
        _db.session.remove()


def _person_of(app, contact_id: int) -> int:
    with app.app_context():
        person_id = _db.session.get(ContactLog, contact_id).person_id
        _db.session.remove()
    return person_id


def test_the_caseload_filters_fit_a_phone(small_phone, coach_day, log_in):
    page = small_phone
    log_in(page, coach_day["account"])
    page.goto("/jobs/caseload?show=overdue")
    expect(page.get_by_text("Mariëlle Dijkstra").first).to_be_visible()
    # the table scrolls inside its own region; the filters and the page itself do not
    overflow = page.evaluate("""() => [...document.querySelectorAll('.filter-bar *')]
        .filter(el => el.getBoundingClientRect().right > 321).length""")
    assert overflow == 0


