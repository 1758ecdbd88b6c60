"""Security keys and passkeys (WebAuthn, through the ``webauthn`` library).

The relying party is the site of ``PUBLIC_BASE_URL``: its host name is the RP ID and its
origin the only origin accepted. A browser asks for options (a fresh random challenge, kept
in the signed session until it is answered or replaced), lets the authenticator sign them
(``static/js/webauthn.js``) and sends the answer back. Attestation is not asked for
("none"): any key the user holds will do; user verification is preferred, not required.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import current_app, session
from sqlalchemy import delete, select, update
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from eigenkracht.audit.services import record
from eigenkracht.auth.models import SecurityKey, User
from eigenkracht.core.clock import now
from eigenkracht.extensions import db

CHALLENGE_KEY = "_webauthn"  # {"purpose": ..., "challenge": hex, "user": id}
NAME_MAX = 100
CREDENTIAL_MAX = 64 * 1024  # characters of a browser's answer: far more than any key sends
KEYS_MAX = 20


class KeyRefused(ValueError):
    """The browser's answer did not prove a key: expired, replayed, or not ours."""


def rp_id() -> str:
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"


def origin() -> str:
    parts = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    return f"{parts.scheme}://{parts.netloc}"


def _descriptor(key: SecurityKey) -> PublicKeyCredentialDescriptor:
    transports = []
    for value in (key.transports or "").split(","):
        try:
            transports.append(AuthenticatorTransport(value))
        except ValueError:
            continue
    return PublicKeyCredentialDescriptor(id=key.credential_id, transports=transports or None)


def _keys(user: User) -> list[SecurityKey]:
    return list(db.session.scalars(select(SecurityKey).where(SecurityKey.user_id == user.id)))


def _remember(purpose: str, user: User, challenge: bytes) -> None:
    session[CHALLENGE_KEY] = {"purpose": purpose, "challenge": challenge.hex(), "user": user.id}


def _take(purpose: str, user: User) -> bytes:
    """The challenge this browser was given for ``purpose``, used up; KeyRefused if none."""
    kept = session.pop(CHALLENGE_KEY, None)
    if not isinstance(kept, dict) or kept.get("purpose") != purpose \
            or kept.get("user") != user.id or not isinstance(kept.get("challenge"), str):
        raise KeyRefused("no challenge")
    try:
        return bytes.fromhex(kept["challenge"])
    except ValueError as exc:
        raise KeyRefused("bad challenge") from exc


def _credential(answer: object) -> str:
    if not isinstance(answer, dict) or len(json.dumps(answer)) > CREDENTIAL_MAX:
        raise KeyRefused("malformed")
    return json.dumps(answer)


# --- adding a key ---------------------------------------------------------------------------

def registration_options(user: User) -> str:
    """The options (JSON) for ``navigator.credentials.create``; the challenge is kept."""
    options = generate_registration_options(
        rp_id=rp_id(), rp_name="eigenkracht", user_id=f"user-{user.id}".encode(),
        user_name=user.email, user_display_name=user.name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED),
        exclude_credentials=[_descriptor(key) for key in _keys(user)])
    _remember("register", user, options.challenge)
    return options_to_json(options)


def register(user: User, name: str, answer: object) -> SecurityKey:
    """Keep the key the browser's ``answer`` made, under ``name``; KeyRefused if it fails."""
    challenge = _take("register", user)
    name = " ".join("".join(ch for ch in (name or "") if ch.isprintable()).split())[:NAME_MAX]
    if len(_keys(user)) >= KEYS_MAX:
        raise KeyRefused("too many")
    try:
        verified = verify_registration_response(
            credential=_credential(answer), expected_challenge=challenge,
            expected_rp_id=rp_id(), expected_origin=origin())
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise KeyRefused("not verified") from exc
    if db.session.scalar(select(SecurityKey.id).where(
            SecurityKey.credential_id == verified.credential_id)) is not None:
        raise KeyRefused("known")
    transports = answer.get("response", {}).get("transports") if isinstance(answer, dict) else None
    key = SecurityKey(
        user_id=user.id, name=name or default_name(user), credential_id=verified.credential_id,
        public_key=verified.credential_public_key, sign_count=verified.sign_count,
        transports=",".join(t for t in transports if isinstance(t, str))[:200]
        if isinstance(transports, list) else None,
        created_at=now())
    db.session.add(key)
    db.session.flush()
    record("second_factor_added", user, summary=user.email,
           details={"method": "webauthn", "key": key.name})
    return key


def default_name(user: User) -> str:
    from flask_babel import gettext as _

    return _("Security key %(number)d", number=len(_keys(user)) + 1)


def remove(user: User, key_id: int) -> SecurityKey | None:
    """Remove one of the user's own keys; None when it is not theirs (or not there)."""
    key = db.session.get(SecurityKey, key_id)
    if key is None or key.user_id != user.id:
        return None
    db.session.execute(delete(SecurityKey).where(SecurityKey.id == key.id)
                       .execution_options(synchronize_session=False))
    record("second_factor_removed", user, summary=user.email,
           details={"method": "webauthn", "key": key.name})
    return key


# --- signing in with a key ------------------------------------------------------------------

def authentication_options(user: User) -> str:
    """The options (JSON) for ``navigator.credentials.get`` with the user's keys."""
    options = generate_authentication_options(
        rp_id=rp_id(), allow_credentials=[_descriptor(key) for key in _keys(user)],
        user_verification=UserVerificationRequirement.PREFERRED)
    _remember("authenticate", user, options.challenge)
    return options_to_json(options)


def authenticate(user: User, answer: object) -> SecurityKey:
    """The user's key that signed this browser's challenge; KeyRefused otherwise."""
    challenge = _take("authenticate", user)
    credential = _credential(answer)
    raw_id = answer.get("rawId") or answer.get("id")
    from webauthn import base64url_to_bytes

    try:
        credential_id = base64url_to_bytes(raw_id) if isinstance(raw_id, str) else b""
    except ValueError as exc:
        raise KeyRefused("malformed") from exc
    key = db.session.scalar(select(SecurityKey).where(
        SecurityKey.credential_id == credential_id, SecurityKey.user_id == user.id))
    if key is None:
        raise KeyRefused("unknown key")
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp_id(),
            expected_origin=origin(), credential_public_key=key.public_key,
            credential_current_sign_count=key.sign_count)
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise KeyRefused("not verified") from exc
    db.session.execute(update(SecurityKey).where(SecurityKey.id == key.id)
                       .values(sign_count=verified.new_sign_count, last_used_at=now())
                       .execution_options(synchronize_session=False))
    return key
