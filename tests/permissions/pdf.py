"""Routes of the printed documents: the plan and one person's tasks (anyone who may see the
case), the invitation letter (only those who may change the case: it renews the link)."""

from tests.permissions import CASE_EDIT, CASE_VIEW, Route

LETTER = "/cases/{case}/conferences/{conference}/invitations/{invitation}/letter.pdf"

ROUTES = {
    "pdf.plan": Route("GET", "/cases/{case}/plan.pdf?lang=en", CASE_VIEW),
    "pdf.tasks": Route("GET", "/cases/{case}/plan/tasks/{person}.pdf?version=1", CASE_VIEW),
    "pdf.letter": Route("POST", LETTER, CASE_EDIT),
}
