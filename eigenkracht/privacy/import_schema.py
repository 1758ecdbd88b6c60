"""What a case export may hold, table by table, and the check of every row against it.

Only the tables of one case are imported (``IMPORTED``); a real export also holds tables that
are not carried over (``LEFT_OUT``: staff assignments, who read a plan, the messages sent and
the audit log — the exporting organisation keeps those). Any other table is refused.

Every row is checked against its table's columns as the models define them: no unknown
column; whole numbers, true/false, text within the column's length and without control
characters, one of the column's choices, dates (``YYYY-MM-DD``) and timestamps (with a time
zone) between ``FIRST_YEAR`` and ``LAST_YEAR``; the JSON columns against the shape the app
stores (``Rule.json``); people also against the map's own rules (``person_problems``). A
reference to another row must name a row of the same export (the case itself, or a row of a
table read before); a reference to a row of the same table must name an earlier row, so
chains such as a plan's previous version cannot loop. References to staff are dropped:
staff are not carried over. The database's unique rules are checked here as well, so that a
contradicting file is a message, not a database error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

from eigenkracht.conference.services import MAX_DURATION, MIN_DURATION
from eigenkracht.core.rules import has_control_characters, message_for
from eigenkracht.network.labels import LANGUAGE_LABELS
from eigenkracht.network.models import HelpWith, Support
from eigenkracht.network.validation import (
    EARLIEST_BIRTH_YEAR,
    PERSON_FIELDS,
    TEXT_LIMITS,
    PersonData,
    clean,
    person_problems,
)
from eigenkracht.privacy.import_archive import ImportRefused

MAX_ROWS = 10_000  # rows of one table; people and ties in one saved map
MAX_TEXT = 20_000  # characters of a text column without a length of its own
FIRST_YEAR, LAST_YEAR = 1900, 2199
INTEGER = (-(2**31), 2**31 - 1)
# Ranges that hold in every table: a version counter still moves on after the import.
RANGES = {"row_version": (1, 10**9)}
STAFF, ORGANISATION, CASE = "users", "organisations", "cases"

Problem = str | None  # a code of ``import_archive.PROBLEMS``, or None when all is well


# --- the JSON columns ---------------------------------------------------------------------

def _choices(allowed: Any, most: int = 20) -> Callable[[Any], Problem]:
    """A list of distinct values out of ``allowed``."""
    values = {getattr(item, "value", item) for item in allowed}

    def check(value: Any) -> Problem:
        if (not isinstance(value, list) or len(value) > most
                or len(set(map(repr, value))) < len(value)):
            return "bad_shape"
        return None if all(isinstance(item, str) and item in values for item in value) \
            else "not_choice"
    return check


def _short_text(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit and not _unsafe(value, False)


def _whole(value: Any) -> bool:
    return type(value) is int and INTEGER[0] <= value <= INTEGER[1]


SNAPSHOT_PERSON: dict[str, Callable[[Any], bool]] = {
    "id": _whole,
    "name": lambda v: _short_text(v, 200),
    "relation": lambda v: _short_text(v, 100),
    "sector": lambda v: _short_text(v, 40),
    "ring": lambda v: v is None or (type(v) is int and 1 <= v <= 3),
    "support": lambda v: isinstance(v, list) and len(v) <= 10
    and all(_short_text(item, 40) for item in v),
    "support_direction": lambda v: v is None or _short_text(v, 40),
    "gender": lambda v: v is None or _short_text(v, 40),
    "birth_year": lambda v: v is None or (type(v) is int and FIRST_YEAR <= v <= LAST_YEAR),
    "deceased": lambda v: type(v) is bool,
    "is_client": lambda v: type(v) is bool,
    "language": lambda v: v is None or _short_text(v, 10),
    "contact_frequency": lambda v: v is None or _short_text(v, 40),
}
SNAPSHOT_TIE: dict[str, Callable[[Any], bool]] = {
    "a": _whole, "b": _whole, "kind": lambda v: _short_text(v, 40),
    "quality": lambda v: v is None or _short_text(v, 40),
}


def _items(value: Any, keys: Mapping[str, Callable[[Any], bool]],
           required: tuple[str, ...]) -> bool:
    return (isinstance(value, list) and len(value) <= MAX_ROWS
            and all(isinstance(item, dict) and set(required) <= set(item) <= set(keys)
                    and all(keys[k](v) for k, v in item.items()) for item in value))


def check_snapshot(value: Any) -> Problem:
    """A saved map: ``{"people": [...], "ties": [...]}`` as ``network.snapshots`` writes it;
    every tie between two people of the same map."""
    if not isinstance(value, dict) or set(value) != {"people", "ties"}:
        return "bad_shape"
    if not (_items(value["people"], SNAPSHOT_PERSON, ("id", "name"))
            and _items(value["ties"], SNAPSHOT_TIE, ("a", "b", "kind"))):
        return "bad_shape"
    ids = [person["id"] for person in value["people"]]
    if len(set(ids)) < len(ids):
        return "duplicate"
    known = set(ids)
    if any(tie["a"] not in known or tie["b"] not in known for tie in value["ties"]):
        return "outside_case"
    return None


def check_decision_lines(value: Any) -> Problem:
    """A decision's judgement of the bottom lines: ``[{"text", "met", "note"}, …]``."""
    if not isinstance(value, list) or len(value) > 200:
        return "bad_shape"
    for item in value:
        if (not isinstance(item, dict) or set(item) != {"text", "met", "note"}
                or not isinstance(item["text"], str) or not isinstance(item["note"], str)
                or item["met"] not in (True, False, None)
                or len(item["text"]) > MAX_TEXT or len(item["note"]) > MAX_TEXT):
            return "bad_shape"
        if has_control_characters(item["text"]) or has_control_characters(item["note"]):
            return "bad_shape"
    return None


