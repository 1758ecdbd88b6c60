"""Password rules: long enough, not easy to guess, hashed with scrypt."""

from __future__ import annotations

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn: 0 too guessable … 4 very unguessable
# werkzeug's scrypt at full cost (N=32768, r=8, p=1); ``PASSWORD_HASH_METHOD`` overrides
# it, which only the test configuration does.
HASH_METHOD = "scrypt"


class PasswordRejected(ValueError):
    """The password does not meet the rules; ``str(error)`` says why, translated."""


def check_strength(password: str, *, user_inputs: list[str] | None = None) -> None:
    """Raise ``PasswordRejected`` for a short, long, common or guessable password."""
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(_l("Use at least 12 characters."))
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(_l("Use at most 128 characters."))
    from zxcvbn import zxcvbn  # here, not at the top: its word lists take 13 MB per worker

    tokens = _personal_tokens(user_inputs or [])
    result = zxcvbn(password, user_inputs=tokens)
    personal = any(token in password.lower() for token in tokens if len(token) >= 4)
    if result["score"] < MIN_SCORE or (personal and result["score"] < 4):
        raise PasswordRejected(
            _l("This password is too easy to guess: it is common or follows a pattern. "
               "Try a sentence of four or more unrelated words.")
        )


def _personal_tokens(user_inputs: list[str]) -> list[str]:
    """Words of the user's own name and e-mail address, which make a password guessable."""
    import re

    tokens = []
    for value in user_inputs:
        tokens.extend(t for t in re.split(r"[^\w]+", (value or "").lower()) if t)
    return tokens


def hash_method() -> str:
    """The configured hash method: full-cost scrypt unless the configuration says otherwise."""
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD") or HASH_METHOD
    return HASH_METHOD


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=hash_method())


_DUMMY_HASHES: dict[str, str] = {}


def dummy_hash() -> str:
    """A hash of no one's password, of the configured cost, to compare against when an
    account does not exist (so the time taken does not tell)."""
    method = hash_method()
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not-a-real-password-for-timing",
                                                       method=method)
    return _DUMMY_HASHES[method]


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


def generate_password() -> str:
    """A strong random password for new accounts (shown once)."""
    import secrets

    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    groups = ["".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4)]
    return "-".join(groups)
