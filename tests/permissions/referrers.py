"""The referrer's personal link: staff make and stop it (case editors); the pages behind
it are public (the secret token in the address, then a one-time code, is the key: what
happens without the code, with a wrong one, on an expired link and with another case's
link is in tests/referrers/test_link_access.py)."""

from tests.permissions import CASE_EDIT, PUBLIC, Route

ROUTES = {
    "referrer_links.create": Route("POST", "/cases/{case}/referrer-link", CASE_EDIT),
    "referrer_links.revoke": Route("POST", "/cases/{case}/referrer-link/{referrer_link}/revoke",
                                   CASE_EDIT),
    "referrers.page": Route("GET", "/r/{referrer_token}", PUBLIC),
    "referrers.send_code": Route("POST", "/r/{referrer_token}/code", PUBLIC),
    "referrers.unlock": Route("POST", "/r/{referrer_token}/unlock", PUBLIC, {"code": "123456"}),
    "referrers.add_bottom_line": Route("POST", "/r/{referrer_token}/bottom-lines", PUBLIC,
                                       {"text": "Elke dag naar school"}),
    "referrers.edit_bottom_line": Route("GET", "/r/{referrer_token}/bottom-lines/{line}",
                                        PUBLIC),
    "referrers.remove_bottom_line": Route("POST",
                                          "/r/{referrer_token}/bottom-lines/{line}/delete",
                                          PUBLIC),
    "referrers.plan": Route("GET", "/r/{referrer_token}/plan", PUBLIC),
    "referrers.decide": Route("GET", "/r/{referrer_token}/decision", PUBLIC),
}
