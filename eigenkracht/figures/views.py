"""The figures page, its CSV and its PDF: for administrators and managers only.

``?period=`` a year, quarter or month (``2026``, ``2026-Q3``, ``2026-11``; default this
year), ``?scope=`` ``all``, ``user:<id>`` or ``team:<name>``. Every view, download and
print is in the audit log (what was asked, never a case).
"""

from __future__ import annotations

from functools import wraps
from types import SimpleNamespace

from flask import Blueprint, Response, abort, make_response, render_template, request
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.core import clock
from eigenkracht.core.errors import error_response
from eigenkracht.figures import report
from eigenkracht.figures.periods import (
    Period,
    Scope,
    default_period,
    parse_period,
    parse_scope,
    period_choices,
    staff_of,
    teams_of,
)
from eigenkracht.figures.services import KEPT_FOR, THRESHOLD, kept_figures
from eigenkracht.pdf.css import PAGE, PAGES, counted
from eigenkracht.pdf.errors import PdfError, PdfPending
from eigenkracht.pdf.jobs import render_pdf
from eigenkracht.pdf.views import failed, pdf_response

bp = Blueprint("figures", __name__, url_prefix="/figures")


def figures_required(view):
    """Logged in as an administrator or a manager; other users get 403."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.sees_figures:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def asked() -> tuple[Period, Scope]:
    """The period and scope of the request, or a 400 page that says what to choose."""
    raw_period = request.args.get("period", "").strip()
    period = parse_period(raw_period) if raw_period else default_period()
    if period is None:
        abort(make_response(error_response(400, _(
            "Choose a period from the list: a year (2026), a quarter (2026-Q3) or a month "
            "(2026-11)."))))
    scope = parse_scope(request.args.get("scope"), current_user.organisation_id)
    if scope is None:
        abort(make_response(error_response(400, _(
            "Choose whose cases from the list: the whole organisation, a coordinator or "
            "job coach, or a team."))))
    return period, scope


def audit(period: Period, scope: Scope, shape: str) -> None:
    """Every look at the figures is logged: the period, the scope and the shape."""
    record("download" if shape in ("csv", "pdf") else "view", object_type="figures",
           summary=f"figures {period.key} {scope.key} ({shape})"[:200],
           details={"period": period.key, "scope": scope.key, "format": shape})


@bp.get("/")
@figures_required
def index():
    period, scope = asked()
    result = kept_figures(current_user.organisation_id, period, scope)
    audit(period, scope, "page")
    staff = staff_of(current_user.organisation_id)
    return render_template(
        "figures/index.html", result=result, parts=report.parts(result),
        periods=period_choices(), staff=staff, teams=teams_of(current_user.organisation_id),
        threshold=THRESHOLD, kept_minutes=int(KEPT_FOR.total_seconds() // 60))


@bp.get("/figures.csv")
@figures_required
def csv():
    period, scope = asked()
    result = kept_figures(current_user.organisation_id, period, scope)
    text = report.csv_text(result, (_("Period"), _("Section"), _("Figure"), _("Value"),
                                    _("Unit")))
    audit(period, scope, "csv")
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="figures-{period.key}.csv"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/figures.pdf")
@figures_required
def pdf():
    period, scope = asked()
    result = kept_figures(current_user.organisation_id, period, scope)
    lang = str(get_locale() or "nl").split("_")[0]
    made_on = format_date(clock.today(), "long")
    title = _("Figures %(period)s", period=period.label)
    doc = SimpleNamespace(
        lang=lang, direction="ltr", title=title, author=current_user.organisation.name,
        header=f"{title} · {current_user.organisation.name}",
        printed=_("Printed on %(date)s", date=made_on),
        pages=counted(_("Page %(page)s of %(pages)s", page=PAGE, pages=PAGES)),
        confidential=_("Aggregates only: a figure from fewer than %(n)s cases shows "
                       "“< %(n)s”.", n=THRESHOLD),
        made_on=made_on)
    try:
        made = render_pdf("figures/printed.html", doc=doc, result=result, threshold=THRESHOLD,
                          parts=report.parts(result, "pdf"))
    except (PdfError, PdfPending) as error:
        return failed(error)
    audit(period, scope, "pdf")
    return pdf_response(made, f"figures-{period.key}.pdf")
