"""Forms for logging in, changing a password and managing accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eigenkracht.auth.models import Role
from eigenkracht.core.forms import OnceForm, choices

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.JOBCOACH: _l("Job coach"),
    Role.REFERRER: _l("Referrer"),
    Role.PRIVACY_OFFICER: _l("Privacy officer"),
    Role.MANAGER: _l("Manager"),
}

def locale_choices():
    return choices([("", _l("Browser language")), ("nl", "Nederlands"), ("en", "English")])


def role_choices():
    return choices((role.value, label) for role, label in ROLE_LABELS.items())


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )


class EmptyForm(FlaskForm):
    """Only the CSRF token: the buttons that end sessions."""


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A sentence of four or more unrelated "
                       "words is strong and easy to remember."),
        validators=[DataRequired(_l("Enter a new password.")), Length(max=128)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(_l("Repeat the new password.")),
                    EqualTo("new_password", _l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class UserCreateForm(OnceForm):
    """A new account: sent twice, it still makes one."""

    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Enter a name.")),
        Length(max=200, message=_l("Use at most 200 characters."))])
    email = EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Enter an e-mail address.")),
        Length(max=254, message=_l("Use at most 254 characters.")),
        Email(_l("Enter an e-mail address like name@example.nl."), check_deliverability=False)])
    role = SelectField(_l("Role"), choices=role_choices,
                       validators=[DataRequired(_l("Choose a role."))])
    locale = SelectField(_l("Language"), choices=locale_choices, validators=[Optional()])
    password = PasswordField(
        _l("Password"),
        description=_l("Leave empty to generate one. It is shown once, after saving."),
        validators=[Optional(), Length(max=128)],
        render_kw={"autocomplete": "new-password"},
    )


class UserEditForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Enter a name.")),
        Length(max=200, message=_l("Use at most 200 characters."))])
    role = SelectField(_l("Role"), choices=role_choices,
                       validators=[DataRequired(_l("Choose a role."))])
    team = StringField(_l("Team"), validators=[
        Optional(), Length(max=100, message=_l("Use at most 100 characters."))],
        description=_l("The team this coordinator or job coach works in: the figures can "
                       "be shown per team. Leave empty for none."))
    active = BooleanField(_l("Account active"),
                          description=_l("An inactive account cannot log in."))


class SecondFactorForm(FlaskForm):
    """The second step of signing in: a code of the authenticator app or a recovery code."""

    code = StringField(
        _l("Code"),
        description=_l("The 6 digits your authenticator app shows now, or one of your "
                       "recovery codes."),
        validators=[DataRequired(_l("Enter the code.")),
                    Length(max=40, message=_l("This is not a code of your app or a "
                                              "recovery code."))],
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false",
                   "autocapitalize": "none"},
    )


class TotpConfirmForm(FlaskForm):
    """Setting up an authenticator app: one code it shows proves it works."""

    code = StringField(
        _l("Code from the app"),
        description=_l("Enter the 6 digits the app shows for eigenkracht."),
        validators=[DataRequired(_l("Enter the code the app shows.")),
                    Length(max=40, message=_l("The code has 6 digits."))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                   "spellcheck": "false"},
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SecondFactorPolicyForm(FlaskForm):
    """Which roles of the organisation must sign in with a second factor."""

    roles = MultiCheckboxField(
        _l("A second factor is required for"),
        description=_l("People in these roles sign in with a password and an authenticator "
                       "app or security key. Those who have none set one up at their next "
                       "sign-in, before anything else."),
        choices=role_choices, validate_choice=True)
