"""Forms of the conference pages.

Forms carry the input and check its shape (required, lengths, dates); the rules (a
coordinator of the case, http(s) links only, phases, private time) live in the services,
which the views call and whose messages land at the same fields. An edit form carries the
``row_version`` of what it was filled from (``VersionedForm``), a create form a one-time
submission key (``OnceForm``), so that sending it twice makes one record.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from eigenkracht.conference import labels
from eigenkracht.conference.models import (
    ConferenceKind,
    InvitationRole,
    InvitationStatus,
    Participation,
    VenueKind,
)
from eigenkracht.core.forms import OnceForm, VersionedForm, choices
from eigenkracht.network.labels import LANGUAGE_LABELS, SECTOR_LABELS
from eigenkracht.network.models import Sector

TOO_LONG = _l("Use at most %(max)d characters.")
DATE_FORMAT = _l("Enter a date like 2027-03-31.")
TIME_FORMAT = _l("Enter a time like 14:30.")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _pairs(mapping) -> list:
    return choices((key.value, label) for key, label in mapping.items())


def _choice(label, mapping, message, **kwargs) -> SelectField:
    return SelectField(label, choices=_pairs(mapping), invalid_choice_message=message,
                       **kwargs)


def _length(limit: int) -> Length:
    return Length(max=limit, message=TOO_LONG)


class WhenFields:
    day = DateField(_l("Date"), format="%Y-%m-%d", invalid_value_message=DATE_FORMAT,
                    validators=[InputRequired(_l("Enter the date of the meeting."))])
    time = TimeField(_l("Start time"), format=["%H:%M", "%H:%M:%S"],
                     invalid_value_message=TIME_FORMAT,
                     description=_l("Local time (Amsterdam), like 14:30."),
                     validators=[InputRequired(_l("Enter the time the meeting starts."))])


class ConferenceFields(WhenFields, FlaskForm):
    """What planning and editing a conference ask."""

    kind = RadioField(_l("Kind of meeting"), choices=_pairs(labels.KIND_LABELS),
                      default=ConferenceKind.FIRST.value,
                      invalid_choice_message=_l("Choose the kind of meeting from the list."),
                      validators=[InputRequired(_l("Choose the kind of meeting."))])
    duration_minutes = IntegerField(
        _l("Expected duration in minutes"), default=180,
        description=_l("A conference often takes three hours or more."),
        validators=[InputRequired(_l("Enter the expected duration in minutes, like 180.")),
                    NumberRange(min=30, max=720,
                                message=_l("Enter a duration between 30 and 720 minutes."))],
        render_kw={"inputmode": "numeric", "class": "input-short"})
    venue_kind = RadioField(_l("Where"), choices=_pairs(labels.VENUE_LABELS),
                            default=VenueKind.ADDRESS.value,
                            invalid_choice_message=_l("Choose an address or online."),
                            validators=[InputRequired(_l("Choose an address or online."))])
    venue_address = TextAreaField(
        _l("Address of the venue"),
        description=_l("Leave empty while the venue is not booked yet."),
        validators=[Optional(), _length(300)], render_kw={"rows": 3})
    meeting_link = StringField(
        _l("Link of the online meeting"),
        description=_l("Starts with https://. Also for people who join by video."),
        validators=[Optional(), _length(500)],
        render_kw={"type": "url", "inputmode": "url", "autocomplete": "off"})
    languages = MultiCheckboxField(_l("Languages spoken"),
                                   choices=choices(LANGUAGE_LABELS.items()),
                                   validate_choice=False, validators=[Optional()])
    interpreter_languages = MultiCheckboxField(
        _l("Interpreters for"), description=_l("Tick every language an interpreter is needed "
                                               "for; none when nobody needs one."),
        choices=choices(LANGUAGE_LABELS.items()), validate_choice=False,
        validators=[Optional()])
    interpreter_booked = BooleanField(_l("The interpreter is booked"))
    childs_advocate = StringField(_l("Child's advocate"), validators=[Optional(), _length(200)],
                                  render_kw={"autocomplete": "off"})
    practical_notes = TextAreaField(
        _l("Practical notes"), description=_l("Food, transport, childcare."),
        validators=[Optional(), _length(5000)], render_kw={"rows": 4})
    coordinator_id = SelectField(_l("Coordinator"), validate_choice=False,
                                 validators=[Optional()])


class NewConferenceForm(ConferenceFields, OnceForm):
    """Plan a conference (or a review meeting)."""


class ConferenceForm(ConferenceFields, VersionedForm):
    """Edit a conference."""


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), _length(500)],
                           render_kw={"rows": 2})


class ChecklistForm(FlaskForm):
    done = SelectField(choices=choices([("1", "1"), ("0", "0")]),
                       validators=[InputRequired()])


class InviteForm(OnceForm):
    person_ids = MultiCheckboxField(_l("People of the map"), validate_choice=False,
                                    validators=[Optional()])
    role = SelectField(
        _l("Invite them as"), validate_choice=False, validators=[Optional()],
        choices=choices([("", _l("By their place on the map (family, network or "
                                 "information giver)")),
                         *((k.value, v) for k, v in labels.ROLE_LABELS.items())]))


class InvitationForm(VersionedForm):
    role = _choice(_l("Role"), labels.ROLE_LABELS, _l("Choose a role from the list."),
                   default=InvitationRole.NETWORK.value)
    status = _choice(_l("Status"), labels.STATUS_LABELS, _l("Choose a status from the list."),
                     default=InvitationStatus.TO_INVITE.value)
    participation = _choice(_l("Takes part"), labels.PARTICIPATION_LABELS,
                            _l("Choose how they take part from the list."),
                            default=Participation.IN_PERSON.value)
    needs_diet = StringField(_l("Diet"), validators=[Optional(), _length(300)],
                             description=_l("For example: halal, vegetarian, no nuts."))
    needs_access = StringField(_l("Access"), validators=[Optional(), _length(300)],
                               description=_l("For example: wheelchair, hearing loop."))
    suggestions = TextAreaField(
        _l("Who else should be there?"),
        description=_l("Names they suggest. Put someone on the map with the form below."),
        validators=[Optional(), _length(5000)], render_kw={"rows": 3})


class SuggestionForm(OnceForm):
    """A suggested person onto the map, and invited too if ticked: one step."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the person's name.")),
                                               _length(200)],
                       render_kw={"autocomplete": "off"})
    relation = StringField(_l("Relation to the client"), validators=[Optional(), _length(100)],
                           render_kw={"autocomplete": "off"})
    sector = _choice(_l("Sector"), SECTOR_LABELS, _l("Choose a sector from the list."),
                     default=Sector.FAMILY.value)
    invite = BooleanField(_l("Invite them to this conference too"), default=True)


