"""Rules of single sign-on: an organisation's settings, and who a provider's claims sign in.

A provider's ID token names a subject (``sub``) and, in the claim the organisation chose, an
e-mail address. The first sign-in links the account with that address (of the same
organisation) to the subject; later sign-ins find it by the subject. Without an account, one
is made just in time when the organisation allows it and the groups/roles claim maps to one
of our roles. Deactivated accounts, accounts of another organisation and a second identity
for a linked account are refused; every refusal is in the access log (kept after the
rollback of the refused request).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from eigenkracht.audit.models import REFUSED
from eigenkracht.audit.services import Actor, record
from eigenkracht.auth.models import Organisation, Role, User, normalise_email
from eigenkracht.auth.passwords import hash_password
from eigenkracht.core.db import utcnow
from eigenkracht.core.rules import RuleError, check_version
from eigenkracht.extensions import db
from eigenkracht.sso.models import SsoProvider
from eigenkracht.sso.secrets import seal_secret

# When the claim names several of our roles, the first of these wins.
ROLE_ORDER = (Role.ADMIN, Role.PRIVACY_OFFICER, Role.COORDINATOR, Role.JOBCOACH, Role.REFERRER,
              Role.MANAGER)
CLAIM_NAME = re.compile(r"^[A-Za-z0-9_.:/\-]{1,60}$")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class SsoRefused(Exception):
    """The provider's answer signs nobody in; ``code`` says why (``sso.messages``)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- settings -----------------------------------------------------------------------------------

def provider_of(organisation: Organisation) -> SsoProvider | None:
    return db.session.scalar(select(SsoProvider).where(
        SsoProvider.organisation_id == organisation.id))


def enabled_providers() -> list[SsoProvider]:
    """The providers the login page offers, with their organisations (one query)."""
    return list(db.session.scalars(select(SsoProvider).where(SsoProvider.enabled)
                                   .options(joinedload(SsoProvider.organisation))
                                   .order_by(SsoProvider.id)))


def provider_for(slug: str) -> SsoProvider | None:
    """The enabled provider of the organisation ``slug``, else None."""
    if not slug or len(slug) > 60:
        return None
    return db.session.scalar(select(SsoProvider).join(SsoProvider.organisation).where(
        Organisation.slug == slug, SsoProvider.enabled))


def provider_by_id(organisation_id: Any) -> SsoProvider | None:
    if not isinstance(organisation_id, int):
        return None
    return db.session.scalar(select(SsoProvider).where(
        SsoProvider.organisation_id == organisation_id, SsoProvider.enabled))


@dataclass
class SsoSettings:
    enabled: bool
    issuer: str
    client_id: str
    client_secret: str  # empty: keep the stored one
    email_claim: str
    groups_claim: str
    role_mapping: str  # "claim value = role" per line
    create_users: bool
    mfa_amr: str
    mfa_acr: str
    label: str


def parse_role_mapping(text: str) -> dict[str, str]:
    """``{claim value: role}`` from lines ``value = role``; RuleError on a bad line."""
    mapping: dict[str, str] = {}
    roles = {r.value for r in Role}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        value, sep, role = line.rpartition("=")
        value, role = value.strip(), role.strip().lower().replace(" ", "_")
        if not sep or not value or len(value) > 200 or role not in roles:
            raise RuleError("sso_mapping_line", "role_mapping", line=number)
        mapping[value] = role
    if len(mapping) > 100:
        raise RuleError("sso_mapping_long", "role_mapping")
    return mapping


def format_role_mapping(mapping: dict[str, str]) -> str:
    return "\n".join(f"{value} = {role}" for value, role in (mapping or {}).items())


def _check_issuer(issuer: str) -> str:
    issuer = (issuer or "").strip().rstrip("/")
    parts = urlsplit(issuer)
    insecure_ok = current_app.config.get("SSO_ALLOW_HTTP_LOOPBACK") and \
        parts.hostname in LOOPBACK
    if len(issuer) > 300 or not parts.hostname or parts.query or parts.fragment or \
            parts.username or not (parts.scheme == "https" or
                                    (parts.scheme == "http" and insecure_ok)):
        raise RuleError("sso_issuer", "issuer")
    return issuer


def save_settings(organisation: Organisation, data: SsoSettings,
                  expected_version: int | None) -> SsoProvider:
    """Create or change the organisation's provider (the secret is stored encrypted)."""
    provider = provider_of(organisation)
    if provider is not None:
        check_version(provider, expected_version)
    issuer = _check_issuer(data.issuer)
    client_id = (data.client_id or "").strip()
    if not client_id or len(client_id) > 200:
        raise RuleError("sso_client_id", "client_id")
    for name in ("email_claim", "groups_claim"):
        if not CLAIM_NAME.match((getattr(data, name) or "").strip()):
            raise RuleError("sso_claim_name", name)
    mapping = parse_role_mapping(data.role_mapping)
    if provider is None:
        if not data.client_secret:
            raise RuleError("sso_secret_needed", "client_secret")
        provider = SsoProvider(organisation_id=organisation.id, issuer=issuer,
                               client_id=client_id)
        db.session.add(provider)
        action = "create"
    else:
        action = "update"
    provider.enabled = bool(data.enabled)
    provider.issuer, provider.client_id = issuer, client_id
    if data.client_secret:
        if len(data.client_secret) > 500:
            raise RuleError("sso_secret_long", "client_secret")
        provider.client_secret = seal_secret(data.client_secret)
    provider.email_claim = data.email_claim.strip()
    provider.groups_claim = data.groups_claim.strip()
    provider.role_mapping = mapping
    provider.create_users = bool(data.create_users)
    provider.mfa_amr = _words(data.mfa_amr, 200)
    provider.mfa_acr = _words(data.mfa_acr, 300)
    provider.label = (data.label or "").strip()[:100]
    db.session.flush()
    record(action, provider, object_type="sso_provider", summary=issuer,
           details={"client_id": client_id, "enabled": provider.enabled,
                    "secret_changed": bool(data.client_secret),
                    "create_users": provider.create_users, "roles": mapping})
    return provider


