"""Acceptance (issue 18): tasks run on real consumers, and an e-mail goes out once even when
the consumer that was sending it is killed.

Each test starts ``flask tasks consume`` as a process of its own on a database of this
module's own (a SQLite file, or PostgreSQL when the suite runs there) and on a queue storage:
Huey's SQLite storage (what ``make run`` uses) or a ``redis-server`` started here (what
production uses). An app in the test process enqueues after its commit, as a request does;
a real SMTP server on loopback (aiosmtpd) receives.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis
from sqlalchemy import update

from eigenkracht.core import clock
from eigenkracht.extensions import db as _db
from eigenkracht.mail import services as mail
from eigenkracht.mail.delivery import deliver_soon
from eigenkracht.mail.models import Delivery, OutboxMessage, OutboxStatus
from tests.factories import OrganisationFactory
from tests.mail.smtp_server import MailServer, free_port
from tests.tasks.consumers import (  # noqa: F401 - db, workdir, database: fixtures
    Setup,
    database,
    db,
    message_row,
    sender_app,
    start_consumer,
    stop,
    wait_for,
    workdir,
)


@pytest.fixture
def redis_url(workdir) -> Iterator[str]:
    """A redis-server of this test's own on a free loopback port, nothing kept on disk."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    setup = Setup("", "", 0, workdir)

    def answers() -> bool:
        try:
            return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
        except redis.RedisError:
            return False

    try:
        wait_for(answers, "redis-server answering", setup, "redis", process)
        yield url
    finally:
        stop(process)


def queue_a_message(app, subject: str = "Uitnodiging") -> int:
    """As a request does: write the message, ask for its delivery, commit."""
    with app.app_context():
        organisation = OrganisationFactory()
        message = mail.queue(organisation.id, to="truus@example.org", subject=subject,
                             text_body="Beste Oma Truus,\n")
        deliver_soon(message)
        _db.session.commit()  # only now is the task enqueued
        message_id = message.id
        _db.session.remove()
    return message_id


def delivered_by_a_consumer(setup: Setup, server: MailServer) -> None:
    with sender_app(setup) as app:
        consumer = start_consumer(setup, "consumer")
        try:
            message_id = queue_a_message(app)
            wait_for(lambda: message_row(app, message_id).status == OutboxStatus.SENT,
                     "the delivery", setup, "consumer", consumer)
        finally:
            stop(consumer, signal.SIGINT)
        row = message_row(app, message_id)
    assert (row.delivery, row.attempts) == (Delivery.SMTP, 1)
    [received] = server.messages
    assert received["Subject"] == "Uitnodiging" and received["Message-ID"] == row.message_id
    assert consumer.returncode == 0  # Ctrl-C: a clean stop


def test_a_consumer_on_the_sqlite_storage_delivers_what_was_enqueued_after_the_commit(
        database, workdir):
    server = MailServer(port=free_port()).start()
    try:
        setup = Setup(database, f"sqlite:///{workdir / 'tasks.sqlite'}", server.port, workdir)
        delivered_by_a_consumer(setup, server)
    finally:
        server.stop()


def test_a_consumer_on_redis_delivers_what_was_enqueued_after_the_commit(
        database, workdir, redis_url):
    server = MailServer(port=free_port()).start()
    try:
        delivered_by_a_consumer(Setup(database, redis_url, server.port, workdir), server)
    finally:
        server.stop()


class FirstDataHangs:
    """An SMTP server's handler: the first DATA waits until the test lets it go and is then
    refused (its client is gone); every later one is accepted and kept."""

    def __init__(self) -> None:
        self.envelopes: list = []  # accepted
        self.data_commands = 0
        self.first_arrived = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.data_commands += 1
        if self.data_commands == 1:
            self.first_arrived.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Not accepted: the client went away"
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def test_killing_a_consumer_in_the_middle_of_a_send_and_starting_another_sends_it_once(
        database, workdir):
    handler = FirstDataHangs()
    server = MailServer(port=free_port(), handler=handler).start()
    setup = Setup(database, f"sqlite:///{workdir / 'tasks.sqlite'}", server.port, workdir)
    with sender_app(setup) as app:
        killed_and_started_again(app, setup, server, handler)


def killed_and_started_again(app, setup: Setup, server: MailServer,
                             handler: FirstDataHangs) -> None:
    first = start_consumer(setup, "first")
    second = None
    try:
        message_id = queue_a_message(app)
        assert handler.first_arrived.wait(60), "the first consumer never sent DATA"
        first.kill()  # SIGKILL while the server holds the message's DATA
        first.wait(timeout=20)
        handler.release.set()

        held = message_row(app, message_id)
        # The claim was committed before the SMTP transaction: attempt 1, held by a lease.
        assert (held.status, held.attempts) == (OutboxStatus.QUEUED, 1)
        assert held.lease_until is not None and held.lease_until > clock.now()
        assert handler.envelopes == []

        with app.app_context():  # the lease runs out (MAIL_SEND_LEASE_SECONDS, 5 minutes)
            _db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                                .values(lease_until=clock.now() - timedelta(seconds=1)))
            _db.session.commit()
            _db.session.remove()
        second = start_consumer(setup, "second")  # its start-up sweep finds the message
        wait_for(lambda: message_row(app, message_id).status == OutboxStatus.SENT,
                 "the delivery by the second consumer", setup, "second", second)
        stop(second, signal.SIGINT)
    finally:
        handler.release.set()
        for process in (first, second):
            if process is not None:
                stop(process)
        server.stop()
    row = message_row(app, message_id)
    assert (row.status, row.delivery, row.attempts) == (OutboxStatus.SENT, Delivery.SMTP, 2)
    assert len(handler.envelopes) == 1  # once
    assert handler.data_commands == 2
    [received] = server.messages
    assert received["Message-ID"] == row.message_id  # the same key in both attempts
