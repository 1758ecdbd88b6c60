"""The register for a full room: in place without reloading (and as plain forms), everyone
at once with the exceptions after, arrival times, how each takes part, the referrer on the
register and the notes, frozen once the conference closes; notes that keep their giver and
can be corrected with their history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference import day
from eigenkracht.conference.models import (
    Conference,
    InformationNote,
    Invitation,
    InvitationRole,
    InvitationStatus,
    Participation,
    Phase,
    ReferrerAttendance,
)
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError
from tests.conference.conftest import in_phase
from tests.factories import InvitationFactory, PersonFactory

FETCH = {"X-Requested-With": "fetch"}


@pytest.fixture
def room(conference, db) -> Conference:
    """The world's conference, starting now, with 18 people invited (Fatma among them)."""
    conference.starts_at = clock.now().replace(microsecond=0)
    for number in range(17):
        InvitationFactory(conference=conference, status=InvitationStatus.CONFIRMED,
                          person=PersonFactory(case=conference.case, name=f"Gast {number:02}"))
    db.session.flush()
    return conference


def _note(db, text: str) -> InformationNote:
    return db.session.scalars(select(InformationNote).where(InformationNote.text == text)).one()


def _get(db, invitation_id) -> Invitation:
    return db.session.get(Invitation, invitation_id)


class TestEveryoneAtOnce:
    def test_one_tap_marks_everyone_invited_present(self, coordinator, base, room, db):
        response = coordinator.post(f"{base}/register/everyone", follow_redirects=True)
        assert "19 marked present" in response.text  # 18 invited and the referrer
        assert all(i.status == InvitationStatus.ATTENDED for i in room.invitations)
        [(referrer, row)] = day.referrers(room)
        assert row.status == InvitationStatus.ATTENDED

    def test_who_declined_or_was_marked_absent_stays_so(self, coordinator, base, room, db):
        declined, absent = room.invitations[1], room.invitations[2]
        declined.status = InvitationStatus.DECLINED
        db.session.flush()
        coordinator.post(f"{base}/invitations/{absent.id}/attendance",
                         data={"attendance": "absent"})
        coordinator.post(f"{base}/register/everyone")
        assert _get(db, declined.id).status == InvitationStatus.DECLINED
        assert _get(db, absent.id).status == InvitationStatus.ABSENT

    def test_the_exceptions_are_marked_after(self, coordinator, base, room, db):
        coordinator.post(f"{base}/register/everyone")
        late = room.invitations[3]
        coordinator.post(f"{base}/invitations/{late.id}/attendance",
                         data={"attendance": "absent"})
        assert _get(db, late.id).status == InvitationStatus.ABSENT
        assert _get(db, late.id).arrived_at is None
        page = coordinator.get(f"{base}/day").text
        assert "18 present · 1 absent or not coming · 0 not marked yet" in page

    def test_in_the_background_the_register_comes_back_without_the_page(self, coordinator,
                                                                        base, room):
        response = coordinator.post(f"{base}/register/everyone", headers=FETCH)
        assert response.status_code == 200
        assert "<html" not in response.text and 'id="h-register"' in response.text
        assert "19 present" in response.text

    def test_before_the_day_nothing_is_marked(self, coordinator, base, conference, db):
        conference.starts_at = clock.now() + timedelta(days=3)
        response = coordinator.post(f"{base}/register/everyone", headers=FETCH)
        assert response.status_code == 422
        assert "opens on the day of the conference" in response.text
        assert all(i.status != InvitationStatus.ATTENDED for i in conference.invitations)


