"""Browser tests: a live server with a database of its own, and Debian's Chromium.

The app runs in a background thread (werkzeug's ``make_server``) on 127.0.0.1 with CSRF
protection on, so real forms are exercised. Its database is its own: a temporary SQLite
file, or, when TEST_DATABASE_URL is set, a PostgreSQL database ``<name>_browser`` (after
this worker's test database) created on the same server and dropped at the end. The server's
threads must see the data, so it is committed for real and wiped before every test (the
transactional ``db`` fixture of tests/conftest.py is switched off here).

Playwright drives the ``chromium`` on the PATH (Debian's package; never ``playwright
install``). Every page is watched: a JavaScript error, a console error (that is how
Chromium reports a Content-Security-Policy violation), a failed request, a server error
or a request to any host but the live server fails the test.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask, got_request_exception
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sqlalchemy import select
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from eigenkracht import create_app
from eigenkracht.auth.models import Role, User
from eigenkracht.extensions import db as _db
from eigenkracht.extensions import limiter
from tests.factories import (
    PASSWORD,
    BottomLineFactory,
    CaseAssignmentFactory,
    CaseFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.fixtures.live_server import closed_before_sending
from tests.fixtures.postgres import postgres_database

HOST = "127.0.0.1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root (containers, CI)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium tries to reach Google's services and fails noisily.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
# Our users' browsers ask for Dutch; the time zone is the organisation's.
BROWSER_LOCALE = "nl-NL"
TIMEZONE = "Europe/Amsterdam"


# --- the database and the live server -------------------------------------------------------

@pytest.fixture(autouse=True)
def db():
    """Switched off: the live server commits for real (see ``empty_database``)."""
    yield None


@pytest.fixture(scope="session")
def live_database_url(database_url, tmp_path_factory) -> Iterator[str]:
    """Next to the test database of this run (of this worker, under xdist)."""
    if make_url(database_url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('browser') / 'live.sqlite'}"
        return
    with postgres_database(database_url, f"{make_url(database_url).database}_browser") as url:
        yield url


@pytest.fixture(scope="session")
def live_app(live_database_url) -> Iterator[Flask]:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=live_database_url,
                     WTF_CSRF_ENABLED=True)
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@dataclass
class LiveServer:
    url: str
    errors: list[BaseException]


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[LiveServer]:
    """The app on 127.0.0.1 and a free port; unhandled exceptions are collected."""
    server = make_server(HOST, 0, closed_before_sending(live_app), threaded=True)
    errors: list[BaseException] = []

    def remember(sender, exception, **extra):
        errors.append(exception)

    got_request_exception.connect(remember, live_app, weak=False)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://{HOST}:{server.server_port}", errors=errors)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        got_request_exception.disconnect(remember, live_app)


@pytest.fixture(autouse=True)
def empty_database(live_app) -> None:
    """Every test starts from empty tables and fresh login-failure counters."""
    with live_app.app_context():
        for table in reversed(_db.metadata.sorted_tables):
            _db.session.execute(table.delete())
        _db.session.commit()
    limiter.reset()


@contextmanager
def committed(app: Flask) -> Iterator[None]:
    """Run factories on the live database and commit what they made."""
    with app.app_context():
        yield
        _db.session.commit()


@dataclass(frozen=True)
class Account:
    email: str
    name: str
    password: str = PASSWORD


@dataclass(frozen=True)
class CaseCard:
    reference: str
    client_name: str


@pytest.fixture
def coordinator(live_app) -> Account:
    """A coordinator of Jeugdzorg Rijnmond without a language preference of their own."""
    with committed(live_app):
        organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
        user = UserFactory(organisation=organisation, role=Role.COORDINATOR, locale=None,
                           name="Sjoerd Coördinator", email="coordinator@rijnmond.example")
        account = Account(email=user.email, name=user.name)
    return account


@pytest.fixture
def their_case(live_app, coordinator) -> CaseCard:
    """A case assigned to ``coordinator`` (an old reference: new ones start at 0001)."""
    with committed(live_app):
        user = _db.session.scalar(select(User).where(User.email == coordinator.email))
        case = CaseFactory(organisation=user.organisation, reference="EK-2025-0042",
                           client_first_name="Noëlle", client_last_name="Jansen")
        CaseAssignmentFactory(case=case, user=user)
        BottomLineFactory(case=case, text="Noëlle gaat elke dag naar school.", position=0)
        card = CaseCard(reference=case.reference, client_name=case.client_name)
    return card


# --- Chromium and watched pages ---------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("The browser tests need Debian's Chromium and found no `chromium` on the "
                    "PATH: install it with `apt-get install chromium` (do not run "
                    "`playwright install`).", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageWatch:
    """What went wrong on the pages of one test, as a user or a security review would see."""

    origin: str
    server_errors: list[BaseException] = field(repr=False)
    context: BrowserContext | None = field(default=None, repr=False)
    problems: list[str] = field(default_factory=list)
    _errors_before: int = field(default=0, repr=False)

    def attach(self, context: BrowserContext) -> None:
        self.context = context
        self._errors_before = len(self.server_errors)
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)
        context.on("page", self._on_page)

    def _on_page(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))

    def _on_console(self, message) -> None:
        # "Failed to load resource" repeats what ``_on_response`` judges better (a form may
        # answer 422), and also covers the browser's own /favicon.ico, which the app lacks.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text} ({message.location})")

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and f"{parts.scheme}://{parts.netloc}" != \
                self.origin:
            self.problems.append(f"request to another host: {request.method} {request.url}")

    def _on_request_failed(self, request) -> None:
        # Chromium abandons the favicon fetch when the page navigates on; not a failure.
        # Nor the site's own files a page was still fetching when the test went on to the
        # next page (icons, a script): the navigation aborted them.
        if urlsplit(request.url).path.startswith("/static/") and \
                "ERR_ABORTED" in (request.failure or ""):
            return
        self.problems.append(f"request failed: {request.method} {request.url}: "
                             f"{request.failure}")

    def _on_response(self, response) -> None:
        # Pages answer 422 to a form with errors; a missing stylesheet or any 500 is a bug.
        if response.status >= 500 or (response.status >= 400
                                      and response.request.resource_type != "document"):
            self.problems.append(f"HTTP {response.status}: {response.request.method} "
                                 f"{response.url}")

    def report(self) -> str:
        errors = self.server_errors[self._errors_before:]
        lines = [*self.problems, *(f"server error: {e!r}" for e in errors)]
        return "\n".join(f"  - {line}" for line in lines)

    def settle(self) -> None:
        """Let the events the browser has already sent arrive."""
        for page in self.context.pages if self.context else []:
            page.evaluate("0")

    def assert_clean(self) -> None:
        __tracebackhide__ = True
        self.settle()
        report = self.report()
        assert not report, "The browser noticed problems:\n" + report


WATCHES = pytest.StashKey[list[PageWatch]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a browser test whose pages had problems, even if its own assertions passed."""
    __tracebackhide__ = True
    watches = item.stash.get(WATCHES, [])
    try:
        result = yield
    except Exception as exc:
        for watch in watches:
            if watch.report():
                exc.add_note("The browser also noticed:\n" + watch.report())
        raise
    for watch in watches:
        watch.assert_clean()
    return result


