"""Acceptance (issue 20): reminders are sent by the real task consumer. ``flask tasks
consume`` runs in a process of its own on a database and a queue of this test's own; the
test's clock is frozen and the run is asked for that moment (``family.reminders_at``). The
right messages land in the outbox, each in the person's language — and none for someone who
opted out."""

from __future__ import annotations

import signal
from datetime import date, time, timedelta

from sqlalchemy import select

from eigenkracht.core import clock
from eigenkracht.extensions import db as _db
from eigenkracht.family import reminders
from eigenkracht.family.models import AccessLink
from eigenkracht.mail.models import OutboxMessage, OutboxStatus
from eigenkracht.network.models import Person
from eigenkracht.plans.models import Plan, PlanStatus
from eigenkracht.tasks import tasks_of
from tests.factories import (
    AccessLinkFactory,
    ActionFactory,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    PlanFactory,
)
from tests.mail.smtp_server import free_port
from tests.tasks.consumers import (  # noqa: F401 - fixtures
    Setup,
    database,
    db,
    sender_app,
    start_consumer,
    stop,
    wait_for,
    workdir,
)

TUESDAY = date(2026, 12, 8)
SECRET = "testing-secret-key"  # noqa: S105 - the testing config's, so the consumer can read


def _family(app) -> dict:
    """Oma (Dutch, e-mail), Vader (Arabic, text message) and Ayşe (Turkish, e-mail), each
    with a task on Wednesday and reminders the day before at 18:00."""
    with app.app_context():
        organisation = OrganisationFactory()
        case = CaseFactory(organisation=organisation, client_first_name="Noëlle")
        plan = PlanFactory(case=case, status=PlanStatus.ACCEPTED)
        people = {
            "oma": PersonFactory(case=case, name="Oma Truus", language="nl",
                                 email="truus@example.org"),
            "vader": PersonFactory(case=case, name="Vader Ahmed", language="ar",
                                   phone="+31 6 1234 5678"),
            "ayse": PersonFactory(case=case, name="Ayşe", language="tr",
                                  email="ayse@example.org"),
        }
        ids = {}
        for position, (key, person) in enumerate(people.items()):
            ActionFactory(plan=plan, people=[person], position=position,
                          what=f"Taak van {person.name}", when_text="",
                          when_date=TUESDAY + timedelta(days=1))
            token = f"consumer-{key}-token-0123456789abcdefghijklmnop"
            link = AccessLinkFactory(person=person, token=token)
            _db.session.flush()
            reminders.set_reminders(link, token, "text" if key == "vader" else "email",
                                    "day_before", "18:00")
            ids[key] = (person.id, link.id)
        ids["plan"] = plan.id
        _db.session.commit()
        _db.session.remove()
    return ids


def _run_at(app, moment) -> None:
    with app.app_context():
        tasks_of(app).enqueue(reminders.send_reminders_at, moment.isoformat())


def _all_delivered(app) -> bool:
    """Every message handled (the e-mails delivered to the outbox, the text kept there): the
    consumer is idle, so the test's own writes do not wait on its SQLite lock."""
    with app.app_context():
        waiting = _db.session.scalar(select(OutboxMessage.id).where(
            OutboxMessage.status != OutboxStatus.SENT).limit(1))
        _db.session.remove()
    return waiting is None


def _outbox(app) -> list[tuple[int, str, str, str]]:
    with app.app_context():
        rows = [(m.person_id, m.language, m.subject, m.text_body)
                for m in _db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
        _db.session.remove()
    return rows


def test_the_consumer_sends_each_reminder_in_the_persons_language_and_none_after_opting_out(
        database, workdir):  # noqa: F811 - the fixtures imported above
    setup = Setup(database, f"sqlite:///{workdir / 'tasks.sqlite'}", free_port(), workdir)
    with sender_app(setup) as app:
        ids = _family(app)
        consumer = start_consumer(setup, "reminders", MAIL_SERVER="", SECRET_KEY=SECRET)
        try:
            with clock.frozen(clock.from_local(TUESDAY, time(18, 1))) as moment:
                _run_at(app, moment)
            wait_for(lambda: len(_outbox(app)) == 3 and _all_delivered(app), "three reminders",
                     setup, "reminders", consumer)
            by_person = {row[0]: row for row in _outbox(app)}
            oma, vader, ayse = (by_person[ids[k][0]] for k in ("oma", "vader", "ayse"))
            assert oma[1] == "nl" and oma[2] == "Herinnering voor morgen: Taak van Oma Truus"
            assert "morgen, woensdag 9 december 2026" in oma[3]
            assert vader[1] == "ar" and "تذكير" in vader[3]
            assert ayse[1] == "tr" and ayse[2].startswith("Yarın için hatırlatma")

            with app.app_context():  # Ayşe opts out with one tap; a task for Thursday
                reminders.stop_reminders(_db.session.get(AccessLink, ids["ayse"][1]))
                plan = _db.session.get(Plan, ids["plan"])
                for key in ("oma", "vader", "ayse"):
                    ActionFactory(plan=plan, people=[_db.session.get(Person, ids[key][0])],
                                  what="Donderdag", when_text="",
                                  when_date=TUESDAY + timedelta(days=2))
                _db.session.commit()
                _db.session.remove()
            for day, hour, minute in ((TUESDAY, 18, 6), (TUESDAY + timedelta(days=1), 18, 0)):
                with clock.frozen(clock.from_local(day, time(hour, minute))) as moment:
                    _run_at(app, moment)  # Tuesday again (nothing twice), then Wednesday
            wait_for(lambda: len(_outbox(app)) >= 5, "the second evening's reminders", setup,
                     "reminders", consumer)
            later = _outbox(app)[3:]
            assert sorted(row[0] for row in later) == sorted([ids["oma"][0], ids["vader"][0]])
            assert all(row[0] != ids["ayse"][0] for row in later)
        finally:
            stop(consumer, signal.SIGINT)
    assert consumer.returncode == 0
    assert len(_outbox_after(setup)) == 5  # and no more came after the last run


def _outbox_after(setup: Setup) -> list:
    with sender_app(setup) as app:
        return _outbox(app)
