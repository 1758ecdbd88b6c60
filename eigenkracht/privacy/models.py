"""What a person was given when they asked for their own data (GDPR art. 15), and what the
staff withheld and why: the record of the answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from eigenkracht.core.db import UTCDateTime, utcnow
from eigenkracht.extensions import db


class AccessReport(db.Model):
    """One art. 15 report made for a person of a case."""

    __tablename__ = "access_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(10), default="nl")
    # [{"part": "notes", "reason": "…"}]: what was left out, and why
    withheld: Mapped[list] = mapped_column(JSON, default=list)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<AccessReport case={self.case_id} person={self.person_id}>"