def _open_page(browser: Browser, live_server: LiveServer, request, options: dict) -> Page:
    context = browser.new_context(base_url=live_server.url, locale=BROWSER_LOCALE,
                                  timezone_id=TIMEZONE, **options)
    context.set_default_timeout(10_000)
    request.addfinalizer(context.close)
    watch = PageWatch(origin=live_server.url, server_errors=live_server.errors)
    watch.attach(context)
    request.node.stash.setdefault(WATCHES, []).append(watch)
    return context.new_page()


@pytest.fixture
def page(browser, live_server, request) -> Page:
    """A watched page in a fresh browser context at 1280×800."""
    return _open_page(browser, live_server, request, DESKTOP)


@pytest.fixture
def phone(browser, live_server, request) -> Page:
    """A watched page in a fresh browser context on a 390×844 phone."""
    return _open_page(browser, live_server, request, PHONE)


@pytest.fixture
def watch(page, request) -> PageWatch:
    """The watch over ``page``, for the tests of the watch itself."""
    return request.node.stash[WATCHES][-1]


@pytest.fixture
def log_in():
    """``log_in(page, account)``: through the login form, landing on the case list."""

    def _log_in(page: Page, account: Account) -> Page:
        page.goto("/login")
        page.fill("#email", account.email)
        page.fill("#password", account.password)
        page.press("#password", "Enter")
        page.wait_for_url("**/cases/")
        return page

    return _log_in


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ (gitignored): screenshots for humans, never asserted."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
