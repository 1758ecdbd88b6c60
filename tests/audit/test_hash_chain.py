"""The access log's hash chain: `flask audit verify` finds a changed, removed or moved event
and names it; erasure does not break it; refusals and roles are on the record (NEN 7513)."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from eigenkracht.audit.models import AuditChain, AuditEvent
from eigenkracht.audit.services import Anonymisation, anonymise, record


def _verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def _events(db, world):
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.organisation_id == world.org.id).order_by(AuditEvent.chain_seq)))


def _browse(login_as, world):
    client = login_as("coordinator")
    for _ in range(3):
        client.get(f"/cases/{world.case.reference}")
    return client


def test_events_are_chained_in_order_and_verify_says_intact(app, db, login_as, world):
    _browse(login_as, world)
    events = _events(db, world)
    assert [e.chain_seq for e in events] == list(range(1, len(events) + 1))
    assert all(e.entry_hash and len(e.entry_hash) == 64 for e in events)
    assert db.session.get(AuditChain, world.org.id).head_hash == events[-1].entry_hash
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert f"{len(events)} events, chain intact" in result.output


def test_verify_names_an_event_whose_summary_was_altered_in_the_database(app, db, login_as,
                                                                         world):
    _browse(login_as, world)
    victim = [e for e in _events(db, world) if e.action == "view"][1]
    db.session.execute(update(AuditEvent).where(AuditEvent.id == victim.id)
                       .values(summary="nobody was here"))
    result = _verify(app)
    assert result.exit_code == 1
    assert f"BROKEN at event {victim.id}" in result.output


def test_verify_names_an_event_whose_actor_was_swapped(app, db, login_as, world):
    _browse(login_as, world)
    victim = [e for e in _events(db, world) if e.action == "view"][0]
    db.session.execute(update(AuditEvent).where(AuditEvent.id == victim.id)
                       .values(actor_id=world.admin.id))
    result = _verify(app)
    assert result.exit_code == 1 and f"BROKEN at event {victim.id}" in result.output


def test_verify_names_the_event_after_one_that_was_removed(app, db, login_as, world):
    _browse(login_as, world)
    events = _events(db, world)
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == events[1].id))
    result = _verify(app)
    assert result.exit_code == 1
    assert f"BROKEN at event {events[2].id}" in result.output
    assert "missing or moved" in result.output


def test_verify_sees_events_removed_at_the_end(app, db, login_as, world):
    _browse(login_as, world)
    events = _events(db, world)
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == events[-1].id))
    result = _verify(app)
    assert result.exit_code == 1 and "were removed" in result.output


def test_an_event_inserted_outside_the_app_is_named(app, db, login_as, world):
    _browse(login_as, world)
    db.session.execute(AuditEvent.__table__.insert().values(
        organisation_id=world.org.id, action="view", object_type="case", actor_label="x",
        summary="", details={}, outcome="allowed"))
    result = _verify(app)
    assert result.exit_code == 1 and "without a seal" in result.output


def test_erasure_re_seals_and_verification_still_passes(app, db, login_as, world):
    _browse(login_as, world)
    anonymise(AuditEvent.case_id == world.case.id, Anonymisation(blank=True))
    db.session.commit()
    reseal = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "anonymise"))
    assert reseal is not None and reseal.details["events"]
    assert all(e.summary == "" for e in _events(db, world) if e.case_id == world.case.id)
    result = _verify(app)
    assert result.exit_code == 0, result.output


def test_a_forged_anonymisation_is_still_named(app, db, login_as, world):
    """Blanking an event's summary without the re-seal looks like tampering, and is."""
    _browse(login_as, world)
    victim = [e for e in _events(db, world) if e.case_id == world.case.id][0]
    db.session.execute(update(AuditEvent).where(AuditEvent.id == victim.id)
                       .values(summary="", details={}))
    result = _verify(app)
    assert result.exit_code == 1 and f"BROKEN at event {victim.id}" in result.output


def test_an_empty_log_verifies(app, db):
    result = _verify(app)
    assert result.exit_code == 0


def test_each_organisation_has_its_own_chain(app, db, login_as, world):
    _browse(login_as, world)
    login_as("other_coordinator").get(f"/cases/{world.other_case.reference}")
    other = list(db.session.scalars(select(AuditEvent.chain_seq).where(
        AuditEvent.organisation_id == world.other_org.id).order_by(AuditEvent.chain_seq)))
    assert other[0] == 1
    assert _verify(app).exit_code == 0


# --- NEN 7513: on whose behalf, and the outcome ----------------------------------------------

def test_a_view_records_the_role_and_that_it_was_allowed(db, login_as, world):
    login_as("referrer").get(f"/cases/{world.case.reference}")
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.actor_id == world.referrer.id, AuditEvent.action == "view"))
    assert (event.actor_role, event.outcome, event.case_id) == (
        "referrer", "allowed", world.case.id)
    assert event.ip_address


def test_a_case_the_access_helper_refuses_is_logged_as_refused(db, login_as, world):
    response = login_as("unassigned_coordinator").get(f"/cases/{world.case.reference}")
    assert response.status_code == 404
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.actor_id == world.unassigned_coordinator.id, AuditEvent.outcome == "refused"))
    assert event.case_id == world.case.id and event.entry_hash  # kept, and sealed


def test_a_referrer_trying_to_edit_is_logged_as_refused(db, login_as, world):
    assert login_as("referrer").get(f"/cases/{world.case.reference}/edit").status_code == 403
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.actor_id == world.referrer.id, AuditEvent.outcome == "refused"))
    assert event.action == "update" and event.case_id == world.case.id


def test_guessing_references_is_logged_without_naming_another_organisations_case(db, login_as,
                                                                                 world):
    login_as("coordinator").get(f"/cases/{world.other_case.reference}")
    login_as("coordinator").get("/cases/" + "X" * 300)
    refused = list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.actor_id == world.coordinator.id, AuditEvent.outcome == "refused")))
    assert len(refused) == 2
    assert all(e.case_id is None and e.organisation_id == world.org.id for e in refused)
    assert refused[0].case_reference == world.other_case.reference
    assert len(refused[1].case_reference) == 20


def test_system_events_carry_their_kind(db, world):
    event = record("purge", object_type="case", organisation_id=world.org.id)
    assert event.actor_role == "system"


# --- searches and API reads are on the record too ---------------------------------------------

def test_a_search_of_the_case_list_is_logged_with_what_was_asked(db, login_as, world):
    login_as("coordinator").get("/cases/?q=Jansen")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "search"))
    assert event.details["q"] == "Jansen" and event.actor_id == world.coordinator.id
    assert event.details["results"] >= 1


def test_an_api_read_of_a_case_is_logged(db, world, app):
    from eigenkracht.api.services import create_token

    _made, token = create_token(world.coordinator, "test", read_only=True)
    db.session.commit()
    client = app.test_client()
    answer = client.get(f"/api/v1/cases/{world.case.reference}",
                        headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "view"))
    assert [e.case_id for e in events if (e.details or {}).get("api")] == [world.case.id]


def test_erasing_a_case_scrubs_its_client_from_what_was_searched(app, db, login_as, world):
    from eigenkracht.privacy.purge import erase_case

    login_as("coordinator").get("/cases/?q=Noëlle")
    erase_case(world.case)
    db.session.commit()
    search = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "search"))
    assert "Noëlle" not in search.summary and "Noëlle" not in str(search.details)
    assert _verify(app).exit_code == 0  # re-sealed
