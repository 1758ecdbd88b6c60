"""What other features show of a case's family plan: ``summary(case)``, one statement.

The latest version, the accepted version the family follows (when a newer one is being
made), and how many sections of the latest version are still empty — counted by the
database, by the same rule as ``services.missing_sections``, without loading the plan's
actions or bottom lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import add

from sqlalchemy import ColumnElement, exists, func, literal, or_, select
from sqlalchemy import case as case_

from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.extensions import db
from eigenkracht.plans.models import Action, Plan, PlanBottomLine, PlanStatus

# What ``str.strip()`` takes off the ends of a section before it counts as empty.
WHITESPACE = " \t\r\n\f\v"


@dataclass(frozen=True)
class PlanVersion:
    version: int
    status: PlanStatus
    decided_at: datetime | None


@dataclass(frozen=True)
class PlanSummary:
    """``latest``: the newest version (None before the first); ``current``: the accepted
    version the family follows, only when it is not the latest; ``missing``: the sections
    still empty in the latest version, 0 once it is accepted."""

    latest: PlanVersion | None
    current: PlanVersion | None
    missing: int


def summary(case: Case) -> PlanSummary:
    """The case page's view of the plan: one statement, whatever the number of versions,
    actions and bottom lines."""
    newest = select(func.max(Plan.version)).where(Plan.case_id == case.id).scalar_subquery()
    rows = db.session.execute(
        select(Plan.version, Plan.status, Plan.decided_at,
               missing_sections_count(case.kind).label("missing"))
        .where(Plan.case_id == case.id,
               or_(Plan.version == newest, Plan.status == PlanStatus.ACCEPTED))
        .order_by(Plan.version.desc())).all()
    if not rows:
        return PlanSummary(latest=None, current=None, missing=0)
    latest = PlanVersion(rows[0].version, rows[0].status, rows[0].decided_at)
    accepted = next((PlanVersion(r.version, r.status, r.decided_at) for r in rows
                     if r.status == PlanStatus.ACCEPTED), None)
    return PlanSummary(
        latest=latest,
        current=accepted if accepted is not None and accepted.version != latest.version
        else None,
        missing=int(rows[0].missing) if latest.status != PlanStatus.ACCEPTED else 0)


def missing_sections_count(kind: CaseKind) -> ColumnElement[int]:
    """For a row of ``plans`` of a case of ``kind``: how many of its sections are empty,
    as ``services.missing_sections`` counts them (a test keeps the two in step)."""
    empty = [
        _blank(Plan.central_question), _blank(Plan.going_well), _blank(Plan.concerns),
        exists().where(PlanBottomLine.plan_id == Plan.id, _blank(PlanBottomLine.how_met)),
        ~exists().where(Action.plan_id == Plan.id),
        Plan.monitor_id.is_(None),
        _blank(Plan.contingency),
        Plan.evaluation_date.is_(None),
        _blank(Plan.recipients),
    ]
    if kind == CaseKind.YOUTH:
        empty.append(_blank(Plan.childs_view))
    return reduce(add, (case_((condition, 1), else_=0) for condition in empty), literal(0))


def _blank(column) -> ColumnElement[bool]:
    return func.trim(column, WHITESPACE) == ""
