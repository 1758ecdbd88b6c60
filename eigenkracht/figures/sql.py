"""SQL expressions that PostgreSQL and SQLite write differently, for the figures.

``days_between(a, b)``: the days from timestamp ``a`` to ``b`` (a fraction); ``day_of(t)``:
the UTC day of a timestamp; ``json_people``: how many people a saved map's JSON holds. Each
compiles to one expression of the engine's own.
"""

from __future__ import annotations

from sqlalchemy import Date, Float, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement):  # noqa: N801 - reads as a SQL function
    """Days from the first timestamp to the second (negative when it is earlier)."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_sqlite(element, compiler, **kw):
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({second}) - julianday({first}))"


@compiles(days_between, "postgresql")
def _days_postgresql(element, compiler, **kw):
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({second} - {first})) / 86400.0)"


class json_people(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The length of the ``people`` list of a snapshot's JSON (its client(s) included)."""

    type = Integer()
    inherit_cache = True
    name = "json_people"


@compiles(json_people)
def _people_sqlite(element, compiler, **kw):
    (data,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"coalesce(json_array_length({data}, '$.people'), 0)"


@compiles(json_people, "postgresql")
def _people_postgresql(element, compiler, **kw):
    (data,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"coalesce(json_array_length(({data})->'people'), 0)"


class day_of(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The (UTC) day of a timestamp, comparable with a date column and date parameters."""

    type = Date()
    inherit_cache = True
    name = "day_of"


@compiles(day_of)
def _day_sqlite(element, compiler, **kw):
    (moment,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({moment})"


@compiles(day_of, "postgresql")
def _day_postgresql(element, compiler, **kw):
    (moment,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(({moment}) AT TIME ZONE 'UTC' AS DATE)"
