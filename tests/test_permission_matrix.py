"""Every registered route × every role: who gets in, who is sent to log in, who gets 403/404."""

from __future__ import annotations

import pytest

from tests.permissions import (
    ALLOW,
    LOGIN,
    PASSWORD_ONLY,
    ROLES,
    SECOND_STEP,
    all_routes,
    fill_path,
)

ROUTES = all_routes()


def test_every_registered_route_is_in_the_matrix(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(registered - set(ROUTES)) == [], "routes missing from tests/permissions"
    assert sorted(set(ROUTES) - registered) == [], "matrix names routes that do not exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_role_gets_what_the_matrix_says(endpoint, role, login_as, world):
    route = ROUTES[endpoint]
    client = login_as(role)
    path = fill_path(route.path, world)
    response = client.open(path, method=route.method, data=route.data or {})
    response.close()
    expected = route.rule[role]
    is_login_redirect = response.status_code == 302 and "/login" in response.headers.get(
        "Location", "")
    if expected == LOGIN:
        assert is_login_redirect, f"{role} {route.method} {path}: {response.status_code}"
    elif expected == ALLOW:
        assert response.status_code not in (401, 403, 404, 405, 500), (
            f"{role} {route.method} {path}: {response.status_code}")
        assert not is_login_redirect or endpoint in ("auth.logout",), f"{role} sent to login"
    else:
        assert response.status_code == expected, (
            f"{role} {route.method} {path}: {response.status_code}, expected {expected}")


@pytest.mark.parametrize("column", PASSWORD_ONLY)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_after_the_password_alone_only_the_second_step_opens(endpoint, column,
                                                             password_only_as, world):
    route = ROUTES[endpoint]
    client = password_only_as(column)
    path = fill_path(route.path, world)
    response = client.open(path, method=route.method, data=route.data or {})
    response.close()
    expected = route.after_password_alone(column)
    location = response.headers.get("Location", "")
    to_step = response.status_code in (302, 303) and location.startswith(
        ("/login/second-factor", "/account/security"))
    if expected == SECOND_STEP:
        assert to_step, f"{column} {route.method} {path}: {response.status_code} {location}"
    elif expected == ALLOW:
        assert response.status_code not in (401, 403, 404, 405, 500), (
            f"{column} {route.method} {path}: {response.status_code}")
    else:
        assert response.status_code == expected, (
            f"{column} {route.method} {path}: {response.status_code}, expected {expected}")
