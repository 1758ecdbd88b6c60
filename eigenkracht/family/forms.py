"""The forms of personal links: the staff form to make one, and the family's update of a
task on their own page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from eigenkracht.core.forms import OnceForm, choices
from eigenkracht.family.services import CODE_MAX, CODE_MIN


class LinkForm(OnceForm):
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


class UpdateForm(OnceForm):
    """A person says how their task goes: a status and/or a note (checked by the services).

    One per own task on the page, each with its own one-time key: a double tap saves one
    update. The page draws the fields itself, in the family's layout."""

    status = StringField()
    note = TextAreaField()


class NotWorkingForm(OnceForm):
    """"This is not working", with a short note (checked by ``plans.alerts``): sent twice,
    it alerts once."""

    note = TextAreaField()


class QuestionnaireForm(OnceForm):
    """The questionnaire after a conference or review; the page draws the choices itself
    (faces for a child), the services check them (``evaluation.services.check_answers``)."""

    satisfaction_conference = StringField()
    satisfaction_plan = StringField()
    felt_heard = StringField()
    scale = StringField()
    comment = TextAreaField()
