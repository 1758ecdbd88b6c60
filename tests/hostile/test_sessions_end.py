"""A session ends on the server, and a copied cookie ends with it (issue 16, finding 5).

The hostile insider copied a staff member's session cookie, waited for them to log out and
replayed it: ``/cases/`` opened. Every sign-in now has a record on the server that the
signed cookie names by a random secret (the table keeps only its SHA-256); logging out, a
password change, deactivation, thirty minutes without a request and twelve hours after the
sign-in end it, and the cookie opens nothing after that — not even when the browser kept
it alive with requests all day. A user sees their sessions and ends the others.

Hostile input: a cookie whose session secret is missing, empty, of another type, oversized,
made of NUL bytes or a guess is the login page, never a 500; a user agent full of markup is
shown as text; a forged remember-me cookie opens nothing.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import event, func, select

from eigenkracht.auth.models import User
from eigenkracht.core.clock import frozen
from eigenkracht.extensions import db
from tests.factories import PASSWORD
from tests.fixtures.roles import log_in

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
EDGE = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0")
MONDAY = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
NEW_PASSWORD = "blauwe reiger vangt zeven vissen"


def browser(app, agent: str = FIREFOX, address: str = "192.0.2.10"):
    """A browser of its own: its own cookies, user agent and address."""
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    return client


def copy_of(client, app, agent: str = FIREFOX, address: str = "192.0.2.10"):
    """Another browser with a copy of ``client``'s session cookie (same agent and address,
    as a thief on the same network would send it)."""
    thief = browser(app, agent, address)
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def signed_in(client) -> bool:
    response = client.get("/cases/")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and "/login" in response.headers["Location"], \
        (response.status_code, response.headers.get("Location"))
    return False


def records():
    """The table of sessions (imported here: the tests also run against older code)."""
    from eigenkracht.auth.models import UserSession

    return UserSession


def session_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'action="/account/sessions/(\d+)/end"', page)]


# --- logging out --------------------------------------------------------------------------

def test_a_cookie_copied_before_logging_out_opens_nothing_after_it(app, world):
    owner = log_in(browser(app), world.coordinator)
    thief = copy_of(owner, app)
    assert signed_in(thief)  # the copy works while the session lives: it is the session
    owner.post("/logout")
    assert not signed_in(thief)
    assert thief.get(f"/cases/{world.case.reference}").status_code == 302
    assert thief.get("/account/sessions").status_code == 302


def test_a_copy_replayed_from_another_address_ends_the_session(app, world):
    """Flask-Login's strong protection drops the login from a cookie that comes from another
    address or browser; the session it named ends on the server as well, so the copy is
    worth nothing from the owner's network either (the owner logs in again)."""
    owner = log_in(browser(app), world.coordinator)
    elsewhere = copy_of(owner, app, address="198.51.100.99")
    assert not signed_in(elsewhere)
    assert not signed_in(copy_of(owner, app))
    assert not signed_in(owner)
    assert db.session.scalar(select(func.count()).select_from(records())) == 0


def test_logging_out_removes_the_sessions_record(app, world):
    owner = log_in(browser(app), world.coordinator)
    owner.post("/logout")
    assert db.session.scalar(select(func.count()).select_from(records()).where(
        records().user_id == world.coordinator.id)) == 0


def test_the_table_keeps_only_the_sha256_of_the_cookies_secret(app, world):
    import hashlib

    owner = log_in(browser(app), world.coordinator)
    with owner.session_transaction() as cookie:
        secret = cookie["_sid"]
    assert len(secret) >= 43  # 32 random bytes
    stored = db.session.execute(select(records().__table__)).all()
    assert secret not in repr(stored)
    assert [row.secret_hash for row in stored] == [hashlib.sha256(secret.encode()).hexdigest()]


def test_a_forged_remember_me_cookie_opens_nothing(app, world):
    """The app never sets one; one made with the secret key still needs a live session."""
    with app.test_request_context():
        value = encode_cookie(world.coordinator.get_id())
    thief = browser(app)
    thief.set_cookie("remember_token", value)
    assert not signed_in(thief)


