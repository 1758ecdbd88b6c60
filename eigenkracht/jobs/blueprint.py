"""The job coaches' blueprint and what its route modules share: the work case of the URL,
rule messages at their fields, the status of a form shown again, the saved copy after a
stale save.

The routes live in ``views`` (goals, steps, progress), ``contact_views`` and
``caseload_views``; ``create_app`` imports them all before it registers ``bp``.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy.exc import InvalidRequestError

from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.core.ids import parse_id as core_parse_id
from eigenkracht.core.rules import Outcome, message_for
from eigenkracht.extensions import db
from eigenkracht.jobs import services
from eigenkracht.jobs.labels import CHANNEL_LABELS, GOAL_STATUS_LABELS, OUTCOME_LABELS

bp = Blueprint("jobs", __name__)


@bp.app_context_processor
def jobs_template_helpers():
    """Labels for every page (the case page gets its figures from ``summary``)."""
    return {"GOAL_STATUS_LABELS": GOAL_STATUS_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS,
            "OUTCOME_LABELS": OUTCOME_LABELS, "tel_href": tel_href}


_NOT_DIALLED = re.compile(r"[^0-9+]")


def tel_href(phone: str | None) -> str:
    """A ``tel:`` address to tap, from a phone number as typed ("06-12 34 56 78",
    "+31 (0)6…"): digits and a leading plus only; "" when there is nothing to dial."""
    text = (phone or "").replace("(0)", "")
    digits = _NOT_DIALLED.sub("", text)
    plus = digits.startswith("+")
    digits = digits.replace("+", "")
    if not 3 <= len(digits) <= 20:
        return ""
    return "tel:" + ("+" if plus else "") + digits


# --- helpers shared by the view modules ---------------------------------------------------

def work_case_for(reference: str, *, edit: bool = False) -> Case:
    """The work case of the URL for viewing or (``edit``) changing: 404/403 otherwise, and
    404 for a case of another kind (goals and contacts are kept for jobseekers)."""
    case = get_case_or_404(reference, current_user, for_edit=edit)
    if not services.is_work_case(case):
        abort(404)
    return case


def show_problems(form, problems: list[services.Problem]) -> None:
    """Put each rule's message at its field (unless the field already has one), or above
    the form when it belongs to no field."""
    for name, code, params in problems:
        message = message_for(code, params)
        field = form[name] if name and name in form else None
        if field is None:
            form.form_errors.append(message)
        elif not field.errors:
            field.errors = [message]


def form_failed(form) -> bool:
    return bool(form.errors or form.form_errors)


def page_status(form, outcome: Outcome | None = None) -> int:
    """The status of a form shown again: 409 after a stale save, 422 with errors, else 200."""
    if outcome is not None and outcome.status != 200:
        return outcome.status
    return 422 if form_failed(form) else 200


def saved_copy(record_, form) -> None:
    """After a stale save: read what the other person saved (404 when they removed it) and
    let the form, still holding what was typed, save over that version next time."""
    try:
        db.session.refresh(record_)
    except InvalidRequestError:  # removed meanwhile: there is nothing left to save over
        abort(404)
    form.row_version.data = str(record_.row_version)


def parse_id(value) -> int | None:
    """A positive database id from a query string, else None."""
    return core_parse_id(value)
