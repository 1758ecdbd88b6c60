"""One organisation's OpenID Connect settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.auth.models import Organisation
from eigenkracht.core.db import Versioned
from eigenkracht.extensions import db


class SsoProvider(db.Model, Versioned):
    """How staff of one organisation sign in through its own identity provider.

    ``client_secret`` is stored encrypted (``sso.secrets``: Fernet, with a key derived from
    ``SECRET_KEY``), never as typed. ``role_mapping`` maps a value of the groups/roles claim
    to one of our roles (first match in the order of ``ROLE_ORDER`` wins). ``mfa_amr`` and
    ``mfa_acr``: the ``amr`` values and ``acr`` values that mean the provider checked a
    second factor (comma-separated; empty: the provider's sign-in never counts as one).
    """

    __tablename__ = "sso_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True)
    enabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    issuer: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret: Mapped[str] = mapped_column(Text, default="")
    email_claim: Mapped[str] = mapped_column(String(60), default="email")
    groups_claim: Mapped[str] = mapped_column(String(60), default="groups")
    role_mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    create_users: Mapped[bool] = mapped_column(default=False, server_default=false())
    mfa_amr: Mapped[str] = mapped_column(String(200), default="mfa")
    mfa_acr: Mapped[str] = mapped_column(String(300), default="")
    label: Mapped[str] = mapped_column(String(100), default="")

    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<SsoProvider {self.organisation_id} {self.issuer}>"
