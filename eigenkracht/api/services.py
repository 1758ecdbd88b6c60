"""Creating, finding and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from eigenkracht.api.models import ApiToken
from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db

PREFIX = "ek_"
MAX_NAME = 100


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(user: User, name: str, *, read_only: bool = False) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and the secret, which is shown only once."""
    name = (name or "").strip()[:MAX_NAME] or "API"
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(secret),
                     read_only=read_only, created_at=utcnow())
    db.session.add(token)
    db.session.flush()
    record("create", token, object_type="api_token", summary=name,
           details={"read_only": read_only, "user": user.id},
           organisation_id=user.organisation_id)
    return token, secret


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def get_own_token(user: User, token_id: int) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id,
                                                    ApiToken.id == token_id))


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    record("revoke", token, object_type="api_token", summary=token.name,
           organisation_id=token.user.organisation_id)


def user_for_token(secret: str) -> tuple[ApiToken, User] | None:
    """The live token and active user of ``secret``, else None."""
    if not secret or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    return token, token.user
