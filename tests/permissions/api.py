"""Routes of the API and its pages. API routes answer 401 to a session without a bearer
token (tests/api checks access with tokens); the token pages are anyone's own."""

from tests.permissions import LOGGED_IN, PUBLIC, Route, rule

NO_TOKEN = rule(401)
ACTION = "/api/v1/cases/{case}/plans/{plan_version}/actions/{action}/updates"
SNAPSHOTS = "/api/v1/cases/{case}/snapshots"
CONFERENCES = "/api/v1/cases/{case}/conferences"
INVITATIONS = CONFERENCES + "/{conference}/invitations"

ROUTES = {
    "api.openapi": Route("GET", "/api/v1/openapi.json", PUBLIC),
    "api.list_cases": Route("GET", "/api/v1/cases", NO_TOKEN),
    "api.read_figures": Route("GET", "/api/v1/figures", NO_TOKEN),
    "api.create": Route("POST", "/api/v1/cases", NO_TOKEN),
    "api.read_case": Route("GET", "/api/v1/cases/{case}", NO_TOKEN),
    "api.update": Route("PATCH", "/api/v1/cases/{case}", NO_TOKEN),
    "api.list_people": Route("GET", "/api/v1/cases/{case}/people", NO_TOKEN),
    "api.read_person": Route("GET", "/api/v1/cases/{case}/people/{person}", NO_TOKEN),
    "api.create_person": Route("POST", "/api/v1/cases/{case}/people", NO_TOKEN,
                               {"name": "Karim"}),
    "api.list_ties": Route("GET", "/api/v1/cases/{case}/ties", NO_TOKEN),
    "api.list_plans": Route("GET", "/api/v1/cases/{case}/plans", NO_TOKEN),
    "api.read_plan": Route("GET", "/api/v1/cases/{case}/plans/{plan_version}", NO_TOKEN),
    "api.add_action_update": Route("POST", ACTION, NO_TOKEN, {"note": "x"}),
    "api.list_snapshots": Route("GET", SNAPSHOTS, NO_TOKEN),
    "api.read_snapshot": Route("GET", SNAPSHOTS + "/{snapshot}", NO_TOKEN),
    "api.create_snapshot": Route("POST", SNAPSHOTS, NO_TOKEN, {"label": "x"}),
    "api.compare_snapshots": Route("GET", SNAPSHOTS + "/{snapshot}/compare", NO_TOKEN),
    "api.list_conferences": Route("GET", CONFERENCES, NO_TOKEN),
    "api.read_conference": Route("GET", CONFERENCES + "/{conference}", NO_TOKEN),
    "api.create_conference": Route("POST", CONFERENCES, NO_TOKEN),
    "api.update_conference": Route("PATCH", CONFERENCES + "/{conference}", NO_TOKEN),
    "api.move_conference_phase": Route("POST", CONFERENCES + "/{conference}/phase", NO_TOKEN),
    "api.list_invitations": Route("GET", INVITATIONS, NO_TOKEN),
    "api.read_invitation": Route("GET", INVITATIONS + "/{invitation}", NO_TOKEN),
    "api.create_invitation": Route("POST", INVITATIONS, NO_TOKEN),
    "api.update_invitation": Route("PATCH", INVITATIONS + "/{invitation}", NO_TOKEN),
    "api.delete_invitation": Route("DELETE", INVITATIONS + "/{invitation}", NO_TOKEN),
    "api.send_invitation": Route("POST", INVITATIONS + "/{invitation}/send", NO_TOKEN),
    "api_tokens.index": Route("GET", "/account/api/tokens", LOGGED_IN),
    "api_tokens.create": Route("POST", "/account/api/tokens", LOGGED_IN, {"name": "Matrix"}),
    "api_tokens.revoke": Route("POST", "/account/api/tokens/999999/revoke",
                               rule(404, anonymous="login")),
    "api_tokens.docs": Route("GET", "/account/api/docs", LOGGED_IN),
}
