"""Planning a conference: local time in, UTC stored, local time shown; venue, languages,
interpreter, coordinator; bad input; stale edits; cancelling."""

from __future__ import annotations

from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import ChecklistKey, Conference, ConferenceKind, Phase
from tests.conference.conftest import utc
from tests.factories import CaseFactory, UserFactory

HOSTILE = "<script>alert('x')</script> & \"Ali's\""


def _form(**overrides):
    data = {"kind": "first", "day": "2027-03-11", "time": "14:30", "duration_minutes": "180",
            "venue_kind": "address", "venue_address": "Buurthuis De Schakel\nRotterdam",
            "meeting_link": "", "languages": ["nl", "tr"], "interpreter_languages": ["tr", "ar"],
            "childs_advocate": "Mirjam de Wit", "practical_notes": "Soep en broodjes.",
            "coordinator_id": ""}
    data.update(overrides)
    return data


def _count(db) -> int:
    return db.session.scalar(select(func.count(Conference.id)))


def _newest(db) -> Conference:
    return db.session.scalars(select(Conference).order_by(Conference.id.desc())).first()


class TestPlanning:
    def test_a_coordinator_plans_a_conference_in_local_time_and_it_is_stored_in_utc(
            self, coordinator, world, db):
        response = coordinator.post(f"/cases/{world.case.reference}/conferences/new",
                                    data=_form(coordinator_id=str(world.coordinator.id)))
        assert response.status_code == 302
        conference = _newest(db)
        assert conference.starts_at == utc(2027, 3, 11, 13, 30)  # winter time: UTC+1

    def test_a_summer_date_is_two_hours_ahead_of_utc(self, coordinator, world, db):
        coordinator.post(f"/cases/{world.case.reference}/conferences/new",
                         data=_form(day="2027-07-01", time="09:00"))
        assert _newest(db).starts_at == utc(2027, 7, 1, 7, 0)

    def test_the_conference_page_shows_the_local_time_again(self, coordinator, world, db):
        response = coordinator.post(f"/cases/{world.case.reference}/conferences/new",
                                    data=_form())
        page = coordinator.get(response.headers["Location"]).text
        assert "14:30" in page and "17:30" in page
        assert "Buurthuis De Schakel" in page

    def test_the_person_planning_coordinates_by_default(self, coordinator, world, db):
        coordinator.post(f"/cases/{world.case.reference}/conferences/new", data=_form())
        assert _newest(db).coordinator_id == world.coordinator.id

    def test_languages_and_interpreter_are_kept(self, coordinator, world, db):
        coordinator.post(f"/cases/{world.case.reference}/conferences/new",
                         data=_form(interpreter_booked="y"))
        conference = _newest(db)
        assert conference.languages == ["nl", "tr"]
        assert conference.interpreter_languages == ["tr", "ar"] and conference.interpreter_booked
        assert [i.key for i in conference.checklist] == [ChecklistKey.INTERPRETER_BOOKED]

    def test_an_online_conference_keeps_its_https_link(self, coordinator, world, db):
        coordinator.post(f"/cases/{world.case.reference}/conferences/new",
                         data=_form(venue_kind="online", venue_address="",
                                    meeting_link="https://meet.example.nl/ek-0001"))
        assert _newest(db).meeting_link == "https://meet.example.nl/ek-0001"

    def test_a_review_meeting_can_be_planned_from_the_start(self, coordinator, world, db):
        page = coordinator.get(f"/cases/{world.case.reference}/conferences/new?kind=review")
        assert '<input checked id="kind-1" name="kind"' in page.text
        coordinator.post(f"/cases/{world.case.reference}/conferences/new",
                         data=_form(kind="review"))
        assert _newest(db).kind == ConferenceKind.REVIEW

    def test_planning_is_in_the_audit_log(self, coordinator, world, db):
        coordinator.post(f"/cases/{world.case.reference}/conferences/new", data=_form())
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "create", AuditEvent.object_type == "conference"))
        assert event.case_reference == world.case.reference

    def test_a_referrer_cannot_plan(self, login_as, world, db):
        before = _count(db)
        response = login_as("referrer").post(
            f"/cases/{world.case.reference}/conferences/new", data=_form())
        assert response.status_code == 403
        assert _count(db) == before