class TestArrivalTimes:
    def test_a_latecomer_s_arrival_time_is_shown(self, coordinator, base, room, db):
        latecomer = room.invitations[5]
        with clock.frozen(room.starts_at + timedelta(minutes=25)):
            coordinator.post(f"{base}/invitations/{latecomer.id}/attendance",
                             data={"attendance": "present"})
        page = coordinator.get(f"{base}/day").text
        moment = clock.to_local(room.starts_at + timedelta(minutes=25)).strftime("%H:%M")
        assert f"arrived at {moment}" in page

    def test_who_came_on_time_gets_no_arrival_line(self, coordinator, base, room, db):
        coordinator.post(f"{base}/register/everyone")
        assert "arrived at" not in coordinator.get(f"{base}/day").text

    def test_marking_present_twice_keeps_the_first_arrival(self, coordinator, base, room, db):
        guest = room.invitations[4]
        url = f"{base}/invitations/{guest.id}/attendance"
        coordinator.post(url, data={"attendance": "present"})
        first = _get(db, guest.id).arrived_at
        with clock.frozen(clock.now() + timedelta(minutes=30)):
            coordinator.post(url, data={"attendance": "present"})
        assert _get(db, guest.id).arrived_at == first


class TestTakingPart:
    @pytest.mark.parametrize("how", ["phone", "video", "letter", "in_person"])
    def test_how_someone_takes_part_is_kept_and_shown(self, how, coordinator, base, room, db):
        guest = room.invitations[6]
        response = coordinator.post(f"{base}/invitations/{guest.id}/participation",
                                    data={"participation": how}, headers=FETCH)
        assert response.status_code == 200
        assert _get(db, guest.id).participation == Participation(how)
        assert f'<option value="{how}" selected>' in response.text

    @pytest.mark.parametrize("value", ["", "pigeon", "<script>", "x" * 500])
    def test_an_unknown_way_is_refused(self, value, coordinator, base, room, db):
        guest = room.invitations[6]
        response = coordinator.post(f"{base}/invitations/{guest.id}/participation",
                                    data={"participation": value}, headers=FETCH)
        assert response.status_code == 422
        assert "Choose how they take part" in response.text
        assert _get(db, guest.id).participation == Participation.IN_PERSON


class TestTheReferrer:
    def test_the_referrer_is_on_the_register(self, coordinator, base, room, world):
        page = coordinator.get(f"{base}/day").text
        assert f'id="referrer-{world.referrer.id}"' in page and "Hélène Verwijzer" in page

    def test_the_referrer_is_marked_present_by_phone(self, coordinator, base, room, world, db):
        url = f"{base}/referrers/{world.referrer.id}"
        coordinator.post(f"{url}/attendance", data={"attendance": "present"})
        coordinator.post(f"{url}/participation", data={"participation": "phone"})
        row = db.session.scalars(select(ReferrerAttendance)).one()
        assert (row.status, row.participation) == (InvitationStatus.ATTENDED,
                                                   Participation.PHONE)

    def test_someone_who_is_not_the_referrer_cannot_be_marked(self, coordinator, base, room,
                                                              world, db):
        response = coordinator.post(f"{base}/referrers/{world.coordinator.id}/attendance",
                                    data={"attendance": "present"})
        assert response.status_code == 404
        assert db.session.scalars(select(ReferrerAttendance)).first() is None

    def test_the_referrer_s_words_are_a_note_of_their_own(self, coordinator, base, room,
                                                          world, db):
        in_phase(room, Phase.INFORMATION)
        coordinator.post(f"{base}/notes", data={
            "invitation_id": f"referrer-{world.referrer.id}",
            "text": "De voorwaarden blijven staan."})
        note = _note(db, "De voorwaarden blijven staan.")
        assert note.referrer_id == world.referrer.id and note.invitation_id is None
        page = coordinator.get(f"{base}/day").text
        assert f'id="notes-referrer-{world.referrer.id}"' in page
        assert "De voorwaarden blijven staan." in page


