"""Conferences through the API: listed, read with an ETag, planned, changed with If-Match,
moved through the phases of the day; within the case only, never by a read-only token."""

from __future__ import annotations

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import Conference, Phase
from eigenkracht.extensions import db
from tests.factories import ConferenceFactory


def _path(world, rest: str = "") -> str:
    return f"/api/v1/cases/{world.case.reference}/conferences{rest}"


def _one(world) -> str:
    return _path(world, f"/{world.extra_ids['conference']}")


def _conference(world) -> Conference:
    return db.session.get(Conference, world.extra_ids["conference"])


def _count(world) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Conference)
                             .where(Conference.case_id == world.case.id))


PLAN = {"starts_at": "2027-03-01T14:00:00+01:00", "venue_address": "Buurthuis De Schakel",
        "languages": ["nl", "tr"]}


def test_the_conferences_of_a_case_are_listed_with_pages(api_as, world):
    ConferenceFactory(case=world.case)
    client = api_as("referrer")
    first = client.get(_path(world, "?per_page=1")).json
    assert first["total"] == 2 and len(first["items"]) == 1
    assert "next" in first["links"] and 'rel="next"' in client.get(
        _path(world, "?per_page=1")).headers["Link"]


def test_reading_a_conference_gives_its_version_as_etag(api_as, world):
    response = api_as("referrer").get(_one(world))
    assert response.status_code == 200
    assert response.json["phase"] == "planned" and response.json["invitation_count"] == 1
    assert response.headers["ETag"] == f'"{_conference(world).row_version}"'


def test_a_coordinator_plans_a_conference(api_as, world):
    response = api_as("coordinator").post(_path(world), json=PLAN)
    assert response.status_code == 201, response.json
    conference = db.session.get(Conference, response.json["id"])
    assert conference.case_id == world.case.id and conference.languages == ["nl", "tr"]
    assert conference.starts_at.isoformat() == "2027-03-01T13:00:00+00:00"
    assert conference.coordinator_id == world.coordinator.id
    assert response.headers["Location"].endswith(f"/conferences/{conference.id}")
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.case_id == world.case.id, AuditEvent.action == "create",
        AuditEvent.object_type == "conference"))


def test_a_moment_without_offset_is_read_on_the_local_clock(api_as, world):
    response = api_as("coordinator").post(_path(world), json={"starts_at": "2027-07-01T14:00"})
    assert response.status_code == 201
    assert response.json["starts_at"].startswith("2027-07-01T12:00:00")


def test_a_time_the_clocks_skip_is_refused_at_its_field(api_as, world):
    response = api_as("coordinator").post(_path(world),
                                          json={"starts_at": "2027-03-28T02:30"})
    assert response.status_code == 422
    assert "clocks go forward" in response.json["errors"]["starts_at"][0]


def test_planning_without_a_moment_or_with_bad_fields_says_what_is_wrong(api_as, world):
    before = _count(world)
    response = api_as("coordinator").post(_path(world), json={
        "duration_minutes": 5, "meeting_link": "x" * 600, "kind": "party", "is_admin": True})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert {"starts_at", "duration_minutes", "meeting_link", "kind", "is_admin"} <= set(
        response.json["errors"])
    assert _count(world) == before


def test_the_rules_of_the_service_come_back_per_field(api_as, world):
    client = api_as("coordinator")
    before = _count(world)
    cases = [({"starts_at": "1999-01-01T10:00:00Z"}, "starts_at"),
             ({"meeting_link": "javascript:alert(1)"}, "meeting_link"),
             ({"languages": ["klingon"]}, "languages"),
             ({"coordinator_id": world.other_coordinator.id}, "coordinator_id"),
             ({"practical_notes": "bel\x07aan"}, "practical_notes")]
    for extra, field in cases:
        response = client.post(_path(world), json={**PLAN, **extra})
        assert response.status_code == 422, (field, response.json)
        assert list(response.json["errors"]) == [field]
    assert _count(world) == before


def test_malformed_json_or_a_list_plans_nothing(api_as, world):
    client = api_as("coordinator")
    before = _count(world)
    assert client.post(_path(world), data="{", content_type="application/json"
                       ).status_code == 422
    assert client.post(_path(world), json=[PLAN]).status_code == 422
    assert client.post(_path(world), data="starts_at=x").status_code == 415
    assert _count(world) == before


def test_changing_a_conference_with_the_current_etag_saves_it(api_as, world):
    client = api_as("coordinator")
    etag = client.get(_one(world)).headers["ETag"]
    response = client.patch(_one(world), json={"venue_address": "Wijkcentrum Oost"},
                            headers={"If-Match": etag})
    assert response.status_code == 200, response.json
    assert response.json["venue_address"] == "Wijkcentrum Oost"
    assert response.headers["ETag"] != etag
    assert response.json["languages"] == ["nl"]  # what was not sent stays


def test_a_stale_if_match_gets_412_and_changes_nothing(api_as, world):
    client = api_as("coordinator")
    etag = client.get(_one(world)).headers["ETag"]
    client.patch(_one(world), json={"practical_notes": "Eerste"}, headers={"If-Match": etag})
    response = client.patch(_one(world), json={"practical_notes": "Tweede"},
                            headers={"If-Match": etag})
    assert response.status_code == 412
    assert response.mimetype == "application/problem+json"
    assert _conference(world).practical_notes == "Eerste"


def test_a_change_without_if_match_gets_428(api_as, world):
    response = api_as("coordinator").patch(_one(world), json={"practical_notes": "x"})
    assert response.status_code == 428


