"""What other features show of a jobseeker's goals and contacts: ``summary(case)``."""

from __future__ import annotations

from datetime import date

from eigenkracht.cases.models import Case
from eigenkracht.jobs.dashboard import CaseSummary, case_summary
from eigenkracht.jobs.services import is_work_case


def summary(case: Case, on: date | None = None) -> CaseSummary | None:
    """Goals open and in all, contacts recently and in all, overdue follow-ups: one
    statement. None for a case that is not a jobseeker's (and then no statement at all)."""
    return case_summary(case, on) if is_work_case(case) else None
