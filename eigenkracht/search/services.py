"""Searching what a user may see: case references, clients and the people on the maps.

``search(user, text)`` answers the hits grouped (cases, people), best first. The rule of
access is the case list's (``cases.access.visible_cases``), applied in the database before
anything is counted: a case one may not open adds nothing to a result, not even to its count.

How it finds, in two steps:

1. **Candidates** from the index (``search_entries``, see ``search.models``), in the user's
   organisation and visible cases:
   - a user who sees few cases (``SMALL_SCOPE``, as every member of a small organisation):
     the rows of those cases, by ``case_id``, that share a trigram with each typed word;
   - otherwise the trigram index: first the rows that hold every typed word as it is
     (``strict``), and only when those are too few, the rows within a typing slip
     (``loose``: rows holding one trigram of each word, with its edges: pg_trgm's GIN index
     on PostgreSQL, the FTS5 ``trigram`` table on SQLite). At most ``CANDIDATES`` rows are
     read.
2. **The judge**: ``core.names.search_score`` (the duplicate warnings' words and slips)
   keeps the rows in which every typed word fits a word, and orders them.

A typed word shorter than three letters only narrows a search that has a longer word; a
case reference (or its number) is looked up in the case list's index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import column, or_, select, table, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Join

from eigenkracht.auth.models import User
from eigenkracht.cases.access import visible_cases
from eigenkracht.cases.models import Case
from eigenkracht.core.names import MIN_FRAGMENT, grams, search_score, search_words
from eigenkracht.extensions import db
from eigenkracht.search.index import FTS_TABLE
from eigenkracht.search.models import CASE, SearchEntry

MAX_QUERY = 100  # characters of a search; more is cut off (and the page says so)
MAX_WORDS = 6
SMALL_SCOPE = 200  # up to this many visible cases, their rows are read by case
CANDIDATES = 500  # rows read from the trigram index at most
SHOWN = 20  # hits per group on the results page
REFERENCE = re.compile(r"(?:[A-Z]{2}-?)?\d[\d-]{2,}")
_INVISIBLE = re.compile(r"[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Hit:
    kind: str  # "case" or "person"
    reference: str
    label: str
    relation: str = ""
    client: str = ""  # the case's client, for a person
    score: int = 0


@dataclass
class Results:
    text: str = ""
    cases: list[Hit] = field(default_factory=list)
    people: list[Hit] = field(default_factory=list)
    more: bool = False  # more was found than shown: a longer search narrows it
    cut: bool = False  # the search was longer than MAX_QUERY and was cut
    problem: str = ""  # "", "empty" or "too_short"

    @property
    def count(self) -> int:
        return len(self.cases) + len(self.people)

    @property
    def shape(self) -> dict:
        """What the audit event keeps besides the text (see docs/operations.md)."""
        return {"words": len(self.text.split()), "length": len(self.text),
                "cases": len(self.cases), "people": len(self.people), "more": self.more}


def clean_query(raw: str | None) -> tuple[str, bool]:
    """The search as typed, without control and direction characters, spaces collapsed,
    cut at ``MAX_QUERY`` characters; and whether it was cut."""
    value = _INVISIBLE.sub(" ", unicodedata.normalize("NFC", raw or ""))
    value = " ".join(value.split())
    return value[:MAX_QUERY].strip(), len(value) > MAX_QUERY


def search(user: User, raw: str | None, shown: int = SHOWN) -> Results:
    """What ``user`` finds with ``raw``, at most ``shown`` hits per group."""
    query, cut = clean_query(raw)
    results = Results(text=query, cut=cut)
    if not query:
        results.problem = "empty"
        return results
    words = search_words(query)[:MAX_WORDS]
    results.cases = _references(user, query, shown + 1)
    if not any(len(w) >= MIN_FRAGMENT for w in words):
        if not results.cases:
            results.problem = "too_short"
        return _cut(results, shown)
    rows, full = _candidates(user, words, shown)
    hits = [_hit(row, score) for row in rows if (score := search_score(words, row.folded))]
    hits.sort(key=lambda h: (-h.score, h.label.casefold(), h.reference))
    found = {h.reference for h in results.cases}
    results.cases += [h for h in hits if h.kind == CASE and h.reference not in found]
    results.people = [h for h in hits if h.kind != CASE]
    results.more = full
    return _cut(results, shown)


def _cut(results: Results, shown: int) -> Results:
    if len(results.cases) > shown or len(results.people) > shown:
        results.more = True
    results.cases, results.people = results.cases[:shown], results.people[:shown]
    return results


def _hit(row, score: int) -> Hit:
    client = f"{row.client_first_name} {row.client_last_name}".strip()
    return Hit(kind=row.kind, reference=row.reference, label=row.label,
               relation=row.relation, client=client, score=score)


def _references(user: User, query: str, limit: int) -> list[Hit]:
    """Visible cases whose reference is, or holds, what was typed (EK-2026-0042, 2026-0042)."""
    term = query.upper().replace(" ", "")
    if not REFERENCE.fullmatch(term):
        return []
    if re.fullmatch(r"[A-Z]{2}-\d{4}-\d{4,6}", term):
        condition = Case.reference == term
    else:
        condition = Case.reference.like(f"%{_escape(term)}%", escape="\\")
    cases = db.session.execute(visible_cases(user).with_only_columns(
        Case.reference, Case.client_first_name, Case.client_last_name).where(condition)
        .order_by(Case.reference.desc()).limit(limit))
    return [Hit(kind=CASE, reference=r.reference, score=100,
                label=f"{r.client_first_name} {r.client_last_name}".strip()) for r in cases]


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- candidates -----------------------------------------------------------------------------

class CrossJoin(Join):
    """SQLite: ``CROSS JOIN`` keeps the left table the outer loop. Without it SQLite read the
    organisation's rows first and asked the FTS5 table about each (seconds, not ms)."""

    inherit_cache = True


