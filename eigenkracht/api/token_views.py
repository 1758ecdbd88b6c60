"""Pages for people: one's own API tokens (created, shown once, revoked) and the API docs."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.api.services import MAX_NAME, create_token, get_own_token, revoke_token, tokens_of
from eigenkracht.extensions import db

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api")


@bp.get("/tokens")
@login_required
def index():
    return render_template("api/tokens.html", tokens=tokens_of(current_user), secret=None,
                           max_name=MAX_NAME)


@bp.post("/tokens")
@login_required
def create():
    name = request.form.get("name", "").strip()
    if not name or len(name) > MAX_NAME:
        db.session.rollback()
        error = (_("Give the token a name.") if not name
                 else _("The name can be at most %(max)s characters.", max=MAX_NAME))
        return render_template("api/tokens.html", tokens=tokens_of(current_user), secret=None,
                               max_name=MAX_NAME, error=error, name=name[:200]), 422
    token, secret = create_token(current_user, name, read_only=bool(request.form.get("read_only")))
    db.session.commit()
    return render_template("api/tokens.html", tokens=tokens_of(current_user), secret=secret,
                           created=token, max_name=MAX_NAME)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    token = get_own_token(current_user, token_id)
    if token is None:
        abort(404)
    revoke_token(token)
    db.session.commit()
    flash(_("The token %(name)s has been revoked.", name=token.name), "success")
    return redirect(url_for("api_tokens.index"))


@bp.get("/docs")
@login_required
def docs():
    from flask import current_app

    from eigenkracht.api.openapi import build_spec

    return render_template("api/docs.html", spec=build_spec(current_app))
