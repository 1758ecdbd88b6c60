"""The plan as a PDF a family signs: what is on the paper, and who gets it."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from tests.pdf.conftest import ACTIONS, pdf_pages, pdf_text, plan_url


def test_the_plan_names_every_action_every_participant_and_its_version(english_plan_pdf):
    text = pdf_text(english_plan_pdf)
    for what in ACTIONS:
        assert what in text
    assert "Oom Kees" in text  # the world's own action
    for name in ("Oma Truus", "Tante Riëtte"):  # present at the conference: they sign
        assert name in text.split("Signatures", 1)[1]
    assert "Version 1" in text


def test_the_footer_counts_the_pages_the_paper_has(english_plan_pdf):
    pages = pdf_pages(english_plan_pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_the_first_page_has_the_first_name_date_coordinator_and_version(english_plan_pdf):
    pdf = english_plan_pdf
    first = pdf_pages(pdf)[0]
    assert "The plan of Noëlle" in first
    assert "Sjoerd Coördinator" in first
    assert re.search(r"Version 1\b", first)
    assert re.search(r"Date of the plan \w+ \d{1,2}, 20\d\d", first)
    assert "Jansen" not in pdf_text(pdf)  # the client's surname: never, anywhere


def test_the_plan_lists_the_actions_per_person_and_per_bottom_line(english_plan_pdf):
    text = pdf_text(english_plan_pdf)
    by_person = text.split("Who does what", 1)[1]
    headings = "What Together with When Support needed"
    assert by_person.index(headings) < by_person.index("Oma Truus")
    # each person's name stands above their actions, each action with its number
    assert re.search(r"Oma Truus \d+\. " + re.escape(ACTIONS[0]), by_person)
    assert "Support needed: Een fietszitje" in by_person
    # an action two people share stands under each, with the other one beside it
    assert re.search(r"Tante Riëtte \d+\. " + re.escape(ACTIONS[1]) + " ?Noëlle", by_person)
    assert re.search(r"Noëlle \d+\. " + re.escape(ACTIONS[1]) + " ?Tante Riëtte", by_person)
    assert ACTIONS[2] in by_person.split("Nobody responsible yet", 1)[1]
    conditions = text.split("Conditions the plan must meet", 1)[1].split("Who does what")[0]
    assert "Noëlle gaat elke dag naar school." in conditions
    assert ACTIONS[0] in conditions  # the action that meets it
    assert ACTIONS[1] not in conditions


def test_the_column_headings_stand_on_every_page_the_actions_run_onto(english_plan_pdf):
    pages = pdf_pages(english_plan_pdf)
    first = next(i for i, page in enumerate(pages) if "Who does what" in page)
    last = next(i for i, page in enumerate(pages) if "Other agreements" in page)
    assert last > first  # the actions run onto a second page
    for page in pages[first:last + 1]:
        assert "What Together with When Support needed" in page


def test_the_network_map_is_printed_with_the_names_on_it(english_plan_pdf):
    """The map is drawn by WeasyPrint as vector shapes and text: its names are on it as
    words; under it the same names as text, per sector and ring."""
    text = pdf_text(english_plan_pdf)
    network = text.split("The network", 1)[1].split("Signatures", 1)[0]
    listed = network.split("Who is on the map", 1)[1]
    assert "Oma Truus" in listed and "Tante Riëtte" in listed
    assert "Family" in listed and "Close:" in listed
    assert _map_images(english_plan_pdf) == []  # vector, not a picture


def _map_images(pdf: bytes) -> list[str]:
    """The filters of the pictures on the PDF's pages (DCTDecode: a JPEG)."""
    import io

    from pypdf import PdfReader

    found = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        objects = (page["/Resources"].get("/XObject") or {}).values()
        for xobject in (o.get_object() for o in objects):
            if xobject.get("/Subtype") == "/Image":
                found.add(str(xobject.get("/Filter")))
    return sorted(found)


def test_a_map_with_arabic_names_is_a_picture_with_its_words_joined(login_as, world, plan):
    """WeasyPrint would set the Arabic letters of a name one by one, unjoined: such a map
    is made a picture by resvg (in the shipped Noto fonts) and the names follow as text."""
    from tests.factories import PersonFactory

    PersonFactory(case=world.case, name="فاطمة العلوي", language="ar")
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.status_code == 200
    assert _map_images(response.data) == ["/DCTDecode"]
    listed = pdf_text(response.data).split("Who is on the map", 1)[1]
    assert "Oma Truus" in listed


def test_the_download_is_a_named_attachment_and_audited(login_as, world, plan):
    response = login_as("referrer").get(plan_url(world, version=1, lang="pl"))
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="plan-EK-2026-0001-v1-pl.pdf"')
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "download")).one()
    assert (event.case_reference, event.object_type) == ("EK-2026-0001", "plan")
    assert event.details["lang"] == "pl" and event.details["version"] == 1


def test_the_pdf_is_tagged_with_title_language_and_author(english_plan_pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(english_plan_pdf))
    assert reader.metadata.title == "The plan of Noëlle, version 1"
    assert "Sjoerd Coördinator" in reader.metadata.author
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root


def test_only_the_fonts_that_ship_with_the_app_are_used(arabic_plan_pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(arabic_plan_pdf))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert fonts and all(name.startswith("EK-Noto-Sans") for name in fonts), fonts
    assert any("Arabic" in name for name in fonts)


def test_an_empty_part_of_the_plan_says_so(login_as, world, plan):
    plan.agreements = ""
    db.session.flush()
    text = pdf_text(login_as("coordinator").get(plan_url(world, lang="en")).data)
    after = text.split("Other agreements", 1)[1]
    assert after.lstrip().startswith("Nothing has been written down for this part.")


def test_a_draft_says_it_is_not_final(login_as, world):
    text = pdf_text(login_as("coordinator").get(plan_url(world, lang="en")).data)
    assert "Draft: this version of the plan has not been accepted yet." in text
