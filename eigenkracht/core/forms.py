"""Form helpers shared by every feature: choices, the version a form was filled from, the
one-time key of a create form, and WTForms' own messages in the page's language."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from babel import support
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """``[(value, label), …]`` as WTForms' ``SelectChoice`` objects."""
    return [SelectChoice(value, label) for value, label in pairs]


def new_submission_key() -> str:
    return secrets.token_urlsafe(18)


class OnceForm(FlaskForm):
    """A create form: carries a one-time key so that sending it twice makes one record
    (``core.submissions``). The key is made when the form is shown and sent back hidden."""

    # No id: several such forms on one page must not repeat one (WCAG 4.1.1).
    submission = HiddenField(default=new_submission_key, render_kw={"id": False})


class VersionedForm(FlaskForm):
    """An edit form: carries the ``row_version`` of the record it was filled from, so a save
    on an older copy is refused (``core.rules.check_version``)."""

    row_version = HiddenField(render_kw={"id": False})

    def fill_version(self, record: Any) -> None:
        """Set the version from ``record`` when the form is first shown."""
        if not self.is_submitted():
            self.row_version.data = str(record.row_version)


# --- WTForms' own messages ------------------------------------------------------------------

@lru_cache(maxsize=16)
def wtforms_catalogue(locale: str) -> support.NullTranslations:
    """WTForms' catalogue for ``locale`` ("Not a valid date value." in Dutch), read from disk
    once per process (English, and languages WTForms has no catalogue for, are the English
    messages)."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class FormTranslations:
    """WTForms' messages in the language of the page at the moment they are worded (a family
    page switches language after the request began).

    Flask-WTF loads the catalogue from disk on each request that builds a form and keeps it
    on the request as ``wtforms_translations``; the app's request class has this object
    there from the start (``core.kernel.EigenkrachtRequest``), so Flask-WTF uses it and each catalogue
    is read once."""

    def _catalogue(self) -> support.NullTranslations:
        return wtforms_catalogue(str(get_locale() or "en"))

    def ugettext(self, string: str) -> str:
        return self._catalogue().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue().ungettext(singular, plural, n)

    gettext, ngettext = ugettext, ungettext
