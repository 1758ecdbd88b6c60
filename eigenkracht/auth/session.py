"""Flask-Login wiring: loading the user of a session, and who acts in the audit log."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eigenkracht.audit.services import Actor, set_actor
from eigenkracht.auth.models import User
from eigenkracht.extensions import db, login_manager

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Log in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """Identity is ``id:session_version``; an old version (password changed) is refused."""
    user_id, _, version = identity.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def client_address() -> str | None:
    return request.remote_addr


def bind_audit_actor() -> None:
    """Every request knows who acts, for the audit log."""
    user = current_user if current_user.is_authenticated else None
    set_actor(
        Actor(
            user=user,
            label="anonymous",
            ip_address=client_address(),
            organisation_id=user.organisation_id if user else None,
        )
    )
