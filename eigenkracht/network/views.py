"""Network map pages: the map with its picture, people (quick add, full form), ties, moves.

Thin routes: look up the case (and the person *within* it), let a service do the work; the
request kernel commits. A change that may be refused runs in ``core.rules.refusals``, so a
broken rule leaves nothing half-saved and the form is shown again with a message per field;
a save made on an older copy of a person (its ``row_version``) is a 409 that keeps the input
beside what is saved now. Create forms claim their one-time key first (``claim_form``), so
sending one twice makes one record.

The map and its picture carry an ETag of the map's version (``network.versions``) and are
revalidated by the browser (``core.conditional``): a revisit of an unchanged map is a 304,
answered after the access check and the audit event, without loading or drawing the map.
"""

from __future__ import annotations

import base64
import hashlib
import json

from flask import (
    Response,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.core import conditional
from eigenkracht.core.errors import wants_json
from eigenkracht.core.forms import choices
from eigenkracht.core.rules import message_for, refusals, rule_message
from eigenkracht.core.submissions import KEY_PATTERN, claim_form, remember_form
from eigenkracht.network import analysis, picture, services, versions
from eigenkracht.network.blueprint import (
    bp,
    case_for,
    editable,
    field_error,
    field_errors,
    person_for,
    status_for,
)
from eigenkracht.network.entry import possible_duplicates
from eigenkracht.network.forms import (
    ClientForm,
    NewPersonForm,
    PersonForm,
    QuickAddForm,
    TieForm,
    person_data,
)
from eigenkracht.network.grid import TiesState, grid_state, job_filter, ties_state, work_gaps
from eigenkracht.network.labels import RING_LABELS, SECTOR_LABELS
from eigenkracht.network.models import Sector
from eigenkracht.network.snapshots import map_data
from eigenkracht.network.validation import TEXT_LIMITS, PersonData, clean, person_problems

# --- the map ------------------------------------------------------------------------------

@bp.route("/network", endpoint="map")
@login_required
def show_map(reference: str):
    case = case_for(reference)
    view = picture.view_of(request.args.get("view"))
    if request.if_none_match and conditional.revalidatable():
        tag = _page_tag(case, view, editable(case), versions.asked(case))
        if conditional.fits(tag):
            _record_view(case, "network", view, not_modified=True)
            return conditional.not_modified(tag)
    return map_page(case, status=200)


def _page_tag(case: Case, view: str, can_edit: bool, version: versions.MapVersion) -> str:
    """The map page's ETag: the map's version, the case's, the view, who asks and their
    session (``conditional.session_parts``), whether they may edit, and the page's
    filter and grid mode."""
    return conditional.etag("network.map", case.id, case.row_version, view, can_edit,
                            _editing_all(), *_job_filter(), *version,
                            *conditional.session_parts())


def _editing_all() -> bool:
    """``?edit=grid``: everyone on the map in the grid, to change many at once."""
    return request.args.get("edit") == "grid"


def _job_filter() -> tuple[str, str]:
    """``?help=reference&q=bakery``: the people table filtered by job information."""
    return (request.args.get("help", "")[:40], request.args.get("q", "")[:100])


def _picture_tag(case: Case, view: str, version: versions.MapVersion) -> str:
    return conditional.etag("network.svg", case.id, case.row_version, view, str(get_locale()),
                            *version)


def _record_view(case: Case, page: str, view: str, *, not_modified: bool = False) -> None:
    details = {"page": page, "view": view}
    if not_modified:
        details["not_modified"] = True
    record("view", case, case=case, summary=case.reference, details=details)


def map_page(case, status: int, quick_form: QuickAddForm | None = None, grid=None,
             ties: TiesState | None = None, duplicates: list[str] | None = None):
    """The map page; a form sent from it (quick add, grid, ties table) shown again as sent.

    ``grid`` is a ``GridState`` or a function of the map's people that makes one."""
    network = services.load_map(case)
    view = picture.view_of(request.args.get("view"))
    data = map_data(network)
    keep = status == 200 and conditional.revalidatable()  # before the page shows a flash
    can_edit = editable(case)
    _record_view(case, "network", view)
    if callable(grid):
        grid = grid(network.people)
    help_with, query = _job_filter()
    page = render_template(
        "network/map.html", case=case, network=network, data=data, view=view,
        svg=picture.draw_map(network, view), summary=analysis.summarise(data["people"]),
        quick_form=quick_form or QuickAddForm(), editable=can_edit,
        grid=grid or grid_state(network.people, _editing_all()),
        ties_table=ties or ties_state(), duplicates=duplicates or [],
        job_filter=job_filter(case, network.people, help_with, query),
        work_gaps=work_gaps(case, network.people),
        focus_quick_add=quick_form is not None or request.args.get("added") == "1")
    if not keep:
        return page, status
    return conditional.kept(make_response(page, status),
                            _page_tag(case, view, can_edit, versions.of_map(network)))


@bp.route("/network.svg")
@login_required
def svg(reference: str):
    """The picture alone: ``?view=genogram`` for the genogram."""
    case = case_for(reference)
    view = picture.view_of(request.args.get("view"))
    if request.if_none_match:
        tag = _picture_tag(case, view, versions.asked(case))
        if conditional.fits(tag):
            _record_view(case, "network.svg", view, not_modified=True)
            return conditional.not_modified(tag)
    network = services.load_map(case)
    body = picture.draw_map(network, view)
    _record_view(case, "network.svg", view)
    return conditional.kept(Response(body, mimetype="image/svg+xml"),
                            _picture_tag(case, view, versions.of_map(network)))


# --- people -------------------------------------------------------------------------------

@bp.route("/network/people", methods=["POST"])
@login_required
def quick_add(reference: str):
    """The quick-add row: back to the map, the cursor in the name field for the next one.

    The same row sent twice (a double click) adds the person once."""
    case = case_for(reference, edit=True)
    form = QuickAddForm()
    form.validate_on_submit()
    data = clean(person_data(form))
    problems = person_problems(data)
    if form.form_errors or form.errors or problems:
        field_errors(form, problems, TEXT_LIMITS)
        return map_page(case, 422, quick_form=form)
    bind_key_to_content(form, vars(data))
    claim_form(form)  # first: the same row sent again goes where the first went
    if not form.confirm_duplicate.data:
        found = [p.name for p in possible_duplicates(data.name, services.load_map(case).others)]
        if found:  # the 422 rolls the claim back: the confirmed row may use the key
            form.name.errors = [message_for("possible_duplicate", {"names": found})]
            return map_page(case, 422, quick_form=form, duplicates=found)
    person = services.add_person(case, data, how="quick")
    flash(_("%(name)s has been added.", name=person.name), "success")
    target = url_for("network.map", reference=case.reference, added=1, _anchor="quick-add")
    remember_form(form, target)
    return redirect(target)


def bind_key_to_content(form, content) -> None:
    """Claim the page's one-time key together with what was sent (``content``, JSON-able).

    The map page may be shown again from the browser's copy (a 304, or the back button), so
    two tabs may send the same key with different people. The same person sent twice (a
    double click, a resent form) still gives the same key and is added once; another person
    sent from the same copy of the page gives another key and is added too."""
    key = form.submission.data
    if not key or not KEY_PATTERN.match(key):
        return  # no key: not claimed at all (an API client or an old page)
    text = json.dumps([key, content], sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    form.submission.data = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


@bp.route("/network/people/new", methods=["GET", "POST"])
@login_required
def new_person(reference: str):
    case = case_for(reference, edit=True)
    form = _person_form(case)
    if form.validate_on_submit() and _checked(form, person_data(form)):
        claim_form(form)
        person = services.add_person(case, clean(person_data(form)))
        flash(_("%(name)s has been added.", name=person.name), "success")
        target = url_for("network.map", reference=case.reference,
                         _anchor=f"person-{person.id}")
        remember_form(form, target)
        return redirect(target)
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
            with refusals() as outcome:
                services.update_person(case, person, data, _expected_version(form))
            if outcome.stale is not None:
                return _stale_person_page(case, person, form)
            if outcome.ok:
                flash(_("The details of %(name)s have been saved.", name=person.name),
                      "success")
                return redirect(url_for("network.person", reference=case.reference,
                                        person_id=person.id))
            _raise_unless_rule(outcome)
            field_error(form, outcome.error)
    return _person_page(case, person, form, TieForm(), status_for(form))


def _person_form(case, person=None) -> PersonForm | ClientForm:
    """The client's short form, or the full form (with the work fields for work cases);
    without a person, the form that adds someone."""
    if person is None:
        form = NewPersonForm()
    elif person.is_client:
        return ClientForm(data=_form_values(person))
    else:
        form = PersonForm(data=_form_values(person))
    return form if case.kind == CaseKind.WORK else form.without_work_fields()


def _form_values(person) -> dict:
    values = {name: getattr(value, "value", value)
              for name, value in vars(PersonData.of(person)).items()}
    values["row_version"] = str(person.row_version)
    values.update(ring=str(person.ring), birth_year=str(person.birth_year or ""))
    for name in ("support_direction", "contact_frequency", "known_for"):
        values[name] = values[name] or ""
    return values


def _checked(form, data: PersonData) -> bool:
    """Every rule at once, each message at its field; True when all is well."""
    problems = person_problems(clean(data))
    field_errors(form, problems, TEXT_LIMITS)
    return not problems


def _expected_version(form) -> str | None:
    """The hidden ``row_version`` as sent; None when the client sent none (nothing to
    check)."""
    return form.row_version.raw_data[0] if form.row_version.raw_data else None


def _stale_person_page(case, person, form):
    """Someone saved the person meanwhile: your input stays in the form, what is saved now
    is listed where it differs from it, and saving again overwrites it on purpose (409)."""
    saved = _person_form_of(case, person)
    differences = [(str(field.label.text), _shown(saved[field.name]))
                   for field in form if field.name not in ("csrf_token", "row_version")
                   and field.name in saved and field.data != saved[field.name].data]
    form.row_version.data = str(person.row_version)
    form.row_version.raw_data = [form.row_version.data]
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
    # Loading the map may have brought the client in step with the case: show that version.
    form.fill_version(person)
    record("view", person, object_type="person", case=case, summary=person.name)
    page = render_template("network/person.html", case=case, person=person, form=form,
                           tie_form=tie_form, ties=ties, names=names, editable=editable(case),
                           saved=saved)
    return page, status


def _other_choices(network, person):
    return choices([("", _("Choose a person")),
                    *((str(p.id), p.name) for p in network.people if p.id != person.id)])


def _raise_unless_rule(outcome) -> None:
    """A refusal other than a broken rule (someone saved or removed the record at the same
    moment) leaves the request as the kernel answers it: a 409."""
    if outcome.stale is not None:
        raise outcome.stale
    if outcome.locked is not None:
        raise outcome.locked


@bp.route("/network/people/<int:person_id>/delete", methods=["POST"])
@login_required
def remove_person(reference: str, person_id: int):
    case = case_for(reference, edit=True)
    person = person_for(case, person_id)
    name = person.name
    with refusals() as outcome:
        services.remove_person(case, person)
    if not outcome.ok:
        _raise_unless_rule(outcome)
        flash(rule_message(outcome.error), "error")
        return redirect(url_for("network.person", reference=case.reference,
                                person_id=person_id))
    flash(_("%(name)s has been removed from the map.", name=name), "success")
    return redirect(url_for("network.map", reference=case.reference))


@bp.route("/network/people/<int:person_id>/move", methods=["POST"])
@login_required
def move_person(reference: str, person_id: int):
    """Drag and drop on the picture (JSON), or the small move form (redirect)."""
    case = case_for(reference, edit=True)
    person = person_for(case, person_id)
    moved = False
    with refusals() as outcome:
        moved = services.move_person(case, person, request.form.get("ring"),
                                     request.form.get("sector"))
    if not outcome.ok:
        _raise_unless_rule(outcome)
        if wants_json():
            return jsonify(ok=False, message=rule_message(outcome.error)), 422
        flash(rule_message(outcome.error), "error")
        return redirect(url_for("network.person", reference=case.reference, person_id=person_id))
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
        claim_form(form)
        with refusals(form) as outcome:
            tie = services.add_tie(case, person, form.other_id.data, form.kind.data,
                                   form.quality.data)
        if outcome.ok:
            flash(_("The tie has been added."), "success")
            target = url_for("network.person", reference=case.reference, person_id=person.id,
                             _anchor=f"tie-{tie.id}")
            remember_form(form, target)
            return redirect(target)
        _raise_unless_rule(outcome)
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
    flash(_("The tie has been removed."), "success")
    return redirect(url_for("network.person", reference=case.reference, person_id=back,
                            _anchor="ties"))

