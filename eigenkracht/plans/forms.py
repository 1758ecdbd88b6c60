"""Forms of the plan: its sections, actions, updates, presenting, the decision, versions.

The rules themselves are in the services; these forms parse what was posted (a wrong
number or date gets a message here). Edit forms carry the row version a save was made on
(``core.forms.VersionedForm``); forms that make something carry a one-time submission key
(``core.forms.OnceForm``), so sending one twice makes one record. The plan form and the
decision form get fields per bottom line (``plan_form``, ``decision_form``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from eigenkracht.core.forms import OnceForm, VersionedForm, choices
from eigenkracht.core.i18n import written_language
from eigenkracht.core.ids import parse_counter, parse_id
from eigenkracht.plans.messages import ACTION_STATUS_LABELS, DECISION_LABELS, GROUP_LABELS
from eigenkracht.plans.models import ActionStatus, Decision, Plan
from eigenkracht.plans.services import LIMITS

TOO_LONG = _l("Use at most %(max)d characters.")


def _long(name: str) -> Length:
    return Length(max=LIMITS[name], message=TOO_LONG)


def id_or_none(value: Any) -> int | None:
    """A posted id: None for "nobody", -1 for anything that is not a number (the service
    then says the choice is unknown, in words people understand)."""
    if value in (None, "", "None"):
        return None
    if isinstance(value, int):
        return value
    number = parse_id(str(value))
    return -1 if number is None else number


def weekday_or_bad(value: Any) -> int:
    """A posted weekday, Monday 0 to Sunday 6; -1 for anything else (the service refuses)."""
    text = str(value).strip()
    return int(text) if text.isdigit() and int(text) <= 6 else -1


class DayField(DateField):
    """A date with a message that shows how to write one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Enter a date like 2027-03-31."))) from None


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class RowVersionField(IntegerField):
    """The row version a form was filled in on: hidden; -1 (stale) when it is not a number."""

    widget = widgets.HiddenInput()

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist and valuelist[0] else ""
        number = parse_counter(text)
        self.data = -1 if number is None else number


class RowVersioned(VersionedForm):
    """``core.forms.VersionedForm`` whose ``row_version`` is read as a number: a missing or
    garbled one is -1, which no record has, so such a save is refused as stale."""

    row_version = RowVersionField(render_kw={"id": False})

    @property
    def expected_version(self) -> int:
        return self.row_version.data if isinstance(self.row_version.data, int) else -1

    def set_version(self, version: int) -> None:
        """Carry ``version`` (what was posted no longer counts)."""
        self.row_version.raw_data = []
        self.row_version.data = version


class PlanForm(RowVersioned):
    central_question = TextAreaField(_l("Central question"), render_kw={"rows": 2},
                                     validators=[_long("central_question")])
    going_well = TextAreaField(_l("What is going well"), render_kw={"rows": 4},
                               validators=[_long("going_well")])
    concerns = TextAreaField(_l("Concerns"), render_kw={"rows": 4},
                             validators=[_long("concerns")])
    agreements = TextAreaField(_l("Other agreements"), render_kw={"rows": 4},
                               description=_l("Agreements that are not an action of someone "
                                              "in particular. May stay empty."),
                               validators=[_long("agreements")])
    monitor_id = SelectField(_l("Monitor"), coerce=id_or_none, validate_choice=False,
                             description=_l("Someone from the network who keeps an eye on "
                                            "the plan and raises the alarm if it does not "
                                            "work."))
    contingency = TextAreaField(_l("If the plan does not work"), render_kw={"rows": 3},
                                validators=[_long("contingency")])
    first_call_id = SelectField(_l("Who is called first if it does not work"),
                                coerce=id_or_none, validate_choice=False)
    alert_referrer = BooleanField(_l("When someone says the plan is not working, alert the "
                                     "referrer too"),
                                  description=_l("The coordinator is always alerted."))
    childs_view = TextAreaField(_l("The child's view"), render_kw={"rows": 3},
                                description=_l("In the child's own words."),
                                validators=[_long("childs_view")])
    evaluation_date = DayField(_l("Evaluation date"), validators=[Optional()],
                               description=_l("When the plan is reviewed at a review "
                                              "meeting."))
    recipients = TextAreaField(_l("Who receives the plan"), render_kw={"rows": 2},
                               validators=[_long("recipients")])

    def how_met_fields(self, plan: Plan) -> list:
        return [self[f"how_met_{line.id}"] for line in plan.bottom_lines]


