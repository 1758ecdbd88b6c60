"""WeasyPrint fails while a plan is printed: the coordinator, the family and the CLI are
each told plainly, in their language, that the document could not be made; the failure is
logged; nothing half-written is kept, and the next good render is served and kept.

WeasyPrint's ``write_pdf`` is made to raise, as a broken font or a bug in it would; the
app's own code runs as it does in production. (``tests/pdf/test_versions_and_cache.py``
covers the staff page with ``html_to_pdf`` replaced and a server without WeasyPrint.)
"""

from __future__ import annotations

import logging
import os

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.plans.models import Action
from tests.fixtures.roles import MATRIX_FAMILY_TOKEN
from tests.pdf import conftest as pdf_fixtures
from tests.pdf.conftest import plan_url

# The world's plan, accepted and ready to print (tests/pdf/conftest.py).
plan = pdf_fixtures.plan

DUTCH_MESSAGE = "Het document kon niet worden gemaakt. Er is niets gewijzigd."


class Broken:
    """Switch WeasyPrint's PDF writer off and on again."""

    def __init__(self, monkeypatch) -> None:
        self.monkeypatch = monkeypatch
        self.calls = 0

    def on(self) -> None:
        import weasyprint
        from weasyprint.document import Document

        def write_pdf(*args, **kwargs):
            self.calls += 1
            raise ValueError("a font table WeasyPrint cannot read")

        self.monkeypatch.setattr(weasyprint.HTML, "write_pdf", write_pdf)
        self.monkeypatch.setattr(Document, "write_pdf", write_pdf)

    def off(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def weasyprint_broken(monkeypatch):
    broken = Broken(monkeypatch)
    broken.on()
    return broken


@pytest.fixture
def kept_pdfs(app, tmp_path):
    """Kept PDFs go to a folder of this test alone."""
    app.config["PDF_CACHE_DIR"] = str(tmp_path / "pdf-cache")
    yield tmp_path / "pdf-cache"
    app.config.pop("PDF_CACHE_DIR", None)


@pytest.fixture
def dutch_coordinator(world, login_as):
    world.coordinator.locale = "nl"
    db.session.flush()
    return login_as("coordinator")


def family_member(world, language: str) -> Person:
    """The uncle of the world's plan, who holds the world's personal link."""
    uncle = db.session.get(Action, world.extra_ids["action"]).people[0]
    uncle.language = language
    db.session.flush()
    return uncle


def files_in(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


# --- the coordinator's download -------------------------------------------------------------

def test_the_download_gives_a_dutch_page_that_says_to_try_again_not_a_broken_file(
        world, plan, kept_pdfs, dutch_coordinator, weasyprint_broken):
    response = dutch_coordinator.get(f"/cases/{world.case.reference}/plan.pdf")
    assert response.status_code == 503  # try again later: see tests/pdf
    assert response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers
    assert DUTCH_MESSAGE in response.text
    assert "Probeer het zo opnieuw" in response.text and "beheerder" in response.text
    assert weasyprint_broken.calls == 1


def test_the_failure_is_logged_but_not_shown(world, plan, kept_pdfs, dutch_coordinator,
                                            weasyprint_broken, caplog):
    caplog.set_level(logging.ERROR)
    response = dutch_coordinator.get(f"/cases/{world.case.reference}/plan.pdf")
    messages = [r.getMessage() for r in caplog.records]
    assert "rendering a PDF failed" in messages
    assert any("could not be made" in m and "WeasyPrint failed: ValueError" in m
               for m in messages)
    assert "font table" not in response.text and "Traceback" not in response.text
    assert "ValueError" not in response.text


def test_a_failed_download_is_not_audited_as_a_download(world, plan, kept_pdfs,
                                                        dutch_coordinator, weasyprint_broken):
    dutch_coordinator.get(f"/cases/{world.case.reference}/plan.pdf")
    downloads = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "download"))
    assert list(downloads) == []


# --- the PDF cache --------------------------------------------------------------------------

def test_a_failed_render_leaves_nothing_in_the_cache(world, plan, kept_pdfs, login_as,
                                                     weasyprint_broken):
    login_as("coordinator").get(plan_url(world, lang="en"))
    assert files_in(kept_pdfs) == []


def test_after_a_failure_the_next_good_render_is_served_and_kept(world, plan, kept_pdfs,
                                                                 login_as, weasyprint_broken):
    client = login_as("coordinator")
    assert client.get(plan_url(world, lang="en")).status_code == 503
    weasyprint_broken.off()
    good = client.get(plan_url(world, lang="en"))
    assert good.status_code == 200 and good.mimetype == "application/pdf"
    assert good.data.startswith(b"%PDF") and good.data.rstrip().endswith(b"%%EOF")
    [kept] = files_in(kept_pdfs)
    assert "-plan-en-" in kept and kept.endswith(".pdf")  # the whole file, no temporary
    again = client.get(plan_url(world, lang="en"))
    assert again.data == good.data
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "download")
                                .order_by(AuditEvent.id))
    assert [e.details["kept"] for e in events] == [False, True]


def test_a_cache_that_fails_while_writing_keeps_no_partial_file_and_still_serves(
        world, plan, kept_pdfs, login_as, monkeypatch):
    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert files_in(kept_pdfs) == []  # neither the PDF nor its temporary file


# --- the family's PDF button ----------------------------------------------------------------

def test_the_family_pdf_button_says_in_their_language_to_try_again_later(
        world, plan, client, weasyprint_broken):
    family_member(world, "tr")
    response = client.get(f"/p/{MATRIX_FAMILY_TOKEN}/plan.pdf")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert "Belge oluşturulamadı" in response.text
    assert "Daha sonra tekrar deneyin." in response.text
    assert world.org.name in response.text  # whom to contact
    assert "Traceback" not in response.text and "ValueError" not in response.text


def test_the_family_tasks_pdf_fails_the_same_kind_way(world, plan, client, weasyprint_broken):
    family_member(world, "nl")
    response = client.get(f"/p/{MATRIX_FAMILY_TOKEN}/tasks.pdf")
    assert response.status_code == 503
    assert "Het document kon niet worden gemaakt" in response.text
    assert "Probeer het later opnieuw." in response.text


def test_the_family_page_itself_still_works_while_pdfs_fail(world, plan, client,
                                                            weasyprint_broken):
    family_member(world, "nl")
    assert client.get(f"/p/{MATRIX_FAMILY_TOKEN}/plan.pdf").status_code == 503
    page = client.get(f"/p/{MATRIX_FAMILY_TOKEN}")
    assert page.status_code == 200
    assert db.session.get(Action, world.extra_ids["action"]).what in page.text


# --- the command line -----------------------------------------------------------------------

def test_the_cli_says_the_pdf_could_not_be_made_and_writes_no_file(app, world, plan,
                                                                   kept_pdfs, tmp_path,
                                                                   weasyprint_broken):
    out = tmp_path / "plan.pdf"
    result = app.test_cli_runner().invoke(args=["plan", "pdf", world.case.reference,
                                                "-o", str(out)])
    assert result.exit_code == 1
    assert "The PDF could not be made: WeasyPrint failed: ValueError" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert files_in(kept_pdfs) == []
