"""The case import writes the rows of one case and nothing else (issue 16, finding 1).

A hostile export names tables of the installation itself (users, organisations, the audit
log, API tokens), adds columns that are not the case's, or points its references at rows of
other cases: each is refused with a 422 that names the problem, and no table changes. What a
real export holds but is not carried over (staff, plan readers, sent messages, the audit log)
stays behind; the importer's one ``import`` event is the case's only audit event.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.extensions import db
from eigenkracht.family.models import AccessLink
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.network.models import NetworkSnapshot, Person
from eigenkracht.plans.models import Action, Plan
from eigenkracht.privacy.import_schema import IMPORTED, LEFT_OUT
from tests.factories import (
    BottomLineFactory,
    ConferenceFactory,
    InvitationFactory,
    PersonFactory,
)
from tests.hostile.conftest import row_counts
from tests.privacy.import_files import (
    case_ids,
    full_case,
    imported_case,
    members_of,
    upload,
    with_table,
    zipped,
)

PLANTED_ADMIN = {"id": 99, "organisation_id": 1, "email": "planted@evil.example",
                 "name": "Planted", "role": "admin", "active": True, "password_hash": "x",
                 "created_at": "2026-01-01T00:00:00+00:00"}
FORGED_EVENT = {"id": 7, "created_at": "2001-09-11T08:46:00+00:00", "actor_id": 1,
                "actor_label": "the director", "organisation_id": 1, "action": "view",
                "object_type": "case", "object_id": "1", "case_id": 1,
                "case_reference": "EK-2026-0001", "summary": "forged", "details": {},
                "ip_address": "6.6.6.6", "previous_hash": "", "hash": "0" * 64}


@pytest.fixture
def members(world):
    return members_of(world.case)


def _refused(client, data: bytes) -> str:
    before = row_counts()
    response = upload(client, data)
    assert response.status_code == 422
    assert row_counts() == before
    return response.get_data(as_text=True)


def test_a_planted_administrator_is_refused_and_no_user_is_made(login_as, members):
    text = _refused(login_as("admin"), zipped(with_table(members, "users", [PLANTED_ADMIN])))
    assert "cannot be imported: users" in text
    assert db.session.scalar(select(User).where(User.email == "planted@evil.example")) is None


def test_a_planted_organisation_is_refused(login_as, members):
    tenant = {"id": 5, "slug": "evil", "name": "Evil Inc.", "created_at": "2026-01-01T00:00:00Z"}
    text = _refused(login_as("admin"), zipped(with_table(members, "organisations", [tenant])))
    assert "cannot be imported: organisations" in text
    assert db.session.scalar(select(Organisation).where(Organisation.slug == "evil")) is None


@pytest.mark.parametrize("table", sorted(
    t.name for t in db.metadata.sorted_tables
    if t.name not in IMPORTED and t.name not in LEFT_OUT and t.name != "cases"))
def test_every_table_outside_the_case_is_refused_by_name(login_as, members, table):
    """Every table of the installation that is not the case's: users, organisations, API
    tokens, calendar feeds, counters, submissions, and any added later."""
    text = _refused(login_as("admin"), zipped(with_table(members, table, [{"id": 1}])))
    assert f"cannot be imported: {table}" in text


def test_a_table_of_unknown_name_is_refused_by_name(login_as, members):
    text = _refused(login_as("admin"), zipped(with_table(members, "../../etc/passwd", [])))
    assert "cannot be imported: ../../etc/passwd" in text


def test_a_table_file_the_manifest_does_not_name_is_refused(login_as, members):
    members["tables/api_tokens.json"] = [{"id": 1, "user_id": 1, "token_hash": "0" * 64}]
    text = _refused(login_as("admin"), zipped(members))
    assert "cannot be imported: api_tokens" in text


def test_audit_rows_of_the_file_are_never_stored(login_as, world, members):
    """The file's audit log (forged actor, date and address) stays out; the one event of the
    new case is the importer's ``import``."""
    members["audit_events.json"] = [FORGED_EVENT]
    members["manifest.json"]["tables"]["audit_events"] = 1
    known = case_ids(world.org.id)
    assert upload(login_as("admin"), zipped(members)).status_code == 302
    case = imported_case(world.org.id, known)
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id)))
    assert [(e.action, e.actor_id) for e in events] == [("import", world.admin.id)]
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.summary == "forged")) == 0


@pytest.mark.parametrize(("table", "column", "value"), [
    ("people", "organisation_id", 1),
    ("people", "password_hash", "x"),
    ("cases", "actor_id", 1),
    ("plans", "case_reference", "EK-2026-0001"),
])
def test_a_column_that_is_not_the_tables_is_refused_by_name(login_as, members, table,
                                                             column, value):
    if table == "cases":
        members["case.json"][column] = value
    else:
        members[f"tables/{table}.json"][0][column] = value
    text = _refused(login_as("admin"), zipped(members))
    assert f"column that cannot be imported: {column}" in text
    assert f"of {table}" in text


def test_a_row_of_another_case_is_refused(login_as, world, members):
    members["tables/people.json"][0]["case_id"] = world.other_case.id
    text = _refused(login_as("admin"), zipped(members))
    assert "Row 1 of people: case_id refers to a row that is not in this export" in text


def _other_person(world) -> int:
    return PersonFactory(case=world.other_case, name="Elders Iemand").id


def _other_conference(world) -> int:
    return ConferenceFactory(case=world.other_case).id


def _other_invitation(world) -> int:
    return InvitationFactory(conference=ConferenceFactory(case=world.other_case)).id


