"""The referrer's personal link and its one-time codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case, Referrer
from eigenkracht.core.db import UTCDateTime, utcnow
from eigenkracht.extensions import db


class ReferrerLink(db.Model):
    """A secret address ``/r/<token>`` for the referrer of one case.

    Only a SHA-256 of the token is kept. Opening it sends a one-time code by e-mail to the
    referrer's address; only a hash of the code is kept, it expires after a few minutes and
    allows a few attempts (``referrers.services``).
    """

    __tablename__ = "referrer_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    referrer_id: Mapped[int] = mapped_column(ForeignKey("referrers.id", ondelete="CASCADE"),
                                             index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(255), default="")
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    code_attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    referrer: Mapped[Referrer] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ReferrerLink {self.id} case={self.case_id}>"
