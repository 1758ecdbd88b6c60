"""The caseload of a job coach, and the follow-ups that fall due.

``caseload`` runs the same four queries for 5 or 500 jobseekers: one row per case with the
counts joined in from ``GROUP BY`` subqueries, the newest snapshot of every case (a window
function), the people now on those maps, and the staff of the cases. The change since the
last snapshot is the map comparison of ``network.snapshots.compare``, made in Python on
what those queries returned; no query is ever made per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, select, true
from sqlalchemy import case as case_
from sqlalchemy.orm import contains_eager, selectinload

from eigenkracht.auth.models import Role, User
from eigenkracht.cases.access import STAFF_ROLES, visible_cases
from eigenkracht.cases.models import Case, CaseAssignment, CaseKind, CaseStatus
from eigenkracht.core.clock import today
from eigenkracht.core.names import fold
from eigenkracht.extensions import db
from eigenkracht.jobs.models import ContactLog, Goal, GoalStatus
from eigenkracht.jobs.services import recent_since
from eigenkracht.network.models import NetworkSnapshot, Person
from eigenkracht.network.snapshots import compare

CASELOAD_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.JOBCOACH)
FOLLOW_UP_HORIZON_DAYS = 14


def can_use_caseload(user: User) -> bool:
    """Job coaches and coordinators (their own work cases) and admins (all of them)."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in CASELOAD_ROLES


def work_cases(user: User, *, include_closed: bool = False) -> Select:
    """The work cases ``user`` may see: their own, or (admins) all of the organisation."""
    query = visible_cases(user).where(Case.kind == CaseKind.WORK)
    if not include_closed:
        query = query.where(Case.status != CaseStatus.CLOSED)
    return query


@dataclass
class CaseloadRow:
    """One jobseeker on the caseload."""

    reference: str
    client_name: str
    status: CaseStatus
    network_size: int
    recent_contacts: int
    overdue: int
    goals_open: int
    goals_total: int
    last_contact: date | None
    next_follow_up: date | None = None  # the soonest open follow-up (overdue ones too)
    snapshot_at: datetime | None = None
    added: int | None = None  # since the last snapshot; None without a snapshot
    removed: int | None = None
    staff: list[str] = field(default_factory=list)

    @property
    def change(self) -> int | None:
        """Net change since the last snapshot (for sorting)."""
        return None if self.added is None else self.added - (self.removed or 0)


# --- the caseload -------------------------------------------------------------------------

def caseload(user: User, *, sort: str = "name", include_closed: bool = False,
             on: date | None = None) -> list[CaseloadRow]:
    """Every jobseeker ``user`` may see, with their figures, sorted by ``sort``."""
    on = on or today()
    cases = work_cases(user, include_closed=include_closed)
    ids = cases.with_only_columns(Case.id).scalar_subquery()
    rows = {row.case_id: _row(row) for row in db.session.execute(_figures(cases, ids, on))}
    if rows:
        _add_changes(rows, ids)
        _add_staff(rows, ids)
    return sort_rows(list(rows.values()), sort)


def _figures(cases: Select, ids, on: date) -> Select:
    people = (select(Person.case_id, func.count(Person.id).label("n"))
              .where(Person.is_client.is_(False), Person.case_id.in_(ids))
              .group_by(Person.case_id).subquery("people_n"))
    since = recent_since(on)
    contacts = (select(
        ContactLog.case_id,
        func.sum(case_((ContactLog.contacted_on >= since, 1), else_=0)).label("recent"),
        func.sum(case_((and_(ContactLog.follow_up_on < on,
                            ContactLog.follow_up_done_at.is_(None)), 1), else_=0))
        .label("overdue"),
        func.max(ContactLog.contacted_on).label("last"),
        func.min(case_((ContactLog.follow_up_done_at.is_(None), ContactLog.follow_up_on),
                       else_=None)).label("next_follow_up"))
        .where(ContactLog.case_id.in_(ids))
        .group_by(ContactLog.case_id).subquery("contacts_n"))
    goals = (select(Goal.case_id, func.count(Goal.id).label("total"),
                    func.sum(case_((Goal.status == GoalStatus.OPEN, 1), else_=0)).label("open"))
             .where(Goal.case_id.in_(ids))
             .group_by(Goal.case_id).subquery("goals_n"))
    return (cases.with_only_columns(
        Case.id.label("case_id"), Case.reference, Case.client_first_name,
        Case.client_last_name, Case.status,
        func.coalesce(people.c.n, 0).label("network_size"),
        func.coalesce(contacts.c.recent, 0).label("recent"),
        func.coalesce(contacts.c.overdue, 0).label("overdue"),
        contacts.c.last.label("last_contact"), contacts.c.next_follow_up,
        func.coalesce(goals.c.open, 0).label("goals_open"),
        func.coalesce(goals.c.total, 0).label("goals_total"))
        .outerjoin(people, people.c.case_id == Case.id)
        .outerjoin(contacts, contacts.c.case_id == Case.id)
        .outerjoin(goals, goals.c.case_id == Case.id))


