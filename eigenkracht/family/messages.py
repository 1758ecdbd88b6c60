"""The words of personal links: messages of their rules, worded for the person reading.

``create_app`` registers ``MESSAGES`` with ``core.rules``. The family page words the plan's
refusals of an update in these words too (``PLAN_CODES``: the plan's code → the family's).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "link_person_unknown": _l("Choose someone of this family's network."),
    "link_person_deceased": _l("This person has died; a link cannot be made for them."),
    "code_length": _l("An access code has %(min)s to %(max)s characters."),
    "update_status_invalid": _l("Choose: in progress or done."),
    "too_long": _l("Use at most %(limit)s characters."),
    "note_control_characters": _l("The note contains characters that cannot be saved."),
    "family_update_empty": _l("Choose a status or write a note."),
    "no_email": _l("This person has no e-mail address in the network map."),
    "family_superseded": _l("This plan has been replaced by a newer version. Reload the page."),
    "link_revoked": _l("This link has been revoked; make a new one."),
    # reminders (family/reminders.py)
    "reminder_channel_invalid": _l("Choose: no reminders, e-mail or text message."),
    "reminder_moment_invalid": _l("Choose: the day before or the morning itself."),
    "reminder_time_invalid": _l("Write a time like 18:30."),
    "reminder_no_email": _l("The coordinator has no e-mail address of yours. Ask them to add "
                            "it, or choose a text message."),
    "reminder_no_phone": _l("The coordinator has no phone number of yours. Ask them to add "
                            "it, or choose e-mail."),
    # after the conference (issue 20): "this is not working" and the questionnaire
    "alert_not_allowed": _l("Only the people with a task in the plan and the person who "
                            "keeps an eye on it can say this."),
    "alert_handled": _l("This has already been dealt with."),
    "evaluation_choice": _l("Choose one of the answers."),
    "evaluation_empty": _l("Answer at least one question."),
    "evaluation_answered": _l("You have already answered these questions. Thank you!"),
    "evaluation_comment_too_long": _l("Use at most 1000 characters."),
    "evaluation_comment_control_characters": _l("The text contains characters that cannot "
                                                "be saved."),
}

# The plan's codes (``plans.actions.add_update``) in the family's words.
PLAN_CODES = {
    "person_unknown": "link_person_unknown",
    "status_invalid": "update_status_invalid",
    "control_characters": "note_control_characters",
    "update_empty": "family_update_empty",
    "superseded": "family_superseded",
}
