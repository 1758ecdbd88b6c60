"""Rules of the referrer's personal link: make, find, unlock with a one-time code, revoke;
and what the referrer may do behind it.

The link (``/r/<token>``) is sent by e-mail to the referrer contact of the case; only a
SHA-256 of its 32-byte token is kept. Whoever opens it asks for a one-time code, sent to the
same address: six digits, kept only as a scrypt hash, valid for ``CODE_LIFETIME`` and for
``CODE_ATTEMPTS`` tries, and gone once used. A correct code unlocks the link in that
browser for ``UNLOCKED_FOR``. The link itself expires after ``LINK_LIFETIME``; making a new
one revokes the old. A referrer with an account here keeps using it: no link for them.

Behind the link the referrer writes and changes the bottom lines while the case is in
referral or preparation, reads the plan once it has been presented, and records the
decision on a presented plan per bottom line, with reasons (``plans.decision``). Every
event names them: the audit actor is "referrer: name (organisation)".
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.security import check_password_hash

from eigenkracht.audit.services import Actor, record
from eigenkracht.auth.models import User
from eigenkracht.auth.passwords import hash_password
from eigenkracht.cases.access import BOTTOM_LINES_OPEN
from eigenkracht.cases.models import Case, Referrer
from eigenkracht.core import clock
from eigenkracht.core.links import public_url
from eigenkracht.core.rules import RuleError
from eigenkracht.core.traces import keep_trace
from eigenkracht.extensions import db
from eigenkracht.plans.models import Action, Plan, PlanStatus
from eigenkracht.referrers.models import ReferrerLink

TOKEN_BYTES = 32
LINK_LIFETIME = timedelta(days=60)
CODE_LIFETIME = timedelta(minutes=15)
CODE_ATTEMPTS = 5
CODE_DIGITS = 6
UNLOCKED_FOR = timedelta(hours=8)


@dataclass(frozen=True)
class NewLink:
    link: ReferrerLink
    token: str  # shown and sent once; never stored


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def actor_for(link: ReferrerLink, ip_address: str | None) -> Actor:
    """Who acts behind the link, as the audit log names them."""
    return Actor(label=f"referrer: {link.referrer.label}"[:254], ip_address=ip_address,
                 organisation_id=link.case.organisation_id)


# --- links ------------------------------------------------------------------------------------

def create_link(case: Case, user: User | None, now: datetime | None = None) -> NewLink:
    """A new link for the referrer contact of ``case``; earlier open links stop working."""
    referrer = case.referrer
    if referrer is None:
        raise RuleError("referrer_missing", "referrer")
    if referrer.user_id is not None:
        raise RuleError("referrer_has_account", "referrer")
    if not referrer.email:
        raise RuleError("referrer_no_email", "referrer")
    now = now or clock.now()
    for old in links_of(case):
        if link_state(old, now) == "open":
            revoke(old, now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ReferrerLink(case_id=case.id, referrer=referrer, token_hash=hash_token(token),
                        expires_at=now + LINK_LIFETIME, created_at=now,
                        created_by_id=user.id if user is not None else None)
    db.session.add(link)
    db.session.flush()
    record("create", link, case=case, summary=referrer.label,
           details={"referrer": referrer.id, "expires_at": link.expires_at.isoformat()})
    return NewLink(link=link, token=token)


def links_of(case: Case) -> list[ReferrerLink]:
    return list(db.session.scalars(
        select(ReferrerLink).where(ReferrerLink.case_id == case.id)
        .order_by(ReferrerLink.created_at.desc(), ReferrerLink.id.desc())))


def link_of_case(case: Case, link_id: int | None) -> ReferrerLink | None:
    if link_id is None:
        return None
    return db.session.scalar(select(ReferrerLink).where(ReferrerLink.id == link_id,
                                                        ReferrerLink.case_id == case.id))


def link_for_token(token: str) -> ReferrerLink | None:
    """The link whose token is ``token`` (revoked or expired too), else None; with its
    referrer, case and organisation, in one query."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(ReferrerLink).where(ReferrerLink.token_hash == hash_token(token))
        .options(joinedload(ReferrerLink.referrer, innerjoin=True),
                 joinedload(ReferrerLink.case, innerjoin=True).joinedload(Case.organisation,
                                                                          innerjoin=True)))


def link_state(link: ReferrerLink, now: datetime | None = None) -> str:
    """``open``, ``revoked`` or ``expired``; a link whose referrer now has an account, or
    is no longer the case's referrer, is revoked."""
    now = now or clock.now()
    if link.revoked_at is not None or link.referrer.user_id is not None:
        return "revoked"
    if link.expires_at <= now:
        return "expired"
    return "open"


