"""Logging in, throttling failures, changing passwords, managing accounts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from flask import current_app
from limits import parse
from sqlalchemy import select

from eigenkracht.api.services import revoke_token, tokens_of
from eigenkracht.audit.services import Actor, changes, record
from eigenkracht.auth import sessions
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


class LoginThrottled(Exception):
    """Too many failed attempts for this account or this address.

    ``write_trace`` adds the audit event of the refused attempt. The login page is answered
    with 429, and the request kernel rolls back a refused request, so the view hands it to
    ``core.traces.keep_trace`` to keep it all the same.
    """

    def __init__(self, write_trace: Callable[[], object]):
        super().__init__("throttled")
        self.write_trace = write_trace


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


def _is_throttled(email: str, ip: str | None) -> bool:
    strategy = limiter.limiter
    return any(not strategy.test(parse(t.limit), t.key) for t in _throttles(email, ip))


def _count_failure(email: str, ip: str | None) -> None:
    for t in _throttles(email, ip):
        limiter.limiter.hit(parse(t.limit), t.key)


def _clear_failures(email: str, ip: str | None) -> None:
    """A success clears this address's count for this account, never the address's count
    over all accounts (one account of one's own would buy endless guesses at others)."""
    pair = _throttles(email, ip)[0]
    limiter.limiter.clear(parse(pair.limit), pair.key)


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


def update_user(user: User, *, name: str, role: Role, active: bool, acting: User) -> None:
    """Admins rename, re-role or (de)activate users of their own organisation."""
    if user.id == acting.id and (role != Role.ADMIN or not active):
        raise AccountError("self_demote", field="role")
    diff = changes(user, ["name", "role", "active"], {"name": name.strip(), "role": role,
                                                      "active": active})
    if not diff:
        return
    user.name, user.role = name.strip(), role
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