def plan_form(plan: Plan, people, **kwargs) -> PlanForm:
    """The sections form of ``plan``, with a "how is it met" field per bottom line."""

    class _PlanForm(PlanForm):
        pass

    for line in plan.bottom_lines:
        setattr(_PlanForm, f"how_met_{line.id}", TextAreaField(
            line.text, render_kw={"rows": 2},
            description=_l("How the plan meets this bottom line."),
            validators=[_long("how_met")]))
    for line in plan.bottom_lines:  # a field left out of a post keeps its saved text
        kwargs.setdefault(f"how_met_{line.id}", line.how_met)
    form = _PlanForm(**kwargs)
    form.monitor_id.choices = choices([("", _l("Nobody yet")),
                                       *((p.id, p.name) for p in people)])
    form.first_call_id.choices = choices([("", _l("Nobody in particular")),
                                          *((p.id, p.name) for p in people)])
    return form


class ActionFields(FlaskForm):
    """What an action says: the fields of adding and of changing one."""

    what = TextAreaField(_l("What will be done"), render_kw={"rows": 2},
                         validators=[_long("what")])
    person_ids = MultiCheckboxField(_l("Who is responsible"), coerce=id_or_none,
                                    validate_choice=False,
                                    description=_l("One or more people from the network, or "
                                                   "the client."))
    when_date = DayField(_l("Date"), validators=[Optional()],
                         description=_l("Not before the conference."))
    when_text = StringField(_l("Or a repeating moment"), validators=[_long("when_text")],
                            description=_l("For example: every Wednesday after school."))
    repeat = SelectField(_l("Repeats"), validate_choice=False,
                         description=_l("A routine starts on the date above and stays open: "
                                        "each time it is done, that time is marked done."))
    repeat_days = MultiCheckboxField(_l("On these days"), coerce=weekday_or_bad,
                                     validate_choice=False)
    repeat_until = DayField(_l("Until (optional)"), validators=[Optional()],
                            description=_l("The last day it repeats. Empty: until the plan "
                                           "changes."))
    support_needed = TextAreaField(_l("Support needed"), render_kw={"rows": 2},
                                   validators=[_long("support_needed")])
    serves_id = SelectField(_l("Bottom line it serves"), coerce=id_or_none,
                            validate_choice=False)
    serves_concern = StringField(_l("Concern it serves"), validators=[_long("serves_concern")])

    def set_choices(self, plan: Plan, people) -> None:
        from flask_babel import format_date

        from eigenkracht.plans.routines import REPEAT_LABELS

        self.person_ids.choices = choices((p.id, p.name) for p in people)
        self.repeat.choices = choices(REPEAT_LABELS.items())
        monday = date(2024, 1, 1)
        self.repeat_days.choices = choices(
            (d, format_date(monday + timedelta(days=d), "EEEE")) for d in range(7))
        if isinstance(self.repeat_days.data, str):  # from the action (obj=action)
            self.repeat_days.data = [int(d) for d in self.repeat_days.data.split(",")
                                     if d.isdigit()]
        # A bottom line is written in the case's language, whatever the page's (WCAG 3.1.2).
        written = {"lang": written_language(), "dir": "auto"}
        self.serves_id.choices = [SelectChoice("", _l("None in particular")), *(
            SelectChoice(line.id, line.text, render_kw=written) for line in plan.bottom_lines)]


class ActionForm(ActionFields, RowVersioned):
    """Changing an action: on the row version it was shown with."""


class NewActionForm(ActionFields, OnceForm):
    """Adding an action: once, however often it is sent."""


