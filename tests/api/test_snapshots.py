"""Saved maps (snapshots) through the API: listed with pages, read as stored, taken with a
label, compared; within the case only, and never by a read-only token."""

from __future__ import annotations

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from eigenkracht.network.models import NetworkSnapshot
from tests.factories import NetworkSnapshotFactory, PersonFactory


def _path(world, rest: str = "") -> str:
    return f"/api/v1/cases/{world.case.reference}/snapshots{rest}"


def _count(world) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(NetworkSnapshot)
                             .where(NetworkSnapshot.case_id == world.case.id))


def test_the_saved_maps_are_listed_newest_first_with_pages(api_as, world):
    for _ in range(2):
        NetworkSnapshotFactory(case=world.case)
    client = api_as("referrer")
    first = client.get(_path(world, "?per_page=2")).json
    assert first["total"] == 3 and len(first["items"]) == 2
    assert "next" in first["links"] and "prev" not in first["links"]
    second = client.get(first["links"]["next"]).json
    assert [s["label"] for s in second["items"]] == ["Intake"]


def test_a_bad_page_gets_a_problem_with_the_field(api_as, world):
    response = api_as("coordinator").get(_path(world, "?per_page=1000&x=1"))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert {"per_page", "x"} <= set(response.json["errors"])


def test_a_saved_map_gives_its_people_and_ties_as_they_were(api_as, world):
    client = api_as("coordinator")
    taken = client.post(_path(world), json={"label": "Na het gesprek"})
    PersonFactory(case=world.case, name="Later erbij")
    response = client.get(_path(world, f"/{taken.json['id']}"))
    assert response.status_code == 200
    names = {p["name"] for p in response.json["people"]}
    assert {"Oma Truus", "Tante Riëtte"} <= names and "Later erbij" not in names
    grandmother = world.extra_ids["person"]
    assert {"a": grandmother, "b": world.extra_ids["other_person"], "kind": "parent"}.items() \
        <= response.json["ties"][0].items()


def test_odd_values_in_an_old_snapshot_are_given_as_null(api_as, world):
    snapshot = NetworkSnapshotFactory(case=world.case, data={
        "people": [{"id": 7, "name": "Oud", "ring": "ver", "birth_year": True},
                   {"name": "zonder id"}, "rommel"],
        "ties": [{"a": 7, "b": "x", "kind": "friend"}]})
    response = api_as("coordinator").get(_path(world, f"/{snapshot.id}"))
    assert response.status_code == 200
    assert response.json["people"] == [{
        "id": 7, "name": "Oud", "ring": None, "birth_year": None, "relation": None,
        "sector": None, "support": None, "support_direction": None, "gender": None,
        "deceased": None, "is_client": None, "language": None, "contact_frequency": None}]
    assert response.json["ties"] == []


def test_a_coordinator_saves_the_map_with_a_label(api_as, world):
    response = api_as("coordinator").post(_path(world), json={"label": "Drie maanden"})
    assert response.status_code == 201, response.json
    snapshot = db.session.get(NetworkSnapshot, response.json["id"])
    assert snapshot.case_id == world.case.id and snapshot.label == "Drie maanden"
    assert snapshot.taken_by_id == world.coordinator.id
    assert response.headers["Location"].endswith(f"/snapshots/{snapshot.id}")
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.case_id == world.case.id, AuditEvent.action == "create",
        AuditEvent.object_type == "network_snapshot"))


def test_a_map_can_be_saved_without_a_label(api_as, world):
    response = api_as("coordinator").post(_path(world), json={})
    assert response.status_code == 201
    assert response.json["label"] == ""


def test_a_label_that_is_too_long_or_hostile_saves_nothing(api_as, world):
    client = api_as("coordinator")
    before = _count(world)
    for label in ("x" * 201, "nul\x00byte", "regel\nbreuk"):
        response = client.post(_path(world), json={"label": label})
        assert response.status_code == 422, label
        assert response.mimetype == "application/problem+json"
        assert "label" in response.json["errors"]
    assert _count(world) == before


