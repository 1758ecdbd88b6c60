"""Progress over months: the network per ring from the monthly snapshots, contacts, leads
and hires per month.

A month's network is its *latest* snapshot (automatic or saved by hand), placed on the day
it stands for (its "as of" date, else the day it was taken). A month without a snapshot is
*derived* from the map: the people who were in the network at the month's end (since the
date entered for them, else since they were added) and those taken off later (kept in
``map_departures``), each in their present ring. A month before anyone was on the map has
no bar. Months are calendar months in the organisation's time zone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from eigenkracht.cases.models import Case
from eigenkracht.core.clock import local_date, start_of_local_day, today
from eigenkracht.extensions import db
from eigenkracht.jobs.leads import leads_per_month
from eigenkracht.jobs.models import ContactLog
from eigenkracht.network.models import MapDeparture, NetworkSnapshot, Person
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
    derived: bool = False  # the rings come from the dates on the map, not a snapshot
    leads: int = 0  # leads that came up this month
    hires: int = 0  # leads that led to work this month

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


def _presence(case: Case) -> list[tuple[int, date, date | None]]:
    """``(ring, since, left_on)`` of everyone who is or was on the map (the client left
    out): the people now on it and those taken off (``map_departures``)."""
    people = [(ring, since if since is not None else local_date(created_at), None)
              for ring, since, created_at in db.session.execute(
                  select(Person.ring, Person.on_map_since, Person.created_at)
                  .where(Person.case_id == case.id, Person.is_client.is_(False)))]
    gone = list(db.session.execute(
        select(MapDeparture.ring, MapDeparture.on_map_since, MapDeparture.left_on)
        .where(MapDeparture.case_id == case.id)))
    return people + [tuple(row) for row in gone]


def derived_rings(presence, day: date) -> tuple[int, int, int] | None:
    """People per ring on the map at the end of ``day``; None when nobody was on it."""
    counts = Counter(ring for ring, since, left in presence
                     if since <= day and (left is None or left > day))
    if not counts:
        return None
    return counts[1], counts[2], counts[3]


def month_end(first_day: date, current: date) -> date:
    """The last day of the month starting ``first_day``, or ``current`` if that is sooner."""
    return min(add_months(first_day, 1) - timedelta(days=1), current)


def progress(case: Case, on: date | None = None) -> list[Month]:
    """The months of the chart of ``case``: from its first month with a snapshot, someone
    on the map, a contact or a lead, at most twelve months back and at least six, up to
    this month."""
    current_day = on or today()
    current = month_start(current_day)
    earliest = add_months(current, -(MAX_MONTHS - 1))
    begins = month_begins_at(earliest)
    snapshots = list(db.session.execute(
        select(NetworkSnapshot.id, NetworkSnapshot.taken_at, NetworkSnapshot.as_of,
               NetworkSnapshot.data)
        .where(NetworkSnapshot.case_id == case.id,
               or_(NetworkSnapshot.as_of >= earliest,
                   and_(NetworkSnapshot.as_of.is_(None), NetworkSnapshot.taken_at >= begins)))
        .order_by(NetworkSnapshot.taken_at, NetworkSnapshot.id)))
    contact_days = list(db.session.scalars(
        select(ContactLog.contacted_on).where(ContactLog.case_id == case.id,
                                              ContactLog.contacted_on >= earliest)))
    latest: dict[date, tuple[date, datetime, int, tuple[int, int, int]]] = {}
    for snapshot_id, taken_at, as_of, data in snapshots:
        day = as_of or local_date(taken_at)
        month = month_start(day)
        known = latest.get(month)
        if known is None or (day, taken_at) >= known[:2]:  # the month's latest day wins
            latest[month] = (day, taken_at, snapshot_id, ring_counts(data))
    contacts = Counter(month_start(day) for day in contact_days)
    leads = leads_per_month(case, earliest)
    presence = _presence(case)
    first_present = min((since for _ring, since, _left in presence), default=None)
    present_month = [month_start(first_present)] if first_present is not None else []
    months_with_data = [m for m in (*latest, *contacts, *leads, *present_month)
                        if m <= current]
    first = max(min(months_with_data, default=current), earliest)
    first = min(first, add_months(current, -(MIN_MONTHS - 1)))
    result = []
    month = first
    while month <= current:
        _day, _taken, snapshot_id, rings = latest.get(month, (None, None, None, None))
        derived = False
        if rings is None:
            rings = derived_rings(presence, month_end(month, current_day))
            derived = rings is not None
        noted, hired = leads.get(month, (0, 0))
        result.append(Month(start=month, rings=rings, contacts=contacts.get(month, 0),
                            snapshot_id=snapshot_id, derived=derived, leads=noted,
                            hires=hired))
        month = add_months(month, 1)
    return result
