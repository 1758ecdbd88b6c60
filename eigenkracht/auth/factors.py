"""The second factor of staff sign-in: who must have one, what a sign-in has passed, the gate.

After the password a sign-in has a session (``auth.sessions``) that has passed no second
factor yet: ``UserSession.second_factor`` is NULL. While it is, ``gate`` lets the browser
reach nothing but the second step (``pending`` is ``VERIFY``: the user has an authenticator
app or a security key), or the enrolment on the security page (``ENROL``: the user has none
and their role must), and logging out. ``mark_passed`` notes how the step was passed
("totp", "recovery", "webauthn", or a name another part gives, such as "oidc" when the
organisation's identity provider did it) and renews the session's secret.

Authenticator apps (TOTP, RFC 6238, through ``pyotp``): a code is accepted in the 30-second
step it belongs to and one step either side (clocks drift); ``TotpFactor.last_step`` keeps
the step of the last accepted code, so a code, once used, is never accepted again — also not
by a second request at the same moment (the step is claimed with one conditional UPDATE).

Recovery codes: ten, shown once; only their SHA-256 is kept (50 random bits each, and every
wrong code counts towards the login throttling), and a used one is deleted.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import secrets

import pyotp
from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from eigenkracht.audit.services import record
from eigenkracht.auth import sessions
from eigenkracht.auth.models import (
    Organisation,
    RecoveryCode,
    Role,
    SecurityKey,
    TotpFactor,
    User,
    UserSession,
)
from eigenkracht.core.clock import now
from eigenkracht.extensions import db

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
TOTP_DRIFT_STEPS = 1
METHOD_MAX = 20  # UserSession.second_factor
NOT_NEEDED = "none"  # noted at a sign-in that needed no second factor
ISSUER = "eigenkracht"


class Pending(enum.StrEnum):
    """What a signed-in browser must do before anything else."""

    VERIFY = "verify"  # give a code or use a key
    ENROL = "enrol"  # set up a second factor, which the user's role requires


# --- who must -------------------------------------------------------------------------------

def required_roles(organisation: Organisation) -> set[Role]:
    """The roles of ``organisation`` that must sign in with a second factor."""
    value = organisation.second_factor_roles
    if value is None:
        value = current_app.config.get("SECOND_FACTOR_ROLES") or ""
    known = {role.value for role in Role}
    return {Role(part) for part in (p.strip() for p in value.split(",")) if part in known}


def set_required_roles(organisation: Organisation, roles: set[Role]) -> None:
    """Choose the roles that must; recorded in the audit log when it changes."""
    before = sorted(role.value for role in required_roles(organisation))
    after = sorted(role.value for role in roles)
    if organisation.second_factor_roles is not None and before == after:
        return
    organisation.second_factor_roles = ",".join(after)
    record("second_factor_policy", object_type="organisation", object_id=organisation.id,
           summary=organisation.name, details={"roles": {"old": before, "new": after}},
           organisation_id=organisation.id)


def is_required(user: User) -> bool:
    return user.role in required_roles(user.organisation)


def has_totp(user: User) -> bool:
    return totp_of(user) is not None


def keys_of(user: User) -> list[SecurityKey]:
    return list(db.session.scalars(select(SecurityKey).where(SecurityKey.user_id == user.id)
                                   .order_by(SecurityKey.created_at, SecurityKey.id)))


def has_factor(user: User) -> bool:
    """An authenticator app or at least one security key."""
    return has_totp(user) or db.session.scalar(
        select(func.count(SecurityKey.id)).where(SecurityKey.user_id == user.id)) > 0


# --- what this sign-in has passed -----------------------------------------------------------

def passed() -> str | None:
    """How this browser's sign-in passed its second factor, or None (password alone)."""
    current = sessions.current()
    method = current.second_factor if current is not None else None
    return None if method == NOT_NEEDED else method


def pending(user: User) -> Pending | None:
    """What this browser must do first, or None when it may go anywhere its role allows.

    A sign-in noted ``NOT_NEEDED`` (no factor, none required, at the password) costs no
    query here: a factor set up later clears that note on every session of the user.
    """
    current = sessions.current()
    method = current.second_factor if current is not None else None
    if method and method != NOT_NEEDED:
        return None
    if is_required(user):
        return Pending.VERIFY if has_factor(user) else Pending.ENROL
    if method == NOT_NEEDED:
        return None
    return Pending.VERIFY if has_factor(user) else None


def describe_method(method: str | None) -> str:
    """How a sign-in passed its second step, in words (the sessions page)."""
    from flask_babel import gettext as _

    words = {None: _("Not yet"), NOT_NEEDED: _("Not needed"),
             "totp": _("Authenticator app"), "recovery": _("Recovery code"),
             "webauthn": _("Security key"), "oidc": _("Your organisation's sign-in")}
    return words.get(method) or _("Other (%(method)s)", method=method)


