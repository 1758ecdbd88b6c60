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
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.cases.access import get_case_or_404
from eigenkracht.core.forms import OnceForm
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.network.services import get_person
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