def _words(text: str, limit: int) -> str:
    words = [w for w in re.split(r"[\s,]+", text or "") if w]
    return ",".join(words)[:limit]


# --- claims -----------------------------------------------------------------------------------

def _values(claim: Any) -> list[str]:
    if isinstance(claim, str):
        return [claim]
    if isinstance(claim, list | tuple):
        return [str(v) for v in claim if isinstance(v, str | int)]
    return []


def mapped_role(provider: SsoProvider, claims: dict[str, Any]) -> Role | None:
    """Our role for the groups/roles claim, the highest of ``ROLE_ORDER`` when several."""
    given = {provider.role_mapping.get(v) for v in _values(claims.get(provider.groups_claim))}
    return next((role for role in ROLE_ORDER if role.value in given), None)


def provider_checked_second_factor(provider: SsoProvider, claims: dict[str, Any]) -> bool:
    """Whether ``amr``/``acr`` say the provider checked a second factor (as configured)."""
    amr = set(_values(claims.get("amr")))
    wanted_amr = {w for w in provider.mfa_amr.split(",") if w}
    wanted_acr = {w for w in provider.mfa_acr.split(",") if w}
    return bool(amr & wanted_amr) or str(claims.get("acr") or "") in wanted_acr


def _refuse(provider: SsoProvider, code: str, shown: str, ip: str | None) -> SsoRefused:
    record("sso_refused", object_type="user", summary=f"{code}: {shown}"[:500],
           organisation_id=provider.organisation_id, outcome=REFUSED,
           actor=Actor(label=shown[:254] or "single sign-on", ip_address=ip,
                       organisation_id=provider.organisation_id))
    return SsoRefused(code)


def _display_name(claims: dict[str, Any], email: str) -> str:
    name = claims.get("name") or " ".join(
        str(claims.get(k) or "") for k in ("given_name", "family_name")).strip()
    name = "".join(ch for ch in str(name or "") if ch.isprintable()).strip()
    return (name or email.split("@")[0])[:200]


def sign_in(provider: SsoProvider, claims: dict[str, Any], ip: str | None) -> User:
    """The user the provider's verified claims sign in; raises ``SsoRefused``."""
    subject = str(claims.get("sub") or "")
    email = normalise_email(str(claims.get(provider.email_claim) or ""))
    shown = "".join(ch for ch in email if ch.isprintable())
    if not subject or len(subject) > 255 or "@" not in email or len(email) > 254 or \
            shown != email:
        raise _refuse(provider, "sso_no_email", shown, ip)
    if claims.get("email_verified") is False:
        raise _refuse(provider, "sso_email_unverified", shown, ip)
    identity = f"{provider.issuer} {subject}"[:400]
    user = db.session.scalar(select(User).where(User.sso_subject == identity)) or \
        db.session.scalar(select(User).where(User.email == email))
    role = mapped_role(provider, claims)
    if user is not None and user.organisation_id != provider.organisation_id:
        raise _refuse(provider, "sso_other_organisation", shown, ip)
    if user is None:
        if not provider.create_users:
            raise _refuse(provider, "sso_unknown_account", shown, ip)
        if role is None:
            raise _refuse(provider, "sso_no_role", shown, ip)
        user = User(organisation_id=provider.organisation_id, email=email, role=role,
                    name=_display_name(claims, email), sso_subject=identity,
                    password_hash=hash_password(secrets.token_urlsafe(32)))
        db.session.add(user)
        db.session.flush()
        record("create", user, object_type="user", summary=email,
               details={"role": role.value, "through": "single sign-on"})
    elif not user.active:
        raise _refuse(provider, "sso_deactivated", shown, ip)
    elif user.sso_subject not in (None, identity):
        raise _refuse(provider, "sso_other_identity", shown, ip)
    else:
        if user.sso_subject is None:
            user.sso_subject = identity
            record("update", user, object_type="user", summary=email,
                   details={"linked": provider.issuer})
        if role is not None and role != user.role:
            record("update", user, object_type="user", summary=email,
                   details={"role": [user.role.value, role.value], "through": "single sign-on"})
            user.role = role
    user.last_login_at = utcnow()
    record("sso_login", user, object_type="user", actor=Actor(
        user=user, ip_address=ip, organisation_id=user.organisation_id),
        details={"issuer": provider.issuer,
                 "second_factor": provider_checked_second_factor(provider, claims)})
    return user
