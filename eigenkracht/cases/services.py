"""The rules of cases: creating, editing, status, consent, staff and bottom lines.

Services change objects, flush, and write the audit event; the request kernel commits once.
A broken rule is a ``core.rules.RuleError``, a save on an older copy a ``StaleEdit``
(``check_version``). Every date a rule depends on is the organisation's (``core.clock``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from eigenkracht.audit.services import changes, record
from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.cases.access import visible_cases
from eigenkracht.cases.clients import ClientData, set_clients, validate_clients
from eigenkracht.cases.models import (
    AssignmentRole,
    BottomLine,
    Case,
    CaseAssignment,
    CaseCounter,
    CaseKind,
    CaseStatus,
    Referrer,
)
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError, check_version, clean_text
from eigenkracht.extensions import db

EDITABLE_FIELDS = ["kind", "central_question", "concerns", "work_goal", "work_sector",
                   "last_job", "availability", "barriers"]
REFERRER_FIELDS = ["name", "organisation", "role", "email", "phone"]
WORK_TEXTS = ("work_goal", "work_sector", "last_job", "availability", "barriers")
WORK_LIMITS = {"work_sector": 200}

# A whole case reference typed into the search box (EK-2026-0042, any case)
REFERENCE = re.compile(r"[A-Za-z]{2}-\d{4}-\d{4,6}")


@dataclass
class ReferrerData:
    """The referrer as a contact; ``user_id`` when they have an account here."""

    name: str = ""
    organisation: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    user_id: int | None = None

    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in REFERRER_FIELDS) and \
            self.user_id is None


@dataclass
class CaseData:
    kind: CaseKind
    clients: list[ClientData] = field(default_factory=list)
    central_question: str = ""
    concerns: str = ""
    # a work case's questions (cases.forms.WORK_FIELDS)
    work_goal: str = ""
    work_sector: str = ""
    last_job: str = ""
    availability: str = ""
    barriers: str = ""
    staff_ids: list[int] = field(default_factory=list)
    referrer_ids: list[int] = field(default_factory=list)
    bottom_lines: list[str] = field(default_factory=list)
    referrer: ReferrerData | None = None  # None: the contact stays as it is


# --- references ---------------------------------------------------------------------------

def next_reference(organisation_id: int, year: int, session: Session | None = None) -> str:
    """The next free ``EK-YYYY-NNNN``; one UPDATE … RETURNING, so two at once never clash.

    The counter row is locked until the caller's transaction ends, so a second request
    waits for the first and then takes the next number.
    """
    session = session or db.session
    while True:
        number = _bump_counter(session, organisation_id, year)
        if number is None:
            try:
                with session.begin_nested():
                    session.add(CaseCounter(organisation_id=organisation_id, year=year,
                                            last_number=0))
            except IntegrityError:
                pass  # created at the same moment by another request: bump that one
            continue
        reference = f"EK-{year}-{number:04d}"
        taken = session.scalar(select(Case.id).where(
            Case.organisation_id == organisation_id, Case.reference == reference))
        if taken is None:  # numbers taken by imported cases are skipped
            return reference


def _bump_counter(session: Session, organisation_id: int, year: int) -> int | None:
    statement = (
        update(CaseCounter)
        .where(CaseCounter.organisation_id == organisation_id, CaseCounter.year == year)
        .values(last_number=CaseCounter.last_number + 1)
        .returning(CaseCounter.last_number)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).scalar_one_or_none()


# --- validation ---------------------------------------------------------------------------

def validate(data: CaseData, organisation: Organisation, on: date) -> None:
    """Raise ``RuleError`` for the first rule the data breaks; ``on`` is today."""
    validate_clients(data.clients, data.kind, on)
    for name in WORK_TEXTS:  # a work case's questions: no control characters, limited
        setattr(data, name, clean_text(name, getattr(data, name), WORK_LIMITS.get(name, 2000),
                                       multiline=name != "work_sector"))
    if data.referrer is not None:
        validate_referrer(data.referrer)
    _validate_staff(data, organisation)


def validate_referrer(data: ReferrerData) -> None:
    limits = {"name": 200, "organisation": 200, "role": 200, "email": 254, "phone": 40}
    for name, limit in limits.items():
        clean_text(f"referrer_{name}", getattr(data, name), limit, multiline=False)
    if data.is_empty():
        return
    if not data.name.strip():
        raise RuleError("referrer_name_required", "referrer_name")
    email = data.email.strip()
    if email and not EMAIL.fullmatch(email):
        raise RuleError("referrer_email_invalid", "referrer_email")


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _validate_staff(data: CaseData, organisation: Organisation) -> None:
    ids = set(data.staff_ids) | set(data.referrer_ids)
    if not ids:
        return
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    for uid in data.staff_ids:
        user = users.get(uid)
        if user is None or user.organisation_id != organisation.id or user.role not in (
                Role.COORDINATOR, Role.JOBCOACH):
            raise RuleError("bad_staff", "staff_ids")
    for uid in data.referrer_ids:
        user = users.get(uid)
        if user is None or user.organisation_id != organisation.id or user.role != Role.REFERRER:
            raise RuleError("bad_referrer", "referrer_ids")


# --- writing ------------------------------------------------------------------------------

def create_case(data: CaseData, creator: User) -> Case:
    """A new case in the creator's organisation, with its reference, clients, referrer and
    first bottom lines."""
    organisation = creator.organisation
    on = clock.today()
    validate(data, organisation, on)
    if creator.role in (Role.COORDINATOR, Role.JOBCOACH) and creator.id not in data.staff_ids:
        data.staff_ids = [creator.id, *data.staff_ids]
    case = Case(
        organisation=organisation,
        reference=next_reference(organisation.id, on.year),
        status=CaseStatus.REFERRAL,
        created_by_id=creator.id,
        **{name: _clean(getattr(data, name)) for name in EDITABLE_FIELDS},
    )
    db.session.add(case)
    set_clients(case, data.clients)  # names the case before its first flush
    _set_staff(case, data.staff_ids, data.referrer_ids)
    for position, text in enumerate(t.strip() for t in data.bottom_lines if t.strip()):
        case.bottom_lines.append(BottomLine(text=text, position=position))
    db.session.flush()
    record("create", case, case=case, summary=case.reference,
           details={"kind": case.kind.value, "staff": data.staff_ids,
                    "referrers": data.referrer_ids, "clients": len(case.clients)})
    _set_referrer(case, data.referrer, data.referrer_ids)
    return case


def update_case(case: Case, data: CaseData, expected_version: int | str | None) -> None:
    """Save an edit made on ``expected_version`` (the case's ``row_version`` the form was
    filled from); refuse it with ``StaleEdit`` if someone saved in between."""
    check_version(case, expected_version)
    validate(data, case.organisation, clock.today())
    new_values = {name: _clean(getattr(data, name)) for name in EDITABLE_FIELDS}
    diff = changes(case, EDITABLE_FIELDS, new_values)
    staff_changed = _set_staff(case, data.staff_ids, data.referrer_ids)
    for name, value in new_values.items():
        setattr(case, name, value)
    clients_changed = set_clients(case, data.clients)
    referrer_changed = _set_referrer(case, data.referrer, data.referrer_ids)
    if not diff and not staff_changed and not clients_changed and not referrer_changed:
        return
    touch(case)
    if staff_changed:
        diff["staff"] = staff_changed
    if clients_changed:
        diff["clients"] = clients_changed
    if referrer_changed:
        diff["referrer"] = referrer_changed
    record("update", case, case=case, summary=case.reference, details=diff)


def _set_referrer(case: Case, data: ReferrerData | None, referrer_ids: list[int]) -> list[str]:
    """Keep the referrer contact as ``data`` says; the names of the fields that changed.

    A referrer with an account who is chosen without a contact becomes the contact; an
    empty contact without an account removes it.
    """
    if data is None:
        return []
    data = ReferrerData(**{name: _clean(getattr(data, name)) for name in REFERRER_FIELDS},
                        user_id=data.user_id)
    current = case.referrer
    if data.user_id is None and current is not None and current.user_id in referrer_ids:
        data.user_id = current.user_id  # the contact stays the account it was
    if data.is_empty() and referrer_ids:  # no contact typed: the referrer with an account
        user = db.session.get(User, referrer_ids[0])
        if user is not None:
            data = ReferrerData(name=user.name, email=user.email, user_id=user.id,
                                organisation=case.organisation.name)
    if data.is_empty():
        if current is None:
            return []
        record("delete", current, case=case, summary=current.label)
        case.referrer = None
        return ["removed"]
    values = {name: getattr(data, name) for name in [*REFERRER_FIELDS, "user_id"]}
    if current is None:
        case.referrer = Referrer(**values)
        db.session.flush()
        record("create", case.referrer, case=case, summary=case.referrer.label)
        return ["added"]
    diff = changes(current, list(values), values)
    if diff:
        for name, value in values.items():
            setattr(current, name, value)
        record("update", current, case=case, summary=current.label, details=diff)
    return sorted(diff)


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def touch(case: Case) -> None:
    """Stamp the case's last activity without moving its version counter.

    Written by a plain ``UPDATE`` just before the transaction commits
    (``core.database.stamp_activity``), not by the ORM, which would bump ``row_version``:
    adding someone to the map must not make a colleague's open case form stale. Taking the
    case row last, after every other row of the request, keeps the lock order the same in
    every transaction.
    """
    moment = clock.now()
    if case.id is None:
        case.last_activity_at = moment
        return
    db.session.info.setdefault("touched_cases", set()).add(case.id)
    set_committed_value(case, "last_activity_at", moment)


def _set_staff(case: Case, staff_ids: list[int], referrer_ids: list[int]) -> dict[str, list]:
    """Make the assignments match; return what changed (empty when nothing did)."""
    users = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_(set(staff_ids) | set(referrer_ids))))}
    wanted = set()
    for uid in staff_ids:
        role = AssignmentRole.JOBCOACH if users[uid].role == Role.JOBCOACH \
            else AssignmentRole.COORDINATOR
        wanted.add((uid, role))
    wanted |= {(uid, AssignmentRole.REFERRER) for uid in referrer_ids}
    current = {(a.user_id, a.role): a for a in case.assignments}
    removed = [key for key in current if key not in wanted]
    added = [key for key in wanted if key not in current]
    for key in removed:
        case.assignments.remove(current[key])
    for uid, role in added:
        case.assignments.append(CaseAssignment(user=users[uid], role=role))
    if not removed and not added:
        return {}
    return {"added": sorted([uid, r.value] for uid, r in added),
            "removed": sorted([uid, r.value] for uid, r in removed)}


def _clean(value: Any) -> Any:
    return value.strip() if type(value) is str else value


# --- bottom lines -------------------------------------------------------------------------

def add_bottom_line(case: Case, text: str) -> BottomLine:
    position = max((b.position for b in case.bottom_lines), default=-1) + 1
    line = BottomLine(text=text.strip(), position=position)
    case.bottom_lines.append(line)
    db.session.flush()
    touch(case)
    record("create", line, case=case, summary=line.text[:200])
    return line


def get_bottom_line(case: Case, line_id: int) -> BottomLine | None:
    return next((b for b in case.bottom_lines if b.id == line_id), None)


def edit_bottom_line(case: Case, line: BottomLine, text: str,
                     expected_version: int | str | None = None) -> None:
    """Save ``text``; ``expected_version`` is the line's ``row_version`` the form was filled
    from: when someone changed the line since, the edit is refused (``StaleEdit``), unless
    it says what they saved."""
    text = text.strip()
    if text != line.text:
        check_version(line, expected_version)
        record("update", line, case=case, summary=text[:200], details={"text": [line.text, text]})
        line.text = text
        touch(case)


def remove_bottom_line(case: Case, line: BottomLine) -> None:
    record("delete", line, case=case, summary=line.text[:200])
    case.bottom_lines.remove(line)
    _renumber(case)
    touch(case)


def move_bottom_line(case: Case, line: BottomLine, offset: int) -> None:
    """Move a bottom line up (-1) or down (+1) in the list."""
    lines = list(case.bottom_lines)
    index = lines.index(line)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(lines):
        return
    lines[index], lines[target] = lines[target], lines[index]
    for position, item in enumerate(lines):
        item.position = position
    case.bottom_lines.sort(key=lambda b: b.position)
    touch(case)
    record("reorder", line, case=case, summary=line.text[:200],
           details={"from": index, "to": target})


def _renumber(case: Case) -> None:
    for position, item in enumerate(case.bottom_lines):
        item.position = position


# --- reading ------------------------------------------------------------------------------

@dataclass
class CaseFilter:
    q: str = ""
    status: str = ""
    kind: str = ""
    mine: bool = False


def case_list_query(user: User, flt: CaseFilter) -> Select:
    """The cases ``user`` may see, filtered and sorted by last activity (newest first)."""
    query = visible_cases(user)
    if flt.status in CaseStatus._value2member_map_:
        query = query.where(Case.status == CaseStatus(flt.status))
    elif not flt.status:
        query = query.where(Case.status != CaseStatus.CLOSED)
    if flt.kind in CaseKind._value2member_map_:
        query = query.where(Case.kind == CaseKind(flt.kind))
    if flt.mine:
        query = query.where(Case.id.in_(
            select(CaseAssignment.case_id).where(CaseAssignment.user_id == user.id)))
    term = flt.q.strip()[:100]
    if REFERENCE.fullmatch(term):
        # a whole reference: one look-up in the unique index, no scan of every case
        query = query.where(Case.reference == term.upper())
    elif term:
        query = query.where(_matches(term))
    return query.order_by(Case.last_activity_at.desc(), Case.id.desc())


def _matches(term: str):
    """Cases whose reference or client name holds ``term``, ignoring case.

    A term without a space lies within one column, so the columns are compared as they are
    (the list's index holds them: no table rows are read); only a term with a space is
    compared with "first last". SQLite's LIKE already ignores case (for ASCII, as its
    lower() does); PostgreSQL gets ILIKE.
    """
    like = f"%{_escape_like(term)}%"
    insensitive = db.session.get_bind().dialect.name != "sqlite"

    def contains(column):
        return column.ilike(like, escape="\\") if insensitive \
            else column.like(like, escape="\\")

    if " " in term:
        return or_(contains(Case.reference),
                   contains(Case.client_first_name + " " + Case.client_last_name))
    return or_(contains(Case.reference), contains(Case.client_first_name),
               contains(Case.client_last_name))


def count_cases(query: Select, page_number: int, per_page: int, on_page: int) -> int:
    """How many cases ``query`` finds, for a page that shows ``on_page`` of them.

    A page that is not full is the last one, so the total follows from it; only otherwise
    is the organisation's list counted (with a query that reads the ids only).
    """
    if 0 < on_page < per_page or (page_number == 1 and on_page == 0):
        return (page_number - 1) * per_page + on_page
    ids = query.order_by(None).with_only_columns(Case.id).subquery()
    return db.session.scalar(select(func.count()).select_from(ids)) or 0


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def staff_choices(organisation_id: int) -> tuple[list[User], list[User]]:
    users = list(db.session.scalars(
        select(User).where(User.organisation_id == organisation_id, User.active.is_(True))
        .order_by(User.name)))
    staff = [u for u in users if u.role in (Role.COORDINATOR, Role.JOBCOACH)]
    referrers = [u for u in users if u.role == Role.REFERRER]
    return staff, referrers


# --- marks on the case list ------------------------------------------------------------------

# Other features say what a case waits for ("decision waiting"): functions of a list of case
# ids that answer {case id: label}, registered by ``create_app`` (``register_feature_links``).
CASE_MARKS = "cases.marks"


def case_marks(case_ids: list[int]) -> dict[int, list[str]]:
    """What the registered features say about these cases, one statement each."""
    marks: dict[int, list[str]] = {}
    for check in current_app.extensions.get(CASE_MARKS, ()):
        for case_id, label in check(case_ids).items():
            marks.setdefault(case_id, []).append(label)
    return marks
