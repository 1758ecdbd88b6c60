"""On the day: the attendance register, notes of the information phase, and private family
time, when nothing about the conference is stored whatever is posted."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import (
    Conference,
    InformationNote,
    Invitation,
    InvitationRole,
    InvitationStatus,
    Phase,
)
from eigenkracht.core.clock import now
from tests.conference.conftest import in_phase
from tests.factories import InvitationFactory

HOSTILE = "<script>alert('x')</script> & \"Ali's\""


@pytest.fixture
def today_conference(conference, db) -> Conference:
    """The world's conference, taking place now."""
    conference.starts_at = now().replace(microsecond=0)
    db.session.flush()
    return conference


@pytest.fixture
def fatma(conference, db) -> Invitation:
    return conference.invitations[0]


def _notes(db) -> int:
    return db.session.scalar(select(func.count(InformationNote.id)))


def _status(db, invitation) -> InvitationStatus:
    return db.session.get(Invitation, invitation.id).status


class TestTheDayPage:
    def test_the_day_page_offers_to_start_the_information_phase(self, coordinator, base):
        page = coordinator.get(f"{base}/day").text
        assert "Start the information phase" in page
        assert "Attendance" in page

    def test_the_phase_track_shows_when_each_phase_started(self, coordinator, base,
                                                           conference):
        in_phase(conference, Phase.INFORMATION)
        page = coordinator.get(f"{base}/day").text
        assert 'aria-current="step"' in page
        assert "Start private family time" in page

    def test_during_the_presentation_the_family_can_go_back_to_private_time(
            self, coordinator, base, conference):
        in_phase(conference, Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION)
        page = coordinator.get(f"{base}/day").text
        assert "Start the decision" in page
        assert "Back to private family time" in page

    def test_a_referrer_follows_the_day_without_buttons(self, login_as, base):
        page = login_as("referrer").get(f"{base}/day").text
        assert "Start the information phase" not in page
        assert 'name="attendance"' not in page

    def test_the_bottom_lines_are_at_hand(self, coordinator, base):
        assert "Noëlle gaat elke dag naar school." in coordinator.get(f"{base}/day").text


class TestAttendance:
    def test_one_tap_marks_someone_present(self, coordinator, base, today_conference, fatma,
                                          db):
        response = coordinator.post(f"{base}/invitations/{fatma.id}/attendance",
                                    data={"attendance": "present"})
        assert response.status_code == 302
        assert _status(db, fatma) == InvitationStatus.ATTENDED

    def test_one_tap_marks_someone_absent_and_it_is_audited(self, coordinator, base,
                                                            today_conference, fatma, db):
        coordinator.post(f"{base}/invitations/{fatma.id}/attendance",
                         data={"attendance": "absent"})
        assert _status(db, fatma) == InvitationStatus.ABSENT
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "status"))
        assert event.details["status"] == ["to_invite", "absent"]

    def test_the_register_opens_on_the_day_itself(self, coordinator, base, conference, fatma,
                                                  db):
        response = coordinator.post(f"{base}/invitations/{fatma.id}/attendance",
                                    data={"attendance": "present"}, follow_redirects=True)
        assert "opens on the day of the conference" in response.text
        assert _status(db, fatma) == InvitationStatus.TO_INVITE

    def test_an_unknown_mark_changes_nothing(self, coordinator, base, today_conference, fatma,
                                             db):
        response = coordinator.post(f"{base}/invitations/{fatma.id}/attendance",
                                    data={"attendance": "declined"}, follow_redirects=True)
        assert "Choose present or absent." in response.text
        assert _status(db, fatma) == InvitationStatus.TO_INVITE

    def test_an_invitation_of_another_conference_cannot_be_marked(self, coordinator, base,
                                                                  today_conference, db):
        other = InvitationFactory()
        response = coordinator.post(f"{base}/invitations/{other.id}/attendance",
                                    data={"attendance": "present"})
        assert response.status_code == 404
        assert _status(db, other) == InvitationStatus.TO_INVITE


