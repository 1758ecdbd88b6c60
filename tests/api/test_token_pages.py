"""People make, see and revoke their own tokens; the CLI makes one; the docs page shows."""

from __future__ import annotations

from eigenkracht.api.models import ApiToken
from eigenkracht.api.services import hash_token
from eigenkracht.extensions import db
from tests.factories import ApiTokenFactory


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(login_as, world):
    client = login_as("coordinator")
    page = client.post("/account/api/tokens", data={"name": "Gemeente"}).get_data(as_text=True)
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == world.coordinator.id))
    secret = page.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert token.token_hash == hash_token(secret) and secret not in token.token_hash
    assert secret not in client.get("/account/api/tokens").get_data(as_text=True)


def test_a_token_without_a_name_is_refused_with_a_message(login_as, world):
    response = login_as("coordinator").post("/account/api/tokens", data={"name": " "})
    assert response.status_code == 422
    assert "Give the token a name." in response.get_data(as_text=True)


def test_revoking_ones_own_token_ends_it(login_as, world):
    token = ApiTokenFactory(user=world.coordinator)
    login_as("coordinator").post(f"/account/api/tokens/{token.id}/revoke")
    db.session.refresh(token)
    assert token.revoked_at is not None


def test_nobody_revokes_someone_elses_token(login_as, world):
    token = ApiTokenFactory(user=world.coordinator)
    response = login_as("admin").post(f"/account/api/tokens/{token.id}/revoke")
    assert response.status_code == 404


def test_the_cli_prints_a_working_token(app, world):
    result = app.test_cli_runner().invoke(
        args=["api-tokens", "create", "--email", world.referrer.email, "--read-only"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    assert token.read_only and token.user_id == world.referrer.id


def test_the_cli_refuses_an_unknown_email(app, world):
    result = app.test_cli_runner().invoke(
        args=["api-tokens", "create", "--email", "nobody@example.org"])
    assert result.exit_code != 0


def test_the_openapi_description_is_3_1_and_names_every_api_route(client, app):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"] == "3.1.0"
    assert "/api/v1/cases/{reference}" in spec["paths"]
    assert "patch" in spec["paths"]["/api/v1/cases/{reference}"]


def test_the_docs_page_lists_the_operations(login_as, world):
    page = login_as("referrer").get("/account/api/docs").get_data(as_text=True)
    assert "/api/v1/cases/{reference}/plans" in page
