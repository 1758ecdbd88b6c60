"""View decorators for the roles of staff accounts, shared by every feature."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def admin_required(view):
    """Logged in as an administrator of the organisation; other users get 403."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def privacy_officer_required(view):
    """Logged in as the organisation's privacy officer; other users get 403."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_privacy_officer:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
