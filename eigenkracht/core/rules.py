"""The vocabulary every feature uses to refuse a change: one ``RuleError``, one
``StaleEdit``, one ``Locked``, one ``clean_text`` and one message lookup.

A service raises ``RuleError("too_long", "note", limit=2000)``: a code, the field it belongs
to (or none) and the values its message needs. Several problems at once travel as
``RuleError.several([(field, code), …])``. Each feature keeps only its messages, a mapping
from code to a lazily translated text, and ``create_app`` registers them
(``register_messages``); ``rule_message`` finds the text for the request's language.

``StaleEdit`` says that someone saved the record after this edit began (its version counter
moved on); ``Locked`` that the record may not be changed now, and why. The request kernel
(``core.kernel``) answers all three the same way everywhere; a view that shows its form again
uses ``refusals(form)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

# Control characters other than tab and line breaks: never part of what people type.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# On one line, line breaks and tabs are not typed either.
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f]")

COMMON_MESSAGES: dict[str, Any] = {
    "too_long": _l("Use at most %(limit)s characters."),
    "control_characters": _l("Remove the invisible control characters from this text."),
    "required": _l("This field is required."),
}

STALE_MESSAGE = _l("Someone else saved this while you were editing it. Your changes have not "
                   "been saved. Compare them with the saved version below, then save again.")
BUSY_MESSAGE = _l("Many people are saving at this moment, so your change could not be saved "
                  "yet. Nothing has been lost: send it again.")


class RuleError(ValueError):
    """A rule was broken: ``code`` says which, ``field`` where (if at a field).

    ``problems`` lists every broken rule as ``(field, code, params)``; most errors have one.
    """

    def __init__(self, code: str, field: str | None = None, **params: Any):
        super().__init__(code)
        self.code, self.field, self.params = code, field, params
        self.problems: list[tuple[str | None, str, dict[str, Any]]] = [(field, code, params)]

    @classmethod
    def several(cls, problems: Iterable[tuple[str | None, str]]) -> RuleError:
        """One error for several broken rules (``(field, code)`` each, the first leads)."""
        listed = list(problems)
        error = cls(listed[0][1], listed[0][0])
        error.problems = [(name, code, {}) for name, code in listed]
        return error

    def messages(self) -> Iterator[tuple[str | None, str]]:
        """``(field, message)`` for every problem, in the request's language."""
        for name, code, params in self.problems:
            yield name, message_for(code, params)


class StaleEdit(Exception):
    """Someone saved ``record`` after this edit began; ``record`` is what they saved."""

    def __init__(self, record: Any = None):
        super().__init__(type(record).__name__)
        self.record = record


class Locked(Exception):
    """``record`` may not be changed now; ``code`` says why (a registered message)."""

    def __init__(self, record: Any, code: str, **params: Any):
        super().__init__(code)
        self.record, self.code, self.params = record, code, params

    @property
    def message(self) -> str:
        return message_for(self.code, self.params)


# --- messages -----------------------------------------------------------------------------

def register_messages(app, *catalogues: Mapping[str, Any]) -> None:
    """Add features' messages to ``app``; a code may not mean two different things."""
    book: dict[str, Any] = app.extensions.setdefault("rule_messages", dict(COMMON_MESSAGES))
    for catalogue in catalogues:
        for code, text in catalogue.items():
            known = book.get(code)
            if known is not None and _source(known) != _source(text):
                raise ValueError(f"rule message {code!r} is registered twice with other words")
            book[code] = text


