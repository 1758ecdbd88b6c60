"""Routes of the job coaches: goals, contacts and progress of a work case; the caseload.

``{work_case}`` is the world's jobseeker (kind work), assigned to the coordinator and the
referrer like ``{case}`` (tests/jobs/test_access.py shows that the same pages answer 404
for a case of another kind).
"""

from tests.permissions import (
    ALLOW,
    CASE_EDIT,
    CASE_VIEW,
    FORBIDDEN,
    LOGIN,
    Route,
    rule,
)

# Job coaches and coordinators see their own jobseekers, admins all of them; referrers 403.
CASELOAD = rule(ALLOW, anonymous=LOGIN, referrer=FORBIDDEN, privacy_officer=FORBIDDEN,
                manager=FORBIDDEN)

W = "/cases/{work_case}"

ROUTES = {
    "jobs.goals": Route("GET", W + "/goals", CASE_VIEW),
    "jobs.add_goal": Route("POST", W + "/goals", CASE_EDIT,
                           {"text": "Werk als planner", "target_date": ""}),
    "jobs.edit_goal": Route("GET", W + "/goals/{goal}", CASE_EDIT),
    "jobs.remove_goal": Route("POST", W + "/goals/{goal}/delete", CASE_EDIT),
    "jobs.add_step": Route("POST", W + "/goals/{goal}/steps", CASE_EDIT),
    "jobs.step_done": Route("POST", W + "/steps/{step}/done", CASE_EDIT, {"done": "1"}),
    "jobs.remove_step": Route("POST", W + "/steps/{step}/delete", CASE_EDIT),
    "jobs.edit_step": Route("GET", W + "/steps/{step}", CASE_EDIT),
    "jobs.move_goal": Route("POST", W + "/goals/{goal}/move", CASE_EDIT, {"direction": "up"}),
    "jobs.move_step": Route("POST", W + "/steps/{step}/move", CASE_EDIT, {"direction": "up"}),
    "jobs.contacts": Route("GET", W + "/contacts", CASE_VIEW),
    "jobs.new_contact": Route("GET", W + "/contacts/new", CASE_EDIT),
    "jobs.edit_contact": Route("GET", W + "/contacts/{contact}", CASE_EDIT),
    "jobs.remove_contact": Route("POST", W + "/contacts/{contact}/delete", CASE_EDIT),
    "jobs.follow_up_done": Route("POST", W + "/contacts/{contact}/follow-up", CASE_EDIT,
                                 {"done": "1"}),
    "jobs.progress": Route("GET", W + "/progress", CASE_VIEW),
    "jobs.progress_svg": Route("GET", W + "/progress.svg", CASE_VIEW),
    "jobs.leads": Route("GET", W + "/leads", CASE_VIEW),
    "jobs.add_lead": Route("POST", W + "/leads", CASE_EDIT,
                           {"kind": "vacancy", "title": "Planner"}),
    "jobs.move_lead": Route("POST", W + "/leads/{lead}/stage", CASE_EDIT),
    "jobs.remove_lead": Route("POST", W + "/leads/{lead}/delete", CASE_EDIT),
    "jobs.placements": Route("GET", W + "/placements", CASE_VIEW),
    "jobs.add_placement": Route("POST", W + "/placements", CASE_EDIT,
                                {"employer": "Vos", "started_on": "2026-01-05",
                                 "hours_per_week": "32", "contract": "permanent"}),
    "jobs.remove_placement": Route("POST", W + "/placements/{placement}/delete", CASE_EDIT),
    "jobs.check_done": Route("POST", W + "/placement-checks/{check}", CASE_EDIT),
    "jobs.reopen_check": Route("POST", W + "/placement-checks/{check}/reopen", CASE_EDIT),
    "jobs.caseload": Route("GET", "/jobs/caseload", CASELOAD),
    "jobs.caseload_export": Route("GET", "/jobs/caseload.csv", CASELOAD),
    "jobs.follow_ups": Route("GET", "/jobs/follow-ups", CASELOAD),
    "jobs.digest_setting": Route("POST", "/jobs/digest", CASELOAD, {"morning_digest": "y"}),
}
