"""Conference pages: the blueprint, planning and editing, the checklist, cancelling.

Thin routes: the case through ``get_case_or_404``, the conference *within* that case (and
invitations within the conference), a service does the work and the request kernel commits.
A broken rule shows the form again with a message per field (``refusals``); a one-button
action that is refused says why and goes back, with nothing saved. Invitations, the day,
and the to-do list and calendar have their own modules; importing this one registers them
all.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.access import can_edit_case
from eigenkracht.cases.models import Case
from eigenkracht.conference import change_mail, changes, checklist, day, labels, phases, services
from eigenkracht.conference.blueprint import (
    FORM_FIELDS,
    bp,
    case_for,
    conference_for,
    flashed_refusal,
    local_moment,
    not_recording_message,
    say_stale,
    show_url,
    status_for,
)
from eigenkracht.conference.forms import (
    CancelForm,
    ChecklistForm,
    ConferenceFields,
    ConferenceForm,
    EmptyForm,
    NewConferenceForm,
)
from eigenkracht.conference.invitations import invitations_of
from eigenkracht.conference.models import ChecklistKey, Conference, ConferenceKind, VenueKind
from eigenkracht.conference.summary import listed
from eigenkracht.core.clock import to_local
from eigenkracht.core.forms import choices
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.mail.states import statuses_of_invitations

# --- planning -----------------------------------------------------------------------------

@bp.route("/cases/<reference>/conferences")
@login_required
def index(reference: str):
    case = case_for(reference)
    conferences = listed(case)
    record("view", case, case=case, summary=case.reference, details={"page": "conferences"})
    return render_template("conference/index.html", case=case, conferences=conferences,
                           editable=can_edit_case(current_user, case))


@bp.route("/cases/<reference>/conferences/new", methods=["GET", "POST"])
@login_required
def new(reference: str):
    case = case_for(reference, edit=True)
    form = NewConferenceForm()
    _coordinator_choices(form, case)
    if request.method == "GET":
        if request.args.get("kind") == ConferenceKind.REVIEW.value:
            form.kind.data = ConferenceKind.REVIEW.value
        if current_user.id in {u.id for u in services.coordinators(case)}:
            form.coordinator_id.data = str(current_user.id)
    if form.validate_on_submit() and (data := _data(form)) is not None:
        with refusals(form, fields=FORM_FIELDS) as outcome:
            claim_form(form)  # the same form sent again goes to the meeting it planned
            conference = services.create_conference(case, data, current_user)
        if outcome.ok:
            remember_form(form, show_url(conference))
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
    invitations = invitations_of(conference)
    return render_template(
        "conference/show.html", case=case, conference=conference,
        steps=checklist.steps(conference), progress=checklist.progress(conference),
        invitations=invitations, notes=day.notes_by_giver(conference),
        mail_states=statuses_of_invitations(i.id for i in invitations),
        editable=can_edit_case(current_user, case),
        recording=phases.recording_allowed(conference), form=EmptyForm(),
        cancel_form=CancelForm(), pending=changes.pending_change(conference),
        to_tell=changes.people_to_tell(conference))


@bp.route("/cases/<reference>/conferences/<int:conference_id>/edit", methods=["GET", "POST"])
@login_required
def edit(reference: str, conference_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    if (refusal := not_recording_message(conference)) is not None:
        flash(refusal, "error")
        return redirect(show_url(conference))
    form = ConferenceForm(data=_form_values(conference) if request.method == "GET" else None)
    form.fill_version(conference)
    _coordinator_choices(form, case)
    stale = None
    if form.validate_on_submit() and (data := _data(form)) is not None:
        with refusals(form, fields=FORM_FIELDS) as outcome:
            services.update_conference(conference, data, form.row_version.data, current_user)
        if outcome.ok:
            flash(_("The meeting has been saved."), "success")
            return redirect(show_url(conference))
        if outcome.stale is not None:
            stale = conference = conference_for(case, conference_id)  # as it was saved
            form.row_version.data = str(conference.row_version)
            say_stale(form, _("Someone else saved this meeting while you were editing it. "
                              "Your changes have not been saved. Check the details and save "
                              "again."))
    status = 409 if stale is not None else status_for(form)
    return render_template("conference/form.html", case=case, form=form,
                           conference=conference, stale=stale), status


def _coordinator_choices(form: ConferenceFields, case: Case) -> None:
    form.coordinator_id.choices = choices(
        [("", _("Nobody yet")), *((str(u.id), u.name) for u in services.coordinators(case))])


def _form_values(conference: Conference) -> dict:
    local = to_local(conference.starts_at)
    return {
        "kind": conference.kind.value, "day": local.date(), "time": local.time(),
        "duration_minutes": conference.duration_minutes,
        "venue_kind": conference.venue_kind.value, "venue_address": conference.venue_address,
        "meeting_link": conference.meeting_link, "languages": list(conference.languages),
        "interpreter_languages": list(conference.interpreter_languages or []),
        "interpreter_booked": conference.interpreter_booked,
        "childs_advocate": conference.childs_advocate,
        "practical_notes": conference.practical_notes,
        "coordinator_id": str(conference.coordinator_id or ""),
    }


def _data(form: ConferenceFields) -> services.ConferenceData | None:
    """The form as the service's data; None (with a message) for a time the clocks skip."""
    starts_at = local_moment(form)
    if starts_at is None:
        return None
    coordinator = form.coordinator_id.data
    coordinator_id = (parse_id(str(coordinator)) or -1) if coordinator else None
    return services.ConferenceData(
        starts_at=starts_at, kind=_member(ConferenceKind, form.kind.data),
        duration_minutes=form.duration_minutes.data,
        venue_kind=_member(VenueKind, form.venue_kind.data),
        venue_address=form.venue_address.data or "", meeting_link=form.meeting_link.data or "",
        languages=list(form.languages.data or []),
        interpreter_languages=list(form.interpreter_languages.data or []),
        interpreter_booked=bool(form.interpreter_booked.data),
        childs_advocate=form.childs_advocate.data or "",
        practical_notes=form.practical_notes.data or "", coordinator_id=coordinator_id)


