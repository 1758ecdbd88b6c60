"""The caseload as CSV: UTF-8 with a byte-order mark (Excel reads it right), every text
cell protected against formula injection (``core.csvsafe``)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _

from eigenkracht.cases.forms import STATUS_LABELS
from eigenkracht.core.csvsafe import csv_document
from eigenkracht.jobs.dashboard import CaseloadRow


def cell(value: object) -> object:
    """Numbers as they are, yes/no in words, dates as ISO dates; ``csv_document`` makes
    every text safe for spreadsheets."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return value
    if isinstance(value, datetime):
        value = value.date().isoformat()
    elif isinstance(value, date):
        value = value.isoformat()
    return str(value)


def caseload_csv(rows: list[CaseloadRow]) -> str:
    """One line per jobseeker, headed by the column names in the user's language."""
    header = [
        _("Reference"), _("Jobseeker"), _("Status"), _("Coaches"), _("Network size"),
        _("Contacts in the last 30 days"), _("Overdue follow-ups"), _("Open goals"),
        _("Goals"), _("Last contact"), _("Last saved map"), _("Added since then"),
        _("Removed since then")]
    return csv_document(header, ([cell(value) for value in (
        row.reference, row.client_name, str(STATUS_LABELS[row.status]),
        ", ".join(row.staff), row.network_size, row.recent_contacts, row.overdue,
        row.goals_open, row.goals_total, row.last_contact, row.snapshot_at, row.added,
        row.removed)] for row in rows))
