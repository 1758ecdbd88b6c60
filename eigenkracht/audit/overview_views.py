""""Who looked at my file", from the case page: the page staff print, and its PDF.

``?lang=`` one of the family languages (default: the page's), ``?from=`` and ``?to=`` the
period (local dates; default the last twelve months). The overview's own text is in the
chosen language, the page around it in the staff member's.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from eigenkracht.audit.overview import SHOWN_KINDS, default_period, kind_words, overview
from eigenkracht.audit.services import record
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.core.i18n import FAMILY_LANGUAGE_NAMES
from eigenkracht.pdf.css import PAGE, PAGES, counted
from eigenkracht.pdf.errors import PdfError, PdfPending
from eigenkracht.pdf.jobs import render_pdf
from eigenkracht.pdf.views import failed, lang_arg, pdf_response

bp = Blueprint("who_looked", __name__, url_prefix="/cases")
LONGEST = 366 * 10  # days: a period longer than ten years is cut


def _day(name: str) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        abort(400)


def _period() -> tuple[date, date]:
    start, end = default_period()
    start, end = _day("from") or start, _day("to") or end
    if start > end:
        start, end = end, start
    if (end - start).days > LONGEST:
        start = date.fromordinal(end.toordinal() - LONGEST)
    return start, end


def _document(case, lang: str):
    """The overview in ``lang``, with its words and its printed frame."""
    start, end = _period()
    with force_locale(lang):
        doc = overview(case, start, end, lang)
        words = {kind: kind_words(kind) for kind in SHOWN_KINDS}
        doc.title = _("Who looked at your file")
        doc.header = f"{doc.title} · {case.reference}"
        doc.printed = _("Printed on %(date)s", date=doc.made_on)
        doc.pages = counted(_("Page %(page)s of %(pages)s", page=PAGE, pages=PAGES))
        doc.confidential = _("Confidential: for %(name)s and their parents or guardians.",
                             name=case.client_first_name)
        doc.author = case.organisation.name
    return doc, {"words": words}


@bp.get("/<reference>/who-looked")
@login_required
def page(reference: str):
    case = get_case_or_404(reference, current_user)
    lang = lang_arg()
    doc, extra = _document(case, lang)
    with force_locale(lang):
        body = Markup(render_template("audit/_overview.html", doc=doc, **extra))
    record("view", case, case=case, summary=case.reference,
           details={"page": "who_looked", "lang": lang, "from": doc.start.isoformat(),
                    "to": doc.end.isoformat()})
    return render_template("audit/overview.html", case=case, doc=doc, body=body, lang=lang,
                           languages={code: FAMILY_LANGUAGE_NAMES.get(code, code) for code in
                                      current_app.config["FAMILY_LANGUAGES"]})


@bp.get("/<reference>/who-looked.pdf")
@login_required
def pdf(reference: str):
    case = get_case_or_404(reference, current_user)
    lang = lang_arg()
    doc, extra = _document(case, lang)
    try:
        with force_locale(lang):
            made = render_pdf("pdf/who_looked.html", doc=doc, **extra)
    except (PdfError, PdfPending) as error:
        return failed(error)
    record("download", case, case=case, summary=f"who looked ({lang}) PDF",
           details={"document": "who_looked", "lang": lang, "from": doc.start.isoformat(),
                    "to": doc.end.isoformat()})
    return pdf_response(made, f"who-looked-{case.reference}-{lang}.pdf")
