"""Addresses that leave the site: links in e-mails, letters, QR codes and calendar files.

They always start with ``PUBLIC_BASE_URL``, never with the host of the request that made
them: the ``Host`` header (and ``X-Forwarded-Host`` behind a proxy) is the client's to
choose, and a link built from it would send a family to whatever site the sender of that
request named (``Host: evil.example`` made ``http://evil.example/a/<token>``). Production
refuses to start without ``PUBLIC_BASE_URL`` (``config.ProductionConfig.validate``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def public_base_url() -> str:
    """``PUBLIC_BASE_URL`` without a trailing slash (the development default when empty)."""
    return (current_app.config.get("PUBLIC_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` on the public site, inside a request or not."""
    base = urlsplit(public_base_url())
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)
