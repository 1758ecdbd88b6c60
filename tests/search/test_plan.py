"""The search of a big scope reads the trigram index: pg_trgm's GIN index (with the
organisation) on PostgreSQL, the FTS5 table on SQLite. (On a small test table PostgreSQL
would rather read the table or go by case, so those plans are switched off: what is shown
is that the index answers every condition; benchmarks/size.py shows the plans at scale.)"""

from __future__ import annotations

import pytest

from eigenkracht.extensions import db
from eigenkracht.search.services import index_query, scope_of


def _plan(user, words, strict) -> str:
    query, params = index_query(scope_of(user), words, strict=strict)
    bind = db.session.get_bind()
    compiled = query.compile(dialect=bind.dialect)
    connection = db.session.connection()
    if bind.dialect.name == "postgresql":
        for setting in ("enable_seqscan", "enable_indexscan", "enable_nestloop"):
            connection.exec_driver_sql(f"SET LOCAL {setting} = off")
        return "\n".join(r[0] for r in connection.exec_driver_sql(
            "EXPLAIN " + str(compiled), compiled.params))
    values = {**compiled.params, **params}
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                      tuple(values[name] for name in compiled.positiontup))
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.parametrize("strict", [True, False])
@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_the_search_reads_the_trigram_index(role, strict, world):
    plan = _plan(world.user(role), ["ayse", "kaya"], strict)
    if db.session.get_bind().dialect.name == "postgresql":
        assert "ix_search_entries_trigram" in plan, plan
    else:
        assert "VIRTUAL TABLE INDEX" in plan and "search_fts" in plan, plan
