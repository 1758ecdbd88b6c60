"""Local time: conferences are entered and shown in the organisation's time zone
(``BABEL_DEFAULT_TIMEZONE``, Europe/Amsterdam) and stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app


class NoSuchLocalTime(ValueError):
    """The clocks skip this time on that day (the spring change to summer time)."""


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Amsterdam")


def from_local(day: date, at: time) -> datetime:
    """``day`` at ``at`` on the local clock, in UTC; refuses a time the clocks skip.

    In the autumn the hour that happens twice is taken the first time (summer time).
    """
    zone = local_zone()
    local = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=zone)
    moment = local.astimezone(UTC)
    back = moment.astimezone(zone)
    if (back.date(), back.time().replace(tzinfo=None)) != (day, at.replace(tzinfo=None, fold=0)):
        raise NoSuchLocalTime(f"{day} {at}")
    return moment


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(local_zone())


def local_date(moment: datetime) -> date:
    return to_local(moment).date()


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return local_date(now())
