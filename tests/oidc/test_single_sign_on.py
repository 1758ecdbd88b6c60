"""Single sign-on against a real OpenID Provider on loopback (never a mocked token
endpoint): linking by e-mail, accounts made just in time with their role from the groups
claim, deactivated and foreign accounts refused, the provider's second factor, sign-out."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.auth.models import Role, User, UserSession
from eigenkracht.sso.secrets import open_secret
from tests.oidc.conftest import CLIENT_SECRET, PASSWORD


def _user(db, email):
    return db.session.scalar(select(User).where(User.email == email))


def _events(db, action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_the_login_page_offers_the_organisations_provider(provider, browser):
    text = browser.app_client.get("/login").text
    assert "Rijnmond account" in text and 'href="/sso/rijnmond"' in text


def test_an_existing_account_is_linked_by_email_at_the_first_sign_in(provider, browser,
                                                                     world, db):
    answer = browser.sign_in("sjoerd")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    page = browser.app_client.get(f"/cases/{world.case.reference}")
    assert page.status_code == 200 and world.case.reference in page.text
    db.session.expire_all()
    coordinator = _user(db, "coordinator@rijnmond.example")
    assert coordinator.sso_subject == f"{provider.issuer} sjoerd"
    assert coordinator.role == Role.COORDINATOR
    login = _events(db, "sso_login")[-1]
    assert login.actor_id == coordinator.id and login.details["second_factor"] is False


def test_an_account_is_made_just_in_time_with_the_role_of_its_group(provider, browser, db):
    answer = browser.sign_in("nieuw")
    assert answer.status_code == 302
    made = _user(db, "nieuw@rijnmond.example")
    assert (made.role, made.name, made.organisation_id) == (
        Role.JOBCOACH, "Nina Nieuw", provider.organisation_id)
    assert browser.app_client.get("/jobs/caseload").status_code == 200  # a job coach's page
    assert _events(db, "create")[-1].details["through"] == "single sign-on"


def test_the_highest_of_several_mapped_roles_wins(provider, browser, db):
    browser.sign_in("baas")
    assert _user(db, "baas@rijnmond.example").role == Role.ADMIN
    assert browser.app_client.get("/admin/users").status_code == 200


def test_the_groups_claim_sets_the_role_of_a_linked_account_at_every_sign_in(
        provider, browser, world, db):
    world.coordinator.role = Role.REFERRER
    db.session.commit()
    browser.sign_in("sjoerd")
    db.session.expire_all()
    assert _user(db, "coordinator@rijnmond.example").role == Role.COORDINATOR


def test_without_a_mapped_group_no_account_is_made(provider, browser, db):
    answer = browser.sign_in("zonder")
    assert answer.status_code == 403
    assert "does not give you a role here" in answer.text
    assert _user(db, "zonder@rijnmond.example") is None
    refused = _events(db, "sso_refused")[-1]
    assert refused.outcome == "refused" and "zonder@rijnmond.example" in refused.summary
    assert browser.app_client.get("/cases/").status_code == 302  # not signed in


def test_without_just_in_time_creation_an_unknown_person_is_refused(provider, browser, db):
    provider.create_users = False
    db.session.commit()
    answer = browser.sign_in("nieuw")
    assert answer.status_code == 403 and "no account for you yet" in answer.text
    assert _user(db, "nieuw@rijnmond.example") is None


def test_a_deactivated_account_stays_out(provider, browser, world, db):
    world.jobcoach.active = False
    db.session.commit()
    answer = browser.sign_in("weg")
    assert answer.status_code == 403 and "deactivated" in answer.text
    assert browser.app_client.get("/jobs/caseload").status_code == 302
    assert _events(db, "sso_refused")[-1].summary.startswith("sso_deactivated")


def test_an_account_of_another_organisation_is_refused(provider, browser, db):
    answer = browser.sign_in("elders")
    assert answer.status_code == 403 and "another organisation" in answer.text


def _second_factor_of(db, email):
    user = _user(db, email)
    return db.session.scalar(select(UserSession.second_factor).where(
        UserSession.user_id == user.id))


def test_the_providers_second_factor_counts_when_amr_says_so(provider, browser, db, app):
    app.config["SECOND_FACTOR_ROLES"] = "jobcoach"
    try:
        answer = browser.sign_in("nieuw")  # amr: pwd, mfa
    finally:
        app.config["SECOND_FACTOR_ROLES"] = ""
    assert answer.headers["Location"] == "/"  # no second step of ours
    assert _events(db, "sso_login")[-1].details["second_factor"] is True
    assert _second_factor_of(db, "nieuw@rijnmond.example") == "oidc"


def test_without_the_providers_second_factor_ours_is_asked(provider, browser, db, app):
    provider.mfa_amr = ""  # the organisation does not count the provider's
    db.session.commit()
    app.config["SECOND_FACTOR_ROLES"] = "jobcoach"
    try:
        answer = browser.sign_in("nieuw")
        assert "/account/security" in answer.headers["Location"]  # led to set one up
        elsewhere = browser.app_client.get("/jobs/caseload")  # nothing else first
        assert "/account/security" in elsewhere.headers["Location"]
    finally:
        app.config["SECOND_FACTOR_ROLES"] = ""
    assert _events(db, "sso_login")[-1].details["second_factor"] is False
    assert _second_factor_of(db, "nieuw@rijnmond.example") is None


def test_sign_out_ends_our_session_and_offers_the_providers(provider, browser, db):
    browser.sign_in("sjoerd")
    coordinator = _user(db, "coordinator@rijnmond.example")
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == coordinator.id))
    answer = browser.app_client.post("/logout")
    assert answer.status_code == 200
    assert "Also sign out at Rijnmond account" in answer.text
    assert db.session.scalar(select(UserSession).where(
        UserSession.user_id == coordinator.id)) is None
    assert browser.app_client.get("/cases/").status_code == 302  # our session is over
    end = answer.text.split('id="provider-logout" href="', 1)[1].split('"', 1)[0]
    end = end.replace("&amp;", "&")
    assert end.startswith(f"{provider.issuer}/session/end?client_id=")
    # At the provider: its confirmation form, then back to our login page.
    confirm = browser.web.get(end, timeout=10)
    import re
    form = re.search(r'<form[^>]*action="([^"]+)"', confirm.text).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                             confirm.text))
    done = browser.web.post(browser.issuer + form if form.startswith("/") else form,
                            data={**fields, "logout": "yes"}, allow_redirects=False,
                            timeout=10)
    assert done.headers["Location"].startswith("http://localhost/login")
    # Signing in again asks for the password again: the provider's session ended too.
    again = browser.app_client.get("/sso/rijnmond")
    page = browser.web.get(browser.follow_provider(again.headers["Location"]), timeout=10)
    assert 'name="password"' in page.text


def test_a_callback_nobody_started_is_refused(provider, browser):
    answer = browser.app_client.get("/sso/callback?code=forged&state=forged")
    assert answer.status_code == 400


def test_a_forged_state_is_refused(provider, browser):
    browser.app_client.get("/sso/rijnmond")
    answer = browser.app_client.get("/sso/callback?code=forged&state=forged")
    assert answer.status_code == 400 and "did not work" in answer.text


def test_a_wrong_code_is_refused_by_the_real_token_endpoint(provider, browser):
    started = browser.app_client.get("/sso/rijnmond")
    state = started.headers["Location"].split("state=", 1)[1].split("&", 1)[0]
    answer = browser.app_client.get(f"/sso/callback?code=not-a-code&state={state}")
    assert answer.status_code == 400


def test_an_unknown_or_disabled_organisation_has_no_sign_in(provider, browser, db):
    assert browser.app_client.get("/sso/elders").status_code == 404
    assert browser.app_client.get("/sso/" + "x" * 200).status_code == 404
    provider.enabled = False
    db.session.commit()
    assert browser.app_client.get("/sso/rijnmond").status_code == 404


def test_the_client_secret_is_stored_encrypted(provider):
    assert CLIENT_SECRET not in provider.client_secret
    assert open_secret(provider.client_secret) == CLIENT_SECRET


def test_a_wrong_password_at_the_provider_signs_nobody_in(provider, browser):
    started = browser.app_client.get("/sso/rijnmond")
    login_page = browser.follow_provider(started.headers["Location"])
    form = browser.web.get(login_page, timeout=10)
    import re
    action = re.search(r'action="([^"]+)"', form.text).group(1)
    posted = browser.web.post(browser.issuer + action,
                              data={"login": "sjoerd", "password": PASSWORD + "x"},
                              allow_redirects=False, timeout=10)
    assert posted.status_code == 401
    assert browser.app_client.get("/cases/").status_code == 302
