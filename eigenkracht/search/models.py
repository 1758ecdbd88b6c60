"""The search index: one row per case (its clients' names) and per person on a map.

``folded`` is what the search compares (``core.names.indexed``: lower case, no accents or
punctuation, a space at both ends); ``label`` and ``relation`` are what a result shows. The
rows are kept in step by ``search.index`` with every write of a case or person, and go with
their case or person (foreign keys ``ON DELETE CASCADE``). ``organisation_id`` leads every
index, so a search reads its own organisation's rows only.

On PostgreSQL ``ix_search_entries_trigram`` is a GIN index of ``organisation_id`` (btree_gin)
and the trigrams of ``folded`` (pg_trgm); on SQLite the same index is a plain one, and an FTS5
table with the ``trigram`` tokenizer (``search_fts``, made by ``search.index``) finds the
trigrams.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from eigenkracht.extensions import db

CASE = "case"
PERSON = "person"


class SearchEntry(db.Model):
    __tablename__ = "search_entries"
    __table_args__ = (
        Index("ix_search_entries_case_id", "case_id"),
        Index("ix_search_entries_trigram", "organisation_id", "folded",
              postgresql_using="gin", postgresql_ops={"folded": "gin_trgm_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # CASE or PERSON
    label: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(100), default="")
    folded: Mapped[str] = mapped_column(String(400))

    def __repr__(self) -> str:
        return f"<SearchEntry {self.kind} case={self.case_id} person={self.person_id}>"
