"""Logging in, throttling failures, changing passwords, managing accounts."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from limits import parse
from limits.errors import StorageError
from redis.exceptions import RedisError
from sqlalchemy import select

from eigenkracht.api.services import revoke_token, tokens_of
from eigenkracht.audit.services import Actor, changes, record
from eigenkracht.auth import factors, keys, sessions
from eigenkracht.auth.models import Organisation, Role, User, UserSession, normalise_email
from eigenkracht.auth.passwords import (
    check_strength,
    dummy_hash,
    hash_password,
    verify_password,
)
from eigenkracht.conference.calendar import revoke_feed
from eigenkracht.core.db import utcnow
from eigenkracht.core.rules import has_control_characters
from eigenkracht.extensions import db, limiter

log = logging.getLogger(__name__)


class LoginThrottled(Exception):
    """Too many failed attempts for this account or this address.

    ``write_trace`` adds the audit event of the refused attempt. The login page is answered
    with 429, and the request kernel rolls back a refused request, so the view hands it to
    ``core.traces.keep_trace`` to keep it all the same.
    """

    def __init__(self, write_trace: Callable[[], object]):
        super().__init__("throttled")
        self.write_trace = write_trace


class ThrottleUnavailable(Exception):
    """The shared store of the login counters (Redis) cannot be reached: no login is checked
    without them (else the limits would not hold), so the login page answers 503."""


class AccountError(ValueError):
    """A rule about accounts was broken; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class _Throttle:
    key: str
    limit: str


def _throttles(email: str, ip: str | None) -> list[_Throttle]:
    """Failures count per (account, address) and per address; never per account alone, so
    a stranger's failures pause the stranger and never lock the owner out. The account is
    keyed by the SHA-256 of its normalised address: no typed text shapes another key."""
    config = current_app.config
    address = ip or "unknown"
    account = hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()
    return [
        _Throttle(f"login-pair/{address}/{account}",
                  config["LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS"]),
        _Throttle(f"login-address/{address}", config["LOGIN_FAILURES_PER_ADDRESS"]),
    ]


STORE_ERRORS = (RedisError, StorageError, ConnectionError, TimeoutError)


def _counting(action: Callable[[], object]):
    """``action()`` on the counters' store; ``ThrottleUnavailable`` when it is unreachable."""
    try:
        return action()
    except STORE_ERRORS as exc:
        log.error("the rate-limit store cannot be reached: %s", exc)
        raise ThrottleUnavailable(str(exc)) from exc


def _is_throttled(email: str, ip: str | None) -> bool:
    strategy = limiter.limiter
    return _counting(lambda: any(not strategy.test(parse(t.limit), t.key)
                                 for t in _throttles(email, ip)))


def _count_failure(email: str, ip: str | None) -> None:
    def hit():
        for t in _throttles(email, ip):
            limiter.limiter.hit(parse(t.limit), t.key)

    _counting(hit)


def _clear_failures(email: str, ip: str | None) -> None:
    """A success clears this address's count for this account, never the address's count
    over all accounts (one account of one's own would buy endless guesses at others)."""
    pair = _throttles(email, ip)[0]
    _counting(lambda: limiter.limiter.clear(parse(pair.limit), pair.key))


