"""Personal links: staff pages (case editors) and the family's page (public: the secret
token in the address is the key)."""

from tests.fixtures.roles import MATRIX_FAMILY_TOKEN
from tests.permissions import CASE_EDIT, PUBLIC, Route

ROUTES = {
    "links.index": Route("GET", "/cases/{case}/links", CASE_EDIT),
    "links.create": Route("POST", "/cases/{case}/links", CASE_EDIT, {"person_id": ""}),
    "links.revoke": Route("POST", "/cases/{case}/links/{family_link}/revoke", CASE_EDIT),
    "links.renew": Route("POST", "/cases/{case}/links/{family_link}/renew", CASE_EDIT),
    "links.set_code": Route("POST", "/cases/{case}/links/{family_link}/code", CASE_EDIT,
                            {"code": "1234"}),
    "links.print_pdf": Route("POST", "/cases/{case}/links/{family_link}/print", CASE_EDIT,
                             {"token": MATRIX_FAMILY_TOKEN}),
    "family.page": Route("GET", "/p/{family_token}", PUBLIC),
    "family.update": Route("POST", "/p/{family_token}/actions/{action}", PUBLIC,
                           {"status": "done"}),
    "family.routine_done": Route("POST", "/p/{family_token}/actions/{action}/done-this-time",
                                 PUBLIC),
    "family.share": Route("POST", "/p/{family_token}/share", PUBLIC, {"share": "1"}),
    "family.set_reminders": Route("POST", "/p/{family_token}/reminders", PUBLIC,
                                  {"reminder_channel": ""}),
    "family.stop_reminders": Route("POST", "/p/{family_token}/reminders/stop", PUBLIC),
    "family.sign": Route("POST", "/p/{family_token}/sign", PUBLIC, {"typed_name": "Kees"}),
    "family.pdf": Route("GET", "/p/{family_token}/plan.pdf", PUBLIC),
    "family.tasks_pdf": Route("GET", "/p/{family_token}/tasks.pdf", PUBLIC),
    "family.service_worker": Route("GET", "/p/sw.js", PUBLIC),
    "family.manifest": Route("GET", "/p/{family_token}/manifest.webmanifest", PUBLIC),
    # after the conference (issue 20)
    "family.not_working": Route("GET", "/p/{family_token}/not-working", PUBLIC),
    "family.not_working_sent": Route("GET", "/p/{family_token}/not-working/sent", PUBLIC),
    "family.questionnaire": Route("GET", "/p/{family_token}/questionnaire", PUBLIC),
}
