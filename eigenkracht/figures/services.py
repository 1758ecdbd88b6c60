"""The organisation's figures: what counts, over which cases, and what may be shown.

Every figure is an aggregate computed by the database (no loop over cases here) for one
period (``periods.Period``) and one scope (``periods.Scope``: everyone's cases, or those of a
coordinator, job coach or team). The rules:

- **The path** follows the cases *referred in the period* (created in it), wherever they are
  now: a conference planned (a first conference made, even if cancelled later), held (its
  day started: any phase after "planned", not cancelled), the plan accepted the first time
  (the case's first acceptance with no "not accepted" before it) or after a revision (with
  one before it), and the plan holding at review (a review meeting was held, and the case is
  still open or was closed because the plan worked). Where they stopped: the cases of that
  cohort that are closed, by the status they were closed from and by the reason chosen.
- **Times** over the same cases, in days: referral to the first conference held; that
  conference to the plan's first acceptance; the acceptance to the first review meeting held
  after it. Median and 90th percentile by the nearest-rank method: the smallest time at or
  below which half (nine in ten) of the cases lie.
- **The conference**: the first conferences held in the period. Invited (every invitation
  but "still to invite"), attended, the network's size (people on the map, the clients not
  counted) and how many of the five sectors it spans (medians), the share of the family and
  network who attended that is not family, interpreters booked, and the languages of those
  who attended (conferences per language).
- **Network growth**: cases with two or more saved maps whose last map up to the end of the
  period is of a day in it (the day it was saved, UTC, or the day it was entered for):
  people on that map minus people on the first.
- **Review meetings** held in the period: the plan went on as it was (no new version made at
  the meeting), was adjusted (a version made there was accepted), or an adjustment waits.
- **Routines** (issue 20) of accepted plans running in the period: how many, how many had
  an occurrence marked done in it ("kept"), how many had none, and the occurrences marked.
- **"This is not working"** alerts raised in the period: by the monitor or by someone with a
  task, those that led to a review meeting, those still open.
- **Questionnaires** answered in the period, per role (children, family, network,
  professionals: children apart): answers and the average of each question.
- **Work cases**: contacts logged in the period, and per outcome (interviews planned and
  held, offers, hired among them); leads from the network noted in the period, those that
  reached an interview (stage interview or hired) and those hired; placements started in
  the period; the placement checks due in the period at 1, 3, 6 and 12 months: checked, and
  still in the job.

**Privacy**: a figure carries the number of cases it is built from; with fewer than
``THRESHOLD`` (5) it is not shown ("< 5"), and in a breakdown with a total, a single hidden
part is joined by the next smallest so that it cannot be found by subtraction
(``protect``). Nothing here reads a name or a free text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.cases.models import (
    AssignmentRole,
    Case,
    CaseAssignment,
    CaseKind,
    CaseStatus,
    ClosedReason,
    StatusChange,
)
from eigenkracht.conference.models import (
    Conference,
    ConferenceKind,
    Invitation,
    InvitationRole,
    InvitationStatus,
    Phase,
)
from eigenkracht.core import clock
from eigenkracht.evaluation.models import EvaluationAnswer, RespondentRole
from eigenkracht.extensions import db
from eigenkracht.figures.models import KeptFigures
from eigenkracht.figures.periods import Period, Scope
from eigenkracht.figures.sql import day_of, days_between, json_people
from eigenkracht.jobs.models import (
    PLACEMENT_CHECK_MONTHS,
    ContactLog,
    ContactOutcome,
    Lead,
    LeadStage,
    Placement,
    PlacementCheck,
)
from eigenkracht.network.models import NetworkSnapshot, Person, Sector
from eigenkracht.plans.alert_models import PlanAlert
from eigenkracht.plans.models import (
    Action,
    ActionUpdate,
    Decision,
    Plan,
    PlanDecision,
    PlanStatus,
)

THRESHOLD = 5  # a figure built from fewer cases than this is not shown
PERCENTILES = (50, 90)
NOT_HELD = (Phase.PLANNED, Phase.CANCELLED)
ACCEPTED = (Decision.ACCEPTED, Decision.ACCEPTED_WITH_CHANGES)
FAMILY_AND_NETWORK = (InvitationRole.FAMILY, InvitationRole.NETWORK)
NOT_RECORDED = "not_recorded"


def suppressed(cases: int) -> bool:
    """The privacy rule: a cell built from fewer than ``THRESHOLD`` cases is not shown."""
    return cases < THRESHOLD


def nearest_rank(count: int, percentile: int) -> int:
    """The rank (1-based) of the ``percentile`` of ``count`` sorted values: ⌈p·n/100⌉."""
    return (percentile * count + 99) // 100


@dataclass(frozen=True)
class Figure:
    """One number and the count of cases it is built from."""

    key: str
    value: float | int | None
    cases: int
    unit: str = "cases"  # cases, days, people, percent, sectors, contacts, conferences
    hidden: bool = False  # hidden by ``protect`` although built from enough cases

    @property
    def suppressed(self) -> bool:
        return self.hidden or suppressed(self.cases)

    @property
    def shown(self) -> float | int | None:
        """The value that may leave the page: None when it is suppressed."""
        return None if self.suppressed else self.value


@dataclass(frozen=True)
class Section:
    key: str
    figures: list[Figure]
    total: Figure | None = None  # the whole a breakdown adds up to, if any

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


@dataclass
class Figures:
    period: Period
    scope: Scope
    sections: list[Section] = field(default_factory=list)
    counted_at: datetime | None = None  # when they were counted (kept for ``KEPT_FOR``)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def counted(key: str, count: int | None, unit: str = "cases") -> Figure:
    """A count of cases: built from as many cases as it counts."""
    count = int(count or 0)
    return Figure(key, count, count, unit)


def protect(figures: list[Figure], total: Figure | None) -> list[Figure]:
    """A breakdown whose total is shown must not give a hidden part away by subtraction:
    when exactly one part is hidden, the smallest part shown is hidden too."""
    if total is None or total.suppressed:
        return figures
    hidden = [f for f in figures if f.suppressed]
    if len(hidden) != 1:
        return figures
    shown = [f for f in figures if not f.suppressed]
    if not shown:
        return figures
    smallest = min(shown, key=lambda f: (f.cases, f.key))
    return [replace(f, hidden=True) if f is smallest else f for f in figures]


# --- the cases counted ---------------------------------------------------------------------

def scoped_cases(organisation_id: int, scope: Scope) -> Select:
    """The ids of the organisation's cases in ``scope`` (assigned to its staff)."""
    query = select(Case.id).where(Case.organisation_id == organisation_id)
    if scope.user_ids is not None:
        query = query.where(Case.id.in_(
            select(CaseAssignment.case_id).where(
                CaseAssignment.user_id.in_(scope.user_ids),
                CaseAssignment.role.in_((AssignmentRole.COORDINATOR,
                                         AssignmentRole.JOBCOACH)))))
    return query


