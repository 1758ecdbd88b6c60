"""Routes of the foundation: core, auth, cases, admin, audit."""

from tests.permissions import (
    ADMIN_ONLY,
    ALLOW,
    CASE_CREATE,
    CASE_EDIT,
    CASE_VIEW,
    LOGGED_IN,
    LOGIN,
    NOT_FOUND,
    PRIVACY_OFFICER_ONLY,
    PUBLIC,
    Route,
    rule,
)

OWN_ONLY = rule(NOT_FOUND, anonymous=LOGIN)
# Bottom lines: who edits the case, and its referrer with an account before the conference.
BOTTOM_LINES = {**CASE_EDIT, "referrer": ALLOW}

ROUTES = {
    "static": Route("GET", "/static/css/app.css", PUBLIC),
    "core.home": Route("GET", "/", LOGGED_IN),
    "core.healthz": Route("GET", "/healthz", PUBLIC),
    "core.set_language": Route("POST", "/language", PUBLIC, {"lang": "en"}),
    "auth.login": Route("GET", "/login", PUBLIC),
    "auth.logout": Route("POST", "/logout", PUBLIC),
    "auth.change_password": Route("GET", "/account/password", LOGGED_IN),
    "auth.sessions_page": Route("GET", "/account/sessions", LOGGED_IN),
    # Only one's own sessions: any other number is not found (tests/hostile/test_sessions_end).
    "auth.end_session": Route("POST", "/account/sessions/99999999/end", OWN_ONLY),
    "auth.end_other_sessions": Route("POST", "/account/sessions/end-others", LOGGED_IN),
    "auth.still_here": Route("POST", "/account/still-here", LOGGED_IN),
    "cases.index": Route("GET", "/cases/", LOGGED_IN),
    "cases.new": Route("GET", "/cases/new", CASE_CREATE),
    "cases.show": Route("GET", "/cases/{case}", CASE_VIEW),
    "cases.edit": Route("GET", "/cases/{case}/edit", CASE_EDIT),
    "cases.change_status": Route("POST", "/cases/{case}/status", CASE_EDIT),
    "cases.add_bottom_line": Route("POST", "/cases/{case}/bottom-lines", BOTTOM_LINES),
    "cases.edit_bottom_line": Route("GET", "/cases/{case}/bottom-lines/{line}", BOTTOM_LINES),
    "cases.remove_bottom_line": Route("POST", "/cases/{case}/bottom-lines/{line}/delete",
                                      BOTTOM_LINES),
    "cases.move_bottom_line": Route("POST", "/cases/{case}/bottom-lines/{line}/move",
                                    BOTTOM_LINES, {"direction": "down"}),
    "admin.users": Route("GET", "/admin/users", ADMIN_ONLY),
    "admin.new_user": Route("GET", "/admin/users/new", ADMIN_ONLY),
    "admin.edit_user": Route("GET", "/admin/users/{user}", ADMIN_ONLY),
    "audit.index": Route("GET", "/admin/audit/", ADMIN_ONLY),
    "access_log.index": Route("GET", "/privacy/log/", PRIVACY_OFFICER_ONLY),
    "access_log.export": Route("GET", "/privacy/log/export.csv", PRIVACY_OFFICER_ONLY),
}


ROUTES.update({
    # "Who looked at my file": for the client, made by the staff who may see the case.
    "who_looked.page": Route("GET", "/cases/{case}/who-looked", CASE_VIEW),
    "who_looked.pdf": Route("GET", "/cases/{case}/who-looked.pdf", CASE_VIEW),
})