@pytest.mark.parametrize("secret", [None, "", 12345, ["x"], {"a": 1}, "x" * 10_000, "\x00" * 43,
                                    "A" * 43])
def test_a_cookie_with_a_missing_or_hostile_session_secret_is_the_login_page(app, world,
                                                                                secret):
    client = log_in(browser(app), world.coordinator)
    with client.session_transaction() as cookie:
        if secret is None:
            del cookie["_sid"]
        else:
            cookie["_sid"] = secret
    assert not signed_in(client)


def test_the_session_of_one_user_does_not_open_another_users_account(app, world):
    """A cookie that names one user and another user's session secret opens nothing."""
    mine = log_in(browser(app), world.referrer)
    theirs = log_in(browser(app), world.coordinator)
    with theirs.session_transaction() as cookie:
        secret = cookie["_sid"]
    with mine.session_transaction() as cookie:
        cookie["_sid"] = secret
    assert not signed_in(mine)
    assert signed_in(theirs)


# --- a password change, deactivation ------------------------------------------------------

def _change_password(client):
    return client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})


def test_a_password_change_ends_every_other_session_and_keeps_this_browser_signed_in(
        app, world):
    here = log_in(browser(app), world.coordinator)
    there = log_in(browser(app, PHONE, "198.51.100.7"), world.coordinator)
    assert _change_password(here).status_code == 302
    assert signed_in(here)
    assert not signed_in(there)


def test_a_copy_of_this_browsers_cookie_stops_at_the_password_change(app, world):
    """Whoever copied the cookie before the change is out: this browser gets a new secret."""
    here = log_in(browser(app), world.coordinator)
    thief = copy_of(here, app)
    _change_password(here)
    assert signed_in(here)
    assert not signed_in(thief)