# --- the tables ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """What one imported table needs beyond its columns' types."""

    json: Mapping[str, Callable[[Any], Problem]] = field(default_factory=dict)
    ranges: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    choices: Mapping[str, frozenset[str]] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()  # replaced by random values: imported links are dead
    derived: tuple[str, ...] = ()  # set by the import itself, whatever the file says
    different: tuple[str, ...] = ()  # columns that may not hold the same row
    # A row of an older export in today's columns (before it is checked).
    upgrade: Callable[[dict[str, Any]], dict[str, Any]] | None = None


LANGUAGES = frozenset(LANGUAGE_LABELS)


def _one_interpreter_to_many(row: dict[str, Any]) -> dict[str, Any]:
    """Exports made before a conference had several interpreters hold one language (or "")
    in ``interpreter_language``: the same conference now has that one in a list."""
    if "interpreter_language" not in row or "interpreter_languages" in row:
        return row
    row = dict(row)
    language = row.pop("interpreter_language")
    row["interpreter_languages"] = [language] if language else []
    return row

def _no_reminders(row: dict[str, Any]) -> dict[str, Any]:
    """An imported link is dead (its token is replaced), so its reminders, which link to the
    page through the token kept encrypted with the exporting app's key, are switched off."""
    if "reminder_token" not in row and "reminder_channel" not in row:
        return row
    return {**row, "reminder_token": "", "reminder_channel": ""}


CASE_RULE = Rule(derived=("reference",))  # see ``importing.reference_for``
IMPORTED: dict[str, Rule] = {
    "clients": Rule(ranges={"birth_year": (FIRST_YEAR, LAST_YEAR)}),
    "referrers": Rule(),  # its account (user_id) is staff: not carried over
    "referrer_links": Rule(secrets=("token_hash", "code_hash")),
    "case_status_changes": Rule(),
    "bottom_lines": Rule(),
    "conferences": Rule(json={"languages": _choices(LANGUAGES),
                              "interpreter_languages": _choices(LANGUAGES)},
                        ranges={"duration_minutes": (MIN_DURATION, MAX_DURATION)},
                        upgrade=_one_interpreter_to_many),
    "goals": Rule(),
    "network_snapshots": Rule(json={"data": check_snapshot}),
    "people": Rule(json={"support": _choices(Support), "can_help_with": _choices(HelpWith)},
                   ranges={"ring": (1, 3), "birth_year": (EARLIEST_BIRTH_YEAR, LAST_YEAR)}),
    "access_links": Rule(secrets=("token_hash",), upgrade=_no_reminders),
    "conference_checklist": Rule(),
    "contact_logs": Rule(),
    "goal_steps": Rule(),
    "invitations": Rule(secrets=("token_hash",)),
    "plans": Rule(ranges={"version": (1, 10_000)}),
    "relationships": Rule(different=("person_a_id", "person_b_id")),
    "information_notes": Rule(),
    "plan_bottom_lines": Rule(),
    "actions": Rule(),
    "action_people": Rule(),
    "action_updates": Rule(),
    "plan_bottom_line_actions": Rule(),
    "information_note_revisions": Rule(),
    "plan_decisions": Rule(json={"bottom_lines": check_decision_lines}),
    "conference_phase_moves": Rule(),
    "follow_up_calls": Rule(),
    "conference_changes": Rule(),
    "plan_alerts": Rule(choices={"reporter_role": frozenset({"monitor", "task"})}),
    "evaluation_answers": Rule(ranges={"satisfaction_conference": (1, 5),
                                       "satisfaction_plan": (1, 5), "felt_heard": (1, 5),
                                       "scale": (0, 10)}),
    "evaluation_receipts": Rule(),
    "plan_signatures": Rule(),
    "map_departures": Rule(ranges={"ring": (1, 3)}),
    "leads": Rule(),
    "placements": Rule(ranges={"hours_per_week": (1, 60)}),
    "placement_checks": Rule(ranges={"months": (1, 12)}),
}
# The referrer's line of a register is a staff member's (staff are not carried over); an
# art. 15 report is the exporting organisation's record of answering a request.
LEFT_OUT = frozenset({"case_assignments", "plan_views", "outbox_messages", "audit_events",
                      "conference_referrers", "access_reports", "reminders_sent"})


