"""Generated input to every API endpoint (taken from the url_map, so routes added later are
covered as they land): any JSON value in the body of a write, hostile query strings on a
read. Never a 500, always problem+json for an error, nothing saved by a refusal."""

from __future__ import annotations

import json
from urllib.parse import quote_plus

import pytest
from hypothesis import given

from tests.factories import ApiTokenFactory
from tests.hostile.conftest import assert_answered_calmly, row_counts
from tests.hostile.routes import API_ENDPOINTS, MATRIX, WRITE_METHODS, fill, methods_of
from tests.hostile.strategies import HOSTILE_SETTINGS, hostile_json, hostile_query

# A valid body to start from, where the matrix gives none.
BODIES = {
    "api.create": {"kind": "work", "clients": [{"first_name": "Piet"}],
                   "bottom_lines": ["Elke week"]},
    "api.update": {"concerns": "Zorgen over school", "central_question": "Wat is nodig?"},
    "api.add_action_update": {"note": "Gebeld", "status": "in_progress"},
}


@pytest.fixture
def bearer(world):
    token = ApiTokenFactory(user=world.coordinator, name="hostile")
    return {"Authorization": f"Bearer ek_test_{token.name}", "Accept-Language": "en"}


def _check_problem(response, what: str) -> None:
    if response.status_code >= 400:
        assert response.mimetype in ("application/problem+json", "application/json"), what


def _current_etag(client, path, headers) -> dict:
    answer = client.get(path, headers=headers)
    return {"If-Match": answer.headers["ETag"]} if "ETag" in answer.headers else {}


@pytest.mark.parametrize("endpoint", API_ENDPOINTS)
def test_generated_input_never_breaks_an_api_endpoint(endpoint, app, client, world, bearer):
    path = fill(MATRIX[endpoint].path, world)
    methods = sorted(methods_of(app)[endpoint])
    valid = BODIES.get(endpoint) or {k: fill(str(v), world)
                                     for k, v in (MATRIX[endpoint].data or {}).items()}
    writes = [method for method in methods if method in WRITE_METHODS]

    @HOSTILE_SETTINGS
    @given(body=hostile_json(valid), query=hostile_query())
    def call(body, query):
        before = row_counts()
        for method in writes:
            headers = {**bearer, **(_current_etag(client, path, bearer) if method in (
                "PATCH", "PUT") else {})}
            raw = json.dumps(body).encode("utf-8", "surrogatepass")
            response = client.open(path, method=method, data=raw, headers=headers,
                                   content_type="application/json")
            what = f"{method} {path} {raw[:500]!r}"
            assert_answered_calmly(response, before, what)
            _check_problem(response, what)
            before = row_counts()
        if "GET" in methods:
            query_string = "&".join(
                quote_plus(n.encode("utf-8", "surrogatepass")) + "="
                + quote_plus(v.encode("utf-8", "surrogatepass")) for n, v in query)
            response = client.get(path, query_string=query_string, headers=bearer)
            what = f"GET {path}?{query_string[:500]}"
            assert_answered_calmly(response, before, what)
            _check_problem(response, what)

    call()
