"""Routes of single sign-on: starting at a provider, coming back, the admin's settings.

The world's organisation has no provider: starting there is not found for everyone; a
callback nobody started is a bad request (400). A browser with the password alone is sent
to its second step first, as on every page that depends on who is signed in.
"""

from tests.permissions import ADMIN_ONLY, NOT_FOUND, PASSWORD_ONLY, SECOND_STEP, Route, rule

AFTER_PASSWORD = {column: SECOND_STEP for column in PASSWORD_ONLY}

ROUTES = {
    "sso.start": Route("GET", "/sso/rijnmond", rule(NOT_FOUND), password_only=AFTER_PASSWORD),
    "sso.callback": Route("GET", "/sso/callback?code=x&state=y", rule(400),
                          password_only=AFTER_PASSWORD),
    "sso.settings": Route("GET", "/admin/sign-in", ADMIN_ONLY),
}
