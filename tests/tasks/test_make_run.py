"""Acceptance (issue 18): what ``make run`` starts serves the app *and* a task consumer, so
an invitation sent from its page reaches the outbox without any other command.

The test does what ``make run`` does after installing: ``flask db upgrade``, ``flask demo``
and the runner ``python -m eigenkracht.devserver`` (the Makefile's ``run`` recipe, checked
below), on an empty database and queue of its own, without a mail server (the embedded
default). It signs in as the demo coordinator over HTTP, presses "Send invitation" and reads
the invitation's state until the consumer has delivered it: "In the outbox (no mail
server)". Ctrl-C (SIGINT to the runner) then stops the web server and the consumer.
"""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from eigenkracht import create_app
from eigenkracht.conference.models import Conference, Invitation, Phase
from eigenkracht.extensions import db as _db
from tests.mail.smtp_server import free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-password-for-the-make-run-test"  # noqa: S105
GUARD_S = 90  # a guard against a hung server, never a measure of speed
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def db():
    """Switched off: the served app reads committed data in a database of this test's own."""
    yield None


@pytest.fixture
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="eigenkracht-make-run-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def environment(workdir: Path) -> dict[str, str]:
    import os

    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("MAIL_", "TASKS_", "DATABASE_URL", "FLASK_", "REDIS_URL"))}
    return {**keep, "FLASK_APP": "wsgi.py", "PYTHONUNBUFFERED": "1",
            "DATABASE_URL": f"sqlite:///{workdir / 'eigenkracht.sqlite'}",
            "TASKS_URL": f"sqlite:///{workdir / 'tasks.sqlite'}",
            "EIGENKRACHT_DEMO_PASSWORD": PASSWORD}


def flask(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


class Browser:
    """Just enough of a browser: cookies, forms with their CSRF token, no redirects hidden."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def post(self, path: str, fields: dict[str, str], token_from: str) -> str:
        token = CSRF.search(self.get(token_from)).group(1)
        body = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            self.base + path, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode("utf-8")


def an_unsent_invitation(database_url: str) -> tuple[str, int, int, str]:
    """(case reference, conference id, invitation id, name) of a demo invitation in a
    planned conference, not sent yet; its invitee is given an e-mail address (the demo's
    people have none)."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        invitation = _db.session.scalars(
            select(Invitation).join(Conference).where(Conference.phase == Phase.PLANNED)
            .order_by(Invitation.id)).first()
        assert invitation is not None, "the demo has no planned conference with guests"
        invitation.person.email = "invitee@example.org"
        found = (invitation.conference.case.reference, invitation.conference_id,
                 invitation.id, invitation.person.name)
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()
    return found


def test_make_run_runs_the_recipe_this_test_runs():
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "-m eigenkracht.devserver" in recipe and " demo" in recipe.splitlines()[0]


def test_an_invitation_sent_from_the_page_reaches_the_outbox_without_another_command(
        workdir):
    env = environment(workdir)
    flask(env, "db", "upgrade")
    flask(env, "demo")
    reference, conference_id, invitation_id, name = an_unsent_invitation(env["DATABASE_URL"])
    port = free_port()
    log = workdir / "make-run.log"
    with log.open("wb") as out:
        runner = subprocess.Popen(  # noqa: S603 - our own runner
            [sys.executable, "-m", "eigenkracht.devserver", "--host", "127.0.0.1", "--port",
             str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    browser = Browser(f"http://127.0.0.1:{port}")
    try:
        wait_until(lambda: "csrf_token" in browser.get("/login"), "the web server", runner,
                   log)
        browser.post("/login", {"email": "coordinator@demo.example", "password": PASSWORD},
                     token_from="/login")
        conference = f"/cases/{reference}/conferences/{conference_id}"
        invitation = f"{conference}/invitations/{invitation_id}"
        page = browser.post(f"{invitation}/send", {"next": invitation}, token_from=invitation)
        assert f"De uitnodiging voor {name} wacht om verstuurd te worden." in page
        wait_until(lambda: "mail-state-outbox" in browser.get(invitation),
                   "the consumer's delivery into the outbox", runner, log)
        shown = browser.get(invitation)  # the demo coordinator reads Dutch
        assert "In de outbox (geen mailserver)" in shown
        assert "E-mail verstuurd" not in shown
    finally:
        if runner.poll() is None:
            runner.send_signal(signal.SIGINT)  # Ctrl-C
        runner.wait(timeout=60)
    output = log.read_text(errors="replace")
    assert "tasks | " in output and "web   | " in output  # both ran
    assert "Huey consumer started" in output
    assert runner.returncode == 0, output[-3000:]
    assert "Consumer exiting." in output  # the consumer stopped on Ctrl-C
    with pytest.raises(OSError):  # and the web server is gone
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def wait_until(ready, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + GUARD_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run stopped: {log.read_text(errors='replace')[-3000:]}")
        try:
            if ready():
                return
        except (OSError, urllib.error.URLError):  # not listening yet
            pass
        time.sleep(0.2)
    pytest.fail(f"{what} did not happen in {GUARD_S} s: "
                f"{log.read_text(errors='replace')[-3000:]}")
