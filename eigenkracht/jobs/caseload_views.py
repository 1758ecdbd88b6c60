"""The caseload dashboard, its CSV export, and the follow-ups that fall due.

Job coaches and coordinators see their own work cases, admins all of the organisation's;
referrers are refused (403).
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.auth.models import Role
from eigenkracht.core.clock import today
from eigenkracht.extensions import db
from eigenkracht.jobs import dashboard, day
from eigenkracht.jobs.blueprint import bp, parse_id
from eigenkracht.jobs.export import caseload_csv
from eigenkracht.jobs.forms import DigestForm, DoneForm

FOLLOW_UPS_PER_PAGE = 50


def _require_caseload() -> None:
    if not dashboard.can_use_caseload(current_user):
        abort(403)


@bp.route("/jobs/caseload")
@login_required
def caseload():
    """Every jobseeker with their figures; ``?sort=<column>`` or ``-<column>``,
    ``?closed=1`` to include closed cases."""
    _require_caseload()
    column, descending = dashboard.parse_sort(request.args.get("sort"))
    include_closed = request.args.get("closed") == "1"
    flt = dashboard.CaseloadFilter.parse(request.args)
    everyone = dashboard.caseload(current_user, sort=request.args.get("sort"),
                                  include_closed=include_closed)
    rows = dashboard.filter_rows(everyone, flt)
    details = {"cases": [r.reference for r in rows], "sort": column, "closed": include_closed}
    if flt.active:
        details["filter"] = {"q": flt.query, "show": flt.show, "stage": flt.stage}
    record("search" if flt.query else "view", object_type="caseload",
           summary=f"{len(rows)} jobseekers", details=details)
    page = render_template("jobs/caseload.html", rows=rows, sort=column, descending=descending,
                           include_closed=include_closed, flt=flt, total=len(everyone),
                           show_staff=current_user.role == Role.ADMIN, today=today())
    return page


@bp.route("/jobs/caseload.csv")
@login_required
def caseload_export():
    _require_caseload()
    include_closed = request.args.get("closed") == "1"
    rows = dashboard.caseload(current_user, sort=request.args.get("sort"),
                              include_closed=include_closed)
    body = caseload_csv(rows)
    record("export", object_type="caseload", summary=f"{len(rows)} jobseekers",
           details={"format": "csv", "cases": [r.reference for r in rows]})
    response = Response(body, mimetype="text/csv")
    filename = f"caseload-{today().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/jobs/follow-ups")
@login_required
def follow_ups():
    """Open follow-ups, soonest first, the overdue ones marked; ``?all=1`` for every open
    follow-up, ``?coach=<id>`` (admins) for the cases of one coach."""
    _require_caseload()
    everything = request.args.get("all") == "1"
    coaches = dashboard.coaches(current_user) if current_user.role == Role.ADMIN else []
    coach = None
    coach_id = parse_id(request.args.get("coach"))
    if coaches and coach_id is not None:
        coach = next((c for c in coaches if c.id == coach_id), None)
    query = dashboard.follow_ups_query(current_user, everything=everything,
                                       coach_id=coach.id if coach else None)
    page = db.paginate(query, per_page=FOLLOW_UPS_PER_PAGE, max_per_page=FOLLOW_UPS_PER_PAGE,
                       error_out=False)
    record("view", object_type="follow_ups", summary=f"{page.total} follow-ups",
           details={"contacts": [c.id for c in page.items], "all": everything,
                    "coach": coach.id if coach else None})
    digest_form = DigestForm(formdata=None, morning_digest=day.wants_digest(current_user))
    body = render_template("jobs/follow_ups.html", page=page, everything=everything,
                           coaches=coaches, coach=coach, today=today(),
                           done_form=DoneForm(), digest_form=digest_form)
    return body


@bp.route("/jobs/digest", methods=["POST"])
@login_required
def digest_setting():
    """Switch the morning e-mail of follow-ups due on or off (for oneself only)."""
    _require_caseload()
    form = DigestForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = bool(form.morning_digest.data)
    if day.set_morning_digest(current_user, wanted):
        flash(_("You will get an e-mail every morning with the follow-ups due.") if wanted
              else _("You will no longer get the morning e-mail."), "success")
    return redirect(url_for("jobs.follow_ups", _anchor="digest"))
