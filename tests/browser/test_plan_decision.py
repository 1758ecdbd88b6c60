"""The family plan in a real browser: the referrer goes from the plan presentation to an
accepted plan, and the coordinator reorders actions by dragging them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eigenkracht.auth.models import Role, User
from eigenkracht.cases.models import AssignmentRole, Case
from eigenkracht.conference.models import Phase
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db as _db
from eigenkracht.plans.models import Plan, PlanStatus
from tests.browser.conftest import Account, committed
from tests.factories import (
    ActionFactory,
    CaseAssignmentFactory,
    ConferenceFactory,
    PersonFactory,
    PlanBottomLineFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def _plan_of(live_app, reference: str) -> Plan:
    with live_app.app_context():
        case = _db.session.scalar(select(Case).where(Case.reference == reference))
        plan = _db.session.scalar(select(Plan).where(Plan.case_id == case.id))
        _db.session.expunge_all()
        return plan


@pytest.fixture
def referrer(live_app, their_case) -> Account:
    """The case's referrer, who reads English."""
    with committed(live_app):
        case = _db.session.scalar(select(Case).where(Case.reference == their_case.reference))
        user = UserFactory(organisation=case.organisation, role=Role.REFERRER, locale="en",
                           name="Hélène Verwijzer", email="referrer@rijnmond.example")
        CaseAssignmentFactory(case=case, user=user, role=AssignmentRole.REFERRER)
        account = Account(email=user.email, name=user.name)
    return account


def _plan(live_app, reference: str, status: PlanStatus) -> str:
    """A plan of two actions at a conference that has reached the plan presentation;
    returns the text of its bottom line."""
    with committed(live_app):
        case = _db.session.scalar(select(Case).where(Case.reference == reference))
        coordinator = _db.session.scalar(select(User).where(User.role == Role.COORDINATOR))
        conference = ConferenceFactory(case=case, coordinator=coordinator,
                                       starts_at=utcnow() - timedelta(hours=2),
                                       phase=Phase.PRESENTATION)
        grandmother = PersonFactory(case=case, name="Oma Marijke", relation="oma", ring=1)
        neighbour = PersonFactory(case=case, name="Buurvrouw Fatma", relation="buurvrouw")
        plan = PlanFactory(case=case, conference=conference, status=status,
                           monitor=grandmother,
                           evaluation_date=conference.starts_at.date() + timedelta(weeks=6),
                           presented_at=utcnow() if status == PlanStatus.PRESENTED else None)
        line = case.bottom_lines[0]
        PlanBottomLineFactory(plan=plan, bottom_line=line, text=line.text, position=0,
                              how_met="Oma en Fatma brengen Noëlle om beurten naar school.")
        ActionFactory(plan=plan, people=[grandmother], position=0,
                      what="Oma brengt Noëlle op maandag en dinsdag.", when_text="ma en di")
        ActionFactory(plan=plan, people=[neighbour], position=1,
                      what="Fatma brengt Noëlle op woensdag.", when_text="wo")
        text = line.text
    return text


def test_the_referrer_accepts_the_presented_plan(page, their_case, referrer, log_in,
                                                live_app, artifacts):
    bottom_line = _plan(live_app, their_case.reference, PlanStatus.PRESENTED)
    log_in(page, referrer)
    page.get_by_role("link", name=their_case.reference).first.click()
    page.locator("#plan").get_by_role("link", name="Open the plan").click()
    expect(page).to_have_url(re.compile(r"/plan/v1$"))
    expect(page.locator(".plan-state .status")).to_have_text(
        "Presented, waiting for the decision")
    expect(page.get_by_role("link", name="Edit the plan")).to_have_count(0)

    page.get_by_role("link", name="Decide on the plan").click()
    judgement = page.locator("fieldset.bottom-line-judgement").first
    expect(judgement).to_contain_text(bottom_line)
    expect(judgement).to_contain_text("Oma en Fatma brengen Noëlle om beurten naar school.")
    judgement.get_by_label("Met", exact=True).check()
    judgement.get_by_label("Oma brengt Noëlle op maandag en dinsdag.").check()
    judgement.get_by_label("Fatma brengt Noëlle op woensdag.").check()
    page.locator("section.decision").get_by_label("Accepted", exact=True).check()
    page.screenshot(path=artifacts / "plan-decision.png", full_page=True)
    page.get_by_role("button", name="Record the decision").click()

    expect(page).to_have_url(re.compile(r"/plan/v1$"))
    expect(page.locator(".flash-success")).to_contain_text("The decision has been recorded")
    expect(page.locator(".plan-state .status")).to_have_text("Accepted")
    decision = page.locator("#decision")
    expect(decision).to_contain_text("Decision: Accepted")
    expect(decision).to_contain_text(f"Decided by {referrer.name}")
    expect(page.locator("#bottom-lines .status.met")).to_have_count(1)
    expect(page.get_by_role("link", name="Decide on the plan")).to_have_count(0)
    page.screenshot(path=artifacts / "plan-accepted.png", full_page=True)

    plan = _plan_of(live_app, their_case.reference)
    assert plan.status == PlanStatus.ACCEPTED and plan.decided_at is not None


def test_the_referrer_is_told_why_an_unmet_bottom_line_needs_a_reason(page, their_case,
                                                                     referrer, log_in,
                                                                     live_app):
    _plan(live_app, their_case.reference, PlanStatus.PRESENTED)
    log_in(page, referrer)
    page.goto(f"/cases/{their_case.reference}/plan/v1/decision")
    page.locator("fieldset.bottom-line-judgement").first.get_by_label(
        "Not met", exact=True).check()
    page.locator("section.decision").get_by_label("Accepted", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()

    summary = page.locator(".error-summary[role=alert]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("leaves a bottom line unmet")
    expect(page.locator("#reason")).to_have_attribute("aria-invalid", "true")
    assert _plan_of(live_app, their_case.reference).status == PlanStatus.PRESENTED


def test_the_coordinator_drags_an_action_to_the_top(page, their_case, coordinator, log_in,
                                                   live_app, artifacts):
    _plan(live_app, their_case.reference, PlanStatus.DRAFT)
    log_in(page, coordinator)
    page.goto(f"/cases/{their_case.reference}/plan/v1")
    actions = page.locator("ol.plan-actions > li.plan-action .action-what")
    expect(actions).to_have_text(["Oma brengt Noëlle op maandag en dinsdag.",
                                  "Fatma brengt Noëlle op woensdag."])
    handles = page.locator("ol.plan-actions .drag-handle")
    expect(handles).to_have_count(2)

    handles.nth(1).scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "plan-draft.png")
    second, first = handles.nth(1).bounding_box(), handles.nth(0).bounding_box()
    page.mouse.move(second["x"] + second["width"] / 2, second["y"] + 5)
    page.mouse.down()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + 2, steps=8)
    with page.expect_navigation():
        page.mouse.up()

    expect(actions).to_have_text(["Fatma brengt Noëlle op woensdag.",
                                  "Oma brengt Noëlle op maandag en dinsdag."])
    plan = _plan_of(live_app, their_case.reference)
    with live_app.app_context():
        stored = _db.session.get(Plan, plan.id)
        assert [a.what for a in stored.actions][0] == "Fatma brengt Noëlle op woensdag."
