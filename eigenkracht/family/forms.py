"""The staff form to make a personal link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField
from wtforms.validators import InputRequired, Length, Optional

from eigenkracht.core.forms import choices
from eigenkracht.family.services import CODE_MAX, CODE_MIN


class LinkForm(FlaskForm):
    person_id = SelectField(_l("For whom"), coerce=str, validate_choice=False,
                            validators=[InputRequired(message=_l("Choose a person."))])
    code = PasswordField(
        _l("Access code (optional)"), validators=[Optional(), Length(
            min=CODE_MIN, max=CODE_MAX,
            message=_l("An access code has %(min)d to %(max)d characters."))],
        description=_l("A second key. Give it to the person separately, for example by "
                       "phone; the page asks for it first."),
        render_kw={"autocomplete": "new-password", "maxlength": CODE_MAX})
    send_email = BooleanField(_l("Also send the link by e-mail to the person"))

    def set_people(self, people) -> None:
        self.person_id.choices = choices(
            [("", _l("Choose…"))] + [(str(p.id), p.name) for p in people])
