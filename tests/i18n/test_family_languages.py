"""Every word a family member or invitee reads is in their language (issue 22, point 3),
in one consistent form of address, without software words and without jargon (point 4)."""

from __future__ import annotations

import re
from functools import cache

import pytest

from eigenkracht.core import family_strings
from eigenkracht.core.family_strings import FAMILY_LANGUAGES, MODULES, TEMPLATES
from tests.i18n.catalogue import ROOT, catalogue, source_files, translated


@cache
def family_messages() -> tuple:
    return tuple(family_strings.family_messages(ROOT))


def translation(language: str, msgid: str) -> str:
    return catalogue(language).get(msgid).string


def test_the_list_names_every_page_behind_a_personal_link():
    """A new template of the family's or invitee's pages cannot be left off the list."""
    public = [t for t in source_files("templates", (".html", ".txt"))
              if 'extends "public_base.html"' in (ROOT / t).read_text("utf-8")
              or t.startswith("templates/family/") or t.startswith("templates/pdf/")]
    staff_only = {"templates/family/links.html", "templates/pdf/preparing.html"}
    assert sorted(set(public) - staff_only - set(TEMPLATES)) == []
    for relative in TEMPLATES + MODULES:
        assert (ROOT / relative).is_file(), relative


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_every_family_facing_string_is_translated(app, language):
    with app.app_context():
        messages = family_messages()
    missing = [m for m in messages if not translated(language, m)]
    assert len(messages) > 250
    assert family_strings.missing(ROOT, language, list(messages)) == missing
    assert missing == [], f"{len(missing)} lack a {language} translation: {missing[:15]}"


@pytest.mark.parametrize("msgid", ["Open", "In progress", "Done", "Not done"])
@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_the_status_words_families_see_most_are_translated(language, msgid):
    assert translated(language, msgid)
    assert translation(language, msgid) != msgid


def _family_translations(app, language: str) -> dict[str, str]:
    with app.app_context():
        return {m: translation(language, m) for m in family_messages() if isinstance(m, str)}


def test_arabic_addresses_the_family_in_the_polite_plural(app):
    """Masculine singular imperatives and pronouns slipped in beside the plural ones."""
    singular = re.compile(r"(^|\s)(أدخل|تواصل|حاول|تحقّق|اطلب|احتفظ|اختر|استخدم|أعد|أنت|هل تريد)"
                          r"(\s|$)|ليس لديك(?!م)|صفحتك(?!م)|لنفسك(?!م)")
    slips = {m: t for m, t in _family_translations(app, "ar").items() if singular.search(t)}
    assert slips == {}


def test_arabic_uses_no_software_words_for_version_and_status(app):
    words = {m: t for m, t in _family_translations(app, "ar").items()
             if "الإصدار" in t or "إصدار" in t or "الوضع" in t}
    assert words == {}


def test_polish_stays_formal(app):
    """Impersonal or "Prosimy …" in sentences; informal imperatives only on buttons."""
    informal = re.compile(r"\b(Wpisz|Spróbuj|Sprawdź|Zachowaj|Przechowuj|Zeskanuj|Wybierz|"
                          r"Odśwież|potwierdzasz|zgadzasz|Chcecie|macie)\b")
    buttons = {"Save", "Open my plan", "Download the plan (PDF)", "Download my tasks (PDF)",
               "Send my answer", "Send again", "Choose…"}
    slips = {m: t for m, t in _family_translations(app, "pl").items()
             if m not in buttons and informal.search(t)}
    assert slips == {}


def test_known_for_says_how_long_in_dutch():
    assert translation("nl", "Known for") not in ("Bekend om", "")
    assert "kent" in translation("nl", "Known for").lower()


def test_the_family_page_calls_bottom_lines_in_a_familys_words():
    page = (ROOT / "templates/family/page.html").read_text("utf-8")
    assert '_("Bottom lines")' not in page
    assert '_("Conditions the plan must meet")' in page
    for language in ("nl", *FAMILY_LANGUAGES):
        words = translation(language, "Conditions the plan must meet").lower()
        assert "voorwaarden" not in words and "asgari" not in words