class TestInformationNotes:
    def test_a_note_is_kept_with_the_information_giver(self, coordinator, base, conference,
                                                       fatma, db):
        in_phase(conference, Phase.INFORMATION)
        before = _notes(db)
        response = coordinator.post(f"{base}/notes", data={
            "invitation_id": str(fatma.id), "text": "School meldt veel verzuim."})
        assert response.status_code == 302
        note = db.session.scalars(select(InformationNote).order_by(
            InformationNote.id.desc())).first()
        assert _notes(db) == before + 1
        assert note.invitation_id == fatma.id and note.text == "School meldt veel verzuim."
        page = coordinator.get(f"{base}/day").text
        assert "School meldt veel verzuim." in page and "Buurvrouw Fatma" in page

    def test_notes_are_only_written_during_the_information_phase(self, coordinator, base,
                                                                 fatma, db):
        before = _notes(db)
        response = coordinator.post(f"{base}/notes", data={
            "invitation_id": str(fatma.id), "text": "Te vroeg."}, follow_redirects=True)
        assert "only be added during the information phase" in response.text
        assert _notes(db) == before

    def test_an_empty_note_asks_for_text(self, coordinator, base, conference, fatma, db):
        in_phase(conference, Phase.INFORMATION)
        response = coordinator.post(f"{base}/notes", data={"invitation_id": str(fatma.id),
                                                           "text": "   "})
        assert response.status_code == 422
        assert "Enter what the information giver said." in response.text

    def test_an_oversized_note_is_refused(self, coordinator, base, conference, fatma, db):
        in_phase(conference, Phase.INFORMATION)
        before = _notes(db)
        response = coordinator.post(f"{base}/notes", data={"invitation_id": str(fatma.id),
                                                           "text": "x" * 5001})
        assert response.status_code == 422
        assert "Use at most 5000 characters." in response.text
        assert _notes(db) == before

    def test_a_note_needs_an_information_giver_of_this_conference(self, coordinator, base,
                                                                  conference, db):
        in_phase(conference, Phase.INFORMATION)
        stranger = InvitationFactory(role=InvitationRole.INFORMATION_GIVER)
        before = _notes(db)
        response = coordinator.post(f"{base}/notes", data={
            "invitation_id": str(stranger.id), "text": "Van elders."})
        assert response.status_code == 422
        assert "Choose an information giver who is invited to this conference." in \
            response.text
        assert _notes(db) == before

    def test_a_family_member_is_not_an_information_giver(self, coordinator, base, conference,
                                                         world, db):
        in_phase(conference, Phase.INFORMATION)
        aunt = InvitationFactory(conference=conference, role=InvitationRole.FAMILY)
        response = coordinator.post(f"{base}/notes", data={"invitation_id": str(aunt.id),
                                                           "text": "Familie."})
        assert response.status_code == 422

    def test_hostile_text_in_a_note_is_shown_escaped(self, coordinator, base, conference,
                                                     fatma):
        in_phase(conference, Phase.INFORMATION)
        coordinator.post(f"{base}/notes", data={"invitation_id": str(fatma.id),
                                                "text": HOSTILE})
        page = coordinator.get(f"{base}/day").text
        assert "<script>alert" not in page and "&lt;script&gt;" in page

    def test_a_note_written_by_mistake_can_be_removed_during_the_phase(self, coordinator,
                                                                       base, conference, db,
                                                                       world):
        in_phase(conference, Phase.INFORMATION)
        note_id = world.extra_ids["information_note"]
        coordinator.post(f"{base}/notes/{note_id}/delete")
        assert db.session.get(InformationNote, note_id) is None


