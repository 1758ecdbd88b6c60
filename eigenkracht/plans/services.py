"""The rules of the plan itself: finding versions, making the first one, writing its
sections, the bottom lines it answers, presenting it, and when it may be changed.

Actions live in ``actions.py``, the referrer's decision in ``decision.py``, new versions and
comparing in ``versions.py``, the follow-up view in ``followup.py``. Services change
objects, flush and write the audit event; the request kernel commits. A broken rule raises
``core.rules.RuleError`` (its words in ``messages.RULE_MESSAGES``); a version that may not be
changed raises ``core.rules.Locked`` (``messages.LOCK_MESSAGES``); a save made on an older
row version raises ``core.rules.StaleEdit``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from eigenkracht.audit.services import changes, record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.cases.services import touch
from eigenkracht.conference import phases
from eigenkracht.conference.models import Conference, Phase
from eigenkracht.core import clock
from eigenkracht.core.rules import Locked, RuleError, check_version, clean_text
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.network.services import get_person
from eigenkracht.plans.models import Plan, PlanBottomLine, PlanStatus
from eigenkracht.plans.referrer import tell_referrers

EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.NOT_ACCEPTED})
TEXT_FIELDS = ("central_question", "going_well", "concerns", "agreements", "contingency",
               "childs_view", "recipients")
LIMITS = {"central_question": 2000, "going_well": 10000, "concerns": 10000,
          "agreements": 10000, "contingency": 10000, "childs_view": 10000, "recipients": 2000,
          "how_met": 5000, "what": 2000, "when_text": 200, "support_needed": 2000,
          "serves_concern": 300, "note": 2000, "reason": 5000, "referrer_name": 200}
MAX_AHEAD = timedelta(days=3 * 366)
EARLIEST = date(2000, 1, 1)


def check_day(name: str, day: date | None, not_before: date | None, code: str) -> None:
    """A date not before ``not_before`` (the conference) and within three years."""
    if day is None:
        return
    if day < EARLIEST or day > clock.today() + MAX_AHEAD:
        raise RuleError("date_range", name)
    if not_before is not None and day < not_before:
        raise RuleError(code, name, day=_format(not_before))


def _format(day: date) -> str:
    from flask_babel import format_date

    return format_date(day, "long")


# --- reading ------------------------------------------------------------------------------

def plans_of(case: Case) -> list[Plan]:
    """Every version of the plan of ``case``, the first first."""
    return list(db.session.scalars(select(Plan).where(Plan.case_id == case.id)
                                   .order_by(Plan.version)))


def get_plan(case: Case, version: int) -> Plan | None:
    """Version ``version`` of the plan *of this case*, else None."""
    return db.session.scalar(select(Plan).where(Plan.case_id == case.id,
                                                Plan.version == version))


def latest_plan(case: Case) -> Plan | None:
    return db.session.scalar(select(Plan).where(Plan.case_id == case.id)
                             .order_by(Plan.version.desc()).limit(1))


def current_plan(case: Case) -> Plan | None:
    """The plan the family follows: the accepted version, else the latest one."""
    accepted = db.session.scalar(select(Plan).where(Plan.case_id == case.id,
                                                    Plan.status == PlanStatus.ACCEPTED)
                                 .order_by(Plan.version.desc()).limit(1))
    return accepted or latest_plan(case)


def conference_day(plan: Plan) -> date | None:
    """The local date of the plan's conference (actions and evaluation not before it)."""
    return clock.local_date(plan.conference.starts_at) if plan.conference is not None else None


def people_choices(case: Case) -> list[Person]:
    """Who can be responsible for an action: the client first, then the living network."""
    people = db.session.scalars(select(Person).where(Person.case_id == case.id,
                                                     Person.deceased.is_(False)))
    return sorted(people, key=lambda p: (not p.is_client, p.name.casefold(), p.id))


# --- when a version may be changed --------------------------------------------------------

def lock_reason(plan: Plan) -> Locked | None:
    """Why the text and actions of ``plan`` cannot be changed now, or None if they can."""
    if plan.status == PlanStatus.ACCEPTED:
        day = clock.local_date(plan.decided_at) if plan.decided_at else None
        return Locked(plan, "accepted", day=_format(day) if day else "")
    if plan.status == PlanStatus.SUPERSEDED:
        later = db.session.scalar(select(Plan.version).where(
            Plan.case_id == plan.case_id, Plan.status == PlanStatus.ACCEPTED))
        return Locked(plan, "superseded", version=later or plan.version + 1)
    if plan.status == PlanStatus.PRESENTED:
        return Locked(plan, "presented")
    if plan.conference is not None and plan.conference.phase == Phase.PRIVATE_TIME:
        return Locked(plan, "plan_private_time")
    return None


def ensure_editable(plan: Plan) -> None:
    locked = lock_reason(plan)
    if locked is not None:
        raise locked


