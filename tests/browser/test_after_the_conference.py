"""After the conference on a 390×844 phone (issue 20): "this is not working" reaches the
coordinator's to-do list; a child answers the questionnaire by keyboard and by touch, and
the page passes axe-core."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eigenkracht.auth.models import User
from eigenkracht.conference.models import InvitationRole, InvitationStatus, Phase
from eigenkracht.core.db import utcnow
from eigenkracht.evaluation.models import EvaluationAnswer, RespondentRole
from eigenkracht.extensions import db as _db
from eigenkracht.plans.models import PlanStatus
from tests.browser.accessibility import axe_violations, sideways_overflow
from tests.browser.conftest import committed
from tests.factories import (
    AccessLinkFactory,
    ActionFactory,
    CaseAssignmentFactory,
    CaseFactory,
    ConferenceFactory,
    InvitationFactory,
    PersonFactory,
    PlanFactory,
)

pytestmark = pytest.mark.browser

OMA = "browser-oma-token-0123456789abcdefghijklmnopqrstuvwxyz"
NOOR = "browser-noor-token-0123456789abcdefghijklmnopqrstuvwxy"
AGREED = "Als het niet lukt, belt oma de coördinator en komt het netwerk samen."


@pytest.fixture
def family(live_app, coordinator) -> str:
    """Noëlle's accepted plan from a conference closed yesterday: oma (the monitor) and
    Noor, nine years old, attended; the case is the coordinator's."""
    with committed(live_app):
        user = _db.session.scalar(select(User).where(User.email == coordinator.email))
        case = CaseFactory(organisation=user.organisation, reference="EK-2026-0420",
                           client_first_name="Noëlle", client_last_name="Jansen")
        CaseAssignmentFactory(case=case, user=user)
        yesterday = utcnow() - timedelta(days=1)
        conference = ConferenceFactory(case=case, starts_at=yesterday - timedelta(hours=4),
                                       phase=Phase.CLOSED, closed_at=yesterday,
                                       coordinator=user)
        oma = PersonFactory(case=case, name="Oma Truus", language="nl")
        noor = PersonFactory(case=case, name="Noor", language="nl",
                             birth_year=date.today().year - 9)
        for person in (oma, noor):
            InvitationFactory(conference=conference, person=person, role=InvitationRole.FAMILY,
                              status=InvitationStatus.ATTENDED)
        plan = PlanFactory(case=case, conference=conference, status=PlanStatus.ACCEPTED,
                           monitor=oma, contingency=AGREED,
                           evaluation_date=date.today() + timedelta(days=60))
        ActionFactory(plan=plan, people=[oma], what="Oma haalt Noëlle op woensdag op")
        AccessLinkFactory(person=oma, token=OMA)
        AccessLinkFactory(person=noor, token=NOOR)
    return case.reference


def answers(app) -> list[tuple]:
    with app.app_context():
        rows = _db.session.scalars(select(EvaluationAnswer)).all()
        found = [(a.role, a.satisfaction_conference, a.satisfaction_plan, a.felt_heard,
                  a.scale, a.comment) for a in rows]
        _db.session.remove()
    return found


def test_this_is_not_working_reaches_the_coordinators_todo_list(phone, page, family,
                                                                coordinator, log_in,
                                                                artifacts):
    phone.goto(f"/p/{OMA}")
    phone.get_by_role("link", name="Dit werkt niet").tap()
    expect(phone.locator("h1")).to_have_text("Dit werkt niet")
    expect(phone.locator("main")).to_contain_text(AGREED)
    phone.locator("#note").fill("Vader kan op maandag niet meer.")
    phone.get_by_role("button", name="Laat het de coördinator weten").tap()
    expect(phone.locator("#agreement-applies")).to_contain_text(AGREED)
    phone.screenshot(path=str(artifacts / "not-working-phone.png"), full_page=True)
    log_in(page, coordinator)
    page.goto("/todo")
    line = page.locator("#alerts")
    expect(line).to_contain_text("Het plan werkt niet")
    expect(line).to_contain_text(family)
    line.get_by_role("link", name="Lezen en handelen").click()
    expect(page.locator("main")).to_contain_text("Vader kan op maandag niet meer.")


def test_a_child_answers_the_questionnaire_by_keyboard(phone, family, live_app):
    phone.goto(f"/p/{NOOR}/questionnaire")
    expect(phone.locator("h1")).to_have_text("Hoe ging het?")
    phone.locator("#satisfaction_conference-1").focus()  # the first group's first face
    phone.keyboard.press("ArrowRight")  # → "Gaat wel"
    phone.keyboard.press("ArrowRight")  # → "Fijn"
    expect(phone.locator("#satisfaction_conference-5")).to_be_checked()
    phone.keyboard.press("Tab")  # to the next group
    phone.keyboard.press("Space")
    expect(phone.locator("#satisfaction_plan-1")).to_be_checked()
    phone.keyboard.press("Tab")
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("Tab")  # the scale 0–10
    for _ in range(8):
        phone.keyboard.press("ArrowRight")
    expect(phone.locator("#scale-8")).to_be_checked()
    phone.keyboard.press("Tab")
    phone.keyboard.type("Oma is lief")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    expect(phone.locator("h1")).to_have_text("Dank voor uw antwoorden")
    assert answers(live_app) == [(RespondentRole.CHILD, 5, 1, 5, 8, "Oma is lief")]


def test_a_child_answers_the_questionnaire_by_touch(phone, family, artifacts, live_app):
    phone.goto(f"/p/{NOOR}")
    phone.get_by_role("link", name="De vragen beantwoorden").tap()
    for name, value in (("satisfaction_conference", 3), ("satisfaction_plan", 5),
                        ("felt_heard", 5)):
        phone.locator(f"label[for={name}-{value}]").tap()
        expect(phone.locator(f"#{name}-{value}")).to_be_checked()
    phone.locator("label[for=scale-10]").tap()
    phone.screenshot(path=str(artifacts / "questionnaire-child-phone.png"), full_page=True)
    phone.get_by_role("button", name="Versturen").tap()
    expect(phone.locator("h1")).to_have_text("Dank voor uw antwoorden")
    [answer] = answers(live_app)
    assert (answer[1], answer[4]) == (3, 10)
    phone.goto(f"/p/{NOOR}")  # answered: no longer offered
    expect(phone.locator("#questionnaire-card")).to_have_count(0)


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_childs_questionnaire_passes_axe_and_fits_320_pixels(phone, family, lang):
    phone.goto(f"/p/{NOOR}/questionnaire?lang={lang}")
    assert axe_violations(phone) == []
    phone.set_viewport_size({"width": 320, "height": 640})
    assert sideways_overflow(phone) == []


def test_a_wrong_sending_shows_the_summary_and_keeps_the_choices(phone, family, live_app):
    phone.goto(f"/p/{NOOR}/questionnaire")
    phone.locator("label[for=felt_heard-3]").tap()
    phone.locator("#comment").fill("x" * 1001)  # past the maxlength the page sets
    phone.locator("#comment").evaluate("el => el.removeAttribute('maxlength')")
    phone.locator("#comment").fill("x" * 1001)
    phone.get_by_role("button", name="Versturen").tap()
    expect(phone.locator(".error-summary")).to_be_visible()
    expect(phone.locator("#felt_heard-3")).to_be_checked()
    assert answers(live_app) == []