def revoke(link: ReferrerLink, now: datetime | None = None) -> bool:
    """Stop ``link`` working; False when it was revoked already."""
    if link.revoked_at is not None:
        return False
    link.revoked_at = now or clock.now()
    link.code_hash, link.code_expires_at = "", None
    db.session.flush()
    record("revoke", link, case=link.case, summary=link.referrer.label,
           details={"referrer": link.referrer_id})
    return True


def page_url(token: str) -> str:
    """The absolute address of the link (``PUBLIC_BASE_URL``: it is e-mailed)."""
    return public_url("referrers.page", token=token)


def mark_used(link: ReferrerLink, now: datetime | None = None) -> None:
    now = now or clock.now()
    if link.last_used_at is None or now - link.last_used_at >= timedelta(minutes=1):
        link.last_used_at = now


# --- the one-time code ------------------------------------------------------------------------

def new_code(link: ReferrerLink, now: datetime | None = None) -> str:
    """A fresh one-time code for ``link`` (any earlier one stops working); only its hash
    is kept. Returns the code, to be e-mailed."""
    if link_state(link, now) != "open":
        raise RuleError("link_closed")
    now = now or clock.now()
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    link.code_hash = hash_password(code)
    link.code_expires_at = now + CODE_LIFETIME
    link.code_attempts = 0
    db.session.flush()
    record("send_code", link, case=link.case, summary=link.referrer.label,
           details={"expires_at": link.code_expires_at.isoformat()})
    return code


def code_state(link: ReferrerLink, now: datetime | None = None) -> str:
    """``none`` (none asked), ``open``, ``expired`` or ``used_up`` (too many tries)."""
    now = now or clock.now()
    if not link.code_hash or link.code_expires_at is None:
        return "none"
    if link.code_expires_at <= now:
        return "expired"
    if link.code_attempts >= CODE_ATTEMPTS:
        return "used_up"
    return "open"


def unlock(link: ReferrerLink, code: str, now: datetime | None = None) -> None:
    """Check ``code``; it is used up when right. Raises ``RuleError`` when it is wrong,
    expired or tried too often; a wrong try is counted (and audited) even though the
    request that made it is refused and rolled back."""
    state = code_state(link, now)
    if state != "open":
        raise RuleError(f"code_{state}", "code")
    code = "".join((code or "").split())
    right = len(code) == CODE_DIGITS and code.isascii() and code.isdigit() and \
        check_password_hash(link.code_hash, code)
    if not right:
        link_id, case, label = link.id, link.case, link.referrer.label

        def count_try() -> None:
            db.session.execute(update(ReferrerLink).where(ReferrerLink.id == link_id)
                               .values(code_attempts=ReferrerLink.code_attempts + 1))
            record("unlock_failed", object_type="referrer_link", object_id=link_id,
                   case=case, summary=label)

        keep_trace(count_try)
        raise RuleError("code_wrong", "code")
    link.code_hash, link.code_expires_at, link.code_attempts = "", None, 0
    db.session.flush()
    record("unlock", link, case=link.case, summary=link.referrer.label)


def masked_address(email: str) -> str:
    """``s****@jb.example``: enough to recognise one's own address, not to learn it."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}{'*' * max(len(name) - 1, 3)}@{domain}" if domain else "***"


def same_token(link: ReferrerLink, token: str) -> bool:
    return hmac.compare_digest(link.token_hash, hash_token(token))


# --- what the referrer does ------------------------------------------------------------------

def bottom_lines_open(case: Case) -> bool:
    """The referrer writes and changes the bottom lines before the conference."""
    return case.status in BOTTOM_LINES_OPEN


def check_bottom_lines_open(case: Case) -> None:
    if not bottom_lines_open(case):
        raise RuleError("bottom_lines_closed")


def presented_plan(case: Case) -> Plan | None:
    """The latest version of the plan that has been presented (decided on or not), with
    its actions and bottom lines; None before the family presents one."""
    return db.session.scalar(
        select(Plan).where(Plan.case_id == case.id, Plan.presented_at.is_not(None),
                           Plan.status != PlanStatus.DRAFT)
        .order_by(Plan.version.desc()).limit(1)
        .options(selectinload(Plan.actions).selectinload(Action.people),
                 selectinload(Plan.bottom_lines), joinedload(Plan.monitor)))


def referrer_of(case: Case) -> Referrer | None:
    return case.referrer