# --- the first version --------------------------------------------------------------------

def create_plan(case: Case, user: User, conference: Conference | None = None) -> Plan:
    """Version 1 of the plan of ``case``: the case's question, concerns and bottom lines
    filled in for the family to put in their own words."""
    if latest_plan(case) is not None:
        raise RuleError("plan_exists")
    if conference is not None and conference.case_id != case.id:
        raise RuleError("conference_unknown", "conference_id")
    plan = Plan(case=case, conference=conference, version=1, status=PlanStatus.DRAFT,
                central_question=case.central_question, concerns=case.concerns)
    db.session.add(plan)
    copy_bottom_lines(plan, case)
    db.session.flush()
    touch(case)
    record("create", plan, case=case, summary=f"v{plan.version}",
           details={"conference": conference.id if conference else None})
    return plan


def copy_bottom_lines(plan: Plan, case: Case, previous: Plan | None = None) -> None:
    """The case's current bottom lines into ``plan``; how each was met comes along from
    ``previous`` (the version before) where the bottom line is the same."""
    answers = {line.bottom_line_id: line.how_met for line in previous.bottom_lines
               if line.bottom_line_id} if previous is not None else {}
    for position, line in enumerate(case.bottom_lines):
        plan.bottom_lines.append(PlanBottomLine(
            bottom_line_id=line.id, position=position, text=line.text,
            how_met=answers.get(line.id, "")))


def bottom_lines_out_of_date(plan: Plan) -> bool:
    """Has the referrer added, changed or removed bottom lines since the plan copied them?"""
    ours = [(line.bottom_line_id, line.text) for line in plan.bottom_lines]
    theirs = [(line.id, line.text) for line in plan.case.bottom_lines]
    return ours != theirs


def refresh_bottom_lines(plan: Plan) -> bool:
    """Bring the plan's bottom lines in line with the case's, keeping how each is met."""
    ensure_editable(plan)
    if not bottom_lines_out_of_date(plan):
        return False
    current = {line.bottom_line_id: line for line in plan.bottom_lines}
    wanted = {line.id for line in plan.case.bottom_lines}
    removed = [line for key, line in current.items() if key not in wanted or key is None]
    for line in removed:
        plan.bottom_lines.remove(line)
    for position, source in enumerate(plan.case.bottom_lines):
        line = current.get(source.id)
        if line is None:
            plan.bottom_lines.append(PlanBottomLine(bottom_line_id=source.id, text=source.text,
                                                    position=position))
        else:
            line.text, line.position = source.text, position
    plan.bottom_lines.sort(key=lambda line: line.position)
    plan.updated_at = clock.now()
    db.session.flush()
    touch(plan.case)
    record("update", plan, case=plan.case, summary=f"v{plan.version}",
           details={"bottom_lines": "refreshed", "removed": [line.text[:200]
                                                             for line in removed]})
    return True


# --- the sections -------------------------------------------------------------------------

@dataclass
class PlanData:
    central_question: str = ""
    going_well: str = ""
    concerns: str = ""
    agreements: str = ""
    contingency: str = ""
    childs_view: str = ""
    recipients: str = ""
    monitor_id: int | None = None
    first_call_id: int | None = None  # who is called first (plans/contacts.py)
    evaluation_date: date | None = None
    how_met: dict[int, str] = field(default_factory=dict)  # plan bottom line id → text
    alert_referrer: bool = False  # "this is not working" alerts the referrer too


def check_plan_data(plan: Plan, data: PlanData) -> dict[str, Any]:
    """The cleaned values of ``data``; raises ``RuleError`` at the first broken rule."""
    values: dict[str, Any] = {name: clean_text(name, getattr(data, name), LIMITS[name])
                              for name in TEXT_FIELDS}
    values["how_met"] = {line.id: clean_text(f"how_met_{line.id}", data.how_met.get(line.id),
                                             LIMITS["how_met"])
                         for line in plan.bottom_lines}
    values["monitor_id"] = None
    if data.monitor_id is not None:
        monitor = get_person(plan.case, data.monitor_id)
        if monitor is None:
            raise RuleError("monitor_unknown", "monitor_id")
        if monitor.is_client:
            raise RuleError("monitor_is_client", "monitor_id")
        if monitor.deceased and monitor.id != plan.monitor_id:
            raise RuleError("person_deceased", "monitor_id", name=monitor.name)
        values["monitor_id"] = monitor.id
    values["first_call_id"] = None
    if data.first_call_id is not None:
        first = get_person(plan.case, data.first_call_id)
        if first is None:
            raise RuleError("first_call_unknown", "first_call_id")
        if first.deceased and first.id != plan.first_call_id:
            raise RuleError("person_deceased", "first_call_id", name=first.name)
        values["first_call_id"] = first.id
    if data.evaluation_date != plan.evaluation_date:
        check_day("evaluation_date", data.evaluation_date, conference_day(plan),
                  "evaluation_before_conference")
    values["evaluation_date"] = data.evaluation_date
    values["alert_referrer"] = bool(data.alert_referrer)
    return values


