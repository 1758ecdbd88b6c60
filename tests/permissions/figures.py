"""The organisation's figures: administrators and managers only (aggregates, no case
content); the API's figures likewise, for a token of one of them."""

from tests.permissions import FIGURES, Route

ROUTES = {
    "figures.index": Route("GET", "/figures/", FIGURES),
    "figures.csv": Route("GET", "/figures/figures.csv", FIGURES),
    "figures.pdf": Route("GET", "/figures/figures.pdf", FIGURES),
}
