"""Reminders: a person with a personal link chooses none, e-mail or a text message, and a
time; the day before an occurrence of one of their tasks (or that morning) a short message
in their language names the task and links to their page.

- ``set_reminders`` records the choice (on the person's own page). The page address is
  needed in each message, but only a hash of the token is kept for the link itself; so
  while reminders are on, the token is kept *encrypted* with a key derived from the app's
  ``SECRET_KEY`` (``reminder_token``). ``stop_reminders`` — one tap on the page, where
  each message's second link leads (``…#reminders``) — clears the choice and forgets the
  token at once; a revoked or expired link gets no reminders either.
- ``due_reminders(now)``: for every open link with reminders on, each of the person's open
  tasks of the accepted plan that falls on the reminder's day (tomorrow for "the day
  before", today for "the morning of") — a one-off action on its date, a routine on an
  occurrence not yet marked done — once the chosen local time has come on the sending day.
- ``send_reminders(at)`` (the task ``family.reminders``, every five minutes) sends each
  once: ``reminders_sent`` holds one row per link, action and occurrence.

E-mails go through the outbox and the mail delivery; texts through ``family.sms``.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eigenkracht.audit.services import record
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db
from eigenkracht.family import services
from eigenkracht.family.models import AccessLink, ReminderSent
from eigenkracht.plans.models import Action, ActionStatus
from eigenkracht.plans.routines import done_occurrences, is_routine, occurrences

log = logging.getLogger(__name__)

CHANNELS = ("", "email", "text")
MOMENTS = ("day_before", "morning_of")
DEFAULT_TIME = {"day_before": time(18, 0), "morning_of": time(8, 0)}
OPEN = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


# --- the token, encrypted while reminders are on ----------------------------------------------

def _fernet() -> Fernet:
    key = hashlib.sha256(b"eigenkracht reminders\0" +
                         current_app.config["SECRET_KEY"].encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _seal(token: str) -> str:
    return _fernet().encrypt(token.encode("utf-8")).decode("ascii")


def _unseal(link: AccessLink) -> str | None:
    """The link's token, if it is kept and still the link's own."""
    if not link.reminder_token:
        return None
    try:
        token = _fernet().decrypt(link.reminder_token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return None
    return token if services.hash_token(token) == link.token_hash else None


# --- the person's choice ----------------------------------------------------------------------

def parse_time(text: str | None, moment: str) -> time:
    text = (text or "").strip()
    if not text:
        return DEFAULT_TIME.get(moment, time(18, 0))
    found = TIME_PATTERN.match(text)
    if not found:
        raise RuleError("reminder_time_invalid", "reminder_time")
    return time(int(found.group(1)), int(found.group(2)))


def set_reminders(link: AccessLink, token: str, channel: str, moment: str,
                  at: str | None) -> None:
    """Record the reminders ``link``'s person chose; "" as channel stops them."""
    channel = (channel or "").strip()
    moment = (moment or "day_before").strip()
    if channel not in CHANNELS:
        raise RuleError("reminder_channel_invalid", "reminder_channel")
    if not channel:
        stop_reminders(link)
        return
    if moment not in MOMENTS:
        raise RuleError("reminder_moment_invalid", "reminder_moment")
    chosen = parse_time(at, moment)
    person = link.person
    if channel == "email" and not person.email:
        raise RuleError("reminder_no_email", "reminder_channel")
    if channel == "text" and not person.phone:
        raise RuleError("reminder_no_phone", "reminder_channel")
    if services.hash_token(token) != link.token_hash:
        raise RuleError("reminder_channel_invalid", "reminder_channel")
    link.reminder_channel, link.reminder_moment, link.reminder_time = channel, moment, chosen
    link.reminder_token = _seal(token)
    db.session.flush()
    record("update", link, case=link.case, summary=person.name,
           details={"reminders": channel, "moment": moment, "time": chosen.isoformat("minutes")})


def stop_reminders(link: AccessLink) -> bool:
    """No more reminders for ``link``, from now on; True if they were on."""
    was_on = bool(link.reminder_channel)
    link.reminder_channel = ""
    link.reminder_token = ""
    db.session.flush()
    if was_on:
        record("update", link, case=link.case, summary=link.person.name,
               details={"reminders": "off"})
    return was_on


# --- what is due ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    link: AccessLink
    action: Action
    occurrence: date