def _row(row: Any) -> CaseloadRow:
    return CaseloadRow(
        reference=row.reference,
        client_name=f"{row.client_first_name} {row.client_last_name}".strip(),
        status=row.status, network_size=int(row.network_size), recent_contacts=int(row.recent),
        overdue=int(row.overdue), goals_open=int(row.goals_open),
        goals_total=int(row.goals_total), last_contact=row.last_contact,
        next_follow_up=row.next_follow_up)


def _add_changes(rows: dict[int, CaseloadRow], ids) -> None:
    """Who was added to or removed from each map since its newest snapshot."""
    ranked = (select(NetworkSnapshot.case_id, NetworkSnapshot.taken_at, NetworkSnapshot.data,
                     func.row_number().over(
                         partition_by=NetworkSnapshot.case_id,
                         order_by=(NetworkSnapshot.taken_at.desc(), NetworkSnapshot.id.desc()))
                     .label("rank"))
              .where(NetworkSnapshot.case_id.in_(ids)).subquery("ranked"))
    latest = {r.case_id: r for r in db.session.execute(
        select(ranked.c.case_id, ranked.c.taken_at, ranked.c.data).where(ranked.c.rank == 1))}
    if not latest:
        return
    current: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for p in db.session.execute(
            select(Person.case_id, Person.id, Person.is_client, Person.ring, Person.sector,
                   Person.support)
            .where(Person.case_id.in_(ids), Person.case_id.in_(
                select(NetworkSnapshot.case_id).where(NetworkSnapshot.case_id.in_(ids))))):
        current[p.case_id].append({"id": p.id, "is_client": p.is_client, "ring": p.ring,
                                   "sector": getattr(p.sector, "value", p.sector),
                                   "support": list(p.support or [])})
    for case_id, snapshot in latest.items():
        row = rows.get(case_id)
        if row is None:
            continue
        comparison = compare(snapshot.data or {}, {"people": current.get(case_id, []),
                                                   "ties": []})
        row.snapshot_at = snapshot.taken_at
        row.added, row.removed = len(comparison.added), len(comparison.removed)


def _add_staff(rows: dict[int, CaseloadRow], ids) -> None:
    for case_id, name in db.session.execute(
            select(CaseAssignment.case_id, User.name).join(User)
            .where(CaseAssignment.case_id.in_(ids), CaseAssignment.role.in_(STAFF_ROLES))
            .order_by(User.name)):
        if name not in rows[case_id].staff:
            rows[case_id].staff.append(name)


# --- sorting ------------------------------------------------------------------------------

def _text_key(value: str) -> str:
    return value.casefold()


# column -> the value it sorts by; empty values (None) always sort last
SORT_COLUMNS = {
    "name": lambda r: _text_key(r.client_name),
    "network": lambda r: r.network_size,
    "contacts": lambda r: r.recent_contacts,
    "overdue": lambda r: r.overdue,
    "goals": lambda r: (r.goals_open, r.goals_total),
    "change": lambda r: r.change,
    "last_contact": lambda r: r.last_contact,
    "next_follow_up": lambda r: r.next_follow_up,
}


def parse_sort(sort: str | None) -> tuple[str, bool]:
    """``"network"`` → ``("network", False)``; ``"-network"`` → descending; anything
    unknown → by name."""
    sort = (sort or "").strip()[:20]
    descending = sort.startswith("-")
    column = sort.lstrip("-")
    if column not in SORT_COLUMNS:
        return "name", False
    return column, descending


def sort_rows(rows: list[CaseloadRow], sort: str | None) -> list[CaseloadRow]:
    column, descending = parse_sort(sort)
    key = SORT_COLUMNS[column]
    rows = sorted(rows, key=lambda r: (_text_key(r.client_name), r.reference))
    present = [r for r in rows if key(r) is not None]
    empty = [r for r in rows if key(r) is None]
    return sorted(present, key=key, reverse=descending) + empty


# --- filtering ----------------------------------------------------------------------------

SEARCH_MAX = 100
SHOW_CHOICES = ("", "overdue", "quiet")  # everyone, overdue follow-ups, no contact in 30 days