def test_ukrainian_addresses_the_family_formally(app):
    """"Ви" (capitalised, as in a letter to one person), never the familiar "ти"."""
    informal = re.compile(r"(?i)(^|[\s,.:;(«])(ти|тебе|тобі|тобою|твій|твоя|твоє|твої|твого|твою)"
                          r"(?=$|[\s,.:;!?)»])")
    translations = _family_translations(app, "uk")
    assert {m: t for m, t in translations.items() if informal.search(t)} == {}
    lower_case_you = re.compile(r"(^|\s)(ви|вас|вам|ваш|ваша|ваше|ваші|вашу|вашого)"
                                r"(?=$|[\s,.:;!?])")
    assert {m: t for m, t in translations.items() if lower_case_you.search(t)} == {}
    assert "Ви" in translations["Will you take part?"]


def test_farsi_addresses_the_family_in_the_polite_plural(app):
    """"شما" and plural verbs (…ید); never the familiar "تو" or a singular "you" verb."""
    familiar = re.compile(r"(^|\s)(تو|تورا|بکن|بفرست|بزن|بنویس|هستی|داری|می‌خواهی|می‌توانی)"
                          r"(?=$|[\s،.:؛؟!])")
    translations = _family_translations(app, "fa")
    assert {m: t for m, t in translations.items() if familiar.search(t)} == {}
    assert "شما" in translations["Your answer"]
    assert translations["Try again later. The plan itself is still on your page."].startswith(
        "بعداً دوباره امتحان کنید")


@pytest.mark.parametrize("language, script", [
    ("uk", r"[\u0400-\u04FF]"),  # Cyrillic
    ("fa", r"[\u0600-\u06FF]"),  # Arabic script, Persian letters
    ("ti", r"[\u1200-\u137F]"),  # Ethiopic
])
def test_each_new_language_is_written_in_its_own_script(app, language, script):
    """A sentence left in Latin letters is English or Dutch pasted in, not a translation.
    Somali is written in Latin letters: it must at least differ from the English."""
    letters = re.compile(script)
    sentences = {m: t for m, t in _family_translations(app, language).items()
                 if re.search(r"[A-Za-z]{4}", re.sub(r"%\(\w+\)[sd]|Eigen Kracht|eigenkracht|PDF",
                                                      "", m))}
    assert {m: t for m, t in sentences.items() if not letters.search(t)} == {}


def test_somali_is_not_english(app):
    same = {m for m, t in _family_translations(app, "so").items()
            if t == m and m not in {"Online"}}
    assert same == set()


# --- fonts: every family language prints in the fonts the app ships ---------------------------

# The @font-face families of pdf.css, each a file of static/fonts.
SHIPPED = {"uk": "EK-Noto-Sans", "so": "EK-Noto-Sans", "fa": "EK-Noto-Sans-Arabic",
           "ti": "EK-Noto-Sans-Ethiopic"}
FONT_FACES = {f"{family}{weight}" for family in set(SHIPPED.values())
              for weight in ("", "-Bold")}


@pytest.mark.parametrize("language", ["uk", "fa", "so", "ti"])
def test_the_plan_pdf_prints_each_new_language_in_a_shipped_font(client, arabic_family,
                                                                  language, tmp_path):
    """No glyph falls back to a font of the machine: every font in the PDF is one that
    pdf.css loads from static/fonts (pdffonts lists them), the language's own among them, and
    the translated heading reads back as text (pdftotext)."""
    import subprocess

    response = client.get(f"/p/{arabic_family.token}/plan.pdf?lang={language}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / f"plan-{language}.pdf"
    path.write_bytes(response.data)
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in fonts}
    assert names and names <= FONT_FACES, names
    assert SHIPPED[language] in names, names
    if language != "fa":  # Arabic letters come back from the paper in glyph order
        text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert translation(language, "Who does what") in " ".join(text.split())