def _falls_on(action: Action, day: date) -> bool:
    if action.status not in OPEN:
        return False
    if is_routine(action):
        return bool(occurrences(action, day, day)) and day not in done_occurrences(action)
    return action.when_date == day


def due_reminders(now: datetime) -> list[Due]:
    """What should be sent at ``now`` (and was not sent yet)."""
    local = clock.to_local(now)
    found: list[Due] = []
    links = db.session.scalars(select(AccessLink).where(AccessLink.reminder_channel != "",
                                                        AccessLink.revoked_at.is_(None),
                                                        AccessLink.expires_at > now))
    for link in links:
        at = link.reminder_time or DEFAULT_TIME.get(link.reminder_moment, time(18, 0))
        if local.time().replace(tzinfo=None) < at:
            continue
        day = local.date() + (timedelta(days=1) if link.reminder_moment == "day_before"
                              else timedelta(0))
        plan = services.accepted_plan(link.case)
        if plan is None:
            continue
        mine, _others = services.my_actions(plan, link.person)
        sent = set(db.session.scalars(select(ReminderSent.action_id).where(
            ReminderSent.link_id == link.id, ReminderSent.occurrence_on == day)))
        found.extend(Due(link, action, day) for action in mine
                     if action.id not in sent and _falls_on(action, day))
    return found


# --- sending ----------------------------------------------------------------------------------

def message_text(due: Due, url: str) -> tuple[str, str]:
    """(subject, text) of a reminder in the person's language (call within its locale)."""
    link, action = due.link, due.action
    if link.reminder_moment == "day_before":
        subject = _("Reminder for tomorrow: %(task)s", task=action.what[:120])
    else:
        subject = _("Reminder for today: %(task)s", task=action.what[:120])
    text = current_app.jinja_env.get_template("family/reminder.txt").render(
        person=link.person, action=action,
                           due=due, url=url, stop_url=f"{url}#reminders",
                           moment=link.reminder_moment)
    return subject, text.strip() + "\n"


def send_one(due: Due) -> str | None:
    """Send one reminder (claimed first: never twice); what happened, or None if another
    consumer had it already or the link can no longer give its address."""
    link = due.link
    token = _unseal(link)
    if token is None:
        return None
    try:
        with db.session.begin_nested():
            claim = ReminderSent(link_id=link.id, action_id=due.action.id,
                                 occurrence_on=due.occurrence, channel=link.reminder_channel,
                                 sent_at=clock.now())
            db.session.add(claim)
    except IntegrityError:
        return None
    person = link.person
    language = services.person_language(person)
    url = services.page_url(token)
    with force_locale(language):
        subject, text = message_text(due, url)
    if link.reminder_channel == "email":
        from eigenkracht.mail import services as mail
        from eigenkracht.mail.delivery import deliver_soon

        who = services.contact(link.case)
        message = mail.queue(link.case.organisation_id, to=person.email, subject=subject,
                             text_body=text, sender_name=who.organisation, reply_to=who.email,
                             language=language, case_id=link.case_id, person_id=person.id)
        deliver_soon(message)
        outcome = f"e-mail: message {message.id}"
    else:
        from eigenkracht.family.sms import SmsError, send_text

        try:
            outcome = send_text(link.case.organisation_id, to=person.phone, text=text,
                                language=language, case_id=link.case_id, person_id=person.id,
                                reference=f"reminder-{link.id}-{due.action.id}-"
                                          f"{due.occurrence}")
        except SmsError as error:  # the next run (five minutes on) tries again that day
            log.warning("reminder text for link %s not sent: %s", link.id, error)
            db.session.delete(claim)
            db.session.flush()
            return None
    claim.outcome = outcome[:200]
    db.session.flush()
    record("send", link, case=link.case, summary=person.name,
           details={"reminder": due.action.id, "occurrence": due.occurrence.isoformat(),
                    "channel": link.reminder_channel})
    return outcome


def send_reminders(at: str | None = None) -> int:
    """The task: send every reminder due at ``at`` (ISO time; now if None); how many."""
    now = datetime.fromisoformat(at) if at else clock.now()
    return sum(1 for due in due_reminders(now) if send_one(due) is not None)


def send_reminders_at(at: str) -> int:
    """The task ``family.reminders_at``: the reminders due at the moment ``at`` (ISO), for a
    run asked for a given moment (a catch-up, or a test with a frozen clock)."""
    return send_reminders(at)