@compiles(CrossJoin)
def _cross_join(join: CrossJoin, compiler, **kw) -> str:
    kw["asfrom"] = True
    return (f"{compiler.process(join.left, **kw)} CROSS JOIN "
            f"{compiler.process(join.right, **kw)} ON {compiler.process(join.onclause, **kw)}")


def _columns(start=None):
    """What a hit shows, from the index and its case; ``start``: another table to lead."""
    query = select(SearchEntry.kind, SearchEntry.label, SearchEntry.relation,
                   SearchEntry.folded, Case.reference, Case.client_first_name,
                   Case.client_last_name)
    if start is not None:
        return query.select_from(start)
    return query.join(Case, Case.id == SearchEntry.case_id)


def _candidates(user: User, words: tuple[str, ...], shown: int) -> tuple[list, bool]:
    """Rows that may fit ``words`` in what ``user`` sees; and whether there may be more."""
    long = [w for w in words if len(w) >= MIN_FRAGMENT]
    ids = list(db.session.scalars(visible_cases(user).with_only_columns(Case.id)
                                  .limit(SMALL_SCOPE + 1)))
    if not ids:
        return [], False
    if len(ids) <= SMALL_SCOPE:  # read the rows of these cases: no trigram index needed
        sharing = [_shares(w) for w in long]
        # (the ids are of the user's organisation already: no organisation condition, which
        # would tempt SQLite to read the whole organisation's index instead)
        rows = db.session.execute(_columns().where(SearchEntry.case_id.in_(ids),
                                                   *sharing)).all()
        return rows, False
    scope = scope_of(user)
    rows = _from_index(scope, long, strict=True)
    if len(rows) < CANDIDATES and _judged(rows, words) < shown:
        seen = {(r.kind, r.reference, r.label) for r in rows}
        rows += [r for r in _from_index(scope, long, strict=False)
                 if (r.kind, r.reference, r.label) not in seen]
    return rows[:CANDIDATES], len(rows) >= CANDIDATES


def _judged(rows, words) -> int:
    return sum(1 for row in rows if search_score(words, row.folded))


def _from_index(scope: list[ColumnElement], long: list[str], *, strict: bool) -> list:
    query, params = index_query(scope, long, strict=strict)
    if db.session.get_bind().dialect.name != "postgresql":
        return db.session.execute(query, params).all()
    # With LIMIT and a guess of many matches PostgreSQL would rather walk the table or another
    # index until it has enough (0.6-0.7 s at 100,000 cases for two words with slips, whose
    # matches are few): for this one query, only the bitmap of the trigram index it is for.
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    db.session.execute(text("SET LOCAL enable_indexscan = off"))
    try:
        return db.session.execute(query, params).all()
    finally:
        db.session.execute(text("SET LOCAL enable_seqscan TO DEFAULT"))
        db.session.execute(text("SET LOCAL enable_indexscan TO DEFAULT"))


def index_query(scope: list[ColumnElement], long: list[str], *, strict: bool):
    """The query of the trigram index for ``long`` words in ``scope``, and its parameters
    (public for the test and the benchmark that check the plan uses the index).

    ``strict``: rows holding every word; else rows holding, for every word, one of its
    trigrams with the word's edges (``core.names.grams``: a word within one slip shares
    one). Both are plain LIKE patterns (pg_trgm reads their trigrams from the GIN index and
    rechecks them cheaply) or FTS5 phrases: no similarity is computed row by row.
    """
    if db.session.get_bind().dialect.name == "sqlite":  # FTS5 leads: its matches, their rows
        fts = table(FTS_TABLE, column("rowid"))
        match = " AND ".join(_fts_word(w, strict) for w in long)
        leading = CrossJoin(fts, SearchEntry.__table__, SearchEntry.id == fts.c.rowid)
        query = (_columns(leading).join(Case, Case.id == SearchEntry.case_id)
                 .where(text(f"{FTS_TABLE} MATCH :match"), *scope).limit(CANDIDATES))
        return query, {"match": match}
    conditions = [_holds(w) if strict else _shares(w) for w in long]
    return _columns().where(*scope, *conditions).limit(CANDIDATES), {}


def _holds(word: str) -> ColumnElement[bool]:
    """``folded`` holds ``word``: one LIKE pattern (not a concatenation), so that
    pg_trgm reads the pattern's trigrams from the index."""
    return SearchEntry.folded.like(f"%{_escape(word)}%", escape="\\")


def _shares(word: str) -> ColumnElement[bool]:
    """``folded`` holds one of ``word``'s trigrams (with its edges)."""
    return or_(*[SearchEntry.folded.like(f"%{_escape(g)}%", escape="\\") for g in grams(word)])


def scope_of(user: User) -> list[ColumnElement]:
    """The rows of the index ``user`` may see: their organisation's, of visible cases."""
    return [SearchEntry.organisation_id == user.organisation_id,
            visible_cases(user).whereclause]


def _fts_word(word: str, strict: bool) -> str:
    """An FTS5 query for one word: the word itself, or any of its trigrams. Words are
    letters and digits only (``core.names.fold``); quoting keeps FTS5 syntax out anyway."""
    parts = [word] if strict else list(grams(word))
    return "(" + " OR ".join('"' + p.replace('"', '""') + '"' for p in parts) + ")"
