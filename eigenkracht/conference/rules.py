"""Broken rules of the conference feature and the words for them.

Services raise ``ConferenceRuleError`` with a code and, where it belongs to one, a field;
views put ``rule_message(error)`` at that field or above the form.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l


class ConferenceRuleError(ValueError):
    """A rule was broken: ``code`` says which, ``field`` where (if at a field)."""

    def __init__(self, code: str, field: str | None = None, **params: Any):
        super().__init__(code)
        self.code, self.field, self.params = code, field, params


class StaleEdit(Exception):
    """Someone saved the object after this edit started."""


RULE_MESSAGES = {
    "starts_at_required": _l("Enter the date and the time of the conference."),
    "starts_at_range": _l("Enter a date between the year 2000 and three years from now."),
    "time_does_not_exist": _l("This time does not exist on that day: the clocks go forward "
                              "an hour. Choose another time."),
    "duration_range": _l("Enter a duration between 30 and 720 minutes."),
    "venue_kind_invalid": _l("Choose whether the conference is at an address or online."),
    "link_invalid": _l("Enter a web address that starts with https:// or http://, like "
                       "https://meet.example.nl/abc."),
    "language_invalid": _l("Choose languages from the list."),
    "coordinator_invalid": _l("Choose a coordinator who is assigned to this case."),
    "too_long": _l("Use at most %(limit)s characters."),
    "control_characters": _l("Remove the invisible control characters from this text."),
    "kind_invalid": _l("Choose the kind of meeting from the list."),
    "illegal_move": _l("The conference cannot go from “%(current)s” to “%(target)s”."),
    "private_time": _l("The family is in private family time: nothing about the conference "
                       "can be recorded now."),
    "cancelled": _l("This conference has been cancelled: it can no longer be changed."),
    "not_cancellable": _l("Only a conference that has not started yet can be cancelled."),
    "people_required": _l("Choose at least one person to invite."),
    "person_unknown": _l("Choose people who are on the map of this case."),
    "already_invited": _l("%(name)s is already invited to this conference."),
    "role_invalid": _l("Choose a role from the list."),
    "status_invalid": _l("Choose a status from the list."),
    "participation_invalid": _l("Choose how they take part from the list."),
    "removal_after_start": _l("The conference has started, so the invitation stays on record. "
                              "Mark them absent instead."),
    "note_outside_information": _l("Notes of information givers can only be added during the "
                                   "information phase."),
    "note_required": _l("Enter what the information giver said."),
    "giver_required": _l("Choose the information giver."),
    "giver_invalid": _l("Choose an information giver who is invited to this conference."),
    "attendance_invalid": _l("Choose present or absent."),
    "attendance_too_early": _l("The attendance register opens on the day of the conference."),
    "follow_up_not_due": _l("This conference has no follow-up call to do."),
}


def rule_message(error: ConferenceRuleError) -> str:
    """The message for ``error`` in the language of the request."""
    message = RULE_MESSAGES[error.code]
    params = {k: str(v) for k, v in error.params.items() if v is not None}
    return str(message % params) if params else str(message)


def field_error(form, error: ConferenceRuleError, fields: dict[str, str] | None = None) -> None:
    """Put the rule's message at its field (``fields`` maps service names to form names),
    else above the form."""
    name = (fields or {}).get(error.field, error.field) if error.field else None
    field = form[name] if name and name in form else None
    message = rule_message(error)
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)