def test_a_bad_change_leaves_the_conference_as_it_was(api_as, world):
    client = api_as("coordinator")
    etag = client.get(_one(world)).headers["ETag"]
    response = client.patch(_one(world), json={"venue_address": "Elders",
                                               "meeting_link": "ftp://x"},
                            headers={"If-Match": etag})
    assert response.status_code == 422
    assert _conference(world).venue_address.startswith("Buurthuis")


def test_nothing_is_changed_during_private_family_time(api_as, world):
    conference = ConferenceFactory(case=world.case, phase=Phase.PRIVATE_TIME)
    response = api_as("coordinator").patch(
        _path(world, f"/{conference.id}"), json={"practical_notes": "x"},
        headers={"If-Match": f'"{conference.row_version}"'})
    assert response.status_code == 409
    assert "private family time" in response.json["detail"]


def test_the_day_moves_to_the_next_phase(api_as, world):
    client = api_as("coordinator")
    etag = client.get(_one(world)).headers["ETag"]
    response = client.post(_one(world) + "/phase", json={"phase": "information"},
                           headers={"If-Match": etag})
    assert response.status_code == 200, response.json
    assert response.json["phase"] == "information"
    assert response.json["information_started_at"] is not None
    assert _conference(world).phase == Phase.INFORMATION


def test_an_illegal_phase_move_is_a_conflict_with_a_readable_title(api_as, world):
    client = api_as("coordinator")
    etag = client.get(_one(world)).headers["ETag"]
    response = client.post(_one(world) + "/phase", json={"phase": "decision"},
                           headers={"If-Match": etag})
    assert response.status_code == 409
    assert response.json["title"] == "This is not possible in the current state"
    assert response.json["detail"] == "The conference cannot go from “Planned” to “Decision”."
    assert _conference(world).phase == Phase.PLANNED


def test_an_illegal_phase_move_is_explained_in_dutch(api_as, world):
    world.coordinator.locale = "nl"
    db.session.flush()
    client = api_as("coordinator")
    response = client.post(_one(world) + "/phase", json={"phase": "decision"},
                           headers={"If-Match": f'"{_conference(world).row_version}"'})
    assert response.status_code == 409
    assert response.json["title"] != "This is not possible in the current state"


def test_a_phase_the_day_does_not_start_is_refused_at_the_field(api_as, world):
    response = api_as("coordinator").post(
        _one(world) + "/phase", json={"phase": "closed"},
        headers={"If-Match": f'"{_conference(world).row_version}"'})
    assert response.status_code == 422
    assert "phase" in response.json["errors"]


def test_a_phase_move_on_a_stale_version_gets_412(api_as, world):
    client = api_as("coordinator")
    etag = client.get(_one(world)).headers["ETag"]
    client.patch(_one(world), json={"practical_notes": "Koffie"}, headers={"If-Match": etag})
    response = client.post(_one(world) + "/phase", json={"phase": "information"},
                           headers={"If-Match": etag})
    assert response.status_code == 412
    assert _conference(world).phase == Phase.PLANNED


def test_a_planned_conference_is_cancelled_with_a_reason(api_as, world):
    response = api_as("coordinator").post(
        _one(world) + "/phase", json={"phase": "cancelled", "reason": "Oma is ziek"},
        headers={"If-Match": f'"{_conference(world).row_version}"'})
    assert response.status_code == 200, response.json
    assert response.json["phase"] == "cancelled"
    assert response.json["cancel_reason"] == "Oma is ziek"


def test_a_read_only_token_cannot_plan_change_or_move(api_as, world):
    client = api_as("coordinator", read_only=True)
    etag = {"If-Match": f'"{_conference(world).row_version}"'}
    assert client.post(_path(world), json=PLAN).status_code == 403
    assert client.patch(_one(world), json={"practical_notes": "x"}, headers=etag
                        ).status_code == 403
    assert client.post(_one(world) + "/phase", json={"phase": "information"}, headers=etag
                       ).status_code == 403
    assert client.get(_one(world)).status_code == 200


def test_a_referrer_reads_but_cannot_plan(api_as, world):
    assert api_as("referrer").post(_path(world), json=PLAN).status_code == 403


def test_another_organisation_sees_no_conferences(api_as, world):
    client = api_as("other_coordinator")
    assert client.get(_path(world)).status_code == 404
    assert client.get(_one(world)).status_code == 404
    assert client.post(_path(world), json=PLAN).status_code == 404
    assert client.patch(_one(world), json={}, headers={"If-Match": '"1"'}).status_code == 404


def test_a_conference_is_found_only_within_its_case(api_as, world):
    other = ConferenceFactory(case=world.other_case)
    response = api_as("coordinator").get(_path(world, f"/{other.id}"))
    assert response.status_code == 404


def test_a_conference_has_several_interpreter_languages(api_as, world):
    response = api_as("coordinator").post(_path(world), json={
        **PLAN, "interpreter_languages": ["tr", "ar"]})
    assert response.status_code == 201, response.json
    assert response.json["interpreter_languages"] == ["tr", "ar"]
    assert response.json["interpreter_language"] == "tr"  # the old field: the first one
    assert db.session.get(Conference, response.json["id"]).interpreter_languages == ["tr", "ar"]


def test_the_old_single_interpreter_field_still_works(api_as, world):
    response = api_as("coordinator").post(_path(world), json={
        **PLAN, "interpreter_language": "pl"})
    assert response.status_code == 201, response.json
    assert response.json["interpreter_languages"] == ["pl"]


def test_an_unknown_interpreter_language_is_refused(api_as, world):
    response = api_as("coordinator").post(_path(world), json={
        **PLAN, "interpreter_languages": ["tr", "klingon"]})
    assert response.status_code == 422
    assert "interpreter_languages" in response.json["errors"]
