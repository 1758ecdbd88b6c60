"""An admin erases one person of a case on request, everywhere they appear."""

from __future__ import annotations

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from eigenkracht.network.models import NetworkSnapshot, Person
from eigenkracht.plans.models import Plan
from tests.privacy.conftest import rows_mentioning


def _path(world, person_id: int) -> str:
    return f"/cases/{world.case.reference}/people/{person_id}/erase"


def test_after_erasure_the_name_appears_nowhere_in_the_database(login_as, world, everywhere):
    response = login_as("admin").post(_path(world, everywhere.person.id), data={"confirm": "yes"})
    assert response.status_code == 302
    assert rows_mentioning(everywhere.name) == []


def test_erasure_replaces_the_name_in_the_texts_of_the_case(login_as, world, everywhere):
    person_id = everywhere.person.id
    login_as("admin").post(_path(world, person_id), data={"confirm": "yes"})
    assert db.session.get(Person, person_id) is None
    plan = db.session.scalar(db.select(Plan).where(Plan.case_id == world.case.id))
    assert plan.agreements == "[erased] haalt Noëlle op vrijdag op."


def test_erasure_takes_the_person_out_of_saved_maps(login_as, world, everywhere):
    person_id = everywhere.person.id
    login_as("admin").post(_path(world, person_id), data={"confirm": "yes"})
    for snapshot in db.session.scalars(db.select(NetworkSnapshot)):
        assert person_id not in [p["id"] for p in snapshot.data.get("people", [])]
        assert all(person_id not in (t["a"], t["b"]) for t in snapshot.data.get("ties", []))


def test_erasure_leaves_an_audit_event_without_their_data(login_as, world, everywhere):
    login_as("admin").post(_path(world, everywhere.person.id), data={"confirm": "yes"})
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "erase"))
    assert event.case_id == world.case.id and event.summary == ""
    assert everywhere.name not in str(event.details)


def test_erasure_without_confirmation_changes_nothing(login_as, world, everywhere):
    response = login_as("admin").post(_path(world, everywhere.person.id), data={})
    assert response.status_code == 422
    assert "Tick the box" in response.get_data(as_text=True)
    assert db.session.get(Person, everywhere.person.id) is not None


def test_the_client_cannot_be_erased_on_their_own(login_as, world):
    from eigenkracht.network.services import client_person

    client = client_person(world.case)
    db.session.flush()
    response = login_as("admin").post(_path(world, client.id), data={"confirm": "yes"})
    assert response.status_code == 422
    assert db.session.get(Person, client.id) is not None


def test_a_coordinator_cannot_erase_people(login_as, world, everywhere):
    response = login_as("coordinator").post(_path(world, everywhere.person.id),
                                            data={"confirm": "yes"})
    assert response.status_code == 403


def test_a_person_of_another_case_is_not_found(login_as, world):
    response = login_as("admin").get(_path(world, world.extra_ids["work_person"]))
    assert response.status_code == 404


def test_erasing_twice_finds_nobody_the_second_time_and_records_one_erasure(login_as, world,
                                                                           everywhere):
    admin, path = login_as("admin"), _path(world, everywhere.person.id)
    assert admin.post(path, data={"confirm": "yes"}).status_code == 302
    assert admin.post(path, data={"confirm": "yes"}).status_code == 404
    erasures = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "erase"))
    assert len(list(erasures)) == 1


def test_the_confirmation_page_says_in_dutch_what_goes_and_what_stays(login_as, world,
                                                                      everywhere):
    world.admin.locale = "nl"
    db.session.flush()
    page = login_as("admin").get(_path(world, everywhere.person.id),
                                 headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "ook alleen de voor- of achternaam" in page and "bewaarde pdf's" in page.replace(
        "&#39;", "'")
    assert "wie van de medewerkers wat deed" in page
