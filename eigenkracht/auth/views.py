"""Log in, log out, change password, see and end one's sessions.

The request kernel commits after a page that answered below 400 and rolls back otherwise.
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from eigenkracht.audit.services import record
from eigenkracht.auth import factors, services, sessions
from eigenkracht.auth.forms import ChangePasswordForm, EmptyForm, LoginForm
from eigenkracht.auth.passwords import PasswordRejected
from eigenkracht.auth.session import bind_audit_actor
from eigenkracht.core.redirects import safe_next
from eigenkracht.core.traces import keep_trace
from eigenkracht.extensions import db

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)
bp.before_app_request(bind_audit_actor)

# Logging out empties what this site left in the browser: its cache (pages with case data)
# and its storage. Not "cookies": that would drop every cookie of the whole registrable
# domain (other applications of the same organisation), and the browser would drop the
# fresh session cookie of this very answer with its "You have logged out." message; the
# session cookie is emptied and its record on the server ended anyway.
CLEAR_ON_LOGOUT = '"cache", "storage"'


def _login_page(form: LoginForm) -> str:
    """The login page, with a button per organisation that signs in through its own
    identity provider (``sso``)."""
    from sqlalchemy.exc import OperationalError

    from eigenkracht.sso.services import enabled_providers

    try:
        providers = enabled_providers()
    except OperationalError:  # the database is down: the password form still shows
        log.warning("login page without single sign-on buttons: database unavailable")
        db.session.rollback()
        providers = []
    return render_template("auth/login.html", form=form, sso_providers=providers)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("cases.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data,
                                         request.remote_addr)
        except services.ThrottleUnavailable:  # no login without the shared counters
            form.form_errors.append(_(
                "Signing in is not possible right now: a service it needs cannot be reached. "
                "Try again in a few minutes. If it lasts, tell your administrator."))
            return _login_page(form), 503
        except services.LoginThrottled as refused:
            keep_trace(refused.write_trace)  # answered 429, and still in the audit log
            form.form_errors.append(_(
                "Too many failed attempts. For your safety, logging in is paused for "
                "15 minutes. Ask your administrator if you have forgotten your password."))
            return _login_page(form), 429
        if user is None:  # the failed attempt is recorded (answered 200, so kept)
            form.form_errors.append(_("The e-mail address or password is not correct."))
            return _login_page(form), 200
        lang = session.get("lang")
        session.clear()  # a fresh session: nothing carried over from before the login
        if lang:
            session["lang"] = lang
        login_user(user)
        sessions.start(user)  # the record on the server that the cookie names
        wanted = safe_next(request.args.get("next"), url_for("cases.index"))
        step = factors.note_sign_in(user)  # the second factor before anything else
        if step is factors.Pending.VERIFY:
            return redirect(url_for("factors.second_factor", next=wanted))
        if step is factors.Pending.ENROL:
            return redirect(url_for("factors.security", next=wanted))
        return redirect(wanted)
    return _login_page(form)


@bp.route("/logout", methods=["POST"])
def logout():
    """End our session; after a single sign-on, offer the provider's end-session page too."""
    from eigenkracht.sso.views import pop_end_session_url

    if current_user.is_authenticated:
        record("logout", current_user._get_current_object())
    provider_logout = pop_end_session_url()
    sessions.end_this()  # on the server: a copy of the cookie opens nothing after this
    logout_user()
    session.clear()
    if provider_logout:
        response = make_response(render_template("sso/signed_out.html", **provider_logout))
    else:
        flash(_("You have logged out."), "success")
        response = redirect(url_for("auth.login"))
    response.headers["Clear-Site-Data"] = CLEAR_ON_LOGOUT
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            # A refusal rolls the savepoint back: the page answers 200, and the kernel
            # commits, so nothing of a refused change may stay behind.
            with db.session.begin_nested():
                services.change_password(current_user._get_current_object(),
                                         form.current_password.data,
                                         form.new_password.data, keep=sessions.current())
        except services.AccountError:
            form.current_password.errors.append(_("This is not your current password."))
        except PasswordRejected as exc:
            form.new_password.errors.append(str(exc))
        else:
            # This browser stays signed in, under a new secret: a copy of its cookie from
            # before the change ends with the other sessions.
            login_user(current_user._get_current_object())
            sessions.renew_secret()
            flash(_("Your password has been changed. Other sessions have been logged out."),
                  "success")
            return redirect(url_for("cases.index"))
    return render_template("auth/change_password.html", form=form)


# --- the sessions of one's account -----------------------------------------------------------

@bp.get("/account/sessions")
@login_required
def sessions_page():
    """Where the user is signed in: browser, address, started, last seen."""
    return render_template("auth/sessions.html", form=EmptyForm(), describe=sessions.describe,
                           second_step=factors.describe_method,
                           sessions=sessions.sessions_of(current_user),
                           this=sessions.current())


# The id column is a 32-bit integer: a larger number is simply not found (no database error).
@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    """End one of one's own sessions; ending this browser's own is logging out."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    found = sessions.own_session(user, session_id)
    if found is None:
        abort(404)
    this = sessions.current()
    services.end_session(user, found)
    if this is not None and this.id == session_id:
        logout_user()
        session.clear()
        flash(_("You have logged out."), "success")
        return redirect(url_for("auth.login"))
    flash(_("The session has been ended. That browser must log in again."), "success")
    return redirect(url_for("auth.sessions_page"))


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions():
    """End every session but this browser's, which goes on under a new secret."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    ended = services.end_sessions(current_user._get_current_object(), keep=sessions.current())
    sessions.renew_secret()
    flash(ngettext("%(num)d other session has been ended.",
                   "%(num)d other sessions have been ended.", ended), "success")
    return redirect(url_for("auth.sessions_page"))


@bp.post("/account/still-here")
@login_required
def still_here():
    """The "Stay signed in" button of the warning shown before the idle timeout (app.js,
    WCAG 2.2.1): like any request it counts as activity (``auth.sessions`` stamps it)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    return "", 204
