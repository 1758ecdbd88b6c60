"""Family links stay light but safe (issue 17, point 4): a link shows only the data of its
person's plan; the access code can be required (or changed, or dropped) per link; links end
with the plan's review date unless renewed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.family import services
from eigenkracht.family.models import AccessLink
from eigenkracht.plans.models import PlanStatus
from tests.factories import (
    AccessLinkFactory,
    ActionFactory,
    CaseFactory,
    PersonFactory,
    PlanFactory,
)


def test_the_page_shows_the_plan_and_nothing_else_of_the_case(client, family):
    case = family.plan.case
    case.concerns = "GEHEIM: zorgen over moeder"
    case.central_question = "Centrale vraag van het dossier"
    family.vader.phone, family.vader.email = "0612345678", "ahmed@example.org"
    family.vader.notes = "Notitie van de coördinator over vader"
    PlanFactory(case=case, status=PlanStatus.DRAFT, version=family.plan.version + 1,
                central_question="Concept: nog niet besproken")
    db.session.flush()
    page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert "Oma haalt Noëlle op woensdag op" in page  # the plan
    for secret in ("GEHEIM", "0612345678", "ahmed@example.org", "Notitie van de",
                   "Concept: nog niet besproken", "Centrale vraag van het dossier"):
        assert secret not in page, secret


def test_a_link_never_shows_another_case_of_the_same_organisation(client, family):
    other = CaseFactory(organisation=family.plan.case.organisation)
    neighbour = PersonFactory(case=other, name="Buurman Piet")
    other_plan = PlanFactory(case=other, status=PlanStatus.ACCEPTED,
                             central_question="Een ander gezin")
    ActionFactory(plan=other_plan, people=[neighbour], what="Piet kookt op vrijdag")
    db.session.flush()
    page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert "Piet kookt op vrijdag" not in page and "Een ander gezin" not in page


def test_a_link_ends_with_the_review_date(app, family):
    family.plan.evaluation_date = date(2027, 3, 1)
    db.session.flush()
    made = services.create_link(family.plan.case, family.vader, None,
                                now=datetime(2026, 12, 6, 10, tzinfo=UTC))
    assert clock.to_local(made.link.expires_at).date() == date(2027, 3, 1)
    with clock.frozen(datetime(2027, 3, 2, 9, tzinfo=UTC)):
        assert services.link_state(made.link) == "expired"


def test_renewing_lets_an_expired_link_work_until_the_next_review(login_as, world, db):
    link = db.session.get(AccessLink, world.extra_ids["family_link"])
    link.expires_at = clock.now() - timedelta(days=1)
    db.session.commit()
    answer = login_as("coordinator").post(
        f"/cases/{world.case.reference}/links/{link.id}/renew")
    assert answer.status_code == 302
    db.session.expire_all()
    renewed = db.session.get(AccessLink, link.id)
    assert renewed.expires_at > clock.now() and services.link_state(renewed) == "open"
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "access_link", AuditEvent.action == "update"))
    assert "renewed" in event.details


def test_a_revoked_link_cannot_be_renewed(login_as, world, db):
    link = db.session.get(AccessLink, world.extra_ids["family_link"])
    services.revoke(link)
    db.session.commit()
    client = login_as("coordinator")
    client.post(f"/cases/{world.case.reference}/links/{link.id}/renew")
    db.session.expire_all()
    assert services.link_state(db.session.get(AccessLink, link.id)) == "revoked"
    assert "revoked" in client.get(f"/cases/{world.case.reference}/links").text


def test_a_code_can_be_required_on_an_existing_link(login_as, world, db, app):
    link = db.session.get(AccessLink, world.extra_ids["family_link"])
    token = "code-later-token-0123456789abcdefghijklmnopqrstuvw"
    link.token_hash = services.hash_token(token)
    db.session.commit()
    family_browser = app.test_client()
    assert "Enter your access code" not in family_browser.get(f"/p/{token}?lang=en").text
    staff = login_as("coordinator")
    staff.post(f"/cases/{world.case.reference}/links/{link.id}/code", data={"code": "4711"})
    assert "Enter your access code" in family_browser.get(f"/p/{token}?lang=en").text
    assert family_browser.post(f"/p/{token}", data={"code": "4711"}).status_code == 302
    assert "Enter your access code" not in family_browser.get(f"/p/{token}?lang=en").text
    # A new code: whoever gave the old one is asked again.
    staff.post(f"/cases/{world.case.reference}/links/{link.id}/code", data={"code": "8080"})
    assert "Enter your access code" in family_browser.get(f"/p/{token}?lang=en").text
    # No code any more: the page opens at once.
    staff.post(f"/cases/{world.case.reference}/links/{link.id}/code", data={"code": ""})
    assert "Enter your access code" not in family_browser.get(f"/p/{token}?lang=en").text


def test_a_too_short_or_too_long_code_is_refused_and_nothing_changes(login_as, world, db):
    link = db.session.get(AccessLink, world.extra_ids["family_link"])
    before = link.code_hash
    client = login_as("coordinator")
    for code in ("12", "x" * 65):
        client.post(f"/cases/{world.case.reference}/links/{link.id}/code", data={"code": code})
        db.session.expire_all()
        assert db.session.get(AccessLink, link.id).code_hash == before
    assert "An access code has 4 to 64 characters" in client.get(
        f"/cases/{world.case.reference}/links").text


def test_a_link_of_another_case_cannot_be_changed_here(login_as, world):
    other = login_as("other_coordinator")
    url = f"/cases/EK-2026-0002/links/{world.extra_ids['family_link']}"
    assert other.post(url + "/renew").status_code == 404
    assert other.post(url + "/code", data={"code": "4711"}).status_code == 404


__all__ = ["AccessLinkFactory"]
