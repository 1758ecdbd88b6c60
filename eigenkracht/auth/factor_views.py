"""The second step of signing in, and the security page where factors are set up.

``gate`` runs before every request: a browser signed in with the password alone reaches
only the second step (or, when it has no factor and its role requires one, the enrolment
on the security page) and logging out — never a page of case data (``auth.factors``).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.auth import factors, keys, services
from eigenkracht.auth.factors import Pending
from eigenkracht.auth.forms import EmptyForm, SecondFactorForm, TotpConfirmForm
from eigenkracht.core.redirects import safe_next
from eigenkracht.core.traces import keep_trace

bp = Blueprint("factors", __name__)

PENDING_SECRET = "_totp_secret"  # noqa: S105 - the session key of the secret shown to enrol
SHOWN_CODES = "_recovery_codes"  # new recovery codes, until their page has shown them once

ALWAYS_OPEN = frozenset({"static", "auth.logout", "core.set_language", "core.healthz"})
OPEN_WHILE = {
    Pending.VERIFY: frozenset({"factors.second_factor", "factors.key_login_options",
                               "factors.key_login"}),
    Pending.ENROL: frozenset({"factors.security", "factors.totp_confirm", "factors.key_options",
                              "factors.key_add", "factors.recovery_codes"}),
}
# The token-authenticated API never uses the browser's session (``api.auth``).
UNGATED_BLUEPRINTS = frozenset({"api"})


def gate():
    """Before every request: a sign-in that still owes its second factor goes there first."""
    endpoint = request.endpoint or ""
    if endpoint in ALWAYS_OPEN or request.blueprint in UNGATED_BLUEPRINTS:
        return None
    if not current_user.is_authenticated:
        return None
    step = factors.pending(current_user._get_current_object())
    if step is None or endpoint in OPEN_WHILE[step]:
        return None
    wanted = request.full_path if request.method == "GET" else None
    target = "factors.second_factor" if step is Pending.VERIFY else "factors.security"
    next_url = safe_next(wanted.rstrip("?") if wanted else None, "")
    return redirect(url_for(target, next=next_url or None), 303)


def _next_url() -> str:
    return safe_next(request.args.get("next"), url_for("cases.index"))


def _unavailable(template: str, **context):
    form = context["form"]
    form.form_errors.append(_(
        "Signing in is not possible right now: a service it needs cannot be reached. "
        "Try again in a few minutes. If it lasts, tell your administrator."))
    return render_template(template, **context), 503


# --- the second step of signing in ---------------------------------------------------------

@bp.route("/login/second-factor", methods=["GET", "POST"])
@login_required
def second_factor():
    user = current_user._get_current_object()
    if factors.pending(user) is not Pending.VERIFY:
        return redirect(_next_url())
    form = SecondFactorForm()
    context = {"form": form, "has_keys": bool(factors.keys_of(user)),
               "has_app": factors.has_totp(user), "next_url": request.args.get("next", "")}
    if form.validate_on_submit():
        try:
            method = services.check_second_factor(user, form.code.data, request.remote_addr)
        except services.LoginThrottled as refused:
            keep_trace(refused.write_trace)
            form.form_errors.append(_(
                "Too many wrong codes. For your safety, signing in is paused for 15 minutes. "
                "Ask your administrator if you have lost your app and recovery codes."))
            return render_template("auth/second_factor.html", **context), 429
        except services.ThrottleUnavailable:
            return _unavailable("auth/second_factor.html", **context)
        if method is None:  # answered 200: the failed attempt stays in the audit log
            form.code.errors.append(_(
                "This code is not correct, or it has been used already. Enter the code "
                "your app shows now, or an unused recovery code."))
            return render_template("auth/second_factor.html", **context), 200
        if method == "recovery":
            left = factors.recovery_codes_left(user)
            flash(_("You used a recovery code; %(num)d are left. Make new ones on the "
                    "security page when you run low.", num=left), "info")
        return redirect(_next_url())
    return render_template("auth/second_factor.html", **context), 422 if form.errors else 200


def _json(body: str):
    """Options made by the ``webauthn`` library, already JSON."""
    return current_app.response_class(body, mimetype="application/json")


def _json_body() -> dict:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


@bp.post("/login/second-factor/key/options")
@login_required
def key_login_options():
    user = current_user._get_current_object()
    if not factors.keys_of(user):
        abort(404)
    return _json(keys.authentication_options(user))


@bp.post("/login/second-factor/key")
@login_required
def key_login():
    user = current_user._get_current_object()
    try:
        ok = services.check_security_key(user, _json_body().get("credential"),
                                         request.remote_addr)
    except services.LoginThrottled as refused:
        keep_trace(refused.write_trace)
        return jsonify(ok=False, message=_(
            "Too many failed attempts. For your safety, signing in is paused for 15 "
            "minutes.")), 429
    except services.ThrottleUnavailable:
        return jsonify(ok=False, message=_(
            "Signing in is not possible right now: a service it needs cannot be reached. "
            "Try again in a few minutes.")), 503
    if not ok:  # answered 200: the failed attempt stays in the audit log
        return jsonify(ok=False, message=_(
            "This security key was not accepted. Use a key you have added to your account, "
            "or enter a code."))
    return jsonify(ok=True, redirect=_next_url())


# --- the security page ----------------------------------------------------------------------

@bp.get("/account/security")
@login_required
def security():
    """The user's authenticator app, security keys and recovery codes."""
    user = current_user._get_current_object()
    totp = factors.totp_of(user)
    secret = uri = None
    if totp is None:
        secret = session.get(PENDING_SECRET)
        if not isinstance(secret, str):
            secret = factors.new_totp_secret()
            session[PENDING_SECRET] = secret
        uri = factors.provisioning_uri(user, secret)
    return render_template(
        "auth/security.html", totp=totp, secret=secret,
        qr=factors.qr_svg(uri) if uri else None, keys=factors.keys_of(user),
        codes_left=factors.recovery_codes_left(user), form=TotpConfirmForm(),
        empty_form=EmptyForm(), enrolling=factors.pending(user) is Pending.ENROL,
        required=factors.is_required(user), next_url=request.args.get("next", ""))


