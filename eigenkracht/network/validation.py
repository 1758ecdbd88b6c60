"""Checking what is entered about a person: by the forms and, row by row, the CSV import.

``person_problems`` lists *every* broken rule as ``(field, code)`` so that an import can
report them all; the services raise the first one as ``core.rules.RuleError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from eigenkracht.core.clock import today
from eigenkracht.core.rules import RuleError, has_control_characters
from eigenkracht.network.labels import LANGUAGE_LABELS
from eigenkracht.network.models import (
    ContactFrequency,
    Gender,
    HelpWith,
    KnownFor,
    Person,
    Sector,
    Support,
    SupportDirection,
)

MAX_NAME = 200
MAX_RELATION = 100
MAX_NOTES = 5000
MAX_PHONE = 40
MAX_EMAIL = 254
MAX_WORK_TEXT = 200
EARLIEST_BIRTH_YEAR = 1900

_PHONE = re.compile(r"^[0-9+()\-\s./]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The longest text each field takes (characters).
TEXT_LIMITS = {"name": MAX_NAME, "relation": MAX_RELATION, "notes": MAX_NOTES,
               "occupation": MAX_WORK_TEXT, "employer": MAX_WORK_TEXT}


@dataclass
class PersonData:
    """What the forms and the CSV import may set on a person."""

    name: str
    relation: str = ""
    sector: Sector = Sector.FAMILY
    ring: int = 2
    support: list[str] = field(default_factory=list)
    support_direction: SupportDirection | None = None
    contact_frequency: ContactFrequency | None = None
    known_for: KnownFor | None = None
    gender: Gender = Gender.UNKNOWN
    language: str = "nl"
    phone: str = ""
    email: str = ""
    birth_year: int | None = None
    deceased: bool = False
    notes: str = ""
    occupation: str = ""
    employer: str = ""
    can_help_with: list[str] = field(default_factory=list)
    # Since when this person belongs to the network (None: since they were added); a date,
    # or the text typed when it could not be read.
    on_map_since: Any = None

    @classmethod
    def of(cls, person: Person) -> PersonData:
        return cls(**{f.name: getattr(person, f.name) for f in fields(cls)})


PERSON_FIELDS = [f.name for f in fields(PersonData)]

ENUM_FIELDS = {"sector": Sector, "support_direction": SupportDirection,
               "contact_frequency": ContactFrequency, "known_for": KnownFor, "gender": Gender}


def clean(data: PersonData) -> PersonData:
    """Strip text, turn known codes into enums, order and de-duplicate the lists.

    The data is changed in place; what cannot be understood stays as it is, for
    ``person_problems`` to report.
    """
    for name in ("name", "relation", "phone", "email", "notes", "occupation", "employer",
                 "language"):
        setattr(data, name, str(getattr(data, name) or "").strip())
    data.email = data.email.lower()
    for name, enum_cls in ENUM_FIELDS.items():
        value = getattr(data, name)
        if isinstance(value, str) and value in enum_cls._value2member_map_:
            setattr(data, name, enum_cls(value))
    data.support = _ordered(data.support, Support)
    data.can_help_with = _ordered(data.can_help_with, HelpWith)
    return data


def _ordered(values: Iterable[str] | None, enum_cls) -> list[str]:
    values = [str(v) for v in dict.fromkeys(values or [])]
    if not _known(values, enum_cls):
        return values
    return [m.value for m in enum_cls if m.value in values]


def _known(values: Iterable[str] | None, enum_cls) -> bool:
    return all(v in enum_cls._value2member_map_ for v in values or [])


def person_problems(data: PersonData) -> list[tuple[str, str]]:
    """Every rule ``data`` breaks, as ``(field, code)``; empty when all is well."""
    return _text_problems(data) + _choice_problems(data) + _contact_problems(data)


def check(data: PersonData) -> PersonData:
    """Clean ``data`` and raise ``RuleError`` for the first rule it breaks."""
    problems = person_problems(clean(data))
    if problems:
        name, code = problems[0]
        raise RuleError(code, name, limit=TEXT_LIMITS.get(name))
    return data


def _text_problems(data: PersonData) -> list[tuple[str, str]]:
    problems = []
    if not data.name:
        problems.append(("name", "name_required"))
    for name, limit in TEXT_LIMITS.items():
        value = getattr(data, name)
        if len(value) > limit:
            problems.append((name, "too_long"))
        elif has_control_characters(value, multiline=name == "notes"):
            problems.append((name, "control_characters"))
    return problems


def _choice_problems(data: PersonData) -> list[tuple[str, str]]:
    problems = []
    if not isinstance(data.sector, Sector):
        problems.append(("sector", "sector_invalid"))
    if type(data.ring) is not int or data.ring not in (1, 2, 3):
        problems.append(("ring", "ring_invalid"))
    for name in ("support_direction", "contact_frequency", "known_for", "gender"):
        value = getattr(data, name)
        if not (isinstance(value, ENUM_FIELDS[name]) or (value is None and name != "gender")):
            problems.append((name, "choice_invalid"))
    if not _known(data.support, Support):
        problems.append(("support", "support_invalid"))
    if not _known(data.can_help_with, HelpWith):
        problems.append(("can_help_with", "help_invalid"))
    if data.language not in LANGUAGE_LABELS:
        problems.append(("language", "language_invalid"))
    return problems


def _contact_problems(data: PersonData) -> list[tuple[str, str]]:
    problems = []
    if data.phone and (len(data.phone) > MAX_PHONE or not _PHONE.match(data.phone)):
        problems.append(("phone", "phone_invalid"))
    if data.email and (len(data.email) > MAX_EMAIL or not _EMAIL.match(data.email)):
        problems.append(("email", "email_invalid"))
    if data.birth_year is not None and (
            type(data.birth_year) is not int
            or not EARLIEST_BIRTH_YEAR <= data.birth_year <= today().year):
        problems.append(("birth_year", "birth_year_range"))
    since = data.on_map_since
    if since is not None:
        if not isinstance(since, date) or since.year < EARLIEST_BIRTH_YEAR:
            problems.append(("on_map_since", "on_map_since_invalid"))
        elif since > today():
            problems.append(("on_map_since", "on_map_since_future"))
    return problems
