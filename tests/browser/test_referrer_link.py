"""The external referrer, without an account: the coordinator sends the personal link; the
referrer opens it on a phone, gets the one-time code from the e-mail (the outbox), adds a
bottom line; later, at the presentation, records the decision per bottom line; the
coordinator sees both."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eigenkracht.cases.models import Case, CaseStatus
from eigenkracht.conference.models import Phase
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.plans.models import PlanStatus
from tests.browser.conftest import committed
from tests.factories import (
    ActionFactory,
    ConferenceFactory,
    PersonFactory,
    PlanBottomLineFactory,
    PlanFactory,
    ReferrerFactory,
)

pytestmark = pytest.mark.browser

ADDRESS = "s.bakker@jb.example"
NEW_LINE = "Er is elke ochtend een volwassene die de kinderen naar school brengt."


@pytest.fixture
def referred(live_app, their_case) -> str:
    """The coordinator's case, referred by Sanne Bakker of a youth-protection agency."""
    with committed(live_app):
        case = db.session.scalar(select(Case).where(Case.reference == their_case.reference))
        ReferrerFactory(case=case, name="Sanne Bakker", organisation="Jeugdbescherming Regio",
                        role="jeugdbeschermer", email=ADDRESS)
    return their_case.reference


def _latest_mail(live_app) -> OutboxMessage:
    with live_app.app_context():
        return db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == ADDRESS)
                                 .order_by(OutboxMessage.id.desc()).limit(1))


def _presented_plan(live_app, reference: str) -> None:
    """At the conference: the family presents version 1, answering both bottom lines."""
    with committed(live_app):
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        conference = ConferenceFactory(case=case, starts_at=utcnow() - timedelta(hours=3),
                                       phase=Phase.PRESENTATION)
        case.status = CaseStatus.CONFERENCE
        plan = PlanFactory(case=case, conference=conference, status=PlanStatus.PRESENTED,
                           presented_at=utcnow())
        oma = PersonFactory(case=case, name="Oma Truus")
        for position, line in enumerate(case.bottom_lines):
            PlanBottomLineFactory(plan=plan, bottom_line=line, text=line.text,
                                  position=position, how_met="Oma brengt ze elke ochtend.")
        ActionFactory(plan=plan, people=[oma], what="Oma brengt Noëlle naar school.")



@pytest.fixture(autouse=True)
def mail_queued_not_run(live_app):
    """The link's and the code's e-mails are queued (the outbox holds the code), not
    delivered inside the served request: Huey's immediate mode there did not return on
    the served SQLite file (a known problem, see the closing note of session 5)."""
    from eigenkracht.tasks.engine import tasks_of

    huey = tasks_of(live_app).huey
    huey.immediate = False
    yield
    huey.immediate = True

def test_the_external_referrer_adds_a_bottom_line_and_decides_on_the_plan(
        page, phone, live_app, coordinator, referred, log_in):
    # The coordinator sends the link from the case page (Dutch pages: selectors, not words).
    log_in(page, coordinator)
    page.goto(f"/cases/{referred}")
    page.locator("#referrer-link form[action$='/referrer-link'] button").click()
    url = page.locator("input.copy-field").input_value()
    link_path = re.sub(r"^https?://[^/]+", "", url)
    assert _latest_mail(live_app).subject.endswith(referred)

    # The referrer opens it on a phone: only the code page, until the code is entered.
    phone.goto(link_path)
    expect(phone.get_by_role("heading", level=1)).to_contain_text(referred)
    expect(phone.locator("main")).not_to_contain_text("Noëlle gaat elke dag naar school.")
    phone.locator("form[action$='/code'] button").click()
    expect(phone.locator(".flash-success")).to_contain_text("s*******@jb.example")
    code = re.search(r"^(\d{6})$", _latest_mail(live_app).text_body, re.M).group(1)
    phone.locator("#code").fill(code)
    phone.locator("form.code-form button").click()

    # The bottom lines: the coordinator's one, and one of the referrer's own.
    lines = phone.locator("#bottom-lines ol li .pre-line")
    expect(lines).to_have_text(["Noëlle gaat elke dag naar school."])
    phone.locator("#text").fill(NEW_LINE)
    phone.locator("form[action$='/bottom-lines'] button").click()
    expect(lines).to_have_text(["Noëlle gaat elke dag naar school.", NEW_LINE])
    expect(phone.locator("#plan a")).to_have_count(0)  # no plan presented yet

    # Later, at the presentation: the referrer decides, per bottom line, with reasons.
    _presented_plan(live_app, referred)
    phone.reload()
    phone.locator("#plan a[href$='/decision']").click()
    judgements = phone.locator("fieldset.bottom-line-judgement")
    expect(judgements).to_have_count(2)
    for judgement in judgements.all():
        judgement.locator("input[value=yes]").check()
        judgement.locator("textarea[name^=note_]").fill("Goed geregeld door oma.")
    phone.locator("input[name=decision][value=accepted_with_changes]").check()
    phone.locator("#reason").fill("Spreek ook een vervanger voor oma af.")
    phone.locator("form.decision-form .actions button").click()
    expect(phone.locator(".flash-success")).to_be_visible()
    expect(phone.locator("#decision")).to_contain_text("Spreek ook een vervanger voor oma af.")

    # The coordinator sees the new bottom line, the decision and who made it.
    page.goto(f"/cases/{referred}")
    expect(page.locator("#bottom-lines")).to_contain_text(NEW_LINE)
    page.goto(f"/cases/{referred}/plan/v1")
    expect(page.locator("#decision")).to_contain_text("Sanne Bakker (Jeugdbescherming Regio)")
    expect(page.locator("#decision")).to_contain_text("Spreek ook een vervanger voor oma af.")
