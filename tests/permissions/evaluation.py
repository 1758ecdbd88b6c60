"""After the conference (issue 20): the questionnaire's summary (case editors) and telling
everyone invited about a change of the conference."""

from tests.permissions import CASE_EDIT, Route

C = "/cases/{case}/conferences/{conference}"

ROUTES = {
    "evaluation.summary": Route("GET", C + "/evaluation", CASE_EDIT),
    "conference.tell_change": Route("POST", C + "/tell-change", CASE_EDIT),
}
