"""The words of the figures: section headings, what each figure is, its unit."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eigenkracht.cases.forms import CLOSED_REASON_LABELS, STATUS_LABELS
from eigenkracht.jobs.labels import OUTCOME_LABELS
from eigenkracht.network.labels import LANGUAGE_LABELS

SECTIONS = {
    "path": _l("The path: from referral to a plan that holds"),
    "stopped_at": _l("Where cases stopped: the status they were closed from"),
    "closed_because": _l("Why cases were closed"),
    "times": _l("How long it takes (days)"),
    "conference": _l("The conference"),
    "languages": _l("Languages of the people who attended"),
    "network": _l("How the network grew between saved maps"),
    "reviews": _l("Review meetings"),
    "routines": _l("Routines kept"),
    "alerts": _l("“This is not working”"),
    "questionnaires": _l("Questionnaires: scores by role"),
    "work": _l("Work cases: contacts"),
    "contact_outcomes": _l("Contacts per outcome"),
    "placements": _l("Work cases: leads and placements"),
}

SECTION_NOTES = {
    "path": _l("The cases referred in the period, followed to where they are now."),
    "stopped_at": _l("The cases referred in the period that have been closed."),
    "closed_because": _l("The cases referred in the period that have been closed."),
    "times": _l("The cases referred in the period. Median: half of the cases took this long "
                "or less; 90th percentile: nine in ten did."),
    "conference": _l("The first conferences held in the period."),
    "languages": _l("Conferences in the period at which someone who speaks the language "
                    "attended."),
    "network": _l("Cases with at least two saved maps, the last one saved in the period: "
                  "people on the last map minus people on the first."),
    "reviews": _l("Review meetings held in the period, and what became of the plan."),
    "routines": _l("The repeating actions of accepted plans that ran in the period, and "
                   "whether anyone marked an occurrence done in it."),
    "alerts": _l("Alerts from the family page in the period: the monitor or someone with a "
                 "task said the plan is not working."),
    "questionnaires": _l("Questionnaires answered in the period after conferences and review "
                         "meetings, per role; children answer their own version. Averages: "
                         "satisfaction and feeling heard from 1 to 5, how well it is going from "
                         "0 to 10."),
    "work": _l("Contacts logged in the period for jobseekers."),
    "contact_outcomes": _l("Contacts logged in the period for jobseekers."),
    "placements": _l("Leads from the network noted in the period and how far they got; "
                     "placements started in the period; the checks due in the period: is "
                     "the jobseeker still in the job after 1, 3, 6 and 12 months?"),
}

FIGURES = {
    "referrals": _l("Referrals"),
    "conference_planned": _l("Conference planned"),
    "conference_held": _l("Conference held"),
    "accepted_first_time": _l("Plan accepted the first time"),
    "accepted_after_revision": _l("Plan accepted after revision"),
    "holding_at_review": _l("Plan holding at the review"),
    "to_conference_p50": _l("Referral to conference: median"),
    "to_conference_p90": _l("Referral to conference: 90th percentile"),
    "to_plan_p50": _l("Conference to accepted plan: median"),
    "to_plan_p90": _l("Conference to accepted plan: 90th percentile"),
    "to_review_p50": _l("Accepted plan to first review: median"),
    "to_review_p90": _l("Accepted plan to first review: 90th percentile"),
    "conferences_held": _l("Conferences held"),
    "invited": _l("People invited"),
    "attended": _l("People who attended"),
    "attended_per_conference": _l("Attended per conference (average)"),
    "network_size_p50": _l("Network size: median (people on the map)"),
    "sectors_p50": _l("Sectors the network spans: median (of 5)"),
    "outside_family_share": _l("Family and network who attended from outside the family (%)"),
    "interpreter_booked": _l("Conferences with an interpreter"),
    "maps_compared": _l("Cases with maps to compare"),
    "network_grew": _l("The network grew"),
    "network_same": _l("The network stayed the same size"),
    "network_shrank": _l("The network shrank"),
    "growth_p50": _l("Growth: median (people)"),
    "reviews_held": _l("Review meetings held"),
    "plan_continued": _l("The plan went on as it was"),
    "plan_adjusted": _l("The plan was adjusted (new version accepted)"),
    "adjustment_waiting": _l("An adjusted plan waits for a decision"),
    "routines": _l("Routines running"),
    "routines_kept": _l("Routines with an occurrence marked done"),
    "routines_not_kept": _l("Routines with nothing marked done"),
    "occurrences_done": _l("Occurrences marked done"),
    "cases_with_alerts": _l("Cases with an alert"),
    "alerts": _l("Alerts"),
    "alerts_by_monitor": _l("Raised by the monitor"),
    "alerts_by_task": _l("Raised by someone with a task"),
    "alerts_to_review": _l("Led to a review meeting"),
    "alerts_open": _l("Still open"),
    "leads": _l("Leads from the network"),
    "leads_to_interview": _l("Leads that reached an interview"),
    "leads_hired": _l("Leads that led to a job"),
    "placements_started": _l("Placements started"),
    "checked_1": _l("Checked after 1 month"),
    "held_1": _l("Still in the job after 1 month"),
    "checked_3": _l("Checked after 3 months"),
    "held_3": _l("Still in the job after 3 months"),
    "checked_6": _l("Checked after 6 months"),
    "held_6": _l("Still in the job after 6 months"),
    "checked_12": _l("Checked after 12 months"),
    "held_12": _l("Still in the job after 12 months"),
    "work_cases_with_contacts": _l("Jobseekers with contacts"),
    "contacts": _l("Contacts logged"),
    "closed": _l("Closed"),
    "not_recorded": _l("Not recorded"),
}

UNITS = {
    "cases": _l("cases"),
    "days": _l("days"),
    "people": _l("people"),
    "percent": _l("percent"),
    "sectors": _l("sectors"),
    "contacts": _l("contacts"),
    "conferences": _l("conferences"),
    "alerts": _l("alerts"),
    "routines": _l("routines"),
    "occurrences": _l("occurrences"),
    "leads": _l("leads"),
    "placements": _l("placements"),
    "answers": _l("answers"),
    "score5": _l("average, 1 to 5"),
    "score10": _l("average, 0 to 10"),
}

ROLE_WORDS = {
    "child": _l("Children"),
    "family": _l("Family"),
    "network": _l("Network"),
    "professional": _l("Professionals"),
}

QUESTION_WORDS = {
    "answers": _l("questionnaires answered"),
    "satisfaction_conference": _l("satisfied with the conference"),
    "satisfaction_plan": _l("satisfied with the plan"),
    "felt_heard": _l("felt heard"),
    "scale": _l("how well it is going"),
}


def figure_label(section: str, key: str) -> str:
    """What a figure is, in the user's language."""
    if section == "stopped_at" and key != "not_recorded":
        return str(STATUS_LABELS.get(key, key))  # type: ignore[call-overload]
    if section == "closed_because" and key != "not_recorded":
        return str(CLOSED_REASON_LABELS.get(key, key))  # type: ignore[call-overload]
    if section == "languages" and key != "not_recorded":
        return LANGUAGE_LABELS.get(key, key)
    if section == "questionnaires":
        role, _sep, question = key.partition(":")
        return _("%(role)s: %(question)s", role=ROLE_WORDS.get(role, role),
                 question=QUESTION_WORDS.get(question, question))
    if section == "contact_outcomes":
        return str(OUTCOME_LABELS.get(key, key))  # type: ignore[call-overload]
    return str(FIGURES.get(key, key))
