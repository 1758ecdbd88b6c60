"""Forms of the job coaches' pages.

The forms only carry the input; the rules (required, lengths, date ranges, the person being
on this case's map) live in ``services.py`` and come back as a message per field. Choices
are therefore not checked by WTForms (``validate_choice=False``). A form that creates carries
a one-time key (``OnceForm``), a form that edits the version it was filled from
(``VersionedForm``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from eigenkracht.core.forms import OnceForm, VersionedForm, choices
from eigenkracht.jobs.labels import (
    CHANNEL_LABELS,
    DATE_FORMAT_MESSAGE,
    GOAL_STATUS_LABELS,
    OUTCOME_LABELS,
)
from eigenkracht.jobs.models import GoalStatus


class LocalDateField(DateField):
    """A date field whose "cannot read this date" message is our own, translated one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(DATE_FORMAT_MESSAGE)) from None


def _pairs(mapping) -> list:
    return choices((key.value, label) for key, label in mapping.items())


class _EditVersion(VersionedForm):
    """An edit form: the ``row_version`` it was filled from (a save over someone else's
    change is refused); a value longer than any counter is refused as bad input."""

    row_version = HiddenField(validators=[Optional(), Length(max=64)], render_kw={"id": False})


class _GoalFields(FlaskForm):
    text = TextAreaField(_l("Goal"),
                         description=_l("For example: work as a logistics planner within 30 km "
                                        "by June."),
                         render_kw={"rows": 2, "maxlength": 500})
    target_date = LocalDateField(_l("Target date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=_pairs(GOAL_STATUS_LABELS),
                         default=GoalStatus.OPEN.value, validate_choice=False)


class NewGoalForm(_GoalFields, OnceForm):
    """A new goal (its one-time key: sending it twice adds one goal)."""


class GoalForm(_GoalFields, _EditVersion):
    """An edit of a goal."""


class _StepFields(FlaskForm):
    text = TextAreaField(_l("Step"),
                         description=_l("For example: ask Sanne for an introduction at the "
                                        "distribution centre."),
                         render_kw={"rows": 2, "maxlength": 500})
    target_date = LocalDateField(_l("Target date"), validators=[Optional()])


class NewStepForm(_StepFields, OnceForm):
    """A new step of a goal (its one-time key: sending it twice adds one step)."""

    done_on = LocalDateField(_l("Already done on"), validators=[Optional()],
                             description=_l("Only for a step already taken, when entering "
                                            "history late."))


class StepForm(_StepFields, _EditVersion):
    """An edit of a step."""


class _ContactFields(FlaskForm):
    person_id = SelectField(_l("Who"), validate_choice=False,
                            description=_l("Someone on the network map of this jobseeker."))
    contacted_on = LocalDateField(_l("Date of the contact"), validators=[Optional()])
    channel = RadioField(_l("How"), choices=_pairs(CHANNEL_LABELS), validate_choice=False)
    asked = TextAreaField(_l("What was asked"), render_kw={"rows": 3})
    outcome = RadioField(_l("Outcome"), choices=_pairs(OUTCOME_LABELS), validate_choice=False)
    note = TextAreaField(_l("Notes"), render_kw={"rows": 3})
    follow_up_on = LocalDateField(_l("Follow up on"), validators=[Optional()],
                                  description=_l("Leave empty when no follow-up is needed."))


class NewContactForm(_ContactFields, OnceForm):
    """A contact to log (its one-time key: sending it twice logs one contact);
    ``answers``: the contact whose follow-up it is (marked done in the same step)."""

    answers = HiddenField(validators=[Optional(), Length(max=20)], render_kw={"id": False})


class DigestForm(FlaskForm):
    """A job coach's morning e-mail of follow-ups due: on or off."""

    morning_digest = BooleanField(_l("E-mail me every morning at 7:00 with the follow-ups due "
                                     "today and those overdue"),
                                  description=_l("No e-mail on a day when nothing is due."))


class ContactForm(_ContactFields, _EditVersion):
    """An edit of a logged contact."""


class DoneForm(FlaskForm):
    """Tick off (``done=1``) or reopen (``done=0``) a step or a follow-up."""

    done = HiddenField(default="1")
    next = HiddenField()
    on = LocalDateField(_l("Done on"), validators=[Optional()])  # empty: today

    @property
    def is_done(self) -> bool:
        return self.done.data != "0"
