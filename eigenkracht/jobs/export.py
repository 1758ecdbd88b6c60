"""The caseload as CSV: UTF-8 with a byte-order mark (Excel reads it right), every text
cell protected against formula injection."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from flask_babel import gettext as _

from eigenkracht.cases.forms import STATUS_LABELS
from eigenkracht.jobs.dashboard import CaseloadRow

# A cell that starts like this would be run as a formula by a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str | int:
    """Numbers as they are; text with a leading apostrophe when it could start a formula."""
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
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def caseload_csv(rows: list[CaseloadRow]) -> str:
    """One line per jobseeker, headed by the column names in the user's language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([
        _("Reference"), _("Jobseeker"), _("Status"), _("Coaches"), _("Network size"),
        _("Contacts in the last 30 days"), _("Overdue follow-ups"), _("Open goals"),
        _("Goals"), _("Last contact"), _("Last saved map"), _("Added since then"),
        _("Removed since then")])
    for row in rows:
        writer.writerow([cell(value) for value in (
            row.reference, row.client_name, str(STATUS_LABELS[row.status]),
            ", ".join(row.staff), row.network_size, row.recent_contacts, row.overdue,
            row.goals_open, row.goals_total, row.last_contact, row.snapshot_at, row.added,
            row.removed)])
    return "\ufeff" + out.getvalue()
