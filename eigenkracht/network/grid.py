"""What the map page's grid and ties table show: rows being corrected, the saved people
(when editing everyone at once) and blank rows to fill in (``entry_views`` saves them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.core.forms import OnceForm
from eigenkracht.core.names import fold
from eigenkracht.network import entry
from eigenkracht.network.models import HelpWith, Person

BLANK_ROWS = 5
MORE_ROWS = 10


class EntryForm(OnceForm):
    """The CSRF token and one-time key of the grid and of the ties table; the rows
    themselves are read by ``entry.read_person_rows`` and ``entry.read_tie_rows``."""


@dataclass
class GridState:
    """What the grid shows: rows being corrected, saved people (when editing all), blanks."""

    form: EntryForm
    rows: list[entry.PersonRow] = field(default_factory=list)
    editing: bool = False

    @property
    def problems(self) -> list[entry.PersonRow]:
        return [row for row in self.rows if row.errors]

    @property
    def next_index(self) -> int:
        return max((row.index for row in self.rows), default=-1) + 1


@dataclass
class TiesState:
    form: EntryForm
    rows: list[entry.TieRow] = field(default_factory=list)
    shortcut: dict = field(default_factory=dict)
    shortcut_messages: list[str] = field(default_factory=list)

    @property
    def next_index(self) -> int:
        return max((row.index for row in self.rows), default=-1) + 1


def grid_state(people: list[Person], editing: bool, kept: list[entry.PersonRow] | None = None,
               form: EntryForm | None = None, blanks: int = BLANK_ROWS) -> GridState:
    """The grid as first shown (blank rows; everyone when ``editing``), or with ``kept``."""
    state = GridState(form=form or EntryForm(), editing=editing)
    rows = list(kept or [])
    shown = {row.person_id for row in rows if row.person_id is not None}
    if editing:
        rows += [entry.row_of(p, 0) for p in people if not p.is_client and p.id not in shown]
    rows += [entry.PersonRow(index=0, values={"sector": "family", "ring": "2",
                                              "language": "nl"}) for _n in range(blanks)]
    for number, row in enumerate(rows):
        row.index = number
    state.rows = rows
    return state


def ties_state(kept: list[entry.TieRow] | None = None, form: EntryForm | None = None,
               shortcut: dict | None = None, messages: list[str] | None = None,
               blanks: int = BLANK_ROWS) -> TiesState:
    rows = list(kept or []) + [entry.TieRow(index=0) for _n in range(blanks)]
    for number, row in enumerate(rows):
        row.index = number
    return TiesState(form=form or EntryForm(), rows=rows, shortcut=shortcut or {},
                     shortcut_messages=messages or [])




@dataclass
class JobFilter:
    """Job information of a work case's people, and the people table's filter on it:
    ``help_with`` (one of ``HelpWith``) and ``query`` (words in the occupation, employer or
    name, ignoring case and accents)."""

    jobs: dict[int, Person]
    help_with: str = ""
    query: str = ""
    matching: frozenset[int] | None = None  # None: not filtered

    @property
    def active(self) -> bool:
        return self.matching is not None


def job_filter(case: Case, people: list[Person], help_with: str, query: str
               ) -> JobFilter | None:
    """The job columns and filter of the people table; None for cases that are not work."""
    if case.kind != CaseKind.WORK:
        return None
    jobs = {p.id: p for p in people if not p.is_client}
    help_with = help_with if help_with in HelpWith._value2member_map_ else ""
    wanted = fold(query)
    if not help_with and not wanted:
        return JobFilter(jobs=jobs)
    matching = frozenset(
        p.id for p in jobs.values()
        if (not help_with or help_with in (p.can_help_with or []))
        and (not wanted or wanted in fold(f"{p.occupation} {p.employer} {p.name}")))
    return JobFilter(jobs=jobs, help_with=help_with, query=query.strip(), matching=matching)


@dataclass(frozen=True)
class WorkGaps:
    """What a jobseeker's map lacks for finding work: nobody who gives a reference, vacancy
    tips or an introduction, and nobody whose occupation or employer is in the line of work
    the case aims for (``Case.work_sector``; empty: not asked)."""

    missing_help: list[HelpWith]
    sector: str
    nobody_in_sector: bool

    @property
    def any(self) -> bool:
        return bool(self.missing_help or self.nobody_in_sector)


WORK_HELP_NEEDED = (HelpWith.REFERENCE, HelpWith.VACANCY_TIPS, HelpWith.INTRODUCTION)


def work_gaps(case: Case, people: list[Person]) -> WorkGaps | None:
    """The map's gaps in the words of work; None for cases that are not work. The living
    people of the network count, not the jobseeker."""
    if case.kind != CaseKind.WORK:
        return None
    network = [p for p in people if not p.is_client and not p.deceased]
    offered = {kind for p in network for kind in (p.can_help_with or [])}
    sector = " ".join((case.work_sector or "").split())
    wanted = fold(sector)
    in_sector = any(wanted in fold(f"{p.occupation} {p.employer}") for p in network) \
        if wanted else True
    return WorkGaps(missing_help=[kind for kind in WORK_HELP_NEEDED if kind.value not in offered],
                    sector=sector, nobody_in_sector=not in_sector)