def referred_cases(organisation_id: int, period: Period, scope: Scope) -> Select:
    """The ids of the cases referred (created) in the period: the cohort of the path."""
    return scoped_cases(organisation_id, scope).where(
        Case.created_at >= period.starts_at, Case.created_at < period.ends_at)


def _held(kind: ConferenceKind):
    return and_(Conference.kind == kind, Conference.phase.not_in(NOT_HELD))


def _milestones(cohort: Select):
    """Per case of the cohort: first conference planned, held; first acceptance, first
    "not accepted"; first review held. Subqueries keyed by ``case_id``."""
    planned = (select(Conference.case_id).where(Conference.kind == ConferenceKind.FIRST,
                                                Conference.case_id.in_(cohort))
               .group_by(Conference.case_id).subquery("planned"))
    held = (select(Conference.case_id, func.min(Conference.starts_at).label("at"))
            .where(_held(ConferenceKind.FIRST), Conference.case_id.in_(cohort))
            .group_by(Conference.case_id).subquery("held"))
    decisions = (select(Plan.case_id,
                        func.min(case((PlanDecision.decision.in_(ACCEPTED),
                                       PlanDecision.decided_at))).label("accepted_at"),
                        func.min(case((PlanDecision.decision == Decision.NOT_ACCEPTED,
                                       PlanDecision.decided_at))).label("refused_at"))
                 .join(Plan, Plan.id == PlanDecision.plan_id)
                 .where(Plan.case_id.in_(cohort)).group_by(Plan.case_id).subquery("decided"))
    review = (select(Conference.case_id, func.min(Conference.starts_at).label("at"))
              .where(_held(ConferenceKind.REVIEW), Conference.case_id.in_(cohort))
              .group_by(Conference.case_id).subquery("review"))
    return planned, held, decisions, review


def _joined(cohort: Select):
    planned, held, decided, review = _milestones(cohort)
    base = (cohort  # the cohort's own conditions on ``cases``: read from its index
            .outerjoin(planned, planned.c.case_id == Case.id)
            .outerjoin(held, held.c.case_id == Case.id)
            .outerjoin(decided, decided.c.case_id == Case.id)
            .outerjoin(review, review.c.case_id == Case.id))
    return base, planned, held, decided, review


