"""WTForms' own messages stay in the page's language, and each catalogue is read once."""

from __future__ import annotations

from babel import support
from flask_babel import refresh
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField, IntegerField

from eigenkracht.core import forms
from eigenkracht.core.i18n import use_family_language


class _Form(FlaskForm):
    when = DateField()
    count = IntegerField()


def _errors(app, language: str) -> dict:
    with app.test_request_context(method="POST", headers={"Accept-Language": language}):
        refresh()  # the test's app context outlives the request: forget its language
        form = _Form(formdata=MultiDict({"when": "gisteren", "count": "veel"}))
        form.validate()
        return form.errors


def test_wtforms_messages_are_in_dutch_on_a_dutch_page(app):
    assert _errors(app, "nl") == {"when": ["Ongeldige datum."], "count": ["Ongeldig getal."]}
    assert _errors(app, "en") == {"when": ["Not a valid date value."],
                                  "count": ["Not a valid integer value."]}


def test_a_family_page_words_them_in_the_language_it_switched_to(app):
    with app.test_request_context(method="POST", headers={"Accept-Language": "en"}):
        use_family_language("pl")
        refresh()
        form = _Form(formdata=MultiDict({"when": "x", "count": "1"}))
        form.validate()
        assert form.errors["when"] != ["Not a valid date value."]


def test_each_catalogue_is_read_once(app, monkeypatch):
    reads: list[str] = []
    load = support.Translations.load

    def counting(dirname=None, locales=None, domain=None):
        reads.append(str(locales[0]))
        return load(dirname, locales, domain)

    forms.wtforms_catalogue.cache_clear()
    monkeypatch.setattr(support.Translations, "load", counting)
    try:
        for _ in range(3):
            _errors(app, "nl")
            _errors(app, "en")
        assert sorted(reads) == ["en", "nl"]
    finally:
        forms.wtforms_catalogue.cache_clear()