@dataclass
class Checked:
    """The rows of one table as they may be stored: ``(id in the file, values)`` each;
    references still hold the file's ids (``importing`` maps them)."""

    table: Table
    rows: list[tuple[int | None, dict[str, Any]]]


def target(column: Column) -> str | None:
    """The table a column refers to, if any."""
    key = next(iter(column.foreign_keys), None)
    return key.column.table.name if key is not None else None


def _keyed(table: Table) -> bool:
    return "id" in table.c and table.c.id.primary_key


def check_table(table: Table, rule: Rule, rows: Any, known: Mapping[str, set[int]],
                case_id: int | None = None) -> Checked:
    """Every row of ``rows`` checked for ``table``; ``known`` holds the file ids of the
    tables read before, ``case_id`` the case's id in the file. Raises ``ImportRefused``."""
    name = table.name
    if not isinstance(rows, list):
        raise ImportRefused("not_rows", table=name)
    if len(rows) > MAX_ROWS:
        raise ImportRefused("too_many_rows", table=name, limit=MAX_ROWS)
    checked: list[tuple[int | None, dict[str, Any]]] = []
    seen: set[int] = set()
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ImportRefused("not_row", table=name, row=number)
        where = _Where(name, number)
        own_id = _own_id(table, row, seen, where)
        values = _row(table, rule, row, where, known, case_id, own_id, seen)
        if name == "people":
            _person(values, where)
        checked.append((own_id, values))
        if own_id is not None:
            seen.add(own_id)
    _unique(table, rule, checked)
    # Every client of the case sits in the centre of the map: no more centre people than
    # clients (one for an export from before several clients).
    centre = max(1, len(known.get("clients", ())))
    if name == "people" and sum(1 for _, values in checked if values["is_client"]) > centre:
        raise ImportRefused("two_clients")
    return Checked(table, checked)


@dataclass(frozen=True)
class _Where:
    table: str
    row: int

    def refuse(self, column: str, problem: str, **params: Any) -> ImportRefused:
        return ImportRefused("value", table=self.table, row=self.row, column=column,
                             problem=problem, **params)


def _own_id(table: Table, row: dict[str, Any], seen: set[int], where: _Where) -> int | None:
    if not _keyed(table):
        return None
    if "id" not in row:
        raise where.refuse("id", "missing")
    if not _whole(row["id"]):
        raise where.refuse("id", "not_whole_number")
    if row["id"] in seen:
        raise where.refuse("id", "duplicate")
    return row["id"]


def _row(table: Table, rule: Rule, row: dict[str, Any], where: _Where,
         known: Mapping[str, set[int]], case_id: int | None, own_id: int | None,
         seen: set[int]) -> dict[str, Any]:
    if rule.upgrade is not None and isinstance(row, dict):
        row = rule.upgrade(row)
    unknown = sorted(set(row) - set(table.c.keys()), key=str)
    if unknown:
        raise ImportRefused("unknown_column", table=where.table, row=where.row,
                            column=unknown[0])
    values: dict[str, Any] = {}
    for column in table.c:
        if column.name == "id" and _keyed(table):
            continue
        value = values[column.name] = _column(column, rule, row, where)
        pointed = target(column)
        if pointed not in (None, STAFF, ORGANISATION) and value is not None:
            _reference(column, pointed, value, where, known, case_id, own_id, seen)
    for first, second in [rule.different] if rule.different else []:
        if values[first] == values[second]:
            raise where.refuse(second, "self_reference")
    return values


def _column(column: Column, rule: Rule, row: dict[str, Any], where: _Where) -> Any:
    """The value of ``column`` as it may be stored (references still the file's ids)."""
    if column.name in rule.derived or target(column) in (STAFF, ORGANISATION):
        return None  # set by the import; staff are not carried over
    if column.name not in row:
        if not column.nullable:
            raise where.refuse(column.name, "missing")
        return None
    return _value(column, rule, row[column.name], where)


