"""Security keys (WebAuthn) at the server's boundary: the options it gives, and what it does
with answers that are empty, malformed, oversized, replayed or someone else's. The whole
round trip with a real authenticator is in tests/browser/test_second_factor.py."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.auth.models import SecurityKey
from tests.factories import PASSWORD

MOMENT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
OWN_KEY = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"  # b"\x01" * 32, base64url
OTHER_KEY = "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM"  # b"\x03" * 32


def _key(db, user, name="Blauwe sleutel", credential_id=b"\x01" * 32) -> SecurityKey:
    key = SecurityKey(user_id=user.id, name=name, credential_id=credential_id,
                      public_key=b"\x02" * 77, sign_count=0, created_at=MOMENT)
    db.session.add(key)
    db.session.flush()
    return key


def _asked_for_the_key(app, user):
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    return client


class TestAddingAKey:
    def test_the_options_name_this_site_and_the_user_and_leave_out_known_keys(
            self, login_as, world, db):
        client = login_as("coordinator")
        _key(db, world.coordinator)
        response = client.post("/account/security/keys/options")
        options = response.get_json()
        assert options["rp"] == {"id": "localhost", "name": "eigenkracht"}
        assert options["user"]["name"] == world.coordinator.email
        assert len(options["challenge"]) >= 43  # 32 random bytes or more, base64url
        assert [c["id"] for c in options["excludeCredentials"]] == [OWN_KEY]

    def test_each_request_gets_a_new_challenge(self, login_as):
        client = login_as("coordinator")
        first = client.post("/account/security/keys/options").get_json()["challenge"]
        second = client.post("/account/security/keys/options").get_json()["challenge"]
        assert first != second

    @pytest.mark.parametrize("body", [None, "", "[]", '"text"', "{}", '{"credential": 5}',
                                      '{"credential": {}}',
                                      '{"credential": {"id": "x", "response": {}}}',
                                      json.dumps({"credential": {"x": "y" * 70_000}})])
    def test_an_empty_malformed_or_oversized_answer_adds_nothing(self, login_as, world, db,
                                                                 body):
        client = login_as("coordinator")
        client.post("/account/security/keys/options")
        response = client.post("/account/security/keys", data=body,
                               content_type="application/json")
        assert response.status_code == 422
        assert response.get_json()["message"] == (
            "The security key could not be added. Try again, or use another key.")
        assert db.session.scalars(select(SecurityKey)).all() == []

    def test_an_answer_without_asking_first_adds_nothing(self, login_as, db):
        response = login_as("coordinator").post(
            "/account/security/keys", json={"name": "x", "credential": {"id": "AQ"}})
        assert response.status_code == 422


class TestRemovingAKey:
    def test_one_removes_ones_own_key_and_it_is_audited(self, login_as, world, db):
        client = login_as("coordinator")
        key_id = _key(db, world.coordinator).id
        response = client.post(f"/account/security/keys/{key_id}/remove",
                               follow_redirects=True)
        assert "The security key has been removed." in response.text
        assert db.session.scalars(select(SecurityKey)).all() == []
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "second_factor_removed"))
        assert event.details == {"method": "webauthn", "key": "Blauwe sleutel"}

    def test_someone_elses_key_is_not_found(self, login_as, world, db):
        key = _key(db, world.referrer)
        response = login_as("coordinator").post(f"/account/security/keys/{key.id}/remove")
        assert response.status_code == 404
        assert db.session.get(SecurityKey, key.id) is not None

    def test_the_names_are_shown_as_text(self, login_as, world, db):
        client = login_as("coordinator")
        _key(db, world.coordinator, name='<img src=x onerror="alert(1)">')
        page = client.get("/account/security").text
        assert '<img src=x onerror="alert(1)">' not in page
        assert "&lt;img src=x" in page


class TestLoggingInWithAKey:
    def test_the_second_step_offers_the_key_and_its_options_name_only_the_users_keys(
            self, app, world, db):
        _key(db, world.coordinator)
        _key(db, world.referrer, credential_id=b"\x03" * 32)
        client = _asked_for_the_key(app, world.coordinator)
        assert "Use security key" in client.get("/login/second-factor").text
        options = client.post("/login/second-factor/key/options").get_json()
        assert [c["id"] for c in options["allowCredentials"]] == [OWN_KEY]
        assert options["rpId"] == "localhost"

    @pytest.mark.parametrize("credential", [None, "", 5, [], {}, {"rawId": "%%%"},
                                            {"rawId": OTHER_KEY},
                                            {"rawId": OWN_KEY, "response": {"signature": "AA"}}])
    def test_a_false_or_someone_elses_answer_is_refused_counted_and_logged(
            self, app, world, db, credential):
        _key(db, world.coordinator)
        _key(db, world.referrer, credential_id=b"\x03" * 32)
        client = _asked_for_the_key(app, world.coordinator)
        client.post("/login/second-factor/key/options")
        response = client.post("/login/second-factor/key", json={"credential": credential})
        assert response.status_code == 200
        assert response.get_json() == {"ok": False, "message": (
            "This security key was not accepted. Use a key you have added to your account, "
            "or enter a code.")}
        assert client.get("/cases/").status_code == 303
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "second_factor_failed")).details == {"method": "webauthn"}

    def test_refused_answers_count_towards_the_login_throttling(self, app, world, db):
        _key(db, world.coordinator)
        client = _asked_for_the_key(app, world.coordinator)
        for _ in range(10):
            client.post("/login/second-factor/key", json={"credential": {}})
        response = client.post("/login/second-factor/key", json={"credential": {}})
        assert response.status_code == 429
        assert "Too many failed attempts" in response.get_json()["message"]

    def test_a_user_without_keys_gets_no_options(self, app, world, db):
        from eigenkracht.auth.models import TotpFactor

        db.session.add(TotpFactor(user_id=world.coordinator.id, secret="JBSWY3DPEHPK3PXP",
                                  created_at=MOMENT, confirmed_at=MOMENT))
        db.session.flush()
        client = _asked_for_the_key(app, world.coordinator)
        assert client.post("/login/second-factor/key/options").status_code == 404
