"""The QR code on a printed plan opens the person's own page: printed by the coordinator
right after making the link, or downloaded by the person through it. Never kept on disk."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from eigenkracht.family.models import AccessLink
from eigenkracht.pdf import cache
from eigenkracht.plans import printed as documents
from tests.factories import UserFactory
from tests.fixtures.roles import log_in

TOKEN_FIELD = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture
def printed(monkeypatch):
    """Every QR code drawn into a document: the address it opens."""
    seen: list[str] = []
    original = documents.qr_svg

    def spy(target, **kwargs):
        seen.append(target)
        return original(target, **kwargs)

    monkeypatch.setattr(documents, "qr_svg", spy)
    return seen


@pytest.fixture
def coordinator(app, family):
    user = UserFactory(organisation=family.plan.case.organisation)
    from tests.factories import CaseAssignmentFactory

    CaseAssignmentFactory(case=family.plan.case, user=user)
    return log_in(app.test_client(), user)


def make_link(client, family, person):
    response = client.post(f"/cases/{family.plan.case.reference}/links",
                           data={"person_id": str(person.id)})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    link = db.session.scalars(select(AccessLink).where(AccessLink.person_id == person.id)
                              .order_by(AccessLink.id.desc())).first()
    return page, link


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def test_right_after_making_a_link_the_coordinator_prints_the_plan_with_its_qr_code(
        coordinator, family, printed):
    page, link = make_link(coordinator, family, family.vader)
    assert "Print for Vader Ahmed, with this QR code" in page
    token = TOKEN_FIELD.search(page).group(1)
    assert f"/p/{token}" in page
    response = coordinator.post(
        f"/cases/{family.plan.case.reference}/links/{link.id}/print",
        data={"token": token, "document": "plan", "lang": "ar"})
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert f"-ar-{link.id}.pdf" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    assert printed and printed[-1].endswith(f"/p/{token}")


def test_the_coordinator_prints_the_persons_tasks_with_the_qr_code_too(
        coordinator, family, printed):
    page, link = make_link(coordinator, family, family.vader)
    token = TOKEN_FIELD.search(page).group(1)
    response = coordinator.post(
        f"/cases/{family.plan.case.reference}/links/{link.id}/print",
        data={"token": token, "document": "tasks"})
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "tasks-v" in response.headers["Content-Disposition"]
    assert "-ar-" in response.headers["Content-Disposition"]  # Vader's own language
    assert printed[-1].endswith(f"/p/{token}")


@pytest.mark.parametrize("token", ["", "x" * 101, "not-the-token", "' OR 1=1 --",
                                   "<script>alert(1)</script>"])
def test_without_the_links_own_token_nothing_is_printed(coordinator, family, printed, token):
    make_link(coordinator, family, family.vader)
    link = family.link  # Oma's link: its token is not what is sent
    before = audit_count()
    response = coordinator.post(
        f"/cases/{family.plan.case.reference}/links/{link.id}/print",
        data={"token": token, "document": "plan"})
    assert response.status_code == 404
    assert printed == [] and audit_count() == before


def test_a_revoked_link_is_not_printed(coordinator, family, printed):
    page, link = make_link(coordinator, family, family.vader)
    token = TOKEN_FIELD.search(page).group(1)
    link.revoked_at = datetime.now(UTC)
    db.session.flush()
    response = coordinator.post(
        f"/cases/{family.plan.case.reference}/links/{link.id}/print",
        data={"token": token})
    assert response.status_code == 404 and printed == []


def test_another_organisation_cannot_print_with_a_token_it_saw(app, family, coordinator,
                                                                 printed):
    page, link = make_link(coordinator, family, family.vader)
    token = TOKEN_FIELD.search(page).group(1)
    stranger = log_in(app.test_client(), UserFactory())
    response = stranger.post(f"/cases/{family.plan.case.reference}/links/{link.id}/print",
                             data={"token": token})
    assert response.status_code == 404 and printed == []


def test_the_staff_download_of_the_plan_has_no_qr_code(coordinator, family, printed):
    response = coordinator.get(f"/cases/{family.plan.case.reference}/plan.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert printed == []


def test_the_persons_own_download_carries_their_qr_code_and_is_never_kept(
        client, family, printed):
    before = set(cache.cache_dir().glob("*.pdf")) if cache.cache_dir().exists() else set()
    response = client.get(f"/p/{family.token}/plan.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert printed[-1].endswith(f"/p/{family.token}")
    after = set(cache.cache_dir().glob("*.pdf")) if cache.cache_dir().exists() else set()
    assert after == before


def test_the_plan_page_offers_the_pdf_in_each_family_language(coordinator, family):
    page = coordinator.get(f"/cases/{family.plan.case.reference}/plan/v1").get_data(
        as_text=True)
    assert "Download the plan as PDF" in page
    for name in ("Nederlands", "English", "Türkçe", "العربية", "Polski"):
        assert name in page
