"""The document's own words in the family's language; Arabic right to left, in order."""

from __future__ import annotations

import io

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from pypdf import PdfReader

from tests.pdf.conftest import normalised, pdf_pages, pdf_text, plan_url

HEADINGS = {  # "Who does what" as the catalogues have it
    "nl": None, "en": "Who does what", "tr": "Kim ne yapıyor", "ar": "مَن يفعل ماذا",
    "pl": "Kto co robi",
}


def test_the_headings_are_in_english_when_english_is_asked_for(english_plan_pdf):
    assert HEADINGS["en"] in pdf_text(english_plan_pdf)


@pytest.mark.parametrize("lang", ["tr", "pl"])
def test_the_headings_are_in_the_language_asked_for(login_as, world, plan, lang):
    response = login_as("coordinator").get(plan_url(world, lang=lang))
    assert response.status_code == 200
    assert HEADINGS[lang] in pdf_text(response.data)


def test_arabic_comes_out_in_logical_order(app, arabic_plan_pdf):
    text = normalised(pdf_text(arabic_plan_pdf))
    with app.test_request_context(), force_locale("ar"):
        expected = [normalised(_("Who does what")), normalised(_("Signatures")),
                    normalised(_("Conditions the plan must meet"))]
    assert expected[0] == normalised(HEADINGS["ar"])
    for heading in expected:
        assert heading in text


def test_an_arabic_plan_is_marked_arabic_and_names_the_client(arabic_plan_pdf):
    pdf = arabic_plan_pdf
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "ar"
    first = normalised(pdf_pages(pdf)[0])
    assert normalised("خطة العائلة") in first  # "Family plan"
    assert "Noëlle" in first


def test_without_a_language_the_plan_speaks_the_language_of_the_page(login_as, world, plan):
    response = login_as("coordinator").get(plan_url(world))  # the test client reads English
    assert response.headers["Content-Disposition"].endswith('-v1-en.pdf"')


def test_an_unknown_language_is_refused_with_a_clear_message(login_as, world, plan):
    response = login_as("coordinator").get(plan_url(world, lang="xx"))
    assert response.status_code == 400
    assert "There is no document in this language" in response.text
    assert "nl, en, tr, ar, pl" in response.text