def test_a_label_with_markup_is_kept_as_text(api_as, world):
    label = "<script>alert(1)</script>"
    response = api_as("coordinator").post(_path(world), json={"label": label})
    assert response.status_code == 201
    assert response.json["label"] == label


def test_malformed_json_or_unknown_fields_save_nothing(api_as, world):
    client = api_as("coordinator")
    before = _count(world)
    broken = client.post(_path(world), data="{label:", content_type="application/json")
    assert broken.status_code == 422
    assert client.post(_path(world), json={"label": "x", "data": {}}).status_code == 422
    assert client.post(_path(world), json=["x"]).status_code == 422
    assert client.post(_path(world), data="label=x").status_code == 415
    assert _count(world) == before


def test_a_read_only_token_cannot_save_the_map(api_as, world):
    response = api_as("coordinator", read_only=True).post(_path(world), json={"label": "x"})
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


def test_a_referrer_cannot_save_the_map(api_as, world):
    assert api_as("referrer").post(_path(world), json={}).status_code == 403


def test_another_organisation_sees_no_saved_maps(api_as, world):
    client = api_as("other_coordinator")
    snapshot = world.extra_ids["snapshot"]
    assert client.get(_path(world)).status_code == 404
    assert client.get(_path(world, f"/{snapshot}")).status_code == 404
    assert client.post(_path(world), json={}).status_code == 404


def test_a_snapshot_is_found_only_within_its_case(api_as, world):
    client = api_as("coordinator")
    other = NetworkSnapshotFactory(case=world.other_case)
    assert client.get(_path(world, f"/{other.id}")).status_code == 404
    work = f"/api/v1/cases/{world.extra_ids['work_case']}/snapshots/{world.extra_ids['snapshot']}"
    assert client.get(work).status_code == 404


def test_comparing_with_the_map_as_it_is_now_shows_who_was_added(api_as, world):
    client = api_as("coordinator")
    taken = client.post(_path(world), json={"label": "Begin"}).json
    PersonFactory(case=world.case, name="Meester Ahmed", ring=3)
    response = client.get(_path(world, f"/{taken['id']}/compare"))
    assert response.status_code == 200, response.json
    assert [p["name"] for p in response.json["added"]] == ["Meester Ahmed"]
    assert response.json["newer"] is None and response.json["older"]["label"] == "Begin"
    assert response.json["nothing_changed"] is False


def test_comparing_two_saved_maps_shows_who_moved(api_as, world):
    older = NetworkSnapshotFactory(case=world.case, data={
        "people": [{"id": 1, "name": "Truus", "ring": 3, "sector": "family", "support": []}],
        "ties": []})
    newer = NetworkSnapshotFactory(case=world.case, data={
        "people": [{"id": 1, "name": "Truus", "ring": 1, "sector": "friends",
                    "support": ["practical"]}], "ties": []})
    response = api_as("referrer").get(_path(world, f"/{older.id}/compare?with={newer.id}"))
    body = response.json
    assert body["closer"] == [{"person_id": 1, "name": "Truus", "before": 3, "after": 1}]
    assert body["sector_changed"][0]["after"] == "friends"
    assert body["support_gained"] == [{"person_id": 1, "name": "Truus", "kinds": ["practical"]}]


def test_comparing_with_a_snapshot_of_another_case_is_404(api_as, world):
    other = NetworkSnapshotFactory(case=world.other_case)
    response = api_as("coordinator").get(
        _path(world, f"/{world.extra_ids['snapshot']}/compare?with={other.id}"))
    assert response.status_code == 404


def test_comparing_with_nonsense_is_a_problem_with_the_field(api_as, world):
    response = api_as("coordinator").get(
        _path(world, f"/{world.extra_ids['snapshot']}/compare?with=../1"))
    assert response.status_code == 422
    assert "with" in response.json["errors"]
