"""The search box's routes: every member of staff searches what they may see; the privacy
officer and the manager see no case content, so have no search."""

from tests.permissions import FORBIDDEN, LOGIN, ROLES, Route, rule

SEARCH = rule("allow", anonymous=LOGIN, privacy_officer=FORBIDDEN, manager=FORBIDDEN)
assert set(SEARCH) == set(ROLES)

ROUTES = {
    "search.results": Route("GET", "/search?q=Jansen", SEARCH),
    "search.suggest": Route("GET", "/search/suggest?q=Jansen", SEARCH),
}
