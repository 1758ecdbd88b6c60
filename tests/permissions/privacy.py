"""Routes of data rights: erasing, exporting and importing only for admins of the case's
organisation; a person's own report (art. 15) for the staff of the case."""

from tests.permissions import (
    ADMIN_ONLY,
    CASE_EDIT,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    Route,
    rule,
)

ADMIN_OF_CASE = rule(NOT_FOUND, anonymous=LOGIN, admin="allow", coordinator=FORBIDDEN,
                     referrer=FORBIDDEN)

ROUTES = {
    "privacy.erase": Route("GET", "/cases/{case}/people/{other_person}/erase", ADMIN_OF_CASE),
    "privacy.export": Route("GET", "/cases/{case}/export", ADMIN_OF_CASE),
    "privacy.import_page": Route("GET", "/admin/import", ADMIN_ONLY),
    "privacy.new_access_report": Route("GET", "/cases/{case}/people/{person}/access-report",
                                       CASE_EDIT),
    "privacy.access_report": Route("GET", "/cases/{case}/access-reports/{access_report}",
                                   CASE_EDIT),
    "privacy.access_report_pdf": Route(
        "GET", "/cases/{case}/access-reports/{access_report}.pdf", CASE_EDIT),
}