class UpdateForm(OnceForm):
    status = SelectField(_l("New status"), validate_choice=False,
                         choices=choices([("", _l("No change")),
                                          *((s.value, label)
                                            for s, label in ACTION_STATUS_LABELS.items())]))
    note = TextAreaField(_l("Note"), render_kw={"rows": 2}, validators=[_long("note")])


class MoveForm(FlaskForm):
    direction = SelectField(choices=choices([("up", "up"), ("down", "down")]))


class ReorderForm(FlaskForm):
    order = StringField(validators=[Length(max=4000)])

    def ids(self) -> list[int]:
        parts = [p.strip() for p in (self.order.data or "").split(",") if p.strip()]
        return [-1 if parse_id(p) is None else parse_id(p) for p in parts]


class PresentForm(RowVersioned):
    confirm = BooleanField(_l("Present the plan with these sections still empty"))


class NewPlanForm(OnceForm):
    conference_id = SelectField(_l("Conference"), coerce=id_or_none, validate_choice=False)


class DecisionForm(RowVersioned):
    decision = RadioField(_l("Decision"), validate_choice=False,
                          choices=choices((d.value, label) for d, label in DECISION_LABELS.items()))
    reason = TextAreaField(_l("Reason"), render_kw={"rows": 3}, validators=[_long("reason")],
                           description=_l("Needed when the plan is not accepted, accepted with "
                                          "changes, or leaves a bottom line unmet."))
    referrer_name = StringField(_l("Decision of referrer"), validators=[_long("referrer_name")],
                                render_kw={"list": "referrer-names", "autocomplete": "off"},
                                description=_l("You record the decision for the referrer: "
                                               "whose decision is it?"))

    def decision_value(self) -> Decision | None:
        return Decision(self.decision.data) if self.decision.data in Decision._value2member_map_ \
            else None

    def line_fields(self, line) -> tuple:
        return (self[f"met_{line.id}"], self[f"actions_{line.id}"], self[f"note_{line.id}"])


MET_CHOICES = (("yes", _l("Met")), ("no", _l("Not met")))


def decision_form(plan: Plan, **kwargs) -> DecisionForm:
    """The decision form of ``plan``: met or not, the actions that meet it, and a note, per
    bottom line."""

    class _DecisionForm(DecisionForm):
        pass

    action_choices = [(a.id, a.what[:120]) for a in plan.actions]
    for line in plan.bottom_lines:
        setattr(_DecisionForm, f"met_{line.id}", RadioField(
            _l("Does the plan meet this bottom line?"), validate_choice=False,
            choices=choices(MET_CHOICES)))
        setattr(_DecisionForm, f"actions_{line.id}", MultiCheckboxField(
            _l("Actions that meet it"), coerce=id_or_none, validate_choice=False,
            choices=choices(action_choices), default=linked_actions(plan, line)))
        setattr(_DecisionForm, f"note_{line.id}", TextAreaField(
            _l("Note"), render_kw={"rows": 2}, validators=[_long("note")]))
    form = _DecisionForm(**kwargs)
    # The page asks for the bottom lines first and the decision last: the error summary
    # lists the fields in that order too (WCAG 1.3.2).
    for name in ("decision", "reason", "referrer_name"):
        form._fields.move_to_end(name)
    return form


def linked_actions(plan: Plan, line) -> list[int]:
    """The actions the decision page starts with ticked for ``line``: those an earlier
    decision named, else those the coordinator linked to it (an action "serves" it)."""
    if line.meeting_actions:
        return [action.id for action in line.meeting_actions]
    return [action.id for action in plan.actions if action.serves_id == line.id]


class NewVersionForm(OnceForm):
    conference_id = SelectField(_l("Review meeting"), coerce=id_or_none, validate_choice=False)


class CompareForm(FlaskForm):
    class Meta:
        csrf = False

    a = SelectField(_l("Compare version"), coerce=id_or_none, validate_choice=False)
    b = SelectField(_l("with version"), coerce=id_or_none, validate_choice=False)


class GroupForm(FlaskForm):
    class Meta:
        csrf = False

    group = SelectField(_l("Show actions"), validate_choice=False,
                        choices=choices(GROUP_LABELS.items()))


STATUS_CHOICES = [s.value for s in ActionStatus]
