"""The audit log, read-only, for admins of the organisation."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from eigenkracht.audit.services import AuditFilter, events_query
from eigenkracht.auth.services import users_of
from eigenkracht.core.forms import choices
from eigenkracht.core.roles import admin_required
from eigenkracht.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    case = StringField(_l("Case reference"), validators=[Optional(), Length(max=20)])
    user = SelectField(_l("User"), coerce=_optional_int, validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("Up to and including"), validators=[Optional()])


@bp.route("/")
@admin_required
def index():
    form = AuditFilterForm(request.args)
    form.user.choices = choices([("", _("Everyone")), *(
        (u.id, u.name) for u in users_of(current_user.organisation_id))])
    flt = AuditFilter()
    if form.validate():
        flt = AuditFilter(case_reference=form.case.data or "", user_id=form.user.data,
                          date_from=form.date_from.data, date_to=form.date_to.data)
    page = db.paginate(events_query(current_user.organisation_id, flt),
                       per_page=current_app.config["AUDIT_PER_PAGE"], error_out=False)
    return render_template("audit/index.html", form=form, page=page)


AUDIT_ACTIONS = {
    "view": _l("viewed"),
    "create": _l("created"),
    "update": _l("changed"),
    "delete": _l("deleted"),
    "reorder": _l("reordered"),
    "status": _l("status changed"),
    "login": _l("logged in"),
    "login_failed": _l("login failed"),
    "login_throttled": _l("login refused (too many attempts)"),
    "logout": _l("logged out"),
    "password_changed": _l("password changed"),
    "invitation_sent": _l("invitation sent"),
    "invitation_send_failed": _l("invitation not sent (mail server)"),
    "invitation_queued": _l("invitation e-mail queued"),
    "invitation_answered": _l("invitation answered (personal link)"),
    "letter_printed": _l("invitation letter printed"),
    "login_second_factor": _l("second step of logging in passed"),
    "second_factor_failed": _l("second step of logging in failed"),
    "second_factor_throttled": _l("second step refused (too many attempts)"),
    "second_factor_added": _l("second factor set up"),
    "second_factor_removed": _l("second factor removed"),
    "second_factor_reset": _l("second factor reset by an administrator"),
    "second_factor_policy": _l("second-factor setting changed"),
    "recovery_codes_made": _l("new recovery codes made"),
    "search": _l("searched"),
    "download": _l("downloaded"),
    "export": _l("exported"),
    "sso_login": _l("signed in through the organisation"),
    "sso_refused": _l("sign-in through the organisation refused"),
    "anonymise": _l("anonymised (erasure), log re-sealed"),
}


@bp.app_context_processor
def audit_actions():
    return {"AUDIT_ACTIONS": AUDIT_ACTIONS}
