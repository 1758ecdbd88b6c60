"""The calendar: the coordinator's coming conferences and a personal .ics feed at a secret
address (revocable), read back with the icalendar library."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from eigenkracht.auth.models import User
from eigenkracht.conference.calendar import conference_event, event_uid
from eigenkracht.conference.models import CalendarFeed, Phase
from tests.conference.conftest import utc
from tests.factories import ConferenceFactory

URL = re.compile(r'value="(http://[^"]+/calendar/([A-Za-z0-9_-]{43})\.ics)"')


@pytest.fixture
def token(world) -> str:
    return world.extra_ids["calendar_token"]


def _events(response) -> list:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.data).walk("VEVENT")


def _new_address(client) -> tuple[str, str]:
    response = client.post("/calendar/feed")
    assert response.status_code == 200
    return URL.search(response.text).groups()


class TestCalendarPage:
    def test_the_calendar_lists_my_coming_conferences_by_date(self, coordinator, world,
                                                              conference):
        later = ConferenceFactory(case=world.case, coordinator=world.coordinator,
                                  starts_at=conference.starts_at + timedelta(days=30))
        page = coordinator.get("/calendar").text
        assert page.index(f'id="conference-{conference.id}"') < page.index(
            f'id="conference-{later.id}"')

    def test_cancelled_and_past_conferences_are_not_coming(self, coordinator, world,
                                                           conference):
        cancelled = ConferenceFactory(case=world.case, coordinator=world.coordinator,
                                      phase=Phase.CANCELLED)
        past = ConferenceFactory(case=world.case, coordinator=world.coordinator,
                                 starts_at=utc(2026, 1, 5, 9, 0), phase=Phase.CLOSED)
        page = coordinator.get("/calendar").text
        assert f'id="conference-{cancelled.id}"' not in page
        assert f'id="conference-{past.id}"' not in page

    def test_a_conference_on_a_case_i_can_no_longer_see_is_not_shown(self, login_as, world,
                                                                     conference):
        ConferenceFactory(case=world.other_case, coordinator=world.coordinator)
        page = login_as("coordinator").get("/calendar").text
        assert world.other_case.reference not in page


class TestTheSecretAddress:
    def test_making_an_address_shows_it_once(self, coordinator):
        url, _token = _new_address(coordinator)
        assert "shown only this once" in coordinator.post("/calendar/feed").text
        assert url not in coordinator.get("/calendar").text

    def test_only_the_sha256_of_the_token_is_stored(self, coordinator, world, db):
        _url, token = _new_address(coordinator)
        feed = db.session.scalar(select(CalendarFeed).where(
            CalendarFeed.user_id == world.coordinator.id))
        assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr(db.session.execute(select(CalendarFeed.__table__)).all())

    def test_the_feed_works_without_logging_in(self, client, token, conference):
        events = _events(client.get(f"/calendar/{token}.ics"))
        assert [str(e["uid"]) for e in events] == [event_uid(conference)]

    def test_a_new_address_switches_the_old_one_off(self, coordinator, client, token):
        _url, new_token = _new_address(coordinator)
        assert client.get(f"/calendar/{token}.ics").status_code == 404
        assert client.get(f"/calendar/{new_token}.ics").status_code == 200

    def test_switching_the_address_off_stops_the_feed(self, coordinator, client, token, db):
        response = coordinator.post("/calendar/feed/delete")
        assert response.status_code == 302
        assert client.get(f"/calendar/{token}.ics").status_code == 404

    @pytest.mark.parametrize("guess", ["x", "A" * 43, "A" * 44, "../../etc/passwd",
                                       "%00" * 15, "A" * 42 + "!"])
    def test_a_wrong_token_finds_nothing(self, client, token, guess):
        assert client.get(f"/calendar/{guess}.ics").status_code == 404

    def test_the_feed_of_a_deactivated_user_stops(self, client, token, world, db):
        db.session.get(User, world.coordinator.id).active = False
        db.session.flush()
        assert client.get(f"/calendar/{token}.ics").status_code == 404

    def test_reading_the_feed_is_remembered_and_audited(self, client, token, world, db):
        from eigenkracht.audit.models import AuditEvent

        client.get(f"/calendar/{token}.ics")
        feed = db.session.scalar(select(CalendarFeed).where(
            CalendarFeed.user_id == world.coordinator.id))
        assert feed.last_used_at is not None
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "calendar_feed", AuditEvent.action == "view"))
        assert event.actor_label == "calendar feed"


class TestTheFeed:
    def test_an_event_has_its_times_in_utc_and_the_place(self, client, token, conference, db):
        conference.starts_at = utc(2027, 3, 11, 13, 30)
        conference.duration_minutes = 150
        db.session.flush()
        [event] = _events(client.get(f"/calendar/{token}.ics"))
        assert event.decoded("dtstart") == utc(2027, 3, 11, 13, 30)
        assert event.decoded("dtend") == utc(2027, 3, 11, 16, 0)
        assert str(event["location"]) == "Buurthuis De Schakel, Maasboulevard 12, Rotterdam"

    def test_the_title_has_the_reference_and_first_name_only(self, client, token, world,
                                                             conference):
        [event] = _events(client.get(f"/calendar/{token}.ics"))
        summary = str(event["summary"])
        assert world.case.reference in summary and "Noëlle" in summary
        assert "Jansen" not in summary

    def test_the_feed_leaks_no_surname_and_no_concerns(self, client, token, world):
        body = client.get(f"/calendar/{token}.ics").data.decode()
        assert "Jansen" not in body
        assert world.case.concerns not in body
        assert "Fatma" not in body

    def test_the_uid_stays_the_same_when_the_conference_changes(self, client, token,
                                                                conference, db):
        before = str(_events(client.get(f"/calendar/{token}.ics"))[0]["uid"])
        conference.starts_at += timedelta(days=1)
        db.session.flush()
        after = _events(client.get(f"/calendar/{token}.ics"))[0]
        assert str(after["uid"]) == before
        assert int(after["sequence"]) >= 1

    def test_a_cancelled_conference_is_marked_cancelled(self, client, token, conference, db):
        conference.phase = Phase.CANCELLED
        db.session.flush()
        [event] = _events(client.get(f"/calendar/{token}.ics"))
        assert str(event["status"]) == "CANCELLED"

    def test_an_online_conference_has_its_link_as_the_place(self, client, token, conference,
                                                            db):
        conference.venue_address = ""
        conference.meeting_link = "https://meet.example.nl/ek"
        db.session.flush()
        [event] = _events(client.get(f"/calendar/{token}.ics"))
        assert str(event["location"]) == "https://meet.example.nl/ek"

    def test_someone_elses_conferences_are_not_in_my_feed(self, client, token, world,
                                                          conference):
        other = ConferenceFactory(case=world.case, coordinator=world.unassigned_coordinator)
        uids = {str(e["uid"]) for e in _events(client.get(f"/calendar/{token}.ics"))}
        assert event_uid(other) not in uids


def test_the_event_builder_can_be_reused_for_invitations(conference):
    event = conference_event(conference, summary="Uitnodiging")
    assert isinstance(event, icalendar.Event)
    assert str(event["summary"]) == "Uitnodiging"
    assert event.decoded("dtstart") == conference.starts_at
