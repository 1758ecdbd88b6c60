"""The one clock of the app: the organisation's time zone for every rule, page and document.

Every "today", every local date and time shown to a person and every rule that depends on
the date (consent ages, follow-ups falling due, a conference's day) goes through here, so
the app never mixes the UTC date with the local one. Times are stored in UTC
(``core.db.UTCDateTime``) and turned local only for rules and display. The zone is
``BABEL_DEFAULT_TIMEZONE`` (Europe/Amsterdam by default).

Tests freeze the clock with ``frozen(moment)``; nothing else reads the system time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Europe/Amsterdam"

_frozen: list[datetime] = []


class NoSuchLocalTime(ValueError):
    """The clocks skip this time on that day (the spring change to summer time)."""


def zone() -> ZoneInfo:
    """The organisation's time zone."""
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_ZONE)


def now() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    if _frozen:
        return _frozen[-1]
    return datetime.now(UTC)


def local_now() -> datetime:
    """The current moment on the organisation's clock."""
    return now().astimezone(zone())


def today() -> date:
    """Today on the organisation's clock (not the UTC date: they differ after midnight)."""
    return local_now().date()


def to_local(moment: datetime) -> datetime:
    """``moment`` (aware) on the organisation's clock."""
    return moment.astimezone(zone())


def local_date(moment: datetime) -> date:
    return to_local(moment).date()


def from_local(day: date, at: time) -> datetime:
    """``day`` at ``at`` on the local clock, in UTC; refuses a time the clocks skip.

    In the autumn the hour that happens twice is taken the first time (summer time).
    """
    here = zone()
    wall = at.replace(tzinfo=None, fold=0)
    moment = datetime.combine(day, wall, tzinfo=here).astimezone(UTC)
    back = moment.astimezone(here)
    if (back.date(), back.time().replace(tzinfo=None)) != (day, wall):
        raise NoSuchLocalTime(f"{day} {at}")
    return moment


def start_of_local_day(day: date) -> datetime:
    """Local midnight at the start of ``day``, in UTC."""
    return datetime.combine(day, time(0), tzinfo=zone()).astimezone(UTC)


@contextmanager
def frozen(moment: datetime) -> Iterator[datetime]:
    """Inside, ``now()`` is ``moment`` (aware; a naive one is read as local time)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone())
    _frozen.append(moment.astimezone(UTC))
    try:
        yield moment
    finally:
        _frozen.pop()
