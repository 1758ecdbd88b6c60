"""Invitations: picking people from the map, editing, taking back, and "who else should be
there?" — suggestions onto the map in one step."""

from __future__ import annotations

from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import (
    Invitation,
    InvitationRole,
    InvitationStatus,
    Participation,
    Phase,
)
from eigenkracht.network.models import Person, Sector
from tests.conference.conftest import in_phase
from tests.factories import InvitationFactory, PersonFactory

HOSTILE = "<script>alert('x')</script> & \"Ali's\""


def _invitations(db, conference) -> list[Invitation]:
    return db.session.scalars(select(Invitation).where(
        Invitation.conference_id == conference.id).order_by(Invitation.id)).all()


def _person_count(db) -> int:
    return db.session.scalar(select(func.count(Person.id)))


class TestPicking:
    def test_the_pick_list_shows_everyone_not_yet_invited_and_the_client(self, coordinator,
                                                                         base, world):
        page = coordinator.get(f"{base}/invitations/new").text
        assert "Oma Truus" in page and "Tante Riëtte" in page
        assert "Noëlle Jansen" in page and "the client" in page
        assert "Buurvrouw Fatma" not in page  # already invited

    def test_people_are_invited_with_the_role_of_their_place_on_the_map(self, coordinator,
                                                                        base, world, db,
                                                                        conference):
        teacher = PersonFactory(case=world.case, name="Juf Ilse", sector=Sector.PROFESSIONALS)
        friend = PersonFactory(case=world.case, name="Noor", sector=Sector.FRIENDS)
        ids = [world.extra_ids["person"], teacher.id, friend.id]
        response = coordinator.post(f"{base}/invitations/new",
                                    data={"person_ids": [str(i) for i in ids], "role": ""})
        assert response.status_code == 302
        roles = {i.person.name: i.role for i in _invitations(db, conference)}
        assert roles["Oma Truus"] == InvitationRole.FAMILY
        assert roles["Juf Ilse"] == InvitationRole.INFORMATION_GIVER
        assert roles["Noor"] == InvitationRole.NETWORK
        invitation = _invitations(db, conference)[-1]
        assert invitation.status == InvitationStatus.TO_INVITE

    def test_inviting_several_people_says_how_many(self, coordinator, base, world):
        response = coordinator.post(
            f"{base}/invitations/new", follow_redirects=True,
            data={"person_ids": [str(world.extra_ids["person"]),
                                 str(world.extra_ids["other_person"])]})
        assert "2 people have been added to the invitations." in response.text

    def test_a_chosen_role_applies_to_everyone_picked(self, coordinator, base, world, db,
                                                      conference):
        coordinator.post(f"{base}/invitations/new",
                         data={"person_ids": [str(world.extra_ids["other_person"])],
                               "role": "childs_advocate"})
        assert _invitations(db, conference)[-1].role == InvitationRole.CHILDS_ADVOCATE

    def test_picking_nobody_asks_to_choose_someone(self, coordinator, base, db, conference):
        response = coordinator.post(f"{base}/invitations/new", data={})
        assert response.status_code == 422
        assert "Choose at least one person to invite." in response.text
        assert len(_invitations(db, conference)) == 1

    def test_a_person_of_another_case_cannot_be_invited_and_nothing_is_saved(
            self, coordinator, base, world, db, conference):
        stranger = PersonFactory(case=world.other_case, name="Vreemde")
        response = coordinator.post(
            f"{base}/invitations/new",
            data={"person_ids": [str(world.extra_ids["person"]), str(stranger.id)]})
        assert response.status_code == 422
        assert "Choose people who are on the map of this case." in response.text
        assert len(_invitations(db, conference)) == 1  # not even Oma Truus

    def test_a_malformed_person_id_is_refused(self, coordinator, base, db, conference):
        response = coordinator.post(f"{base}/invitations/new",
                                    data={"person_ids": ["1; DROP TABLE people"]})
        assert response.status_code == 422
        assert len(_invitations(db, conference)) == 1

    def test_someone_already_invited_is_not_invited_twice(self, coordinator, base, world,
                                                          db, conference):
        fatma = _invitations(db, conference)[0].person
        response = coordinator.post(f"{base}/invitations/new",
                                    data={"person_ids": [str(fatma.id)]})
        assert response.status_code == 422
        assert "Buurvrouw Fatma is already invited" in response.text

    def test_an_unknown_role_is_refused(self, coordinator, base, world, db, conference):
        response = coordinator.post(f"{base}/invitations/new",
                                    data={"person_ids": [str(world.extra_ids["person"])],
                                          "role": "boss"})
        assert response.status_code == 422
        assert len(_invitations(db, conference)) == 1

    def test_inviting_is_in_the_audit_log(self, coordinator, base, world, db):
        coordinator.post(f"{base}/invitations/new",
                         data={"person_ids": [str(world.extra_ids["person"])]})
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "invitation", AuditEvent.action == "create"))
        assert event.summary == "Oma Truus"