def update_plan(plan: Plan, data: PlanData, expected_version: int) -> dict[str, list]:
    """Save the sections of a draft made on ``expected_version``; refuse a stale save.

    Returns what changed (``{field: [old, new]}``), empty when nothing did.
    """
    ensure_editable(plan)
    check_version(plan, expected_version)
    values = check_plan_data(plan, data)
    how_met = values.pop("how_met")
    diff = changes(plan, list(values), values)
    for line in plan.bottom_lines:
        if line.how_met != how_met[line.id]:
            diff[f"how_met_{line.id}"] = [line.how_met, how_met[line.id]]
            line.how_met = how_met[line.id]
    if not diff:
        return {}
    for name, value in values.items():
        setattr(plan, name, value)
    plan.updated_at = clock.now()  # every save moves the row version, bottom lines included
    db.session.flush()
    touch(plan.case)
    record("update", plan, case=plan.case, summary=f"v{plan.version}",
           details={**diff, "row_version": plan.row_version})
    return diff


def missing_sections(plan: Plan) -> list[str]:
    """The sections still empty: flagged on the plan page and before presenting.

    "Other agreements" may stay empty; the child's view is asked for in youth cases.
    ``summary.missing_sections_count`` counts the same in SQL, for the case page.
    """
    missing = [name for name in ("central_question", "going_well", "concerns")
               if not getattr(plan, name).strip()]
    if any(not line.how_met.strip() for line in plan.bottom_lines):
        missing.append("bottom_lines")
    if not plan.actions:
        missing.append("actions")
    if plan.monitor_id is None:
        missing.append("monitor")
    if not plan.contingency.strip():
        missing.append("contingency")
    if plan.case.kind == CaseKind.YOUTH and not plan.childs_view.strip():
        missing.append("childs_view")
    if plan.evaluation_date is None:
        missing.append("evaluation_date")
    if not plan.recipients.strip():
        missing.append("recipients")
    return missing


# --- presenting ---------------------------------------------------------------------------

def check_conference_for_plan(plan: Plan) -> None:
    """The family presents its plan after private family time (the day's state machine)."""
    conference = plan.conference
    if conference is None:
        return
    if conference.phase == Phase.CANCELLED:
        raise RuleError("cancelled")
    if conference.phase in (Phase.PLANNED, Phase.INFORMATION):
        raise RuleError("conference_not_ready")


def present(plan: Plan, expected_version: int, confirm_missing: bool) -> None:
    """The family presents the plan to the referrer: no more changes until the decision.

    Empty sections do not stop it, but they must be seen: ``confirm_missing`` says so.
    """
    if plan.status not in EDITABLE:
        ensure_editable(plan)
    check_version(plan, expected_version)
    if bottom_lines_out_of_date(plan):
        raise RuleError("bottom_lines_out_of_date")
    missing = missing_sections(plan)
    if missing and not confirm_missing:
        raise RuleError("confirm_missing", "confirm")
    check_conference_for_plan(plan)
    conference = plan.conference
    if conference is not None and conference.phase == Phase.PRIVATE_TIME:
        phases.move(conference, Phase.PRESENTATION)  # the family is back: it presents
    old = plan.status
    plan.status = PlanStatus.PRESENTED
    plan.presented_at = clock.now()
    for name in ("decision", "decided_at", "decided_by_id", "decided_by_referrer_id"):
        setattr(plan, name, None)
    plan.decision_reason = plan.decided_for_referrer = ""
    for line in plan.bottom_lines:
        line.met, line.note = None, ""
        line.meeting_actions = []
    db.session.flush()
    touch(plan.case)
    record("present", plan, case=plan.case, summary=f"v{plan.version}",
           details={"status": [old.value, plan.status.value], "missing": missing})
    tell_referrers(plan)  # the referrer knows: an e-mail, and the to-do line


def withdraw(plan: Plan) -> None:
    """Take a presented plan back to draft to change it before the decision."""
    if plan.status != PlanStatus.PRESENTED:
        raise RuleError("not_presented")
    plan.status = PlanStatus.DRAFT
    plan.updated_at = clock.now()
    db.session.flush()
    touch(plan.case)
    record("withdraw", plan, case=plan.case, summary=f"v{plan.version}",
           details={"status": [PlanStatus.PRESENTED.value, PlanStatus.DRAFT.value]})


def ensure_followable(plan: Plan) -> None:
    """Every version may be followed (action status, updates, a routine's occurrences) but
    one that a later version has replaced."""
    if plan.status == PlanStatus.SUPERSEDED:
        locked = lock_reason(plan)
        raise locked if locked else Locked(plan, "superseded", version=plan.version + 1)
