"""The conference blueprint and what its route modules share: finding the case and the
conference of the URL, answering a refused one-button action, where a conference's page is.

The routes live in ``views`` (planning, checklist, cancelling), ``invitation_views``,
``day_views`` and ``calendar_views``; ``create_app`` imports them all before it registers
``bp``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, abort, flash, request, url_for
from flask_login import current_user

from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.conference import labels, phases, services
from eigenkracht.conference.models import Conference
from eigenkracht.core.clock import NoSuchLocalTime, from_local
from eigenkracht.core.rules import STALE_MESSAGE, Outcome, message_for

bp = Blueprint("conference", __name__)

# Where the services' field names appear on the conference form.
FORM_FIELDS = {"starts_at": "day"}


@bp.app_context_processor
def conference_helpers():
    """The labels, and when a conference ends (arithmetic on its own row, no query). Lists
    of conferences and their progress come from the views (``summary``)."""
    return {"CONFERENCE_LABELS": labels, "conference_end": conference_end}


def conference_end(conference: Conference) -> datetime:
    return conference.starts_at + timedelta(minutes=conference.duration_minutes)


# --- shared helpers -----------------------------------------------------------------------

def case_for(reference: str, *, edit: bool = False) -> Case:
    return get_case_or_404(reference, current_user, for_edit=edit)


def conference_for(case: Case, conference_id: int) -> Conference:
    """A conference *of this case*, else 404."""
    conference = services.get_conference(case, conference_id)
    if conference is None:
        abort(404)
    return conference


def status_for(form) -> int:
    return 422 if request.method == "POST" and (form.errors or form.form_errors) else 200


def flashed_refusal(outcome: Outcome) -> bool:
    """For a one-button action: say why ``outcome``'s change was refused; True if it was.

    ``refusals`` has already undone the change, so the page it goes back to shows what was
    saved before."""
    if outcome.ok:
        return False
    for message in outcome.messages:
        flash(message, "error")
    return True


def not_recording_message(conference: Conference) -> str | None:
    """Why nothing may be recorded about ``conference`` now (private time, cancelled)."""
    code = phases.NOT_RECORDING.get(conference.phase)
    return message_for(code) if code else None


def say_stale(form, message: str) -> None:
    """Above the form, ``message`` (what was saved meanwhile) instead of the general words."""
    form.form_errors[:] = [m for m in form.form_errors if m != str(STALE_MESSAGE)]
    form.form_errors.append(message)


def show_url(conference: Conference, anchor: str | None = None) -> str:
    return url_for("conference.show", reference=conference.case.reference,
                   conference_id=conference.id, _anchor=anchor)


def local_moment(form) -> datetime | None:
    """The form's ``day`` and ``time`` on the local clock, in UTC; None (with a message at
    the field) for a time the clocks skip or a date out of range."""
    try:
        return from_local(form.day.data, form.time.data)
    except NoSuchLocalTime:
        form.time.errors = [*form.time.errors, message_for("time_does_not_exist")]
    except (OverflowError, ValueError):
        form.day.errors = [*form.day.errors, message_for("starts_at_range")]
    return None
