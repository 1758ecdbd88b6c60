"""Form helpers shared by every feature: choices, the version a form was filled from, and
the one-time key of a create form."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """``[(value, label), …]`` as WTForms' ``SelectChoice`` objects."""
    return [SelectChoice(value, label) for value, label in pairs]


def new_submission_key() -> str:
    return secrets.token_urlsafe(18)


class OnceForm(FlaskForm):
    """A create form: carries a one-time key so that sending it twice makes one record
    (``core.submissions``). The key is made when the form is shown and sent back hidden."""

    submission = HiddenField(default=new_submission_key)


class VersionedForm(FlaskForm):
    """An edit form: carries the ``row_version`` of the record it was filled from, so a save
    on an older copy is refused (``core.rules.check_version``)."""

    row_version = HiddenField()

    def fill_version(self, record: Any) -> None:
        """Set the version from ``record`` when the form is first shown."""
        if not self.is_submitted():
            self.row_version.data = str(record.row_version)
