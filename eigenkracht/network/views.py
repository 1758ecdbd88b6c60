"""Network map pages: the map with its picture, people (quick add, full form), ties, moves.

Thin routes: look up the case (and the person *within* it), let a service do the work,
commit once; on a broken rule roll back and show the form again with a message per field.
"""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.models import CaseKind
from eigenkracht.core.errors import wants_json
from eigenkracht.core.forms import choices
from eigenkracht.extensions import db
from eigenkracht.network import analysis, picture, services
from eigenkracht.network.blueprint import (
    bp,
    case_for,
    editable,
    field_error,
    field_errors,
    person_for,
    status_for,
)
from eigenkracht.network.forms import ClientForm, PersonForm, QuickAddForm, TieForm, person_data
from eigenkracht.network.labels import RING_LABELS, SECTOR_LABELS
from eigenkracht.network.messages import rule_message
from eigenkracht.network.models import Sector
from eigenkracht.network.snapshots import map_data
from eigenkracht.network.validation import (
    TEXT_LIMITS,
    NetworkRuleError,
    PersonData,
    clean,
    person_problems,
)

# --- the map ------------------------------------------------------------------------------

@bp.route("/network", endpoint="map")
@login_required
def show_map(reference: str):
    case = case_for(reference)
    return _map_page(case, QuickAddForm(), status=200)


def _map_page(case, quick_form: QuickAddForm, status: int):
    network = services.load_map(case)
    view = picture.view_of(request.args.get("view"))
    data = map_data(network)
    record("view", case, case=case, summary=case.reference, details={"page": "network",
                                                                     "view": view})
    page = render_template(
        "network/map.html", case=case, network=network, data=data, view=view,
        svg=picture.draw_map(network, view), summary=analysis.summarise(data["people"]),
        quick_form=quick_form, editable=editable(case),
        focus_quick_add=request.args.get("added") == "1" or status != 200)
    db.session.commit()
    return page, status


@bp.route("/network.svg")
@login_required
def svg(reference: str):
    """The picture alone: ``?view=genogram`` for the genogram."""
    case = case_for(reference)
    network = services.load_map(case)
    view = picture.view_of(request.args.get("view"))
    body = picture.draw_map(network, view)
    record("view", case, case=case, summary=case.reference, details={"page": "network.svg",
                                                                     "view": view})
    db.session.commit()
    return Response(body, mimetype="image/svg+xml")


# --- people -------------------------------------------------------------------------------

@bp.route("/network/people", methods=["POST"])
@login_required
def quick_add(reference: str):
    """The quick-add row: back to the map, the cursor in the name field for the next one."""
    case = case_for(reference, edit=True)
    form = QuickAddForm()
    form.validate_on_submit()
    data = clean(person_data(form))
    problems = person_problems(data)
    if form.form_errors or form.errors or problems:
        field_errors(form, problems, TEXT_LIMITS)
        return _map_page(case, form, status=422)
    person = services.add_person(case, data, how="quick")
    db.session.commit()
    flash(_("%(name)s has been added.", name=person.name), "success")
    return redirect(url_for("network.map", reference=case.reference, added=1,
                            _anchor="quick-add"))


@bp.route("/network/people/new", methods=["GET", "POST"])
@login_required
def new_person(reference: str):
    case = case_for(reference, edit=True)
    form = _person_form(case)
    if form.validate_on_submit() and _checked(form, person_data(form)):
        person = services.add_person(case, clean(person_data(form)))
        db.session.commit()
        flash(_("%(name)s has been added.", name=person.name), "success")
        return redirect(url_for("network.map", reference=case.reference,
                                _anchor=f"person-{person.id}"))
    return render_template("network/person.html", case=case, form=form, person=None), \
        status_for(form)


@bp.route("/network/people/<int:person_id>", methods=["GET", "POST"])
@login_required
def person(reference: str, person_id: int):
    """A person's page: the full form (editors) and their ties."""
    case = case_for(reference, edit=request.method == "POST")
    person = person_for(case, person_id)
    form = _person_form(case, person)
    if form.validate_on_submit():
        data = person_data(form, PersonData.of(person))
        if _checked(form, data):
            try:
                services.update_person(case, person, data, seen=_seen(form))
            except services.StaleEdit:
                db.session.rollback()
                return _stale_person_page(case, person, form)
            db.session.commit()
            flash(_("The details of %(name)s have been saved.", name=person.name), "success")
            return redirect(url_for("network.person", reference=case.reference,
                                    person_id=person.id))
    return _person_page(case, person, form, TieForm(), status_for(form))


def _person_form(case, person=None) -> PersonForm | ClientForm:
    """The client's short form, or the full form (with the work fields for work cases)."""
    values = _form_values(person) if person is not None else None
    if person is not None and person.is_client:
        return ClientForm(data=values)
    form = PersonForm(data=values)
    return form if case.kind == CaseKind.WORK else form.without_work_fields()


def _form_values(person) -> dict:
    values = {name: getattr(value, "value", value)
              for name, value in vars(PersonData.of(person)).items()}
    values["seen"] = _stamp(person)
    values.update(ring=str(person.ring), birth_year=str(person.birth_year or ""))
    for name in ("support_direction", "contact_frequency", "known_for"):
        values[name] = values[name] or ""
    return values


def _checked(form, data: PersonData) -> bool:
    """Every rule at once, each message at its field; True when all is well."""
    problems = person_problems(clean(data))
    field_errors(form, problems, TEXT_LIMITS)
    return not problems


def _stamp(person) -> str:
    return person.updated_at.isoformat() if person.updated_at else ""


