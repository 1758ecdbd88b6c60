"""Pages that belong to no feature: the front door, language choice, health."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from eigenkracht.core import health
from eigenkracht.core.redirects import safe_next
from eigenkracht.extensions import csrf, limiter

bp = Blueprint("core", __name__)


class LanguageForm(FlaskForm):
    lang = SelectField(choices=["nl", "en"])
    next = HiddenField()


@bp.app_context_processor
def language_form():
    return {"language_form": LanguageForm(formdata=None, next=request.full_path.rstrip("?"))}


@bp.route("/")
def home():
    if current_user.is_authenticated and current_user.is_privacy_officer:
        return redirect(url_for("access_log.index"))  # sees the log, no case content
    if current_user.is_authenticated and current_user.is_manager:
        return redirect(url_for("figures.index"))  # sees the figures, no case content
    if current_user.is_authenticated:
        return redirect(url_for("cases.index"))
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def set_language():
    """Remember the chosen language: in the session, and as the user's preference."""
    from eigenkracht.auth.services import set_locale

    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            set_locale(current_user, form.lang.data)
    return redirect(safe_next(form.next.data, url_for("core.home")))


@bp.route("/healthz")
@csrf.exempt
@limiter.exempt
def healthz():
    """For load balancers: can this host do its work — reach its database and write to it,
    and write in its instance folder? 200 when all can, else 503 saying which cannot."""
    checks = {"database": health.database_state(), "files": health.folder_state()}
    ok = all(state == health.OK for state in checks.values())
    if not ok:
        current_app.logger.warning("health check: %s", checks)
    return jsonify(status="ok" if ok else "unavailable", **checks), 200 if ok else 503
