"""Pages for people: one's own API tokens (created, shown once, revoked) and the API docs.

The new-token form carries a one-time key: sent twice, it makes one token, and the second
sending lands on the list of tokens (the secret is shown only to the first).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.api.services import MAX_NAME, create_token, get_own_token, revoke_token, tokens_of
from eigenkracht.core.forms import OnceForm
from eigenkracht.core.submissions import claim_form, remember_form

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api")


class NewTokenForm(OnceForm):
    """The one-time key of the new-token form (its fields are read from the page as sent)."""


def _page(form: NewTokenForm, **context):
    context.setdefault("secret", None)
    return render_template("api/tokens.html", tokens=tokens_of(current_user), form=form,
                           max_name=MAX_NAME, **context)


@bp.get("/tokens")
@login_required
def index():
    return _page(NewTokenForm())


@bp.post("/tokens")
@login_required
def create():
    form = NewTokenForm()
    name = request.form.get("name", "").strip()
    if not name or len(name) > MAX_NAME:
        error = (_("Give the token a name.") if not name
                 else _("The name can be at most %(max)s characters.", max=MAX_NAME))
        return _page(form, error=error, name=name[:200]), 422
    claim_form(form)
    token, secret = create_token(current_user, name, read_only=bool(request.form.get("read_only")))
    remember_form(form, url_for("api_tokens.index"))
    return _page(NewTokenForm(formdata=None), secret=secret, created=token)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    token = get_own_token(current_user, token_id)
    if token is None:
        abort(404)
    revoke_token(token)
    flash(_("The token %(name)s has been revoked.", name=token.name), "success")
    return redirect(url_for("api_tokens.index"))


@bp.get("/docs")
@login_required
def docs():
    from flask import current_app

    from eigenkracht.api.openapi import build_spec

    return render_template("api/docs.html", spec=build_spec(current_app))
