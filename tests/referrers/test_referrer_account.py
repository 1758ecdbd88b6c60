"""A referrer with an account keeps using it: they write the bottom lines on the case page
before the conference, audited as themselves, and no longer after it."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import BottomLine, CaseStatus
from eigenkracht.extensions import db


def test_the_referrer_with_an_account_adds_a_bottom_line_before_the_conference(login_as,
                                                                              world):
    client = login_as("referrer")
    page = client.get(f"/cases/{world.case.reference}")
    assert f'action="/cases/{world.case.reference}/bottom-lines"' in page.text
    response = client.post(f"/cases/{world.case.reference}/bottom-lines",
                           data={"text": "Geen alcohol in huis.", "submission": "acc-line-1"})
    assert response.status_code == 302
    assert db.session.scalar(select(BottomLine).where(
        BottomLine.case_id == world.case.id, BottomLine.text == "Geen alcohol in huis."))
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "create", AuditEvent.object_type == "bottom_line")).all()[-1]
    assert event.actor_id == world.referrer.id


def test_after_the_conference_the_referrer_reads_them_only(login_as, world):
    world.case.status = CaseStatus.FOLLOW_UP
    db.session.flush()
    client = login_as("referrer")
    assert client.post(f"/cases/{world.case.reference}/bottom-lines",
                       data={"text": "Te laat"}).status_code == 403
    page = client.get(f"/cases/{world.case.reference}")
    assert f'action="/cases/{world.case.reference}/bottom-lines"' not in page.text


def test_the_referrer_still_cannot_edit_the_case_itself(login_as, world):
    assert login_as("referrer").get(f"/cases/{world.case.reference}/edit").status_code == 403
