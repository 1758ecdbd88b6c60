"""Forms for logging in, changing a password and managing accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from eigenkracht.auth.models import Role
from eigenkracht.core.forms import OnceForm, choices

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.JOBCOACH: _l("Job coach"),
    Role.REFERRER: _l("Referrer"),
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
    active = BooleanField(_l("Account active"),
                          description=_l("An inactive account cannot log in."))
