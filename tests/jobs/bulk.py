"""Many jobseekers at once, with bulk inserts: for the query-count tests."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select, text

from eigenkracht.cases.models import AssignmentRole, Case, CaseAssignment, CaseKind, CaseStatus
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from eigenkracht.jobs.models import ContactChannel, ContactLog, ContactOutcome, Goal, GoalStatus
from eigenkracht.network.models import NetworkSnapshot, Person, Sector


def add_jobseekers(organisation, coach, start: int, count: int) -> None:
    """``count`` work cases of ``coach``, each with a client and two people on the map, two
    contacts (one with an overdue follow-up), a goal and a snapshot."""
    now = utcnow()
    today = now.date()
    references = [f"EK-2030-{n:05d}" for n in range(start, start + count)]
    db.session.execute(insert(Case), [{
        "organisation_id": organisation.id, "reference": ref, "kind": CaseKind.WORK,
        "status": CaseStatus.PREPARATION, "client_first_name": f"Zoeker{ref[-5:]}",
        "client_last_name": "Bulk", "central_question": "", "concerns": "",
        "closed_reason": "", "created_at": now, "last_activity_at": now, "row_version": 1,
    } for ref in references])
    ids = list(db.session.scalars(select(Case.id).where(
        Case.organisation_id == organisation.id, Case.reference.in_(references))))
    db.session.execute(insert(CaseAssignment), [
        {"case_id": i, "user_id": coach.id, "role": AssignmentRole.JOBCOACH, "created_at": now}
        for i in ids])
    people = []
    for i in ids:
        people += [_person(i, "Zoeker", True, now), _person(i, "Sanne", False, now),
                   _person(i, "Harm", False, now)]
    db.session.execute(insert(Person), people)
    first_people = dict(db.session.execute(
        select(Person.case_id, Person.id).where(Person.case_id.in_(ids),
                                                Person.name == "Sanne")).all())
    db.session.execute(insert(ContactLog), [
        {"case_id": i, "person_id": first_people[i], "person_name": "Sanne",
         "contacted_on": today - timedelta(days=days), "channel": ContactChannel.PHONE,
         "asked": "Vacatures?", "outcome": ContactOutcome.TIP, "note": "",
         "follow_up_on": today - timedelta(days=1) if days else None,
         "created_at": now, "updated_at": now}
        for i in ids for days in (0, 3)])
    db.session.execute(insert(Goal), [
        {"case_id": i, "position": 0, "text": "Werk", "status": GoalStatus.OPEN,
         "created_at": now, "updated_at": now} for i in ids])
    db.session.execute(insert(NetworkSnapshot), [
        {"case_id": i, "label": "Maand", "taken_at": now - timedelta(days=20), "automatic": True,
         "data": {"people": [{"id": first_people[i], "ring": 2, "sector": "school_work",
                              "support": []}], "ties": []}} for i in ids])
    _analyse()


def _analyse() -> None:
    """Give PostgreSQL's planner statistics of the new rows, as autovacuum does in
    production (it cannot see rows of the test's open transaction)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("ANALYZE cases, case_assignments, people, contact_logs, goals, "
                                "network_snapshots"))


def _person(case_id: int, name: str, is_client: bool, now) -> dict:
    return {"case_id": case_id, "is_client": is_client, "name": name, "relation": "",
            "sector": Sector.SCHOOL_WORK, "ring": 1 if is_client else 2, "support": [],
            "gender": "unknown", "language": "nl", "phone": "", "email": "", "deceased": False,
            "notes": "", "occupation": "", "employer": "", "can_help_with": [],
            "created_at": now, "updated_at": now}
