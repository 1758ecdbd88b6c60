"""The administrator's form of the organisation's single sign-on settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from eigenkracht.core.forms import VersionedForm


class SsoSettingsForm(VersionedForm):
    enabled = BooleanField(_l("Staff may sign in through this provider"))
    label = StringField(_l("Name on the login button"), validators=[Optional(), Length(max=100)],
                        description=_l("For example: Sign in with Rijnmond account."))
    issuer = StringField(_l("Issuer URL"), validators=[
        DataRequired(_l("Enter the provider's issuer URL.")), Length(max=300)],
        description=_l("Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0 · "
                       "Keycloak: https://<host>/realms/<realm>"))
    client_id = StringField(_l("Client id"), validators=[
        DataRequired(_l("Enter the client id.")), Length(max=200)])
    client_secret = PasswordField(_l("Client secret"), validators=[Optional(), Length(max=500)],
                                  description=_l("Stored encrypted. Leave empty to keep the "
                                                 "stored secret."),
                                  render_kw={"autocomplete": "new-password"})
    email_claim = StringField(_l("Claim with the e-mail address"), default="email",
                              validators=[DataRequired(), Length(max=60)],
                              description=_l("Entra ID: email or preferred_username."))
    groups_claim = StringField(_l("Claim with groups or roles"), default="groups",
                               validators=[DataRequired(), Length(max=60)],
                               description=_l("Entra ID: groups or roles · Keycloak: groups "
                                              "(with a group mapper)."))
    role_mapping = TextAreaField(_l("Groups and our roles"), validators=[Length(max=10000)],
                                 description=_l("One per line: group = role. Roles: admin, "
                                                "coordinator, jobcoach, referrer, "
                                                "privacy_officer."))
    create_users = BooleanField(_l("Create accounts at the first sign-in (when a group gives "
                                   "a role)"))
    mfa_amr = StringField(_l("amr values that mean a second factor"), default="mfa",
                          validators=[Length(max=200)],
                          description=_l("Comma-separated, e.g. mfa, otp, hwk. Empty: the "
                                         "provider's sign-in never counts as a second "
                                         "factor."))
    mfa_acr = StringField(_l("acr values that mean a second factor"),
                          validators=[Length(max=300)])
