"""The periods the figures are counted over, and whose cases they count.

A period is a calendar year (``2026``), a quarter (``2026-Q3``) or a month (``2026-11``) in
the organisation's time zone: from the first local day up to (not including) the first day
of the next period. A scope is the whole organisation, the cases of one coordinator or job
coach (``user:<id>``), or of one team (``team:<name>``: the cases of its staff).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from eigenkracht.auth.models import Role, User
from eigenkracht.core import clock
from eigenkracht.extensions import db

YEARS_BACK = 3  # the choices go back this many years before the current one
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
STAFF = (Role.COORDINATOR, Role.JOBCOACH)


@dataclass(frozen=True)
class Period:
    key: str  # "2026", "2026-Q3", "2026-11"
    first: date  # the first local day
    end: date  # the first local day after it

    @property
    def starts_at(self) -> datetime:
        return clock.start_of_local_day(self.first)

    @property
    def ends_at(self) -> datetime:
        return clock.start_of_local_day(self.end)

    @property
    def label(self) -> str:
        if _YEAR.match(self.key):
            return self.key
        if match := _QUARTER.match(self.key):
            return _("Quarter %(quarter)s of %(year)s", quarter=match.group(2),
                     year=match.group(1))
        return format_date(self.first, "MMMM y")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_period(key: str | None) -> Period | None:
    """The period of ``key``, or None when it is not one (or before 2000, after 2100)."""
    key = (key or "").strip().upper()
    if len(key) > 7:
        return None
    if match := _YEAR.match(key):
        year = int(match.group(1))
        first, end = date(year, 1, 1), date(year + 1, 1, 1)
    elif match := _QUARTER.match(key):
        year, quarter = int(match.group(1)), int(match.group(2))
        first = date(year, 3 * quarter - 2, 1)
        end = _add_months(first, 3)
    elif match := _MONTH.match(key):
        first = date(int(match.group(1)), int(match.group(2)), 1)
        end = _add_months(first, 1)
    else:
        return None
    if not 2000 <= first.year <= 2100:
        return None
    return Period(key=key, first=first, end=end)


def default_period(today: date | None = None) -> Period:
    """The current calendar year."""
    return parse_period(str((today or clock.today()).year))  # type: ignore[return-value]


def period_choices(today: date | None = None) -> list[Period]:
    """This year and the years before it, each followed by its quarters, then the last twelve
    months: what the figures page offers."""
    today = today or clock.today()
    periods: list[Period] = []
    for year in range(today.year, today.year - YEARS_BACK - 1, -1):
        periods.append(parse_period(str(year)))  # type: ignore[arg-type]
        last_quarter = (today.month - 1) // 3 + 1 if year == today.year else 4
        periods += [parse_period(f"{year}-Q{q}") for q in range(last_quarter, 0, -1)]  # type: ignore[misc]
    current = today.replace(day=1)
    periods += [parse_period(f"{m.year}-{m.month:02d}")  # type: ignore[misc]
                for m in (_add_months(current, -i) for i in range(12))]
    return periods


@dataclass(frozen=True)
class Scope:
    """Whose cases: everyone's (``user_ids`` None), or those assigned to these staff."""

    key: str  # "all", "user:12", "team:Noord"
    label: str
    user_ids: tuple[int, ...] | None = None


def staff_of(organisation_id: int) -> list[User]:
    """The coordinators and job coaches of the organisation, by name."""
    return list(db.session.scalars(
        select(User).where(User.organisation_id == organisation_id, User.role.in_(STAFF))
        .order_by(User.name, User.id)))


def teams_of(organisation_id: int) -> list[str]:
    return list(db.session.scalars(
        select(User.team).where(User.organisation_id == organisation_id, User.team != "")
        .distinct().order_by(User.team)))


def parse_scope(key: str | None, organisation_id: int) -> Scope | None:
    """The scope of ``key`` within the organisation; None for one that is not there."""
    key = (key or "all").strip()
    if key == "all":
        return Scope("all", _("The whole organisation"))
    kind, _sep, rest = key.partition(":")
    if kind == "user" and rest.isdigit() and len(rest) < 12:
        user = db.session.scalar(select(User).where(
            User.id == int(rest), User.organisation_id == organisation_id,
            User.role.in_(STAFF)))
        if user is None:
            return None
        return Scope(key, user.name, (user.id,))
    if kind == "team" and rest and len(rest) <= 100:
        ids = tuple(db.session.scalars(select(User.id).where(
            User.organisation_id == organisation_id, User.team == rest,
            User.role.in_(STAFF))))
        if not ids:
            return None
        return Scope(key, _("Team %(team)s", team=rest), ids)
    return None