class TestEditing:
    def _data(self, invitation, **overrides):
        data = {"role": invitation.role.value, "status": invitation.status.value,
                "participation": invitation.participation.value, "needs_diet": "",
                "needs_access": "", "suggestions": "", "row_version": str(invitation.row_version)}
        data.update(overrides)
        return data

    def _url(self, base, invitation):
        return f"{base}/invitations/{invitation.id}"

    def test_a_coordinator_records_needs_and_the_way_someone_takes_part(
            self, coordinator, base, db, conference):
        invitation = _invitations(db, conference)[0]
        response = coordinator.post(self._url(base, invitation), data=self._data(
            invitation, participation="video", needs_diet="halal",
            needs_access="rolstoel"))
        assert response.status_code == 302
        invitation = db.session.get(Invitation, invitation.id)
        assert invitation.participation == Participation.VIDEO
        assert (invitation.needs_diet, invitation.needs_access) == ("halal", "rolstoel")
        assert "Diet: halal" in coordinator.get(base).text

    def test_a_status_change_is_its_own_audit_event(self, coordinator, base, db, conference):
        invitation = _invitations(db, conference)[0]
        coordinator.post(self._url(base, invitation),
                         data=self._data(invitation, status="confirmed"))
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "status"))
        assert event.details["status"] == ["to_invite", "confirmed"]
        assert event.object_id == str(invitation.id)

    def test_an_unknown_status_is_refused_with_a_message(self, coordinator, base, db,
                                                         conference):
        invitation = _invitations(db, conference)[0]
        response = coordinator.post(self._url(base, invitation),
                                    data=self._data(invitation, status="kidnapped"))
        assert response.status_code == 422
        assert "Choose a status from the list." in response.text

    def test_oversized_needs_are_refused_and_nothing_is_saved(self, coordinator, base, db,
                                                              conference):
        invitation = _invitations(db, conference)[0]
        response = coordinator.post(self._url(base, invitation), data=self._data(
            invitation, needs_diet="x" * 301, participation="phone"))
        assert response.status_code == 422
        invitation = db.session.get(Invitation, invitation.id)
        assert invitation.participation == Participation.IN_PERSON

    def test_hostile_suggestions_are_kept_as_text_and_shown_escaped(self, coordinator, base,
                                                                    db, conference):
        invitation = _invitations(db, conference)[0]
        coordinator.post(self._url(base, invitation),
                         data=self._data(invitation, suggestions=HOSTILE))
        page = coordinator.get(self._url(base, invitation)).text
        assert "<script>alert" not in page and "&lt;script&gt;" in page

    def test_a_stale_edit_is_refused(self, coordinator, base, db, conference):
        invitation = _invitations(db, conference)[0]
        stale = self._data(invitation, needs_diet="vegetarisch")
        coordinator.post(self._url(base, invitation), data=self._data(invitation,
                                                                      needs_diet="halal"))
        response = coordinator.post(self._url(base, invitation), data=stale)
        assert response.status_code == 409
        assert db.session.get(Invitation, invitation.id).needs_diet == "halal"

    def test_an_invitation_of_another_conference_is_not_found_here(self, coordinator, base,
                                                                   world):
        other = InvitationFactory()
        assert coordinator.get(self._url(base, other)).status_code == 404

    def test_a_referrer_reads_the_invitation_without_a_form(self, login_as, base, db,
                                                            conference):
        invitation = _invitations(db, conference)[0]
        page = login_as("referrer").get(self._url(base, invitation))
        assert page.status_code == 200
        assert 'name="needs_diet"' not in page.text


