"""Fixtures of the mail tests: a real SMTP server on loopback (see smtp_server.py)."""

from tests.mail.smtp_server import (  # noqa: F401  (fixtures for this folder)
    mail_server_down,
    point_mail_at,
    smtp_server,
)
