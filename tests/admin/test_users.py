"""Admins create, deactivate and re-role the users of their own organisation."""

from __future__ import annotations

import re

from sqlalchemy import select

from eigenkracht.auth.models import Role, User
from tests.fixtures.roles import log_in


def _new_user(client, **overrides):
    data = {"name": "Fatima Ouali", "email": "fatima@rijnmond.example", "role": "coordinator",
            "locale": "nl", "password": ""}
    data.update(overrides)
    return client.post("/admin/users/new", data=data)


def test_an_admin_creates_a_user_and_sees_the_generated_password_once(login_as, world, app,
                                                                       db):
    response = _new_user(login_as("admin"))
    assert response.status_code == 200
    password = re.search(r"<code>([^<]+)</code>", response.text).group(1)
    user = db.session.scalar(select(User).where(User.email == "fatima@rijnmond.example"))
    assert user.organisation_id == world.org.id
    assert password not in user.password_hash
    log_in(app.test_client(), user, password)


def test_an_existing_email_address_is_refused(login_as, world):
    response = _new_user(login_as("admin"), email=world.coordinator.email.upper())
    assert response.status_code == 422
    assert "There is already an account with this e-mail address." in response.text


def test_a_weak_chosen_password_is_refused(login_as, world, db):
    response = _new_user(login_as("admin"), password="welkom123456")
    assert "too easy to guess" in response.text
    assert db.session.scalar(select(User).where(User.email == "fatima@rijnmond.example")) is None


def test_a_malformed_email_and_unknown_role_are_refused(login_as, world):
    response = _new_user(login_as("admin"), email="not an address", role="superuser")
    assert response.status_code == 422
    assert "Enter an e-mail address like name@example.nl." in response.text


def test_an_admin_deactivates_a_user_who_then_cannot_log_in(login_as, world, app, db):
    login_as("admin").post(f"/admin/users/{world.coordinator.id}",
                           data={"name": world.coordinator.name, "role": "coordinator"})
    assert db.session.get(User, world.coordinator.id).active is False
    response = app.test_client().post("/login", data={"email": world.coordinator.email,
                                                      "password": "zeven gele olifanten dansen"
                                                                  " op het dak"})
    assert response.status_code == 200


def test_an_admin_changes_a_role(login_as, world, db):
    login_as("admin").post(f"/admin/users/{world.jobcoach.id}",
                           data={"name": "Nieuwe Naam", "role": "coordinator", "active": "y"})
    user = db.session.get(User, world.jobcoach.id)
    assert (user.name, user.role) == ("Nieuwe Naam", Role.COORDINATOR)


def test_an_admin_cannot_demote_themselves(login_as, world, db):
    response = login_as("admin").post(f"/admin/users/{world.admin.id}",
                                      data={"name": "Ik", "role": "coordinator", "active": "y"})
    assert "You cannot remove your own administrator role" in response.text
    assert db.session.get(User, world.admin.id).role == Role.ADMIN


def test_users_of_another_organisation_are_out_of_reach(login_as, world, db):
    response = login_as("admin").post(f"/admin/users/{world.other_coordinator.id}",
                                      data={"name": "Overgenomen", "role": "admin"})
    assert response.status_code == 404
    assert db.session.get(User, world.other_coordinator.id).role == Role.COORDINATOR


def test_the_user_list_shows_only_the_own_organisation(login_as, world):
    text = login_as("admin").get("/admin/users").text
    assert world.coordinator.email in text and world.other_coordinator.email not in text


class TestUsersCreateCommand:
    def _run(self, app, *args):
        return app.test_cli_runner().invoke(args=["users", "create", *args], catch_exceptions=False)

    def test_it_prints_a_generated_password(self, app, world, db):
        result = self._run(app, "--email", "nieuw@rijnmond.example", "--name", "Nieuw",
                           "--role", "referrer", "--org", "rijnmond")
        assert result.exit_code == 0, result.output
        assert "Password: " in result.output

    def test_an_unknown_organisation_is_refused_with_a_hint(self, app, world):
        result = self._run(app, "--email", "x@example.org", "--name", "X", "--role", "admin",
                           "--org", "bestaat-niet")
        assert result.exit_code != 0 and "--org-name" in result.output

    def test_a_weak_password_is_refused(self, app, world, db):
        result = self._run(app, "--email", "y@example.org", "--name", "Y", "--role", "admin",
                           "--org", "rijnmond", "--password", "password1234")
        assert result.exit_code != 0 and "Error:" in result.output
        assert db.session.scalar(select(User).where(User.email == "y@example.org")) is None


def test_the_same_new_user_form_sent_twice_makes_one_account_and_lands_on_it(login_as,
                                                                             world, db):
    client = login_as("admin")
    key = re.search(r'name="submission" type="hidden" value="([^"]+)"',
                    client.get("/admin/users/new").text).group(1)
    first = _new_user(client, submission=key)
    second = _new_user(client, submission=key)
    assert first.status_code == 200
    user = db.session.scalar(select(User).where(User.email == "fatima@rijnmond.example"))
    assert second.status_code == 303
    assert second.headers["Location"] == f"/admin/users/{user.id}"
    assert "There is already an account" not in second.text
    accounts = db.session.scalars(select(User).where(
        User.email == "fatima@rijnmond.example")).all()
    assert len(accounts) == 1