def authenticate(email: str, password: str, ip: str | None) -> User | None:
    """The active user with these credentials, or None; raises ``LoginThrottled``.

    Only failed attempts count towards the limits, per (account, address) and per address
    (``_throttles``). A failed or refused attempt is recorded in the audit log (by
    ``LoginThrottled.write_trace`` when it is refused), under the address as typed less its
    control characters.
    """
    email = normalise_email(email)
    shown = "".join(ch for ch in email if ch.isprintable())
    if _is_throttled(email, ip):
        raise LoginThrottled(partial(record, "login_throttled", object_type="user",
                                     summary=shown, actor=Actor(label=shown, ip_address=ip)))
    # No account has a control character in its address (PostgreSQL refuses a NUL outright).
    user = None if has_control_characters(email, multiline=False) else db.session.scalar(
        select(User).where(User.email == email))
    valid = verify_password(user.password_hash if user else dummy_hash(), password)
    if user is None or not valid or not user.active:
        _count_failure(email, ip)
        failed = partial(record, "login_failed", user, object_type="user", summary=shown,
                         actor=Actor(label=shown, ip_address=ip,
                                     organisation_id=user.organisation_id if user else None))
        if _is_throttled(email, ip):
            raise LoginThrottled(failed)
        failed()
        return None
    _clear_failures(email, ip)
    user.last_login_at = utcnow()
    record("login", user, actor=Actor(user=user, ip_address=ip))
    return user


# --- the second step of signing in ---------------------------------------------------------

def mark_second_factor(user: User, method: str) -> None:
    """This browser's sign-in of ``user`` has passed a second factor by ``method`` (a short
    name: "totp", "webauthn", "oidc"…): from now on it reaches what the user's role allows.

    For other ways of signing in, too: the OpenID Connect sign-in calls it when the
    provider's ``amr``/``acr`` claims say that the provider asked for a second factor.
    Call it after ``sessions.start(user)``; the session goes on under a new secret.
    """
    factors.mark_passed(user, method)


def check_second_factor(user: User, code: str, ip: str | None) -> str | None:
    """The method (``"totp"`` or ``"recovery"``) by which ``code`` passes the second step of
    ``user``'s sign-in, or None; raises ``LoginThrottled`` (or ``ThrottleUnavailable``).

    A wrong code counts towards the same limits as a wrong password (``_throttles``) and is
    recorded in the audit log; a code of the app is accepted once, a recovery code is used up.
    """
    email = user.email
    actor = Actor(user=user, ip_address=ip)
    if _is_throttled(email, ip):
        raise LoginThrottled(partial(record, "second_factor_throttled", user,
                                     summary=email, actor=actor))
    method = None
    if factors.check_totp(user, code):
        method = "totp"
    elif factors.use_recovery_code(user, code):
        method = "recovery"
    if method is None:
        _count_failure(email, ip)
        failed = partial(record, "second_factor_failed", user, summary=email, actor=actor)
        if _is_throttled(email, ip):
            raise LoginThrottled(failed)
        failed()
        return None
    _clear_failures(email, ip)
    factors.mark_passed(user, method)
    return method


def check_security_key(user: User, answer: object, ip: str | None) -> bool:
    """Whether the browser's WebAuthn ``answer`` proves one of ``user``'s keys (then the
    sign-in has passed); a refused answer counts like a wrong code."""
    email = user.email
    actor = Actor(user=user, ip_address=ip)
    if _is_throttled(email, ip):
        raise LoginThrottled(partial(record, "second_factor_throttled", user,
                                     summary=email, actor=actor))
    try:
        keys.authenticate(user, answer)
    except keys.KeyRefused:
        _count_failure(email, ip)
        record("second_factor_failed", user, summary=email, actor=actor,
               details={"method": "webauthn"})
        return False
    _clear_failures(email, ip)
    factors.mark_passed(user, "webauthn")
    return True


def reset_second_factor(user: User, *, acting: User) -> int:
    """An administrator removes ``user``'s authenticator app, security keys and recovery
    codes (lost phone, lost key): audited, the user's sessions end, and the user is told by
    e-mail (through the outbox). How many factors went."""
    removed = factors.remove_all(user)
    record("second_factor_reset", user, summary=user.email,
           details={"factors": removed, "by": acting.email})
    keep = sessions.current() if user.id == acting.id else None
    end_sessions(user, keep=keep)
    _tell_of_reset(user, acting)
    return removed


