"""Single sign-on: start at the organisation's provider, come back signed in; and the
administrator's settings page. Sign-out is ``auth.logout``, which offers the provider's
end-session address after ending our session (``SSO_LOGOUT``).

The request kernel commits after an answer below 400; a refused sign-in (403) is rolled back
but stays in the access log (``sso.services._refuse`` keeps its trace).
"""

from __future__ import annotations

import logging

from authlib.common.errors import AuthlibBaseError
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from requests import RequestException

from eigenkracht.auth import factors, sessions
from eigenkracht.auth import services as auth_services
from eigenkracht.core.links import public_url
from eigenkracht.core.roles import admin_required
from eigenkracht.core.rules import refusals
from eigenkracht.sso import services
from eigenkracht.sso.client import client_for, end_session_url, redirect_uri
from eigenkracht.sso.forms import SsoSettingsForm
from eigenkracht.sso.messages import REFUSALS

log = logging.getLogger(__name__)
bp = Blueprint("sso", __name__)

STARTED = "sso_org"  # session: the organisation whose provider is asked
SSO_LOGOUT = "sso_logout"  # session: the provider's end-session address


@bp.get("/sso/<slug>")
def start(slug: str):
    """Send the browser to the organisation's provider."""
    provider = services.provider_for(slug)
    if provider is None:
        abort(404)
    session[STARTED] = provider.organisation_id
    try:
        return client_for(provider).authorize_redirect(redirect_uri())
    except (AuthlibBaseError, RequestException, ValueError):
        log.warning("the provider of %s cannot be reached", slug, exc_info=True)
        return _refused("sso_failed", 502)


def _refused(code: str, status: int = 403):
    return render_template("sso/refused.html", message=REFUSALS[code]), status


@bp.get("/sso/callback")
def callback():
    """The provider sends the browser back: check its answer and sign the user in."""
    provider = services.provider_by_id(session.pop(STARTED, None))
    if provider is None:
        return _refused("sso_failed", 400)
    client = client_for(provider)
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if provider.email_claim not in claims or provider.groups_claim not in claims:
            claims = {**dict(client.userinfo(token=token)), **claims}
    except (AuthlibBaseError, RequestException, ValueError, KeyError):
        log.warning("a sign-in through %s failed", provider.issuer, exc_info=True)
        return _refused("sso_failed", 400)
    try:
        user = services.sign_in(provider, claims, request.remote_addr)
    except services.SsoRefused as refused:
        return _refused(refused.code)
    lang = session.get("lang")
    session.clear()  # a fresh session: nothing carried over from before the sign-in
    if lang:
        session["lang"] = lang
    login_user(user)
    sessions.start(user)
    logout_url = end_session_url(provider)
    if logout_url:
        session[SSO_LOGOUT] = {"url": logout_url,
                               "name": provider.label or provider.organisation.name}
    if services.provider_checked_second_factor(provider, claims):
        # The provider's second factor counts as ours: the one call (issue 17, point 1).
        auth_services.mark_second_factor(user, "oidc")
        return redirect(url_for("core.home"))
    step = factors.note_sign_in(user)  # else our own second factor, as after a password
    if step is factors.Pending.VERIFY:
        return redirect(url_for("factors.second_factor"))
    if step is factors.Pending.ENROL:
        return redirect(url_for("factors.security"))
    return redirect(url_for("core.home"))


def pop_end_session_url() -> dict | None:
    """For ``auth.logout``: the provider's end-session address of this sign-in and the
    provider's name (``url``, ``name``), if any."""
    found = session.pop(SSO_LOGOUT, None)
    return found if isinstance(found, dict) and "url" in found else None


# --- the administrator's settings --------------------------------------------------------------

@bp.route("/admin/sign-in", methods=["GET", "POST"])
@admin_required
def settings():
    organisation = current_user.organisation
    provider = services.provider_of(organisation)
    form = SsoSettingsForm(obj=provider) if request.method == "GET" else SsoSettingsForm()
    if provider is not None:
        form.fill_version(provider)
        if request.method == "GET":
            form.role_mapping.data = services.format_role_mapping(provider.role_mapping)
            form.mfa_amr.data = provider.mfa_amr.replace(",", ", ")
            form.mfa_acr.data = provider.mfa_acr.replace(",", ", ")
            form.client_secret.data = ""
    status = 200
    if form.validate_on_submit():
        data = services.SsoSettings(**{name: getattr(form, name).data or "" for name in (
            "issuer", "client_id", "client_secret", "email_claim", "groups_claim",
            "role_mapping", "mfa_amr", "mfa_acr", "label")},
            enabled=form.enabled.data, create_users=form.create_users.data)
        with refusals(form) as outcome:
            services.save_settings(organisation, data, form.row_version.data)
        if outcome.ok:
            flash(_("The sign-in settings have been saved."), "success")
            return redirect(url_for("sso.settings"))
        status = outcome.status
    elif form.is_submitted():
        status = 422
    return render_template("sso/settings.html", form=form, provider=provider,
                           redirect_uri=redirect_uri(),
                           after_logout=public_url("auth.login")), status
