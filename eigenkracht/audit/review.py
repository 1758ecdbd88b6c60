"""The privacy officer's review of the access log (NEN 7513): filters, flags for unusual
access, and the CSV export. Reads the log only; never shows what a summary says about a case.

Flags (thresholds in the configuration):

- ``outside_caseload``: a user opened ``AUDIT_FLAG_OUTSIDE_CASELOAD`` or more different cases
  they are not assigned to, in the period reviewed (every such event of theirs is flagged);
- ``night``: case data used between ``AUDIT_NIGHT_STARTS`` and ``AUDIT_NIGHT_ENDS`` o'clock,
  local time (``core.clock``);
- ``same_surname``: a user used the case of a client with the same surname as their own.

The flags look at the newest ``AUDIT_REVIEW_SCAN`` events that pass the filters (the period
defaults to the last 30 days), so one page of review never reads the whole log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Select, or_, select

from eigenkracht.audit.models import REFUSED, AuditEvent
from eigenkracht.audit.services import AuditFilter, events_query
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case, CaseAssignment
from eigenkracht.core import clock
from eigenkracht.core.csvsafe import csv_document
from eigenkracht.extensions import db

# What a privacy officer filters by: the kinds NEN 7513 names, and sign-ins.
KINDS = {
    "view": ("view",),
    "change": ("create", "update", "delete", "reorder", "status", "decide", "revoke",
               "erase", "import", "unlock"),
    "print": ("download", "print", "letter_printed"),
    "export": ("export",),
    "search": ("search",),
    "sign_in": ("login", "login_failed", "login_throttled", "logout", "password_changed",
                "sso_login", "sso_refused"),
}
FLAGS = ("outside_caseload", "night", "same_surname")
DEFAULT_DAYS = 30


@dataclass
class ReviewFilter:
    date_from: date | None = None
    date_to: date | None = None
    user_id: int | None = None
    client: str = ""
    kind: str = ""
    outcome: str = ""
    flag: str = ""


@dataclass
class ReviewRow:
    event: AuditEvent
    client: str = ""
    flags: list[str] = field(default_factory=list)


@dataclass
class Review:
    rows: list[ReviewRow]
    outside_caseload: dict[str, int]  # user's name -> cases outside their caseload
    night: int
    same_surname: int
    scanned_all: bool


def period(flt: ReviewFilter) -> tuple[date, date]:
    today = clock.today()
    return (flt.date_from or today - timedelta(days=DEFAULT_DAYS), flt.date_to or today)


def _query(organisation_id: int, flt: ReviewFilter) -> Select:
    start, end = period(flt)
    query = events_query(organisation_id, AuditFilter(user_id=flt.user_id, date_from=start,
                                                      date_to=end))
    if flt.kind in KINDS:
        query = query.where(AuditEvent.action.in_(KINDS[flt.kind]))
    if flt.outcome in ("allowed", REFUSED):
        query = query.where(AuditEvent.outcome == flt.outcome)
    text = (flt.client or "").strip()[:100]
    if text:
        like = f"%{text.lower()}%"
        cases = select(Case.id).where(Case.organisation_id == organisation_id, or_(
            Case.reference == text.upper(),
            (Case.client_first_name + " " + Case.client_last_name).ilike(like)))
        query = query.where(or_(AuditEvent.case_id.in_(cases),
                                AuditEvent.case_reference == text.upper()[:20]))
    return query


def _surname(name: str) -> str:
    words = (name or "").replace("-", " ").split()
    return words[-1].casefold() if words and len(words[-1]) > 1 else ""


def _is_night(event: AuditEvent) -> bool:
    hour = clock.to_local(event.created_at).hour
    start = int(current_app.config["AUDIT_NIGHT_STARTS"])
    end = int(current_app.config["AUDIT_NIGHT_ENDS"])
    return hour >= start or hour < end


def review(organisation_id: int, flt: ReviewFilter) -> Review:
    """The events of the filters, newest first, each with its client and flags."""
    limit = int(current_app.config["AUDIT_REVIEW_SCAN"])
    events = list(db.session.scalars(_query(organisation_id, flt).limit(limit + 1)))
    scanned_all = len(events) <= limit
    events = events[:limit]
    case_ids = {e.case_id for e in events if e.case_id is not None}
    user_ids = {e.actor_id for e in events if e.actor_id is not None}
    cases = {c.id: c for c in db.session.scalars(select(Case).where(
        Case.id.in_(case_ids), Case.organisation_id == organisation_id))} if case_ids else {}
    users = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_(user_ids)))} if user_ids else {}
    assigned = {(row.case_id, row.user_id) for row in db.session.execute(
        select(CaseAssignment.case_id, CaseAssignment.user_id)
        .where(CaseAssignment.case_id.in_(cases)))} if cases else set()
    outside: dict[int, set[int]] = {}
    for e in events:
        if e.case_id in cases and e.actor_id in users and e.outcome != REFUSED and \
                (e.case_id, e.actor_id) not in assigned:
            outside.setdefault(e.actor_id, set()).add(e.case_id)
    threshold = int(current_app.config["AUDIT_FLAG_OUTSIDE_CASELOAD"])
    wide = {uid for uid, ids in outside.items() if len(ids) >= threshold}
    rows = []
    for e in events:
        case, user = cases.get(e.case_id), users.get(e.actor_id)
        flags = []
        if e.actor_id in wide and e.case_id in outside.get(e.actor_id, ()):
            flags.append("outside_caseload")
        if case is not None and _is_night(e):
            flags.append("night")
        if case is not None and user is not None and _surname(user.name) and \
                _surname(user.name) == _surname(case.client_last_name):
            flags.append("same_surname")
        rows.append(ReviewRow(event=e, client=case.client_name if case else "", flags=flags))
    result = Review(
        rows=rows, scanned_all=scanned_all,
        outside_caseload={users[uid].name: len(outside[uid]) for uid in sorted(wide)},
        night=sum("night" in r.flags for r in rows),
        same_surname=sum("same_surname" in r.flags for r in rows))
    if flt.flag in FLAGS:
        result.rows = [r for r in rows if flt.flag in r.flags]
    return result


def csv_export(result: Review, header: list[str], labels: dict[str, str]) -> str:
    """The rows of ``result`` as CSV (``core.csvsafe``), times local, no summaries."""
    return csv_document(header, (
        [clock.to_local(r.event.created_at).strftime("%Y-%m-%d %H:%M:%S"), r.event.actor_label,
         r.event.actor_role or "", r.event.action, r.event.object_type,
         r.event.case_reference or "", r.client, r.event.outcome, r.event.ip_address or "",
         " ".join(labels.get(f, f) for f in r.flags)]
        for r in result.rows))
