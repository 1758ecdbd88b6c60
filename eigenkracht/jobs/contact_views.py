"""The contact log of a jobseeker: every contact with someone of the network, and its
follow-up."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from eigenkracht.audit.services import record
from eigenkracht.cases.access import can_edit_case
from eigenkracht.cases.models import Case
from eigenkracht.core.clock import today
from eigenkracht.core.forms import choices
from eigenkracht.core.rules import RuleError, refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.extensions import db
from eigenkracht.jobs import contacts as contact_log
from eigenkracht.jobs import services
from eigenkracht.jobs.blueprint import (
    bp,
    form_failed,
    page_status,
    parse_id,
    saved_copy,
    show_problems,
    work_case_for,
)
from eigenkracht.jobs.forms import ContactForm, DoneForm, NewContactForm
from eigenkracht.jobs.models import ContactLog
from eigenkracht.network.services import get_person, load_map

CONTACTS_PER_PAGE = 50


def _contact_for(case: Case, contact_id: int) -> ContactLog:
    return contact_log.get_contact(case, contact_id) or abort(404)


@bp.route("/cases/<reference>/contacts")
@login_required
def contacts(reference: str):
    """The log, newest first; ``?person=<id>`` for one person of the network."""
    case = work_case_for(reference)
    person_id = parse_id(request.args.get("person"))
    person = None
    if person_id is not None:
        person = get_person(case, person_id)
        if person is None:
            abort(404)
    query = contact_log.contacts_query(case, person_id).options(
        selectinload(ContactLog.created_by), selectinload(ContactLog.person))
    page = db.paginate(query, per_page=CONTACTS_PER_PAGE, max_per_page=CONTACTS_PER_PAGE,
                       error_out=False)
    record("view", case, case=case, summary=case.reference,
           details={"page": "contacts", "person": person_id})
    body = render_template("jobs/contacts.html", case=case, page=page, person=person,
                           editable=can_edit_case(current_user, case), done_form=DoneForm(),
                           today=today())
    return body


def _person_choices(case: Case, form: NewContactForm | ContactForm,
                    contact: ContactLog | None = None) -> bool:
    """Fill the "who" list with the network of ``case``; False when the map is empty."""
    network = load_map(case)
    others = network.others
    options = [("", _("Choose a person"))]
    if contact is not None and contact.person_id is None:
        options = [("", _("%(name)s (no longer on the map)", name=contact.person_name))]
    # The jobseeker himself first: contacts with him are logged like any other.
    options += [(str(p.id), _("%(name)s (the jobseeker)", name=p.name))
                for p in network.people if p.is_client]
    options += [(str(p.id), _("%(name)s (%(relation)s)", name=p.name, relation=p.relation)
                 if p.relation else p.name) for p in others]
    form.person_id.choices = choices(options)
    return bool(others)


def _contact_data(form: NewContactForm | ContactForm) -> contact_log.ContactData:
    return contact_log.ContactData(
        person_id=form.person_id.data, contacted_on=form.contacted_on.data,
        channel=form.channel.data or "", outcome=form.outcome.data or "",
        asked=form.asked.data or "", note=form.note.data or "",
        follow_up_on=form.follow_up_on.data)


def _form_page(case: Case, form: NewContactForm | ContactForm, contact: ContactLog | None,
               has_people: bool, status: int, *, stale: bool = False,
               answers: ContactLog | None = None):
    return render_template("jobs/contact_form.html", case=case, form=form, contact=contact,
                           has_people=has_people, stale=stale, answers=answers,
                           today=today()), status


def _answered(case: Case, raw) -> ContactLog | None:
    """The contact whose follow-up a new contact answers, of this case; None when ``raw``
    names none (the form then logs a contact of its own)."""
    contact_id = parse_id(raw)
    contact = contact_log.get_contact(case, contact_id) if contact_id else None
    return contact if contact is not None and contact.follow_up_on is not None else None


@bp.route("/cases/<reference>/contacts/new", methods=["GET", "POST"])
@login_required
def new_contact(reference: str):
    """Log a contact; ``?person=<id>`` chooses the person beforehand."""
    case = work_case_for(reference, edit=True)
    if request.method == "GET":
        answers = _answered(case, request.args.get("follow_up"))
        person = answers.person_id if answers is not None else \
            parse_id(request.args.get("person"))
        form = NewContactForm(formdata=None, contacted_on=today(), person_id=str(person or ""),
                              answers=str(answers.id) if answers is not None else "",
                              channel=answers.channel.value if answers is not None else None)
        has_people = _person_choices(case, form)
        record("view", case, case=case, summary=case.reference,
               details={"page": "new_contact"})
        return _form_page(case, form, None, has_people, 200, answers=answers)
    form = NewContactForm()
    has_people = _person_choices(case, form)
    form.validate_on_submit()
    data = _contact_data(form)
    answers = None
    problems = services.problems_of(contact_log.check_contact, case, data, None)
    if form.answers.data:
        answers = _answered(case, form.answers.data)
        if answers is None:
            problems.append(("", "follow_up_unknown", {}))
    show_problems(form, problems)
    if form_failed(form):
        return _form_page(case, form, None, has_people, 422, answers=answers)
    claim_form(form)
    with refusals(form) as outcome:
        contact = contact_log.add_contact(case, data, current_user, answers=answers)
    if not outcome.ok:
        return _form_page(case, form, None, has_people, page_status(form, outcome),
                          answers=answers)
    target = url_for("jobs.contacts", reference=case.reference, _anchor=f"contact-{contact.id}")
    remember_form(form, target)
    flash(_("The contact with %(name)s has been logged.", name=contact.person_name), "success")
    return redirect(target)


@bp.route("/cases/<reference>/contacts/<int:contact_id>", methods=["GET", "POST"])
@login_required
def edit_contact(reference: str, contact_id: int):
    case = work_case_for(reference, edit=True)
    contact = _contact_for(case, contact_id)
    if request.method == "GET":
        form = ContactForm(formdata=None, data={
            "person_id": str(contact.person_id or ""), "contacted_on": contact.contacted_on,
            "channel": contact.channel.value, "asked": contact.asked,
            "outcome": contact.outcome.value, "note": contact.note,
            "follow_up_on": contact.follow_up_on})
        form.fill_version(contact)
        has_people = _person_choices(case, form, contact)
        record("view", contact, case=case, summary=contact.person_name)
        return _form_page(case, form, contact, has_people, 200)
    form = ContactForm()
    has_people = _person_choices(case, form, contact)
    form.validate_on_submit()
    data = _contact_data(form)
    show_problems(form, services.problems_of(contact_log.check_contact, case, data, contact))
    if form_failed(form):
        return _form_page(case, form, contact, has_people, 422)
    with refusals(form) as outcome:
        contact_log.update_contact(case, contact, data, form.row_version.data)
    if not outcome.ok:
        if outcome.stale:
            saved_copy(contact, form)
        return _form_page(case, form, contact, has_people, page_status(form, outcome),
                          stale=outcome.stale is not None)
    flash(_("The contact has been saved."), "success")
    return redirect(url_for("jobs.contacts", reference=case.reference,
                            _anchor=f"contact-{contact.id}"))


@bp.route("/cases/<reference>/contacts/<int:contact_id>/delete", methods=["POST"])
@login_required
def remove_contact(reference: str, contact_id: int):
    case = work_case_for(reference, edit=True)
    contact_log.remove_contact(case, _contact_for(case, contact_id))
    flash(_("The contact has been removed from the log."), "success")
    return redirect(url_for("jobs.contacts", reference=case.reference))


@bp.route("/cases/<reference>/contacts/<int:contact_id>/follow-up", methods=["POST"])
@login_required
def follow_up_done(reference: str, contact_id: int):
    """Mark a follow-up done (``done=1``) or open again (``done=0``); back to the list it
    came from (``next=follow-ups``) or to the contact log."""
    case = work_case_for(reference, edit=True)
    contact = _contact_for(case, contact_id)
    form = DoneForm()
    if form.validate_on_submit():
        try:
            changed = contact_log.set_follow_up_done(case, contact, form.is_done, form.on.data)
        except RuleError as error:
            flash(" ".join(message for _name, message in error.messages()), "error")
            changed = False
        if changed:
            flash(_("The follow-up with %(name)s is done.", name=contact.person_name)
                  if contact.follow_up_done else
                  _("The follow-up with %(name)s is open again.", name=contact.person_name),
                  "success")
    if form.next.data == "follow-ups":
        return redirect(url_for("jobs.follow_ups"))
    if form.next.data == "todo":
        return redirect(url_for("conference.todo_list", _anchor="work-follow-ups"))
    return redirect(url_for("jobs.contacts", reference=case.reference,
                            _anchor=f"contact-{contact.id}"))
