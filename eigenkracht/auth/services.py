"""Logging in, throttling failures, changing passwords, managing accounts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from flask import current_app
from limits import parse
from sqlalchemy import select

from eigenkracht.audit.services import Actor, changes, record
from eigenkracht.auth.models import Organisation, Role, User, normalise_email
from eigenkracht.auth.passwords import (
    check_strength,
    dummy_hash,
    hash_password,
    verify_password,
)
from eigenkracht.core.db import utcnow
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
    config = current_app.config
    return [
        _Throttle(f"login-account/{email}", config["LOGIN_FAILURES_PER_ACCOUNT"]),
        _Throttle(f"login-address/{ip or 'unknown'}", config["LOGIN_FAILURES_PER_ADDRESS"]),
    ]


def _is_throttled(email: str, ip: str | None) -> bool:
    strategy = limiter.limiter
    return any(not strategy.test(parse(t.limit), t.key) for t in _throttles(email, ip))


def _count_failure(email: str, ip: str | None) -> None:
    for t in _throttles(email, ip):
        limiter.limiter.hit(parse(t.limit), t.key)


def _clear_failures(email: str) -> None:
    config = current_app.config
    limiter.limiter.clear(parse(config["LOGIN_FAILURES_PER_ACCOUNT"]), f"login-account/{email}")


def authenticate(email: str, password: str, ip: str | None) -> User | None:
    """The active user with these credentials, or None; raises ``LoginThrottled``.

    Only failed attempts count towards the limits, per account and per address. A failed or
    refused attempt is recorded in the audit log (by ``LoginThrottled.write_trace`` when it
    is refused).
    """
    email = normalise_email(email)
    if _is_throttled(email, ip):
        raise LoginThrottled(partial(record, "login_throttled", object_type="user",
                                     summary=email, actor=Actor(label=email, ip_address=ip)))
    user = db.session.scalar(select(User).where(User.email == email))
    valid = verify_password(user.password_hash if user else dummy_hash(), password)
    if user is None or not valid or not user.active:
        _count_failure(email, ip)
        failed = partial(record, "login_failed", user, object_type="user", summary=email,
                         actor=Actor(label=email, ip_address=ip,
                                     organisation_id=user.organisation_id if user else None))
        if _is_throttled(email, ip):
            raise LoginThrottled(failed)
        failed()
        return None
    _clear_failures(email)
    user.last_login_at = utcnow()
    record("login", user, actor=Actor(user=user, ip_address=ip))
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change the password after checking the current one; other sessions end."""
    if not verify_password(user.password_hash, current):
        raise AccountError("current", field="current_password")
    check_strength(new, user_inputs=[user.email, user.name])
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.session_version += 1
    record("password_changed", user, summary=user.email)


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
    if user.active and not active:
        user.session_version += 1  # end the user's sessions at once
    user.active = active
    record("update", user, summary=user.email, details=diff)


def set_locale(user: User, locale: str) -> None:
    if user.locale != locale:
        user.locale = locale
        record("update", user, summary=user.email, details={"locale": locale})


def users_of(organisation_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.organisation_id == organisation_id).order_by(User.name)
    ))
