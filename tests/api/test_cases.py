"""Cases through the API: listing with pages, reading, creating and changing with If-Match."""

from __future__ import annotations

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import Case
from eigenkracht.extensions import db
from tests.factories import CaseAssignmentFactory, CaseFactory


def test_the_case_list_pages_with_links(api_as, world):
    for _ in range(3):
        CaseAssignmentFactory(case=CaseFactory(organisation=world.org), user=world.coordinator)
    client = api_as("coordinator")
    first = client.get("/api/v1/cases?per_page=2").json
    assert first["total"] == 5 and len(first["items"]) == 2  # closed cases too, by default
    assert "next" in first["links"] and "prev" not in first["links"]
    second = client.get(first["links"]["next"]).json
    assert len(second["items"]) == 2 and "prev" in second["links"]
    assert {c["reference"] for c in first["items"]}.isdisjoint(
        c["reference"] for c in second["items"])


def test_the_case_list_filters_by_kind_and_status(api_as, world):
    client = api_as("coordinator")
    work = client.get("/api/v1/cases?kind=work&status=all").json
    assert [c["reference"] for c in work["items"]] == [world.extra_ids["work_case"]]


def test_a_bad_filter_gets_a_problem_with_the_field(api_as, world):
    response = api_as("coordinator").get("/api/v1/cases?per_page=0&bogus=1")
    assert response.status_code == 422
    assert {"per_page", "bogus"} <= set(response.json["errors"])


def test_reading_a_case_gives_its_version_as_etag(api_as, world):
    response = api_as("referrer").get(f"/api/v1/cases/{world.case.reference}")
    assert response.status_code == 200
    assert response.json["client_first_name"] == "Noëlle"
    assert [c["first_name"] for c in response.json["clients"]] == ["Noëlle"]
    assert response.headers["ETag"] == f'"{world.case.row_version}"'
    assert response.json["bottom_lines"] == ["Noëlle gaat elke dag naar school."]


def test_a_coordinator_creates_a_case(api_as, world):
    response = api_as("coordinator").post("/api/v1/cases", json={
        "kind": "work", "clients": [{"first_name": "Piet"}],
        "bottom_lines": ["Elke week contact"]})
    assert response.status_code == 201, response.json
    case = db.session.scalar(db.select(Case).where(Case.reference == response.json["reference"],
                                                   Case.organisation_id == world.org.id))
    assert case.client_first_name == "Piet"
    assert response.headers["Location"].endswith(case.reference)
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                         AuditEvent.action == "create"))


def test_creating_a_case_with_missing_or_hostile_fields_says_what_is_wrong(api_as, world):
    response = api_as("coordinator").post("/api/v1/cases", json={
        "kind": "spaceship", "clients": [{"first_name": "x" * 500}], "is_admin": True})
    assert response.status_code == 422
    assert {"kind", "clients.0.first_name", "is_admin"} <= set(response.json["errors"])


def test_a_youth_case_without_birth_date_breaks_a_rule(api_as, world):
    response = api_as("coordinator").post("/api/v1/cases", json={
        "kind": "youth", "clients": [{"first_name": "Piet"}]})
    assert response.status_code == 422
    assert "clients.0.birth_date" in response.json["errors"]


def test_a_body_that_is_not_json_gets_415(api_as, world):
    response = api_as("coordinator").post("/api/v1/cases", data="kind=work")
    assert response.status_code == 415


def test_a_referrer_cannot_create_cases(api_as, world):
    response = api_as("referrer").post("/api/v1/cases", json={
        "kind": "work", "clients": [{"first_name": "Piet"}]})
    assert response.status_code == 403


def test_changing_a_case_with_the_current_etag_saves_it(api_as, world):
    client = api_as("coordinator")
    etag = client.get(f"/api/v1/cases/{world.case.reference}").headers["ETag"]
    response = client.patch(f"/api/v1/cases/{world.case.reference}",
                            json={"concerns": "Zorgen over school"}, headers={"If-Match": etag})
    assert response.status_code == 200, response.json
    assert response.json["concerns"] == "Zorgen over school"
    assert response.headers["ETag"] != etag


