"""Extraction that cannot skip a template, and Dutch and English complete (issue 22, point 1).

Jinja's extractor skips a template it cannot parse without a word: before babel.cfg named
``jinja2.ext.do``, every template with ``{% do %}`` (the network map, its tables, the form
macros) gave no messages, and seventeen strings showed in English on Dutch pages.
"""

from __future__ import annotations

import re

import pytest

from tests.i18n.catalogue import (
    ROOT,
    catalogue,
    extracted,
    mapping,
    messages_of,
    method_and_options,
    source_files,
    translated,
)

TRANSLATABLE = re.compile(r"_\(|\{%-?\s*trans\b|gettext\(")
TEMPLATES = source_files("templates", (".html", ".txt"))


def test_babel_cfg_parses_templates_with_the_apps_own_jinja_extensions(app):
    used = {f"{type(ext).__module__}.{type(ext).__name__}" for ext in
            app.jinja_env.extensions.values()}
    used = {name.replace("jinja2.ext.ExprStmtExtension", "jinja2.ext.do")
                .replace("jinja2.ext.LoopControlExtension", "jinja2.ext.loopcontrols")
            for name in used if not name.startswith("jinja2.ext.InternationalizationExtension")}
    method_map, options_map = mapping()
    for pattern, method in method_map:
        if method != "jinja2":
            continue
        named = {e.strip() for e in options_map.get(pattern, {}).get("extensions", "").split(",")
                 if e.strip()}
        assert used <= named, f"babel.cfg [{method}: {pattern}] lacks {used - named}"


def test_every_template_and_module_has_an_extraction_method():
    for relative in TEMPLATES + source_files("eigenkracht", (".py",)):
        assert method_and_options(relative)[0] in {"jinja2", "python"}


@pytest.mark.parametrize("relative", [t for t in TEMPLATES
                                      if TRANSLATABLE.search((ROOT / t).read_text("utf-8"))])
def test_a_template_with_translatable_text_yields_messages(relative):
    assert messages_of(relative), f"the extractor found nothing in {relative}"


def test_the_map_strings_that_were_skipped_are_extracted():
    found = extracted()
    for msgid in ("Add people", "Direction", "none recorded", "Tie", "Picture only (SVG)",
                  "The picture has changed."):
        assert msgid in found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_extracted_message_is_translated(language):
    missing = sorted(str(m) for m in extracted() if not translated(language, m))
    assert not missing, f"{len(missing)} messages lack a {language} translation: {missing[:20]}"


def test_english_repeats_the_source_text():
    english = catalogue("en")
    differs = [m for m in extracted() if isinstance(m, str) and english.get(m) is not None
               and english.get(m).string and english.get(m).string != m]
    assert not differs, differs[:10]


def test_the_shipped_template_lists_every_message():
    """translations/messages.pot is regenerated with the fixed babel.cfg (flask translate
    extract): a translator working from it sees every string."""
    from babel.messages.pofile import read_po

    with open(ROOT / "translations" / "messages.pot", "rb") as fh:
        pot = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(fh) if m.id}
    assert {"Add people", "Tie", "none recorded"} <= pot


def test_compile_accepts_the_statistics_option(app):
    """``flask translate compile --statistics`` (the issue's acceptance command) works."""
    result = app.test_cli_runner().invoke(args=["translate", "compile", "--statistics"])
    assert result.exit_code == 0, result.output
    for language in ("tr", "ar", "pl"):
        assert re.search(rf"family-facing: (\d+) of \1 messages translated in {language}",
                         result.output), result.output