class AttendanceForm(FlaskForm):
    attendance = SelectField(choices=choices([("present", _l("Present")),
                                              ("absent", _l("Absent"))]),
                             validate_choice=False, validators=[Optional()])


class PhaseForm(FlaskForm):
    target = HiddenField()
    current = HiddenField()
    confirm = HiddenField()  # "yes" once the sheet asked "start this phase?"


class UndoForm(FlaskForm):
    move = HiddenField()


class ParticipationForm(FlaskForm):
    participation = SelectField(choices=_pairs(labels.PARTICIPATION_LABELS),
                                validate_choice=False, validators=[Optional()])


class NoteCorrectionForm(FlaskForm):
    text = TextAreaField(_l("Corrected note"), validators=[Optional()], render_kw={"rows": 3})


class NoteForm(OnceForm):
    invitation_id = SelectField(_l("Information giver"), validate_choice=False,
                                validators=[Optional()])
    text = TextAreaField(_l("What they said"), validators=[Optional()],
                         render_kw={"rows": 4})


class FollowUpCallForm(OnceForm):
    """A follow-up call as it went."""

    called_on = DateField(_l("Date of the call"), format="%Y-%m-%d",
                          invalid_value_message=DATE_FORMAT,
                          validators=[InputRequired(_l("Enter the date of the call."))])
    reached = StringField(_l("Who did you speak to?"), validators=[Optional(), _length(200)],
                          description=_l("For example: mother Sanne, grandma Marijke."),
                          render_kw={"autocomplete": "off"})
    outcome = RadioField(_l("How did the call go?"), choices=_pairs(labels.CALL_OUTCOME_LABELS),
                         invalid_choice_message=_l("Choose how the call went."),
                         validators=[InputRequired(_l("Choose how the call went."))])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), _length(5000)],
                          render_kw={"rows": 4})
    next_step = TextAreaField(_l("Next step"), validators=[Optional(), _length(2000)],
                              render_kw={"rows": 2})
    next_call_on = DateField(_l("Call again on"), format="%Y-%m-%d",
                             invalid_value_message=DATE_FORMAT, validators=[Optional()],
                             description=_l("When nobody was reached. Empty: the next day."))


class ReviewForm(WhenFields, OnceForm):
    """Plan a review meeting from the to-do list or a plan."""


class ContactForm(VersionedForm):
    """An e-mail address or phone number for an invitee, from where the invitation is
    shown; ``row_version`` is the person's."""

    email = StringField(_l("E-mail"), validators=[Optional()],
                        render_kw={"type": "email", "autocomplete": "off", "maxlength": 254})
    phone = StringField(_l("Phone"), validators=[Optional()],
                        render_kw={"type": "tel", "autocomplete": "off", "maxlength": 40})


class EmptyForm(FlaskForm):
    """Only the CSRF token: for one-button actions."""
