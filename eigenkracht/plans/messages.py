"""The words of the plan feature: labels of statuses and sections, and the messages of its
rules. Services raise ``core.rules.RuleError`` or ``Locked`` with a code; ``create_app``
registers ``RULE_MESSAGES`` and ``LOCK_MESSAGES`` and ``core.rules`` words them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eigenkracht.plans.models import ActionStatus, Decision, PlanStatus

PLAN_STATUS_LABELS = {
    PlanStatus.DRAFT: _l("Draft"),
    PlanStatus.PRESENTED: _l("Presented, waiting for the decision"),
    PlanStatus.ACCEPTED: _l("Accepted"),
    PlanStatus.NOT_ACCEPTED: _l("Not accepted, being revised"),
    PlanStatus.SUPERSEDED: _l("Replaced by a later version"),
}

DECISION_LABELS = {
    Decision.ACCEPTED: _l("Accepted"),
    Decision.ACCEPTED_WITH_CHANGES: _l("Accepted with changes"),
    Decision.NOT_ACCEPTED: _l("Not accepted"),
}

ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.IN_PROGRESS: _l("In progress"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.NOT_DONE: _l("Not done"),
}

# The sections of a plan, in the order of the plan page and the edit form.
SECTION_LABELS = {
    "central_question": _l("Central question"),
    "going_well": _l("What is going well"),
    "concerns": _l("Concerns"),
    "bottom_lines": _l("Bottom lines and how the plan meets them"),
    "actions": _l("Actions"),
    "agreements": _l("Other agreements"),
    "monitor": _l("Monitor"),
    "contingency": _l("If the plan does not work"),
    "childs_view": _l("The child's view"),
    "evaluation_date": _l("Evaluation date"),
    "recipients": _l("Who receives the plan"),
}

# What compare and the audit log call the fields of an action.
ACTION_FIELD_LABELS = {
    "what": _l("What"),
    "people": _l("Who"),
    "when_date": _l("Date"),
    "when_text": _l("Repeating moment"),
    "support_needed": _l("Support needed"),
    "serves": _l("Bottom line it serves"),
    "serves_concern": _l("Concern it serves"),
    "repeat": _l("Repeats"),
}

GROUP_LABELS = {
    "none": _l("In the plan's order"),
    "person": _l("By person"),
    "bottom_line": _l("By bottom line"),
    "status": _l("By status"),
}

RULE_MESSAGES = {
    "too_long": _l("Use at most %(limit)s characters."),
    "control_characters": _l("Remove the invisible control characters from this text."),
    "plan_exists": _l("This case already has a plan. Open it, or make a new version at a "
                      "review meeting."),
    "conference_unknown": _l("Choose a conference of this case."),
    "monitor_unknown": _l("Choose the monitor from the people on the map of this case."),
    "monitor_is_client": _l("The monitor keeps an eye on the plan for the client: choose "
                            "someone from the network, not the client."),
    "person_deceased": _l("%(name)s has died: choose someone else."),
    "evaluation_before_conference": _l("The evaluation date cannot be before the conference "
                                       "(%(day)s)."),
    "date_range": _l("Enter a date between the year 2000 and three years from now."),
    "what_required": _l("Say what will be done."),
    "people_required": _l("Choose at least one person who is responsible: someone from the "
                          "network or the client."),
    "person_unknown": _l("Choose people who are on the map of this case."),
    "when_required": _l("Say when: a date, or a repeating moment such as “every Wednesday "
                        "after school”."),
    "date_before_conference": _l("The date cannot be before the conference (%(day)s)."),
    "serves_unknown": _l("Choose a bottom line of this plan."),
    "status_invalid": _l("Choose a status from the list."),
    "update_empty": _l("Choose a new status or write a note."),
    "order_mismatch": _l("The list of actions has changed in the meantime. Reload the page "
                         "and try again."),
    "confirm_missing": _l("Some sections are still empty. Tick the box to present the plan "
                          "anyway, or fill them in first."),
    "bottom_lines_out_of_date": _l("The bottom lines of the case have changed since the plan "
                                   "was made. Update them in the plan before presenting it."),
    "conference_not_ready": _l("The family presents its plan after private family time. "
                               "Move the conference to the plan presentation first."),
    "private_time": _l("The family is in private family time: nothing can be recorded now."),
    "cancelled": _l("The conference of this plan has been cancelled."),
    "decision_required": _l("Choose the decision."),
    "met_required": _l("Say whether the plan meets this bottom line."),
    "action_unknown": _l("Choose actions of this plan."),
    "reason_required": _l("Give the reason for this decision."),
    "reason_unmet": _l("The plan leaves a bottom line unmet: it can only be accepted with a "
                       "written reason."),
    "referrer_required": _l("Say for which referrer you record the decision."),
    "not_presented": _l("Only a plan that has been presented can be decided."),
    "not_latest": _l("Only the latest version of the plan can get a new version."),
    "not_accepted_yet": _l("A new version is made from the accepted plan."),
    "draft_exists": _l("There is already a newer version of this plan."),
    "same_version": _l("Choose two different versions to compare."),
    "version_unknown": _l("Choose versions of this plan."),
    "no_evaluation_date": _l("The plan has no evaluation date."),
    "review_exists": _l("A review meeting has already been planned."),
    "first_call_unknown": _l("Choose who is called first from the people on the map of this "
                             "case."),
    "sign_not_accepted": _l("Only an accepted plan can be signed."),
    "signer_unknown": _l("Only the people of the plan can sign it."),
    "typed_name_required": _l("Type your name to sign."),
    "already_signed": _l("This version has already been signed by this person."),
    "repeat_invalid": _l("Choose how the action repeats from the list."),
    "repeat_needs_date": _l("A repeating action needs the date it starts."),
    "repeat_days_required": _l("Choose at least one day of the week."),
    "repeat_day_invalid": _l("Choose days of the week from the list."),
    "repeat_until_before_start": _l("The last day cannot be before the day it starts."),
    "not_a_routine": _l("This action does not repeat."),
    "routine_closed": _l("This action is closed."),
    "no_occurrence_now": _l("There is nothing to mark done for now."),
    "occurrence_already_done": _l("This time has already been marked done."),
}

# Why a version cannot be changed: the page that refuses an edit says this.
LOCK_MESSAGES = {
    "accepted": _l("This version of the plan was accepted on %(day)s and is frozen: it can "
                   "only be followed (the status and updates of its actions). To change the "
                   "plan, make a new version at a review meeting."),
    "superseded": _l("This version of the plan has been replaced by version %(version)s and "
                     "can no longer be changed."),
    "presented": _l("This version of the plan has been presented and is waiting for the "
                    "referrer's decision. Take it back to draft to change it."),
    "plan_private_time": _l("The family is in private family time: nothing can be recorded "
                            "now. The plan can be changed again when the family presents it."),
}

