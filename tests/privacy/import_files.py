"""Case export files for the import tests: a real export taken apart, changed and zipped."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from eigenkracht.audit.services import record
from eigenkracht.cases.models import Case
from eigenkracht.conference.models import ChecklistKey, Conference
from eigenkracht.extensions import db
from eigenkracht.network.models import TieKind
from eigenkracht.network.services import client_person
from eigenkracht.network.snapshots import take_snapshot
from eigenkracht.plans.models import Plan, PlanStatus
from eigenkracht.privacy.export import export_case
from tests.factories import (
    ActionFactory,
    ChecklistItemFactory,
    ClientFactory,
    ContactLogFactory,
    GoalFactory,
    GoalStepFactory,
    PersonFactory,
    PlanFactory,
    RelationshipFactory,
)

Members = dict[str, Any]


def full_case(world) -> Case:
    """``world.case`` with rows in every imported table: the client on the map, a saved map
    with people and ties (one of them deleted since), a goal and its step, a contact, a
    ticked checklist item, a second plan version with an action taken over from the first,
    and an audit event of its own."""
    case = world.case
    client = client_person(case)
    neighbour = PersonFactory(case=case, name="Buurvrouw Ans", relation="buurvrouw", ring=3,
                              support=["practical", "company"])
    RelationshipFactory(person_a=client, person_b=neighbour, kind=TieKind.FRIEND)
    gone = PersonFactory(case=case, name="Vertrokken Vriend", ring=3)
    take_snapshot(case, "Met buren")
    db.session.delete(gone)
    goal = GoalFactory(case=case)
    GoalStepFactory(goal=goal)
    ContactLogFactory(case=case, person=neighbour)
    ChecklistItemFactory(conference=db.session.get(Conference, world.extra_ids["conference"]),
                         key=ChecklistKey.MAP_MADE)
    first = db.session.scalar(select(Plan).where(Plan.case_id == case.id))
    first.status = PlanStatus.SUPERSEDED
    second = PlanFactory(case=case, version=2, previous_id=first.id)
    ActionFactory(plan=second, people=[neighbour], origin_id=world.extra_ids["action"])
    ClientFactory(case=case, first_name="Daan", position=1, birth_date=None, birth_year=2019)
    record("update", neighbour, case=case, summary="Buurvrouw Ans")
    db.session.flush()
    db.session.expire_all()
    return case


def members_of(case: Case) -> Members:
    """Every JSON file of the export of ``case``, parsed, by name in the ZIP."""
    archive = zipfile.ZipFile(io.BytesIO(export_case(case, with_pdf=False)))
    return {name: json.loads(archive.read(name)) for name in archive.namelist()}


def zipped(members: Members, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP of ``members``: bytes as they are, anything else as JSON (ASCII, with escapes,
    so that even a lone surrogate can be written)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            data = content if isinstance(content, bytes) else json.dumps(content)
            archive.writestr(name, data)
    return buffer.getvalue()


def with_table(members: Members, table: str, rows: Any) -> Members:
    """``members`` with ``rows`` as ``tables/<table>.json``, the manifest counting them."""
    changed = json.loads(json.dumps(members))
    changed[f"tables/{table}.json"] = rows
    changed["manifest.json"]["tables"][table] = len(rows) if isinstance(rows, list) else 1
    return changed


def upload(client, data: bytes, language: str = "en"):
    """The import page's answer to ``data`` (the body encoded here, in memory: the test
    client would spool a large one to a temporary file it never closes)."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), "zaak.zip")})
    return client.post("/admin/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}",
                       headers={"Accept-Language": language})


def imported_case(organisation_id: int, known: set[int]) -> Case | None:
    """The case of ``organisation_id`` that is not among ``known`` case ids, if any."""
    return db.session.scalar(select(Case).where(Case.organisation_id == organisation_id,
                                                Case.id.not_in(known or {-1})))


def case_ids(organisation_id: int) -> set[int]:
    return set(db.session.scalars(select(Case.id).where(Case.organisation_id == organisation_id)))