def _reference(column: Column, pointed: str, value: Any, where: _Where,
               known: Mapping[str, set[int]], case_id: int | None, own_id: int | None,
               seen: set[int]) -> None:
    if pointed == CASE:
        inside = value == case_id
    elif pointed == where.table:  # an earlier row of the same table: no loops
        if value == own_id or value not in seen:
            raise where.refuse(column.name, "self_reference")
        inside = True
    else:
        inside = value in known.get(pointed, ())
    if not inside:
        raise where.refuse(column.name, "outside_case")


def _value(column: Column, rule: Rule, value: Any, where: _Where) -> Any:  # noqa: C901
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    name = column.name
    if value is None:
        if column.nullable:
            return None
        raise where.refuse(name, "required")
    if isinstance(kind, JSON):
        check = rule.json.get(name)
        problem = check(value) if check is not None else "bad_shape"
        if problem:
            raise where.refuse(name, problem)
        return value
    if isinstance(kind, Enum):
        if not isinstance(value, str) or value not in kind.enums:
            raise where.refuse(name, "not_choice")
        return value
    if isinstance(kind, Boolean):
        if type(value) is not bool:
            raise where.refuse(name, "not_yes_no")
        return value
    if isinstance(kind, Integer):
        if type(value) is not int:
            raise where.refuse(name, "not_whole_number")
        low, high = rule.ranges.get(name) or RANGES.get(name, INTEGER)
        if not low <= value <= high:
            raise where.refuse(name, "out_of_range")
        return value
    if isinstance(kind, DateTime):
        return _moment(value, name, where)
    if isinstance(kind, Date):
        return _date(value, name, where)
    if isinstance(kind, String | Text):
        return _text(column, rule, value, where)
    raise where.refuse(name, "bad_shape")  # a column type this import does not know


def _text(column: Column, rule: Rule, value: Any, where: _Where) -> str:
    name = column.name
    if not isinstance(value, str):
        raise where.refuse(name, "not_text")
    limit = getattr(column.type, "length", None) or MAX_TEXT
    if len(value) > limit:
        raise where.refuse(name, "too_long", limit=limit)
    if _unsafe(value, True):
        raise where.refuse(name, "control_characters")
    if name in rule.choices and value not in rule.choices[name]:
        raise where.refuse(name, "not_choice")
    return value


def _unsafe(value: str, multiline: bool) -> bool:
    """Control characters, or halves of a surrogate pair (not storable as UTF-8)."""
    return has_control_characters(value, multiline=multiline) or any(
        "\ud800" <= char <= "\udfff" for char in value)


def _date(value: Any, name: str, where: _Where) -> date:
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise where.refuse(name, "not_date")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise where.refuse(name, "not_date") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise where.refuse(name, "date_range", first=FIRST_YEAR, last=LAST_YEAR)
    return day


def _moment(value: Any, name: str, where: _Where) -> datetime:
    if not isinstance(value, str) or not 19 <= len(value) <= 40:
        raise where.refuse(name, "not_moment")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise where.refuse(name, "not_moment") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise where.refuse(name, "not_moment")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise where.refuse(name, "date_range", first=FIRST_YEAR, last=LAST_YEAR)
    return moment.astimezone(UTC)


def _person(values: dict[str, Any], where: _Where) -> None:
    """The map's own rules for a person, as its forms and CSV import apply them."""
    data = clean(PersonData(**{name: values[name] for name in PERSON_FIELDS}))
    for column, code in person_problems(data):
        raise ImportRefused("rule", table=where.table, row=where.row, column=column,
                            message=message_for(code, {"limit": TEXT_LIMITS.get(column)}))


def _unique(table: Table, rule: Rule, rows: list[tuple[int | None, dict[str, Any]]]) -> None:
    """The table's unique rules (and a key of several columns) hold among the rows."""
    groups = [tuple(c.name for c in constraint.columns) for constraint in table.constraints
              if isinstance(constraint, UniqueConstraint)]
    if not _keyed(table):
        groups.append(tuple(c.name for c in table.primary_key.columns))
    for group in groups:
        if set(group) & set(rule.secrets):
            continue  # replaced by random values
        seen: set[tuple[Any, ...]] = set()
        for number, (_, values) in enumerate(rows, start=1):
            key = tuple(values[name] for name in group)
            if None in key:
                continue
            if key in seen:
                raise _Where(table.name, number).refuse(group[-1], "duplicate")
            seen.add(key)
