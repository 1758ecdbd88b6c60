"""Right to left done right (issue 22, point 5; issue 26, finding 1 "language of parts").

On an Arabic family page, everything the family wrote is Dutch: it carries its own language
(``lang="nl"``) and direction (``dir="auto"``, ``<bdi>``), so a screen reader reads it with a
Dutch voice and its question mark stays at its end. Names, a postcode, e-mail addresses keep
their order; the Arabic PDF lists names in reading order; e-mails isolate with Unicode. Farsi,
the other right-to-left family language, is held to the same: each test runs in both."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from html import unescape

import pytest

from eigenkracht.core.i18n import isolate, isolate_plain
from tests.i18n.catalogue import ROOT
from tests.i18n.conftest import ACTION, POSTCODE, QUESTION
from tests.i18n.html_text import node_with
from tests.mail import smtp_server as smtp

FSI, PDI = "\u2068", "\u2069"
# The loopback SMTP fixtures of tests/mail/smtp_server.py, used by this module.
point_mail_at, smtp_server = smtp.point_mail_at, smtp.smtp_server


@pytest.fixture(params=["ar", "fa"])
def rtl_language(request) -> str:
    """The right-to-left family languages: Arabic and Farsi."""
    return request.param


@pytest.fixture
def arabic_page(client, arabic_family, rtl_language) -> str:
    response = client.get(f"/p/{arabic_family.token}?lang={rtl_language}")
    assert response.status_code == 200
    return response.text


def test_the_arabic_page_runs_right_to_left(arabic_page, rtl_language):
    assert f'<html lang="{rtl_language}" dir="rtl">' in arabic_page


@pytest.mark.parametrize("typed", [QUESTION, ACTION, "Samen koken op zondag.",
                                   "Noëlle gaat elke dag naar school.",
                                   "Als het niet lukt, bellen we de coördinator."])
def test_what_the_family_wrote_is_marked_dutch_and_isolated(arabic_page, typed):
    node = node_with(arabic_page, typed)
    assert node.lang == "nl"  # a Dutch voice, not the page's Arabic one
    assert node.isolated  # its own direction: the full stop or question mark stays at its end


def test_the_central_question_is_its_own_paragraph_in_its_own_direction(arabic_page):
    assert f'lang="nl" dir="auto">{QUESTION}</p>' in unescape(arabic_page)


@pytest.mark.parametrize("name", ["Oma Truus", "Vader Ahmed", "حامد الكردي",
                                  "Sjoerd Coördinator", "Jeugdzorg Rijnmond"])
def test_names_are_isolated(arabic_page, name):
    assert node_with(arabic_page, name).isolated


def test_the_coordinators_e_mail_address_runs_left_to_right(arabic_page):
    assert 'dir="ltr">coordinator@rijnmond.example</a>' in arabic_page


def test_the_page_itself_stays_arabic(arabic_page, rtl_language):
    heading = node_with(arabic_page, {"ar": "مهامي", "fa": "کارهای من"}[rtl_language])  # "My tasks"
    assert heading.lang == rtl_language and not heading.isolated


def test_a_note_from_the_family_takes_the_writers_language(client, arabic_family, db):
    from eigenkracht.plans.actions import add_update
    from eigenkracht.plans.models import ActionStatus

    add_update(arabic_family.oma_action, ActionStatus.DONE, "تم، شكراً", person=arabic_family.oma)
    db.session.flush()
    page = client.get(f"/p/{arabic_family.token}?lang=ar").text  # Oma is the monitor
    node = node_with(page, "تم، شكراً")
    assert node.lang == "ar" and node.isolated


def test_hostile_typed_text_stays_text(client, arabic_family, db):
    arabic_family.plan.central_question = '<script>alert(1)</script>\u202eevil'
    db.session.flush()
    page = client.get(f"/p/{arabic_family.token}?lang=ar").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_isolate_escapes_and_wraps_in_bdi():
    assert str(isolate("<b>Tom & Jerry</b>")) == "<bdi>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</bdi>"
    assert str(isolate(None)) == "<bdi></bdi>"
    assert str(isolate("")) == "<bdi></bdi>"


def test_the_stylesheet_isolates_typed_text():
    css = (ROOT / "eigenkracht/static/css/app.css").read_text("utf-8")
    assert re.search(r"bdi, body \[dir\] \{ unicode-bidi: isolate; \}", css)


# --- the answer page and e-mails ---------------------------------------------------------------

@pytest.fixture
def arabic_invitation(db, world, rtl_language):
    from eigenkracht.conference.models import Conference
    from tests.conference.sending_helpers import invite, with_link

    conference = db.session.get(Conference, world.extra_ids["conference"])
    conference.venue_address = POSTCODE
    invitation = invite(conference, name="Vader Ahmed", email="ahmed@example.org",
                        language=rtl_language)
    return invitation, with_link(invitation)


def test_a_postcode_on_the_arabic_answer_page_keeps_its_order(client, arabic_invitation,
                                                             rtl_language):
    _, path = arabic_invitation
    page = client.get(path).text
    assert f'<html lang="{rtl_language}" dir="rtl">' in page
    assert f'dir="auto">{POSTCODE}</span>' in page
    assert node_with(page, "Vader Ahmed").isolated


def test_the_arabic_invitation_e_mail_isolates_names_and_the_address(smtp_server, login_as,
                                                                    arabic_invitation, world):
    from tests.conference.sending_helpers import send_button

    invitation, _ = arabic_invitation
    response = login_as("coordinator").post(send_button(invitation.conference, invitation))
    assert response.status_code == 302
    [message] = smtp_server.messages
    text = message.get_body(("plain",)).get_content()
    assert f"{FSI}Vader Ahmed{PDI}" in text
    assert f"{FSI}{POSTCODE}{PDI}" in text
    assert re.search(r"^https?://\S+/a/\S+$", text, re.MULTILINE)  # the link stays clickable
    html = message.get_body(("html",)).get_content()
    assert "<bdi>Vader Ahmed</bdi>" in html and f'dir="auto">{POSTCODE}</span>' in html


def test_plain_text_is_isolated_only_in_a_right_to_left_language(app):
    from flask_babel import force_locale

    with app.test_request_context():
        with force_locale("ar"):
            assert isolate_plain("Oma Truus") == f"{FSI}Oma Truus{PDI}"
            assert isolate_plain("") == "" and isolate_plain(None) == ""
        with force_locale("nl"):
            assert isolate_plain("Oma Truus") == "Oma Truus"


# --- the Arabic and Farsi PDFs, read back from the paper -----------------------------------------

@dataclass(frozen=True)
class Word:
    text: str
    x: float
    y: float
    page: int


def words_on_paper(pdf: bytes, tmp_path) -> list[Word]:
    """Every word with its place on the page (pdftotext -bbox), Arabic letters as typed."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    words = []
    for number, page in enumerate(xml.split("<page ")[1:]):
        found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)
        words += [Word(unicodedata.normalize("NFKC", unescape(text)), float(x), float(y), number)
                  for x, y, text in found]
    return words


