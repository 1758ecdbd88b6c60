"""An invitee answers their invitation on a phone, through the personal link."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from eigenkracht.conference.models import Invitation, InvitationStatus
from eigenkracht.conference.sending import LINK_VALID_AFTER_END, conference_end, hash_token
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db as _db
from tests.browser.conftest import committed
from tests.factories import (
    CaseAssignmentFactory,
    CaseFactory,
    ConferenceFactory,
    InvitationFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
TOKEN = "browser-test-answer-token-0123456789abcdefgh"


@pytest.fixture
def invitation_id(live_app) -> int:
    """Oma Truus, invited by e-mail to Noëlle's conference, with a working answer link."""
    with committed(live_app):
        organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
        coordinator = UserFactory(organisation=organisation, name="Sjoerd Coördinator",
                                  email="coordinator@rijnmond.example")
        case = CaseFactory(organisation=organisation, client_first_name="Noëlle",
                           client_last_name="Jansen")
        CaseAssignmentFactory(case=case, user=coordinator)
        conference = ConferenceFactory(case=case, coordinator=coordinator,
                                       starts_at=utcnow() + timedelta(days=14))
        person = PersonFactory(case=case, name="Oma Truus", email="truus@example.org",
                               language="nl")
        invitation = InvitationFactory(conference=conference, person=person,
                                       status=InvitationStatus.INVITED)
        invitation.token_hash = hash_token(TOKEN)
        invitation.token_expires_at = conference_end(conference) + LINK_VALID_AFTER_END
        _db.session.flush()
        invitation_id = invitation.id
    return invitation_id


def sideways_overflow(page: Page) -> dict | None:
    widths = page.evaluate("""() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
    })""")
    fits = widths["scrollWidth"] <= widths["innerWidth"] == PHONE_WIDTH
    return None if fits else widths


def stored(live_app, invitation_id: int) -> Invitation:
    with live_app.app_context():
        invitation = _db.session.scalar(select(Invitation).where(Invitation.id == invitation_id))
        _db.session.expunge(invitation)
        return invitation


def test_an_invitee_answers_yes_with_a_dietary_need_on_a_phone(phone, live_app, live_server,
                                                               invitation_id, artifacts):
    hosts: set[str] = set()
    phone.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))

    phone.goto(f"/a/{TOKEN}")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Oma Truus")
    assert sideways_overflow(phone) is None

    phone.locator("input[name=answer][value=yes]").check()
    phone.locator("input[name=participation][value=in_person]").check()
    phone.locator("#needs_diet").press_sequentially("halal")
    phone.screenshot(path=artifacts / "answer-page-phone.png", full_page=True)
    phone.locator("form.answer-form button[type=submit]").click()

    expect(phone.locator(".flash-success[role=status]")).to_be_visible()
    expect(phone.locator("#needs_diet")).to_have_value("halal")
    assert sideways_overflow(phone) is None
    invitation = stored(live_app, invitation_id)
    assert invitation.status == InvitationStatus.CONFIRMED
    assert invitation.needs_diet == "halal"
    assert hosts == {"127.0.0.1"}


def test_the_arabic_answer_page_reads_right_to_left_and_fits_a_phone(phone, invitation_id,
                                                                     artifacts):
    phone.goto(f"/a/{TOKEN}?lang=ar")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator("html")).to_have_attribute("lang", "ar")
    assert sideways_overflow(phone) is None
    submit = phone.locator("form.answer-form button[type=submit]")
    submit.click()  # nothing chosen: the error summary, in Arabic, gets the focus
    expect(phone.locator(".error-summary[role=alert]")).to_be_focused()
    assert sideways_overflow(phone) is None
    box = phone.locator("#needs_diet").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    phone.screenshot(path=artifacts / "answer-page-arabic.png", full_page=True)