@dataclass(frozen=True)
class CaseloadFilter:
    """``?q=`` words in the jobseeker's name or reference (case and accents ignored),
    ``?show=overdue`` (an overdue follow-up) or ``quiet`` (no contact in the last 30 days,
    today included), ``?stage=<case status>``. Anything unknown is ignored."""

    query: str = ""
    show: str = ""
    stage: str = ""

    @classmethod
    def parse(cls, args) -> CaseloadFilter:
        query = " ".join(str(args.get("q") or "")[:SEARCH_MAX].split())
        show = str(args.get("show") or "")
        stage = str(args.get("stage") or "")
        return cls(query=query, show=show if show in SHOW_CHOICES else "",
                   stage=stage if stage in CaseStatus._value2member_map_ else "")

    @property
    def active(self) -> bool:
        return bool(self.query or self.show or self.stage)


def filter_rows(rows: list[CaseloadRow], flt: CaseloadFilter) -> list[CaseloadRow]:
    """The rows that pass ``flt`` (in their order)."""
    wanted = fold(flt.query).split()

    def passes(row: CaseloadRow) -> bool:
        if flt.show == "overdue" and not row.overdue:
            return False
        if flt.show == "quiet" and row.recent_contacts:
            return False
        if flt.stage and row.status.value != flt.stage:
            return False
        text = fold(f"{row.client_name} {row.reference}")
        return all(word in text for word in wanted)

    return [row for row in rows if passes(row)]


# --- follow-ups ---------------------------------------------------------------------------

def follow_ups_query(user: User, *, everything: bool = False, coach_id: int | None = None,
                     on: date | None = None) -> Select:
    """Open follow-ups of the work cases ``user`` may see, soonest first: the overdue ones
    and those due in the next two weeks (``everything``: all open follow-ups).

    ``coach_id`` narrows an admin's list to the cases of one job coach or coordinator.
    """
    on = on or today()
    cases = work_cases(user)
    if coach_id is not None:
        cases = cases.where(Case.assignments.any(CaseAssignment.user_id == coach_id))
    query = (select(ContactLog).join(ContactLog.case)
             .options(contains_eager(ContactLog.case).selectinload(Case.assignments),
                      selectinload(ContactLog.person))
             .where(ContactLog.case_id.in_(cases.with_only_columns(Case.id).scalar_subquery()),
                    ContactLog.follow_up_on.is_not(None),
                    ContactLog.follow_up_done_at.is_(None)))
    if not everything:
        query = query.where(ContactLog.follow_up_on <= on + timedelta(days=FOLLOW_UP_HORIZON_DAYS))
    return query.order_by(ContactLog.follow_up_on, ContactLog.id)


def coaches(user: User) -> list[User]:
    """The staff an admin can narrow the follow-ups to (active coaches and coordinators)."""
    return list(db.session.scalars(
        select(User).where(User.organisation_id == user.organisation_id,
                           User.role.in_((Role.JOBCOACH, Role.COORDINATOR)),
                           User.active.is_(True))
        .order_by(User.name)))


# --- one case -----------------------------------------------------------------------------

@dataclass
class CaseSummary:
    goals_open: int
    goals_total: int
    recent_contacts: int
    overdue: int
    contacts: int


def case_summary(case: Case, on: date | None = None) -> CaseSummary:
    """The figures the case page shows for a jobseeker: one statement, whatever the number
    of goals and contacts (two aggregates, each a sub-query of one SELECT)."""
    on = on or today()
    goals = (select(func.count(Goal.id).label("total"),
                    func.coalesce(func.sum(case_((Goal.status == GoalStatus.OPEN, 1),
                                                 else_=0)), 0).label("open"))
             .where(Goal.case_id == case.id).subquery())
    contacts = (
        select(func.count(ContactLog.id).label("total"),
               func.coalesce(func.sum(case_((ContactLog.contacted_on >= recent_since(on), 1),
                                            else_=0)), 0).label("recent"),
               func.coalesce(func.sum(case_((and_(ContactLog.follow_up_on < on,
                                                  ContactLog.follow_up_done_at.is_(None)), 1),
                                            else_=0)), 0).label("overdue"))
        .where(ContactLog.case_id == case.id).subquery())
    goals_total, goals_open, total, recent, overdue = db.session.execute(
        select(goals.c.total, goals.c.open, contacts.c.total, contacts.c.recent,
               contacts.c.overdue).select_from(goals.join(contacts, true()))).one()
    return CaseSummary(goals_open=int(goals_open), goals_total=int(goals_total),
                       recent_contacts=int(recent), overdue=int(overdue), contacts=int(total))
