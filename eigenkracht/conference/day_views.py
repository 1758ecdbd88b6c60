"""The conference on the day, on a tablet at the table: the attendance register, the
phases (one tap each) and the notes of the information phase.

During private family time nothing about the conference is stored, whatever is posted:
the services refuse it (``phases.ensure_recording_allowed``) and the page offers no form.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.access import can_edit_case
from eigenkracht.conference import day, labels, phases
from eigenkracht.conference.blueprint import (
    bp,
    case_for,
    conference_for,
    flashed_refusal,
    not_recording_message,
)
from eigenkracht.conference.forms import AttendanceForm, EmptyForm, NoteForm, PhaseForm
from eigenkracht.conference.invitation_views import invitation_for
from eigenkracht.conference.invitations import invitations_of
from eigenkracht.conference.models import Conference, Phase
from eigenkracht.core.forms import choices
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form

BASE = "/cases/<reference>/conferences/<int:conference_id>"


def day_url(conference: Conference, anchor: str | None = None) -> str:
    return url_for("conference.day", reference=conference.case.reference,
                   conference_id=conference.id, _anchor=anchor)


@bp.route(f"{BASE}/day", endpoint="day")
@login_required
def day_page(reference: str, conference_id: int):
    case = case_for(reference)
    conference = conference_for(case, conference_id)
    return _render(conference, _note_form(conference), 200)


def _note_form(conference: Conference, *, posted: bool = False) -> NoteForm:
    """The note form with the conference's information givers to choose from."""
    form = NoteForm() if posted else NoteForm(formdata=None)
    form.invitation_id.choices = choices(
        [("", _("Choose the information giver")),
         *((str(i.id), i.person.name) for i in day.information_givers(conference))])
    return form


def _render(conference: Conference, note_form: NoteForm, status: int):
    case = conference.case
    record("view", conference, case=case, summary=case.reference, details={"page": "day"})
    return render_template(
        "conference/day.html", case=case, conference=conference,
        invitations=invitations_of(conference), givers=day.information_givers(conference),
        notes=day.notes_by_giver(conference), moves=phases.tap_moves(conference),
        recording=phases.recording_allowed(conference), note_form=note_form,
        form=EmptyForm(), editable=can_edit_case(current_user, case),
        day_phases=phases.DAY_PHASES), status


@bp.route(f"{BASE}/phase", methods=["POST"])
@login_required
def move_phase(reference: str, conference_id: int):
    """One tap: start the next phase. A double tap, or a tap on a page that is out of
    date, changes nothing."""
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    form = PhaseForm()
    if not form.validate_on_submit():
        abort(400)
    target, current = form.target.data or "", form.current.data or ""
    if target == conference.phase.value:
        flash(_("%(phase)s has already started.", phase=labels.PHASE_LABELS[conference.phase]),
              "info")
        return redirect(day_url(conference))
    if current != conference.phase.value:
        flash(_("The conference moved on in the meantime: it is now in “%(phase)s”. Nothing "
                "has been changed.", phase=labels.PHASE_LABELS[conference.phase]), "error")
        return redirect(day_url(conference))
    if target not in {p.value for p in phases.DAY_PHASES}:
        flash(_("That phase cannot be started here."), "error")
        return redirect(day_url(conference))
    with refusals() as outcome:
        phases.move(conference, Phase(target))
    if outcome.stale is not None:
        flash(_("The conference moved on in the meantime. Nothing has been changed."), "error")
        return redirect(day_url(conference))
    if flashed_refusal(outcome):
        return redirect(day_url(conference))
    flash(_("%(phase)s has started.", phase=labels.PHASE_LABELS[conference.phase]), "success")
    return redirect(day_url(conference))


@bp.route(f"{BASE}/invitations/<int:invitation_id>/attendance", methods=["POST"])
@login_required
def attendance(reference: str, conference_id: int, invitation_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    invitation = invitation_for(conference, invitation_id)
    form = AttendanceForm()
    if not form.validate_on_submit():
        abort(400)
    with refusals() as outcome:
        day.mark_attendance(conference, invitation, form.attendance.data)
    if flashed_refusal(outcome):
        return redirect(day_url(conference, "register"))
    flash(_("%(name)s: %(status)s.", name=invitation.person.name,
            status=labels.STATUS_LABELS[invitation.status]), "success")
    return redirect(day_url(conference, f"attendee-{invitation.id}"))


@bp.route(f"{BASE}/notes", methods=["POST"])
@login_required
def add_note(reference: str, conference_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    if (refusal := not_recording_message(conference)) is not None:
        # Private family time: refuse before even reading what was posted.
        flash(refusal, "error")
        return redirect(day_url(conference))
    form = _note_form(conference, posted=True)
    if form.validate_on_submit():
        with refusals(form) as outcome:
            claim_form(form)  # the same note sent again is saved once
            day.add_note(conference, form.invitation_id.data, form.text.data, current_user)
        if outcome.ok:
            remember_form(form, day_url(conference, "notes"))
            flash(_("The note has been saved."), "success")
            return redirect(day_url(conference, "notes"))
        if outcome.error is None or outcome.error.field is None:
            # not the note's fault (the phase does not allow it): say so on the day page
            flashed_refusal(outcome)
            return redirect(day_url(conference, "notes"))
    return _render(conference, form, 422)


@bp.route(f"{BASE}/notes/<int:note_id>/delete", methods=["POST"])
@login_required
def remove_note(reference: str, conference_id: int, note_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    note = day.get_note(conference, note_id)
    if note is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with refusals() as outcome:
        day.remove_note(conference, note)
    if flashed_refusal(outcome):
        return redirect(day_url(conference, "notes"))
    flash(_("The note has been removed."), "success")
    return redirect(day_url(conference, "notes"))
