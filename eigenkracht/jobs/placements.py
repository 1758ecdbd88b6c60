"""Placements of a jobseeker and their checks at 1, 3, 6 and 12 months.

A placement (employer, start date, hours a week, contract) creates its four checks at once;
each is a follow-up (``FollowUpKind.PLACEMENT_CHECK``, listed by ``jobs.followups``) due on
the same calendar day that many months after the start (31 January + 1 month: 28 or 29
February), overdue from the day after. A check is done on a day (today or earlier, not
before the start) with the answer "still in the job" or not. A placement made from a lead
moves that lead to *hired*.

Like ``services``: change, flush, audit; one ``RuleError`` lists every broken rule; every
lookup is made *within* one case.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.cases.services import add_years, touch
from eigenkracht.core.clock import today
from eigenkracht.core.db import utcnow
from eigenkracht.core.ids import parse_id
from eigenkracht.extensions import db
from eigenkracht.jobs.leads import mark_hired
from eigenkracht.jobs.models import (
    PLACEMENT_CHECK_MONTHS,
    ContractKind,
    Lead,
    LeadStage,
    Placement,
    PlacementCheck,
)
from eigenkracht.jobs.services import (
    HISTORY_YEARS_BACK,
    Problem,
    cleaned,
    history_date_problems,
    iso,
    raise_problems,
    require_work_case,
)

MIN_HOURS, MAX_HOURS = 1, 60
START_YEARS_AHEAD = 1  # a placement may be agreed before it starts


@dataclass
class PlacementData:
    employer: str
    started_on: date | None
    hours_per_week: Any
    contract: Any
    job_title: str = ""
    note: str = ""
    lead_id: Any = None


def add_months(day: date, months: int) -> date:
    """The same calendar day ``months`` later; the month's last day when it has no such
    day (31 January + 1 month = 28 February, or 29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def list_placements(case: Case) -> list[Placement]:
    """The placements of ``case``, newest start first, with their checks (two queries)."""
    return list(db.session.scalars(
        select(Placement).where(Placement.case_id == case.id)
        .options(selectinload(Placement.checks), selectinload(Placement.lead))
        .order_by(Placement.started_on.desc(), Placement.id.desc())))


def get_placement(case: Case, placement_id: int) -> Placement | None:
    return db.session.scalar(select(Placement).where(Placement.case_id == case.id,
                                                     Placement.id == placement_id))


def get_check(case: Case, check_id: int) -> PlacementCheck | None:
    """The check with ``check_id`` of a placement *of this case*, else None."""
    return db.session.scalar(select(PlacementCheck).where(PlacementCheck.case_id == case.id,
                                                          PlacementCheck.id == check_id))


def _hours(problems: list[Problem], raw: Any) -> int | None:
    if raw in (None, ""):
        problems.append(("hours_per_week", "hours_required", {}))
        return None
    try:
        hours = int(str(raw).strip()) if not isinstance(raw, int) else raw
    except ValueError:
        problems.append(("hours_per_week", "hours_range", {}))
        return None
    if isinstance(raw, bool) or not MIN_HOURS <= hours <= MAX_HOURS:
        problems.append(("hours_per_week", "hours_range", {}))
        return None
    return hours


def check_placement(case: Case, data: PlacementData) -> tuple[PlacementData, Lead | None]:
    """Clean ``data`` and find its lead *in this case*; raise every broken rule."""
    problems: list[Problem] = []
    data.employer = cleaned(problems, "employer", data.employer, required="employer_required",
                            multiline=False)
    data.job_title = cleaned(problems, "job_title", data.job_title, multiline=False)
    data.note = cleaned(problems, "note", data.note)
    now = today()
    if data.started_on is None:
        problems.append(("started_on", "start_required", {}))
    elif data.started_on > add_years(now, START_YEARS_AHEAD):
        problems.append(("started_on", "start_too_far", {}))
    elif data.started_on < add_years(now, -HISTORY_YEARS_BACK):
        problems.append(("started_on", "date_too_old", {}))
    data.hours_per_week = _hours(problems, data.hours_per_week)
    if isinstance(data.contract, str) and data.contract in ContractKind._value2member_map_:
        data.contract = ContractKind(data.contract)
    if not isinstance(data.contract, ContractKind):
        problems.append(("contract", "contract_invalid", {}))
    lead = None
    if data.lead_id not in (None, ""):
        lead_id = parse_id(str(data.lead_id))
        lead = db.session.scalar(select(Lead).where(Lead.case_id == case.id,
                                                    Lead.id == lead_id)) if lead_id else None
        if lead is None:
            problems.append(("lead_id", "lead_unknown", {}))
        elif lead.stage == LeadStage.CLOSED:
            problems.append(("lead_id", "lead_closed", {}))
    raise_problems(problems)
    return data, lead


def add_placement(case: Case, data: PlacementData, user: User | None = None) -> Placement:
    """Record that the jobseeker starts work, with its checks at 1, 3, 6 and 12 months."""
    require_work_case(case)
    data, lead = check_placement(case, data)
    placement = Placement(case_id=case.id, employer=data.employer, job_title=data.job_title,
                          started_on=data.started_on, hours_per_week=data.hours_per_week,
                          contract=data.contract, note=data.note,
                          lead_id=lead.id if lead is not None else None,
                          created_by_id=user.id if user is not None else None)
    placement.checks = [PlacementCheck(case_id=case.id, months=months,
                                       due_on=add_months(data.started_on, months))
                        for months in PLACEMENT_CHECK_MONTHS]
    db.session.add(placement)
    db.session.flush()
    touch(case)
    record("create", placement, case=case, summary=_summary(placement),
           details={"started_on": iso(placement.started_on),
                    "hours_per_week": placement.hours_per_week,
                    "contract": placement.contract.value, "lead": placement.lead_id,
                    "checks": [iso(c.due_on) for c in placement.checks]})
    if lead is not None:
        mark_hired(case, lead, min(data.started_on, today()))
    return placement


def remove_placement(case: Case, placement: Placement) -> None:
    record("delete", placement, case=case, summary=_summary(placement),
           details={"started_on": iso(placement.started_on),
                    "checks_removed": len(placement.checks)})
    db.session.delete(placement)
    db.session.flush()
    touch(case)


def check_check_done(check: PlacementCheck, on: date | None, held: Any) -> bool:
    """The rules of a check done: its day (today or earlier, not before the start) and the
    answer (still in the job: yes or no). Returns ``held`` as a bool."""
    problems = history_date_problems("done_on", on, required="done_date_required",
                                     not_before=check.placement.started_on,
                                     before_code="done_before_start")
    answer = {"yes": True, "no": False, True: True, False: False}.get(held)
    if answer is None:
        problems.append(("held", "held_required", {}))
    raise_problems(problems)
    return bool(answer)


def set_check_done(case: Case, check: PlacementCheck, on: date | None, held: Any,
                   note: str = "") -> bool:
    """Mark a check done on ``on`` with the answer ``held`` ("yes"/"no" or a bool); True
    when something changed."""
    require_work_case(case)
    answer = check_check_done(check, on, held)
    problems: list[Problem] = []
    note = cleaned(problems, "note", note)
    raise_problems(problems)
    if check.done_on == on and check.held == answer and check.note == note:
        return False
    before = {"done_on": iso(check.done_on), "held": check.held}
    check.done_on, check.held, check.note = on, answer, note
    check.done_at = check.done_at or utcnow()
    db.session.flush()
    touch(case)
    record("update", check, case=case, summary=_check_summary(check),
           details={"done_on": [before["done_on"], iso(on)], "held": [before["held"], answer]})
    return True


def reopen_check(case: Case, check: PlacementCheck) -> bool:
    """Open a check done by mistake again; True when it was done."""
    if not check.done:
        return False
    before = iso(check.done_on)
    check.done_on = check.held = check.done_at = None
    db.session.flush()
    touch(case)
    record("update", check, case=case, summary=_check_summary(check),
           details={"done_on": [before, None]})
    return True


def _summary(placement: Placement) -> str:
    return f"{placement.employer} · {placement.started_on.isoformat()}"[:200]


def _check_summary(check: PlacementCheck) -> str:
    return f"{check.placement.employer} · {check.months} · {check.due_on.isoformat()}"[:200]
