"""Keeping the search index in step with the cases and people it finds.

Every write of a case's client names or of a person on a map goes through the ORM, and one
``after_flush`` hook (``keep_in_step``, registered by ``create_app``) writes the search rows
of what the flush changed, in the same transaction: a new or renamed person is findable at
the commit, and never before it. A deleted person or case takes its rows along (foreign keys
``ON DELETE CASCADE``). Writes that bypass the ORM (the erasure's scrubbing, imports of whole
tables, the benchmarks' bulk seeding) call ``reindex_case`` or write the rows themselves.

SQLite finds trigrams through an FTS5 table (``search_fts``, tokenizer ``trigram``) over
``search_entries.folded``, kept in step by three triggers on that table, so whatever writes
the rows (this module, a cascade, a purge) writes the FTS index too. SQLite 3.40's trigram
tokenizer cannot drop accents itself: ``folded`` is already folded (``core.names.indexed``).
PostgreSQL needs the contrib extensions ``pg_trgm`` and ``btree_gin`` for its GIN index.
"""

from __future__ import annotations

from sqlalchemy import DDL, delete, event, insert, inspect, select
from sqlalchemy.orm import Session

from eigenkracht.cases.models import Case
from eigenkracht.core.names import indexed
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.search.models import CASE, PERSON, SearchEntry

# SQLite: the FTS5 index of ``folded`` and the triggers that keep it; what the migration
# creates too (``FTS_DDL``), and what it and ``drop_all`` remove (``FTS_DROP``).
FTS_TABLE = "search_fts"
FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(folded, "
    "content='search_entries', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS search_entries_ai AFTER INSERT ON search_entries BEGIN "  # noqa: S608 (constants)
    f"INSERT INTO {FTS_TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
    f"CREATE TRIGGER IF NOT EXISTS search_entries_ad AFTER DELETE ON search_entries BEGIN "  # noqa: S608
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, folded) VALUES ('delete', old.id, "
    "old.folded); END",
    f"CREATE TRIGGER IF NOT EXISTS search_entries_au AFTER UPDATE ON search_entries BEGIN "  # noqa: S608
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, folded) VALUES ('delete', old.id, "
    f"old.folded); INSERT INTO {FTS_TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
)
FTS_DROP = (f"DROP TABLE IF EXISTS {FTS_TABLE}",)
# PostgreSQL: the extensions the GIN index needs (contrib; see docs/operations.md).
PG_EXTENSIONS = ("CREATE EXTENSION IF NOT EXISTS pg_trgm",
                 "CREATE EXTENSION IF NOT EXISTS btree_gin")


def engine_owned(name: str | None, type_: str, parent_names: dict) -> bool:
    """For Alembic's ``include_name``: False for the FTS5 table and its shadow tables,
    which the models do not describe (the engine makes them)."""
    return not (type_ == "table" and name and name.startswith(FTS_TABLE))


def _install_ddl() -> None:
    """``create_all`` and ``drop_all`` make and remove what the migration does."""
    table = SearchEntry.__table__
    if event.contains(table, "after_create", _after_create):
        return
    event.listen(table, "before_create", _before_create)
    event.listen(table, "after_create", _after_create)
    event.listen(table, "before_drop", _before_drop)


def _before_create(target, connection, **kw) -> None:
    if connection.dialect.name == "postgresql":
        for statement in PG_EXTENSIONS:
            connection.execute(DDL(statement))


def _after_create(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        for statement in FTS_DDL:
            connection.execute(DDL(statement))


def _before_drop(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        for statement in FTS_DROP:
            connection.execute(DDL(statement))


# --- the rows -------------------------------------------------------------------------------

def case_row(case_id: int, organisation_id: int, first: str, last: str) -> dict:
    label = f"{first} {last}".strip()
    return {"organisation_id": organisation_id, "case_id": case_id, "person_id": None,
            "kind": CASE, "label": label[:200], "relation": "",
            "folded": indexed(first, last)[:400]}


def person_row(person_id: int, case_id: int, organisation_id: int, name: str,
               relation: str) -> dict:
    return {"organisation_id": organisation_id, "case_id": case_id, "person_id": person_id,
            "kind": PERSON, "label": (name or "")[:200], "relation": (relation or "")[:100],
            "folded": indexed(name, relation)[:400]}


CASE_FIELDS = ("client_first_name", "client_last_name", "organisation_id")
PERSON_FIELDS = ("name", "relation", "is_client", "case_id")


def _changed(obj, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def keep_in_step(session: Session, flush_context) -> None:
    """After a flush: write the search rows of the cases and people it added or renamed."""
    cases, people = _touched(session)
    if not cases and not people:
        return
    connection = session.connection()
    for case in cases:
        connection.execute(delete(SearchEntry).where(SearchEntry.case_id == case.id,
                                                     SearchEntry.kind == CASE))
        connection.execute(insert(SearchEntry), [case_row(
            case.id, case.organisation_id, case.client_first_name, case.client_last_name)])
    if people:
        _write_people(connection, people)


def _touched(session: Session) -> tuple[list[Case], list[Person]]:
    """The new cases and people of a flush, and those whose indexed fields changed."""
    cases = [o for o in session.new if isinstance(o, Case)]
    people = [o for o in session.new if isinstance(o, Person)]
    cases += [o for o in session.dirty if isinstance(o, Case) and _changed(o, CASE_FIELDS)]
    people += [o for o in session.dirty
               if isinstance(o, Person) and _changed(o, PERSON_FIELDS)]
    return cases, people


def _write_people(connection, people: list[Person]) -> None:
    connection.execute(delete(SearchEntry).where(
        SearchEntry.person_id.in_([p.id for p in people])))
    organisations = dict(connection.execute(select(Case.id, Case.organisation_id).where(
        Case.id.in_({p.case_id for p in people}))).all())
    rows = [person_row(p.id, p.case_id, organisations[p.case_id], p.name, p.relation)
            for p in people if not p.is_client and p.case_id in organisations]
    if rows:
        connection.execute(insert(SearchEntry), rows)


def reindex_case(case_id: int) -> None:
    """Write the search rows of one case again from its case and people (after writes that
    bypass the ORM, such as the erasure's scrubbing of names)."""
    session = db.session
    session.flush()
    session.execute(delete(SearchEntry).where(SearchEntry.case_id == case_id))
    rows = _rows_of([case_id])
    if rows:
        session.execute(insert(SearchEntry), rows)


def _rows_of(case_ids) -> list[dict]:
    session = db.session
    rows = [case_row(*r) for r in session.execute(
        select(Case.id, Case.organisation_id, Case.client_first_name, Case.client_last_name)
        .where(Case.id.in_(case_ids)))]
    rows += [person_row(*r) for r in session.execute(
        select(Person.id, Person.case_id, Case.organisation_id, Person.name, Person.relation)
        .join(Case, Case.id == Person.case_id)
        .where(Person.case_id.in_(case_ids), Person.is_client.is_(False)))]
    return rows


def rebuild(batch: int = 500) -> int:
    """Write every search row again (``flask search rebuild``); how many were written."""
    session = db.session
    session.execute(delete(SearchEntry))
    written = 0
    ids = list(session.scalars(select(Case.id).order_by(Case.id)))
    for start in range(0, len(ids), batch):
        rows = _rows_of(ids[start:start + batch])
        if rows:
            session.execute(insert(SearchEntry), rows)
        written += len(rows)
    return written


def configure() -> None:
    """Register the flush hook and the DDL of ``create_all`` (once per process)."""
    _install_ddl()
    if not event.contains(Session, "after_flush", keep_in_step):
        event.listen(Session, "after_flush", keep_in_step)
