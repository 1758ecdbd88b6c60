"""Calendars: one VEVENT per conference (shared with the invitation e-mails) and each
user's personal ``.ics`` feed at a secret address.

The feed token is 32 random bytes (URL-safe); only its SHA-256 is stored. Making a new
feed replaces the hash, so the old address stops working; revoking deletes it. The feed
says as little as possible: the case reference and the client's first name, the time and
the place — no surnames, no concerns.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

import icalendar
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.conference.models import CalendarFeed, Conference, ConferenceKind, Phase
from eigenkracht.conference.todo import coordinated_by
from eigenkracht.core.clock import now
from eigenkracht.extensions import db

PRODID = "-//eigenkracht//conferences//EN"
TOKEN_BYTES = 32
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # 32 bytes, URL-safe base64 without padding
FEED_PAST = timedelta(days=90)  # how far back the feed still shows conferences
# Functions of the user that return more events for their feed (the job coaches'
# follow-ups), registered by ``create_app`` (``register_feature_links``).
CALENDAR_SOURCES = "conference.calendar_sources"


# --- events -------------------------------------------------------------------------------

def event_uid(conference: Conference) -> str:
    """The same for a conference forever, so calendars update the event instead of adding
    a second one."""
    return f"conference-{conference.id}-{conference.created_at:%Y%m%dT%H%M%SZ}@eigenkracht"


def conference_event(conference: Conference, *, summary: str) -> icalendar.Event:
    """One VEVENT for ``conference``: stable UID, start and end in UTC, the place.

    ``summary`` is the title the caller chose (mind privacy: no surnames or concerns).
    The SEQUENCE follows the conference's version, so a changed time replaces the old one.
    """
    event = icalendar.Event()
    event.add("uid", event_uid(conference))
    event.add("dtstamp", now())
    event.add("dtstart", conference.starts_at)
    event.add("dtend", conference.starts_at + timedelta(minutes=conference.duration_minutes))
    event.add("summary", summary)
    event.add("sequence", max(conference.row_version - 1, 0))
    location = location_of(conference)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if conference.phase == Phase.CANCELLED else "CONFIRMED")
    return event


def location_of(conference: Conference) -> str:
    """The address on one line, or the meeting link when there is no address."""
    address = ", ".join(line.strip() for line in conference.venue_address.splitlines()
                        if line.strip())
    return address or conference.meeting_link


def feed_summary(conference: Conference) -> str:
    """Reference and first name only: the title of the event in the personal feed."""
    case = conference.case
    if conference.kind == ConferenceKind.REVIEW:
        return _("Review meeting %(reference)s (%(first_name)s)", reference=case.reference,
                 first_name=case.client_first_name)
    return _("Family group conference %(reference)s (%(first_name)s)",
             reference=case.reference, first_name=case.client_first_name)


def feed_calendar(user: User, page_url=None) -> bytes:
    """The ``.ics`` text of ``user``'s feed, in their language."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    with force_locale(user.locale or "nl"):
        calendar.add("x-wr-calname", _("eigenkracht: my conferences"))
        for conference in feed_conferences(user):
            event = conference_event(conference, summary=feed_summary(conference))
            if page_url is not None:
                event.add("url", page_url(conference))
            calendar.add_component(event)
        for source in current_app.extensions.get(CALENDAR_SOURCES, ()):
            for event in source(user):
                calendar.add_component(event)
    return calendar.to_ical()


def feed_conferences(user: User) -> list[Conference]:
    """The conferences ``user`` coordinates, from three months back on."""
    return list(db.session.scalars(
        coordinated_by(user).where(Conference.starts_at >= now() - FEED_PAST)
        .order_by(Conference.starts_at, Conference.id)))


# --- the secret address -------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def create_feed(user: User) -> str:
    """A new secret address for ``user``'s feed; an old one stops working. Returns the
    token: show it once, it is not kept."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = feed_of(user)
    replaced = feed is not None
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token_hash = token_hash(token)
    feed.created_at = now()
    feed.last_used_at = None
    db.session.flush()
    record("update" if replaced else "create", feed, object_type="calendar_feed",
           summary=user.email, details={"replaced": replaced})
    return token


def revoke_feed(user: User) -> bool:
    """The feed's address stops working; True if there was one."""
    feed = feed_of(user)
    if feed is None:
        return False
    record("delete", feed, object_type="calendar_feed", summary=user.email)
    db.session.delete(feed)
    db.session.flush()
    return True


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed of this secret token, if it is well-formed, current and its user active."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    feed = db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.token_hash == token_hash(token)))
    if feed is None or not feed.user.active:
        return None
    return feed
