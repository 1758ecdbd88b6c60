"""Conference pages: the blueprint, planning and editing, the checklist, cancelling.

Thin routes: the case through ``get_case_or_404``, the conference *within* that case (and
invitations within the conference), a service does the work, one commit; on a broken rule
roll back and show the form again with a message per field. Invitations, the day, and the
to-do list and calendar have their own modules; importing this one registers them all.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.audit.services import record
from eigenkracht.cases.access import can_edit_case, get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.conference import checklist, day, labels, phases, services
from eigenkracht.conference.clock import NoSuchLocalTime, from_local, to_local
from eigenkracht.conference.forms import CancelForm, ChecklistForm, ConferenceForm, EmptyForm
from eigenkracht.conference.invitations import invitations_of
from eigenkracht.conference.models import ChecklistKey, Conference, ConferenceKind, VenueKind
from eigenkracht.conference.rules import ConferenceRuleError, StaleEdit, field_error, rule_message
from eigenkracht.core.forms import choices
from eigenkracht.extensions import db

bp = Blueprint("conference", __name__)

# Where the services' field names appear on the conference form.
FORM_FIELDS = {"starts_at": "day"}


@bp.app_context_processor
def conference_helpers():
    return {"CONFERENCE_LABELS": labels, "case_conferences": case_conferences,
            "checklist_progress": checklist.progress, "conference_end": conference_end}


def conference_end(conference: Conference) -> datetime:
    return conference.starts_at + timedelta(minutes=conference.duration_minutes)


def case_conferences(case: Case) -> dict:
    """For the case page: every conference, the next one and its checklist progress."""
    conferences = services.conferences_of(case)
    coming = services.next_conference(case, conferences)
    return {"all": conferences, "next": coming,
            "progress": checklist.progress(coming) if coming else None}


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


def refused(error: ConferenceRuleError, to: str):
    """Roll back, say why, and go back to ``to``."""
    db.session.rollback()
    flash(rule_message(error), "error")
    return redirect(to)


def show_url(conference: Conference, anchor: str | None = None) -> str:
    return url_for("conference.show", reference=conference.case.reference,
                   conference_id=conference.id, _anchor=anchor)


# --- planning -----------------------------------------------------------------------------

@bp.route("/cases/<reference>/conferences")
@login_required
def index(reference: str):
    case = case_for(reference)
    conferences = services.conferences_of(case)
    record("view", case, case=case, summary=case.reference, details={"page": "conferences"})
    page = render_template("conference/index.html", case=case, conferences=conferences,
                           editable=can_edit_case(current_user, case))
    db.session.commit()
    return page


@bp.route("/cases/<reference>/conferences/new", methods=["GET", "POST"])
@login_required
def new(reference: str):
    case = case_for(reference, edit=True)
    form = ConferenceForm()
    _coordinator_choices(form, case)
    if request.method == "GET":
        if request.args.get("kind") == ConferenceKind.REVIEW.value:
            form.kind.data = ConferenceKind.REVIEW.value
        if current_user.id in {u.id for u in services.coordinators(case)}:
            form.coordinator_id.data = str(current_user.id)
    if form.validate_on_submit() and (data := _data(form)) is not None:
        try:
            conference = services.create_conference(case, data, current_user)
        except ConferenceRuleError as error:
            db.session.rollback()
            field_error(form, error, FORM_FIELDS)
        else:
            db.session.commit()
            flash(_("The meeting has been planned."), "success")
            return redirect(show_url(conference))
    return render_template("conference/form.html", case=case, form=form, conference=None), \
        status_for(form)


@bp.route("/cases/<reference>/conferences/<int:conference_id>")
@login_required
def show(reference: str, conference_id: int):
    case = case_for(reference)
    conference = conference_for(case, conference_id)
    record("view", conference, case=case, summary=case.reference)
    page = render_template(
        "conference/show.html", case=case, conference=conference,
        steps=checklist.steps(conference), progress=checklist.progress(conference),
        invitations=invitations_of(conference), notes=day.notes_by_giver(conference),
        editable=can_edit_case(current_user, case),
        recording=phases.recording_allowed(conference), form=EmptyForm(),
        cancel_form=CancelForm())
    db.session.commit()
    return page


@bp.route("/cases/<reference>/conferences/<int:conference_id>/edit", methods=["GET", "POST"])
@login_required
def edit(reference: str, conference_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    if not phases.recording_allowed(conference):
        flash(rule_message(ConferenceRuleError(phases.NOT_RECORDING[conference.phase])),
              "error")
        return redirect(show_url(conference))
    form = ConferenceForm(data=_form_values(conference) if request.method == "GET" else None)
    _coordinator_choices(form, case)
    status = None
    if form.validate_on_submit() and (data := _data(form)) is not None:
        try:
            services.update_conference(conference, data, _int(form.version.data),
                                       current_user)
            db.session.commit()
        except ConferenceRuleError as error:
            db.session.rollback()
            field_error(form, error, FORM_FIELDS)
        except (StaleEdit, StaleDataError):
            db.session.rollback()
            conference = conference_for(case, conference_id)
            form.version.data = str(conference.row_version)
            form.form_errors.append(_(
                "Someone else saved this meeting while you were editing it. Your changes "
                "have not been saved. Check the details and save again."))
            status = 409
        else:
            flash(_("The meeting has been saved."), "success")
            return redirect(show_url(conference))
    return render_template("conference/form.html", case=case, form=form,
                           conference=conference), status or status_for(form)


def _coordinator_choices(form: ConferenceForm, case: Case) -> None:
    form.coordinator_id.choices = choices(
        [("", _("Nobody yet")), *((str(u.id), u.name) for u in services.coordinators(case))])


def _form_values(conference: Conference) -> dict:
    local = to_local(conference.starts_at)
    return {
        "kind": conference.kind.value, "day": local.date(), "time": local.time(),
        "duration_minutes": conference.duration_minutes,
        "venue_kind": conference.venue_kind.value, "venue_address": conference.venue_address,
        "meeting_link": conference.meeting_link, "languages": list(conference.languages),
        "interpreter_language": conference.interpreter_language,
        "interpreter_booked": conference.interpreter_booked,
        "childs_advocate": conference.childs_advocate,
        "practical_notes": conference.practical_notes,
        "coordinator_id": str(conference.coordinator_id or ""),
        "version": str(conference.row_version),
    }


def _data(form: ConferenceForm) -> services.ConferenceData | None:
    """The form as the service's data; None (with a message) for a time the clocks skip."""
    try:
        starts_at = from_local(form.day.data, form.time.data)
    except NoSuchLocalTime:
        form.time.errors = [*form.time.errors, rule_message(
            ConferenceRuleError("time_does_not_exist"))]
        return None
    except (OverflowError, ValueError):
        form.day.errors = [*form.day.errors, rule_message(
            ConferenceRuleError("starts_at_range"))]
        return None
    coordinator = form.coordinator_id.data
    try:
        coordinator_id = int(coordinator) if coordinator else None
    except ValueError:
        coordinator_id = -1
    return services.ConferenceData(
        starts_at=starts_at, kind=_member(ConferenceKind, form.kind.data),
        duration_minutes=form.duration_minutes.data,
        venue_kind=_member(VenueKind, form.venue_kind.data),
        venue_address=form.venue_address.data or "", meeting_link=form.meeting_link.data or "",
        languages=list(form.languages.data or []),
        interpreter_language=form.interpreter_language.data or "",
        interpreter_booked=bool(form.interpreter_booked.data),
        childs_advocate=form.childs_advocate.data or "",
        practical_notes=form.practical_notes.data or "", coordinator_id=coordinator_id)


