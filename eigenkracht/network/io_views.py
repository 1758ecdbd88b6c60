"""Import of people from CSV; export of the map as CSV and JSON."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from eigenkracht.audit.services import record
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.network import io, services
from eigenkracht.network.blueprint import bp, case_for
from eigenkracht.network.forms import ImportForm


@bp.route("/network/import", methods=["GET", "POST"])
@login_required
def import_people(reference: str):
    """Upload a CSV: all people are added, or none and every bad row is listed. People who
    look like someone already on the map (or earlier in the file) are listed and nothing is
    imported until the upload is sent again with "import them anyway". The same upload form
    sent twice adds the people once."""
    case = case_for(reference, edit=True)
    form = ImportForm()
    problems: list[io.ImportProblem] = []
    duplicates: list[io.LikelyDuplicate] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            raw = upload.read(io.MAX_BYTES + 1)
        finally:
            upload.close()
        result = io.read_people_csv(raw)
        if result.ok:
            claim_form(form)  # first: the same upload sent again goes where the first went
        if result.ok and not form.confirm_duplicates.data:
            duplicates = io.likely_duplicates(services.load_map(case).others, result.people)
        if result.ok and not duplicates:
            added = io.import_people(case, result.people)
            flash(_("%(count)s people have been added to the map.", count=len(added)),
                  "success")
            target = url_for("network.map", reference=case.reference)
            remember_form(form, target)
            return redirect(target)
        problems = result.problems
    status = 422 if request.method == "POST" else 200
    return render_template("network/import.html", case=case, form=form, problems=problems,
                           duplicates=duplicates, columns=io.COLUMNS,
                           max_rows=io.MAX_ROWS), status


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/network/export.csv")
@login_required
def export_csv(reference: str):
    case = case_for(reference)
    network = services.load_map(case)
    body = io.export_csv(network)
    record("export", case, case=case, summary=case.reference,
           details={"format": "csv", "people": len(network.others)})
    return _download(body, "text/csv", f"network-{case.reference}.csv")


@bp.route("/network/export.json")
@login_required
def export_json(reference: str):
    case = case_for(reference)
    network = services.load_map(case)
    body = io.export_json(network)
    record("export", case, case=case, summary=case.reference,
           details={"format": "json", "people": len(network.others)})
    return _download(body, "application/json", f"network-{case.reference}.json")
