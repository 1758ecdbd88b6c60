""""Who looked at my file": the client's overview, from the case page, printable and as PDF,
in the family's language and in plain words (NEN 7513; AVG/GDPR article 15)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core import clock
from tests.pdf.conftest import normalised, pdf_text

PAGE = "/cases/{}/who-looked"


def _table(text: str) -> str:
    return text[text.index("<tbody>"):text.index("</tbody>")] if "<tbody>" in text else ""


def _some_use(login_as, world):
    with clock.frozen(datetime(2026, 11, 2, 10, 0, tzinfo=UTC)):
        login_as("coordinator").get(f"/cases/{world.case.reference}")
        login_as("coordinator").get(f"/cases/{world.case.reference}")
        login_as("referrer").get(f"/cases/{world.case.reference}")
        login_as("unassigned_coordinator").get(f"/cases/{world.case.reference}")  # refused


def test_the_case_page_leads_to_the_overview(login_as, world):
    text = login_as("coordinator").get(f"/cases/{world.case.reference}").text
    assert f'href="/cases/{world.case.reference}/who-looked"' in text


def test_the_overview_names_everyone_with_role_organisation_and_how_often(login_as, world):
    _some_use(login_as, world)
    with clock.frozen(datetime(2026, 12, 6, 10, 0, tzinfo=UTC)):
        text = login_as("coordinator").get(
            PAGE.format(world.case.reference) + "?lang=en&from=2026-11-01&to=2026-11-30").text
    rows = _table(text)
    assert "Sjoerd Coördinator (Jeugdzorg Rijnmond)" in rows
    assert "Hélène Verwijzer (Jeugdzorg Rijnmond)" in rows and "referrer" in rows
    assert "looked at it" in rows
    assert "<td>2</td>" in rows  # the coordinator, twice
    assert "1 time someone tried to open your file without being allowed" in text
    assert "coordinator2@rijnmond.example" not in text  # refused: counted, not named


def test_the_period_leaves_out_what_happened_outside_it(login_as, world):
    _some_use(login_as, world)
    text = login_as("coordinator").get(
        PAGE.format(world.case.reference) + "?lang=en&from=2026-12-01&to=2026-12-02").text
    assert "Nobody opened your file in this period." in text


def test_a_family_member_with_a_link_is_named_by_first_name(login_as, world, db):
    from eigenkracht.audit.services import Actor, record

    record("view", world.case, case=world.case,
           actor=Actor(label="personal link: Chloë", organisation_id=world.org.id))
    db.session.commit()
    text = login_as("coordinator").get(PAGE.format(world.case.reference) + "?lang=en").text
    assert "Chloë" in _table(text) and "family or network, with a personal link" in text


def test_the_overview_is_in_dutch_and_arabic_right_to_left(login_as, world):
    _some_use(login_as, world)
    client = login_as("coordinator")
    dutch = client.get(PAGE.format(world.case.reference) + "?lang=nl&from=2026-11-01").text
    assert "Wie heeft uw dossier bekeken" in dutch and "heeft het bekeken" in dutch
    arabic = client.get(PAGE.format(world.case.reference) + "?lang=ar&from=2026-11-01").text
    assert 'lang="ar" dir="rtl"' in arabic and "من اطّلع على ملفكم" in arabic


def test_the_pdf_in_arabic_is_marked_arabic_and_right_to_left(login_as, world, db):
    _some_use(login_as, world)
    response = login_as("coordinator").get(
        PAGE.format(world.case.reference) + ".pdf?lang=ar&from=2026-11-01")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert PdfReader(io.BytesIO(response.data)).trailer["/Root"]["/Lang"] == "ar"
    text = normalised(pdf_text(response.data))
    assert normalised("من اطّلع على ملفكم") in text
    assert "Sjoerd" in text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "download")
                              .order_by(AuditEvent.id.desc()))
    assert event.details["document"] == "who_looked" and event.case_id == world.case.id


def test_the_pdf_in_dutch(login_as, world):
    _some_use(login_as, world)
    response = login_as("coordinator").get(
        PAGE.format(world.case.reference) + ".pdf?lang=nl&from=2026-11-01")
    text = pdf_text(response.data)
    assert "Wie heeft uw dossier bekeken" in text and "Hélène Verwijzer" in text


def test_only_staff_who_may_see_the_case_get_it(login_as, world):
    for role in ("unassigned_coordinator", "privacy_officer", "other_coordinator"):
        assert login_as(role).get(PAGE.format(world.case.reference)).status_code == 404


def test_malformed_input_is_answered_calmly(login_as, world):
    client = login_as("coordinator")
    url = PAGE.format(world.case.reference)
    assert client.get(url + "?from=2026-13-45").status_code == 400
    assert client.get(url + "?lang=xx").status_code == 400
    assert client.get(url + "?from=2030-01-01&to=2020-01-01").status_code == 200  # swapped
    assert client.get(url + "?from=1900-01-01").status_code == 200  # cut to ten years
