"""Forms for creating and editing cases and their bottom lines.

Edit forms carry the ``row_version`` they were filled from (``VersionedForm``); create forms
carry a one-time key (``OnceForm``), so that sending one twice makes one record.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from eigenkracht.cases.models import CaseKind, CaseStatus, ClosedReason
from eigenkracht.core.forms import OnceForm, VersionedForm, choices

KIND_LABELS = {
    CaseKind.YOUTH: _l("Youth care"),
    CaseKind.WORK: _l("Work (jobseeker)"),
    CaseKind.OTHER: _l("Other"),
}

CLOSED_REASON_LABELS = {
    ClosedReason.GOALS_REACHED: _l("The plan worked: the goals were reached"),
    ClosedReason.NO_CONSENT: _l("No consent, or the family did not want a conference"),
    ClosedReason.NO_CONFERENCE: _l("No conference came about"),
    ClosedReason.PLAN_NOT_ACCEPTED: _l("The plan was not accepted"),
    ClosedReason.PLAN_NOT_WORKING: _l("The plan did not hold: other help is needed"),
    ClosedReason.REFERRAL_WITHDRAWN: _l("The referral was withdrawn"),
    ClosedReason.MOVED: _l("The client moved away"),
    ClosedReason.OTHER: _l("Another reason"),
}

STATUS_LABELS = {
    CaseStatus.REFERRAL: _l("Referral"),
    CaseStatus.PREPARATION: _l("Preparation"),
    CaseStatus.CONFERENCE: _l("Conference"),
    CaseStatus.FOLLOW_UP: _l("Follow-up"),
    CaseStatus.CLOSED: _l("Closed"),
}

WORK_QUESTION_HINT = _l("For example: How can Mariëlle find work as a logistics planner "
                        "through the people she knows?")
WORK_CONSENT_LABEL = _l("The jobseeker agreed on")
WORK_CONSENT_HINT = _l("The jobseeker agrees to working with their network and to what is "
                       "recorded here.")
WORK_FIELDS = ("work_goal", "work_sector", "last_job", "availability", "barriers")

MAX_BOTTOM_LINES = 30
MAX_CLIENTS = 12


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ClientForm(FlaskForm):
    """One client of the case (a sub-form: the case form carries the CSRF token)."""

    class Meta:
        csrf = False

    id = HiddenField(validators=[Optional(), Length(max=12)])
    first_name = StringField(
        _l("First name"),
        validators=[DataRequired(_l("Enter the client's first name.")),
                    Length(max=100, message=_l("Use at most %(max)d characters."))],
        render_kw={"autocomplete": "off"})
    last_name = StringField(
        _l("Last name"),
        validators=[Optional(), Length(max=100, message=_l("Use at most %(max)d characters."))],
        render_kw={"autocomplete": "off"})
    birth_date = DateField(
        _l("Date of birth"),
        description=_l("Needed for youth care (or at least the year): the client's age decides "
                       "whose consent is needed."),
        validators=[Optional()],
        render_kw={"autocomplete": "off"})
    birth_year = IntegerField(
        _l("Year of birth, if the date is not known"),
        validators=[Optional(), NumberRange(min=1900, max=2199,
                                            message=_l("Enter a year such as 2015."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"})
    consent_client_on = DateField(
        _l("Client consented on"),
        description=_l("Clients of 12 and older give their own consent."),
        validators=[Optional()])
    consent_parents_on = DateField(
        _l("Parents consented on"),
        description=_l("For children under 16 the parents or guardians consent "
                       "(from 12, together with the child)."),
        validators=[Optional()])
    consent_parents_names = StringField(
        _l("Parents or guardians who consented"),
        validators=[Optional(), Length(max=300, message=_l("Use at most %(max)d characters."))])
    remove = BooleanField(_l("Remove this client"))


class CaseFields(FlaskForm):
    """What is recorded about a case, for the new-case form and the edit form."""

    kind = RadioField(_l("Kind of case"),
                      choices=choices((k.value, label) for k, label in KIND_LABELS.items()),
                      default=CaseKind.YOUTH.value,
                      validators=[InputRequired(_l("Choose the kind of case."))])
    clients = FieldList(FormField(ClientForm), min_entries=1, max_entries=MAX_CLIENTS)
    add_client = BooleanField(_l("Add another client"))
    central_question = TextAreaField(
        _l("Central question"),
        description=_l("For example: What is needed so that Noor and Daan can grow up "
                       "safely?"),
        validators=[Optional(), Length(max=2000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 3})
    concerns = TextAreaField(
        _l("Concerns"),
        validators=[Optional(), Length(max=10000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 5})
    # What a work case asks (the form for a jobseeker shows these, and no child consent).
    work_goal = TextAreaField(
        _l("Work the jobseeker is looking for"),
        description=_l("For example: logistics planner, 24 to 32 hours, within 30 km."),
        validators=[Optional(), Length(max=2000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 2})
    work_sector = StringField(
        _l("Line of work aimed for"),
        description=_l("One or two words, for example: logistics. The network map looks for "
                       "people whose occupation or employer mentions it."),
        validators=[Optional(), Length(max=200, message=_l("Use at most %(max)d characters."))],
        render_kw={"autocomplete": "off"})
    last_job = TextAreaField(
        _l("Last job"),
        description=_l("What, where and until when."),
        validators=[Optional(), Length(max=2000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 2})
    availability = TextAreaField(
        _l("Availability"),
        description=_l("Hours or days a week, from when, how far they can travel."),
        validators=[Optional(), Length(max=2000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 2})
    barriers = TextAreaField(
        _l("What stands in the way"),
        description=_l("For example: no driving licence, health, childcare, language."),
        validators=[Optional(), Length(max=2000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 2})
    referrer_name = StringField(
        _l("Referrer's name"),
        validators=[Optional(), Length(max=200, message=_l("Use at most %(max)d characters."))],
        render_kw={"autocomplete": "off"})
    referrer_organisation = StringField(
        _l("Organisation"),
        description=_l("For example: Jeugdbescherming Regio Utrecht."),
        validators=[Optional(), Length(max=200, message=_l("Use at most %(max)d characters."))])
    referrer_role = StringField(
        _l("Role"), description=_l("For example: youth protection worker."),
        validators=[Optional(), Length(max=200, message=_l("Use at most %(max)d characters."))])
    referrer_email = StringField(
        _l("E-mail address"),
        description=_l("The personal link and its one-time codes are sent here."),
        validators=[Optional(), Email(_l("Enter an e-mail address such as "
                                         "name@example.org."), check_deliverability=False),
                    Length(max=254, message=_l("Use at most %(max)d characters."))],
        render_kw={"autocomplete": "off", "type": "email"})
    referrer_phone = StringField(
        _l("Phone"),
        validators=[Optional(), Length(max=40, message=_l("Use at most %(max)d characters."))],
        render_kw={"autocomplete": "off", "type": "tel"})
    staff_ids = MultiCheckboxField(_l("Coordinators and job coaches"), coerce=int,
                                   validators=[Optional()])
    referrer_ids = MultiCheckboxField(_l("Referrers with an account"), coerce=int,
                                      validators=[Optional()])

    def set_staff_choices(self, staff, referrers) -> None:
        self.staff_ids.choices = choices((u.id, u.name) for u in staff)
        self.referrer_ids.choices = choices((u.id, u.name) for u in referrers)

    @property
    def for_work(self) -> bool:
        """The form for a jobseeker: the work questions, and no child consent."""
        return self.kind.data == CaseKind.WORK.value

    def prepare_for_kind(self) -> str:
        """The hints of a jobseeker's form speak of work (called by the template)."""
        if self.for_work:
            self.central_question.description = WORK_QUESTION_HINT
            for entry in self.clients.entries:
                entry.form.consent_client_on.label.text = str(WORK_CONSENT_LABEL)
                entry.form.consent_client_on.description = WORK_CONSENT_HINT
                entry.form.birth_date.description = ""
        return ""

    def wants_more_clients(self) -> bool:
        """The "add another client" button was pressed: show one more, save nothing."""
        return bool(self.add_client.data) and len(self.clients.entries) < MAX_CLIENTS

    def validate(self, extra_validators=None) -> bool:
        """Clients marked "remove" are not checked (and not saved)."""
        self.clients.entries = [e for e in self.clients.entries if not e.form.remove.data]
        return super().validate(extra_validators)


