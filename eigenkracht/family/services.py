"""Rules of personal links: make, find, check, revoke; and what a person may do on their page.

Only a SHA-256 of the token is stored (``hash_token``); the token itself is shown once, when
the link is made. The access code, when set, is hashed with werkzeug's scrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import current_app, g
from sqlalchemy import case as when
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.security import check_password_hash

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.auth.passwords import hash_password
from eigenkracht.cases.models import AssignmentRole, Case, CaseAssignment
from eigenkracht.core import clock
from eigenkracht.core.links import public_url
from eigenkracht.core.rules import RuleError, clean_text, has_control_characters
from eigenkracht.extensions import db
from eigenkracht.family.models import AccessLink
from eigenkracht.network.models import Person
from eigenkracht.plans.models import Action, ActionStatus, Plan, PlanStatus

TOKEN_BYTES = 32
WITHOUT_EVALUATION = timedelta(days=90)
AT_LEAST = timedelta(days=1)  # a link made or renewed works at least this long
CODE_MIN, CODE_MAX = 4, 64
NOTE_MAX = 1000
FAMILY_STATUSES = (ActionStatus.IN_PROGRESS, ActionStatus.DONE)


@dataclass(frozen=True)
class NewLink:
    link: AccessLink
    token: str  # shown once; never stored


# --- tokens -----------------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_for_token(token: str) -> AccessLink | None:
    """The link whose token is ``token`` (revoked or expired too), else None; with its
    person, case and the case's organisation, in one query."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(AccessLink).where(AccessLink.token_hash == hash_token(token))
        .options(joinedload(AccessLink.person, innerjoin=True),
                 joinedload(AccessLink.case, innerjoin=True).joinedload(Case.organisation,
                                                                        innerjoin=True)))


def page_url(token: str, endpoint: str = "family.page") -> str:
    """The absolute address of the family page for ``token``, on ``PUBLIC_BASE_URL``
    (never the host a request named: the link is e-mailed, printed and drawn as a QR code)."""
    return public_url(endpoint, token=token)


# --- the plan a link shows --------------------------------------------------------------------

def accepted_plan(case: Case, *, with_actions: bool = False) -> Plan | None:
    """The latest accepted version of the plan of ``case``, else None; ``with_actions``
    loads what the family page shows with it: its monitor, its actions with their people, and
    its bottom lines (three queries, however many actions and bottom lines)."""
    query = (select(Plan).where(Plan.case_id == case.id, Plan.status == PlanStatus.ACCEPTED)
             .order_by(Plan.version.desc()).limit(1))
    if with_actions:
        query = query.options(joinedload(Plan.monitor),
                              selectinload(Plan.actions).joinedload(Action.people),
                              selectinload(Plan.bottom_lines))
    return db.session.scalar(query)


def default_expiry(case: Case, now: datetime | None = None) -> datetime:
    """When a link made (or renewed) now stops: with the review date of the accepted plan
    (at the end of that day, on the organisation's clock); without a plan, a review date,
    or when that date has passed, 90 days from now. At the review a new version of the plan
    gets a new date, and the coordinator renews the links that should go on (``renew``)."""
    now = now or clock.now()
    plan = accepted_plan(case)
    if plan is not None and plan.evaluation_date is not None:
        end = clock.from_local(plan.evaluation_date, time(23, 59))
        if end >= now + AT_LEAST:
            return end
    return now + WITHOUT_EVALUATION


def renew(link: AccessLink, now: datetime | None = None) -> datetime:
    """Let an open or expired link work again, until the plan's (next) review date
    (``default_expiry``); a revoked link stays revoked."""
    if link.revoked_at is not None:
        raise RuleError("link_revoked", "link")
    before = link.expires_at
    link.expires_at = max(default_expiry(link.case, now), before)
    db.session.flush()
    record("update", link, case=link.case, summary=link.person.name,
           details={"renewed": [before.isoformat(), link.expires_at.isoformat()]})
    return link.expires_at


def set_code(link: AccessLink, code: str) -> bool:
    """Require ``code`` on the link from now on (an empty code: require none); whoever
    opened it with an earlier code gives the new one first. Whether a code is required."""
    if link.revoked_at is not None:
        raise RuleError("link_revoked", "link")
    code = (code or "").strip()
    if code and not (CODE_MIN <= len(code) <= CODE_MAX):
        raise RuleError("code_length", "code", min=CODE_MIN, max=CODE_MAX)
    link.code_hash = hash_password(code) if code else ""
    db.session.flush()
    record("update", link, case=link.case, summary=link.person.name,
           details={"code": bool(code)})
    return bool(code)


