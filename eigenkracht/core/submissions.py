"""Submitting a create form twice makes one record.

Every create form carries a one-time submission key (``core.forms.OnceForm``), made when the
form is first shown. The view claims the key before it creates anything
(``earlier_result``): the first request claims it, and when it succeeds it leaves the address
of what it made (``remember``). A second request with the same key — a double click, a
resent form, six at once — does not create again but is sent to that address. Claiming is an
``INSERT`` into a table whose primary key is the key, so two requests at the same moment
cannot both claim it: on PostgreSQL the second waits for the first to commit; on SQLite
writers take turns. A request that is refused (a rule, a stale edit) rolls its claim back
with everything else, so the corrected form can be sent again with the same key.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from eigenkracht.core.db import UTCDateTime, utcnow
from eigenkracht.extensions import db

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP_FOR = timedelta(days=2)


class Submission(db.Model):
    """A create form's key, claimed by the request that used it first."""

    __tablename__ = "submissions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(80))
    result: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<Submission {self.key[:6]}… {self.owner}>"


class AlreadySubmitted(Exception):
    """This form was sent before; ``result`` is the address of what it made (may be empty)."""

    def __init__(self, result: str):
        super().__init__(result)
        self.result = result


def claim(key: str | None, owner: str) -> None:
    """Claim ``key`` for this request, or raise ``AlreadySubmitted`` with the first result.

    A missing or malformed key is not claimed (an API client or an old page): the form is
    then handled as before, without the double-submit protection.
    """
    if not key or not KEY_PATTERN.match(key):
        return
    earlier = _earlier(key, owner)
    if earlier is not None:
        raise AlreadySubmitted(earlier)
    try:
        with db.session.begin_nested():
            db.session.add(Submission(key=key, owner=owner))
    except IntegrityError:
        # Another request claimed it at the same moment and has committed by now.
        earlier = _earlier(key, owner)
        raise AlreadySubmitted(earlier or "") from None


def remember(key: str | None, owner: str, result: str) -> None:
    """The first request made ``result`` (an address): later ones with ``key`` go there."""
    if not key or not KEY_PATTERN.match(key):
        return
    found = db.session.get(Submission, key)
    if found is not None and found.owner == owner:
        found.result = result[:500]


def owner() -> str:
    """Who sends this request: the signed-in user, or the personal link of the page."""
    from flask import g
    from flask_login import current_user

    link = getattr(g, "access_link_id", None)
    if link is not None:
        return f"link:{link}"
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "anonymous"


def claim_form(form) -> None:
    """``claim`` the key of ``form`` (an ``OnceForm``) for the current sender."""
    claim(form.submission.data, owner())


def remember_form(form, result: str) -> None:
    """``remember`` where the first sending of ``form`` led."""
    remember(form.submission.data, owner(), result)


def prune(now: datetime | None = None) -> int:
    """Forget keys older than two days (a form is not sent twice that much later)."""
    before = (now or utcnow()) - KEEP_FOR
    result = db.session.execute(delete(Submission).where(Submission.created_at < before))
    return result.rowcount or 0


def _earlier(key: str, owner: str) -> str | None:
    found = db.session.scalar(select(Submission).where(Submission.key == key)
                              .execution_options(populate_existing=True))
    if found is None:
        return None
    if found.owner != owner:
        # Someone else's key: never reveal what it made; the form is simply not taken.
        return ""
    return found.result
