"""The version of a case's map, for the map's ETag: cheap to ask, new after every change.

A map version is a few aggregates of the case's rows: for its people the count, the sum of
their ids, the sum of their ``row_version`` and the latest ``updated_at``; for its ties the
count, the sums of ids and of ``row_version`` and the latest ``created_at``. Every change of
the map moves one of them:

- adding someone (by hand, quick add, import) adds a row: the count moves, and the new row's
  ``updated_at`` is the latest;
- every edit and move is an ORM update, which moves the person's ``row_version`` (the version
  counter of ``core.db.Versioned``) and ``updated_at``;
- removing someone or a tie (also when a person is erased) takes a row away: the count moves;
- adding and removing ties moves their count and the sum of their ids.

A removal and an addition between two visits still move the latest ``updated_at`` or the
sum of ids (a new row gets a new id, or on SQLite perhaps the removed one's, with a new
time). The case's own ``row_version`` (client name, year of birth, kind) is part of the
tag beside it (``network.views``).

``asked`` reads the version with one statement (a revisit, before anything is loaded);
``of_map`` computes the same from a loaded map (a first visit, without another statement).
Both give the same tuple for the same rows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, literal_column, select, union_all

from eigenkracht.cases.models import Case
from eigenkracht.extensions import db
from eigenkracht.network.models import Person, Relationship
from eigenkracht.network.services import NetworkMap

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

MapVersion = tuple[int, int, int, int, int, int, int, int]


def _micros(moment: datetime | None) -> int:
    """A time as whole microseconds since 1970 (0 for none), the same from any time zone."""
    if moment is None:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // MICROSECOND


def _totals(model, stamp, case_id: int, which: int):
    return select(literal_column(str(which)).label("which"), func.count(model.id),
                  func.coalesce(func.sum(model.id), 0),
                  func.coalesce(func.sum(model.row_version), 0),
                  func.max(stamp)).where(model.case_id == case_id)


def asked(case: Case) -> MapVersion:
    """The version of the map of ``case``, read from the database in one statement."""
    rows = {row[0]: row[1:] for row in db.session.execute(union_all(
        _totals(Person, Person.updated_at, case.id, 0),
        _totals(Relationship, Relationship.created_at, case.id, 1)))}
    people = rows.get(0) or (0, 0, 0, None)
    ties = rows.get(1) or (0, 0, 0, None)
    return (int(people[0]), int(people[1]), int(people[2]), _micros(people[3]),
            int(ties[0]), int(ties[1]), int(ties[2]), _micros(ties[3]))


def of_map(network: NetworkMap) -> MapVersion:
    """The same version, computed from a map loaded by ``services.load_map``."""
    people, ties = network.people, network.ties
    return (len(people), sum(p.id for p in people), sum(p.row_version for p in people),
            max((_micros(p.updated_at) for p in people), default=0),
            len(ties), sum(t.id for t in ties), sum(t.row_version for t in ties),
            max((_micros(t.created_at) for t in ties), default=0))
