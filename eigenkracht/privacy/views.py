"""Admin pages of data rights: erase one person, export a case, import a case.

The request kernel commits after a page that answered below 400 and rolls back otherwise:
a refused erasure or import (422) leaves nothing behind.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.core.forms import OnceForm
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.network.services import get_person
from eigenkracht.pdf.errors import PdfError, PdfPending
from eigenkracht.pdf.jobs import render_pdf
from eigenkracht.pdf.views import failed, pdf_response
from eigenkracht.privacy import access_report as access_report_service
from eigenkracht.privacy.erase import ErasureRefused, erase_person

bp = Blueprint("privacy", __name__)


class ImportForm(OnceForm):
    """The import page's one-time key: the same upload sent twice imports the case once.
    (The file itself is read from ``request.files``.)"""


def _admin_case(reference: str):
    case = get_case_or_404(reference, current_user)
    if not current_user.is_admin:
        abort(403)
    return case


@bp.route("/cases/<reference>/people/<int:person_id>/erase", methods=["GET", "POST"])
@login_required
def erase(reference: str, person_id: int):
    case = _admin_case(reference)
    person = get_person(case, person_id)
    if person is None:
        abort(404)
    error = None
    if person.is_client:
        error = _("The client cannot be erased on their own: erase the whole case instead.")
    elif request.method == "POST":
        if request.form.get("confirm") != "yes":
            error = _("Tick the box to confirm that this person is to be erased.")
        else:
            try:
                erase_person(case, person)
            except ErasureRefused:
                abort(422)  # the kernel rolls back whatever was begun
            flash(_("The person has been erased from this case."), "success")
            return redirect(url_for("network.map", reference=case.reference))
    status = 422 if error and request.method == "POST" else 200
    return render_template("privacy/erase.html", case=case, person=person,
                           error=error), status


@bp.get("/cases/<reference>/export")
@login_required
def export(reference: str):
    """The whole case as a ZIP of JSON files (and the PDF of every plan version)."""
    from flask import Response

    from eigenkracht.pdf.errors import PdfError, PdfPending
    from eigenkracht.pdf.jobs import together
    from eigenkracht.pdf.views import failed
    from eigenkracht.privacy.export import export_case

    case = _admin_case(reference)
    try:
        with together():  # every version's PDF, made by the task consumer
            data = export_case(case, with_pdf=current_app.config.get("EXPORT_PLAN_PDFS", True))
    except (PdfError, PdfPending) as error:
        return failed(error)
    return Response(data, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{case.reference}.zip"'})


@bp.route("/admin/import", methods=["GET", "POST"])
@login_required
def import_page():
    """Import a case export into the admin's organisation."""
    from eigenkracht.privacy.importing import MAX_BYTES, ImportRefused, import_case

    if not current_user.is_admin:
        abort(403)
    form = ImportForm()
    error = None
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read(MAX_BYTES + 1) if upload else b""
        if not data:
            error = _("Choose the ZIP file of a case export.")
        elif len(data) > MAX_BYTES:
            error = _("The file is too large.")
        else:
            claim_form(form)  # sent again, the upload leads to the case it made
            try:
                case = import_case(data, current_user.organisation)
            except ImportRefused as refused:  # answered 422: the kernel rolls back the rest
                error = refused.message
            else:
                address = url_for("cases.show", reference=case.reference)
                remember_form(form, address)
                flash(_("The case has been imported as %(reference)s.",
                        reference=case.reference), "success")
                return redirect(address)
    return render_template("privacy/import.html", form=form, error=error), \
        422 if error else 200


# --- a person's own data (GDPR art. 15) ------------------------------------------------------

class AccessReportForm(OnceForm):
    """The one-time key; which parts are left out (``withhold_<part>``) and why
    (``reason_<part>``) are read from the form by name."""


def _staff_case(reference: str):
    return get_case_or_404(reference, current_user, for_edit=True)


@bp.route("/cases/<reference>/people/<int:person_id>/access-report", methods=["GET", "POST"])
@login_required
def new_access_report(reference: str, person_id: int):
    """Staff make a person's report: they choose what to leave out and say why."""
    case = _staff_case(reference)
    person = get_person(case, person_id)
    if person is None:
        abort(404)
    form = AccessReportForm()
    status = 200
    if form.validate_on_submit():
        choices = {part: request.form.get(f"reason_{part}", "")
                   for part in access_report_service.PARTS if request.form.get(f"withhold_{part}")}
        with refusals(form) as outcome:
            claim_form(form)  # the same form sent twice makes one report
            report = access_report_service.make_report(case, person, choices, current_user)
        if outcome.ok:
            address = url_for("privacy.access_report", reference=case.reference,
                              report_id=report.id)
            remember_form(form, address)
            return redirect(address)
        status = outcome.status
    elif request.method == "POST":
        status = 400
    return render_template("privacy/access_report_form.html", case=case, person=person,
                           form=form, parts=access_report_service.PARTS,
                           language=access_report_service.report_language(person)), status


def _report_for(reference: str, report_id: int):
    case = _staff_case(reference)
    saved = access_report_service.get_report(case, report_id)
    person = get_person(case, saved.person_id) if saved and saved.person_id else None
    if saved is None or person is None:
        abort(404)
    return case, person, saved


@bp.route("/cases/<reference>/access-reports/<int:report_id>")
@login_required
def access_report(reference: str, report_id: int):
    """The report in the person's language, to print or hand over."""
    case, person, saved = _report_for(reference, report_id)
    record("view", person, case=case, summary=person.name,
           details={"page": "access_report", "report": saved.id})
    with force_locale(saved.language):
        report = access_report_service.build(case, person, saved)
        page = render_template("privacy/access_report.html", case=case, report=report,
                               saved=saved, parts=access_report_service.PARTS)
    return page


@bp.route("/cases/<reference>/access-reports/<int:report_id>.pdf")
@login_required
def access_report_pdf(reference: str, report_id: int):
    case, person, saved = _report_for(reference, report_id)
    with force_locale(saved.language):
        report = access_report_service.build(case, person, saved)
        doc = access_report_service.document(report)
        try:
            pdf = render_pdf("pdf/access_report.html", doc=doc, report=report,
                             parts=access_report_service.PARTS)
        except (PdfError, PdfPending) as error:
            return failed(error)
    record("download", person, case=case, summary=person.name,
           details={"document": "access_report", "report": saved.id})
    return pdf_response(pdf, f"my-data-{case.reference}.pdf")
