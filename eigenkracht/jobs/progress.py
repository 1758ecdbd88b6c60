"""Progress over months: the network per ring from the monthly snapshots, contacts per month.

A month's network is its *latest* snapshot (automatic or saved by hand); a month without a
snapshot has no bar. Months are calendar months in the organisation's time zone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from eigenkracht.cases.models import Case
from eigenkracht.core.clock import local_date, start_of_local_day, today
from eigenkracht.extensions import db
from eigenkracht.jobs.models import ContactLog
from eigenkracht.network.models import NetworkSnapshot
from eigenkracht.network.snapshots import snapshot_people

MIN_MONTHS = 6
MAX_MONTHS = 12
RINGS = (1, 2, 3)


@dataclass
class Month:
    """One month of the chart."""

    start: date  # the first day
    rings: tuple[int, int, int] | None  # people in ring 1, 2, 3; None: no snapshot
    contacts: int
    snapshot_id: int | None = None

    @property
    def network_size(self) -> int | None:
        return sum(self.rings) if self.rings is not None else None


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def local_month(moment: datetime) -> date:
    """The first day of the month ``moment`` falls in, in the organisation's time zone."""
    return month_start(local_date(moment))


def month_begins_at(first_day: date) -> datetime:
    """The UTC moment at which the local month starting ``first_day`` begins."""
    return start_of_local_day(first_day)


def monthly_label(first_day: date) -> str:
    """The label of a month's automatic snapshot, e.g. "Monthly map, November 2026"."""
    return _("Monthly map, %(month)s", month=format_date(first_day, "MMMM y"))


def ring_counts(data) -> tuple[int, int, int]:
    """People per ring (the client left out) in a snapshot's JSON."""
    counts = Counter(p.get("ring") for p in snapshot_people(data) if not p.get("is_client"))
    return counts[1], counts[2], counts[3]


def progress(case: Case, on: date | None = None) -> list[Month]:
    """The months of the chart of ``case``: from its first month with a snapshot or a
    contact, at most twelve months back and at least six, up to this month."""
    current = month_start(on or today())
    earliest = add_months(current, -(MAX_MONTHS - 1))
    begins = month_begins_at(earliest)
    snapshots = list(db.session.execute(
        select(NetworkSnapshot.id, NetworkSnapshot.taken_at, NetworkSnapshot.data)
        .where(NetworkSnapshot.case_id == case.id, NetworkSnapshot.taken_at >= begins)
        .order_by(NetworkSnapshot.taken_at, NetworkSnapshot.id)))
    contact_days = list(db.session.scalars(
        select(ContactLog.contacted_on).where(ContactLog.case_id == case.id,
                                              ContactLog.contacted_on >= earliest)))
    latest: dict[date, tuple[int, tuple[int, int, int]]] = {}
    for snapshot_id, taken_at, data in snapshots:  # oldest first: the last one wins
        latest[local_month(taken_at)] = (snapshot_id, ring_counts(data))
    contacts = Counter(month_start(day) for day in contact_days)
    months_with_data = [m for m in (*latest, *contacts) if earliest <= m <= current]
    first = min(months_with_data, default=current)
    first = min(first, add_months(current, -(MIN_MONTHS - 1)))
    result = []
    month = first
    while month <= current:
        snapshot_id, rings = latest.get(month, (None, None))
        result.append(Month(start=month, rings=rings, contacts=contacts.get(month, 0),
                            snapshot_id=snapshot_id))
        month = add_months(month, 1)
    return result
