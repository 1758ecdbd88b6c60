"""Ids past what an INTEGER column holds, in every place a request can carry one.

PostgreSQL refuses such a number in a comparison ("integer out of range"); before
``core.ids`` the app answered 500 there for ``/admin/users/2147483648``, for
``?person=99999999999`` on the contact log and for posted ids with up to eleven digits. The
user (or attacker) must get the same "not found" or "choose someone on the map" as for any
id that names nothing. SQLite finds nothing either way, so these tests earn their keep on
PostgreSQL (``make test`` runs both).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from werkzeug.exceptions import MethodNotAllowed, NotFound

from eigenkracht.core.ids import MAX_ID, parse_counter, parse_id
from eigenkracht.extensions import db
from eigenkracht.network.models import Person, Relationship
from tests.factories import ApiTokenFactory
from tests.hostile.routes import MATRIX, fill
from tests.permissions import ALLOW

PAST = MAX_ID + 1  # 2147483648
ROLES = ("admin", "coordinator", "jobcoach", "referrer", "anonymous")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _int_placeholders(template: str, world) -> list[str]:
    numbers = {"line", "user", *(k for k, v in world.extra_ids.items() if isinstance(v, int))}
    return [name for name in PLACEHOLDER.findall(template) if name in numbers]


def _allowed_role(route) -> str | None:
    return next((role for role in ROLES if route.rule.get(role) == ALLOW), None)


_TOKENS: dict = {}


def _client(app, login_as, world, endpoint):
    if endpoint.startswith("api."):
        token = ApiTokenFactory(user=world.coordinator, name=f"ids-{endpoint}") \
            if endpoint not in _TOKENS else _TOKENS[endpoint]
        _TOKENS[endpoint] = token
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer ek_test_{token.name}"
        return client
    return login_as(_allowed_role(MATRIX[endpoint]) or "coordinator")


# --- the rule itself, at its limit ------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("1", 1), (str(MAX_ID), MAX_ID), (str(PAST), None), ("0", None), ("-1", None),
    ("", None), ("  7 ", 7), ("99999999999", None), ("9" * 5000, None), ("1e3", None),
    ("²", None), ("١٢", None), ("0x10", None), (MAX_ID, MAX_ID), (PAST, None), (True, None),
    (3.0, None), (None, None), ([1], None),
])
def test_an_id_from_outside_is_a_plain_number_an_integer_column_holds(value, expected):
    assert parse_id(value) == expected


def test_a_counter_may_be_zero_but_not_past_the_column():
    assert parse_counter("0") == 0
    assert parse_counter(str(MAX_ID)) == MAX_ID
    assert parse_counter(str(PAST)) is None
    assert parse_counter("-1") is None


# --- every <int:> in every route ---------------------------------------------------------

def _int_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if any(type(conv).__name__ == "DatabaseInteger"
                   for conv in rule._converters.values())]


def test_every_int_in_a_route_stops_at_the_largest_id(app):
    rules = _int_rules(app)
    assert len(rules) > 30  # the app's many /…/<int:id> routes, not an empty loop
    adapter = app.url_map.bind("localhost")
    for rule in rules:
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        for number, found in ((MAX_ID, True), (PAST, False), (99999999999, False)):
            values = {name: (number if type(conv).__name__ == "DatabaseInteger" else "x1")
                      for name, conv in rule._converters.items()}
            path = rule.build(values, append_unknown=False)[1]
            try:
                endpoint, _ = adapter.match(path, method=method)
            except (NotFound, MethodNotAllowed):
                endpoint = None
            assert (endpoint == rule.endpoint) is found, (path, endpoint)
        # Only ASCII digits: "١٢" (Arabic-Indic twelve) names no id.
        values = {name: (424242 if type(conv).__name__ == "DatabaseInteger" else "x1")
                  for name, conv in rule._converters.items()}
        path = rule.build(values, append_unknown=False)[1].replace("424242", "١٢")
        try:
            endpoint = adapter.match(path, method=method)[0]
        except (NotFound, MethodNotAllowed):
            endpoint = None
        assert endpoint != rule.endpoint, path


# --- over HTTP, as a user allowed on the route ------------------------------------------

def _routes_with_ids(world):
    return [(endpoint, name) for endpoint, route in sorted(MATRIX.items())
            for name in _int_placeholders(route.path, world)]


def test_a_number_past_the_largest_id_in_any_path_is_not_found(app, login_as, world):
    routes = _routes_with_ids(world)
    assert len(routes) > 30
    _TOKENS.clear()
    for endpoint, name in routes:
        route = MATRIX[endpoint]
        client = _client(app, login_as, world, endpoint)
        for number in (PAST, 99999999999):
            path = route.path.replace("{" + name + "}", str(number))
            data = {k: fill(str(v), world) for k, v in (route.data or {}).items()}
            send = client.open(fill(path, world), method=route.method,
                               **({"json": data} if endpoint.startswith("api.")
                                  else {"data": data}))
            # 405: the path then only matches a route of another method
            assert send.status_code in (401, 404, 405), (endpoint, name, number, send.status_code)


@pytest.mark.parametrize(("endpoint", "query"), [
    ("jobs.contacts", {"person": str(PAST)}),
    ("jobs.contacts", {"person": "99999999999"}),
    ("jobs.follow_ups", {"coach": str(PAST)}),
    ("network.compare", {"older": str(PAST)}),
    ("network.compare", {"newer": "99999999999"}),
    ("plans.new_action", {"serves": str(PAST)}),
    ("audit.index", {"user": str(PAST)}),
])
def test_a_number_past_the_largest_id_in_a_query_string_is_no_error(app, login_as, world,
                                                                     endpoint, query):
    client = _client(app, login_as, world, endpoint) if endpoint != "audit.index" \
        else login_as("admin")
    if endpoint.startswith("jobs."):
        client = login_as("jobcoach")
    path = fill(MATRIX[endpoint].path, world).split("?")[0]
    response = client.get(path, query_string=query)
    assert response.status_code in (200, 404), response.status_code


def test_a_tie_to_a_person_past_the_largest_id_is_refused_in_words(login_as, world):
    route = MATRIX["network.add_tie"]
    client = login_as("coordinator")
    ties = db.session.scalar(select(func.count()).select_from(Relationship))
    for number in (str(PAST), "99999999999"):
        response = client.post(fill(route.path, world),
                               data={**route.data, "other_id": number})
        assert response.status_code == 422, response.status_code
    assert db.session.scalar(select(func.count()).select_from(Relationship)) == ties


def test_an_invitation_of_a_person_past_the_largest_id_is_refused(login_as, world):
    route = MATRIX["conference.invite"]
    client = login_as("coordinator")
    for number in (str(PAST), "99999999999"):
        response = client.post(fill(route.path, world), data={"person_ids": number,
                                                              "role": "family"})
        assert 400 <= response.status_code < 500, response.status_code
    assert db.session.scalar(select(func.count()).select_from(Person)) > 0
