"""The sign-in area's loose ends: the account menu in the header, what logging out clears in
the browser, and a clear answer when the shared login counters (Redis) cannot be reached."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest
import redis
from limits.storage import storage_from_string

from eigenkracht.extensions import limiter
from tests.factories import PASSWORD


class TestTheAccountMenu:
    def test_the_header_links_password_security_and_sessions(self, login_as):
        page = login_as("coordinator").get("/cases/").text
        menu = page[page.index('class="account-menu"'):]
        menu = menu[:menu.index("</nav>")]
        for href in ("/account/password", "/account/security", "/account/sessions"):
            assert f'href="{href}"' in menu

    def test_the_page_one_is_on_is_marked(self, login_as):
        page = login_as("coordinator").get("/account/sessions").text
        assert 'href="/account/sessions" aria-current="page"' in page

    def test_no_account_menu_for_someone_not_logged_in(self, client):
        assert 'class="account-menu"' not in client.get("/login").text


class TestLoggingOutClearsTheBrowser:
    def test_logging_out_asks_the_browser_to_empty_its_cache_and_storage(self, login_as):
        response = login_as("coordinator").post("/logout")
        assert response.headers["Clear-Site-Data"] == '"cache", "storage"'

    def test_it_does_not_clear_cookies_so_the_goodbye_message_stays(self, login_as):
        client = login_as("coordinator")
        response = client.post("/logout")
        assert '"cookies"' not in response.headers["Clear-Site-Data"]
        assert "You have logged out." in client.get(response.headers["Location"]).text

    def test_logging_out_without_being_logged_in_clears_too(self, client):
        assert client.post("/logout").headers["Clear-Site-Data"] == '"cache", "storage"'


# --- the shared counters unreachable --------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_server() -> Iterator[tuple[str, subprocess.Popen]]:
    """A redis-server of this test's own on a free loopback port, nothing kept on disk."""
    workdir = tempfile.mkdtemp(prefix="eigenkracht-redis-")
    port = _free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(200):
            try:
                if redis.Redis.from_url(url, socket_timeout=1).ping():
                    break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def counters_in(redis_server):
    """The login counters in that Redis (as in production), for this test only."""
    url, process = redis_server
    before = limiter._limiter
    storage = storage_from_string(url, socket_timeout=2, socket_connect_timeout=2)
    limiter._limiter = type(before)(storage)
    try:
        yield process
    finally:
        limiter._limiter = before
        pool = getattr(storage, "storage", None)
        if pool is not None:
            pool.connection_pool.disconnect()


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=15)


class TestTheCountersUnreachable:
    def test_login_works_while_redis_answers(self, client, world, counters_in):
        response = client.post("/login", data={"email": world.coordinator.email,
                                               "password": PASSWORD})
        assert response.status_code == 302

    def test_login_answers_503_with_a_message_in_the_users_language(self, client, world,
                                                                    counters_in):
        _stop(counters_in)
        response = client.post("/login", data={"email": world.coordinator.email,
                                               "password": PASSWORD},
                               headers={"Accept-Language": "nl"})
        assert response.status_code == 503
        assert "Inloggen lukt nu niet: een dienst die daarvoor nodig is, is niet bereikbaar." \
            in response.text
        assert 'lang="nl"' in response.text
        assert client.get("/cases/").status_code == 302  # not logged in

    def test_in_english_too(self, client, world, counters_in):
        _stop(counters_in)
        response = client.post("/login", data={"email": world.coordinator.email,
                                               "password": "a wrong password"})
        assert response.status_code == 503
        assert "Signing in is not possible right now" in response.text

    def test_the_second_step_answers_503_too(self, client, world, db, counters_in):
        from eigenkracht.auth.models import TotpFactor
        from eigenkracht.core.clock import now

        db.session.add(TotpFactor(user_id=world.coordinator.id, secret="JBSWY3DPEHPK3PXP",
                                  created_at=now(), confirmed_at=now()))
        db.session.flush()
        client.post("/login", data={"email": world.coordinator.email, "password": PASSWORD})
        _stop(counters_in)
        response = client.post("/login/second-factor", data={"code": "123456"})
        assert response.status_code == 503
        assert "Signing in is not possible right now" in response.text
        assert client.get("/cases/").status_code == 303
