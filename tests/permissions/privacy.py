"""Routes of data rights: only admins of the case's organisation."""

from tests.permissions import ADMIN_ONLY, FORBIDDEN, LOGIN, NOT_FOUND, Route, rule

ADMIN_OF_CASE = rule(NOT_FOUND, anonymous=LOGIN, admin="allow", coordinator=FORBIDDEN,
                     referrer=FORBIDDEN)

ROUTES = {
    "privacy.erase": Route("GET", "/cases/{case}/people/{other_person}/erase", ADMIN_OF_CASE),
    "privacy.export": Route("GET", "/cases/{case}/export", ADMIN_OF_CASE),
    "privacy.import_page": Route("GET", "/admin/import", ADMIN_ONLY),
}