def _member(enum_cls, value):
    return enum_cls(value) if value in enum_cls._value2member_map_ else value


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@bp.route("/cases/<reference>/conferences/<int:conference_id>/cancel", methods=["POST"])
@login_required
def cancel(reference: str, conference_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(form.reason.errors[0] if form.reason.errors else _("Try again."), "error")
        return redirect(show_url(conference, "cancel"))
    try:
        services.cancel_conference(conference, form.reason.data or "")
    except ConferenceRuleError as error:
        return refused(error, show_url(conference))
    db.session.commit()
    flash(_("The meeting has been cancelled."), "success")
    return redirect(show_url(conference))


# --- checklist ----------------------------------------------------------------------------

@bp.route("/cases/<reference>/conferences/<int:conference_id>/checklist/<key>",
          methods=["POST"])
@login_required
def check(reference: str, conference_id: int, key: str):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    if key not in ChecklistKey._value2member_map_:
        abort(404)
    form = ChecklistForm()
    if not form.validate_on_submit():
        flash(_("Try again."), "error")
        return redirect(show_url(conference, "checklist"))
    done = form.done.data == "1"
    try:
        checklist.set_step(conference, ChecklistKey(key), done, current_user)
    except ConferenceRuleError as error:
        return refused(error, show_url(conference, "checklist"))
    db.session.commit()
    label = labels.CHECKLIST_LABELS[ChecklistKey(key)]
    flash(_("Done: %(step)s.", step=label) if done else _("Not done: %(step)s.", step=label),
          "success")
    return redirect(show_url(conference, f"step-{key}"))


from eigenkracht.conference import calendar_views, day_views, invitation_views  # noqa: E402,F401
