"""Retention: cases past their retention date are erased, their audit trail anonymised.

``purge_expired`` erases each such case (``erase_case``):

- **the case** with everything under it: the rows of every table under the case
  (``CaseScope``) are deleted children first, then the case, with plain ``DELETE``s.
  (Leaving it to the database's cascades fails on PostgreSQL when one row is reached twice:
  deleting the people sets ``action_updates.author_person_id`` to NULL while deleting the
  plan deletes the same updates.)
- **every e-mail about it** (``privacy.outbox``: sent for one of its invitations, named by
  one of its audit events, or sent to the address of one of its people), ``.ics`` included;
- **its audit events** keep who of the staff did what, on which object and when; their
  summary and details are emptied, a family actor's label keeps only its kind ("personal
  link", without the first name) and their address goes (``audit.services.anonymise``);
- **the kept PDFs** of every plan of the case, now and again after the commit.

What it did is recorded as one audit event per organisation, with references and counts
only. ``flask purge`` then sweeps the PDF cache (``pdf.cache.sweep``): every kept file whose
plan is gone or whose rows changed goes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from types import SimpleNamespace

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.audit.services import Anonymisation, anonymise, record, searches_of
from eigenkracht.cases.models import Case
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.privacy import outbox
from eigenkracht.privacy.files import forget_pdfs
from eigenkracht.privacy.names import Needles
from eigenkracht.privacy.scope import CaseScope


def expired_cases(on: date) -> list[Case]:
    return list(db.session.scalars(select(Case).where(Case.retention_until.is_not(None),
                                                      Case.retention_until < on)
                                   .order_by(Case.id)))


def erase_case(case: Case) -> dict[str, int]:
    """Delete ``case`` and everything under it, the messages sent about it and its kept
    PDFs, and anonymise its audit events; returns counts."""
    scope = CaseScope.of(case.id)
    people = list(db.session.scalars(select(Person).where(Person.case_id == case.id)))
    # Who the case is about and who referred it: every client, the referrer contact.
    named = [SimpleNamespace(name=c.name) for c in case.clients]
    referrer = case.referrer
    if referrer is not None:
        named.append(SimpleNamespace(name=referrer.name))
    needles = Needles.of([*people, *named])
    addresses = [p.email for p in people] + ([referrer.email] if referrer is not None else [])
    messages = outbox.delete_messages(outbox.case_messages(
        case.id, case.organisation_id, scope.parents["invitation_id"], addresses))
    audit = anonymise(AuditEvent.case_id == case.id,
                      Anonymisation(blank=True, scrub=needles.scrub, forget_family=True))
    # What staff typed to search (a name) is in no case's events: scrubbed as well.
    audit += anonymise(searches_of(case.organisation_id), Anonymisation(scrub=needles.scrub))
    files = forget_pdfs(scope.parents["plan_id"])
    db.session.flush()
    for table, where in reversed(scope.tables()):  # children first: see the docstring
        db.session.execute(table.delete().where(where))
    db.session.execute(Case.__table__.delete().where(Case.__table__.c.id == case.id))
    for obj in [o for o in db.session.identity_map.values() if o is case or o in people]:
        db.session.expunge(obj)
    return {"messages": messages, "audit_events": audit, "kept_pdfs": files}


def purge_expired(on: date | None = None) -> dict[str, int]:
    """Erase every case whose retention date has passed; return counts."""
    on = on or clock.today()  # the retention date is a day on the organisation's clock
    cases = expired_cases(on)
    by_org: dict[int, list[str]] = defaultdict(list)
    totals = {"cases": len(cases), "audit_events": 0, "messages": 0, "kept_pdfs": 0}
    for case in cases:
        by_org[case.organisation_id].append(case.reference)
        for key, count in erase_case(case).items():
            totals[key] += count
    db.session.expire_all()
    for organisation_id, references in by_org.items():
        record("purge", object_type="case", organisation_id=organisation_id,
               summary=f"{len(references)}",
               details={"references": references, "on": on.isoformat()})
    return totals
