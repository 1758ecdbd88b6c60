"""Logging in and out, throttling, sessions."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from tests.factories import PASSWORD
from tests.fixtures.roles import log_in


def _login(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


class TestLoggingIn:
    def test_a_user_with_the_right_password_lands_on_the_case_list(self, client, world):
        response = _login(client, world.coordinator.email, PASSWORD)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/cases/")

    def test_the_email_address_is_not_case_sensitive(self, client, world):
        response = _login(client, "  Coordinator@Rijnmond.EXAMPLE ", PASSWORD)
        assert response.status_code == 302

    def test_a_wrong_password_shows_a_message_that_does_not_say_which_part_was_wrong(
            self, client, world):
        response = _login(client, world.coordinator.email, "wrong password here")
        assert response.status_code == 200
        assert "The e-mail address or password is not correct." in response.text

    def test_an_unknown_address_gets_the_same_message(self, client, world):
        response = _login(client, "nobody@example.org", PASSWORD)
        assert "The e-mail address or password is not correct." in response.text

    def test_an_empty_form_asks_for_both_fields(self, client, world):
        response = _login(client, "", "")
        assert "Enter your e-mail address." in response.text
        assert "Enter your password." in response.text

    def test_an_oversized_password_is_refused_without_an_error(self, client, world):
        response = _login(client, world.coordinator.email, "x" * 100_000)
        assert response.status_code == 200
        assert "There is a problem" in response.text

    def test_a_deactivated_user_cannot_log_in(self, client, world, db):
        world.coordinator.active = False
        db.session.flush()
        response = _login(client, world.coordinator.email, PASSWORD)
        assert "The e-mail address or password is not correct." in response.text

    def test_after_login_the_user_goes_to_the_page_they_asked_for(self, client, world):
        response = client.post(f"/login?next=/cases/{world.case.reference}",
                               data={"email": world.coordinator.email, "password": PASSWORD})
        assert response.headers["Location"] == f"/cases/{world.case.reference}"

    def test_a_next_address_on_another_host_is_ignored(self, client, world):
        for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
            client.post("/logout")
            response = client.post(f"/login?next={target}",
                                   data={"email": world.coordinator.email, "password": PASSWORD})
            assert response.headers["Location"] == "/cases/"

    def test_login_starts_a_fresh_session(self, client, world):
        with client.session_transaction() as session:
            session["planted"] = "by an attacker"
        _login(client, world.coordinator.email, PASSWORD)
        with client.session_transaction() as session:
            assert "planted" not in session

    def test_login_and_failures_are_in_the_audit_log(self, client, world, db):
        _login(client, world.coordinator.email, "wrong password here")
        _login(client, world.coordinator.email, PASSWORD)
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.actor_label == world.coordinator.email)).all()
        assert "login_failed" in actions and "login" in actions


class TestThrottling:
    def test_ten_wrong_passwords_in_a_row_pause_logging_in_for_that_account(self, client, world):
        for _ in range(9):
            assert _login(client, world.coordinator.email, "wrong password!").status_code == 200
        response = _login(client, world.coordinator.email, "wrong password!")
        assert response.status_code == 429
        assert "Too many failed attempts" in response.text

    def test_a_throttled_account_cannot_log_in_even_with_the_right_password(self, client, world):
        for _ in range(10):
            _login(client, world.coordinator.email, "wrong password!")
        response = _login(client, world.coordinator.email, PASSWORD)
        assert response.status_code == 429

    def test_refused_attempts_stay_in_the_audit_log(self, client, world, db):
        for _ in range(10):
            _login(client, world.coordinator.email, "wrong password!")
        assert _login(client, world.coordinator.email, PASSWORD).status_code == 429
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.actor_label == world.coordinator.email)).all()
        assert actions.count("login_failed") == 10  # the tenth was answered 429
        assert actions.count("login_throttled") == 1
        assert "login" not in actions

    def test_throttling_one_account_leaves_others_alone(self, client, world):
        for _ in range(10):
            _login(client, world.coordinator.email, "wrong password!")
        assert _login(client, world.admin.email, PASSWORD).status_code == 302

    def test_one_address_trying_many_accounts_is_throttled_too(self, client, world):
        for n in range(30):
            _login(client, f"guess{n}@example.org", "wrong password!")
        assert _login(client, world.admin.email, PASSWORD).status_code == 429

    def test_a_successful_login_resets_the_account_count(self, client, world):
        for _ in range(8):
            _login(client, world.coordinator.email, "wrong password!")
        log_in(client, world.coordinator)
        client.post("/logout")
        for _ in range(8):
            assert _login(client, world.coordinator.email, "wrong password!").status_code == 200


class TestLoggingOut:
    def test_logging_out_ends_the_session(self, login_as, world):
        client = login_as("coordinator")
        response = client.post("/logout")
        assert response.headers["Location"].endswith("/login")
        assert client.get("/cases/").status_code == 302

    def test_a_deactivated_user_is_logged_out_at_once(self, login_as, world, db):
        client = login_as("coordinator")
        world.coordinator.active = False
        world.coordinator.session_version += 1
        db.session.flush()
        assert client.get("/cases/").status_code == 302


class TestCookies:
    def test_the_session_cookie_is_httponly_and_samesite_lax(self, client, world):
        response = _login(client, world.coordinator.email, PASSWORD)
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

    def test_production_cookies_are_secure(self):
        from config import ProductionConfig

        assert ProductionConfig.SESSION_COOKIE_SECURE is True
        assert ProductionConfig.REMEMBER_COOKIE_SECURE is True
