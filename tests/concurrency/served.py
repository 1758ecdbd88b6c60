"""A served app and the people who use it at the same moment.

``served`` runs the app in werkzeug's threaded server on 127.0.0.1 (a free port); its
``ServedApp`` keeps the traceback of every request that raised and counts how many requests
the app worked on at one moment (so a test can show its requests really overlapped).
``Visitor`` is one browser: its own cookies; it reads a page's form as the browser would send
it (``tests.failures.browser.form_values``) and logs in through the real login form.
``at_once`` sends requests together: every request's connection is opened first, then a
barrier lets them all write their request in the same instant, so the server really handles
them side by side.
"""

from __future__ import annotations

import html
import re
import threading
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from flask import Flask, got_request_exception
from werkzeug.serving import make_server

from tests.failures.browser import form_values
from tests.fixtures.live_server import closed_before_sending

HOST = "127.0.0.1"
TIMEOUT_S = 60  # a guard against a hung server, never a measure of speed


@dataclass
class ServedApp:
    app: Flask
    port: int
    tracebacks: list[str] = field(default_factory=list)
    # The most requests the app was working on at one moment: above one, they overlapped.
    most_at_once: int = 0

    def report(self) -> str:
        """The tracebacks of the requests that raised, for a failing assertion's message."""
        if not self.tracebacks:
            return "no exception reached the server"
        return "\n".join(self.tracebacks)


@contextmanager
def served(app: Flask) -> Iterator[ServedApp]:
    """``app`` on 127.0.0.1 and a free port, in a thread, until the block ends."""
    server = make_server(HOST, 0, closed_before_sending(app), threaded=True)
    running = ServedApp(app=app, port=server.server_port)
    lock = threading.Lock()

    def remember(sender, exception, **extra):
        text = "".join(traceback.format_exception(exception))
        with lock:
            running.tracebacks.append(text)

    inner, working = app.wsgi_app, [0]

    def counted(environ, start_response):
        with lock:
            working[0] += 1
            running.most_at_once = max(running.most_at_once, working[0])
        try:
            return inner(environ, start_response)
        finally:
            with lock:
                working[0] -= 1

    app.wsgi_app = counted
    got_request_exception.connect(remember, app, weak=False)
    thread = threading.Thread(target=server.serve_forever, name="served-app", daemon=True)
    thread.start()
    try:
        yield running
    finally:
        server.shutdown()
        thread.join(timeout=TIMEOUT_S)
        server.server_close()
        got_request_exception.disconnect(remember, app)
        app.wsgi_app = inner


@dataclass
class Answer:
    """What came back: the status, where a redirect leads (its path) and the page."""

    status: int
    location: str
    text: str

    @property
    def redirected(self) -> bool:
        return self.status in (301, 302, 303, 307, 308)

    def shows(self, words: str) -> bool:
        """``words`` are on the page (as typed: the page may escape them)."""
        return words in html.unescape(self.text)

    def __repr__(self) -> str:
        return f"<Answer {self.status} {self.location or self.text[:60]!r}>"


class Visitor:
    """One browser: its own cookie jar, English pages, no redirects followed."""

    def __init__(self, served_app: ServedApp, name: str = "visitor"):
        self.port = served_app.port
        self.name = name
        self.cookies: dict[str, str] = {}
        self._lock = threading.Lock()

    # --- one request ----------------------------------------------------------------------

    def connect(self) -> HTTPConnection:
        connection = HTTPConnection(HOST, self.port, timeout=TIMEOUT_S)
        connection.connect()
        return connection

    def send(self, connection: HTTPConnection, method: str, path: str,
             data: dict | None = None) -> Answer:
        """Send one request on an open ``connection`` and read the whole answer."""
        headers = {"Accept-Language": "en", "Accept": "text/html",
                   "Host": f"{HOST}:{self.port}"}
        with self._lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode("utf-8")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        with self._lock:
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (morsel["expires"] and not morsel.value):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        location = urlsplit(response.headers.get("Location", "")).path
        return Answer(status=response.status, location=location, text=text)

    def get(self, path: str) -> Answer:
        return self.send(self.connect(), "GET", path)

    def post(self, path: str, data: dict) -> Answer:
        return self.send(self.connect(), "POST", path, data)

    # --- as a person uses the app -----------------------------------------------------------

    def open_form(self, page: str, action: str | None = None) -> dict:
        """GET ``page`` and read the POST form whose action ends with ``action``."""
        answer = self.get(page)
        assert answer.status == 200, (self.name, page, answer)
        # A form without an action posts to the page itself, as a browser does.
        text = re.sub(r"<form(?![^>]*\baction=)", f'<form action="{page}"', answer.text)
        return form_values(text, action if action is not None else page)

    def log_in(self, email: str, password: str) -> Visitor:
        """Through the login form, as a person would (its CSRF token included)."""
        answer = self.get("/login")
        assert answer.status == 200, answer
        data = {name: value for name, value in form_values(answer.text, "").items()
                if name == "csrf_token"}
        data.update(email=email, password=password)
        answer = self.post("/login", data)
        assert answer.redirected, (email, answer.status, answer.text[:500])
        return self


@dataclass
class Send:
    """One request to send at the same moment as others."""

    visitor: Visitor
    method: str
    path: str
    data: dict | None = None
    label: str = ""


def at_once(sends: Sequence[Send]) -> list[Answer]:
    """Send all ``sends`` at the same moment, one thread each; their answers, in order.

    Every thread opens its connection first; a barrier then releases all of them to write
    their request together. A thread that fails (a refused connection, a timeout) fails the
    test with what went wrong.
    """
    barrier = threading.Barrier(len(sends), timeout=TIMEOUT_S)
    answers: list[Answer | None] = [None] * len(sends)
    failures: list[str] = []

    def run(index: int, send: Send) -> None:
        try:
            connection = send.visitor.connect()
            barrier.wait()
            answers[index] = send.visitor.send(connection, send.method, send.path, send.data)
        except BaseException:  # noqa: BLE001 - reported below, in the test's thread
            failures.append(f"{send.label or send.path}: {traceback.format_exc()}")
            barrier.abort()

    threads = [threading.Thread(target=run, args=(index, send), name=f"at-once-{index}")
               for index, send in enumerate(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT_S * 2)
    assert not any(thread.is_alive() for thread in threads), "a request never came back"
    assert not failures, "\n".join(failures)
    return [answer for answer in answers if answer is not None]


# --- judging the answers ----------------------------------------------------------------------

def server_errors(served_app: ServedApp, sends: Sequence[Send],
                  answers: Sequence[Answer]) -> str:
    """A message naming every 5xx answer, with the server's tracebacks; empty if none."""
    failed = [f"  {send.label or send.path}: {answer.status} {answer.text[:300]!r}"
              for send, answer in zip(sends, answers, strict=True) if answer.status >= 500]
    if not failed:
        return ""
    return ("Server errors:\n" + "\n".join(failed) + "\nTracebacks on the server:\n"
            + served_app.report())


def statuses(sends: Sequence[Send], answers: Sequence[Answer]) -> str:
    return "\n".join(f"  {send.label or send.path}: {answer.status} "
                     f"{answer.location or answer.text[:200]!r}"
                     for send, answer in zip(sends, answers, strict=True))


@contextmanager
def database(served_app: ServedApp):
    """The served app's database, read afresh (what the requests committed)."""
    from eigenkracht.extensions import db

    with served_app.app.app_context():
        try:
            yield db.session
        finally:
            db.session.remove()