def code_fingerprint(link: AccessLink) -> str:
    """What a browser that gave the code keeps (never the code): changes with the code."""
    return f"{link.id}:{hashlib.sha256(link.code_hash.encode()).hexdigest()[:16]}"


# --- links ------------------------------------------------------------------------------------

def person_of_case(case: Case, person_id) -> Person | None:
    try:
        person_id = int(person_id)
    except (TypeError, ValueError):
        return None
    return db.session.scalar(select(Person).where(Person.id == person_id,
                                                  Person.case_id == case.id))


def create_link(case: Case, person: Person | None, user: User | None, *, code: str = "",
                now: datetime | None = None) -> NewLink:
    """A new personal link for ``person`` of ``case``; returns the token once."""
    if person is None or person.case_id != case.id:
        raise RuleError("link_person_unknown", "person_id")
    if person.deceased:
        raise RuleError("link_person_deceased", "person_id")
    code = (code or "").strip()
    if code and not (CODE_MIN <= len(code) <= CODE_MAX):
        raise RuleError("code_length", "code", min=CODE_MIN, max=CODE_MAX)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = AccessLink(case_id=case.id, person=person, token_hash=hash_token(token),
                      code_hash=hash_password(code) if code else "",
                      scope="plan", expires_at=default_expiry(case, now),
                      created_by_id=user.id if user else None, created_at=now or clock.now())
    db.session.add(link)
    db.session.flush()
    record("create", link, case=case, summary=person.name,
           details={"person": person.id, "code": bool(code),
                    "expires_at": link.expires_at.isoformat()})
    remember_token(link, token)
    return NewLink(link=link, token=token)


def links_of(case: Case) -> list[AccessLink]:
    return list(db.session.scalars(select(AccessLink).where(AccessLink.case_id == case.id)
                                   .order_by(AccessLink.created_at.desc(), AccessLink.id.desc())))


def link_of_case(case: Case, link_id: int) -> AccessLink | None:
    return db.session.scalar(select(AccessLink).where(AccessLink.id == link_id,
                                                      AccessLink.case_id == case.id))


def revoke(link: AccessLink, now: datetime | None = None) -> bool:
    """Stop ``link`` working; False when it was revoked already."""
    if link.revoked_at is not None:
        return False
    link.revoked_at = now or clock.now()
    db.session.flush()
    record("revoke", link, case=link.case, summary=link.person.name,
           details={"person": link.person_id})
    return True


def link_with_token(case: Case, link_id, token: str) -> AccessLink | None:
    """The working link ``link_id`` of ``case`` when ``token`` is its token, else None: the
    proof that whoever asks was just shown the link (the token itself is never stored)."""
    try:
        link_id = int(link_id)
    except (TypeError, ValueError):
        return None
    link = link_of_case(case, link_id)
    if link is None or not token or len(token) > 100 or \
            not hmac.compare_digest(link.token_hash, hash_token(token)) or \
            link_state(link) != "open":
        return None
    return link


def link_state(link: AccessLink, now: datetime | None = None) -> str:
    """``open``, ``revoked`` or ``expired``."""
    now = now or clock.now()
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= now:
        return "expired"
    return "open"


def check_code(link: AccessLink, code: str) -> bool:
    code = (code or "").strip()
    if not link.code_hash or not code or len(code) > CODE_MAX:
        return False
    return check_password_hash(link.code_hash, code)


USE_RECORDED_EVERY = timedelta(minutes=1)


def mark_used(link: AccessLink, now: datetime | None = None) -> None:
    """Remember when the link was last used, to the minute: a page viewed again within a
    minute writes nothing (as API tokens do), so busy links don't queue on their row."""
    now = now or clock.now()
    if link.last_used_at is None or now - link.last_used_at >= USE_RECORDED_EVERY:
        link.last_used_at = now


def first_name(person: Person) -> str:
    return (person.name or "").split(" ")[0][:100] or "?"


# --- the PDF's QR code ------------------------------------------------------------------------

def remember_token(link: AccessLink, token: str) -> None:
    """Within this request, the token of ``link`` is known (the page, or its creation)."""
    try:
        g.setdefault("family_tokens", {})[link.person_id] = token
    except RuntimeError:  # no application context: nothing to remember
        pass


def known_page_url(plan: Plan, person: Person | None) -> str | None:
    """The page of ``person`` when their active link's token is known in this request."""
    if person is None:
        return None
    try:
        token = g.get("family_tokens", {}).get(person.id)
    except RuntimeError:  # no application context
        return None
    if not token:
        return None
    link = link_for_token(token)
    if link is None or link.person_id != person.id or link.case_id != plan.case_id or \
            link_state(link) != "open":
        return None
    return page_url(token)


# --- what a person does on the page -----------------------------------------------------------