def note_sign_in(user: User) -> Pending | None:
    """After the password: what this new sign-in must do first (``pending``); when nothing,
    the session is noted ``NOT_NEEDED`` so that its requests ask the database nothing more."""
    step = pending(user)
    current = sessions.current()
    if step is None and current is not None and current.second_factor is None:
        current.second_factor = NOT_NEEDED
    return step


def mark_passed(user: User, method: str) -> None:
    """This browser's sign-in of ``user`` has passed its second factor by ``method``.

    The session goes on under a new secret (a cookie copied before the step opens nothing).
    Raises ``RuntimeError`` outside a signed-in request.
    """
    current = sessions.current()
    if current is None or current.user_id != user.id:
        raise RuntimeError("no signed-in session of this user to mark")
    method = "".join(ch for ch in str(method) if ch.isprintable())[:METHOD_MAX]
    if not method or method == NOT_NEEDED:
        method = "unknown"
    current.second_factor = method
    current.second_factor_at = now()
    sessions.renew_secret()
    record("login_second_factor", user, summary=user.email, details={"method": method})


def enrolled(user: User, method: str) -> None:
    """A factor was just set up in this browser: this sign-in has passed it, and the user's
    other sign-ins that needed none are asked for it from their next request on."""
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id,
                                                 UserSession.second_factor == NOT_NEEDED)
                       .values(second_factor=None).execution_options(synchronize_session=False))
    current = sessions.current()
    if current is not None and current.second_factor == NOT_NEEDED:
        set_committed_value(current, "second_factor", None)
    if passed() is None:
        mark_passed(user, method)


# --- authenticator apps (TOTP) --------------------------------------------------------------

def totp_of(user: User) -> TotpFactor | None:
    """The user's confirmed authenticator app, or None."""
    return db.session.scalar(select(TotpFactor).where(TotpFactor.user_id == user.id,
                                                      TotpFactor.confirmed_at.is_not(None)))


def new_totp_secret() -> str:
    return pyotp.random_base32()  # 32 base32 characters: 160 bits


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` address the QR code holds."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as an SVG data URI, made here (never by another host)."""
    import segno

    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _normal_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def _accepts(secret: str, code: str, after_step: int) -> int | None:
    """The time step ``code`` belongs to, if it is one of now's and later than ``after_step``."""
    code = _normal_code(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now())
    for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def confirm_totp(user: User, secret: str, code: str) -> bool:
    """Enrol the authenticator app of ``secret`` when ``code`` is one of its current codes
    (replacing an earlier app); False, and nothing changed, otherwise."""
    if not re.fullmatch(r"[A-Z2-7]{16,64}", secret or ""):
        return False
    step = _accepts(secret, code, after_step=0)
    if step is None:
        return False
    db.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user.id)
                       .execution_options(synchronize_session=False))
    db.session.add(TotpFactor(user_id=user.id, secret=secret, created_at=now(),
                              confirmed_at=now(), last_step=step))
    db.session.flush()
    record("second_factor_added", user, summary=user.email, details={"method": "totp"})
    return True


def check_totp(user: User, code: str) -> bool:
    """Whether ``code`` is a current code of the user's app not used before; using it."""
    factor = totp_of(user)
    if factor is None:
        return False
    step = _accepts(factor.secret, code, after_step=factor.last_step)
    if step is None:
        return False
    claimed = db.session.execute(
        update(TotpFactor).where(TotpFactor.id == factor.id, TotpFactor.last_step < step)
        .values(last_step=step).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # another request used this code (or a later one) first
        return False
    set_committed_value(factor, "last_step", step)
    return True


def remove_totp(user: User) -> None:
    db.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user.id)
                       .execution_options(synchronize_session=False))
    record("second_factor_removed", user, summary=user.email, details={"method": "totp"})


# --- recovery codes -------------------------------------------------------------------------

def _code_hash(code: str) -> str:
    return hashlib.sha256(_normal_code(code).lower().encode("utf-8", "surrogatepass")).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Ten new one-time codes (the earlier ones stop working); the caller shows them once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id)
                       .execution_options(synchronize_session=False))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    moment = now()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_code_hash(code),
                                    created_at=moment) for code in codes)
    db.session.flush()
    record("recovery_codes_made", user, summary=user.email)
    return codes


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id))
                             .where(RecoveryCode.user_id == user.id))


def use_recovery_code(user: User, code: str) -> bool:
    """Whether ``code`` is one of the user's unused recovery codes; it is used up."""
    normal = _normal_code(code)
    if not re.fullmatch(r"[a-zA-Z0-9]{10}", normal):
        return False
    used = db.session.execute(delete(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _code_hash(normal))
        .execution_options(synchronize_session=False))
    return used.rowcount == 1


# --- an administrator's reset ---------------------------------------------------------------

def remove_all(user: User) -> int:
    """Remove the user's app, keys and recovery codes; how many factors went."""
    count = int(has_totp(user)) + len(keys_of(user))
    for model in (TotpFactor, SecurityKey, RecoveryCode):
        db.session.execute(delete(model).where(model.user_id == user.id)
                           .execution_options(synchronize_session=False))
    return count
