"""Figures kept for a few minutes: counting a large organisation's year is kept, not redone
on every look (``services.kept_figures``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eigenkracht.core.db import UTCDateTime
from eigenkracht.extensions import db


class KeptFigures(db.Model):
    """The figures of one organisation, period and scope as they were counted at
    ``counted_at``: aggregates only (each with the number of cases behind it), never a case."""

    __tablename__ = "kept_figures"
    __table_args__ = (UniqueConstraint("organisation_id", "period", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    scope: Mapped[str] = mapped_column(String(120))
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<KeptFigures {self.organisation_id} {self.period} {self.scope}>"
