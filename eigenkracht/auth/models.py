"""Organisations (tenants) and their users."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.core.db import UTCDateTime, enum_column, utcnow
from eigenkracht.extensions import db


class Role(enum.StrEnum):
    """What a user may do in their organisation."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    JOBCOACH = "jobcoach"
    REFERRER = "referrer"
    PRIVACY_OFFICER = "privacy_officer"  # reviews the access log, sees no case content
    MANAGER = "manager"  # reads the organisation's figures (aggregates), no case content


class Organisation(db.Model):
    """A tenant: a youth-care provider, a municipality, a job-coaching service."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    retention_years: Mapped[int] = mapped_column(default=7, server_default="7")
    # The roles (comma-separated values of ``Role``) that must sign in with a second factor;
    # NULL follows the configuration's ``SECOND_FACTOR_ROLES`` (eigenkracht.auth.factors).
    second_factor_roles: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class User(UserMixin, db.Model):
    """A member of staff who logs in with e-mail and password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    team: Mapped[str] = mapped_column(String(100), default="", server_default="")  # figures
    locale: Mapped[str | None] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "issuer subject" of the single sign-on account linked to this user (``sso``)
    sso_subject: Mapped[str | None] = mapped_column(String(400), unique=True)

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"

    def get_id(self) -> str:
        """Session identity: changes when the password changes, ending other sessions."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_privacy_officer(self) -> bool:
        return self.role == Role.PRIVACY_OFFICER

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def sees_figures(self) -> bool:
        """The organisation's figures (``eigenkracht.figures``): administrators, managers."""
        return self.role in (Role.ADMIN, Role.MANAGER)

    @property
    def can_create_cases(self) -> bool:
        return self.role in (Role.ADMIN, Role.COORDINATOR, Role.JOBCOACH)


class UserSession(db.Model):
    """One sign-in of a user in one browser, so that it can be ended on the server.

    The signed session cookie carries a random secret; only its SHA-256 is kept here. The
    row goes when the session ends (logging out, a password change, deactivation, ending it
    from the sessions page) and is refused, then deleted, once it has been idle or alive
    too long (``eigenkracht.auth.sessions``). ``last_seen_at`` is an activity stamp: written
    at most once a minute with a plain ``UPDATE``, it moves no version counter.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ip_address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    # How this sign-in passed its second factor ("totp", "recovery", "webauthn", "oidc"…),
    # and when; NULL: after the password alone (eigenkracht.auth.factors).
    second_factor: Mapped[str | None] = mapped_column(String(20))
    second_factor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<UserSession {self.id} user={self.user_id}>"


class TotpFactor(db.Model):
    """A user's authenticator app: its shared secret (base32), confirmed with one code.

    ``last_step`` is the 30-second time step of the last code accepted: a code of that step
    or an earlier one is never accepted again.
    """

    __tablename__ = "totp_factors"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_step: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<TotpFactor user={self.user_id}>"


class RecoveryCode(db.Model):
    """One of the ten one-time codes shown once at enrolment; only its SHA-256 is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id}>"


class SecurityKey(db.Model):
    """A WebAuthn credential (security key or passkey) of a user, named by the user."""

    __tablename__ = "security_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(100))
    credential_id: Mapped[bytes] = mapped_column(LargeBinary(1024), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(2048))
    sign_count: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    transports: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<SecurityKey {self.id} {self.name!r} user={self.user_id}>"


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    return (email or "").strip().lower()


__all__ = ["Organisation", "RecoveryCode", "Role", "SecurityKey", "TotpFactor", "User",
           "UserSession", "func", "normalise_email"]