def path(organisation_id: int, period: Period, scope: Scope) -> Section:
    """Referrals → conference planned → held → plan accepted (first time / after revision)
    → plan holding at review: one statement."""
    base, planned, held, decided, review = _joined(referred_cases(organisation_id, period,
                                                                  scope))
    accepted = decided.c.accepted_at.is_not(None)
    revised = and_(accepted, decided.c.refused_at < decided.c.accepted_at)
    first_time = and_(accepted, or_(decided.c.refused_at.is_(None),
                                    decided.c.refused_at > decided.c.accepted_at))
    holding = and_(review.c.case_id.is_not(None),
                   or_(Case.status != CaseStatus.CLOSED,
                       Case.closed_reason_code == ClosedReason.GOALS_REACHED.value))
    row = db.session.execute(base.with_only_columns(
        func.count(Case.id), func.count(planned.c.case_id), func.count(held.c.case_id),
        func.count(case((first_time, 1))),
        func.count(case((revised, 1))),
        func.count(case((holding, 1))))).one()
    keys = ("referrals", "conference_planned", "conference_held", "accepted_first_time",
            "accepted_after_revision", "holding_at_review")
    return Section("path", [counted(k, v) for k, v in zip(keys, row, strict=True)])


def stopped(organisation_id: int, period: Period, scope: Scope) -> tuple[Section, Section]:
    """The cohort's closed cases: by the status they were closed from, and by reason."""
    cohort = referred_cases(organisation_id, period, scope)
    last_close = (select(StatusChange.case_id, func.max(StatusChange.id).label("id"))
                  .where(StatusChange.to_status == CaseStatus.CLOSED,
                         StatusChange.case_id.in_(cohort))
                  .group_by(StatusChange.case_id).subquery("last_close"))
    rows = db.session.execute(
        select(StatusChange.from_status, Case.closed_reason_code, func.count(Case.id))
        .select_from(Case)
        .outerjoin(last_close, last_close.c.case_id == Case.id)
        .outerjoin(StatusChange, StatusChange.id == last_close.c.id)
        .where(Case.id.in_(cohort), Case.status == CaseStatus.CLOSED)
        .group_by(StatusChange.from_status, Case.closed_reason_code)).all()
    stages: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for stage, reason, count in rows:  # a few aggregate rows, not cases
        stage_key = stage.value if stage is not None else NOT_RECORDED
        stages[stage_key] = stages.get(stage_key, 0) + count
        reason_key = reason or NOT_RECORDED
        reasons[reason_key] = reasons.get(reason_key, 0) + count
    total = counted("closed", sum(stages.values()))
    stage_keys = [s.value for s in CaseStatus if s != CaseStatus.CLOSED] + [NOT_RECORDED]
    reason_keys = [r.value for r in ClosedReason] + [NOT_RECORDED]
    by_stage = [counted(k, stages.get(k, 0)) for k in stage_keys]
    by_reason = [counted(k, reasons.get(k, 0)) for k in reason_keys]
    return (Section("stopped_at", protect(by_stage, total), total),
            Section("closed_because", protect(by_reason, total), total))


# --- times and medians -----------------------------------------------------------------------