def _after_enrolment(user, method: str):
    """A first factor set up: the sign-in has passed it; new recovery codes if none are left."""
    factors.enrolled(user, method)
    if factors.recovery_codes_left(user) == 0:
        session[SHOWN_CODES] = factors.new_recovery_codes(user)
        return url_for("factors.recovery_codes", next=request.args.get("next") or None)
    return _next_url() if request.args.get("next") else url_for("factors.security")


@bp.post("/account/security/app")
@login_required
def totp_confirm():
    user = current_user._get_current_object()
    form = TotpConfirmForm()
    secret = session.get(PENDING_SECRET)
    if form.validate_on_submit() and isinstance(secret, str):
        if factors.confirm_totp(user, secret, form.code.data):
            session.pop(PENDING_SECRET, None)
            flash(_("Your authenticator app is set up."), "success")
            return redirect(_after_enrolment(user, "totp"), 303)
        form.code.errors.append(_(
            "This code is not correct. Check that the app shows the code for eigenkracht "
            "and that the time on your phone is right, then enter the code it shows now."))
    elif not isinstance(secret, str):
        return redirect(url_for("factors.security", next=request.args.get("next") or None))
    totp = factors.totp_of(user)
    return render_template(
        "auth/security.html", totp=totp, secret=secret,
        qr=factors.qr_svg(factors.provisioning_uri(user, secret)), keys=factors.keys_of(user),
        codes_left=factors.recovery_codes_left(user), form=form, empty_form=EmptyForm(),
        enrolling=factors.pending(user) is Pending.ENROL, required=factors.is_required(user),
        next_url=request.args.get("next", "")), 422


def _last_factor(user) -> bool:
    """Removing one more would leave a user whose role requires a factor without one."""
    count = int(factors.has_totp(user)) + len(factors.keys_of(user))
    return factors.is_required(user) and count <= 1


@bp.post("/account/security/app/remove")
@login_required
def totp_remove():
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    if not factors.has_totp(user):
        return redirect(url_for("factors.security"), 303)
    if _last_factor(user):
        flash(_("Your organisation requires a second factor. Add a security key before "
                "you remove the app."), "error")
        return redirect(url_for("factors.security"), 303)
    factors.remove_totp(user)
    flash(_("The authenticator app has been removed."), "success")
    return redirect(url_for("factors.security"), 303)


@bp.get("/account/security/recovery-codes")
@login_required
def recovery_codes():
    """New recovery codes, shown once: the page after making them; afterwards, gone."""
    codes = session.pop(SHOWN_CODES, None)
    if not isinstance(codes, list):
        return redirect(url_for("factors.security"))
    return render_template("auth/recovery_codes.html", codes=codes,
                           next_url=safe_next(request.args.get("next"),
                                              url_for("factors.security")))


@bp.post("/account/security/recovery-codes")
@login_required
def new_recovery_codes():
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    if not factors.has_factor(user):
        return redirect(url_for("factors.security"), 303)
    session[SHOWN_CODES] = factors.new_recovery_codes(user)
    return redirect(url_for("factors.recovery_codes"), 303)


@bp.post("/account/security/keys/options")
@login_required
def key_options():
    return _json(keys.registration_options(current_user._get_current_object()))


@bp.post("/account/security/keys")
@login_required
def key_add():
    user = current_user._get_current_object()
    body = _json_body()
    name = body.get("name") if isinstance(body.get("name"), str) else ""
    try:
        key = keys.register(user, name, body.get("credential"))
    except keys.KeyRefused:
        return jsonify(ok=False, message=_(
            "The security key could not be added. Try again, or use another key.")), 422
    flash(_("The security key “%(name)s” has been added.", name=key.name), "success")
    return jsonify(ok=True, redirect=_after_enrolment(user, "webauthn"))


@bp.post("/account/security/keys/<int(max=2147483647):key_id>/remove")
@login_required
def key_remove(key_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    if _last_factor(user) and any(k.id == key_id for k in factors.keys_of(user)):
        flash(_("Your organisation requires a second factor. Add another key or an "
                "authenticator app before you remove this one."), "error")
        return redirect(url_for("factors.security"), 303)
    if keys.remove(user, key_id) is None:
        abort(404)
    flash(_("The security key has been removed."), "success")
    return redirect(url_for("factors.security"), 303)
