"""The client secret of an organisation's provider, encrypted at rest.

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) with a key derived from
``SECRET_KEY``: a copy of the database alone does not give the secret away. Changing
``SECRET_KEY`` makes stored secrets unreadable: the administrator types them again
(docs/operations.md).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

PURPOSE = b"eigenkracht sso client secret\x00"


def _fernet() -> Fernet:
    key = hashlib.sha256(PURPOSE + str(current_app.config["SECRET_KEY"]).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal_secret(plain: str) -> str:
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii") if plain else ""


def open_secret(sealed: str) -> str:
    """The secret as typed; empty when none is stored or it cannot be read any more."""
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return ""
