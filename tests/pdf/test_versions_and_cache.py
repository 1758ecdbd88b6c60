"""Which version is printed, and a frozen version's PDF made once and kept."""

from __future__ import annotations

import pytest

from eigenkracht.extensions import db
from eigenkracht.pdf import render, views
from eigenkracht.plans.models import PlanStatus
from tests.factories import PlanFactory
from tests.pdf.conftest import pdf_text, plan_url


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """The plan versions actually rendered (not served from the kept copies)."""
    made: list[int] = []
    original = views.render_plan

    def counting(case, plan, lang):
        made.append(plan.version)
        return original(case, plan, lang)

    monkeypatch.setattr(views, "render_plan", counting)
    return made


def test_without_a_version_the_latest_accepted_one_is_printed(login_as, world, plan):
    PlanFactory(case=world.case, version=2, status=PlanStatus.DRAFT)
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.headers["Content-Disposition"].endswith('-v1-en.pdf"')


def test_without_an_accepted_version_the_latest_is_printed(login_as, world):
    PlanFactory(case=world.case, version=2, status=PlanStatus.DRAFT)
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.headers["Content-Disposition"].endswith('-v2-en.pdf"')


@pytest.mark.parametrize("version", ["7", "0", "-1", "abc", "1.5", "9999999"])
def test_a_version_the_case_does_not_have_is_not_found(login_as, world, plan, version):
    assert login_as("coordinator").get(
        plan_url(world, version=version)).status_code == 404


def test_a_version_of_another_case_is_not_found(login_as, world):
    PlanFactory(case=world.other_case, version=5)
    assert login_as("coordinator").get(plan_url(world, version=5)).status_code == 404


def test_a_case_without_a_plan_has_no_pdf(login_as, world):
    from tests.factories import CaseAssignmentFactory, CaseFactory

    case = CaseFactory(organisation=world.org)
    CaseAssignmentFactory(case=case, user=world.coordinator)
    assert login_as("coordinator").get(f"/cases/{case.reference}/plan.pdf").status_code == 404


def test_an_accepted_version_is_made_once_and_kept(login_as, world, plan, renders, kept_pdfs):
    client = login_as("coordinator")
    first = client.get(plan_url(world, lang="tr")).data
    second = client.get(plan_url(world, lang="tr")).data
    assert renders == [1]
    assert first == second
    assert len(list(kept_pdfs.glob("*.pdf"))) == 1


def test_each_language_is_kept_apart(login_as, world, plan, renders):
    client = login_as("coordinator")
    for lang in ("tr", "pl", "tr"):
        client.get(plan_url(world, lang=lang))
    assert renders == [1, 1]


def test_a_version_that_changed_is_made_again_and_the_old_copy_goes(
        login_as, world, plan, renders, kept_pdfs):
    client = login_as("coordinator")
    client.get(plan_url(world, lang="en"))
    plan.status = PlanStatus.SUPERSEDED  # its row changes: row_version goes up
    db.session.flush()
    text = pdf_text(client.get(plan_url(world, version=1, lang="en")).data)
    assert renders == [1, 1]
    assert "replaced by a later version" in text
    assert len(list(kept_pdfs.glob("*.pdf"))) == 1


def test_a_draft_is_never_kept(login_as, world, renders, kept_pdfs):
    client = login_as("coordinator")
    client.get(plan_url(world, lang="en"))
    client.get(plan_url(world, lang="en"))
    assert renders == [1, 1]
    assert not kept_pdfs.exists() or not list(kept_pdfs.glob("*.pdf"))


def test_a_kept_download_is_audited_too(login_as, world, plan):
    from sqlalchemy import select

    from eigenkracht.audit.models import AuditEvent

    client = login_as("coordinator")
    client.get(plan_url(world, lang="en"))
    client.get(plan_url(world, lang="en"))
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "download")
                                .order_by(AuditEvent.id)).all()
    assert [e.details["kept"] for e in events] == [False, True]


def test_a_pdf_that_cannot_be_made_gives_an_error_page(login_as, world, plan, monkeypatch):
    def broken(html, images=None, fetcher=None):
        raise render.PdfError("WeasyPrint failed: ValueError")

    monkeypatch.setattr(render, "html_to_pdf", broken)
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.mimetype == "text/html"
    assert "The document could not be made. Nothing has been changed." in response.text
    assert "Traceback" not in response.text


def test_a_server_without_weasyprint_says_documents_cannot_be_printed(
        login_as, world, plan, monkeypatch):
    def missing():
        raise render.PdfUnavailable("no Pango")

    monkeypatch.setattr(render, "_weasyprint", missing)
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.status_code == 503
    assert "Documents cannot be printed on this server" in response.text