def test_a_stale_if_match_gets_412_and_changes_nothing(api_as, world):
    client = api_as("coordinator")
    etag = client.get(f"/api/v1/cases/{world.case.reference}").headers["ETag"]
    client.patch(f"/api/v1/cases/{world.case.reference}", json={"concerns": "Eerste"},
                 headers={"If-Match": etag})
    response = client.patch(f"/api/v1/cases/{world.case.reference}", json={"concerns": "Tweede"},
                            headers={"If-Match": etag})
    assert response.status_code == 412
    assert response.mimetype == "application/problem+json"
    db.session.refresh(world.case)
    assert world.case.concerns == "Eerste"


def test_a_change_without_if_match_gets_428(api_as, world):
    response = api_as("coordinator").patch(f"/api/v1/cases/{world.case.reference}",
                                           json={"concerns": "x"})
    assert response.status_code == 428


def test_a_referrer_cannot_change_a_case(api_as, world):
    response = api_as("referrer").patch(f"/api/v1/cases/{world.case.reference}",
                                        json={"concerns": "x"}, headers={"If-Match": '"1"'})
    assert response.status_code == 403


def test_the_case_resource_lists_the_clients_and_the_referrer(api_as, world):
    from tests.factories import ClientFactory

    ClientFactory(case=world.case, first_name="Daan", position=1, birth_date=None,
                  birth_year=2019)
    body = api_as("coordinator").get(f"/api/v1/cases/{world.case.reference}").json
    assert [(c["first_name"], c["birth_date"], c["birth_year"]) for c in body["clients"]] == [
        ("Noëlle", "2015-05-01", 2015), ("Daan", None, 2019)]
    assert set(body["clients"][0]) >= {"id", "consent_client_on", "consent_parents_on",
                                       "consent_parents_names"}
    assert body["referrer"] == {"name": "Sanne Bakker", "organisation": "Jeugdbescherming Regio",
                                "role": "jeugdbeschermer", "email": "s.bakker@jb.example",
                                "phone": "010 123 45 67", "has_account": False}


def test_a_case_of_two_children_and_a_referrer_is_created_and_changed(api_as, world):
    client = api_as("coordinator")
    response = client.post("/api/v1/cases", json={
        "kind": "youth",
        "clients": [{"first_name": "Noor", "birth_date": "2017-05-01",
                     "consent_parents_on": "2026-09-01", "consent_parents_names": "Ouders"},
                    {"first_name": "Daan", "birth_year": 2020}],
        "referrer": {"name": "Sanne Bakker", "organisation": "Jeugdbescherming",
                     "email": "s.bakker@jb.example"}})
    assert response.status_code == 201, response.json
    assert [c["first_name"] for c in response.json["clients"]] == ["Noor", "Daan"]
    assert response.json["referrer"]["name"] == "Sanne Bakker"
    location, etag = response.headers["Location"], response.headers["ETag"]
    first = response.json["clients"][0]
    changed = client.patch(location, headers={"If-Match": etag}, json={
        "clients": [{"id": first["id"], "first_name": "Noor", "birth_date": "2017-05-01",
                     "consent_parents_on": "2026-09-01", "consent_parents_names": "Ouders"}],
        "referrer": None})
    assert changed.status_code == 200, changed.json
    assert [c["id"] for c in changed.json["clients"]] == [first["id"]]
    assert changed.json["referrer"] is None


def test_clients_that_break_a_rule_are_named_by_their_place(api_as, world):
    client = api_as("coordinator")
    response = client.post("/api/v1/cases", json={
        "kind": "youth", "clients": [{"first_name": "Noor", "birth_date": "2012-01-01",
                                      "consent_parents_on": "2026-09-01",
                                      "consent_parents_names": "Ouders"}]})
    assert response.status_code == 422
    assert "clients.0.consent_client_on" in response.json["errors"]
    empty = client.post("/api/v1/cases", json={"kind": "work", "clients": []})
    assert empty.status_code == 422 and "clients" in empty.json["errors"]
