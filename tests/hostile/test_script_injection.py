"""Script injection into fields that are shown again where the feature tests do not cover
it yet (tests/hostile/test_shown_again.py lists where every field is covered): the plan
PDF, the invitation e-mail, a stored javascript: meeting link, formula payloads in CSV."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from eigenkracht.cases.models import CaseKind
from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.plans.models import Action, Plan
from tests.factories import CaseAssignmentFactory, CaseFactory, PersonFactory

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
JS_LINK = "javascript:alert(1)"
DDE = "=cmd|' /C calc'!A0"


def _pdf_text_and_links(pdf: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            links.append(str(action.get("/URI") or action.get("/JS") or ""))
    return text, links


@pytest.fixture
def own_pdf_cache(app, tmp_path):
    """Kept PDFs of this test alone (another test's PDF of the same plan must not answer)."""
    app.config["PDF_CACHE_DIR"] = str(tmp_path / "pdf-cache")
    yield
    app.config.pop("PDF_CACHE_DIR", None)


def test_hostile_plan_text_is_printed_as_text_and_makes_no_link(login_as, world,
                                                                own_pdf_cache):
    plan = db.session.scalar(select(Plan).where(Plan.case_id == world.case.id))
    plan.going_well = SCRIPT
    plan.contingency = JS_LINK
    db.session.get(Action, world.extra_ids["action"]).what = IMAGE
    db.session.flush()
    response = login_as("coordinator").get(f"/cases/{world.case.reference}/plan.pdf?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text, links = _pdf_text_and_links(response.data)
    # Where a line breaks depends on the rest of the page: compare without whitespace.
    letters = "".join(text.split())
    for typed in (SCRIPT, JS_LINK, IMAGE):
        assert "".join(typed.split()) in letters, text
    assert not any(link.lower().startswith("javascript:") for link in links), links
    assert b"/JavaScript" not in response.data and b"/JS " not in response.data


def _world_invitation(world, **person) -> Invitation:
    invitation = db.session.get(Invitation, world.extra_ids["invitation"])
    for name, value in person.items():
        setattr(invitation.person, name, value)
    return invitation


def test_the_invitation_email_shows_typed_text_escaped(login_as, world):
    invitation = _world_invitation(world, name=f"Fatma {SCRIPT}", email="fatma@example.org")
    conference = invitation.conference
    conference.venue_address = IMAGE
    conference.practical_notes = SCRIPT
    db.session.flush()
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}"
        f"/invitations/{invitation.id}/send")
    assert response.status_code == 302
    message = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.invitation_id == invitation.id).order_by(OutboxMessage.id.desc()))
    assert "<script>" not in message.html_body and "<img src=x" not in message.html_body
    assert "&lt;script&gt;" in message.html_body or "&lt;img" in message.html_body


@pytest.mark.parametrize("page", ["conference", "answer"])
def test_a_stored_javascript_meeting_link_is_never_a_link(page, login_as, client, world):
    """The form refuses such a link; one that came in another way (an old record, an
    import) is shown as text, not as something to click."""
    conference = db.session.get(Conference, world.extra_ids["conference"])
    conference.meeting_link = JS_LINK
    db.session.flush()
    if page == "conference":
        response = login_as("coordinator").get(
            f"/cases/{world.case.reference}/conferences/{conference.id}")
    else:
        response = client.get(f"/a/{world.extra_ids['answer_token']}")
    assert response.status_code == 200
    assert 'href="javascript:' not in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("export", ["network", "caseload"])
def test_a_dde_formula_starts_with_a_quote_in_every_csv_export(export, login_as, world):
    if export == "network":
        PersonFactory(case=world.case, name=DDE)
        path, column = f"/cases/{world.case.reference}/network/export.csv", "name"
    else:  # the caseload lists the client's name
        case = CaseFactory(organisation=world.org, kind=CaseKind.WORK, client_first_name=DDE)
        CaseAssignmentFactory(case=case, user=world.coordinator)
        path, column = "/jobs/caseload.csv", None
    response = login_as("coordinator").get(path)
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row if "cmd|" in cell]
    assert cells and all(cell.startswith("'=") for cell in cells), cells
    assert column is None or column in rows[0]
