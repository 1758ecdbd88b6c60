"""The second factor in a real browser: an authenticator app's code through the real login
form, and a security key in Chromium's virtual authenticator (the DevTools protocol's
WebAuthn domain, through Playwright's CDP session): set it up, log out, log in with it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from eigenkracht.auth.models import Organisation, Role, SecurityKey, TotpFactor, User
from eigenkracht.core.clock import now
from eigenkracht.extensions import db as _db
from tests.browser.conftest import (
    BROWSER_LOCALE,
    DESKTOP,
    TIMEZONE,
    WATCHES,
    Account,
    PageWatch,
    committed,
)
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ALL_STAFF = "admin,coordinator,jobcoach,referrer"
# Two requests and the authenticator's signature on a busy machine: wait longer than the
# 5 s Playwright waits for by default (a bound, not a timed assertion).
KEY_WAIT = 20_000
CASE_LIST = re.compile(r"^[^?]*/cases/$")  # not ".../second-factor?next=/cases/"


def _account(live_app, *, with_app: bool) -> Account:
    """A coordinator of an organisation that asks every role for a second factor."""
    with committed(live_app):
        organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond",
                                           second_factor_roles=ALL_STAFF)
        user = UserFactory(organisation=organisation, role=Role.COORDINATOR, locale=None,
                           name="Sjoerd Coördinator", email="coordinator@rijnmond.example")
        if with_app:
            _db.session.flush()
            _db.session.add(TotpFactor(user_id=user.id, secret=SECRET, created_at=now(),
                                       confirmed_at=now()))
        account = Account(email=user.email, name=user.name)
    return account


def _password(page: Page, account: Account) -> None:
    page.goto("/login")
    page.locator("#email").press_sequentially(account.email)
    page.locator("#password").press_sequentially(account.password)
    page.keyboard.press("Enter")


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").first.click()
    expect(page).to_have_url(re.compile(r"/login$"))


class TestAnAuthenticatorApp:
    def test_a_code_through_the_real_login_form_opens_the_case_list(self, page, live_app):
        account = _account(live_app, with_app=True)
        _password(page, account)

        expect(page).to_have_url(re.compile(r"/login/second-factor"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap van inloggen")
        page.goto("/cases/")  # nothing else opens before the code
        expect(page).to_have_url(re.compile(r"/login/second-factor"))
        page.get_by_label("Code").fill(pyotp.TOTP(SECRET).now())
        page.keyboard.press("Enter")

        expect(page).to_have_url(CASE_LIST)
        expect(page.get_by_role("banner")).to_contain_text(account.name)

    def test_a_wrong_code_is_refused_with_a_clear_message(self, page, live_app):
        account = _account(live_app, with_app=True)
        _password(page, account)
        expect(page).to_have_url(re.compile(r"/login/second-factor"))
        page.get_by_label("Code").fill("000000" if pyotp.TOTP(SECRET).now() != "000000"
                                       else "111111")
        page.keyboard.press("Enter")

        alert = page.locator(".error-summary[role=alert]")
        expect(alert).to_contain_text("Deze code klopt niet, of is al gebruikt.")
        expect(alert).to_be_focused()
        expect(page).to_have_url(re.compile(r"/login/second-factor"))

    def test_a_user_without_one_sets_it_up_at_the_login_and_then_goes_on(self, page,
                                                                          live_app):
        account = _account(live_app, with_app=False)
        _password(page, account)

        expect(page).to_have_url(re.compile(r"/account/security"))
        expect(page.get_by_role("img", name="QR-code om de authenticator-app in te stellen")
               ).to_be_visible()
        secret = page.locator("[data-totp-secret]").inner_text().replace(" ", "")
        page.get_by_label("Code uit de app").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="App instellen").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Je herstelcodes")
        expect(page.locator("[data-recovery-codes] li")).to_have_count(10)
        page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
        expect(page).to_have_url(CASE_LIST)


# --- security keys ----------------------------------------------------------------------------

@pytest.fixture
def on_localhost(live_app, live_server) -> Iterator[str]:
    """The live server as http://localhost:<port>: WebAuthn takes a host name (an IP address
    is no relying-party id), and the app's PUBLIC_BASE_URL names the same origin."""
    origin = live_server.url.replace("127.0.0.1", "localhost")
    before = live_app.config["PUBLIC_BASE_URL"]
    live_app.config["PUBLIC_BASE_URL"] = origin
    yield origin
    live_app.config["PUBLIC_BASE_URL"] = before


@pytest.fixture
def key_page(browser, live_server, on_localhost, request) -> Page:
    """A watched page on localhost with a virtual security key (CTAP2 over USB, with user
    verification, touched automatically) in Chromium."""
    context = browser.new_context(base_url=on_localhost, locale=BROWSER_LOCALE,
                                  timezone_id=TIMEZONE, **DESKTOP)
    context.set_default_timeout(10_000)
    request.addfinalizer(context.close)
    watch = PageWatch(origin=on_localhost, server_errors=live_server.errors)
    watch.attach(context)
    request.node.stash.setdefault(WATCHES, []).append(watch)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})
    return page


class TestASecurityKey:
    def test_set_up_a_key_log_out_and_log_in_with_it(self, key_page, live_app):
        page = key_page
        account = _account(live_app, with_app=False)
        _password(page, account)

        expect(page).to_have_url(re.compile(r"/account/security"))
        page.get_by_label("Naam van de sleutel").fill("Blauwe sleutel")
        page.get_by_role("button", name="Beveiligingssleutel toevoegen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Je herstelcodes",
                                                                  timeout=KEY_WAIT)
        page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
        expect(page).to_have_url(CASE_LIST)
        page.goto("/account/security")
        expect(page.locator("[data-key-name]")).to_have_text(["Blauwe sleutel"])

        _log_out(page)
        _password(page, account)
        expect(page).to_have_url(re.compile(r"/login/second-factor"))
        page.get_by_role("button", name="Beveiligingssleutel gebruiken").click()
        expect(page).to_have_url(CASE_LIST, timeout=KEY_WAIT)

        with live_app.app_context():
            user = _db.session.scalar(select(User).where(User.email == account.email))
            key = _db.session.scalar(select(SecurityKey).where(SecurityKey.user_id == user.id))
            assert key.name == "Blauwe sleutel" and key.last_used_at is not None
            organisation = _db.session.get(Organisation, user.organisation_id)
            assert organisation.second_factor_roles == ALL_STAFF
