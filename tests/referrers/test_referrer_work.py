"""Behind the link: bottom lines before the conference, the presented plan, the decision
per bottom line — every step audited as the referrer, and seen by the coordinator."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import BottomLine, CaseStatus
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.plans.models import Decision, PlanStatus
from tests.plans.conftest import (  # noqa: F401 (fixtures)
    at_presentation,
    complete_plan,
    conference,
    plan,
    presented,
)
from tests.referrers.conftest import TOKEN

AS_REFERRER = "referrer: Sanne Bakker (Jeugdbescherming Regio)"


def _lines(case):
    return [b.text for b in db.session.scalars(
        select(BottomLine).where(BottomLine.case_id == case.id).order_by(BottomLine.position))]


def test_the_referrer_adds_a_bottom_line_audited_as_them(unlocked, world, login_as):
    response = unlocked.post(f"/r/{TOKEN}/bottom-lines",
                             data={"text": "Er is elke dag een volwassene thuis.",
                                   "submission": "referrer-line-0001"})
    assert response.status_code == 302
    assert _lines(world.case)[-1] == "Er is elke dag een volwassene thuis."
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "create", AuditEvent.object_type == "bottom_line",
        AuditEvent.case_id == world.case.id)).all()[-1]
    assert event.actor_label == AS_REFERRER and event.actor_id is None
    page = login_as("coordinator").get(f"/cases/{world.case.reference}")
    assert "Er is elke dag een volwassene thuis." in page.text


def test_the_referrer_changes_and_removes_a_bottom_line(unlocked, world):
    line = world.case.bottom_lines[0]
    assert unlocked.post(f"/r/{TOKEN}/bottom-lines/{line.id}", data={
        "text": "Noëlle is elke schooldag op tijd.", "row_version": line.row_version}) \
        .status_code == 302
    assert _lines(world.case)[0] == "Noëlle is elke schooldag op tijd."
    assert unlocked.post(f"/r/{TOKEN}/bottom-lines/{line.id}/delete").status_code == 302
    assert "Noëlle is elke schooldag op tijd." not in _lines(world.case)


def test_empty_over_long_and_stale_bottom_lines_are_refused(unlocked, world):
    assert unlocked.post(f"/r/{TOKEN}/bottom-lines", data={"text": "  "}).status_code == 422
    assert unlocked.post(f"/r/{TOKEN}/bottom-lines", data={"text": "x" * 1001}) \
        .status_code == 422
    line = world.case.bottom_lines[0]
    stale = unlocked.post(f"/r/{TOKEN}/bottom-lines/{line.id}", data={
        "text": "Mijn versie", "row_version": line.row_version - 1 or 999})
    assert stale.status_code == 409
    assert "Someone else changed this bottom line" in stale.text


def test_after_the_conference_the_bottom_lines_are_closed(unlocked, world):
    world.case.status = CaseStatus.CONFERENCE
    db.session.flush()
    before = _lines(world.case)
    response = unlocked.post(f"/r/{TOKEN}/bottom-lines", data={"text": "Te laat"})
    assert response.status_code == 422
    assert "can no longer be changed" in response.text
    assert _lines(world.case) == before


def test_the_plan_is_shown_once_presented(unlocked, world, presented):  # noqa: F811
    assert unlocked.get(f"/r/{TOKEN}/plan").status_code == 302  # presented_at not set yet
    presented.presented_at = clock.now()
    db.session.flush()
    page = unlocked.get(f"/r/{TOKEN}/plan")
    assert page.status_code == 200
    assert "Oom Kees brengt haar op dinsdag." in page.text


def test_the_referrer_decides_per_bottom_line_with_reasons(unlocked, world, presented,  # noqa: F811
                                                           at_presentation, login_as):  # noqa: F811
    presented.presented_at = clock.now()
    world.case.status = CaseStatus.CONFERENCE
    db.session.flush()
    line = presented.bottom_lines[0]
    refused = unlocked.post(f"/r/{TOKEN}/decision", data={
        "row_version": presented.row_version, f"met_{line.id}": "no",
        "decision": "accepted"})
    assert refused.status_code == 422  # accepting with an unmet line needs a reason
    response = unlocked.post(f"/r/{TOKEN}/decision", data={
        "row_version": presented.row_version, f"met_{line.id}": "yes",
        f"actions_{line.id}": [presented.actions[0].id],
        f"note_{line.id}": "Goed geregeld met oom Kees.",
        "decision": "accepted_with_changes", "reason": "Graag een vervanger voor oom Kees."})
    assert response.status_code == 302, response.text[:2000]
    db.session.expire_all()
    decided = db.session.get(type(presented), presented.id)
    assert decided.status == PlanStatus.ACCEPTED
    assert decided.decision == Decision.ACCEPTED_WITH_CHANGES
    assert decided.decided_by_id is None
    assert decided.decided_by_referrer_id == world.case.referrer.id
    assert decided.bottom_lines[0].note == "Goed geregeld met oom Kees."
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "decide")).one()
    assert event.actor_label == AS_REFERRER
    assert world.case.status == CaseStatus.FOLLOW_UP
    # the coordinator sees who decided, and why
    page = login_as("coordinator").get(f"/cases/{world.case.reference}/plan/v1")
    assert "Sanne Bakker (Jeugdbescherming Regio)" in page.text
    assert "personal link" in page.text
    assert "Graag een vervanger voor oom Kees." in page.text


def test_no_decision_without_a_presented_plan(unlocked, world):
    response = unlocked.get(f"/r/{TOKEN}/decision")
    assert response.status_code == 302
