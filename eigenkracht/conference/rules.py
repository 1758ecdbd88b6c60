"""The words for the broken rules of the conference feature.

Services raise ``core.rules.RuleError`` with one of these codes and, where it belongs to
one, a field; ``create_app`` registers the messages, and views show them with
``core.rules.refusals`` (at the field, or above the form).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

RULE_MESSAGES = {
    "starts_at_required": _l("Enter the date and the time of the conference."),
    "starts_at_range": _l("Enter a date between the year 2000 and three years from now."),
    "time_does_not_exist": _l("This time does not exist on that day: the clocks go forward "
                              "an hour. Choose another time."),
    "duration_range": _l("Enter a duration between 30 and 720 minutes."),
    "venue_kind_invalid": _l("Choose whether the conference is at an address or online."),
    "link_invalid": _l("Enter a web address that starts with https:// or http://, like "
                       "https://meet.example.nl/abc."),
    "languages_invalid": _l("Choose languages from the list."),
    "contact_required": _l("Enter an e-mail address or a phone number."),
    "coordinator_invalid": _l("Choose a coordinator who is assigned to this case."),
    "kind_invalid": _l("Choose the kind of meeting from the list."),
    "illegal_move": _l("The conference cannot go from “%(current)s” to “%(target)s”."),
    "conference_private_time": _l("The family is in private family time: nothing about the "
                                  "conference can be recorded now."),
    "conference_cancelled": _l("This conference has been cancelled: it can no longer be "
                               "changed."),
    "not_cancellable": _l("Only a conference that has not started yet can be cancelled."),
    "invitees_required": _l("Choose at least one person to invite."),
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
    "undo_not_last": _l("Only the last tap can be undone, and nothing has happened since."),
    "undo_too_late": _l("More than two minutes have passed: this step can no longer be "
                        "undone."),
    "register_closed": _l("The conference is closed: the register can no longer be "
                          "changed."),
    "note_closed": _l("The conference is closed: its notes can no longer be changed."),
    "note_unchanged": _l("The note is the same as before: change the text to correct it."),
    "call_outcome_invalid": _l("Choose how the call went."),
    "call_date_invalid": _l("Enter the date of the call, not in the future."),
    "next_call_invalid": _l("Enter a date for the next call after the date of this call."),
    "next_call_required": _l("Enter when to call again."),
    "call_undo_invalid": _l("Only the last call can be undone."),
}
