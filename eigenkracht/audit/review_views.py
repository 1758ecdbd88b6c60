"""The privacy officer's pages: the access log under review, and its CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from eigenkracht.audit.review import FLAGS, KINDS, Review, ReviewFilter, csv_export, period, review
from eigenkracht.audit.services import record
from eigenkracht.auth.services import users_of
from eigenkracht.core import clock
from eigenkracht.core.forms import choices
from eigenkracht.core.roles import privacy_officer_required

bp = Blueprint("access_log", __name__, url_prefix="/privacy/log")

KIND_LABELS = {
    "view": _l("Viewed"),
    "change": _l("Changed"),
    "print": _l("Printed or downloaded"),
    "export": _l("Exported"),
    "search": _l("Searched"),
    "sign_in": _l("Signing in and out"),
}
FLAG_LABELS = {
    "outside_caseload": _l("Many cases outside caseload"),
    "night": _l("At night"),
    "same_surname": _l("Same surname as the client"),
}
OUTCOME_LABELS = {"allowed": _l("Allowed"), "refused": _l("Refused")}
PER_PAGE = 100


def _optional_int(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except ValueError:
        return None


class ReviewForm(FlaskForm):
    class Meta:
        csrf = False

    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("Up to and including"), validators=[Optional()])
    user = SelectField(_l("User"), coerce=_optional_int, validators=[Optional()])
    client = StringField(_l("Client (name or case reference)"),
                         validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Kind"), validators=[Optional()])
    outcome = SelectField(_l("Outcome"), validators=[Optional()])
    flag = SelectField(_l("Unusual access"), validators=[Optional()])


def _form() -> tuple[ReviewForm, ReviewFilter]:
    form = ReviewForm(request.args)
    everyone = ("", _("Everyone"))
    form.user.choices = choices([everyone, *(
        (u.id, u.name) for u in users_of(current_user.organisation_id))])
    form.kind.choices = choices([("", _("Every kind")), *KIND_LABELS.items()])
    form.outcome.choices = choices([("", _("Allowed and refused")), *OUTCOME_LABELS.items()])
    form.flag.choices = choices([("", _("All events")), *FLAG_LABELS.items()])
    if not form.validate():
        return form, ReviewFilter()
    return form, ReviewFilter(
        date_from=form.date_from.data, date_to=form.date_to.data, user_id=form.user.data,
        client=form.client.data or "", kind=form.kind.data or "",
        outcome=form.outcome.data or "", flag=form.flag.data or "")


def _page_number() -> int:
    value = request.args.get("page", "1")
    return max(1, min(int(value), 10_000)) if value.isdigit() and len(value) < 6 else 1


@bp.get("/")
@privacy_officer_required
def index():
    form, flt = _form()
    result: Review = review(current_user.organisation_id, flt)
    record("view", object_type="access_log", summary="review",
           details={"events": len(result.rows)})
    number = _page_number()
    rows = result.rows[(number - 1) * PER_PAGE: number * PER_PAGE]
    pages = max(1, -(-len(result.rows) // PER_PAGE))
    start, end = period(flt)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/review.html", form=form, result=result, rows=rows,
                           number=number, pages=pages, start=start, end=end, args=args,
                           FLAG_LABELS=FLAG_LABELS, OUTCOME_LABELS=OUTCOME_LABELS,
                           local=clock.to_local, flags=FLAGS, kinds=KINDS)


@bp.get("/export.csv")
@privacy_officer_required
def export():
    _form_, flt = _form()
    result = review(current_user.organisation_id, flt)
    record("export", object_type="access_log", summary="CSV",
           details={"events": len(result.rows)})
    header = [_("When"), _("Who"), _("Role"), _("What"), _("Record"), _("Case"), _("Client"),
              _("Outcome"), _("Address"), _("Unusual access")]
    body = csv_export(result, header, {k: str(v) for k, v in FLAG_LABELS.items()})
    start, end = period(flt)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="access-log-{start}-{end}.csv"'})