def message_for(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The message of ``code`` in the request's language, its ``%(name)s`` filled in."""
    book = current_app.extensions.get("rule_messages", COMMON_MESSAGES)
    text = book.get(code) or COMMON_MESSAGES.get(code)
    if text is None:
        raise KeyError(f"no message for rule {code!r}")
    values = {key: _shown(value) for key, value in (params or {}).items() if value is not None}
    return str(text % values) if values else str(text)


def rule_message(error: RuleError | Locked) -> str:
    """The (first) message of ``error``."""
    if isinstance(error, Locked):
        return error.message
    return message_for(error.code, error.params)


def _shown(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    return value if isinstance(value, (int, float)) else str(value)


def _source(text: Any) -> str:
    return getattr(text, "_args", (str(text),))[0]


# --- text ---------------------------------------------------------------------------------

def clean_text(field: str | None, value: str | None, limit: int, *,
               multiline: bool = True, required: bool = False, code: str = "required") -> str:
    """``value`` trimmed, line endings made ``\\n``, NFC-normalised.

    Raises ``RuleError`` at ``field`` for control characters (line breaks count too when not
    ``multiline``), for more than ``limit`` characters, and when ``required`` and empty.
    """
    text = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n").replace("\r", "\n"))
    text = text.strip()
    if (_CONTROL if multiline else _CONTROL_LINE).search(text):
        raise RuleError("control_characters", field)
    if len(text) > limit:
        raise RuleError("too_long", field, limit=limit)
    if required and not text:
        raise RuleError(code, field)
    return text


def has_control_characters(value: str, *, multiline: bool = True) -> bool:
    return bool((_CONTROL if multiline else _CONTROL_LINE).search(value or ""))


# --- versions -----------------------------------------------------------------------------

def check_version(record: Any, expected: Any) -> None:
    """Refuse with ``StaleEdit`` when the form's ``expected`` version is not the record's.

    ``None`` (a client that sends none, like an old API call) is not checked; a value that is
    not a number never matches.
    """
    if expected is None or expected == "":
        return
    try:
        number = int(expected)
    except (TypeError, ValueError):
        raise StaleEdit(record) from None
    if number != record.row_version:
        raise StaleEdit(record)


# --- the form view's side of a refusal ----------------------------------------------------

@dataclass
class Outcome:
    """What became of a change tried in ``refusals(form)``."""

    ok: bool = False
    error: RuleError | None = None
    stale: StaleEdit | None = None
    locked: Locked | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def status(self) -> int:
        """The HTTP status of the page that shows the form again."""
        if self.stale is not None or self.locked is not None:
            return 409
        return 422 if self.error is not None else 200


@contextmanager
def refusals(form=None, *, fields: Mapping[str, str] | None = None) -> Iterator[Outcome]:
    """Run a service change; a refusal is kept on the outcome instead of raised.

    The block's writes are flushed at the end, inside a savepoint, so a version counter that
    moved on is seen here. A rule's messages go to the form's fields (``fields`` maps the
    service's names to the form's) or above the form. A stale edit or a lock rolls the whole
    transaction back, so the page can read what was saved. The kernel commits the rest::

        with refusals(form) as outcome:
            services.update_case(case, data, form.row_version.data)
        if outcome.ok:
            return redirect(...)
        return render_template(..., stale=outcome.stale), outcome.status
    """
    from eigenkracht.extensions import db

    outcome = Outcome()
    savepoint = db.session.begin_nested()
    try:
        yield outcome
        db.session.flush()
    except RuleError as error:
        savepoint.rollback()
        outcome.error = error
        _to_form(form, error, fields or {}, outcome)
        return
    except (StaleEdit, StaleDataError) as error:
        db.session.rollback()
        outcome.stale = error if isinstance(error, StaleEdit) else StaleEdit()
        outcome.messages.append(str(STALE_MESSAGE))
        if form is not None:
            form.form_errors.append(str(STALE_MESSAGE))
        return
    except Locked as error:
        db.session.rollback()
        outcome.locked = error
        outcome.messages.append(error.message)
        return
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    savepoint.commit()
    outcome.ok = True


def _to_form(form, error: RuleError, fields: Mapping[str, str], outcome: Outcome) -> None:
    for name, message in error.messages():
        outcome.messages.append(message)
        if form is None:
            continue
        target = fields.get(name, name) if name else None
        slot = _slot(form, target) if target else None
        if slot is not None:
            slot.errors = [*slot.errors, message]
        else:
            form.form_errors.append(message)


def _slot(form, name: str):
    """The field ``name`` of ``form``; a name such as ``clients-1-birth_date`` finds the
    field inside a list of sub-forms (WTForms' ``FieldList`` of ``FormField``)."""
    if name in form:
        return form[name]
    head, _, rest = name.partition("-")
    index, _, inner = rest.partition("-")
    entries = getattr(form[head], "entries", None) if head in form else None
    if entries is None or not index.isdigit() or int(index) >= len(entries):
        return None
    entry = entries[int(index)]
    sub = getattr(entry, "form", None)
    return _slot(sub, inner) if sub is not None and inner else None
