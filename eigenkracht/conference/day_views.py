"""The conference on the day, on a tablet at the table: the phases (a tap, confirmed on a
sheet, undoable for two minutes) and the notes of the information phase. The register's
routes are in ``register_views``.

During private family time nothing about the conference is stored, whatever is posted:
the services refuse it (``phases.ensure_recording_allowed``) and the page offers no form.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
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
from eigenkracht.conference.forms import (
    EmptyForm,
    NoteCorrectionForm,
    NoteForm,
    PhaseForm,
    UndoForm,
)
from eigenkracht.conference.invitations import invitations_of
from eigenkracht.conference.models import Conference, Phase
from eigenkracht.core.clock import now
from eigenkracht.core.forms import choices
from eigenkracht.core.rules import refusals, rule_message
from eigenkracht.core.submissions import claim_form, remember_form

BASE = "/cases/<reference>/conferences/<int:conference_id>"


def day_url(conference: Conference, anchor: str | None = None, **params) -> str:
    return url_for("conference.day", reference=conference.case.reference,
                   conference_id=conference.id, _anchor=anchor, **params)


@bp.route(f"{BASE}/day", endpoint="day")
@login_required
def day_page(reference: str, conference_id: int):
    case = case_for(reference)
    conference = conference_for(case, conference_id)
    return _render(conference, _note_form(conference, giver=request.args.get("giver")), 200)


def _note_form(conference: Conference, *, posted: bool = False,
               giver: str | None = None) -> NoteForm:
    """The note form with the conference's information givers (and the referrers) to choose
    from; ``giver`` stays chosen after a note was saved."""
    form = NoteForm() if posted else NoteForm(formdata=None)
    form.invitation_id.choices = choices(
        [("", _("Choose the information giver")),
         *((str(i.id), i.person.name) for i in day.information_givers(conference)),
         *((f"{day.REFERRER_GIVER}{u.id}", _("%(name)s (referrer)", name=u.name))
           for u, _row in day.referrers(conference))])
    if not posted and giver and giver in {c.value for c in form.invitation_id.choices}:
        form.invitation_id.data = giver
    return form


def register_context(conference: Conference) -> dict:
    """What the register shows (the day page and the register's own answers)."""
    case = conference.case
    return {"case": case, "conference": conference, "invitations": invitations_of(conference),
            "referrers": day.referrers(conference), "count": day.register_count(conference),
            "open_register": (can_edit_case(current_user, case)
                              and phases.recording_allowed(conference)
                              and conference.phase != Phase.CLOSED),
            "is_late": lambda at: day.is_late(conference, at)}


def _render(conference: Conference, note_form: NoteForm, status: int):
    case = conference.case
    record("view", conference, case=case, summary=case.reference, details={"page": "day"})
    editable = can_edit_case(current_user, case)
    return render_template(
        "conference/day.html", **register_context(conference),
        givers=day.information_givers(conference),
        notes=day.notes_by_giver(conference), moves=phases.tap_moves(conference),
        recording=phases.recording_allowed(conference), note_form=note_form,
        form=EmptyForm(), editable=editable, day_phases=phases.DAY_PHASES,
        undoable=phases.undoable_move(conference) if editable else None,
        undo_form=UndoForm(), private_times=phases.private_times(conference),
        correction_form=NoteCorrectionForm), status


@bp.route(f"{BASE}/phase", methods=["POST"])
@login_required
def move_phase(reference: str, conference_id: int):
    """A tap starts the next phase after a confirmation on a sheet (``confirm``); a double
    tap, or a tap on a page that is out of date, changes nothing."""
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
    if not phases.allowed(conference.phase, Phase(target)):
        flash(rule_message(phases.IllegalMove(conference.phase, Phase(target))), "error")
        return redirect(day_url(conference))
    if form.confirm.data != "yes":
        return _confirmation(conference, Phase(target))
    with refusals() as outcome:
        phases.move(conference, Phase(target), by=current_user, tapped=True)
    if outcome.stale is not None:
        flash(_("The conference moved on in the meantime. Nothing has been changed."), "error")
        return redirect(day_url(conference))
    if flashed_refusal(outcome):
        return redirect(day_url(conference))
    flash(_("%(phase)s has started.", phase=labels.PHASE_LABELS[conference.phase]), "success")
    return redirect(day_url(conference))


def _confirmation(conference: Conference, target: Phase):
    """The sheet that asks "start this phase?" (and warns when it is long before the time)."""
    return render_template(
        "conference/phase_confirm.html", case=conference.case, conference=conference,
        target=target, early=phases.starts_early(conference, target), moment=now(),
        back=target.value if (conference.phase, target) in BACKWARDS else None)


# Moves that go back a step (the sheet says "back to …").
BACKWARDS = {(Phase.PRESENTATION, Phase.PRIVATE_TIME), (Phase.DECISION, Phase.PRESENTATION)}


@bp.route(f"{BASE}/phase/undo", methods=["POST"])
@login_required
def undo_phase(reference: str, conference_id: int):
    """Take back the last tap, within two minutes."""
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    form = UndoForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        move_id = int(form.move.data or "")
    except ValueError:
        abort(400)
    with refusals() as outcome:
        phases.undo(conference, move_id, current_user)
    if flashed_refusal(outcome):
        return redirect(day_url(conference))
    flash(_("Undone: the conference is back in “%(phase)s”.",
            phase=labels.PHASE_LABELS[conference.phase]), "success")
    return redirect(day_url(conference))


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
            # the giver stays chosen for their next note
            target = day_url(conference, "notes", giver=form.invitation_id.data)
            remember_form(form, target)
            flash(_("The note has been saved."), "success")
            return redirect(target)
        if outcome.error is None or outcome.error.field is None:
            # not the note's fault (the phase does not allow it): say so on the day page
            flashed_refusal(outcome)
            return redirect(day_url(conference, "notes"))
    return _render(conference, form, 422)


def _note_or_404(conference: Conference, note_id: int):
    note = day.get_note(conference, note_id)
    if note is None:
        abort(404)
    return note


@bp.route(f"{BASE}/notes/<int:note_id>/correct", methods=["POST"])
@login_required
def correct_note(reference: str, conference_id: int, note_id: int):
    """Correct a note: the earlier words stay in its history."""
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    note = _note_or_404(conference, note_id)
    form = NoteCorrectionForm()
    if not form.validate_on_submit():
        abort(400)
    with refusals() as outcome:
        day.correct_note(conference, note, form.text.data, current_user)
    if flashed_refusal(outcome):
        return redirect(day_url(conference, f"note-{note.id}"))
    flash(_("The note has been corrected; the earlier words are kept."), "success")
    return redirect(day_url(conference, f"note-{note.id}"))


@bp.route(f"{BASE}/notes/<int:note_id>/delete", methods=["POST"])
@login_required
def remove_note(reference: str, conference_id: int, note_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    note = _note_or_404(conference, note_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with refusals() as outcome:
        day.remove_note(conference, note)
    if flashed_refusal(outcome):
        return redirect(day_url(conference, "notes"))
    flash(_("The note has been removed."), "success")
    return redirect(day_url(conference, "notes"))