@pytest.fixture
def arabic_pdf(client, arabic_family, rtl_language) -> bytes:
    response = client.get(f"/p/{arabic_family.token}/plan.pdf?lang={rtl_language}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data


def test_the_dutch_question_ends_with_its_question_mark_in_the_arabic_pdf(arabic_pdf,
                                                                          tmp_path):
    words = words_on_paper(arabic_pdf, tmp_path)
    assert "opgroeien?" in [w.text for w in words]
    end = next(w for w in words if w.text == "opgroeien?")
    line = [w for w in words if w.y == end.y and w.page == end.page]
    assert [w.text for w in sorted(line, key=lambda w: w.x)] == QUESTION.split()


def test_the_arabic_pdf_lists_names_in_reading_order(arabic_pdf, tmp_path):
    """"Together with" under Vader Ahmed: Oma Truus, then حامد الكردي — right to left on
    an Arabic page, so Oma Truus stands to the right of حامد, each name whole."""
    words = words_on_paper(arabic_pdf, tmp_path)
    truus = [w for w in words if w.text == "Truus"]
    oma = [w for w in words if w.text.endswith("Oma")]
    hamid = [w for w in words if "حامد" in w.text or "حامد"[::-1] in w.text]  # glyph order
    pairs = [(o, h) for o in oma for h in hamid if o.page == h.page and abs(o.y - h.y) < 5]
    assert pairs, "Oma Truus and حامد الكردي share no line"
    # The list reads right to left: Oma Truus to the right of حامد, "Oma Truus" whole (left to
    # right). Other words may share the row (the action's own text starts with "Oma"), so
    # the list is the pair that has it; a scrambled list has none.
    listed = [(o, h) for o, h in pairs if o.x > h.x
              and any(t.page == o.page and abs(t.y - o.y) < 5 and t.x > o.x for t in truus)]
    assert listed, pairs
