"""The preparation checklist: ticked and unticked with who and when; progress shown."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import ChecklistItem, ChecklistKey, Conference, Phase
from tests.conference.conftest import in_phase
from tests.factories import ChecklistItemFactory


def _items(db, conference):
    return db.session.scalars(select(ChecklistItem).where(
        ChecklistItem.conference_id == conference.id)).all()


def test_ticking_a_step_records_who_and_when(coordinator, base, conference, world, db):
    response = coordinator.post(f"{base}/checklist/met_client", data={"done": "1"})
    assert response.status_code == 302
    [item] = _items(db, conference)
    assert item.key == ChecklistKey.MET_CLIENT
    assert item.done_by_id == world.coordinator.id and item.done_at is not None


def test_the_conference_page_says_who_ticked_a_step(coordinator, base, world):
    coordinator.post(f"{base}/checklist/venue_booked", data={"done": "1"})
    page = coordinator.get(base).text
    assert f"Done by {world.coordinator.name}" in page
    assert "3 of 8 done" in page  # and the two that tick themselves (map, bottom lines)


def test_unticking_a_step_takes_it_off_and_is_audited(coordinator, base, conference, db):
    coordinator.post(f"{base}/checklist/met_client", data={"done": "1"})
    coordinator.post(f"{base}/checklist/met_client", data={"done": "0"})
    assert _items(db, conference) == []
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "checklist_item").order_by(AuditEvent.id)).all()
    assert actions == ["tick", "untick"]


def test_a_double_tap_leaves_the_step_ticked(coordinator, base, conference, db):
    coordinator.post(f"{base}/checklist/venue_booked", data={"done": "1"})
    coordinator.post(f"{base}/checklist/venue_booked", data={"done": "1"})
    assert len(_items(db, conference)) == 1


def test_an_unknown_step_is_not_found(coordinator, base, conference, db):
    assert coordinator.post(f"{base}/checklist/bake_a_cake", data={"done": "1"}) \
        .status_code == 404
    assert _items(db, conference) == []


def test_a_malformed_tick_changes_nothing(coordinator, base, conference, db):
    coordinator.post(f"{base}/checklist/met_client", data={"done": "maybe"})
    assert _items(db, conference) == []


def test_ticking_interpreter_booked_marks_the_interpreter_booked(coordinator, base,
                                                                 conference, db):
    coordinator.post(f"{base}/checklist/interpreter_booked", data={"done": "1"})
    assert db.session.get(Conference, conference.id).interpreter_booked


def test_a_referrer_sees_the_checklist_but_cannot_tick(login_as, base, conference, db):
    referrer = login_as("referrer")
    assert "2 of 8 done" in referrer.get(base).text  # the two that tick themselves
    assert referrer.post(f"{base}/checklist/met_client", data={"done": "1"}).status_code == 403
    assert _items(db, conference) == []


def test_nothing_can_be_ticked_during_private_family_time(coordinator, base, conference, db):
    in_phase(conference, Phase.INFORMATION, Phase.PRIVATE_TIME)
    response = coordinator.post(f"{base}/checklist/met_client", data={"done": "1"},
                                follow_redirects=True)
    assert "nothing about the conference can be recorded now" in response.text
    assert _items(db, conference) == []


def test_the_case_page_shows_the_next_conference_and_its_progress(coordinator, world,
                                                                 conference):
    for key in list(ChecklistKey)[:5]:
        ChecklistItemFactory(conference=conference, key=key)
    page = coordinator.get(f"/cases/{world.case.reference}").text
    # The stored "map made" no longer counts; both automatic steps are true for this case.
    assert "Preparation: 6 of 8 done" in page
    assert f'/conferences/{conference.id}"' in page


def test_the_case_page_says_when_no_conference_is_planned(coordinator, world, conference, db):
    db.session.delete(conference)
    db.session.flush()
    assert "No conference has been planned yet." in coordinator.get(
        f"/cases/{world.case.reference}").text


# --- the steps that tick themselves (issue 19, item 5) ---------------------------------------

def _progress_text(client, base) -> str:
    page = client.get(base).text
    start = page.index('id="h-checklist"')
    return page[start:page.index("</section>", start)]


def test_map_made_and_bottom_lines_tick_themselves_and_untick_when_no_longer_true(
        coordinator, base, conference, world, db):
    from eigenkracht.cases.models import BottomLine
    from eigenkracht.conference import checklist
    from eigenkracht.network.models import Person

    done = checklist.done_keys(conference)
    assert {ChecklistKey.MAP_MADE, ChecklistKey.BOTTOM_LINES_RECEIVED} <= done
    section = _progress_text(coordinator, base)
    assert "2 of 8 done" in section
    assert "Ticks itself when someone besides the client is on the network map." in section
    for person in db.session.scalars(select(Person).where(
            Person.case_id == world.case.id, Person.is_client.is_(False))):
        db.session.delete(person)
    for line in db.session.scalars(select(BottomLine).where(
            BottomLine.case_id == world.case.id)):
        db.session.delete(line)
    db.session.flush()
    db.session.expire_all()
    conference = db.session.get(Conference, conference.id)
    assert checklist.done_keys(conference).isdisjoint(checklist.AUTOMATIC)
    assert checklist.progress(conference).done == 0
    assert "0 of 8 done" in _progress_text(coordinator, base)


def test_an_automatic_step_cannot_be_ticked_by_hand(coordinator, base, conference, db):
    response = coordinator.post(f"{base}/checklist/map_made", data={"done": "0"},
                                follow_redirects=True)
    assert "This step ticks itself when it is true" in response.text
    assert _items(db, conference) == []


def test_an_old_stored_tick_of_an_automatic_step_does_not_count(conference, world, db):
    from eigenkracht.cases.models import BottomLine
    from eigenkracht.conference import checklist

    ChecklistItemFactory(conference=conference, key=ChecklistKey.BOTTOM_LINES_RECEIVED)
    for line in db.session.scalars(select(BottomLine).where(
            BottomLine.case_id == world.case.id)):
        db.session.delete(line)
    db.session.flush()
    db.session.expire_all()
    conference = db.session.get(Conference, conference.id)
    assert ChecklistKey.BOTTOM_LINES_RECEIVED not in checklist.done_keys(conference)


def test_the_case_page_counts_the_automatic_steps_too(coordinator, world, conference):
    page = coordinator.get(f"/cases/{world.case.reference}").text
    assert "2 of 8" in page
