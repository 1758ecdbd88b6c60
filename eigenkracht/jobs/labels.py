"""Translatable words for the job coaches' choices and broken rules, shared by forms, pages,
the chart and the CSV export."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eigenkracht.jobs.models import ContactChannel, ContactOutcome, GoalStatus

GOAL_STATUS_LABELS = {
    GoalStatus.OPEN: _l("Open"),
    GoalStatus.REACHED: _l("Reached"),
    GoalStatus.DROPPED: _l("Dropped"),
}

CHANNEL_LABELS = {
    ContactChannel.PHONE: _l("Phone"),
    ContactChannel.EMAIL: _l("E-mail"),
    ContactChannel.IN_PERSON: _l("In person"),
    ContactChannel.MESSAGE: _l("Message or app"),
    ContactChannel.SOCIAL_MEDIA: _l("Social media"),
    ContactChannel.OTHER: _l("Other"),
}

OUTCOME_LABELS = {
    ContactOutcome.INTRODUCTION: _l("Introduction made"),
    ContactOutcome.TIP: _l("Vacancy tip received"),
    ContactOutcome.ADVICE: _l("Advice"),
    ContactOutcome.NO_ANSWER: _l("No answer"),
    ContactOutcome.NOT_NOW: _l("Not now"),
}

# The words for the job coaches' broken rules (``core.rules``; "too long" and "control
# characters" are the app's common ones). ``create_app`` registers them.
RULE_MESSAGES = {
    "text_required": _l("Enter what the goal is."),
    "step_required": _l("Enter what the step is."),
    "status_invalid": _l("Choose a status from the list."),
    "target_in_past": _l("Choose a target date from today on."),
    "target_too_far": _l("Choose a target date within the next ten years."),
    "person_required": _l("Choose the person who was contacted."),
    "contact_person_unknown": _l("Choose someone who is on this jobseeker's network map."),
    "person_is_client": _l("Choose someone of the network, not the jobseeker."),
    "date_required": _l("Enter the date of the contact."),
    "date_in_future": _l("The date of the contact cannot be in the future."),
    "date_too_old": _l("Enter a date in the last five years."),
    "channel_invalid": _l("Choose how the contact went: phone, e-mail, in person and so on."),
    "outcome_invalid": _l("Choose what came of the contact."),
    "follow_up_before_contact": _l("The follow-up date cannot be before the date of the "
                                   "contact."),
    "follow_up_too_far": _l("Choose a follow-up date within the next two years."),
    "not_a_work_case": _l("Goals and contacts are kept for jobseekers (cases of kind work)."),
}

# Why a date field could not be read at all.
DATE_FORMAT_MESSAGE = _l("Enter a real date, like 2026-03-31.")