def _seen(form) -> str | None:
    """The hidden ``seen`` as sent; None when the client sent none (nothing to check)."""
    return form.seen.raw_data[0] if form.seen.raw_data else None


def _stale_person_page(case, person, form):
    """Someone saved the person meanwhile: your input stays in the form, what is saved now
    is listed where it differs from it, and saving again overwrites it on purpose (409)."""
    saved = _person_form_of(case, person)
    differences = [(str(field.label.text), _shown(saved[field.name]))
                   for field in form if field.name not in ("csrf_token", "seen")
                   and field.name in saved and field.data != saved[field.name].data]
    form.seen.data = _stamp(person)
    form.seen.raw_data = [form.seen.data]
    form.form_errors.append(_(
        "Someone else saved the details of %(name)s while you were editing them. Your "
        "changes have not been saved yet: they are still in the form. What is saved now is "
        "listed below where it differs; check it and save again.", name=person.name))
    return _person_page(case, person, form, TieForm(), 409, saved=differences)


def _person_form_of(case, person) -> PersonForm | ClientForm:
    """The form filled with what is saved, never with the request's input."""
    values = _form_values(person)
    form = (ClientForm if person.is_client else PersonForm)(formdata=None, data=values)
    return form if person.is_client or case.kind == CaseKind.WORK else form.without_work_fields()


def _shown(field) -> str:
    """A saved value as the form's options word it."""
    if field.type == "BooleanField":
        return _("yes") if field.data else _("no")
    labels = {str(c.value): str(c.label) for c in getattr(field, "choices", None) or []}
    values = field.data if isinstance(field.data, list) else [field.data]
    return ", ".join(labels.get(str(v), str(v)) for v in values if v not in (None, ""))


def _person_page(case, person, form, tie_form: TieForm, status: int, saved=None):
    network = services.load_map(case)
    names = {p.id: p.name for p in network.people}
    tie_form.other_id.choices = _other_choices(network, person)
    ties = [t for t in network.ties if person.id in (t.person_a_id, t.person_b_id)]
    record("view", person, object_type="person", case=case, summary=person.name)
    page = render_template("network/person.html", case=case, person=person, form=form,
                           tie_form=tie_form, ties=ties, names=names, editable=editable(case),
                           saved=saved)
    db.session.commit()
    return page, status


def _other_choices(network, person):
    return choices([("", _("Choose a person")),
                    *((str(p.id), p.name) for p in network.people if p.id != person.id)])


@bp.route("/network/people/<int:person_id>/delete", methods=["POST"])
@login_required
def remove_person(reference: str, person_id: int):
    case = case_for(reference, edit=True)
    person = person_for(case, person_id)
    name = person.name
    try:
        services.remove_person(case, person)
    except NetworkRuleError as error:
        db.session.rollback()
        flash(rule_message(error), "error")
        return redirect(url_for("network.person", reference=case.reference,
                                person_id=person_id))
    db.session.commit()
    flash(_("%(name)s has been removed from the map.", name=name), "success")
    return redirect(url_for("network.map", reference=case.reference))


@bp.route("/network/people/<int:person_id>/move", methods=["POST"])
@login_required
def move_person(reference: str, person_id: int):
    """Drag and drop on the picture (JSON), or the small move form (redirect)."""
    case = case_for(reference, edit=True)
    person = person_for(case, person_id)
    try:
        moved = services.move_person(case, person, request.form.get("ring"),
                                     request.form.get("sector"))
    except NetworkRuleError as error:
        db.session.rollback()
        if wants_json():
            return jsonify(ok=False, message=rule_message(error)), 422
        flash(rule_message(error), "error")
        return redirect(url_for("network.person", reference=case.reference, person_id=person_id))
    db.session.commit()
    message = _("%(name)s is now in %(sector)s, ring %(ring)s (%(label)s).", name=person.name,
                sector=SECTOR_LABELS[Sector(person.sector)], ring=person.ring,
                label=RING_LABELS[person.ring])
    if wants_json():
        network = services.load_map(case)
        return jsonify(ok=True, moved=moved, message=message, ring=person.ring,
                       sector=person.sector.value, svg=picture.draw_map(network))
    flash(message, "success")
    return redirect(url_for("network.map", reference=case.reference))


# --- ties ---------------------------------------------------------------------------------

@bp.route("/network/people/<int:person_id>/ties", methods=["POST"])
@login_required
def add_tie(reference: str, person_id: int):
    case = case_for(reference, edit=True)
    person = person_for(case, person_id)
    form = TieForm()
    if form.validate_on_submit():
        try:
            tie = services.add_tie(case, person, form.other_id.data, form.kind.data,
                                   form.quality.data)
        except NetworkRuleError as error:
            db.session.rollback()
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("The tie has been added."), "success")
            return redirect(url_for("network.person", reference=case.reference,
                                    person_id=person.id, _anchor=f"tie-{tie.id}"))
    return _person_page(case, person, _person_form(case, person), form, 422)


@bp.route("/network/ties/<int:tie_id>/delete", methods=["POST"])
@login_required
def remove_tie(reference: str, tie_id: int):
    case = case_for(reference, edit=True)
    tie = services.get_tie(case, tie_id)
    if tie is None:
        abort(404)
    ends = (tie.person_a_id, tie.person_b_id)
    back = request.form.get("person_id", type=int)
    back = back if back in ends else ends[0]
    services.remove_tie(case, tie)
    db.session.commit()
    flash(_("The tie has been removed."), "success")
    return redirect(url_for("network.person", reference=case.reference, person_id=back,
                            _anchor="ties"))


from eigenkracht.network import io_views, snapshot_views  # noqa: E402,F401 (routes)