class TestTakingBack:
    def test_an_invitation_is_taken_back_before_the_conference(self, coordinator, base, db,
                                                               conference):
        invitation = _invitations(db, conference)[0]
        response = coordinator.post(f"{base}/invitations/{invitation.id}/delete")
        assert response.status_code == 302
        assert _invitations(db, conference) == []
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "invitation", AuditEvent.action == "delete"))

    def test_after_the_start_an_invitation_stays_on_record(self, coordinator, base, db,
                                                           conference):
        in_phase(conference, Phase.INFORMATION)
        invitation = _invitations(db, conference)[0]
        response = coordinator.post(f"{base}/invitations/{invitation.id}/delete",
                                    follow_redirects=True)
        assert "Mark them absent instead." in response.text
        assert len(_invitations(db, conference)) == 1


class TestSuggestions:
    def _post(self, client, base, invitation, **data):
        values = {"name": "Neef Joram", "relation": "neef", "sector": "family", "invite": "y"}
        values.update(data)
        return client.post(f"{base}/invitations/{invitation.id}/suggestions", data=values)

    def test_a_suggestion_becomes_a_person_on_the_map_and_is_invited(self, coordinator, base,
                                                                     world, db, conference):
        invitation = _invitations(db, conference)[0]
        response = self._post(coordinator, base, invitation)
        assert response.status_code == 302
        joram = db.session.scalar(select(Person).where(Person.name == "Neef Joram"))
        assert joram.case_id == world.case.id and joram.relation == "neef"
        assert joram.id in {i.person_id for i in _invitations(db, conference)}

    def test_a_suggestion_can_go_on_the_map_without_an_invitation(self, coordinator, base, db,
                                                                  conference):
        invitation = _invitations(db, conference)[0]
        self._post(coordinator, base, invitation, invite="")
        assert db.session.scalar(select(Person).where(Person.name == "Neef Joram"))
        assert len(_invitations(db, conference)) == 1

    def test_the_new_person_is_audited_as_a_suggestion(self, coordinator, base, db,
                                                       conference):
        self._post(coordinator, base, _invitations(db, conference)[0])
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "person", AuditEvent.summary == "Neef Joram"))
        assert event.details["how"] == "suggestion"

    def test_a_suggestion_without_a_name_saves_nothing(self, coordinator, base, db,
                                                       conference):
        before = _person_count(db)
        response = self._post(coordinator, base, _invitations(db, conference)[0], name="  ")
        assert response.status_code == 422
        assert "Enter the person" in response.text and "s name." in response.text
        assert _person_count(db) == before

    def test_a_suggestion_with_control_characters_saves_nothing(self, coordinator, base, db,
                                                                conference):
        before = _person_count(db)
        response = self._post(coordinator, base, _invitations(db, conference)[0],
                              name="Oom\x07Kees")
        assert response.status_code == 422
        assert "control characters" in response.text
        assert _person_count(db) == before
        assert len(_invitations(db, conference)) == 1

    def test_an_unknown_sector_saves_nothing(self, coordinator, base, db, conference):
        before = _person_count(db)
        response = self._post(coordinator, base, _invitations(db, conference)[0],
                              sector="mars")
        assert response.status_code == 422
        assert _person_count(db) == before


class TestTheMapKnowsWhoIsInvited:
    def test_an_invited_person_cannot_be_removed_from_the_map(self, coordinator, world, db,
                                                             conference):
        fatma = _invitations(db, conference)[0].person
        response = coordinator.post(
            f"/cases/{world.case.reference}/network/people/{fatma.id}/delete",
            follow_redirects=True)
        assert "Buurvrouw Fatma cannot be removed" in response.text
        assert "invited to the conference of" in response.text
        assert db.session.get(Person, fatma.id) is not None

    def test_after_the_invitation_is_taken_back_the_person_can_be_removed(
            self, coordinator, base, world, db, conference):
        invitation = _invitations(db, conference)[0]
        person_id = invitation.person_id
        coordinator.post(f"{base}/invitations/{invitation.id}/delete")
        coordinator.post(f"/cases/{world.case.reference}/network/people/{person_id}/delete")
        assert db.session.get(Person, person_id) is None

    def test_an_invitation_to_a_cancelled_conference_does_not_keep_anyone_on_the_map(
            self, coordinator, base, world, db, conference):
        person_id = _invitations(db, conference)[0].person_id
        coordinator.post(f"{base}/cancel", data={})
        coordinator.post(f"/cases/{world.case.reference}/network/people/{person_id}/delete")
        assert db.session.get(Person, person_id) is None
