"""Who the API lets in: tokens, revocation, read-only tokens and organisations."""

from __future__ import annotations

from eigenkracht.api.models import ApiToken
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db


def test_a_call_without_a_token_gets_401_with_a_challenge(client, world):
    response = client.get("/api/v1/cases")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["title"] == "A valid API token is needed"


def test_a_logged_in_session_is_not_enough_for_the_api(login_as):
    assert login_as("coordinator").get("/api/v1/cases").status_code == 401


def test_an_unknown_token_gets_401(api_as, world):
    client = api_as("coordinator")
    client.secret = "ek_not-a-real-token"
    assert client.get("/api/v1/cases").status_code == 401


def test_a_revoked_token_gets_401(api_as, world):
    client = api_as("coordinator")
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == world.coordinator.id))
    token.revoked_at = utcnow()
    db.session.flush()
    assert client.get("/api/v1/cases").status_code == 401


def test_the_token_of_a_deactivated_user_gets_401(api_as, world):
    client = api_as("coordinator")
    world.coordinator.active = False
    db.session.flush()
    assert client.get(f"/api/v1/cases/{world.case.reference}").status_code == 401


def test_a_token_of_one_organisation_never_sees_another_organisations_cases(api_as, world):
    client = api_as("other_coordinator")
    listed = client.get("/api/v1/cases?status=all").json
    assert [c["reference"] for c in listed["items"]] == [world.other_case.reference]
    assert client.get(f"/api/v1/cases/{world.case.reference}").status_code == 404
    assert client.get(f"/api/v1/cases/{world.case.reference}/people").status_code == 404
    assert client.get(f"/api/v1/cases/{world.case.reference}/plans").status_code == 404


def test_a_token_sees_only_the_cases_its_user_sees(api_as, world):
    listed = api_as("unassigned_coordinator").get("/api/v1/cases?status=all").json
    assert listed["items"] == []


def test_a_read_only_token_may_read_but_not_write(api_as, world):
    client = api_as("coordinator", read_only=True)
    assert client.get(f"/api/v1/cases/{world.case.reference}").status_code == 200
    response = client.patch(f"/api/v1/cases/{world.case.reference}",
                            json={"concerns": "x"}, headers={"If-Match": '"1"'})
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


def test_using_a_token_shows_when_it_was_last_used(api_as, world):
    api_as("coordinator").get("/api/v1/cases")
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == world.coordinator.id))
    assert token.last_used_at is not None


def test_errors_come_in_the_users_language(api_as, world):
    world.coordinator.locale = "nl"
    db.session.flush()
    response = api_as("coordinator").get("/api/v1/cases/EK-1999-9999")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json["title"] == "Pagina niet gevonden"
