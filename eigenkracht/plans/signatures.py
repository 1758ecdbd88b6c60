"""Signing the plan: each participant signs an accepted version — on the tablet at the
conference (staff hand it round) or later through their personal link — with their typed
name and the date. The signature keeps a SHA-256 of the frozen version (``plan_hash``):
what was signed. A signature counts only while the version still has that hash; a new
version starts with none, so a changed plan needs new signatures.

Who may sign: the people of the plan (``contacts.plan_people``: the monitor, who is called
first, everyone responsible for an action) and the client. Each once per version.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError, clean_text
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.plans.contacts import plan_people
from eigenkracht.plans.models import Plan, PlanSignature, PlanStatus

NAME_MAX = 200
VIA = ("tablet", "link")


def plan_hash(plan: Plan) -> str:
    """A SHA-256 of what the version says: its sections, bottom lines and actions (what,
    who, when, how it repeats, support) — not the following (statuses, updates)."""
    content = {
        "case": plan.case_id, "version": plan.version,
        "sections": {name: getattr(plan, name) or "" for name in (
            "central_question", "going_well", "concerns", "agreements", "contingency",
            "childs_view", "recipients")},
        "monitor": plan.monitor_id, "first_call": plan.first_call_id,
        "evaluation_date": plan.evaluation_date.isoformat() if plan.evaluation_date else None,
        "bottom_lines": [[line.text, line.how_met] for line in plan.bottom_lines],
        "actions": [{"what": a.what, "people": sorted(p.id for p in a.people),
                     "when_date": a.when_date.isoformat() if a.when_date else None,
                     "when_text": a.when_text, "support": a.support_needed,
                     "repeat": [a.repeat, a.repeat_days,
                                a.repeat_until.isoformat() if a.repeat_until else None]}
                    for a in plan.actions],
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signers(plan: Plan) -> list[Person]:
    """Who can sign ``plan``: the client(s) and the people of the plan."""
    clients = list(db.session.scalars(select(Person).where(
        Person.case_id == plan.case_id, Person.is_client.is_(True), Person.deceased.is_(False))
        .order_by(Person.id)))
    return [*clients, *(p for p in plan_people(plan) if p not in clients)]


def signatures(plan: Plan) -> list[PlanSignature]:
    """Every signature of ``plan`` with its person, in one statement."""
    return list(db.session.scalars(select(PlanSignature).where(PlanSignature.plan_id == plan.id)
                                   .options(joinedload(PlanSignature.person))
                                   .order_by(PlanSignature.signed_at, PlanSignature.id)))


def valid_signatures(plan: Plan) -> list[PlanSignature]:
    """The signatures that count: made on this version as it still is."""
    if plan.id is None or plan.status not in (PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED):
        return []
    current = plan_hash(plan)
    return [s for s in signatures(plan) if s.plan_hash == current]


def can_sign(plan: Plan, person: Person) -> bool:
    """Whether ``person`` is one who signs ``plan`` (no statement: the plan is loaded)."""
    return person.case_id == plan.case_id and not person.deceased and (
        person.is_client or person in plan_people(plan))


def signature_of(plan: Plan, person: Person) -> PlanSignature | None:
    return next((s for s in valid_signatures(plan) if s.person_id == person.id), None)


def sign(plan: Plan, person: Person, typed_name: str, *, via: str,
         user: User | None = None, today: date | None = None) -> PlanSignature:
    """``person`` signs the accepted ``plan`` with ``typed_name`` (on the tablet, recorded by
    ``user``, or through their link). Refused: a version that is not accepted, someone who
    is not of the plan, an empty or too long name, a second signature."""
    if plan.status != PlanStatus.ACCEPTED:
        raise RuleError("sign_not_accepted", "typed_name")
    if via not in VIA:
        raise RuleError("sign_not_accepted", "typed_name")
    if person is None or not can_sign(plan, person):
        raise RuleError("signer_unknown", "person_id")
    name = clean_text("typed_name", typed_name, NAME_MAX)
    if not name:
        raise RuleError("typed_name_required", "typed_name")
    current = plan_hash(plan)
    existing = db.session.scalar(select(PlanSignature).where(
        PlanSignature.plan_id == plan.id, PlanSignature.person_id == person.id))
    if existing is not None and existing.plan_hash == current:
        raise RuleError("already_signed", "typed_name")
    if existing is not None:  # signed an earlier state of this version: that no longer counts
        db.session.delete(existing)
        db.session.flush()
    signature = PlanSignature(plan_id=plan.id, person_id=person.id, typed_name=name,
                              signed_on=today or clock.today(), signed_at=clock.now(),
                              plan_hash=current, via=via,
                              recorded_by_id=user.id if user else None)
    db.session.add(signature)
    db.session.flush()
    record("create", signature, object_type="plan_signature", case=plan.case,
           summary=f"v{plan.version} {person.name}"[:200],
           details={"plan": plan.version, "person": person.id, "via": via,
                    "hash": current, "by": user.id if user else None})
    return signature