def _other_bottom_line(world) -> int:
    return BottomLineFactory(case=world.other_case, text="Elders").id


@pytest.mark.parametrize(("table", "column", "stranger"), [
    ("invitations", "person_id", _other_person),
    ("relationships", "person_a_id", _other_person),
    ("action_people", "person_id", _other_person),
    ("plans", "conference_id", _other_conference),
    ("information_notes", "invitation_id", _other_invitation),
    ("plan_bottom_lines", "bottom_line_id", _other_bottom_line),
])
def test_a_reference_to_a_row_of_another_case_is_refused(login_as, world, members, table,
                                                         column, stranger):
    """The id of a row of this installation, of the other organisation's case."""
    members[f"tables/{table}.json"][0][column] = stranger(world)
    text = _refused(login_as("admin"), zipped(members))
    assert f"of {table}: {column} refers to a row that is not in this export" in text


def test_a_plan_that_names_a_later_plan_as_its_previous_is_refused(login_as, world):
    members = members_of(full_case(world))
    plans = members["tables/plans.json"]
    plans[0]["previous_id"] = plans[1]["id"]  # a loop: each the other's previous version
    text = _refused(login_as("admin"), zipped(members))
    assert "previous_id refers to its own row or to a later one" in text


def test_staff_of_anywhere_become_nobody(login_as, world, members):
    """A coordinator, a decider and the case's creator from the file (here: users of this
    installation, of another organisation) are not carried over; neither are assignments."""
    members["case.json"]["created_by_id"] = world.other_coordinator.id
    members["tables/conferences.json"][0]["coordinator_id"] = world.other_coordinator.id
    members["tables/plans.json"][0]["decided_by_id"] = world.admin.id
    members["tables/case_assignments.json"] = [
        {"id": 9, "case_id": members["case.json"]["id"], "user_id": world.other_coordinator.id,
         "role": "coordinator", "created_at": "2026-01-01T00:00:00+00:00"}]
    known = case_ids(world.org.id)
    assert upload(login_as("admin"), zipped(members)).status_code == 302
    case = imported_case(world.org.id, known)
    assert case.created_by_id is None and case.assignments == []
    conference = db.session.scalar(select(Conference).where(Conference.case_id == case.id))
    plan = db.session.scalar(select(Plan).where(Plan.case_id == case.id))
    assert conference.coordinator_id is None and plan.decided_by_id is None


def test_messages_of_the_file_are_never_queued_for_sending(login_as, world, members):
    """A queued e-mail in the file would leave from this organisation: it stays behind."""
    assert members["tables/outbox_messages.json"][0]["status"] == "queued"
    before = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert upload(login_as("admin"), zipped(members)).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == before


def test_imported_links_are_dead_and_rows_point_at_the_new_case(world):
    from eigenkracht.privacy.export import export_case
    from eigenkracht.privacy.importing import import_case

    case = full_case(world)
    old_hashes = set(db.session.scalars(select(AccessLink.token_hash))) | set(
        db.session.scalars(select(Invitation.token_hash).where(Invitation.token_hash.is_not(None))))
    imported = import_case(export_case(case, with_pdf=False), world.other_org)
    db.session.flush()
    links = list(db.session.scalars(select(AccessLink).where(AccessLink.case_id == imported.id)))
    assert links and not {link.token_hash for link in links} & old_hashes
    people = {p.id: p.name for p in db.session.scalars(
        select(Person).where(Person.case_id == imported.id))}
    assert all(people.get(link.person_id) for link in links)
    actions = list(db.session.scalars(select(Action).join(Plan).where(Plan.case_id == imported.id)))
    assert {a.origin_id for a in actions} - {None} <= {a.id for a in actions}
    plans = list(db.session.scalars(select(Plan).where(Plan.case_id == imported.id)))
    assert {p.previous_id for p in plans} - {None} <= {p.id for p in plans}


def test_saved_maps_name_the_new_people_and_never_a_person_of_this_installation(world):
    """People of a saved map get their new ids; someone deleted before the export gets a
    negative id, so no page can take them for another case's person with that id."""
    from eigenkracht.privacy.export import export_case
    from eigenkracht.privacy.importing import import_case

    imported = import_case(export_case(full_case(world), with_pdf=False), world.other_org)
    db.session.flush()
    names = {p.id: p.name for p in db.session.scalars(
        select(Person).where(Person.case_id == imported.id))}
    saved = db.session.scalar(select(NetworkSnapshot).where(
        NetworkSnapshot.case_id == imported.id, NetworkSnapshot.label == "Met buren"))
    mapped = {p["id"]: p["name"] for p in saved.data["people"]}
    assert {pid: name for pid, name in mapped.items() if pid > 0} == {
        pid: name for pid, name in names.items() if name in mapped.values()}
    assert [name for pid, name in mapped.items() if pid < 0] == ["Vertrokken Vriend"]
    assert all(tie["a"] in mapped and tie["b"] in mapped for tie in saved.data["ties"])


def test_an_admin_of_an_organisation_imports_into_their_own_only(app, world, members):
    from tests.factories import UserFactory
    from tests.fixtures.roles import log_in

    other_admin = UserFactory(organisation=world.other_org, role=Role.ADMIN)
    members["case.json"]["organisation_id"] = world.org.id
    known = case_ids(world.org.id)
    response = upload(log_in(app.test_client(), other_admin), zipped(members))
    assert response.status_code == 302
    assert case_ids(world.org.id) == known
    assert imported_case(world.other_org.id, {world.other_case.id}) is not None