def my_actions(plan: Plan, person: Person) -> tuple[list[Action], list[Action]]:
    """(the actions ``person`` is responsible for, all the others), each in plan order."""
    mine, others = [], []
    for action in plan.actions:
        (mine if any(p.id == person.id for p in action.people) else others).append(action)
    return mine, others


def own_action(plan: Plan, person: Person, action_id) -> Action | None:
    """An action of ``plan`` that ``person`` is responsible for, else None.

    The action's row is locked until the request ends: two updates of one action at the same
    moment (two phones, a double tap) take turns instead of one being refused as stale."""
    try:
        action_id = int(action_id)
    except (TypeError, ValueError):
        return None
    action = db.session.scalar(select(Action).where(Action.id == action_id,
                                                    Action.plan_id == plan.id)
                               .with_for_update(of=Action)
                               .execution_options(populate_existing=True))
    if action is None or not any(p.id == person.id for p in action.people):
        return None
    return action


def check_family_update(status: str | None, note: str | None) -> tuple[ActionStatus | None, str]:
    """A status the family may set (in progress, done) and a plain-text note of ≤ 1000."""
    chosen = None
    if status:
        try:
            chosen = ActionStatus(status)
        except ValueError:
            raise RuleError("update_status_invalid", "status") from None
        if chosen not in FAMILY_STATUSES:
            raise RuleError("update_status_invalid", "status")
    if has_control_characters(note or ""):
        raise RuleError("note_control_characters", "note")
    text = clean_text("note", note, NOTE_MAX)
    if chosen is None and not text:
        raise RuleError("family_update_empty", "status")
    return chosen, text


def plan_updates(plan: Plan, limit: int = 50):
    """The latest updates of ``plan``'s actions that the family may read, newest first (the
    monitor sees them all): everything the network wrote through their pages, and the
    status changes staff made; never an update with a note that staff wrote (an update by a
    user: staff notes are working notes, kept to the staff pages)."""
    from sqlalchemy import or_

    from eigenkracht.plans.models import ActionUpdate

    return list(db.session.scalars(
        select(ActionUpdate).join(Action, Action.id == ActionUpdate.action_id)
        .where(Action.plan_id == plan.id,
               or_(ActionUpdate.author_id.is_(None), ActionUpdate.note == ""))
        .options(joinedload(ActionUpdate.author_person))  # the page names each author
        .order_by(ActionUpdate.created_at.desc(), ActionUpdate.id.desc()).limit(limit)))


def person_language(person: Person) -> str:
    language = (person.language or "").strip().lower()
    if language in current_app.config["FAMILY_LANGUAGES"]:
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@dataclass(frozen=True)
class Contact:
    name: str
    organisation: str
    email: str
    phone: str = ""


def contact(case: Case) -> Contact:
    """How to reach the coordinator of ``case`` (or, without one, its job coach): the first
    one assigned, read in one query."""
    staff = db.session.scalar(
        select(User).join(CaseAssignment, CaseAssignment.user_id == User.id)
        .where(CaseAssignment.case_id == case.id,
               CaseAssignment.role.in_((AssignmentRole.COORDINATOR, AssignmentRole.JOBCOACH)))
        .order_by(when((CaseAssignment.role == AssignmentRole.COORDINATOR, 0), else_=1),
                  CaseAssignment.id).limit(1))
    organisation = case.organisation.name if case.organisation else ""
    if staff is None:
        return Contact(name="", organisation=organisation, email="")
    return Contact(name=staff.name, organisation=organisation, email=staff.email,
                   phone=getattr(staff, "phone", "") or "")


# --- sharing ----------------------------------------------------------------------------------

def email_link(link: AccessLink, url: str, user: User | None):
    """Queue an e-mail with ``url`` to the link's person, in their language; it is
    delivered after the commit (``mail.delivery``)."""
    from flask import render_template
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from eigenkracht.mail import services as mail
    from eigenkracht.mail.delivery import deliver_soon

    person = link.person
    if not person.email:
        raise RuleError("no_email", "send_email")
    language = person_language(person)
    who = contact(link.case)
    with force_locale(language):
        subject = _("Your plan, on your own phone")
        text = render_template("family/email.txt", person=person, url=url, contact=who,
                               client=link.case.client_first_name,
                               expires_at=link.expires_at)
    message = mail.queue(link.case.organisation_id, to=person.email, subject=subject,
                         text_body=text, sender_name=who.organisation,
                         reply_to=who.email, language=language, case_id=link.case.id,
                         person_id=person.id)
    deliver_soon(message)  # by the task queue, once the request has committed
    record("send", link, case=link.case, summary=person.name,
           details={"person": person.id, "message": message.id})
    return message
