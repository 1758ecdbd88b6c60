""""Who looked at my file": the client's overview of the access log of their case (NEN 7513,
AVG/GDPR article 15), in plain words and the family's language.

Every person and organisation that read or changed the case in a period, one row per person
and kind of use (looked at, changed, printed or downloaded, exported), with how often and
when first and last; and how often someone was refused. Staff are named with their role and
organisation; a family member or invitee through a personal link by the first name the link
carries (or, after erasure, only as "a family member"); the system's own work as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from eigenkracht.audit.models import ALLOWED, REFUSED, AuditEvent
from eigenkracht.audit.review import KINDS
from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.cases.models import Case
from eigenkracht.core import clock
from eigenkracht.core.i18n import RTL_LANGUAGES
from eigenkracht.extensions import db

SHOWN_KINDS = ("view", "change", "print", "export")
DEFAULT_MONTHS = 12


@dataclass
class Row:
    who: str
    role: str
    kind: str  # one of SHOWN_KINDS
    times: int
    first: datetime
    last: datetime


@dataclass
class Overview:
    """What the overview shows, as plain values in one language (call within
    ``force_locale(lang)``)."""

    lang: str
    direction: str
    reference: str
    client: str
    organisation: str
    start: date
    end: date
    rows: list[Row] = field(default_factory=list)
    refused: int = 0
    made_on: str = ""
    # The printed document's frame (templates/pdf/_base.html), set by the view.
    title: str = ""
    author: str = ""
    header: str = ""
    printed: str = ""
    confidential: str = ""
    pages: str = ""

    @property
    def period(self) -> str:
        return _("From %(start)s up to and including %(end)s",
                 start=format_date(self.start, "long"), end=format_date(self.end, "long"))


def default_period() -> tuple[date, date]:
    today = clock.today()
    return today - timedelta(days=365 * DEFAULT_MONTHS // 12), today


def _kind_of(action: str) -> str | None:
    return next((kind for kind in SHOWN_KINDS if action in KINDS[kind]), None)


def _role_words(role: str | None) -> str:
    words = {
        Role.ADMIN.value: _("administrator"),
        Role.COORDINATOR.value: _("coordinator"),
        Role.JOBCOACH.value: _("job coach"),
        Role.REFERRER.value: _("referrer"),
        Role.PRIVACY_OFFICER.value: _("privacy officer"),
        Role.MANAGER.value: _("manager"),
        "personal link": _("family or network, with a personal link"),
        "invitee link": _("invited to the conference, with a link"),
    }
    return words.get(role or "", _("the system, automatically"))


def kind_words(kind: str) -> str:
    return {"view": _("looked at it"), "change": _("changed something"),
            "print": _("printed or downloaded it"), "export": _("exported it")}[kind]


def _who(label: str, name: str | None, organisation: str | None) -> str:
    if name:
        return f"{name} ({organisation})" if organisation else name
    kind, _sep, first = (label or "").partition(":")
    if kind.strip() in ("personal link", "invitee link"):
        return first.strip() or _("a family member")
    return "eigenkracht"


def overview(case: Case, start: date, end: date, lang: str) -> Overview:
    """The overview of ``case`` from ``start`` up to and including ``end`` (local dates)."""
    table = AuditEvent
    since, until = clock.start_of_local_day(start), clock.start_of_local_day(
        end + timedelta(days=1))
    in_period = (table.case_id == case.id, table.created_at >= since, table.created_at < until)
    grouped = db.session.execute(
        select(table.actor_id, table.actor_label, table.actor_role, table.action,
               func.count(), func.min(table.created_at), func.max(table.created_at),
               User.name, Organisation.name)
        .outerjoin(User, User.id == table.actor_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(*in_period, table.outcome == ALLOWED)
        .group_by(table.actor_id, table.actor_label, table.actor_role, table.action,
                  User.name, Organisation.name)).all()
    rows: dict[tuple[str, str, str], Row] = {}
    for actor_id, label, role, action, times, first, last, name, organisation in grouped:
        kind = _kind_of(action)
        if kind is None:
            continue
        who = _who(label, name, organisation)
        key = (who, role or "", kind)
        first, last = _aware(first), _aware(last)
        if key in rows:
            row = rows[key]
            row.times += times
            row.first, row.last = min(row.first, first), max(row.last, last)
        else:
            rows[key] = Row(who=who, role=_role_words(role), kind=kind, times=times,
                            first=first, last=last)
    refused = db.session.scalar(select(func.count()).select_from(table).where(
        *in_period, table.outcome == REFUSED)) or 0
    ordered = sorted(rows.values(), key=lambda r: (r.who.casefold(), SHOWN_KINDS.index(r.kind)))
    return Overview(lang=lang, direction="rtl" if lang in RTL_LANGUAGES else "ltr",
                    reference=case.reference, client=case.client_name,
                    organisation=case.organisation.name, start=start, end=end,
                    rows=ordered, refused=refused, made_on=format_date(clock.today(), "long"))


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
