"""Leads from the network: a vacancy or an introduction that came from someone on the map,
moving through the stages idea → asked → introduced → interview → hired or closed.

Stage moves: a lead moves *forward* (it may skip a stage: a vacancy tip goes from idea
straight to interview) or is closed at any stage; *hired* and *closed* end it, and no lead
moves back. Each move carries the day it happened (today or earlier, not before the lead was
noted). ``people_worth`` counts per person the leads and hires they produced: the network's
worth in work, on the map and in the chart.

Like ``services``: change, flush, audit; one ``RuleError`` lists every broken rule; every
lookup is made *within* one case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case as case_
from sqlalchemy import func, select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.cases.services import touch
from eigenkracht.core.clock import today
from eigenkracht.core.ids import parse_id
from eigenkracht.extensions import db
from eigenkracht.jobs.models import (
    FINAL_LEAD_STAGES,
    LEAD_STAGE_ORDER,
    Lead,
    LeadKind,
    LeadStage,
)
from eigenkracht.jobs.services import (
    Problem,
    cleaned,
    history_date_problems,
    iso,
    raise_problems,
    require_work_case,
)
from eigenkracht.network.services import get_person


@dataclass
class LeadData:
    person_id: Any
    kind: Any
    title: str
    employer: str = ""
    note: str = ""
    noted_on: date | None = None


def leads_query(case: Case):
    """The leads of ``case``: open ones first, then by the day they reached their stage,
    newest first."""
    return (select(Lead).where(Lead.case_id == case.id)
            .order_by(case_((Lead.stage.in_(tuple(FINAL_LEAD_STAGES)), 1), else_=0),
                      Lead.stage_on.desc(), Lead.id.desc()))


def list_leads(case: Case) -> list[Lead]:
    return list(db.session.scalars(leads_query(case)))


def get_lead(case: Case, lead_id: int) -> Lead | None:
    """The lead with ``lead_id`` *of this case*, else None."""
    return db.session.scalar(select(Lead).where(Lead.case_id == case.id, Lead.id == lead_id))


def check_lead(case: Case, data: LeadData):
    """Clean ``data`` and find its person *in this case*: ``(data, person)``; raise every
    broken rule."""
    problems: list[Problem] = []
    person = None
    if data.person_id in (None, ""):
        problems.append(("person_id", "lead_person_required", {}))
    else:
        person_id = parse_id(data.person_id if isinstance(data.person_id, int)
                             else str(data.person_id))
        person = get_person(case, person_id) if person_id else None
        if person is None:
            problems.append(("person_id", "contact_person_unknown", {}))
        elif person.is_client:
            problems.append(("person_id", "person_is_client", {}))
            person = None
    if isinstance(data.kind, str) and data.kind in LeadKind._value2member_map_:
        data.kind = LeadKind(data.kind)
    if not isinstance(data.kind, LeadKind):
        problems.append(("kind", "lead_kind_invalid", {}))
    data.title = cleaned(problems, "title", data.title, required="lead_title_required",
                         multiline=False)
    data.employer = cleaned(problems, "employer", data.employer, multiline=False)
    data.note = cleaned(problems, "note", data.note)
    data.noted_on = data.noted_on or today()
    problems += history_date_problems("noted_on", data.noted_on)
    raise_problems(problems)
    return data, person


def add_lead(case: Case, data: LeadData, user: User | None = None) -> Lead:
    """A new lead at stage *idea*, from someone on the map of ``case``."""
    require_work_case(case)
    data, person = check_lead(case, data)
    lead = Lead(case_id=case.id, person_id=person.id, person_name=person.name, kind=data.kind,
                title=data.title, employer=data.employer, note=data.note,
                stage=LeadStage.IDEA, noted_on=data.noted_on, stage_on=data.noted_on,
                created_by_id=user.id if user is not None else None)
    db.session.add(lead)
    db.session.flush()
    touch(case)
    record("create", lead, case=case, summary=_summary(lead),
           details={"person": lead.person_id, "kind": lead.kind.value,
                    "noted_on": iso(lead.noted_on)})
    return lead


def can_move(lead: Lead, stage: LeadStage) -> bool:
    """Forward (skipping allowed) or closed, never back, never out of hired or closed."""
    if lead.stage in FINAL_LEAD_STAGES or stage == lead.stage:
        return False
    if stage == LeadStage.CLOSED:
        return True
    return LEAD_STAGE_ORDER.index(stage) > LEAD_STAGE_ORDER.index(lead.stage)


def next_stages(lead: Lead) -> list[LeadStage]:
    """The stages ``lead`` may move to, in order."""
    return [stage for stage in LEAD_STAGE_ORDER if can_move(lead, stage)]


def move_lead(case: Case, lead: Lead, stage: Any, on: date | None = None) -> None:
    """Move ``lead`` to ``stage`` on the day ``on`` (default today); raise a broken rule."""
    require_work_case(case)
    problems: list[Problem] = []
    if isinstance(stage, str) and stage in LeadStage._value2member_map_:
        stage = LeadStage(stage)
    if not isinstance(stage, LeadStage):
        problems.append(("stage", "lead_stage_invalid", {}))
    elif not can_move(lead, stage):
        problems.append(("stage", "lead_stage_move", {}))
    on = on or today()
    problems += history_date_problems("stage_on", on, not_before=lead.noted_on,
                                      before_code="stage_before_noted")
    raise_problems(problems)
    _set_stage(case, lead, stage, on)


def mark_hired(case: Case, lead: Lead, on: date) -> None:
    """A placement was made from ``lead``: it moves to *hired* (if it still can)."""
    if lead.stage != LeadStage.HIRED and can_move(lead, LeadStage.HIRED):
        _set_stage(case, lead, LeadStage.HIRED, max(on, lead.noted_on))


def _set_stage(case: Case, lead: Lead, stage: LeadStage, on: date) -> None:
    before = lead.stage.value
    lead.stage, lead.stage_on = stage, on
    db.session.flush()
    touch(case)
    record("update", lead, case=case, summary=_summary(lead),
           details={"stage": [before, stage.value], "stage_on": iso(on)})


def remove_lead(case: Case, lead: Lead) -> None:
    record("delete", lead, case=case, summary=_summary(lead),
           details={"person": lead.person_id, "stage": lead.stage.value})
    db.session.delete(lead)
    db.session.flush()
    touch(case)


@dataclass
class PersonWorth:
    """What one person of the network produced: leads, and how many of them led to work."""

    person_id: int | None
    name: str
    leads: int
    hires: int


def people_worth(case: Case) -> list[PersonWorth]:
    """Per person, the leads and hires they produced (one query), most hires first."""
    rows = db.session.execute(
        select(Lead.person_id, Lead.person_name, func.count(Lead.id),
               func.sum(case_((Lead.stage == LeadStage.HIRED, 1), else_=0)))
        .where(Lead.case_id == case.id)
        .group_by(Lead.person_id, Lead.person_name))
    merged: dict[Any, PersonWorth] = {}
    for person_id, name, leads, hires in rows:
        key = person_id if person_id is not None else ("gone", name)
        worth = merged.setdefault(key, PersonWorth(person_id, name, 0, 0))
        worth.leads += int(leads)
        worth.hires += int(hires or 0)
    return sorted(merged.values(), key=lambda w: (-w.hires, -w.leads, w.name.casefold()))


def worth_by_person(case: Case) -> dict[int, PersonWorth]:
    """``people_worth`` of the people still on the map, by person id (for the map)."""
    return {w.person_id: w for w in people_worth(case) if w.person_id is not None}


def leads_per_month(case: Case, since: date) -> dict[date, tuple[int, int]]:
    """Per month (its first day): leads noted and leads hired, from ``since`` on."""
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for noted_on, stage, stage_on in db.session.execute(
            select(Lead.noted_on, Lead.stage, Lead.stage_on)
            .where(Lead.case_id == case.id, Lead.stage_on >= since)):
        if noted_on >= since:
            counts[noted_on.replace(day=1)][0] += 1
        if stage == LeadStage.HIRED:
            counts[stage_on.replace(day=1)][1] += 1
    return {month: (leads, hires) for month, (leads, hires) in counts.items()}


def _summary(lead: Lead) -> str:
    return f"{lead.person_name} · {lead.title}"[:200]
