"""What the printed plan and the one-page task sheet say about the plan after the
conference: the contact list (only shared numbers and addresses), who is called first, and
who signed the version and when (``plans/contacts.py``, ``plans/signatures.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date

from eigenkracht.plans.contacts import contact_list
from eigenkracht.plans.models import Plan


@dataclass(frozen=True)
class PrintedContact:
    name: str
    phone: str
    email: str
    first_call: bool
    monitor: bool


@dataclass(frozen=True)
class PrintedSignature:
    name: str  # the person, as the plan names them
    typed: str  # the name they typed
    on: str  # the date they signed


def _name(person, client: str) -> str:
    """As the documents print a name: the client by first name only."""
    return client if person.is_client else person.name


def add_plan_life(doc, plan: Plan, client: str) -> None:
    """Fill ``doc.contacts``, ``doc.first_call`` and ``doc.signed`` (call within the
    document's locale)."""
    from eigenkracht.plans.signatures import valid_signatures

    contacts = contact_list(plan)
    doc.contacts = [PrintedContact(name=_name(c.person, client), phone=c.phone,
                                   email=c.email, first_call=c.first_call, monitor=c.monitor)
                    for c in contacts]
    first = next((c for c in doc.contacts if c.first_call), None)
    doc.first_call = first.name if first else ""
    doc.signed = [PrintedSignature(name=_name(s.person, client), typed=s.typed_name,
                                   on=format_date(s.signed_on, "long"))
                  for s in valid_signatures(plan)]
