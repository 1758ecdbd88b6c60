"""When each scheduled task last ran, and how it went (``flask tasks list``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from eigenkracht.core.db import UTCDateTime
from eigenkracht.extensions import db


class TaskRun(db.Model):
    """The last run of one periodic task (one row per task name)."""

    __tablename__ = "task_runs"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(20), default="")  # running, ok, failed
    error: Mapped[str] = mapped_column(String(500), default="")
    runs: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<TaskRun {self.name} {self.outcome}>"
