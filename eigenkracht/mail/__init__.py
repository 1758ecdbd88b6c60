"""Outgoing e-mail: an outbox that keeps every message, SMTP when a mail server is set."""