class TestBadInput:
    def _refused(self, client, world, db, **overrides):
        before = _count(db)
        response = client.post(f"/cases/{world.case.reference}/conferences/new",
                               data=_form(**overrides))
        assert response.status_code == 422
        assert _count(db) == before
        return response.text

    def test_an_empty_form_asks_for_date_and_time(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, day="", time="")
        assert "Enter the date of the meeting." in page
        assert "Enter the time the meeting starts." in page

    def test_a_malformed_date_gets_an_example(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, day="31-02-2027")
        assert "Enter a date like 2027-03-31." in page

    def test_an_impossible_date_gets_an_example(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, day="2027-02-30")
        assert "Enter a date like 2027-03-31." in page

    def test_a_malformed_time_gets_an_example(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, time="25:61")
        assert "Enter a time like 14:30." in page

    def test_a_time_the_clocks_skip_is_refused(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, day="2027-03-28", time="02:30")
        assert "the clocks go forward" in page

    def test_a_date_far_in_the_future_is_refused(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, day="2099-01-01")
        assert "three years from now" in page

    def test_a_javascript_link_is_refused(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, venue_kind="online",
                             meeting_link="javascript:alert(1)")
        assert "starts with https://" in page

    def test_a_link_with_a_password_is_refused(self, coordinator, world, db):
        self._refused(coordinator, world, db, meeting_link="https://jan:geheim@meet.example")

    def test_a_language_that_is_not_on_the_list_is_refused(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, languages=["nl", "xx"])
        assert "Choose languages from the list." in page

    def test_a_duration_of_a_whole_day_is_refused(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, duration_minutes="1440")
        assert "between 30 and 720 minutes" in page

    def test_a_duration_in_words_is_refused(self, coordinator, world, db):
        self._refused(coordinator, world, db, duration_minutes="drie uur")

    def test_an_oversized_address_is_refused(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, venue_address="x" * 301)
        assert "Use at most 300 characters." in page

    def test_control_characters_are_refused(self, coordinator, world, db):
        page = self._refused(coordinator, world, db, childs_advocate="Mirjam\x00de Wit")
        assert "control characters" in page

    def test_a_coordinator_who_is_not_on_the_case_cannot_be_chosen(self, coordinator, world,
                                                                    db):
        page = self._refused(coordinator, world, db,
                             coordinator_id=str(world.unassigned_coordinator.id))
        assert "Choose a coordinator who is assigned to this case." in page

    def test_a_coordinator_of_another_organisation_cannot_be_chosen(self, coordinator, world,
                                                                     db):
        self._refused(coordinator, world, db, coordinator_id=str(world.other_coordinator.id))

    def test_hostile_text_is_stored_as_text_and_shown_escaped(self, coordinator, world, db):
        response = coordinator.post(f"/cases/{world.case.reference}/conferences/new",
                                    data=_form(practical_notes=HOSTILE))
        page = coordinator.get(response.headers["Location"]).text
        assert "<script>alert" not in page
        assert "&lt;script&gt;" in page
        assert _newest(db).practical_notes == HOSTILE


