"""Acceptance (issue 21): the morning e-mail of follow-ups due goes out through the real task
queue. A ``flask tasks consume`` process of its own (on a database of this test's own and
Huey's SQLite storage) runs what the morning schedule asked for on a frozen clock, and a
real SMTP server on loopback receives: today's and overdue follow-ups in each coach's
language, nothing for a coach who did not opt in, nothing for one with nothing due.
"""

from __future__ import annotations

import email.policy
import signal
import subprocess
import sys
from datetime import date, datetime, timedelta
from email import message_from_bytes

from eigenkracht.auth.models import Role
from eigenkracht.core import clock
from eigenkracht.extensions import db as _db
from eigenkracht.jobs.models import CoachSettings
from eigenkracht.tasks import tasks_of
from tests.factories import ContactLogFactory, OrganisationFactory, UserFactory
from tests.jobs.conftest import make_jobseeker
from tests.mail.smtp_server import MailServer, free_port
from tests.tasks.consumers import (  # noqa: F401 - db, workdir, database: fixtures
    ROOT,
    Setup,
    database,
    db,
    sender_app,
    stop,
    wait_for,
    workdir,
)

MORNING = datetime(2026, 12, 7, 7, 0)  # a Monday, seven o'clock on the organisation's clock
DAY = MORNING.date()


def consumer(setup: Setup) -> subprocess.Popen:
    """``flask tasks consume`` without the scheduler: only what the test enqueues runs."""
    with (setup.workdir / "consumer.log").open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "flask", "tasks", "consume", "--workers", "1",
             "--no-scheduler"],
            cwd=ROOT, env=setup.environment(), stdout=out, stderr=subprocess.STDOUT)


def due(jobseeker, day: date, *, done: bool = False) -> None:
    ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                      contacted_on=DAY - timedelta(days=20), follow_up_on=day,
                      follow_up_done_at=clock.now() if done else None)


def seed(app) -> dict[str, str]:
    """Four coaches: Anne (English, opted in: one overdue, one today, one tomorrow), Bart
    (Dutch, opted in: one three days late), Carla (opted in, nothing due: only done and
    future follow-ups), Daan (not opted in, one due today)."""
    with app.app_context():
        org = OrganisationFactory()
        coaches = {}
        for name, locale, opted in (("anne", "en", True), ("bart", "nl", True),
                                    ("carla", "en", True), ("daan", "nl", False)):
            user = UserFactory(organisation=org, role=Role.JOBCOACH, locale=locale,
                               email=f"{name}@coach.example", name=name.title())
            _db.session.add(CoachSettings(user_id=user.id, morning_digest=opted))
            coaches[name] = user
        anne = make_jobseeker(org, coaches["anne"], first_name="Mariëlle")
        due(anne, DAY - timedelta(days=1))
        due(anne, DAY)
        due(anne, DAY + timedelta(days=1))
        bart = make_jobseeker(org, coaches["bart"], first_name="Youssef")
        due(bart, DAY - timedelta(days=3))
        carla = make_jobseeker(org, coaches["carla"], first_name="Petra")
        due(carla, DAY - timedelta(days=2), done=True)
        due(carla, DAY + timedelta(days=2))
        daan = make_jobseeker(org, coaches["daan"], first_name="Kees")
        due(daan, DAY)
        references = {"anne": anne.case.reference, "bart": bart.case.reference}
        _db.session.commit()
        _db.session.remove()
    return references


def test_the_morning_schedule_sends_each_coach_who_opted_in_their_follow_ups(
        database, workdir):
    server = MailServer(port=free_port()).start()
    setup = Setup(database, f"sqlite:///{workdir / 'tasks.sqlite'}", server.port, workdir)
    try:
        with sender_app(setup) as app:
            references = seed(app)
            process = consumer(setup)
            try:
                with clock.frozen(MORNING):  # the schedule runs as the consumer runs it
                    tasks_of(app).by_name["jobs.morning_digests"].call_local()
                wait_for(lambda: len(server.messages) >= 2, "two morning e-mails", setup,
                         "consumer", process)
                # Carla's was asked for too, and ended without an e-mail (nothing due)
                wait_for(lambda: _digests_done(app) == 3, "the three digests asked for",
                         setup, "consumer", process)
            finally:
                stop(process, signal.SIGINT)
        received = {m["To"]: m for m in server.messages}
    finally:
        server.stop()

    assert sorted(received) == ["anne@coach.example", "bart@coach.example"]
    anne = _text(received["anne@coach.example"])
    assert received["anne@coach.example"]["Subject"] == (
        "Your follow-ups for Monday, December 7, 2026: 1 today, 1 overdue")
    overdue, today = anne.split("due today:")
    assert f"{references['anne']} (Mariëlle): due Dec 6, 2026, 1 day late" in overdue
    assert f"- {references['anne']} (Mariëlle)\n" in today
    assert "Dec 8, 2026" not in anne  # tomorrow's is not in it
    bart = _text(received["bart@coach.example"])
    assert received["bart@coach.example"]["Subject"].startswith(
        "Uw opvolgingen voor maandag 7 december 2026: 0 vandaag, 1 te laat")
    assert f"{references['bart']} (Youssef)" in bart and "3 dagen te laat" in bart


def _digests_done(app) -> int:
    """How many coaches' digests of the day were looked at (the task stamps the day; it
    never does for a coach who did not opt in)."""
    with app.app_context():
        count = _db.session.query(CoachSettings).filter(
            CoachSettings.last_digest_on == DAY).count()
        _db.session.remove()
    return count


def _text(message) -> str:
    parsed = message_from_bytes(message.as_bytes(), policy=email.policy.default)
    return parsed.get_body(preferencelist=("plain",)).get_content()
