"""The hostile tests reach every route that takes input: a new one fails here until it is
named in tests/hostile/routes.py (forms) or the permission matrix (API, taken from there)."""

from __future__ import annotations

from tests.hostile.routes import API_ENDPOINTS, FORMS, form_endpoints


def test_every_form_route_gets_generated_input(app):
    missing = sorted(form_endpoints(app) - set(FORMS))
    assert missing == [], "add these routes to FORMS in tests/hostile/routes.py"


def test_the_form_list_names_only_routes_that_exist(app):
    assert sorted(set(FORMS) - form_endpoints(app)) == []


def test_every_api_route_gets_generated_input(app):
    api = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert sorted(api - set(API_ENDPOINTS)) == [], "add these to tests/permissions/"
