"""The referrer knows (to-do line, e-mail, the case list) and decisions have a history that
the plan page and the decision form keep showing after a revision; "not accepted" sends the
day back to the plan presentation."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.conference.models import Phase
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.plans.models import PlanDecision, PlanStatus
from tests.plans.conftest import plan_of
from tests.plans.test_decision import _marks

REASON = "Er is niemand voor de ochtenden."


def _present(client, base, world):
    plan = plan_of(world.case)
    return client.post(f"{base}/v1/present", data={"row_version": plan.row_version,
                                                   "confirm": "y"})


def _not_accepted(login_as, base, plan):
    return login_as("referrer").post(f"{base}/v1/decision", data={
        **_marks(plan, met="no"), "decision": "not_accepted", "reason": REASON})


class TestTheReferrerKnows:
    def test_presenting_puts_decision_waiting_on_the_referrer_s_list(self, world, login_as,
                                                                     complete_plan, base):
        assert 'id="decisions"' not in login_as("referrer").get("/todo").text
        assert _present(login_as("coordinator"), base, world).status_code == 302
        page = login_as("referrer").get("/todo").text
        assert "Decision waiting" in page
        assert f'href="{base}/v1/decision"' in page

    def test_the_referrer_gets_an_e_mail_with_the_way_to_the_decision(self, world, login_as,
                                                                       complete_plan, base):
        _present(login_as("coordinator"), base, world)
        [message] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to == world.referrer.email)).all()
        assert world.case.reference in message.subject
        assert f"{base}/v1/decision" in message.text_body
        # no names or content of the case in an e-mail
        assert "Noëlle" not in message.text_body and "Jansen" not in message.text_body

    def test_the_case_list_shows_the_decision_waiting(self, world, login_as, complete_plan,
                                                      base):
        _present(login_as("coordinator"), base, world)
        for role in ("referrer", "coordinator"):
            page = login_as(role).get("/cases/").text
            assert "Decision waiting" in page

    def test_once_decided_the_line_leaves_the_list(self, world, login_as, complete_plan, base):
        _present(login_as("coordinator"), base, world)
        _not_accepted(login_as, base, plan_of(world.case))
        assert "Decision waiting" not in login_as("referrer").get("/todo").text
        assert "Decision waiting" not in login_as("referrer").get("/cases/").text

    def test_the_line_is_only_for_the_referrer_of_the_case(self, world, login_as,
                                                           complete_plan, base):
        _present(login_as("coordinator"), base, world)
        assert "Decision waiting" not in login_as("coordinator").get("/todo").text
        assert "Decision waiting" not in login_as("other_coordinator").get("/todo").text


class TestDecisionHistory:
    def test_the_first_decision_stays_on_the_page_after_presenting_again(
            self, world, login_as, presented, base):
        _not_accepted(login_as, base, presented)
        coordinator = login_as("coordinator")
        assert _present(coordinator, base, world).status_code == 302
        plan = plan_of(world.case)
        assert plan.status == PlanStatus.PRESENTED and plan.decision is None
        page = coordinator.get(f"{base}/v1").text
        assert 'id="decision-history"' in page and REASON in page
        assert "Version 1: Not accepted" in page
        assert "Decided by Hélène Verwijzer." in page

    def test_the_decision_form_says_what_was_asked_last_time(self, world, login_as, presented,
                                                             base):
        _not_accepted(login_as, base, presented)
        _present(login_as("coordinator"), base, world)
        page = login_as("referrer").get(f"{base}/v1/decision").text
        assert "What was asked last time" in page and REASON in page

    def test_every_decision_is_kept_with_who_decided_and_the_bottom_lines(
            self, world, login_as, presented, base):
        _not_accepted(login_as, base, presented)
        _present(login_as("coordinator"), base, world)
        plan = plan_of(world.case)
        login_as("coordinator").post(f"{base}/v1/decision", data={
            **_marks(plan), "decision": "accepted", "referrer_name": "Hélène Verwijzer"})
        history = db.session.scalars(select(PlanDecision).order_by(PlanDecision.id)).all()
        assert [d.decision.value for d in history] == ["not_accepted", "accepted"]
        assert history[0].decider == "Hélène Verwijzer" and history[0].reason == REASON
        assert history[0].bottom_lines[0]["met"] is False
        assert history[1].decided_for_referrer == "Hélène Verwijzer"
        assert history[1].decided_by_name == world.coordinator.name

    def test_hostile_reasons_are_shown_escaped(self, world, login_as, presented, base):
        login_as("referrer").post(f"{base}/v1/decision", data={
            **_marks(presented, met="no"), "decision": "not_accepted",
            "reason": "<script>alert(1)</script>"})
        page = login_as("coordinator").get(f"{base}/v1").text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_not_accepted_after_the_decision_tap_returns_to_the_presentation(
        world, login_as, presented, base, at_presentation):
    at_presentation.phase = Phase.DECISION
    db.session.flush()
    _not_accepted(login_as, base, presented)
    db.session.refresh(at_presentation)
    assert at_presentation.phase == Phase.PRESENTATION
    page = login_as("coordinator").get(
        f"/cases/{world.case.reference}/conferences/{at_presentation.id}/day").text
    assert "Back to private family time" in page


def test_a_referrer_from_another_organisation_is_told_to_use_their_personal_link(
        world, login_as, complete_plan, base, db):
    contact = world.case.referrer
    assert contact is not None and contact.user_id is None
    _present(login_as("coordinator"), base, world)
    [message] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to == contact.email)).all()
    assert world.case.reference in message.subject
    assert "personal link" in message.text_body or "persoonlijke link" in message.text_body
    assert "Noëlle" not in message.text_body  # nothing of the case in an e-mail