def _member(enum_cls, value):
    return enum_cls(value) if value in enum_cls._value2member_map_ else value


@bp.route("/cases/<reference>/conferences/<int:conference_id>/cancel", methods=["POST"])
@login_required
def cancel(reference: str, conference_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(form.reason.errors[0] if form.reason.errors else _("Try again."), "error")
        return redirect(show_url(conference, "cancel"))
    with refusals() as outcome:
        services.cancel_conference(conference, form.reason.data or "", current_user)
    if flashed_refusal(outcome):
        return redirect(show_url(conference))
    flash(_("The meeting has been cancelled."), "success")
    return redirect(show_url(conference))


@bp.route("/cases/<reference>/conferences/<int:conference_id>/tell-change", methods=["POST"])
@login_required
def tell_change(reference: str, conference_id: int):
    """Tell everyone invited about the latest move, new place or cancellation (issue 20)."""
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    if not EmptyForm().validate_on_submit():
        flash(_("Try again."), "error")
        return redirect(show_url(conference, "tell-change"))
    try:
        told = change_mail.notify(conference, current_user)
    except LookupError:
        flash(_("Everyone invited has already been told."), "success")
        return redirect(show_url(conference))
    flash(ngettext("%(num)s e-mail is on its way.", "%(num)s e-mails are on their way.",
                   len(told.emailed)), "success")
    if told.letters:
        flash(_("Print a letter for: %(names)s.",
                names=", ".join(i.person.name for i in told.letters)), "success")
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
    if ChecklistKey(key) in checklist.AUTOMATIC:
        flash(_("This step ticks itself when it is true; it cannot be ticked by hand."),
              "info")
        return redirect(show_url(conference, f"step-{key}"))
    form = ChecklistForm()
    if not form.validate_on_submit():
        flash(_("Try again."), "error")
        return redirect(show_url(conference, "checklist"))
    done = form.done.data == "1"
    with refusals() as outcome:
        checklist.set_step(conference, ChecklistKey(key), done, current_user)
    if flashed_refusal(outcome):
        return redirect(show_url(conference, "checklist"))
    label = labels.CHECKLIST_LABELS[ChecklistKey(key)]
    flash(_("Done: %(step)s.", step=label) if done else _("Not done: %(step)s.", step=label),
          "success")
    return redirect(show_url(conference, f"step-{key}"))

