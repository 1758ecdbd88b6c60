"""Routes of the second factor: the second step of logging in and the security page, and the
administrators' setting and reset. The "password only" columns (``tests/permissions``) reach
the second step (``password_only``, whose user has an app) or the set-up
(``password_only_enrolling``, whose user has none) and nothing else."""

from tests.permissions import (
    ADMIN_ONLY,
    ALLOW,
    LOGGED_IN,
    LOGIN,
    NOT_FOUND,
    SECOND_STEP,
    Route,
    rule,
)

OWN_ONLY = rule(NOT_FOUND, anonymous=LOGIN)
ASKED_FOR_A_CODE = {"password_only": ALLOW, "password_only_enrolling": SECOND_STEP}
SETTING_UP = {"password_only": SECOND_STEP, "password_only_enrolling": ALLOW}

ROUTES = {
    "factors.second_factor": Route("GET", "/login/second-factor", LOGGED_IN,
                                   password_only=ASKED_FOR_A_CODE),
    # Only for a user with a key: the matrix's users have none.
    "factors.key_login_options": Route(
        "POST", "/login/second-factor/key/options", OWN_ONLY,
        password_only={"password_only": NOT_FOUND, "password_only_enrolling": SECOND_STEP}),
    "factors.key_login": Route("POST", "/login/second-factor/key", LOGGED_IN,
                               password_only=ASKED_FOR_A_CODE),
    "factors.security": Route("GET", "/account/security", LOGGED_IN, password_only=SETTING_UP),
    "factors.totp_confirm": Route("POST", "/account/security/app", LOGGED_IN,
                                  {"code": "123456"}, password_only=SETTING_UP),
    "factors.totp_remove": Route("POST", "/account/security/app/remove", LOGGED_IN),
    "factors.recovery_codes": Route("GET", "/account/security/recovery-codes", LOGGED_IN,
                                    password_only=SETTING_UP),
    "factors.new_recovery_codes": Route("POST", "/account/security/recovery-codes", LOGGED_IN),
    "factors.key_options": Route("POST", "/account/security/keys/options", LOGGED_IN,
                                 password_only=SETTING_UP),
    "factors.key_add": Route("POST", "/account/security/keys", LOGGED_IN,
                             password_only=SETTING_UP),
    "factors.key_remove": Route("POST", "/account/security/keys/99999999/remove", OWN_ONLY),
    "admin.second_factor_policy": Route("GET", "/admin/second-factor", ADMIN_ONLY),
    "admin.reset_second_factor": Route("POST", "/admin/users/{user}/second-factor/reset",
                                       ADMIN_ONLY),
}
