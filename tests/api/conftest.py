"""Clients that call the API with a bearer token of a user of the world."""

from __future__ import annotations

import pytest

from tests.factories import ApiTokenFactory


class ApiClient:
    def __init__(self, client, secret: str | None):
        self.client, self.secret = client, secret

    def _headers(self, headers):
        result = {"Accept-Language": "en", **(headers or {})}
        if self.secret:
            result.setdefault("Authorization", f"Bearer {self.secret}")
        return result

    def get(self, path, headers=None, **kw):
        return self.client.get(path, headers=self._headers(headers), **kw)

    def post(self, path, json=None, headers=None, **kw):
        return self.client.post(path, json=json, headers=self._headers(headers), **kw)

    def patch(self, path, json=None, headers=None, **kw):
        return self.client.patch(path, json=json, headers=self._headers(headers), **kw)

    def delete(self, path, headers=None, **kw):
        return self.client.delete(path, headers=self._headers(headers), **kw)


@pytest.fixture
def api_as(app, world):
    """``api_as("coordinator")``: a client with a token of that user of the world."""

    def _api(role: str, *, read_only: bool = False):
        user = world.user(role)
        token = ApiTokenFactory(user=user, name=f"{role}-{read_only}", read_only=read_only)
        return ApiClient(app.test_client(), f"ek_test_{token.name}")

    return _api