class CaseForm(CaseFields, VersionedForm):
    """Editing a case: refused when someone saved the case after the form was filled."""


class NewCaseForm(CaseFields, OnceForm):
    """A new case: sent twice, it still makes one case."""

    bottom_lines = TextAreaField(
        _l("Bottom lines"),
        description=_l("The referrer's conditions that every plan must meet. One per line; "
                       "you can add, change and reorder them later."),
        validators=[Optional(), Length(max=10000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 4})

    def bottom_line_list(self) -> list[str]:
        return [line.strip() for line in (self.bottom_lines.data or "").splitlines()
                if line.strip()]

    def validate_bottom_lines(self, field) -> None:
        from wtforms.validators import ValidationError

        lines = self.bottom_line_list()
        if len(lines) > MAX_BOTTOM_LINES:
            raise ValidationError(_l("Enter at most %(max)d bottom lines.", max=MAX_BOTTOM_LINES))
        if any(len(line) > 1000 for line in lines):
            raise ValidationError(_l("Each bottom line can be at most 1000 characters."))


class BottomLineFields(FlaskForm):
    text = TextAreaField(
        _l("Bottom line"),
        validators=[DataRequired(_l("Enter the bottom line.")),
                    Length(max=1000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 2})


class NewBottomLineForm(BottomLineFields, OnceForm):
    """Adding a bottom line: sent twice, it still adds one."""


class BottomLineForm(BottomLineFields, VersionedForm):
    """Editing a bottom line: refused when someone saved it after the form was filled."""

    row_version = HiddenField(validators=[Optional(), Length(max=64)], render_kw={"id": False})


class MoveForm(FlaskForm):
    direction = SelectField(choices=["up", "down"],
                            validators=[DataRequired()])


class StatusForm(VersionedForm):
    """The next step of a case, taken from the version of the case the page showed."""

    status = SelectField(_l("New status"), validators=[DataRequired(_l("Choose a status."))])
    closed_reason_code = SelectField(
        _l("When closing: why"),
        description=_l("Counted in the organisation's figures, without names."),
        choices=lambda: [("", _l("Not closing / not said")),
                         *((r.value, label) for r, label in CLOSED_REASON_LABELS.items())],
        validators=[Optional()])
    reason = TextAreaField(
        _l("Reason"), description=_l("Why the status changes by hand; shown in the history."),
        validators=[Optional(), Length(max=2000, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 2})
    row_version = HiddenField(validators=[InputRequired()], render_kw={"id": False})


class CaseSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), validators=[Optional()])
    kind = SelectField(_l("Kind"), validators=[Optional()])


RULE_MESSAGES = {
    "birth_date_required": _l("Enter the client's date of birth (or at least the year): for "
                              "youth care the age decides whose consent is needed."),
    "birth_date_range": _l("Enter a date of birth in the past, in the form 2014-03-31."),
    "birth_year_mismatch": _l("The year of birth does not match the date of birth."),
    "client_required": _l("Enter at least one client."),
    "client_first_name_required": _l("Enter the client's first name."),
    "too_many_clients": _l("A case can have at most %(max)s clients."),
    "consent_in_future": _l("The date of consent cannot be in the future."),
    "consent_before_birth": _l("The date of consent cannot be before the date of birth."),
    "parents_names_required": _l("Enter the names of the parents or guardians who consented."),
    "bad_staff": _l("Choose coordinators and job coaches of your own organisation."),
    "bad_referrer": _l("Choose referrers of your own organisation."),
    "referrer_name_required": _l("Enter the referrer's name."),
    "referrer_email_invalid": _l("Enter an e-mail address such as name@example.org."),
    "illegal_status": _l("The case cannot move to that status from its current status."),
    "status_reason_required": _l("Say why the status changes: it is kept in the history."),
    "illegal_closed_reason": _l("Choose a reason for closing from the list."),
    "consent_missing": _l("Record the consent that the client's age requires before "
                          "preparation starts."),
    # Consent recorded, but not all that the client's age requires (cases.consent).
    "consent_parents_required": _l("For a child under 12 the parents consent: record their "
                                   "consent."),
    "consent_child_and_parents_required": _l("For a child of 12 to 15 both the child and the "
                                             "parents consent: record both."),
    "consent_client_required": _l("From 16 the client consents: record the client's "
                                  "consent."),
}
