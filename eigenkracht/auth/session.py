"""Flask-Login wiring: loading the user of a live session, and who acts in the audit log."""

from __future__ import annotations

from flask import request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, session_protected
from sqlalchemy.orm import joinedload

from eigenkracht.audit.services import Actor, set_actor
from eigenkracht.auth import sessions
from eigenkracht.auth.models import User
from eigenkracht.core.ids import MAX_ID
from eigenkracht.extensions import db, login_manager

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Log in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """The user of this browser's session, while the session lives on the server.

    Identity is ``id:session_version``; an old version (password changed) is refused, and so
    is a cookie whose session record (``auth.sessions``) has ended: logged out, ended from
    the sessions page, idle or too old. Flask-Login also calls this for a remember-me
    cookie, which the app never sets: without a live session it opens nothing either.
    """
    user = _user_of(identity)
    if user is None or sessions.resume(user) is None:
        if "_user_id" in session:  # the cookie says nothing about anyone any more
            session.pop("_user_id")
        sessions.forget()
        return None
    return user


def _user_of(identity: str) -> User | None:
    user_id, _, version = str(identity).partition(":")
    if not (user_id.isdigit() and version.isdigit() and len(user_id) + len(version) <= 20
            and int(user_id) <= MAX_ID):
        return None  # (users.id is a 32-bit integer)
    # base.html names the user's organisation on every page: read it with the user.
    user = db.session.get(User, int(user_id), options=[joinedload(User.organisation)])
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@session_protected.connect
def _end_moved_session(app, **extra) -> None:
    """Strong session protection saw the cookie come from another address or browser and
    dropped the login from it: the session it named ends on the server too."""
    sessions.end_this()


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
