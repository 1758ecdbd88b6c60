"""Translatable words for the job coaches' choices and broken rules, shared by forms, pages,
the chart and the CSV export."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eigenkracht.jobs.models import (
    ContactChannel,
    ContactOutcome,
    ContractKind,
    FollowUpKind,
    GoalStatus,
    LeadKind,
    LeadStage,
)

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
    ContactOutcome.INTERVIEW_PLANNED: _l("Interview planned"),
    ContactOutcome.INTERVIEW_HELD: _l("Interview held"),
    ContactOutcome.OFFER: _l("Job offer"),
    ContactOutcome.HIRED: _l("Hired"),
    ContactOutcome.NOT_HIRED: _l("Not hired"),
}

# What kind of follow-up a row of the coach's lists is.
FOLLOW_UP_KIND_LABELS = {
    FollowUpKind.CONTACT: _l("Follow-up"),
    FollowUpKind.PLACEMENT_CHECK: _l("Placement check"),
}

LEAD_KIND_LABELS = {
    LeadKind.VACANCY: _l("Vacancy"),
    LeadKind.INTRODUCTION: _l("Introduction"),
}

LEAD_STAGE_LABELS = {
    LeadStage.IDEA: _l("Idea"),
    LeadStage.ASKED: _l("Asked"),
    LeadStage.INTRODUCED: _l("Introduced"),
    LeadStage.INTERVIEW: _l("Interview"),
    LeadStage.HIRED: _l("Hired"),
    LeadStage.CLOSED: _l("Closed"),
}

CONTRACT_LABELS = {
    ContractKind.PERMANENT: _l("Permanent contract"),
    ContractKind.FIXED_TERM: _l("Fixed-term contract"),
    ContractKind.TEMP_AGENCY: _l("Through an employment agency"),
    ContractKind.ON_CALL: _l("On-call contract"),
    ContractKind.TRIAL: _l("Trial placement"),
    ContractKind.OTHER: _l("Other"),
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
    "done_in_future": _l("The date cannot be in the future."),
    "date_before_start": _l("The date cannot be before the start."),
    "done_before_contact": _l("The follow-up cannot be done before the date of the contact."),
    "done_before_start": _l("The check cannot be done before the placement started."),
    "done_date_required": _l("Enter the date the check was done."),
    "held_required": _l("Say whether the jobseeker still has this job."),
    "employer_required": _l("Enter the employer."),
    "start_required": _l("Enter the start date."),
    "start_too_far": _l("Choose a start date within the next year."),
    "hours_required": _l("Enter the hours a week."),
    "hours_range": _l("Enter the hours a week as a whole number from 1 to 60."),
    "contract_invalid": _l("Choose the kind of contract from the list."),
    "lead_unknown": _l("Choose a lead of this jobseeker."),
    "lead_closed": _l("This lead is closed; choose another one or none."),
    "lead_person_required": _l("Choose the person the lead came from."),
    "lead_kind_invalid": _l("Choose whether it is a vacancy or an introduction."),
    "lead_title_required": _l("Enter what the lead is, for example the job."),
    "lead_stage_invalid": _l("Choose a stage from the list."),
    "lead_stage_move": _l("A lead moves forward or is closed; a hired or closed lead stays "
                          "where it is."),
    "stage_before_noted": _l("The date cannot be before the lead came up."),
    "follow_up_unknown": _l("The follow-up this contact answers was not found on this "
                            "jobseeker's contacts."),
}

# Why a date field could not be read at all.
DATE_FORMAT_MESSAGE = _l("Enter a real date, like 2026-03-31.")
