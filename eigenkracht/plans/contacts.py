"""Who to call: the plan's contact list, and each person's consent to share their number.

The contact list names the people of the plan (the monitor, who is called first, and
everyone responsible for an action) with the phone number and e-mail address from the map —
but only of those who agreed to share them ("share my number in the plan",
``Person.share_contact``; off by default). The consent records who gave or recorded it and
when (``share_contact_by``/``_at``) and is written to the audit log. A person gives it on
their own page; a coordinator can record it for them (said at the conference).

The family page shows the list with ``tel:`` and ``mailto:`` links; the plan PDF and the
one-page task sheet print it; the contingency section names who is called first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eigenkracht.audit.services import record
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.plans.models import Plan


@dataclass(frozen=True)
class Contact:
    person: Person
    phone: str  # "" unless shared
    email: str  # "" unless shared
    monitor: bool = False
    first_call: bool = False

    @property
    def shared(self) -> bool:
        return bool(self.phone or self.email)

    @property
    def tel(self) -> str:
        return tel_href(self.phone)


def tel_href(phone: str) -> str:
    """``tel:`` address of a phone number as people write it ("06-12 34 56 78" →
    "tel:0612345678", "+31 6 …" keeps the plus); "" when there are no digits."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    digits = digits[:1] + digits[1:].replace("+", "")
    return f"tel:{digits}" if re.search(r"\d", digits) else ""


def plan_people(plan: Plan) -> list[Person]:
    """The people of the plan: who is called first, the monitor, then everyone responsible
    for an action (in the plan's order); each once, the dead left out."""
    people: list[Person] = []
    for person in (plan.first_call, plan.monitor,
                   *(p for action in plan.actions for p in action.people)):
        if person is not None and not person.deceased and person not in people:
            people.append(person)
    return people


def contact_list(plan: Plan) -> list[Contact]:
    """The people of the plan; with their number and address only where they agreed."""
    return [Contact(person=p, phone=p.phone if p.share_contact else "",
                    email=p.email if p.share_contact else "",
                    monitor=p.id == plan.monitor_id, first_call=p.id == plan.first_call_id)
            for p in plan_people(plan)]


def first_call(plan: Plan) -> Contact | None:
    """Who is called first if the plan does not work, with their shared number."""
    return next((c for c in contact_list(plan) if c.first_call), None)


def set_share_consent(person: Person, share: bool, *, by: str) -> bool:
    """Record ``person``'s consent to share their number and address in the plan (or its
    withdrawal), with who gave or recorded it (``by``) and when. True if it changed."""
    share = bool(share)
    if person.share_contact == share:
        return False
    person.share_contact = share
    person.share_contact_at = clock.now()
    person.share_contact_by = (by or "")[:200]
    db.session.flush()
    record("update", person, case=person.case, summary=person.name,
           details={"share_contact": share, "by": person.share_contact_by})
    return True
