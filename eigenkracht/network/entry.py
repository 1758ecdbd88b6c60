"""Entering a network in one sitting: many people at once (the grid), many ties at once
(the ties table, with the "parents of" and "children of" shortcuts), and the warning before
someone is added twice.

Every row is tried on its own, inside a savepoint: a row that breaks a rule, or whose person
someone else changed meanwhile, is rolled back alone and comes back with its messages; the
valid rows stay, and the request kernel commits them. A row whose name is probably someone
already on the map (``core.names``: case, accents, word order, close spellings), or someone
entered in an earlier row of the same sending, is not saved until it is confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.core.ids import parse_id
from eigenkracht.core.names import matches, same_name
from eigenkracht.core.rules import RuleError, StaleEdit, message_for
from eigenkracht.extensions import db
from eigenkracht.network import services
from eigenkracht.network.models import Person, TieKind, TieQuality
from eigenkracht.network.validation import TEXT_LIMITS, PersonData, clean, person_problems

# What a grid row holds: the text boxes, the choices, and the ticked lists.
TEXT_FIELDS = ("name", "relation", "phone", "email")
WORK_TEXT_FIELDS = ("occupation", "employer")
CHOICE_FIELDS = ("sector", "ring", "language")
LIST_FIELDS = ("support",)
WORK_LIST_FIELDS = ("can_help_with",)
MAX_ROWS = 200  # one sending; more is not someone typing
SHORTCUTS = {"parents_of": TieKind.PARENT, "children_of": TieKind.CHILD}
# Row numbers and rings in ASCII digits only (str.isdigit() also takes "²" and "١").
_PERSON_KEY = re.compile(r"p-([0-9]{1,4})-[a-z_]+")
_TIE_KEY = re.compile(r"t-([0-9]{1,4})-[a-z_]+")
_RING = re.compile(r"[0-9]{1,2}")


def _row_numbers(form: Mapping[str, Any], pattern: re.Pattern[str]) -> list[int]:
    found = (pattern.fullmatch(key) for key in form)
    return sorted({int(match.group(1)) for match in found if match})


# --- duplicates ---------------------------------------------------------------------------

def possible_duplicates(name: str, people: Iterable[Person],
                        exclude_id: int | None = None) -> list[Person]:
    """The people (not ``exclude_id``) whose name is probably ``name``."""
    return matches(name, (p for p in people if p.id != exclude_id), lambda p: p.name)


# --- the grid -----------------------------------------------------------------------------

@dataclass
class PersonRow:
    """One row of the grid: what was typed (to show it again) and what became of it."""

    index: int
    person_id: int | None = None
    row_version: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    confirmed: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return self.person_id is None and not any(
            str(self.values.get(name) or "").strip() for name in TEXT_FIELDS + WORK_TEXT_FIELDS)

    def add_error(self, name: str | None, message: str) -> None:
        self.errors.setdefault(name or "", []).append(message)


def row_of(person: Person, index: int) -> PersonRow:
    """A grid row filled from what is saved about ``person``."""
    values = {name: getattr(person, name) for name in TEXT_FIELDS + WORK_TEXT_FIELDS}
    values.update(sector=person.sector.value, ring=str(person.ring), language=person.language,
                  support=list(person.support or []),
                  can_help_with=list(person.can_help_with or []))
    return PersonRow(index=index, person_id=person.id, row_version=str(person.row_version),
                     values=values)


def read_person_rows(form: Mapping[str, Any], work: bool) -> list[PersonRow]:
    """The grid's rows from the posted form (``p-<n>-<field>``), in row order.

    ``form`` is a ``MultiDict`` (``getlist``) or a plain mapping; at most ``MAX_ROWS``
    rows are read, whatever their numbers."""
    numbers = _row_numbers(form, _PERSON_KEY)
    texts = TEXT_FIELDS + (WORK_TEXT_FIELDS if work else ())
    lists = LIST_FIELDS + (WORK_LIST_FIELDS if work else ())
    rows = []
    for number in numbers[:MAX_ROWS]:
        prefix = f"p-{number}-"
        values: dict[str, Any] = {name: _one(form, prefix + name) for name in texts}
        values.update({name: _one(form, prefix + name) for name in CHOICE_FIELDS})
        values.update({name: _many(form, prefix + name) for name in lists})
        rows.append(PersonRow(
            index=number, person_id=parse_id(_one(form, prefix + "id")),
            row_version=_one(form, prefix + "row_version"),
            values=values, confirmed=_one(form, prefix + "confirm") in ("1", "on", "yes")))
    return rows


def _one(form: Mapping[str, Any], key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


def _many(form: Mapping[str, Any], key: str) -> list[str]:
    getlist = getattr(form, "getlist", None)
    values = getlist(key) if getlist else form.get(key) or []
    return [v for v in values if isinstance(v, str)][:10]


@dataclass
class GridResult:
    saved: list[Person] = field(default_factory=list)
    kept: list[PersonRow] = field(default_factory=list)  # to be corrected or confirmed

    @property
    def needs_attention(self) -> bool:
        return bool(self.kept)


def save_person_rows(case: Case, rows: list[PersonRow]) -> GridResult:
    """Add the new rows and save the changed ones; each row on its own (module docstring).

    A row for a person who is not (or no longer) on this map is kept with a message."""
    network = services.load_map(case)
    known = {p.id: p for p in network.others}
    taken: list[tuple[int, str]] = []  # (row index, name) of rows saved or waiting
    result = GridResult()
    for row in rows:
        if row.blank:
            continue
        person = known.get(row.person_id) if row.person_id is not None else None
        if row.person_id is not None and person is None:
            row.add_error(None, message_for("grid_person_gone"))
            result.kept.append(row)
            continue
        data = _row_data(case, row, person)
        problems = person_problems(clean(data))
        if problems:
            for name, code in problems:
                row.add_error(name, message_for(code, {"limit": TEXT_LIMITS.get(name)}))
            result.kept.append(row)
            continue
        if not row.confirmed and (person is None or not same_name(person.name, data.name)):
            found = [p.name for p in possible_duplicates(data.name, known.values(),
                                                         row.person_id)]
            found += [name for _index, name in taken if same_name(name, data.name)]
            if found:
                row.duplicates = list(dict.fromkeys(found))
                row.add_error("name", message_for("possible_duplicate",
                                                  {"names": row.duplicates}))
                result.kept.append(row)
                taken.append((row.index, data.name))
                continue
        saved = _save_row(case, row, person, data)
        taken.append((row.index, data.name))
        if row.errors:
            result.kept.append(row)
        elif saved is not None:
            known[saved.id] = saved
            result.saved.append(saved)
    return result


def _row_data(case: Case, row: PersonRow, person: Person | None) -> PersonData:
    data = PersonData.of(person) if person is not None else PersonData(name="")
    values = row.values
    for name in TEXT_FIELDS + WORK_TEXT_FIELDS:
        if name in values:
            setattr(data, name, values[name])
    for name in ("sector", "language"):  # a choice not sent keeps what is (or the default)
        if values.get(name):
            setattr(data, name, values[name])
    if values.get("ring", "") != "" or person is None:
        ring = str(values.get("ring") or "2").strip()
        data.ring = int(ring) if _RING.fullmatch(ring) else ring  # type: ignore[assignment]
    data.support = list(values.get("support") or [])
    if case.kind == CaseKind.WORK and "can_help_with" in values:
        data.can_help_with = list(values["can_help_with"] or [])
    return data


def _save_row(case: Case, row: PersonRow, person: Person | None,
              data: PersonData) -> Person | None:
    """Save one row in a savepoint; None (and the row's messages) when refused."""
    savepoint = db.session.begin_nested()
    try:
        if person is None:
            saved: Person | None = services.add_person(case, data, how="grid")
        else:
            before = person.row_version
            services.update_person(case, person, data, row.row_version)
            db.session.flush()
            saved = person if person.row_version != before else None
        db.session.flush()
    except RuleError as error:
        savepoint.rollback()
        for name, message in error.messages():
            row.add_error(name, message)
        return None
    except (StaleEdit, StaleDataError):
        savepoint.rollback()
        if person is not None:
            db.session.refresh(person)
            row.row_version = str(person.row_version)
        row.add_error(None, message_for("grid_person_changed"))
        return None
    savepoint.commit()
    return saved


# --- the ties table -----------------------------------------------------------------------

@dataclass
class TieRow:
    index: int
    a: str = ""
    kind: str = ""
    b: str = ""
    quality: str = TieQuality.ORDINARY.value
    errors: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not self.a.strip() and not self.b.strip()


def read_tie_rows(form: Mapping[str, Any]) -> list[TieRow]:
    numbers = _row_numbers(form, _TIE_KEY)
    return [TieRow(index=n, a=_one(form, f"t-{n}-a"), kind=_one(form, f"t-{n}-kind"),
                   b=_one(form, f"t-{n}-b"),
                   quality=_one(form, f"t-{n}-quality") or TieQuality.ORDINARY.value)
            for n in numbers[:MAX_ROWS]]


@dataclass
class TiesResult:
    added: int = 0
    kept: list[TieRow] = field(default_factory=list)
    shortcut_messages: list[str] = field(default_factory=list)


def save_tie_rows(case: Case, rows: list[TieRow], shortcut: Mapping[str, Any] | None = None
                  ) -> TiesResult:
    """Add every row's tie and the shortcut's ties; each on its own (module docstring).

    ``shortcut``: ``who`` (person ids), ``how`` (``parents_of`` or ``children_of``),
    ``whom`` (person ids) and ``quality``: a tie from each of ``who`` to each of ``whom``.
    """
    result = TiesResult()
    for row in rows:
        if row.blank:
            continue
        error = _try_tie(case, row.a, row.kind, row.b, row.quality)
        if error is None:
            result.added += 1
        else:
            row.errors = [message for _name, message in error.messages()]
            result.kept.append(row)
    if shortcut:
        _shortcut(case, shortcut, result)
    return result


def _shortcut(case: Case, shortcut: Mapping[str, Any], result: TiesResult) -> None:
    who, whom = list(shortcut.get("who") or []), list(shortcut.get("whom") or [])
    if not who and not whom:
        return
    kind = SHORTCUTS.get(str(shortcut.get("how") or ""))
    if kind is None or not who or not whom:
        result.shortcut_messages.append(message_for("shortcut_incomplete"))
        return
    for a in who[:MAX_ROWS]:
        for b in whom[:MAX_ROWS]:
            error = _try_tie(case, a, kind.value, b, shortcut.get("quality"))
            if error is None:
                result.added += 1
            else:
                result.shortcut_messages += [m for _name, m in error.messages()]


def _try_tie(case: Case, a: Any, kind: Any, b: Any, quality: Any) -> RuleError | None:
    """Add one tie in a savepoint; the refusal instead of raising it."""
    savepoint = db.session.begin_nested()
    try:
        person = services.get_person(case, parse_id(a) or 0)
        if person is None:
            raise RuleError("tie_person_required", "person_a")
        services.add_tie(case, person, b, kind, quality)
        db.session.flush()
    except RuleError as error:
        savepoint.rollback()
        return error
    savepoint.commit()
    return None

