"""Routes of the family plan: versions, sections, actions, presenting, the decision,
comparing and the follow-up. The referrer may view and decide, but not edit."""

from tests.permissions import CASE_EDIT, CASE_VIEW, Route

PLAN = "/cases/{case}/plan"
VERSION = PLAN + "/v{plan_version}"
ACTION = VERSION + "/actions/{action}"

ROUTES = {
    "plans.current": Route("GET", PLAN, CASE_VIEW),
    "plans.create": Route("POST", PLAN, CASE_EDIT),
    "plans.show": Route("GET", VERSION, CASE_VIEW),
    "plans.edit": Route("GET", VERSION + "/edit", CASE_EDIT),
    "plans.refresh_bottom_lines": Route("POST", VERSION + "/bottom-lines", CASE_EDIT),
    "plans.present": Route("GET", VERSION + "/present", CASE_EDIT),
    "plans.withdraw": Route("POST", VERSION + "/withdraw", CASE_EDIT),
    "plans.new_version": Route("POST", VERSION + "/new-version", CASE_EDIT),
    "plans.compare": Route("GET", PLAN + "/compare", CASE_VIEW),
    "plans.follow_up": Route("GET", PLAN + "/follow-up", CASE_VIEW),
    # "this is not working" (issue 20): read by who sees the case, acted on by its editors
    "plans.alerts_page": Route("GET", PLAN + "/alerts", CASE_VIEW),
    "plans.alert_review": Route("POST", PLAN + "/alerts/{plan_alert}/review", CASE_EDIT,
                                {"day": "2026-12-30", "time": "14:00"}),
    "plans.alert_handled": Route("POST", PLAN + "/alerts/{plan_alert}/handled", CASE_EDIT),
    "plans.decide": Route("GET", VERSION + "/decision", CASE_VIEW),
    "plans.new_action": Route("GET", VERSION + "/actions/new", CASE_EDIT),
    "plans.edit_action": Route("GET", ACTION + "/edit", CASE_EDIT),
    "plans.action": Route("GET", ACTION, CASE_VIEW),
    "plans.add_update": Route("POST", ACTION + "/updates", CASE_EDIT,
                              {"status": "in_progress", "note": "Begonnen."}),
    "plans.occurrence_done": Route("POST", ACTION + "/done-this-time", CASE_EDIT),
    "plans.record_share": Route("POST", VERSION + "/contacts/{plan_person}", CASE_EDIT,
                                {"share": "1"}),
    "plans.sign": Route("GET", VERSION + "/sign", CASE_EDIT),
    "plans.delete_action": Route("POST", ACTION + "/delete", CASE_EDIT),
    "plans.move_action": Route("POST", ACTION + "/move", CASE_EDIT, {"direction": "up"}),
    "plans.reorder_actions": Route("POST", VERSION + "/actions/order", CASE_EDIT,
                                   {"order": "1"}),
}
