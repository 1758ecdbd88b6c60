"""Forms of the leads and placements pages (issue 21). Like ``forms``: they carry the input,
the rules live in ``leads`` and ``placements``; choices come from ``labels``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from eigenkracht.core.forms import OnceForm, choices
from eigenkracht.jobs.forms import LocalDateField
from eigenkracht.jobs.labels import CONTRACT_LABELS, LEAD_KIND_LABELS


def _pairs(mapping) -> list:
    return choices((key.value, label) for key, label in mapping.items())


class NewLeadForm(OnceForm):
    """A lead from someone of the network (its one-time key: sent twice, one lead)."""

    person_id = SelectField(_l("From whom"), validate_choice=False,
                            description=_l("The person of the network the lead came from."))
    kind = RadioField(_l("Kind of lead"), choices=_pairs(LEAD_KIND_LABELS),
                      validate_choice=False)
    title = StringField(_l("What"), description=_l("For example: planner at Vos Logistiek."),
                        render_kw={"autocomplete": "off", "maxlength": 200})
    employer = StringField(_l("Employer"), render_kw={"autocomplete": "off", "maxlength": 200})
    noted_on = LocalDateField(_l("Came up on"), validators=[Optional()],
                              description=_l("Leave empty for today."))
    note = TextAreaField(_l("Notes"), render_kw={"rows": 2})


class LeadStageForm(FlaskForm):
    """Move a lead to another stage on a day."""

    stage = SelectField(_l("New stage"), validate_choice=False)
    stage_on = LocalDateField(_l("On"), validators=[Optional()])


class NewPlacementForm(OnceForm):
    """The jobseeker starts work (its one-time key: sent twice, one placement)."""

    employer = StringField(_l("Employer"), render_kw={"autocomplete": "off", "maxlength": 200})
    job_title = StringField(_l("Job"), render_kw={"autocomplete": "off", "maxlength": 200})
    started_on = LocalDateField(_l("Start date"), validators=[Optional()])
    hours_per_week = StringField(_l("Hours a week"),
                                 validators=[Optional(), Length(max=10)],
                                 render_kw={"inputmode": "numeric", "autocomplete": "off",
                                            "maxlength": 2})
    contract = SelectField(_l("Contract"), validate_choice=False, choices=choices(
        [("", _l("Choose a contract"))]
        + [(key.value, label) for key, label in CONTRACT_LABELS.items()]))
    lead_id = SelectField(_l("From lead"), validate_choice=False,
                          description=_l("The lead moves to Hired."))
    note = TextAreaField(_l("Notes"), render_kw={"rows": 2})


class CheckDoneForm(FlaskForm):
    """A placement check done: the day, and whether the jobseeker still has the job."""

    done_on = LocalDateField(_l("Checked on"), validators=[Optional()])
    held = RadioField(_l("Still in this job?"), validate_choice=False,
                      choices=choices([("yes", _l("Yes")), ("no", _l("No"))]))
    note = TextAreaField(_l("Notes"), render_kw={"rows": 2})
