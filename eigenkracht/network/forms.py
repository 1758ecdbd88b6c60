"""Forms of the network map.

The forms only carry the input: the rules (required name, lengths, known choices, ranges)
live in ``validation.py`` so that the forms and the CSV import say the same thing. Choices
are therefore not checked by WTForms (``validate_choice=False``); a value that is not on the
list gets the rule's message at its field.

Edit forms carry the ``row_version`` of the person they were filled from (``VersionedForm``),
so a save made on an older copy is refused; forms that create something carry a one-time
``submission`` key (``OnceForm``), so sending one twice creates once.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Optional

from eigenkracht.core.forms import OnceForm, VersionedForm, choices
from eigenkracht.network import labels
from eigenkracht.network.models import Gender, Sector, TieQuality
from eigenkracht.network.validation import PersonData


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _pairs(mapping) -> list:
    return choices((key.value, label) for key, label in mapping.items())


NOT_KNOWN = _l("Not known")


def _optional_pairs(mapping) -> list:
    return choices([("", NOT_KNOWN), *((key.value, label) for key, label in mapping.items())])


def ring_choices() -> list:
    return choices((str(n), _l("%(ring)s · %(label)s", ring=n, label=label))
                   for n, label in labels.RING_LABELS.items())


def _select(label, mapping, **kwargs) -> SelectField:
    return SelectField(label, choices=_pairs(mapping), validate_choice=False, **kwargs)


class QuickAddForm(OnceForm):
    """One row: name, relation, sector and ring, so that twenty people go in fast."""

    name = StringField(_l("Name"), render_kw={"autocomplete": "off"})
    relation = StringField(_l("Relation to the client"),
                           render_kw={"autocomplete": "off", "placeholder": _l("e.g. aunt")})
    sector = _select(_l("Sector"), labels.SECTOR_LABELS, default=Sector.FAMILY.value)
    ring = SelectField(_l("Ring"), choices=ring_choices(), validate_choice=False, default="2")
    confirm_duplicate = BooleanField(_l("This is someone else: add them anyway"))


class ClientForm(VersionedForm):
    """What can be recorded about the client on the map (name and birth year: the case)."""

    gender = _select(_l("Gender"), labels.GENDER_LABELS, default=Gender.UNKNOWN.value,
                     description=_l("Used for the genogram: a square for men, a circle for "
                                    "women."))
    language = SelectField(_l("Language"), validate_choice=False, default="nl",
                           choices=choices(labels.LANGUAGE_LABELS.items()))
    phone = StringField(_l("Phone"), render_kw={"autocomplete": "off", "type": "tel"})
    email = StringField(_l("E-mail"), render_kw={"autocomplete": "off", "type": "email"})
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 3})


class PersonForm(ClientForm):
    """Everything about one person of the network."""

    name = StringField(_l("Name"), render_kw={"autocomplete": "off"})
    relation = StringField(_l("Relation to the client"),
                           description=_l("For example: grandmother, neighbour, football "
                                          "coach."),
                           render_kw={"autocomplete": "off"})
    sector = _select(_l("Sector"), labels.SECTOR_LABELS, default=Sector.FAMILY.value)
    ring = SelectField(_l("Ring"), choices=ring_choices(), validate_choice=False, default="2",
                       description=_l("How close this person is to the client."))
    support = MultiCheckboxField(_l("Support given"), choices=_pairs(labels.SUPPORT_LABELS),
                                 validate_choice=False)
    support_direction = SelectField(
        _l("Direction of support"), validate_choice=False, default="",
        choices=_optional_pairs(labels.DIRECTION_LABELS))
    contact_frequency = SelectField(_l("How often in contact"), validate_choice=False, default="",
                                    choices=_optional_pairs(labels.FREQUENCY_LABELS))
    known_for = SelectField(_l("Known for"), validate_choice=False, default="",
                            choices=_optional_pairs(labels.KNOWN_FOR_LABELS))
    birth_year = StringField(_l("Year of birth"),
                             render_kw={"inputmode": "numeric", "autocomplete": "off",
                                        "maxlength": 4})
    deceased = BooleanField(_l("Deceased"))
    occupation = StringField(_l("Occupation"), render_kw={"autocomplete": "off"})
    employer = StringField(_l("Employer"), render_kw={"autocomplete": "off"})
    can_help_with = MultiCheckboxField(_l("Can help with"), choices=_pairs(labels.HELP_LABELS),
                                       validate_choice=False)
    on_map_since = StringField(_l("In the network since"),
                               description=_l("Leave empty for the day they were added. For "
                                              "a case entered late: the day this person "
                                              "came into the network."),
                               render_kw={"type": "date", "autocomplete": "off"})

    def without_work_fields(self) -> PersonForm:
        for name in ("occupation", "employer", "can_help_with", "on_map_since"):
            delattr(self, name)
        return self


class NewPersonForm(OnceForm, PersonForm):
    """The full form, to add someone to the map (its ``row_version`` is not used: nothing
    is saved yet)."""


class TieForm(OnceForm):
    other_id = SelectField(_l("Other person"), validate_choice=False)
    kind = SelectField(_l("Kind of tie"), choices=_pairs(labels.TIE_KIND_LABELS),
                       validate_choice=False)
    quality = _select(_l("Quality"), labels.QUALITY_LABELS, default=TieQuality.ORDINARY.value)


class SnapshotForm(OnceForm):
    label = StringField(_l("Label"), validators=[Optional()],
                        description=_l("For example: Intake, or Before the conference."),
                        render_kw={"autocomplete": "off", "maxlength": 200})
    as_of = StringField(_l("As of"), validators=[Optional()],
                        description=_l("Leave empty for today. For a map entered late: the "
                                       "day it stood for."),
                        render_kw={"type": "date", "autocomplete": "off"})

    @property
    def as_of_date(self):
        """The typed day as a date, None when empty, the text when it cannot be read."""
        return _date(self.as_of.data)


class CompareForm(FlaskForm):
    class Meta:
        csrf = False

    older = SelectField(_l("Older map"), validate_choice=False)
    newer = SelectField(_l("Newer map"), validate_choice=False)


class ImportForm(OnceForm):
    file = FileField(_l("CSV file"),
                     description=_l("UTF-8, separated by commas or semicolons, at most 1 MB "
                                    "and 1000 people. The first row names the columns."),
                     validators=[FileRequired(_l("Choose a CSV file."))])
    confirm_duplicates = BooleanField(_l("Import them anyway: these are other people"))


def person_data(form: FlaskForm, base: PersonData | None = None) -> PersonData:
    """The form's input as ``PersonData`` (fields the form lacks come from ``base``)."""
    data = base or PersonData(name="")
    for name in ("name", "relation", "phone", "email", "notes", "occupation", "employer",
                 "language", "sector", "gender"):
        if name in form:
            setattr(data, name, form[name].data or "")
    for name in ("support_direction", "contact_frequency", "known_for"):
        if name in form:
            setattr(data, name, form[name].data or None)
    for name in ("support", "can_help_with"):
        if name in form:
            setattr(data, name, list(form[name].data or []))
    if "ring" in form:
        data.ring = _int(form.ring.data, default=form.ring.data)
    if "birth_year" in form:
        year = (form.birth_year.data or "").strip()
        data.birth_year = _int(year, default=-1) if year else None
    if "deceased" in form:
        data.deceased = bool(form.deceased.data)
    return _dates(form, data)


def _dates(form: FlaskForm, data: PersonData) -> PersonData:
    if "on_map_since" in form:
        data.on_map_since = _date(form.on_map_since.data)
    return data


def _date(value):
    """A typed date (YYYY-MM-DD) as a date; empty as None; anything else as the text, for
    the rules to refuse."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text) if len(text) == 10 else text
    except ValueError:
        return text


def _int(value, default):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default
