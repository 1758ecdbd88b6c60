"""Sessions that end on the server: one record per sign-in, named by a secret in the cookie.

Signing in makes a ``UserSession`` and puts a random secret (32 bytes) in the signed session
cookie; the table keeps only the secret's SHA-256. The user loader (``auth.session``) opens
a session only while its record lives, so a copy of the cookie is worth nothing once the
record is gone. A session ends:

- when its user logs out, or ends it from the page of their sessions;
- when the password changes (every other session; this browser gets a new secret, so a
  copy of its cookie ends too) or the account is deactivated (every session);
- after ``SESSION_IDLE_MINUTES`` without a request (30) and ``SESSION_LIFETIME_HOURS``
  after the sign-in (12), however busy it is: a record found past either is refused and
  deleted, and signing in sweeps away any others.

``last_seen_at`` is written at most once a minute (``STAMP_EVERY``) with a plain ``UPDATE``
in the request's own transaction: it moves no version counter, and a refused request, which
the kernel rolls back, leaves no stamp. So the idle time is counted to the minute: a session
with requests less than a minute apart may end up to a minute early.

Times come from the one clock (``core.clock``), so tests freeze them.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, request, session
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from eigenkracht.auth.models import User, UserSession
from eigenkracht.core.clock import now
from eigenkracht.extensions import db

SESSION_KEY = "_sid"  # the secret's place in the signed cookie
SECRET_BYTES = 32
STAMP_EVERY = timedelta(minutes=1)
ADDRESS_MAX = 64
AGENT_MAX = 300
SWEEP_MAX = 500  # expired records deleted at one sign-in, at most

# (marker in the user agent, name shown), first match wins: Edge and Opera say "Chrome" too,
# Chrome says "Safari", an iPhone says "like Mac OS X" and Android says "Linux".
BROWSERS = (("Edg", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
            ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
            ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
           ("Windows", "Windows"), ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"),
           ("Linux", "Linux"))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def idle_timeout() -> timedelta:
    return timedelta(minutes=int(current_app.config["SESSION_IDLE_MINUTES"]))


def lifetime() -> timedelta:
    return timedelta(hours=int(current_app.config["SESSION_LIFETIME_HOURS"]))


def is_live(record: UserSession, moment: datetime) -> bool:
    """Seen less than the idle timeout ago, and started less than the lifetime ago."""
    return (moment - record.last_seen_at < idle_timeout()
            and moment - record.created_at < lifetime())


def _expired(moment: datetime):
    return or_(UserSession.last_seen_at <= moment - idle_timeout(),
               UserSession.created_at <= moment - lifetime())


# --- starting, resuming, ending -----------------------------------------------------------

def start(user: User) -> UserSession:
    """A new session of ``user`` in this browser: its record, and its secret in the cookie."""
    moment = now()
    _sweep(moment)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    record = UserSession(user_id=user.id, secret_hash=_digest(secret), created_at=moment,
                         last_seen_at=moment, ip_address=_address(), user_agent=_agent())
    db.session.add(record)
    db.session.flush()
    session[SESSION_KEY] = secret
    g.user_session = record
    return record


def resume(user: User) -> UserSession | None:
    """The live session of ``user`` that this browser's cookie names, else None.

    A session found past its idle timeout or lifetime is deleted (and None). Its last-seen
    stamp is moved on when it is a minute old or more.
    """
    secret = session.get(SESSION_KEY)
    if not isinstance(secret, str) or not 32 <= len(secret) <= 128:
        return None
    record = db.session.scalar(select(UserSession).where(
        UserSession.secret_hash == _digest(secret)))
    if record is None or record.user_id != user.id:
        return None
    moment = now()
    if not is_live(record, moment):
        _delete(UserSession.id == record.id)
        return None
    if moment - record.last_seen_at >= STAMP_EVERY:
        db.session.execute(update(UserSession).where(UserSession.id == record.id)
                           .values(last_seen_at=moment)
                           .execution_options(synchronize_session=False))
        set_committed_value(record, "last_seen_at", moment)
    g.user_session = record
    return record


def current() -> UserSession | None:
    """The session of this request's signed-in user (after ``resume`` or ``start``)."""
    return g.get("user_session")


def forget() -> None:
    """This browser's cookie names no session any more (the record is left alone)."""
    if SESSION_KEY in session:  # else the cookie would be signed and sent again for nothing
        session.pop(SESSION_KEY)
    g.pop("user_session", None)


def end_this() -> None:
    """End the session this browser's cookie names, whoever's it is (logging out)."""
    secret = session.get(SESSION_KEY)
    if isinstance(secret, str) and 32 <= len(secret) <= 128:
        _delete(UserSession.secret_hash == _digest(secret))
    forget()


def end(record: UserSession) -> None:
    _delete(UserSession.id == record.id)
    if current() is not None and current().id == record.id:
        forget()


def end_all(user: User, *, keep: UserSession | None = None) -> int:
    """End every session of ``user`` but ``keep``; how many ended."""
    condition = UserSession.user_id == user.id
    if keep is not None:
        condition = condition & (UserSession.id != keep.id)
    return _delete(condition)


def renew_secret() -> None:
    """This browser's session goes on under a new secret: a copy of the cookie as it was
    opens nothing any more. It keeps its start, so its lifetime does not grow."""
    record = current()
    if record is None:
        return
    secret = secrets.token_urlsafe(SECRET_BYTES)
    db.session.execute(update(UserSession).where(UserSession.id == record.id)
                       .values(secret_hash=_digest(secret))
                       .execution_options(synchronize_session=False))
    set_committed_value(record, "secret_hash", _digest(secret))
    session[SESSION_KEY] = secret


def _delete(condition) -> int:
    result = db.session.execute(delete(UserSession).where(condition)
                                .execution_options(synchronize_session=False))
    return result.rowcount or 0


def _sweep(moment: datetime) -> None:
    """Delete records that can never be used again, a bounded number at a time, skipping
    rows another request holds (PostgreSQL; SQLite locks the whole file anyway)."""
    expired = (select(UserSession.id).where(_expired(moment)).limit(SWEEP_MAX)
               .with_for_update(skip_locked=True))
    ids = list(db.session.scalars(expired))
    if ids:
        _delete(UserSession.id.in_(ids))


# --- the page of one's sessions -----------------------------------------------------------

def sessions_of(user: User) -> list[UserSession]:
    """The live sessions of ``user``, the most recently seen first."""
    moment = now()
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, ~_expired(moment))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())))


def own_session(user: User, session_id: int) -> UserSession | None:
    """A live session of ``user``, or None (someone else's, ended or unknown)."""
    record = db.session.get(UserSession, session_id)
    if record is None or record.user_id != user.id or not is_live(record, now()):
        return None
    return record


def describe(agent: str | None) -> str:
    """"Firefox on Linux" from a user agent; "Unknown browser" when it says nothing known."""
    text = agent or ""
    browser = next((name for marker, name in BROWSERS if marker in text), None)
    system = next((name for marker, name in SYSTEMS if marker in text), None)
    if browser is None:
        browser = _("Unknown browser")
    if system is None:
        return browser
    return _("%(browser)s on %(system)s", browser=browser, system=system)


def _address() -> str | None:
    address = request.remote_addr or ""
    return "".join(ch for ch in address if ch.isprintable())[:ADDRESS_MAX] or None


def _agent() -> str | None:
    agent = request.headers.get("User-Agent", "")
    return " ".join("".join(ch for ch in agent if ch.isprintable()).split())[:AGENT_MAX] or None
