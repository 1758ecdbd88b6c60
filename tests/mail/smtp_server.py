"""A real SMTP server on loopback for the tests (aiosmtpd), and the app pointed at it.

``smtp_server`` starts one on 127.0.0.1 and a free port and sets ``MAIL_SERVER`` and
``MAIL_PORT`` for the test (restored afterwards); what arrives is in ``smtp_server.messages``
as parsed ``email`` messages. ``mail_server_down`` points the app at a port nobody listens
on; ``.start()`` brings a server up on that very port (the server is back).
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
MAIL_KEYS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME",
             "MAIL_PASSWORD")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Collector:
    """An aiosmtpd handler that keeps every envelope."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@dataclass
class MailServer:
    port: int
    handler: Collector = field(default_factory=Collector)
    controller: Controller | None = None
    controller_options: dict = field(default_factory=dict)

    def start(self) -> MailServer:
        self.controller = Controller(self.handler, hostname=HOST, port=self.port,
                                     **self.controller_options)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def envelopes(self) -> list:
        return self.handler.envelopes

    @property
    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(e.original_content or e.content,
                                         policy=email.policy.default)
                for e in self.handler.envelopes]


@pytest.fixture
def point_mail_at(app):
    """``point_mail_at(port, **config)``: the app sends to 127.0.0.1:port for this test."""
    saved = {key: app.config.get(key) for key in MAIL_KEYS}

    def point(port: int, **config) -> None:
        app.config.update(MAIL_SERVER=HOST, MAIL_PORT=port, MAIL_USE_TLS=False,
                          MAIL_USE_SSL=False, MAIL_USERNAME="", MAIL_PASSWORD="")
        app.config.update(config)

    yield point
    app.config.update(saved)


@pytest.fixture
def smtp_server(point_mail_at) -> Iterator[MailServer]:
    """A running SMTP server on loopback that the app sends to."""
    server = MailServer(port=free_port()).start()
    point_mail_at(server.port)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mail_server_down(point_mail_at) -> Iterator[MailServer]:
    """The app sends to a loopback port where nothing listens (yet): ``.start()`` it later."""
    server = MailServer(port=free_port())
    point_mail_at(server.port)
    try:
        yield server
    finally:
        server.stop()
