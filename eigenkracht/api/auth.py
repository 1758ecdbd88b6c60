"""Bearer tokens: who calls the API. The session cookie is ignored here on purpose.

A token stops with its user: deactivating the user or changing their password revokes it
(``auth.services``), and a token made before the user's last password change is refused
here however that change was made.

A token's last use is stamped (at most once a minute) as part of the request's own
transaction: the kernel commits it with the request, and a refused request, which is rolled
back, leaves no stamp.
"""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _
from flask_babel import refresh

from eigenkracht.api.problems import fail
from eigenkracht.api.services import user_for_token
from eigenkracht.audit.services import Actor, set_actor
from eigenkracht.auth.models import User
from eigenkracht.auth.services import credential_outdated
from eigenkracht.core.clock import now
from eigenkracht.core.ids import MAX_ID
from eigenkracht.extensions import login_manager

CHALLENGE = 'Bearer realm="eigenkracht"'
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PUBLIC_ENDPOINTS = frozenset({"api.openapi"})


def authenticate() -> None:
    """Before every API request: the token's user acts, or the request stops with 401/403."""
    g._login_user = login_manager.anonymous_user()  # never the session's user
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    _check_path()
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    found = user_for_token(secret.strip()) if scheme.lower() == "bearer" else None
    if found is not None and credential_outdated(found[1], found[0].created_at):
        found = None  # its user is inactive or changed their password since it was made
    if found is None:
        fail(401, _("The token is missing, unknown or revoked."),
             headers={"WWW-Authenticate": CHALLENGE + ', error="invalid_token"'})
    token, user = found
    g._login_user = user  # current_user, and so the user's language, for this request
    refresh()
    if token.read_only and request.method in WRITE_METHODS:
        fail(403, _("This token can only read."))
    if token.last_used_at is None or (now() - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now()
    g.api_user = user
    g.api_token = token
    set_actor(Actor(user=user, label="api", ip_address=request.remote_addr,
                    organisation_id=user.organisation_id))


def api_user() -> User:
    return g.api_user


def _check_path() -> None:
    """Identifiers in the path that cannot exist are 404 (before they reach the database)."""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and value > MAX_ID:
            fail(404)
        if isinstance(value, str) and ("\x00" in value or len(value) > 40):
            fail(404)