class TestEditing:
    def _edit(self, conference, **overrides):
        data = _form(row_version=str(conference.row_version))
        data.update(overrides)
        return data

    def test_a_coordinator_moves_the_conference_to_another_day(self, coordinator, base,
                                                               conference, db):
        response = coordinator.post(f"{base}/edit", data=self._edit(
            conference, day="2027-04-02", time="10:00"))
        assert response.status_code == 302
        assert db.session.get(Conference, conference.id).starts_at == utc(2027, 4, 2, 8, 0)

    def test_the_edit_form_shows_the_local_time(self, coordinator, base, conference, db):
        conference.starts_at = utc(2027, 1, 15, 9, 0)
        db.session.flush()
        page = coordinator.get(f"{base}/edit").text
        assert 'value="2027-01-15"' in page and 'value="10:00"' in page

    def test_a_change_is_audited_with_old_and_new_values(self, coordinator, base, conference,
                                                          db):
        coordinator.post(f"{base}/edit", data=self._edit(conference, duration_minutes="240"))
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.object_type == "conference"))
        assert event.details["duration_minutes"] == [180, 240]

    def test_a_stale_edit_is_refused_and_nothing_is_overwritten(self, coordinator, base,
                                                                conference, db):
        stale = self._edit(conference, childs_advocate="Mijn versie")
        coordinator.post(f"{base}/edit", data=self._edit(conference, childs_advocate="Eerst"))
        response = coordinator.post(f"{base}/edit", data=stale)
        assert response.status_code == 409
        assert "Someone else saved this meeting" in response.text
        assert db.session.get(Conference, conference.id).childs_advocate == "Eerst"

    def test_an_edit_with_a_broken_rule_saves_nothing(self, coordinator, base, conference, db):
        response = coordinator.post(f"{base}/edit", data=self._edit(
            conference, childs_advocate="Nieuw", meeting_link="ftp://files.example"))
        assert response.status_code == 422
        assert db.session.get(Conference, conference.id).childs_advocate == ""

    def test_unticking_interpreter_booked_unticks_the_checklist_step(self, coordinator, base,
                                                                     conference, db):
        coordinator.post(f"{base}/edit", data=self._edit(conference, interpreter_booked="y"))
        conference = db.session.get(Conference, conference.id)
        coordinator.post(f"{base}/edit", data=self._edit(conference))
        conference = db.session.get(Conference, conference.id)
        assert not conference.interpreter_booked and conference.checklist == []


class TestLookups:
    def test_a_conference_of_another_case_is_not_found_through_this_case(self, coordinator,
                                                                         world, db):
        from tests.factories import CaseAssignmentFactory, ConferenceFactory

        other = CaseFactory(organisation=world.org)
        CaseAssignmentFactory(case=other, user=world.coordinator)
        foreign = ConferenceFactory(case=other)
        response = coordinator.get(f"/cases/{world.case.reference}/conferences/{foreign.id}")
        assert response.status_code == 404

    def test_a_conference_of_another_organisation_is_not_found(self, login_as, world):
        from tests.factories import ConferenceFactory

        foreign = ConferenceFactory(case=world.other_case)
        response = login_as("coordinator").get(
            f"/cases/{world.other_case.reference}/conferences/{foreign.id}")
        assert response.status_code == 404

    def test_a_coordinator_of_another_organisation_does_not_see_ours(self, login_as, base):
        assert login_as("other_coordinator").get(base).status_code == 404


class TestCancelling:
    def test_a_planned_conference_can_be_cancelled_with_a_reason(self, coordinator, base,
                                                                 conference, db):
        response = coordinator.post(f"{base}/cancel", data={"reason": "Moeder is ziek."})
        assert response.status_code == 302
        conference = db.session.get(Conference, conference.id)
        assert conference.phase == Phase.CANCELLED
        assert conference.cancel_reason == "Moeder is ziek."
        assert conference.cancelled_at is not None
        assert "This meeting has been cancelled." in coordinator.get(base).text

    def test_a_conference_that_has_started_cannot_be_cancelled(self, coordinator, base,
                                                               conference, db):
        from tests.conference.conftest import in_phase

        in_phase(conference, Phase.INFORMATION)
        coordinator.post(f"{base}/cancel", data={"reason": ""})
        assert db.session.get(Conference, conference.id).phase == Phase.INFORMATION

    def test_a_cancelled_conference_can_no_longer_be_edited(self, coordinator, base,
                                                            conference, db):
        coordinator.post(f"{base}/cancel", data={})
        response = coordinator.post(f"{base}/edit", data=_form(row_version="99"))
        assert response.status_code == 302
        assert db.session.get(Conference, conference.id).childs_advocate == ""

    def test_an_oversized_reason_cancels_nothing(self, coordinator, base, conference, db):
        coordinator.post(f"{base}/cancel", data={"reason": "x" * 501})
        assert db.session.get(Conference, conference.id).phase == Phase.PLANNED


def test_a_job_coach_of_a_work_case_may_coordinate_its_conference(login_as, world, db):
    from eigenkracht.auth.models import Role
    from eigenkracht.conference import services
    from tests.factories import CaseAssignmentFactory

    coach = UserFactory(organisation=world.org, role=Role.JOBCOACH)
    case = CaseFactory(organisation=world.org)
    CaseAssignmentFactory(case=case, user=coach)
    assert [u.id for u in services.coordinators(case)] == [coach.id]
