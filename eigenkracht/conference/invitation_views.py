"""Invitation pages: choose people of the map, edit one invitation, take it back, and put
someone they suggest on the map (and invite them) in one step."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.access import can_edit_case
from eigenkracht.conference import invitations, phases
from eigenkracht.conference.blueprint import (
    bp,
    case_for,
    conference_for,
    flashed_refusal,
    not_recording_message,
    say_stale,
    show_url,
    status_for,
)
from eigenkracht.conference.forms import (
    ContactForm,
    EmptyForm,
    InvitationForm,
    InviteForm,
    SuggestionForm,
)
from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.core.forms import choices
from eigenkracht.core.redirects import safe_next
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.mail.states import statuses_of_invitations
from eigenkracht.network.models import Sector
from eigenkracht.network.validation import PersonData

BASE = "/cases/<reference>/conferences/<int:conference_id>/invitations"


def invitation_for(conference: Conference, invitation_id: int) -> Invitation:
    """An invitation *of this conference*, else 404."""
    invitation = invitations.get_invitation(conference, invitation_id)
    if invitation is None:
        abort(404)
    return invitation


def invitation_url(invitation: Invitation, anchor: str | None = None) -> str:
    conference = invitation.conference
    return url_for("conference.invitation", reference=conference.case.reference,
                   conference_id=conference.id, invitation_id=invitation.id, _anchor=anchor)


def _blocked(conference: Conference):
    """Back to the conference page while nothing may be recorded about it."""
    refusal = not_recording_message(conference)
    if refusal is not None:
        flash(refusal, "error")
        return redirect(show_url(conference))
    return None


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@login_required
def invite(reference: str, conference_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    if (blocked := _blocked(conference)) is not None:
        return blocked
    form = InviteForm()
    people = invitations.uninvited_people(conference)
    form.person_ids.choices = choices((str(p.id), p.name) for p in people)
    if form.validate_on_submit():
        with refusals(form) as outcome:
            claim_form(form)  # the same form sent again invites nobody twice
            created = invitations.invite(conference, form.person_ids.data or [],
                                         form.role.data or None)
        if outcome.ok:
            remember_form(form, show_url(conference, "invitations"))
            flash(_("%(name)s has been added to the invitations.",
                    name=created[0].person.name) if len(created) == 1 else
                  ngettext("%(num)s person has been added to the invitations.",
                           "%(num)s people have been added to the invitations.",
                           len(created)), "success")
            return redirect(show_url(conference, "invitations"))
    return render_template("conference/invite.html", case=case, conference=conference,
                           form=form, people=people,
                           default_role=invitations.default_role), status_for(form)


@bp.route(f"{BASE}/<int:invitation_id>", methods=["GET", "POST"])
@login_required
def invitation(reference: str, conference_id: int, invitation_id: int):
    case = case_for(reference, edit=request.method == "POST")
    conference = conference_for(case, conference_id)
    invitation = invitation_for(conference, invitation_id)
    form = InvitationForm(data=_values(invitation) if request.method == "GET" else None)
    form.fill_version(invitation)
    if request.method == "POST" and (blocked := _blocked(conference)) is not None:
        return blocked
    stale = None
    if form.validate_on_submit():
        with refusals(form) as outcome:
            invitations.update_invitation(conference, invitation, _data(form),
                                          form.row_version.data)
        if outcome.ok:
            flash(_("The invitation of %(name)s has been saved.", name=invitation.person.name),
                  "success")
            return redirect(show_url(conference, f"invitation-{invitation.id}"))
        if outcome.stale is not None:
            stale = invitation = invitation_for(conference, invitation_id)  # as it was saved
            form.row_version.data = str(invitation.row_version)
            say_stale(form, _("Someone else saved this invitation while you were editing it "
                              "(an answer may have come in). Your changes have not been "
                              "saved. Check and save again."))
    status = 409 if stale is not None else status_for(form)
    return _page(invitation, form, SuggestionForm(formdata=None), status, stale=stale)


def _page(invitation: Invitation, form, suggestion_form, status: int,
          stale: Invitation | None = None):
    conference = invitation.conference
    case = conference.case
    record("view", invitation, case=case, summary=invitation.person.name)
    return render_template(
        "conference/invitation.html", case=case, conference=conference,
        invitation=invitation, form=form, suggestion_form=suggestion_form,
        delete_form=EmptyForm(), editable=can_edit_case(current_user, case),
        recording=phases.recording_allowed(conference), stale=stale,
        mail_states=statuses_of_invitations([invitation.id])), status


def _values(invitation: Invitation) -> dict:
    return {"role": invitation.role.value, "status": invitation.status.value,
            "participation": invitation.participation.value,
            "needs_diet": invitation.needs_diet, "needs_access": invitation.needs_access,
            "suggestions": invitation.suggestions}


def _data(form: InvitationForm) -> invitations.InvitationData:
    return invitations.InvitationData(
        role=form.role.data, status=form.status.data, participation=form.participation.data,
        needs_diet=form.needs_diet.data or "", needs_access=form.needs_access.data or "",
        suggestions=form.suggestions.data or "")


@bp.route(f"{BASE}/<int:invitation_id>/delete", methods=["POST"])
@login_required
def remove_invitation(reference: str, conference_id: int, invitation_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    invitation = invitation_for(conference, invitation_id)
    name = invitation.person.name
    if not EmptyForm().validate_on_submit():
        abort(400)
    with refusals() as outcome:
        invitations.remove_invitation(conference, invitation)
    if flashed_refusal(outcome):
        return redirect(invitation_url(invitation))
    flash(_("The invitation of %(name)s has been taken back.", name=name), "success")
    return redirect(show_url(conference, "invitations"))


@bp.route(f"{BASE}/<int:invitation_id>/contact", methods=["POST"])
@login_required
def add_contact(reference: str, conference_id: int, invitation_id: int):
    """An e-mail address or phone number for the invitee, typed where the invitation is
    shown (the conference page, the invitation page): back to that same place."""
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    invitation = invitation_for(conference, invitation_id)
    back = safe_next(request.form.get("next"), show_url(conference, "invitations"))
    back = f"{back.split('#', 1)[0]}#invitation-{invitation.id}"
    form = ContactForm()
    if not form.validate_on_submit():
        abort(400)
    with refusals() as outcome:
        changed = invitations.add_contact(conference, invitation, form.email.data or "",
                                          form.phone.data or "", form.row_version.data)
    if outcome.stale is not None:
        flash(_("Someone else changed the details of %(name)s meanwhile. Nothing has been "
                "saved; check them and try again.", name=invitation.person.name), "error")
        return redirect(back)
    if flashed_refusal(outcome):
        return redirect(back)
    if changed:
        flash(_("The contact details of %(name)s have been saved.",
                name=invitation.person.name), "success")
    return redirect(back)


@bp.route(f"{BASE}/<int:invitation_id>/suggestions", methods=["POST"])
@login_required
def add_suggestion(reference: str, conference_id: int, invitation_id: int):
    """"Who else should be there?": the suggested person onto the map (and invited)."""
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    invitation = invitation_for(conference, invitation_id)
    if (blocked := _blocked(conference)) is not None:
        return blocked
    form = SuggestionForm()
    if form.validate_on_submit():
        data = PersonData(name=form.name.data or "", relation=form.relation.data or "",
                          sector=Sector(form.sector.data), ring=2)
        with refusals(form) as outcome:
            claim_form(form)  # the same form sent again puts nobody on the map twice
            person, invited = invitations.add_suggested_person(
                conference, data, invite_them=bool(form.invite.data))
        if outcome.ok:
            remember_form(form, invitation_url(invitation, "suggest"))
            flash(_("%(name)s is on the map and invited.", name=person.name) if invited else
                  _("%(name)s is on the map.", name=person.name), "success")
            return redirect(invitation_url(invitation, "suggest"))
    invitation_form = InvitationForm(formdata=None, data=_values(invitation))
    invitation_form.row_version.data = str(invitation.row_version)
    return _page(invitation, invitation_form, form, 422)
