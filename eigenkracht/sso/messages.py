"""The words of single sign-on: its settings' rules and why a sign-in was refused."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

RULE_MESSAGES = {
    "sso_issuer": _l("Enter the provider's https:// address (its issuer), without a query."),
    "sso_client_id": _l("Enter the client id the provider gave (at most 200 characters)."),
    "sso_claim_name": _l("Use a claim name of letters, digits and . _ : / - (at most 60)."),
    "sso_mapping_line": _l("Line %(line)s: write \"group = role\" with one of our roles."),
    "sso_mapping_long": _l("Map at most 100 groups."),
    "sso_secret_needed": _l("Enter the client secret the provider gave."),
    "sso_secret_long": _l("Use at most 500 characters."),
}

REFUSALS = {
    "sso_no_email": _l("Your organisation's sign-in service did not give your e-mail address."),
    "sso_email_unverified": _l("Your organisation's sign-in service has not verified your "
                               "e-mail address."),
    "sso_other_organisation": _l("Your account belongs to another organisation."),
    "sso_unknown_account": _l("There is no account for you yet. Ask your administrator."),
    "sso_no_role": _l("Your account at your organisation does not give you a role here. "
                      "Ask your administrator."),
    "sso_deactivated": _l("Your account has been deactivated. Ask your administrator."),
    "sso_other_identity": _l("Your account is linked to another identity at your "
                             "organisation. Ask your administrator."),
    "sso_failed": _l("Signing in through your organisation did not work. Try again."),
}
