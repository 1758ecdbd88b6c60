"""The audit log: every change and every view of case data, read-only, for admins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent, AuditLogIsAppendOnly
from eigenkracht.core.db import utcnow
from tests.factories import AuditEventFactory


def test_the_audit_log_shows_a_coordinators_view_of_a_case(login_as, world):
    login_as("coordinator").get(f"/cases/{world.case.reference}")
    text = login_as("admin").get(f"/admin/audit/?case={world.case.reference}").text
    assert world.coordinator.email in text
    assert world.case.reference in text
    assert "viewed" in text


def test_the_log_filters_by_user(login_as, world):
    login_as("coordinator").get(f"/cases/{world.case.reference}")
    login_as("referrer").get(f"/cases/{world.case.reference}")
    text = login_as("admin").get(f"/admin/audit/?user={world.referrer.id}").text
    rows = text[text.index("<tbody>"):]
    assert world.referrer.email in rows and world.coordinator.email not in rows


def test_the_log_filters_by_date(login_as, world, db):
    AuditEventFactory(organisation_id=world.org.id, summary="long ago",
                      created_at=utcnow() - timedelta(days=40))
    AuditEventFactory(organisation_id=world.org.id, summary="recently")
    since = (utcnow() - timedelta(days=7)).date().isoformat()
    text = login_as("admin").get(f"/admin/audit/?date_from={since}").text
    assert "recently" in text and "long ago" not in text


def test_an_admin_never_sees_events_of_another_organisation(login_as, world):
    AuditEventFactory(organisation_id=world.other_org.id, summary="elders gebeurd")
    assert "elders gebeurd" not in login_as("admin").get("/admin/audit/").text


def test_malformed_filters_do_not_break_the_page(login_as, world):
    client = login_as("admin")
    for query in ("user=abc", "date_from=31-31-2026", "case=" + "x" * 500, "page=zz"):
        assert client.get(f"/admin/audit/?{query}").status_code == 200


def test_audit_events_cannot_be_changed(db):
    event = AuditEventFactory(summary="origineel")
    event.summary = "vervalst"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_audit_events_cannot_be_deleted(db):
    event = AuditEventFactory()
    db.session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_no_route_of_the_app_edits_or_deletes_audit_events(app):
    audit_routes = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in audit_routes)


def test_every_change_to_a_case_writes_an_event(login_as, world, db):
    client = login_as("coordinator")
    client.post(f"/cases/{world.case.reference}/bottom-lines", data={"text": "Nieuw"})
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.case_id == world.case.id)).all()
    assert "create" in actions