class TestPrivateFamilyTime:
    @pytest.fixture
    def private(self, conference, db):
        conference.starts_at = now().replace(microsecond=0)
        return in_phase(conference, Phase.INFORMATION, Phase.PRIVATE_TIME)

    def test_the_page_says_the_coordinator_and_professionals_have_left(self, coordinator,
                                                                       base, private):
        page = coordinator.get(f"{base}/day").text
        assert "The coordinator and the professionals have left the room." in page
        assert "Nothing is recorded now" in page

    def test_the_page_shows_no_note_form_and_no_register_buttons(self, coordinator, base,
                                                                private):
        page = coordinator.get(f"{base}/day").text
        assert 'name="text"' not in page
        assert 'name="attendance"' not in page
        assert "The family is ready: start the plan presentation" in page

    @pytest.mark.parametrize("payload", [
        {"invitation_id": "{fatma}", "text": "Oma zegt dat moeder veel drinkt."},
        {"invitation_id": "", "text": "Wat de familie bespreekt."},
        {"invitation_id": "{fatma}", "text": ""},
        {"invitation_id": "999999", "text": "x" * 6000},
        {"text": "Alleen tekst."},
        {},
    ], ids=["a-note", "no-giver", "no-text", "nonsense", "text-only", "nothing"])
    def test_whatever_is_posted_as_a_note_nothing_is_stored(self, coordinator, base, private,
                                                            fatma, db, payload):
        before = _notes(db)
        last_event = db.session.scalar(select(func.max(AuditEvent.id))) or 0
        data = {k: v.replace("{fatma}", str(fatma.id)) for k, v in payload.items()}
        response = coordinator.post(f"{base}/notes", data=data, follow_redirects=True)
        assert "nothing about the conference can be recorded now" in response.text
        assert _notes(db) == before
        created = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.id > last_event, AuditEvent.action != "view")).all()
        assert created == []

    def test_the_service_itself_refuses_a_note(self, private, fatma, world, db):
        from eigenkracht.conference import day
        from eigenkracht.core.rules import RuleError

        with pytest.raises(RuleError) as raised:
            day.add_note(private, fatma.id, "Wat de familie zegt.", world.coordinator)
        assert raised.value.code == "conference_private_time"

    @pytest.mark.parametrize("mark", ["present", "absent"])
    def test_attendance_cannot_be_marked(self, coordinator, base, private, fatma, db, mark):
        coordinator.post(f"{base}/invitations/{fatma.id}/attendance",
                         data={"attendance": mark})
        assert _status(db, fatma) == InvitationStatus.TO_INVITE

    def test_the_invitations_cannot_be_changed(self, coordinator, base, private, fatma, db):
        response = coordinator.post(f"{base}/invitations/{fatma.id}", data={
            "role": "family", "status": "confirmed", "participation": "phone",
            "needs_diet": "", "needs_access": "", "suggestions": "Neef Joram",
            "row_version": str(fatma.row_version)})
        assert response.status_code == 302
        invitation = db.session.get(Invitation, fatma.id)
        assert invitation.suggestions == "" and invitation.status == InvitationStatus.TO_INVITE

    def test_nobody_can_be_put_on_the_map_from_a_suggestion(self, coordinator, base, private,
                                                            fatma, db):
        from eigenkracht.network.models import Person

        coordinator.post(f"{base}/invitations/{fatma.id}/suggestions",
                         data={"name": "Neef Joram", "sector": "family", "invite": "y"})
        assert db.session.scalar(select(Person).where(Person.name == "Neef Joram")) is None

    def test_the_details_cannot_be_edited(self, coordinator, base, private, db):
        response = coordinator.post(f"{base}/edit", data={
            "kind": "first", "day": "2027-01-01", "time": "10:00", "duration_minutes": "60",
            "venue_kind": "address", "practical_notes": "Geheim",
            "row_version": str(private.row_version)})
        assert response.status_code == 302
        assert db.session.get(Conference, private.id).practical_notes == ""

    def test_after_private_time_notes_are_refused_but_attendance_works_again(
            self, coordinator, base, private, fatma, db):
        in_phase(private, Phase.PRESENTATION)
        coordinator.post(f"{base}/invitations/{fatma.id}/attendance",
                         data={"attendance": "present"})
        assert _status(db, fatma) == InvitationStatus.ATTENDED
        before = _notes(db)
        coordinator.post(f"{base}/notes", data={"invitation_id": str(fatma.id), "text": "x"})
        assert _notes(db) == before
