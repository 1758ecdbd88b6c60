"""Pages that belong to no feature: the front door, language choice, health."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import text
from wtforms import HiddenField, SelectField

from eigenkracht.core.redirects import safe_next
from eigenkracht.extensions import csrf, db, limiter

bp = Blueprint("core", __name__)


class LanguageForm(FlaskForm):
    lang = SelectField(choices=["nl", "en"])
    next = HiddenField()


@bp.app_context_processor
def language_form():
    return {"language_form": LanguageForm(formdata=None, next=request.full_path.rstrip("?"))}


@bp.route("/")
def home():
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
    """For load balancers: is the app up, and can it reach its database?"""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means unavailable
        current_app.logger.warning("health check: database unavailable")
        return jsonify(status="unavailable", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
