"""Password rules and changing a password."""

from __future__ import annotations

import pytest

from eigenkracht.auth.passwords import PasswordRejected, check_strength, hash_password
from tests.factories import PASSWORD
from tests.fixtures.roles import log_in


@pytest.mark.parametrize("password", ["kort", "elf tekens!", "password1234", "qwertyuiop123",
                                      "aaaaaaaaaaaaaaaa", "welkom012345"])
def test_short_common_and_patterned_passwords_are_refused(password):
    with pytest.raises(PasswordRejected):
        check_strength(password)


def test_a_long_phrase_of_unrelated_words_is_accepted():
    check_strength("paars konijn fietst naar Zwolle")


def test_a_password_made_of_the_users_own_name_is_refused():
    with pytest.raises(PasswordRejected):
        check_strength("sjoerdtjeerdsma1", user_inputs=["Sjoerd", "tjeerdsma"])


def test_passwords_are_stored_as_scrypt_hashes():
    stored = hash_password("paars konijn fietst naar Zwolle")
    assert stored.startswith("scrypt:") and "Zwolle" not in stored


def test_outside_the_tests_passwords_are_hashed_with_scrypt_at_full_cost(monkeypatch):
    from config import CONFIGS
    from eigenkracht import create_app

    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/eigenkracht")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://eigenkracht.example.nl")
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    for name in ("development", "production"):
        with create_app(name, SQLALCHEMY_DATABASE_URI="sqlite://").app_context():
            stored = hash_password("paars konijn fietst naar Zwolle")
            assert stored.startswith("scrypt:32768:8:1$"), (name, stored)
            from eigenkracht.extensions import db as ext_db

            ext_db.engine.dispose()
    assert CONFIGS["testing"].PASSWORD_HASH_METHOD == "scrypt:1024:8:1"


class TestChangingThePassword:
    def _change(self, client, current, new, confirm=None):
        return client.post("/account/password", data={
            "current_password": current, "new_password": new,
            "confirm": new if confirm is None else confirm})

    def test_a_user_changes_their_password_and_can_log_in_with_it(self, login_as, world, app):
        client = login_as("coordinator")
        response = self._change(client, PASSWORD, "blauwe reiger vangt zeven vissen")
        assert response.status_code == 302
        client.post("/logout")
        log_in(client, world.coordinator, "blauwe reiger vangt zeven vissen")

    def test_the_wrong_current_password_is_refused(self, login_as):
        response = self._change(login_as("coordinator"), "not my password", "blauwe reiger vangt")
        assert "This is not your current password." in response.text

    def test_a_weak_new_password_is_refused_with_a_reason(self, login_as):
        response = self._change(login_as("coordinator"), PASSWORD, "password1234")
        assert "too easy to guess" in response.text

    def test_the_repetition_must_match(self, login_as):
        response = self._change(login_as("coordinator"), PASSWORD,
                                "blauwe reiger vangt zeven vissen", "iets anders")
        assert "The two new passwords are not the same." in response.text

    def test_other_sessions_end_when_the_password_changes(self, login_as, app, world):
        first = login_as("coordinator")
        second = log_in(app.test_client(), world.coordinator)
        self._change(first, PASSWORD, "blauwe reiger vangt zeven vissen")
        assert first.get("/cases/").status_code == 200
        assert second.get("/cases/").status_code == 302
