"""CSV import of people, CSV and JSON export of the map.

The import reads UTF-8 (with or without BOM), separated by ``,`` or ``;`` (or a tab),
with a header row naming the columns of ``COLUMNS`` (English, or the Dutch names in
``ALIASES``). Values may be the English codes or the Dutch or English labels, in any case.
Every bad row is reported with its line number; nothing is imported while any row is bad.
docs/network-map.md documents the columns for users.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from eigenkracht.audit.services import record
from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.core.clock import now
from eigenkracht.core.csvsafe import csv_document, restore_text
from eigenkracht.core.names import matches, same_name
from eigenkracht.core.rules import message_for
from eigenkracht.network import labels
from eigenkracht.network.models import Gender, Person, Sector, Support
from eigenkracht.network.services import NetworkMap, add_person
from eigenkracht.network.snapshots import person_dict, tie_dict
from eigenkracht.network.validation import TEXT_LIMITS, PersonData, clean, person_problems

MAX_BYTES = 1024 * 1024
MAX_ROWS = 1000

COLUMNS = ["name", "relation", "sector", "ring", "support", "support_direction",
           "contact_frequency", "known_for", "language", "phone", "email", "birth_year",
           "gender", "deceased", "notes", "occupation", "employer", "can_help_with"]
WORK_COLUMNS = ("occupation", "employer", "can_help_with")

ALIASES = {
    "naam": "name", "relatie": "relation", "cirkel": "ring", "steun": "support",
    "direction": "support_direction", "richting": "support_direction",
    "contact": "contact_frequency", "contactfrequentie": "contact_frequency",
    "bekend": "known_for", "bekend_sinds": "known_for", "taal": "language",
    "telefoon": "phone", "e_mail": "email", "geboortejaar": "birth_year",
    "geslacht": "gender", "overleden": "deceased", "notities": "notes",
    "opmerkingen": "notes", "beroep": "occupation", "werkgever": "employer",
    "kan_helpen_met": "can_help_with", "help": "can_help_with",
}

# Letters of the ecogram (English P/C/A/E, Dutch P/G/A/E) and other common short forms.
EXTRA_VALUES: dict[str, dict[str, Any]] = {
    "support": {"p": Support.PRACTICAL, "c": Support.COMPANY, "g": Support.COMPANY,
                "a": Support.ADVICE, "i": Support.ADVICE, "e": Support.EMOTIONAL},
    "gender": {"f": Gender.FEMALE, "v": Gender.FEMALE, "m": Gender.MALE, "x": Gender.OTHER},
    "ring": {"close": 1, "middle": 2, "far": 3},
}
YES = {"1", "yes", "ja", "j", "y", "true", "waar", "x", "deceased", "overleden"}
NO = {"", "0", "no", "nee", "n", "false", "onwaar"}
LIST_SEPARATORS = re.compile(r"[;,|/+]")

PROBLEMS = {
    "too_large": _l("The file is larger than 1 MB. Split it into smaller files."),
    "empty": _l("The file is empty."),
    "not_utf8": _l("The file is not UTF-8 text. In your spreadsheet, save it as "
                   "\"CSV UTF-8\"."),
    "not_text": _l("This does not look like a CSV file. Save the sheet as CSV and try again."),
    "no_people": _l("The file has a header row but no people."),
    "too_many": _l("The file has more than %(max)s people. Split it into smaller files."),
    "no_name_column": _l("The header row has no column \"name\"."),
    "unknown_column": _l("Unknown column \"%(column)s\"."),
    "double_column": _l("The column \"%(column)s\" appears twice."),
    "cell_count": _l("This row has %(found)s cells where the header has %(expected)s."),
    "bad_value": _l("\"%(value)s\" is not a value we know for this column."),
    "bad_year": _l("\"%(value)s\" is not a year."),
    "bad_csv": _l("The file could not be read as CSV: check the quotes."),
}


@dataclass
class ImportProblem:
    line: int  # 0: the file as a whole
    column: str
    message: str


@dataclass
class ImportResult:
    people: list[PersonData] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.people)


def _problem(code: str, line: int = 0, column: str = "", **params) -> ImportProblem:
    """A problem of the file (line 0), of a row, or of one cell (``column``)."""
    return ImportProblem(line, column, str(PROBLEMS[code] % {"column": column, **params}))


# --- reading ------------------------------------------------------------------------------

def read_people_csv(raw: bytes) -> ImportResult:
    """Parse an uploaded CSV into people, or say what is wrong with every bad row."""
    text, problem = _decode(raw)
    if problem:
        return ImportResult(problems=[problem])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text),
                        strict=True)
    try:
        return _read_rows(reader)
    except csv.Error:
        return ImportResult(problems=[_problem("bad_csv", reader.line_num)])


def _decode(raw: bytes) -> tuple[str, ImportProblem | None]:
    if len(raw) > MAX_BYTES:
        return "", _problem("too_large")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", _problem("not_utf8")
    if "\x00" in text:
        return "", _problem("not_text")
    if not text.strip():
        return "", _problem("empty")
    return text, None


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_rows(reader) -> ImportResult:
    result = ImportResult()
    header = next(reader, None)
    columns, header_problems = _columns(header or [])
    if header_problems:
        result.problems = header_problems
        return result
    parsers = _parsers()
    line, rows = reader.line_num, 0
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if rows > MAX_ROWS:
            return ImportResult(problems=[_problem("too_many", max=MAX_ROWS)])
        data, problems = _read_row(start, row, columns, parsers)
        result.problems += problems
        if data is not None:
            result.people.append(data)
    if not result.people and not result.problems:
        result.problems.append(_problem("no_people", 0))
    return result


def _columns(header: list[str]) -> tuple[list[str], list[ImportProblem]]:
    columns, problems = [], []
    for cell in header:
        name = re.sub(r"[\s\-]+", "_", cell.strip().lower())
        name = ALIASES.get(name, name)
        if name not in COLUMNS:
            problems.append(_problem("unknown_column", 0, column=cell.strip()[:50]))
        elif name in columns:
            problems.append(_problem("double_column", 0, column=name))
        columns.append(name)
    if "name" not in columns:
        problems.insert(0, _problem("no_name_column", 1))
    return columns, problems


def _read_row(line: int, row: list[str], columns: list[str],
              parsers: dict[str, Callable[[str], Any]]):
    extra = row[len(columns):]
    if len(row) < len(columns) or any(c.strip() for c in extra):
        return None, [_problem("cell_count", line, found=len(row), expected=len(columns))]
    data, problems = PersonData(name=""), []
    for column, cell in zip(columns, row, strict=False):
        value = restore_text(cell.strip())
        try:
            setattr(data, column, parsers[column](value))
        except ValueError as error:
            problems.append(_problem(error.args[0], line, column, value=value[:50]))
    if not problems:
        for column, code in person_problems(clean(data)):
            message = message_for(code, {"limit": TEXT_LIMITS.get(column)})
            problems.append(ImportProblem(line, column, message))
    return (None if problems else data), problems


# --- understanding values -----------------------------------------------------------------

def _parsers() -> dict[str, Callable[[str], Any]]:
    """A parser per column, knowing the codes and the labels in every language."""
    choice = {
        "sector": _lookup(labels.SECTOR_LABELS),
        "support_direction": _lookup(labels.DIRECTION_LABELS),
        "contact_frequency": _lookup(labels.FREQUENCY_LABELS),
        "known_for": _lookup(labels.KNOWN_FOR_LABELS),
        "gender": _lookup(labels.GENDER_LABELS, EXTRA_VALUES["gender"]),
        "ring": _lookup({n: label for n, label in labels.RING_LABELS.items()},
                        {str(n): n for n in (1, 2, 3)} | EXTRA_VALUES["ring"]),
    }
    support = _lookup(labels.SUPPORT_LABELS, EXTRA_VALUES["support"])
    help_with = _lookup(labels.HELP_LABELS)
    parsers: dict[str, Callable[[str], Any]] = {
        name: _optional(table, name) for name, table in choice.items()}
    parsers["ring"] = _optional(choice["ring"], "ring", default=2)
    parsers["sector"] = _optional(choice["sector"], "sector", default=Sector.FAMILY)
    parsers["gender"] = _optional(choice["gender"], "gender", default=Gender.UNKNOWN)
    parsers["support"] = _many(support)
    parsers["can_help_with"] = _many(help_with)
    parsers["language"] = _optional(_languages(), "language", default="nl")
    parsers["birth_year"] = _year
    parsers["deceased"] = _yes_no
    for name in ("name", "relation", "phone", "email", "notes", "occupation", "employer"):
        parsers[name] = str
    return parsers


def _lookup(choices: dict, extra: dict | None = None) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for value, label in choices.items():
        table[str(getattr(value, "value", value)).casefold()] = value
        for language in current_app.config["LANGUAGES"]:
            with force_locale(language):
                table[str(label).casefold()] = value
    for key, value in (extra or {}).items():
        table.setdefault(key.casefold(), value)
    return table


def _languages() -> dict[str, str]:
    table = {}
    for code, native in labels.LANGUAGE_LABELS.items():
        table[code] = code
        table[native.casefold()] = code
        for language in current_app.config["LANGUAGES"]:
            name = Locale.parse(language).languages.get(code)
            if name:
                table[name.casefold()] = code
    return table


def _optional(table: dict[str, Any], column: str, default: Any = None):
    def parse(value: str) -> Any:
        if not value:
            return default
        try:
            return table[value.casefold()]
        except KeyError:
            raise ValueError("bad_value") from None
    return parse


def _many(table: dict[str, Any]):
    def parse(value: str) -> list[str]:
        found = []
        for part in LIST_SEPARATORS.split(value):
            if part.strip():
                try:
                    found.append(str(table[part.strip().casefold()]))
                except KeyError:
                    raise ValueError("bad_value") from None
        return found
    return parse


def _year(value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 4:
        raise ValueError("bad_year")
    return int(value)


def _yes_no(value: str) -> bool:
    if value.casefold() in YES:
        return True
    if value.casefold() in NO:
        return False
    raise ValueError("bad_value")


# --- importing ----------------------------------------------------------------------------

@dataclass
class LikelyDuplicate:
    """A person of the file whose name is probably someone on the map, or earlier in it."""

    number: int  # 1: the first person of the file
    name: str
    like: list[str]


def likely_duplicates(existing: list[Person], people: list[PersonData]) -> list[LikelyDuplicate]:
    """The people of an import who look like someone already on the map or earlier in the
    file (``core.names``), to be confirmed before anything is imported."""
    found, earlier = [], []
    for number, data in enumerate(people, start=1):
        like = [p.name for p in matches(data.name, existing, lambda p: p.name)]
        like += [name for name in earlier if same_name(name, data.name)]
        if like:
            found.append(LikelyDuplicate(number, data.name, list(dict.fromkeys(like))))
        earlier.append(data.name)
    return found


def import_people(case: Case, people: list[PersonData]) -> list[Person]:
    """Add everyone of a checked import; the request commits them together or not at all."""
    added = [add_person(case, data, how="import") for data in people]
    record("import", case, case=case, summary=f"{len(added)} people imported",
           details={"people": len(added)})
    return added


# --- exporting ----------------------------------------------------------------------------

def export_columns(case: Case) -> list[str]:
    return [c for c in COLUMNS if case.kind == CaseKind.WORK or c not in WORK_COLUMNS]


def export_csv(network: NetworkMap) -> str:
    """The people of the map (not the client) in the import's columns, safe for Excel
    (``core.csvsafe``: no cell a spreadsheet reads, split on ``,`` or ``;``, is a formula)."""
    columns = export_columns(network.case)
    return csv_document(columns, ([_export_value(person, c) for c in columns]
                                  for person in network.others))


def _export_value(person: Person, column: str) -> str:
    value = getattr(person, column)
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def export_json(network: NetworkMap) -> str:
    """The whole map: people with every field, and the ties (the snapshot format, extended)."""
    people = []
    for person in network.people:
        entry = person_dict(person)
        entry.update({
            "known_for": _export_value(person, "known_for") or None,
            "phone": person.phone, "email": person.email, "notes": person.notes,
        })
        if network.case.kind == CaseKind.WORK:
            entry.update({"occupation": person.occupation, "employer": person.employer,
                          "can_help_with": list(person.can_help_with or [])})
        people.append(entry)
    document = {"case": network.case.reference, "exported_at": now().isoformat(),
                "people": people, "ties": [tie_dict(t) for t in network.ties]}
    return json.dumps(document, ensure_ascii=False, indent=2)