def ranked(values: Select) -> dict[str, dict[str, float | int | None]]:
    """Median and 90th percentile (nearest rank) of each series: ``values`` has the columns
    ``series`` and ``value`` (NULL values are left out). One statement; returns
    ``{series: {"n": count, "p50": value, "p90": value}}``."""
    data = values.subquery("series_values")
    numbered = (select(data.c.series, data.c.value,
                       func.row_number().over(partition_by=data.c.series,
                                              order_by=data.c.value).label("rank"),
                       func.count().over(partition_by=data.c.series).label("n"))
                .where(data.c.value.is_not(None)).subquery("numbered"))
    wanted = or_(*(numbered.c.rank == (numbered.c.n * p + 99) // 100 for p in PERCENTILES))
    result: dict[str, dict[str, float | int | None]] = {}
    for series, value, rank, count in db.session.execute(
            select(numbered.c.series, numbered.c.value, numbered.c.rank, numbered.c.n)
            .where(wanted)):
        entry = result.setdefault(series, {"n": count})
        for p in PERCENTILES:
            if rank == nearest_rank(count, p):
                entry[f"p{p}"] = value
    return result


def _timed(key: str, stats: dict, unit: str = "days") -> list[Figure]:
    entry = stats.get(key, {"n": 0})
    count = int(entry["n"] or 0)
    return [Figure(f"{key}_p{p}", _rounded(entry.get(f"p{p}")), count, unit)
            for p in PERCENTILES]


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 1)


def times(organisation_id: int, period: Period, scope: Scope) -> Section:
    """The three waits of the cohort, in days: median and 90th percentile of each."""
    base, _planned, held, decided, review = _joined(referred_cases(organisation_id, period,
                                                                   scope))
    after_acceptance = (select(Conference.case_id,
                               func.min(Conference.starts_at).label("at"))
                        .join(Plan, Plan.case_id == Conference.case_id)
                        .join(PlanDecision, PlanDecision.plan_id == Plan.id)
                        .where(_held(ConferenceKind.REVIEW),
                               PlanDecision.decision.in_(ACCEPTED),
                               Conference.starts_at >= PlanDecision.decided_at,
                               Conference.case_id.in_(referred_cases(organisation_id, period,
                                                                     scope)))
                        .group_by(Conference.case_id).subquery("first_review"))
    series = union_all(
        base.with_only_columns(literal("to_conference").label("series"),
                               days_between(Case.created_at, held.c.at).label("value")),
        base.with_only_columns(literal("to_plan").label("series"),
                               days_between(held.c.at, decided.c.accepted_at).label("value")),
        base.outerjoin(after_acceptance, after_acceptance.c.case_id == Case.id)
        .with_only_columns(literal("to_review").label("series"),
                           days_between(decided.c.accepted_at,
                                        after_acceptance.c.at).label("value")))
    stats = ranked(select(series.subquery("waits")))
    figures = [f for key in ("to_conference", "to_plan", "to_review")
               for f in _timed(key, stats)]
    return Section("times", figures)


# --- the conference ---------------------------------------------------------------------------

def held_conferences(organisation_id: int, period: Period, scope: Scope) -> Select:
    """The ids of the first conferences held in the period, of cases in scope."""
    return select(Conference.id).where(
        _held(ConferenceKind.FIRST), Conference.starts_at >= period.starts_at,
        Conference.starts_at < period.ends_at,
        Conference.case_id.in_(scoped_cases(organisation_id, scope)))


def conference(organisation_id: int, period: Period, scope: Scope) -> tuple[Section, Section]:
    """Who was invited and came, the network's size and reach, interpreters; and the
    languages of those who came."""
    held = held_conferences(organisation_id, period, scope)
    attended = Invitation.status == InvitationStatus.ATTENDED
    kin_and_network = and_(attended, Invitation.role.in_(FAMILY_AND_NETWORK))
    row = db.session.execute(
        select(func.count(func.distinct(Conference.id)),
               func.count(case((Invitation.status != InvitationStatus.TO_INVITE, 1))),
               func.count(case((attended, 1))),
               func.count(case((kin_and_network, 1))),
               func.count(case((and_(kin_and_network, Person.sector != Sector.FAMILY), 1))),
               func.count(func.distinct(case((Conference.interpreter_booked,
                                              Conference.id)))))
        .select_from(Conference)
        .outerjoin(Invitation, Invitation.conference_id == Conference.id)
        .outerjoin(Person, Person.id == Invitation.person_id)
        .where(Conference.id.in_(held))).one()
    conferences, invited, came, kin, outside, interpreted = (int(v or 0) for v in row)
    maps = (select(Person.case_id.label("case_id"), func.count(Person.id).label("size"),
                   func.count(func.distinct(Person.sector)).label("sectors"))
            .where(Person.is_client.is_(False),
                   Person.case_id.in_(select(Conference.case_id).where(Conference.id.in_(held))))
            .group_by(Person.case_id).subquery("maps"))
    stats = ranked(select(union_all(
        select(literal("network_size").label("series"), maps.c.size.label("value")),
        select(literal("sectors").label("series"), maps.c.sectors.label("value")))
        .subquery("sizes")))
    share = round(100.0 * outside / kin, 1) if kin else None
    figures = [
        counted("conferences_held", conferences, "conferences"),
        Figure("invited", invited, conferences, "people"),
        Figure("attended", came, conferences, "people"),
        Figure("attended_per_conference", round(came / conferences, 1) if conferences else None,
               conferences, "people"),
        Figure("network_size_p50", _rounded(stats.get("network_size", {}).get("p50")),
               int(stats.get("network_size", {}).get("n", 0)), "people"),
        Figure("sectors_p50", _rounded(stats.get("sectors", {}).get("p50")),
               int(stats.get("sectors", {}).get("n", 0)), "sectors"),
        Figure("outside_family_share", share, conferences if kin else 0, "percent"),
        counted("interpreter_booked", interpreted, "conferences"),
    ]
    rows = db.session.execute(
        select(Person.language, func.count(func.distinct(Invitation.conference_id)))
        .join(Person, Person.id == Invitation.person_id)
        .where(Invitation.conference_id.in_(held), attended)
        .group_by(Person.language).order_by(Person.language)).all()
    languages = [counted(language or NOT_RECORDED, count, "conferences")
                 for language, count in rows]
    total = counted("conferences_held", conferences, "conferences")
    return (Section("conference", figures),
            Section("languages", protect(languages, None), total))


# --- outcomes ---------------------------------------------------------------------------------

def network_growth(organisation_id: int, period: Period, scope: Scope) -> Section:
    """People on the last saved map in the period minus people on the first saved map."""
    # A map stands for the day it was saved, or the earlier day it was entered for
    # (``as_of``). Only cases with a map of a day in the period; a map's JSON is read only
    # for the first and the last map of a case that has two or more.
    day = func.coalesce(NetworkSnapshot.as_of, day_of(NetworkSnapshot.taken_at))
    saved_in_period = select(NetworkSnapshot.case_id).where(
        NetworkSnapshot.case_id.in_(scoped_cases(organisation_id, scope)),
        day >= period.first, day < period.end)
    numbered = (select(
        NetworkSnapshot.id, NetworkSnapshot.case_id,
        func.row_number().over(partition_by=NetworkSnapshot.case_id,
                               order_by=(day, NetworkSnapshot.taken_at,
                                         NetworkSnapshot.id)).label("first"),
        func.row_number().over(partition_by=NetworkSnapshot.case_id,
                               order_by=(day.desc(), NetworkSnapshot.taken_at.desc(),
                                         NetworkSnapshot.id.desc())).label("last"),
        func.count().over(partition_by=NetworkSnapshot.case_id).label("maps"))
        .where(NetworkSnapshot.case_id.in_(saved_in_period), day < period.end)
        .subquery("numbered"))
    ends = (select(numbered.c.case_id, numbered.c.first, numbered.c.last,
                   json_people(NetworkSnapshot.data).label("size"))
            .join(NetworkSnapshot, NetworkSnapshot.id == numbered.c.id)
            .where(numbered.c.maps >= 2, or_(numbered.c.first == 1, numbered.c.last == 1))
            .subquery("ends"))
    per_case = (select(
        ends.c.case_id,
        (func.max(case((ends.c.last == 1, ends.c.size)))
         - func.max(case((ends.c.first == 1, ends.c.size)))).label("growth"))
        .group_by(ends.c.case_id).subquery("per_case"))
    # The counts ride along the ranked rows (window counts over every case): one statement.
    numbered_growth = select(
        per_case.c.growth,
        func.row_number().over(order_by=per_case.c.growth).label("rank"),
        func.count().over().label("n"),
        *(func.count(case((condition, 1))).over().label(name) for name, condition in (
            ("grew", per_case.c.growth > 0), ("same", per_case.c.growth == 0),
            ("shrank", per_case.c.growth < 0)))).subquery("numbered_growth")
    wanted = or_(*(numbered_growth.c.rank == (numbered_growth.c.n * p + 99) // 100
                   for p in PERCENTILES))
    rows = db.session.execute(select(numbered_growth).where(wanted)).all()
    compared, grew, same, shrank = ((rows[0].n, rows[0].grew, rows[0].same, rows[0].shrank)
                                    if rows else (0, 0, 0, 0))
    growth = {"n": compared, **{f"p{p}": r.growth for r in rows for p in PERCENTILES
                                if r.rank == nearest_rank(compared, p)}}
    figures = [counted("maps_compared", compared), counted("network_grew", grew),
               counted("network_same", same), counted("network_shrank", shrank)]
    figures = protect(figures[1:], figures[0])
    return Section("network", [
        counted("maps_compared", compared), *figures,
        Figure("growth_p50", _rounded(growth.get("p50")), int(growth["n"] or 0), "people")])


def reviews(organisation_id: int, period: Period, scope: Scope) -> Section:
    """Review meetings held in the period: the plan went on, was adjusted, or waits."""
    held = select(Conference.id).where(
        _held(ConferenceKind.REVIEW), Conference.starts_at >= period.starts_at,
        Conference.starts_at < period.ends_at,
        Conference.case_id.in_(scoped_cases(organisation_id, scope)))
    adopted = Plan.status.in_((PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED))
    made = (select(Plan.conference_id, func.max(case((adopted, 1), else_=0)).label("adopted"))
            .where(Plan.conference_id.in_(held)).group_by(Plan.conference_id)
            .subquery("made"))
    row = db.session.execute(
        select(func.count(Conference.id),
               func.count(case((made.c.conference_id.is_(None), 1))),
               func.count(case((made.c.adopted == 1, 1))),
               func.count(case((made.c.adopted == 0, 1))))
        .select_from(Conference).outerjoin(made, made.c.conference_id == Conference.id)
        .where(Conference.id.in_(held))).one()
    total, continued, adjusted, waiting = (int(v or 0) for v in row)
    total_figure = counted("reviews_held", total)
    parts = protect([counted("plan_continued", continued), counted("plan_adjusted", adjusted),
                     counted("adjustment_waiting", waiting)], total_figure)
    return Section("reviews", [total_figure, *parts])


def work(organisation_id: int, period: Period, scope: Scope) -> tuple[Section, Section]:
    """Contacts logged in the period for work cases, and per outcome (cases behind each)."""
    in_scope = scoped_cases(organisation_id, scope).where(Case.kind == CaseKind.WORK)
    # Contacts per (outcome, case) once; from those the outcomes and the total, in one
    # statement (two hash aggregates instead of sorting every contact for DISTINCT).
    pairs = (select(ContactLog.outcome.label("outcome"), ContactLog.case_id.label("case_id"),
                    func.count(ContactLog.id).label("n"))
             .where(ContactLog.case_id.in_(in_scope), ContactLog.contacted_on >= period.first,
                    ContactLog.contacted_on < period.end)
             .group_by(ContactLog.outcome, ContactLog.case_id).cte("pairs"))
    per_case = (select(pairs.c.case_id, func.sum(pairs.c.n).label("n"))
                .group_by(pairs.c.case_id).subquery("per_case"))
    rows = {}
    contacts = cases = 0
    for outcome, count, with_cases in db.session.execute(union_all(
            select(pairs.c.outcome, func.sum(pairs.c.n), func.count())
            .group_by(pairs.c.outcome),
            select(literal(None), func.sum(per_case.c.n), func.count()))):
        if outcome is None:  # the total row: every contact, every case with one
            contacts, cases = count, with_cases
        else:
            rows[ContactOutcome(outcome)] = (count, with_cases)
    total = Figure("contacts", int(contacts or 0), int(cases or 0), "contacts")
    outcomes = [Figure(o.value, int(rows.get(o, (0, 0))[0]), int(rows.get(o, (0, 0))[1]),
                       "contacts") for o in ContactOutcome]
    return (Section("work", [counted("work_cases_with_contacts", cases), total]),
            Section("contact_outcomes", protect(outcomes, total), total))


def placements(organisation_id: int, period: Period, scope: Scope) -> Section:
    """Leads from the network noted in the period (and how far they got), placements started
    in it, and the placement checks due in it: checked, and still in the job, at 1, 3, 6 and
    12 months."""
    in_scope = scoped_cases(organisation_id, scope).where(Case.kind == CaseKind.WORK)
    interview = Lead.stage.in_((LeadStage.INTERVIEW, LeadStage.HIRED))
    hired = Lead.stage == LeadStage.HIRED
    lead_row = db.session.execute(select(
        func.count(Lead.id), func.count(func.distinct(Lead.case_id)),
        func.count(case((interview, 1))),
        func.count(func.distinct(case((interview, Lead.case_id)))),
        func.count(case((hired, 1))), func.count(func.distinct(case((hired, Lead.case_id)))))
        .where(Lead.case_id.in_(in_scope), Lead.noted_on >= period.first,
               Lead.noted_on < period.end)).one()
    started = db.session.execute(select(
        func.count(Placement.id), func.count(func.distinct(Placement.case_id)))
        .where(Placement.case_id.in_(in_scope), Placement.started_on >= period.first,
               Placement.started_on < period.end)).one()
    done = PlacementCheck.done_on.is_not(None)
    held = and_(done, PlacementCheck.held.is_(True))
    checks = {months: rest for months, *rest in db.session.execute(
        select(PlacementCheck.months,
               func.count(case((done, 1))),
               func.count(func.distinct(case((done, PlacementCheck.case_id)))),
               func.count(case((held, 1))),
               func.count(func.distinct(case((held, PlacementCheck.case_id)))))
        .where(PlacementCheck.case_id.in_(in_scope), PlacementCheck.due_on >= period.first,
               PlacementCheck.due_on < period.end)
        .group_by(PlacementCheck.months))}
    lead_values = [int(v or 0) for v in lead_row]
    figures_ = [Figure("leads", lead_values[0], lead_values[1], "leads"),
                Figure("leads_to_interview", lead_values[2], lead_values[3], "leads"),
                Figure("leads_hired", lead_values[4], lead_values[5], "leads"),
                Figure("placements_started", int(started[0] or 0), int(started[1] or 0),
                       "placements")]
    for months in PLACEMENT_CHECK_MONTHS:
        checked, checked_cases, kept, kept_cases = (int(v or 0) for v in
                                                    checks.get(months, (0, 0, 0, 0)))
        figures_.append(Figure(f"checked_{months}", checked, checked_cases, "placements"))
        figures_.append(Figure(f"held_{months}", kept, kept_cases, "placements"))
    return Section("placements", figures_)


def routines(organisation_id: int, period: Period, scope: Scope) -> Section:
    """The routines of accepted plans running in the period (a repeating action whose first
    occurrence is before the period's end and whose last day, if any, is not before its
    start): how many, how many had an occurrence marked done in the period, how many had
    none, and the occurrences marked done in it."""
    running = (select(Action.id.label("id"), Plan.case_id.label("case_id"))
               .join(Plan, Plan.id == Action.plan_id)
               .where(Plan.case_id.in_(scoped_cases(organisation_id, scope)),
                      Plan.status == PlanStatus.ACCEPTED, Action.repeat != "",
                      Action.when_date < period.end,
                      or_(Action.repeat_until.is_(None), Action.repeat_until >= period.first))
               .subquery("running"))
    marked = (select(ActionUpdate.action_id, func.count(ActionUpdate.id).label("done"))
              .where(ActionUpdate.occurrence_on >= period.first,
                     ActionUpdate.occurrence_on < period.end,
                     ActionUpdate.action_id.in_(select(running.c.id)))
              .group_by(ActionUpdate.action_id).subquery("marked"))
    kept = marked.c.done.is_not(None)
    row = db.session.execute(
        select(func.count(running.c.id), func.count(func.distinct(running.c.case_id)),
               func.count(case((kept, 1))),
               func.count(func.distinct(case((kept, running.c.case_id)))),
               func.count(case((~kept, 1))),
               func.count(func.distinct(case((~kept, running.c.case_id)))),
               func.coalesce(func.sum(marked.c.done), 0))
        .select_from(running).outerjoin(marked, marked.c.action_id == running.c.id)).one()
    total, cases_, with_done, with_done_cases, without, without_cases, done = (
        int(v or 0) for v in row)
    total_figure = Figure("routines", total, cases_, "routines")
    return Section("routines", [
        total_figure,
        *protect([Figure("routines_kept", with_done, with_done_cases, "routines"),
                  Figure("routines_not_kept", without, without_cases, "routines")],
                 total_figure),
        Figure("occurrences_done", done, with_done_cases, "occurrences")])


def alerts(organisation_id: int, period: Period, scope: Scope) -> Section:
    """"This is not working" alerts raised in the period: how many, from how many cases,
    by the monitor or someone with a task, led to a review meeting, still open."""
    in_period = and_(PlanAlert.case_id.in_(scoped_cases(organisation_id, scope)),
                     PlanAlert.created_at >= period.starts_at,
                     PlanAlert.created_at < period.ends_at)
    monitor = PlanAlert.reporter_role == "monitor"
    reviewed = PlanAlert.review_id.is_not(None)
    still_open = PlanAlert.handled_at.is_(None)
    row = db.session.execute(select(
        func.count(PlanAlert.id), func.count(func.distinct(PlanAlert.case_id)),
        *(item for condition in (monitor, ~monitor, reviewed, still_open)
          for item in (func.count(case((condition, 1))),
                       func.count(func.distinct(case((condition, PlanAlert.case_id)))))))
        .where(in_period)).one()
    total, cases_with, *pairs = (int(v or 0) for v in row)
    keys = ("alerts_by_monitor", "alerts_by_task", "alerts_to_review", "alerts_open")
    parts = [Figure(key, pairs[2 * i], pairs[2 * i + 1], "alerts")
             for i, key in enumerate(keys)]
    total_figure = Figure("alerts", total, cases_with, "alerts")
    return Section("alerts", [counted("cases_with_alerts", cases_with), total_figure,
                              *protect(parts[:2], total_figure), *parts[2:]])


QUESTIONS = ("satisfaction_conference", "satisfaction_plan", "felt_heard", "scale")


def questionnaires(organisation_id: int, period: Period, scope: Scope) -> Section:
    """The questionnaires answered in the period, per role (children apart): how many
    answered and the average of each question, each built from the cases it came from."""
    columns = [getattr(EvaluationAnswer, name) for name in QUESTIONS]
    rows = db.session.execute(
        select(EvaluationAnswer.role, func.count(EvaluationAnswer.id),
               func.count(func.distinct(EvaluationAnswer.case_id)),
               *(item for column in columns
                 for item in (func.avg(column),
                              func.count(func.distinct(case((column.is_not(None),
                                                             EvaluationAnswer.case_id)))))))
        .where(EvaluationAnswer.case_id.in_(scoped_cases(organisation_id, scope)),
               EvaluationAnswer.answered_on >= period.first,
               EvaluationAnswer.answered_on < period.end)
        .group_by(EvaluationAnswer.role)).all()
    found = {row[0]: row for row in rows}
    figures_: list[Figure] = []
    for role in RespondentRole:
        row = found.get(role, (role, 0, 0, *([None, 0] * len(QUESTIONS))))
        figures_.append(Figure(f"{role.value}:answers", int(row[1]), int(row[2]), "answers"))
        for index, question in enumerate(QUESTIONS):
            mean, cases_ = row[3 + 2 * index], int(row[4 + 2 * index] or 0)
            figures_.append(Figure(f"{role.value}:{question}", _rounded(mean), cases_,
                                   "score10" if question == "scale" else "score5"))
    return Section("questionnaires", figures_)


# --- all of them ------------------------------------------------------------------------------

def figures(organisation_id: int, period: Period, scope: Scope) -> Figures:
    """Every figure of the organisation for ``period`` and ``scope``."""
    result = Figures(period=period, scope=scope)
    result.sections.append(path(organisation_id, period, scope))
    result.sections.extend(stopped(organisation_id, period, scope))
    result.sections.append(times(organisation_id, period, scope))
    result.sections.extend(conference(organisation_id, period, scope))
    result.sections.append(network_growth(organisation_id, period, scope))
    result.sections.append(reviews(organisation_id, period, scope))
    result.sections.append(routines(organisation_id, period, scope))
    result.sections.append(alerts(organisation_id, period, scope))
    result.sections.append(questionnaires(organisation_id, period, scope))
    result.sections.extend(work(organisation_id, period, scope))
    result.sections.append(placements(organisation_id, period, scope))
    return result


# --- kept for a few minutes ---------------------------------------------------------------------

KEPT_FOR = timedelta(minutes=10)  # figures are counted again after this long


def _as_data(result: Figures) -> dict[str, Any]:
    def one(f: Figure) -> list:
        return [f.key, f.value, f.cases, f.unit, f.hidden]

    return {"sections": [{"key": s.key, "total": one(s.total) if s.total else None,
                          "figures": [one(f) for f in s.figures]} for s in result.sections]}


def _from_data(data: dict[str, Any], period: Period, scope: Scope,
               counted_at: datetime) -> Figures:
    def one(raw: list) -> Figure:
        return Figure(raw[0], raw[1], int(raw[2]), raw[3], bool(raw[4]))

    return Figures(period=period, scope=scope, counted_at=counted_at, sections=[
        Section(s["key"], [one(f) for f in s["figures"]],
                one(s["total"]) if s["total"] else None) for s in data["sections"]])


def kept_figures(organisation_id: int, period: Period, scope: Scope) -> Figures:
    """The figures as counted at most ``KEPT_FOR`` ago (one row read), else counted now and
    kept. Two looks at once may both count; the later one's row stays."""
    now = clock.now()
    kept = db.session.scalar(select(KeptFigures).where(
        KeptFigures.organisation_id == organisation_id, KeptFigures.period == period.key,
        KeptFigures.scope == scope.key))
    if kept is not None and now - kept.counted_at < KEPT_FOR and now >= kept.counted_at:
        try:
            return _from_data(kept.data, period, scope, kept.counted_at)
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # written by another version of this module: count again
    result = figures(organisation_id, period, scope)
    result.counted_at = now
    try:
        with db.session.begin_nested():
            if kept is None:
                db.session.add(KeptFigures(organisation_id=organisation_id, period=period.key,
                                           scope=scope.key, counted_at=now,
                                           data=_as_data(result)))
            else:
                kept.counted_at, kept.data = now, _as_data(result)
    except (IntegrityError, StaleDataError):  # kept at the same moment by another look
        pass
    return result