class TestFrozenAfterClosing:
    @pytest.fixture
    def closed(self, room, db):
        day.mark_attendance(room, room.invitations[0], "present")
        return in_phase(room, Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION,
                        Phase.DECISION, Phase.CLOSED)

    @pytest.mark.parametrize("path, data", [
        ("/invitations/{i}/attendance", {"attendance": "absent"}),
        ("/invitations/{i}/participation", {"participation": "phone"}),
        ("/register/everyone", {}),
    ])
    def test_nothing_in_the_register_changes(self, path, data, coordinator, base, closed, db):
        first = closed.invitations[0]
        response = coordinator.post(base + path.format(i=first.id), data=data,
                                    follow_redirects=True)
        assert "the register can no longer be changed" in response.text
        invitation = _get(db, first.id)
        assert invitation.status == InvitationStatus.ATTENDED
        assert invitation.participation == Participation.IN_PERSON
        assert _get(db, closed.invitations[1].id).status == InvitationStatus.CONFIRMED

    def test_the_register_shows_no_buttons_but_how_each_took_part(self, coordinator, base,
                                                                  closed):
        page = coordinator.get(f"{base}/day").text
        assert "the register is kept as it was" in page
        assert 'name="attendance"' not in page and "Everyone invited is here" not in page
        assert "In person" in page

    def test_the_service_itself_refuses(self, closed):
        with pytest.raises(RuleError) as raised:
            day.mark_attendance(closed, closed.invitations[1], "present")
        assert raised.value.code == "register_closed"


class TestNotes:
    @pytest.fixture
    def informing(self, conference, db):
        return in_phase(conference, Phase.INFORMATION)

    def test_the_giver_stays_chosen_for_the_next_note(self, coordinator, base, informing,
                                                      fatma_id):
        response = coordinator.post(f"{base}/notes", data={
            "invitation_id": str(fatma_id), "text": "Eerste punt."}, follow_redirects=True)
        assert f'<option selected value="{fatma_id}">' in response.text \
            or f'<option value="{fatma_id}" selected>' in response.text

    def test_a_note_is_corrected_and_its_earlier_words_are_kept(self, coordinator, base,
                                                                informing, fatma_id, db):
        coordinator.post(f"{base}/notes", data={"invitation_id": str(fatma_id),
                                                "text": "Twee keer per week te laat."})
        note = _note(db, "Twee keer per week te laat.")
        response = coordinator.post(f"{base}/notes/{note.id}/correct",
                                    data={"text": "Drie keer per week te laat."},
                                    follow_redirects=True)
        assert "Drie keer per week te laat." in response.text
        assert "1 earlier version" in response.text
        assert "Twee keer per week te laat." in response.text
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.object_type == "information_note")).one()
        assert event.details["corrected"] is True

    @pytest.mark.parametrize("text, message", [
        ("", "Enter what the information giver said."),
        ("   ", "Enter what the information giver said."),
        ("x" * 5001, "5000"),
        ("Zelfde tekst.", "The note is the same as before"),
    ])
    def test_a_bad_correction_changes_nothing(self, text, message, coordinator, base,
                                              informing, fatma_id, db):
        coordinator.post(f"{base}/notes", data={"invitation_id": str(fatma_id),
                                                "text": "Zelfde tekst."})
        note = _note(db, "Zelfde tekst.")
        response = coordinator.post(f"{base}/notes/{note.id}/correct", data={"text": text},
                                    follow_redirects=True)
        assert message in response.text
        db.session.refresh(note)
        assert note.text == "Zelfde tekst." and note.revisions == []

    def test_no_correction_during_private_time(self, coordinator, base, informing, fatma_id,
                                               db):
        coordinator.post(f"{base}/notes", data={"invitation_id": str(fatma_id),
                                                "text": "Voor de eigen tijd."})
        note = _note(db, "Voor de eigen tijd.")
        in_phase(informing, Phase.PRIVATE_TIME)
        coordinator.post(f"{base}/notes/{note.id}/correct", data={"text": "Erin gezet."})
        db.session.refresh(note)
        assert note.text == "Voor de eigen tijd."

    def test_a_note_of_another_conference_cannot_be_corrected(self, coordinator, base,
                                                              informing):
        response = coordinator.post(f"{base}/notes/999999/correct", data={"text": "x"})
        assert response.status_code == 404


def test_the_day_page_links_to_the_plan(coordinator, base, world):
    page = coordinator.get(f"{base}/day").text
    assert f'href="/cases/{world.case.reference}/plan"' in page


@pytest.fixture
def fatma_id(conference) -> int:
    return next(i.id for i in conference.invitations
                if i.role == InvitationRole.INFORMATION_GIVER)
