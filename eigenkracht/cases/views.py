"""Case pages: list and search, create, view, edit, status and bottom lines.

The views load, check, call a service and render; the request kernel commits (or rolls
back). A refused change is shown with ``core.rules.refusals``: the form again with its
messages, or, for a save on an older copy, the saved version beside the user's own text.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from eigenkracht.audit.services import record
from eigenkracht.cases import services
from eigenkracht.cases import status as case_status
from eigenkracht.cases.access import can_edit_case, can_write_bottom_lines, get_case_or_404
from eigenkracht.cases.clients import ClientData
from eigenkracht.cases.consent import missing_consent, required_for
from eigenkracht.cases.forms import (
    KIND_LABELS,
    STATUS_LABELS,
    WORK_FIELDS,
    BottomLineForm,
    CaseForm,
    CaseSearchForm,
    MoveForm,
    NewBottomLineForm,
    NewCaseForm,
    StatusForm,
)
from eigenkracht.cases.models import Case, CaseAssignment, CaseKind, CaseStatus, StatusChange
from eigenkracht.conference.summary import summary as conferences_summary
from eigenkracht.core import clock
from eigenkracht.core.forms import choices
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.extensions import db
from eigenkracht.jobs.summary import summary as jobs_summary
from eigenkracht.network.summary import summary as network_summary
from eigenkracht.plans.summary import summary as plan_summary
from eigenkracht.referrers.forms import NewLinkForm
from eigenkracht.referrers.summary import summary as referrer_summary

bp = Blueprint("cases", __name__, url_prefix="/cases")

STALE_CASE = _l("Someone else saved this case while you were editing it. Your changes have "
                "not been saved. Compare them with the saved version below, then save again.")
STALE_STATUS = _l("Someone else changed this case in the meantime. Check its status and try "
                  "again.")
STALE_BOTTOM_LINE = _l("Someone else changed this bottom line while you were editing it. Your "
                       "text has not been saved. Compare it with the saved text below, then "
                       "save again.")


# What the case page shows of the case itself, read with it: its staff, bottom lines,
# clients, referrer and status history.
CASE_PAGE = (selectinload(Case.assignments).joinedload(CaseAssignment.user),
             selectinload(Case.bottom_lines), selectinload(Case.clients),
             joinedload(Case.referrer),
             selectinload(Case.status_changes).joinedload(StatusChange.user))


@bp.app_context_processor
def case_labels():
    return {"KIND_LABELS": KIND_LABELS, "STATUS_LABELS": STATUS_LABELS,
            "STATUS_EVENT_LABELS": case_status.EVENT_LABELS, "can_edit_case": can_edit_case,
            "can_write_bottom_lines": can_write_bottom_lines}


@bp.route("/")
@login_required
def index():
    if current_user.is_manager:  # sees no case: the figures are their page (and landing)
        return redirect(url_for("figures.index"))
    form = CaseSearchForm(request.args)
    form.status.choices = choices([("", _("Open cases")), ("all", _("All cases")),
                                   *((s.value, label) for s, label in STATUS_LABELS.items())])
    form.kind.choices = choices([("", _("All kinds")),
                                 *((k.value, label) for k, label in KIND_LABELS.items())])
    flt = services.CaseFilter(q=form.q.data or "", status=form.status.data or "",
                              kind=form.kind.data or "", mine=request.args.get("mine") == "1")
    query = services.case_list_query(current_user, flt)
    page = db.paginate(query, per_page=current_app.config["CASES_PER_PAGE"], max_per_page=100,
                       error_out=False, count=False)
    page.total = services.count_cases(query, page.page, page.per_page, len(page.items))
    marks = services.case_marks([case.id for case in page.items])
    if flt.q:  # a search of case data (NEN 7513): what was asked and how much it found
        record("search", object_type="case", summary=flt.q[:200],
               details={"q": flt.q[:100], "results": page.total})
    return render_template("cases/index.html", form=form, page=page, flt=flt, marks=marks)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not current_user.can_create_cases:
        abort(403)
    form = NewCaseForm()
    form.set_staff_choices(*services.staff_choices(current_user.organisation_id))
    if not form.is_submitted() and current_user.role.value in ("coordinator", "jobcoach"):
        form.staff_ids.data = [current_user.id]  # the creator is assigned anyway
    if not form.is_submitted():  # ?kind=work: the form for a jobseeker (a job coach's default)
        kind = request.args.get("kind", "")
        if kind in CaseKind._value2member_map_:
            form.kind.data = kind
        elif current_user.role.value == "jobcoach":
            form.kind.data = CaseKind.WORK.value
    if form.is_submitted() and form.wants_more_clients():
        form.clients.append_entry()  # one more client's fields; nothing is saved yet
        return render_template("cases/form.html", form=form, case=None, focus_client=True)
    if form.validate_on_submit():
        claim_form(form)  # the same form sent again lands on the case it made
        data = _case_data(form)
        data.bottom_lines = form.bottom_line_list()
        with refusals(form) as outcome:
            case = services.create_case(data, current_user)
        if outcome.ok:
            address = url_for("cases.show", reference=case.reference)
            remember_form(form, address)
            flash(_("Case %(reference)s has been created.", reference=case.reference), "success")
            return redirect(address)
    return render_template("cases/form.html", form=form, case=None), _status_for(form)


@bp.route("/<reference>")
@login_required
def show(reference: str):
    case = get_case_or_404(reference, current_user, load=CASE_PAGE)
    status_form = StatusForm(formdata=None)
    status_form.fill_version(case)
    status_form.status.choices = choices((s.value, STATUS_LABELS[s])
                                         for s in case_status.NEXT_STATUSES[case.status])
    today = clock.today()
    record("view", case, case=case, summary=case.reference)
    consent = {c.id: (required_for(c, today), missing_consent(c, today)) for c in case.clients}
    return render_template(
        "cases/show.html", case=case, status_form=status_form,
        bottom_line_form=NewBottomLineForm(formdata=None), move_form=MoveForm(formdata=None),
        consent=consent, today=today, overview=case_overview(case),
        referrer_link_form=NewLinkForm(formdata=None),
    )


def case_overview(case: Case) -> dict:
    """What the case page shows of the other features, each from its public ``summary``:
    a fixed number of statements, however big the case."""
    return {"network": network_summary(case), "conferences": conferences_summary(case),
            "plan": plan_summary(case), "jobs": jobs_summary(case),
            "referrer": referrer_summary(case)}


@bp.route("/<reference>/edit", methods=["GET", "POST"])
@login_required
def edit(reference: str):
    case = get_case_or_404(reference, current_user, for_edit=True)
    form = CaseForm(obj=case)
    form.set_staff_choices(*services.staff_choices(case.organisation_id))
    form.fill_version(case)
    if request.method == "GET":
        form.kind.data = case.kind.value
        form.staff_ids.data = [a.user_id for a in case.assignments if a.role.value != "referrer"]
        form.referrer_ids.data = [a.user_id for a in case.assignments if a.role.value == "referrer"]
        if case.referrer is not None:
            for name in services.REFERRER_FIELDS:
                form[f"referrer_{name}"].data = getattr(case.referrer, name)
    stale = None
    if form.is_submitted() and form.wants_more_clients():
        form.clients.append_entry()  # one more client's fields; nothing is saved yet
        return render_template("cases/form.html", form=form, case=case, stale=None,
                               focus_client=True)
    if form.validate_on_submit():
        with refusals(form) as outcome:
            services.update_case(case, _case_data(form), _sent_version(form))
        if outcome.ok:
            flash(_("The case has been saved."), "success")
            return redirect(url_for("cases.show", reference=case.reference))
        if outcome.stale is not None:
            # Everything was rolled back: show the case as saved beside what was typed,
            # and let the next save start from it.
            case = stale = get_case_or_404(reference, current_user, for_edit=True)
            form.row_version.data = str(case.row_version)
            form.form_errors[:] = [str(STALE_CASE)]
            return render_template("cases/form.html", form=form, case=case, stale=stale), 409
    return render_template("cases/form.html", form=form, case=case, stale=stale), \
        _status_for(form)


@bp.route("/<reference>/status", methods=["POST"])
@login_required
def change_status(reference: str):
    case = get_case_or_404(reference, current_user, for_edit=True)
    form = StatusForm()
    form.status.choices = [s.value for s in CaseStatus]
    if not form.validate_on_submit():
        flash(_("Choose a status.") if form.status.errors else
              next(iter(form.errors.values()))[0], "error")
        return redirect(url_for("cases.show", reference=case.reference))
    with refusals() as outcome:
        case_status.change_status(case, CaseStatus(form.status.data), _sent_version(form),
                                  form.reason.data or "", form.closed_reason_code.data or "")
    if outcome.ok:
        flash(_("The status is now: %(status)s.", status=STATUS_LABELS[case.status]), "success")
    elif outcome.stale is not None:
        flash(str(STALE_STATUS), "error")
    else:  # a broken rule: rolled back, nothing changed
        flash(outcome.messages[0], "error")
    return redirect(url_for("cases.show", reference=reference))


@bp.route("/<reference>/bottom-lines", methods=["POST"])
@login_required
def add_bottom_line(reference: str):
    case = _for_bottom_lines(reference)
    form = NewBottomLineForm()
    if form.validate_on_submit():
        claim_form(form)  # sent twice, the line is added once
        services.add_bottom_line(case, form.text.data)
        address = url_for("cases.show", reference=case.reference, _anchor="bottom-lines")
        remember_form(form, address)
        flash(_("The bottom line has been added."), "success")
        return redirect(address)
    return render_template("cases/bottom_line.html", case=case, form=form, line=None), 422


@bp.route("/<reference>/bottom-lines/<int:line_id>", methods=["GET", "POST"])
@login_required
def edit_bottom_line(reference: str, line_id: int):
    case = _for_bottom_lines(reference)
    line = services.get_bottom_line(case, line_id) or abort(404)
    form = BottomLineForm(obj=line)
    form.fill_version(line)
    if form.validate_on_submit():
        with refusals(form) as outcome:
            services.edit_bottom_line(case, line, form.text.data, form.row_version.data or None)
        if outcome.ok:
            flash(_("The bottom line has been saved."), "success")
            return redirect(url_for("cases.show", reference=case.reference,
                                    _anchor="bottom-lines"))
        if outcome.stale is not None:
            # Rolled back: show their text beside mine; the next save starts from theirs.
            case = _for_bottom_lines(reference)
            line = services.get_bottom_line(case, line_id) or abort(404)
            form.row_version.data = str(line.row_version)
            form.form_errors[:] = [str(STALE_BOTTOM_LINE)]
            return render_template("cases/bottom_line.html", case=case, form=form, line=line,
                                   stale=line.text), 409
    return render_template("cases/bottom_line.html", case=case, form=form, line=line,
                           stale=None), _status_for(form)


@bp.route("/<reference>/bottom-lines/<int:line_id>/delete", methods=["POST"])
@login_required
def remove_bottom_line(reference: str, line_id: int):
    case = _for_bottom_lines(reference)
    line = services.get_bottom_line(case, line_id) or abort(404)
    services.remove_bottom_line(case, line)
    flash(_("The bottom line has been removed."), "success")
    return redirect(url_for("cases.show", reference=case.reference, _anchor="bottom-lines"))


@bp.route("/<reference>/bottom-lines/<int:line_id>/move", methods=["POST"])
@login_required
def move_bottom_line(reference: str, line_id: int):
    case = _for_bottom_lines(reference)
    line = services.get_bottom_line(case, line_id) or abort(404)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_bottom_line(case, line, -1 if form.direction.data == "up" else 1)
    return redirect(url_for("cases.show", reference=case.reference,
                            _anchor=f"bottom-line-{line.id}"))


def _for_bottom_lines(reference: str) -> Case:
    """The case, for one who may write its bottom lines (``can_write_bottom_lines``)."""
    case = get_case_or_404(reference, current_user)
    if not can_write_bottom_lines(current_user, case):
        abort(403)
    return case


def _case_data(form: CaseForm) -> services.CaseData:
    return services.CaseData(
        kind=CaseKind(form.kind.data),
        clients=[_client_data(entry.form) for entry in form.clients.entries],
        central_question=form.central_question.data or "",
        concerns=form.concerns.data or "",
        **{name: (form[name].data or "") if form.for_work else "" for name in WORK_FIELDS},
        staff_ids=list(form.staff_ids.data or []),
        referrer_ids=list(form.referrer_ids.data or []),
        referrer=services.ReferrerData(
            **{name: form[f"referrer_{name}"].data or "" for name in services.REFERRER_FIELDS}),
    )


def _client_data(sub) -> ClientData:
    return ClientData(
        id=parse_id(sub.id.data),
        first_name=sub.first_name.data or "", last_name=sub.last_name.data or "",
        birth_date=sub.birth_date.data, birth_year=sub.birth_year.data,
        consent_client_on=sub.consent_client_on.data,
        consent_parents_on=sub.consent_parents_on.data,
        consent_parents_names=sub.consent_parents_names.data or "")


def _status_for(form) -> int:
    refused = form.errors or form.form_errors or _client_errors(form)
    return 422 if request.method == "POST" and refused else 200


def _client_errors(form) -> bool:
    """A message a service put at a client's field (``clients-1-birth_date``)."""
    clients = getattr(form, "clients", None)
    return bool(clients) and any(entry.form.errors for entry in clients.entries)


def _sent_version(form) -> str:
    """The ``row_version`` the form was filled from; one that is missing never matches
    (our pages always send it), so a save without it is refused as stale."""
    return form.row_version.data or "missing"