def test_a_refused_password_change_ends_nothing(app, world):
    here = log_in(browser(app), world.coordinator)
    there = log_in(browser(app, PHONE), world.coordinator)
    response = here.post("/account/password", data={
        "current_password": "not my password at all", "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})
    assert response.status_code == 200
    assert signed_in(here) and signed_in(there)


def _set_active(admin, user: User, active: bool):
    data = {"name": user.name, "role": user.role.value}
    if active:
        data["active"] = "y"
    response = admin.post(f"/admin/users/{user.id}", data=data)
    assert response.status_code == 302, response.text[:400]


def test_deactivation_ends_every_session_and_reactivation_brings_none_back(app, world):
    coordinator = log_in(browser(app), world.coordinator)
    thief = copy_of(coordinator, app)
    admin = log_in(browser(app, EDGE, "192.0.2.20"), world.admin)
    _set_active(admin, world.coordinator, False)
    assert not signed_in(coordinator)
    _set_active(admin, world.coordinator, True)
    assert not signed_in(coordinator)
    assert not signed_in(thief)
    assert db.session.scalar(select(func.count()).select_from(records()).where(
        records().user_id == world.coordinator.id)) == 0


# --- the idle timeout and the absolute lifetime -------------------------------------------

def test_thirty_minutes_without_a_request_end_the_session(app, world):
    with frozen(MONDAY):
        client = log_in(browser(app), world.coordinator)
    with frozen(MONDAY + timedelta(minutes=30)):
        assert not signed_in(client)
    with frozen(MONDAY + timedelta(minutes=30, seconds=1)):
        assert not signed_in(client)  # and it stays ended


def test_a_request_a_second_before_the_idle_timeout_keeps_the_session(app, world):
    with frozen(MONDAY):
        client = log_in(browser(app), world.coordinator)
    with frozen(MONDAY + timedelta(minutes=29, seconds=59)):
        assert signed_in(client)
    # The idle time counts from that request now: 29:59 later it is still there, 30:00 not.
    with frozen(MONDAY + timedelta(minutes=59, seconds=58)):
        assert signed_in(client)
    with frozen(MONDAY + timedelta(minutes=89, seconds=58)):
        assert not signed_in(client)


def test_an_ended_idle_session_stays_ended_for_a_copy_of_the_cookie(app, world):
    with frozen(MONDAY):
        client = log_in(browser(app), world.coordinator)
        thief = copy_of(client, app)
    with frozen(MONDAY + timedelta(minutes=31)):
        assert not signed_in(client)
    with frozen(MONDAY + timedelta(minutes=31, seconds=5)):
        assert not signed_in(thief)


def test_the_idle_timeout_is_a_setting(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    with frozen(MONDAY):
        client = log_in(browser(app), world.coordinator)
    with frozen(MONDAY + timedelta(minutes=4, seconds=59)):
        assert signed_in(client)
    with frozen(MONDAY + timedelta(minutes=9, seconds=59)):
        assert not signed_in(client)


def test_a_session_kept_busy_all_day_still_ends_twelve_hours_after_the_sign_in(app, world):
    """The cookie is signed anew as the browser goes on; the record's age still counts."""
    with frozen(MONDAY):
        client = log_in(browser(app), world.coordinator)
    moment = MONDAY
    end = MONDAY + timedelta(hours=12)
    while moment + timedelta(minutes=25) < end:
        moment += timedelta(minutes=25)
        with frozen(moment):
            assert signed_in(client), moment
    with frozen(end - timedelta(seconds=1)):
        assert signed_in(client)
    with frozen(end):
        assert not signed_in(client)


def test_the_absolute_lifetime_is_a_setting(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_LIFETIME_HOURS", 1)
    with frozen(MONDAY):
        client = log_in(browser(app), world.coordinator)
    for minutes in (25, 50):
        with frozen(MONDAY + timedelta(minutes=minutes)):
            assert signed_in(client)
    with frozen(MONDAY + timedelta(minutes=59, seconds=59)):
        assert signed_in(client)
    with frozen(MONDAY + timedelta(hours=1)):
        assert not signed_in(client)


# --- last seen ----------------------------------------------------------------------------

@contextmanager
def writes_seen():
    """The UPDATE statements run inside (``count_queries`` leaves the stamp out)."""
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def test_last_seen_is_written_at_most_once_a_minute_and_never_moves_a_version(app, world):
    with frozen(MONDAY):
        client = log_in(browser(app), world.coordinator)
    versions = (world.coordinator.session_version,)
    writes = []
    for seconds in (10, 30, 59, 60, 61, 90, 119, 120):
        with frozen(MONDAY + timedelta(seconds=seconds)), writes_seen() as statements:
            assert signed_in(client)
        writes.append(sum(1 for s in statements if "user_sessions" in s))
        assert [s for s in statements if "user_sessions" not in s] == []  # no user, no version
    assert writes == [0, 0, 0, 1, 0, 0, 0, 1]
    db.session.refresh(world.coordinator)
    assert (world.coordinator.session_version,) == versions
    record = db.session.scalar(select(records()).where(
        records().user_id == world.coordinator.id))
    assert record.last_seen_at == MONDAY + timedelta(seconds=120)
    assert record.created_at == MONDAY


# --- the page of one's own sessions -------------------------------------------------------

def test_a_user_sees_their_sessions_with_browser_address_start_and_last_seen(app, world):
    with frozen(MONDAY):
        here = log_in(browser(app), world.coordinator)
    with frozen(MONDAY + timedelta(minutes=5)):
        log_in(browser(app, PHONE, "198.51.100.7"), world.coordinator)
        log_in(browser(app, EDGE, "203.0.113.9"), world.admin)  # someone else's
    with frozen(MONDAY + timedelta(minutes=7)):
        page = here.get("/account/sessions")
    assert page.status_code == 200
    text = page.text
    assert "Firefox on Linux" in text and "Safari on iPhone" in text
    assert "192.0.2.10" in text and "198.51.100.7" in text
    assert "203.0.113.9" not in text and "Edge on Windows" not in text
    assert "This browser" in text
    assert len(session_ids(text)) == 1  # the other one; this one is ended by logging out
    assert "Dec 7, 2026, 9:00" in text  # started (Amsterdam time)
    assert "Dec 7, 2026, 9:07" in text  # this browser: last seen now


def test_ending_another_session_from_the_page_signs_that_browser_out(app, world):
    here = log_in(browser(app), world.coordinator)
    there = log_in(browser(app, PHONE, "198.51.100.7"), world.coordinator)
    third = log_in(browser(app, EDGE, "203.0.113.9"), world.coordinator)
    page = here.get("/account/sessions").text
    phone = [n for n in session_ids(page)
             if db.session.get(records(), n).ip_address == "198.51.100.7"]
    response = here.post(f"/account/sessions/{phone[0]}/end")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/sessions")
    assert not signed_in(there)
    assert signed_in(here) and signed_in(third)
    assert "198.51.100.7" not in here.get("/account/sessions").text


def test_ending_all_other_sessions_keeps_only_this_browser_and_stops_a_copy_of_it(app, world):
    here = log_in(browser(app), world.coordinator)
    thief = copy_of(here, app)
    others = [log_in(browser(app, PHONE, f"198.51.100.{n}"), world.coordinator)
              for n in range(3)]
    response = here.post("/account/sessions/end-others")
    assert response.status_code == 302
    assert signed_in(here)
    assert not any(signed_in(other) for other in others)
    assert not signed_in(thief)  # this browser got a new secret
    assert session_ids(here.get("/account/sessions").text) == []


def test_someone_elses_session_cannot_be_ended(app, world):
    mine = log_in(browser(app), world.coordinator)
    theirs = log_in(browser(app, PHONE), world.admin)
    their_id = db.session.scalar(select(records().id).where(
        records().user_id == world.admin.id))
    assert mine.post(f"/account/sessions/{their_id}/end").status_code == 404
    assert mine.post("/account/sessions/99999999999/end").status_code == 404
    assert mine.post("/account/sessions/-1/end").status_code == 404
    assert signed_in(theirs)


def test_ending_this_browsers_own_session_from_the_page_logs_out(app, world):
    here = log_in(browser(app), world.coordinator)
    own = db.session.scalar(select(records().id).where(
        records().user_id == world.coordinator.id))
    response = here.post(f"/account/sessions/{own}/end")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert not signed_in(here)


def test_the_sessions_page_needs_a_post_with_a_csrf_token_to_end_anything(app, world,
                                                                         csrf_enabled):
    here = browser(app)
    page = here.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    here.post("/login", data={"email": world.coordinator.email, "password": PASSWORD,
                              "csrf_token": token})
    there = log_in_with_csrf(app, world.coordinator)
    assert here.post("/account/sessions/end-others").status_code == 400
    assert here.get("/account/sessions/end-others").status_code == 405
    assert signed_in(there)


def log_in_with_csrf(app, user):
    client = browser(app, PHONE)
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("agent", ["<script>alert(1)</script>", "x" * 5000, "\x00\x1b[31mred",
                                   ""])
def test_a_hostile_user_agent_is_shown_as_text_and_kept_short(app, world, agent):
    here = log_in(browser(app), world.coordinator)
    log_in(browser(app, agent), world.coordinator)
    page = here.get("/account/sessions")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text
    assert "Unknown browser" in page.text
    stored = db.session.scalars(select(records().user_agent)).all()
    assert all(len(value or "") <= 300 for value in stored)
    assert not any("\x00" in (value or "") or "\x1b" in (value or "") for value in stored)


@pytest.mark.parametrize("identity", ["99999999999:1", "1:" + "9" * 5000, "x:1", ":", "",
                                      "1:1:1", "-1:1", "\x00"])
def test_a_cookie_naming_no_possible_user_is_the_login_page(app, world, identity):
    """Made with the secret key (only the key can sign a cookie): still never a 500."""
    client = log_in(browser(app), world.coordinator)
    with client.session_transaction() as cookie:
        cookie["_user_id"] = identity
    assert not signed_in(client)
