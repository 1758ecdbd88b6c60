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