def _tell_of_reset(user: User, acting: User) -> None:
    from eigenkracht.core.links import public_url
    from eigenkracht.mail.services import queue

    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Your second factor for signing in has been reset")
        body = _(
            "Hello %(name)s,\n\n"
            "%(admin)s, administrator of %(organisation)s, has reset the second factor of "
            "your account: your authenticator app, security keys and recovery codes no "
            "longer work for signing in.\n\n"
            "At your next sign-in you will be asked to set up a new one.\n"
            "Sign in at %(url)s\n\n"
            "Did you not ask for this? Tell your administrator at once.",
            name=user.name, admin=acting.name, organisation=user.organisation.name,
            url=public_url("auth.login"))
        language = str(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"])
    queue(user.organisation_id, to=user.email, subject=subject, text_body=body,
          language=language)


def change_password(user: User, current: str, new: str, *,
                    keep: UserSession | None = None) -> None:
    """Change the password after checking the current one. Every session but ``keep`` (the
    one that asked) ends, and so do the user's API tokens and calendar address: whoever
    had the old password, or something made with it, is out."""
    if not verify_password(user.password_hash, current):
        raise AccountError("current", field="current_password")
    check_strength(new, user_inputs=[user.email, user.name])
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.session_version += 1
    record("password_changed", user, summary=user.email)
    _end_credentials(user, keep=keep)


def _end_credentials(user: User, *, keep: UserSession | None = None) -> None:
    """Sessions (but ``keep``), API tokens and the calendar address of ``user`` end."""
    end_sessions(user, keep=keep)
    for token in tokens_of(user):
        revoke_token(token)
    revoke_feed(user)


def end_sessions(user: User, *, keep: UserSession | None = None) -> int:
    """End every session of ``user`` but ``keep``; logged as a logout of that many."""
    ended = sessions.end_all(user, keep=keep)
    if ended:
        record("logout", user, summary=user.email, details={"sessions": ended})
    return ended


def end_session(user: User, ended: UserSession) -> None:
    """End one session of ``user`` (from the page of their sessions)."""
    sessions.end(ended)
    record("logout", user, summary=user.email, details={"sessions": 1})


def credential_outdated(user: User, issued_at) -> bool:
    """Whether a token or feed address of ``user`` issued at ``issued_at`` must be refused:
    the user is inactive, or changed their password since (however it was changed)."""
    if not user.active:
        return True
    changed = user.password_changed_at
    return changed is not None and issued_at is not None and issued_at <= changed


def create_user(
    organisation: Organisation, *, email: str, name: str, role: Role,
    password: str, locale: str | None = None,
) -> User:
    """A new account in ``organisation``; the password must pass the strength rules."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("email_taken", field="email")
    check_strength(password, user_inputs=[email, name])
    user = User(organisation=organisation, email=email, name=name.strip(), role=role,
                locale=locale or None, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    record("create", user, summary=f"{email} ({role.value})", organisation_id=organisation.id)
    return user


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def update_user(user: User, *, name: str, role: Role, active: bool, acting: User,
                team: str | None = None) -> None:
    """Admins rename, re-role or (de)activate users of their own organisation, and put them
    in a team (the figures per team; ``None`` leaves the team as it is)."""
    if user.id == acting.id and (role != Role.ADMIN or not active):
        raise AccountError("self_demote", field="role")
    team = user.team if team is None else " ".join(_CONTROL.sub("", team).split())[:100]
    diff = changes(user, ["name", "role", "active", "team"], {
        "name": name.strip(), "role": role, "active": active, "team": team})
    if not diff:
        return
    user.name, user.role, user.team = name.strip(), role, team
    deactivated = user.active and not active
    if deactivated:
        user.session_version += 1
    user.active = active
    record("update", user, summary=user.email, details=diff)
    if deactivated:  # out at once, and nothing comes back with reactivation
        _end_credentials(user)


def set_locale(user: User, locale: str) -> None:
    if user.locale != locale:
        user.locale = locale
        record("update", user, summary=user.email, details={"locale": locale})


def users_of(organisation_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.organisation_id == organisation_id).order_by(User.name)
    ))
