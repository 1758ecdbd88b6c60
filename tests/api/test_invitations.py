"""Invitations through the API: listed with their answers, read, made for people of the
map, changed with If-Match, e-mailed and taken back; within the conference only."""

from __future__ import annotations

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import (
    Answer,
    Invitation,
    InvitationRole,
    InvitationStatus,
    Phase,
)
from eigenkracht.conference.sending import hash_token
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from tests.conference.sending_helpers import answer_path, link_in
from tests.factories import ConferenceFactory, InvitationFactory, PersonFactory
from tests.mail import smtp_server as smtp


def _path(world, rest: str = "") -> str:
    return (f"/api/v1/cases/{world.case.reference}/conferences/"
            f"{world.extra_ids['conference']}/invitations{rest}")


def _one(world) -> str:
    return _path(world, f"/{world.extra_ids['invitation']}")


def _invitation(world) -> Invitation:
    return db.session.get(Invitation, world.extra_ids["invitation"])


def _count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Invitation))


def test_the_invitations_are_listed_with_their_answers(api_as, world):
    invitation = _invitation(world)
    invitation.answer, invitation.answer_note = Answer.YES, "Ik kom graag"
    db.session.flush()
    response = api_as("referrer").get(_path(world))
    assert response.status_code == 200
    item = response.json["items"][0]
    assert item["person_name"] == "Buurvrouw Fatma" and item["answer"] == "yes"
    assert item["answer_note"] == "Ik kom graag" and response.json["total"] == 1
    assert "token_hash" not in item


def test_reading_an_invitation_gives_its_version_as_etag(api_as, world):
    response = api_as("coordinator").get(_one(world))
    assert response.status_code == 200
    assert response.json["role"] == "information_giver"
    assert response.headers["ETag"] == f'"{_invitation(world).row_version}"'


def test_a_person_of_the_map_is_invited_with_the_role_of_their_sector(api_as, world):
    response = api_as("coordinator").post(_path(world),
                                          json={"person_id": world.extra_ids["person"]})
    assert response.status_code == 201, response.json
    assert response.json["person_name"] == "Oma Truus"
    assert response.json["status"] == "to_invite" and response.json["send_status"] == "not_sent"
    assert response.headers["Location"].endswith(f"/invitations/{response.json['id']}")
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.case_id == world.case.id, AuditEvent.action == "create",
        AuditEvent.object_type == "invitation"))


def test_inviting_sends_no_email(api_as, world):
    before = db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage))
    api_as("coordinator").post(_path(world), json={"person_id": world.extra_ids["person"],
                                                   "role": "family"})
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == before


def test_a_person_of_another_case_cannot_be_invited(api_as, world):
    stranger = PersonFactory(case=world.other_case, name="Vreemde")
    before = _count()
    response = api_as("coordinator").post(_path(world), json={"person_id": stranger.id})
    assert response.status_code == 422
    assert "person_id" in response.json["errors"]
    assert _count() == before


def test_inviting_someone_twice_is_a_conflict(api_as, world):
    neighbour = _invitation(world).person_id
    response = api_as("coordinator").post(_path(world), json={"person_id": neighbour})
    assert response.status_code == 409
    assert "Buurvrouw Fatma is already invited" in response.json["detail"]


def test_an_empty_or_hostile_invitation_says_what_is_wrong(api_as, world):
    client = api_as("coordinator")
    before = _count()
    for body, field in (({}, "person_id"), ({"person_id": "1; drop table"}, "person_id"),
                        ({"person_id": 2**40}, "person_id"),
                        ({"person_id": world.extra_ids["person"], "role": "boss"}, "role"),
                        ({"person_id": world.extra_ids["person"], "status": "x"}, "status")):
        response = client.post(_path(world), json=body)
        assert response.status_code == 422, body
        assert field in response.json["errors"], body
    assert client.post(_path(world), data="[", content_type="application/json"
                       ).status_code == 422
    assert _count() == before


def test_changing_an_invitation_with_the_current_etag_saves_it(api_as, world):
    client = api_as("coordinator")
    etag = client.get(_one(world)).headers["ETag"]
    response = client.patch(_one(world), json={"status": "confirmed", "needs_diet": "Halal"},
                            headers={"If-Match": etag})
    assert response.status_code == 200, response.json
    invitation = _invitation(world)
    assert invitation.status == InvitationStatus.CONFIRMED and invitation.needs_diet == "Halal"
    assert invitation.role == InvitationRole.INFORMATION_GIVER  # not sent, so kept
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "status", AuditEvent.object_type == "invitation"))


def test_a_stale_if_match_on_an_invitation_gets_412(api_as, world):
    client = api_as("coordinator")
    etag = client.get(_one(world)).headers["ETag"]
    client.patch(_one(world), json={"needs_diet": "Vegetarisch"}, headers={"If-Match": etag})
    response = client.patch(_one(world), json={"needs_diet": "Halal"},
                            headers={"If-Match": etag})
    assert response.status_code == 412
    assert _invitation(world).needs_diet == "Vegetarisch"


def test_a_change_of_an_invitation_without_if_match_gets_428(api_as, world):
    assert api_as("coordinator").patch(_one(world), json={"status": "invited"}
                                       ).status_code == 428


def test_an_oversized_change_leaves_the_invitation_as_it_was(api_as, world):
    client = api_as("coordinator")
    etag = client.get(_one(world)).headers["ETag"]
    response = client.patch(_one(world), json={"status": "declined", "needs_access": "x" * 301},
                            headers={"If-Match": etag})
    assert response.status_code == 422
    assert "needs_access" in response.json["errors"]
    assert _invitation(world).status == InvitationStatus.TO_INVITE


def test_an_invitation_is_taken_back_before_the_conference(api_as, world):
    response = api_as("coordinator").delete(_one(world))
    assert response.status_code == 204
    assert _invitation(world) is None
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "delete", AuditEvent.object_type == "invitation"))


def test_once_the_conference_started_an_invitation_stays_on_record(api_as, world):
    conference = ConferenceFactory(case=world.case, phase=Phase.INFORMATION)
    invitation = InvitationFactory(conference=conference)
    response = api_as("coordinator").delete(
        f"/api/v1/cases/{world.case.reference}/conferences/{conference.id}"
        f"/invitations/{invitation.id}")
    assert response.status_code == 409
    assert "Mark them absent instead" in response.json["detail"]


def test_nobody_is_invited_to_a_cancelled_conference(api_as, world):
    conference = ConferenceFactory(case=world.case, phase=Phase.CANCELLED)
    response = api_as("coordinator").post(
        f"/api/v1/cases/{world.case.reference}/conferences/{conference.id}/invitations",
        json={"person_id": world.extra_ids["person"]})
    assert response.status_code == 409


def test_a_read_only_token_cannot_invite_change_or_take_back(api_as, world):
    client = api_as("coordinator", read_only=True)
    etag = {"If-Match": f'"{_invitation(world).row_version}"'}
    assert client.post(_path(world), json={"person_id": world.extra_ids["person"]}
                       ).status_code == 403
    assert client.patch(_one(world), json={"status": "invited"}, headers=etag
                        ).status_code == 403
    assert client.delete(_one(world)).status_code == 403
    assert _invitation(world) is not None


def test_a_referrer_cannot_take_an_invitation_back(api_as, world):
    assert api_as("referrer").delete(_one(world)).status_code == 403


def test_another_organisation_sees_no_invitations(api_as, world):
    client = api_as("other_coordinator")
    assert client.get(_path(world)).status_code == 404
    assert client.get(_one(world)).status_code == 404
    assert client.delete(_one(world)).status_code == 404


def test_an_invitation_is_found_only_within_its_conference(api_as, world):
    other = ConferenceFactory(case=world.case)
    response = api_as("coordinator").get(
        f"/api/v1/cases/{world.case.reference}/conferences/{other.id}"
        f"/invitations/{world.extra_ids['invitation']}")
    assert response.status_code == 404


# --- e-mailing an invitation -----------------------------------------------------------------

smtp_server, mail_server_down = smtp.smtp_server, smtp.mail_server_down
point_mail_at = smtp.point_mail_at


def _with_address(world, address: str = "fatma@example.org") -> Invitation:
    invitation = _invitation(world)
    invitation.person.email = address
    db.session.flush()
    return invitation


def test_sending_e_mails_the_invitation_with_a_new_answer_link(api_as, world, smtp_server):
    _with_address(world)
    response = api_as("coordinator").post(_one(world) + "/send")
    assert response.status_code == 200, response.json
    assert response.json["send_status"] == "sent" and response.json["send_error"] == ""
    assert response.json["status"] == "invited" and response.json["sent_at"]
    assert response.headers["ETag"] == f'"{_invitation(world).row_version}"'
    [message] = smtp_server.messages
    assert message["To"] == "fatma@example.org"
    token = answer_path(link_in(message)).rsplit("/", 1)[-1]
    assert _invitation(world).token_hash == hash_token(token)  # the link in it works
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "invitation_sent",
        AuditEvent.object_id == str(_invitation(world).id)))


def test_a_mail_server_that_is_down_leaves_it_waiting_with_the_reason(api_as, world,
                                                                      mail_server_down):
    _with_address(world)
    client = api_as("coordinator")
    response = client.post(_one(world) + "/send")
    assert response.status_code == 200
    # Not sent, to be retried (1 min, 5 min, 30 min, 2 h): the reason says why.
    assert response.json["send_status"] == "not_sent" and response.json["send_error"]
    mail_server_down.start()
    again = client.post(_one(world) + "/send")
    assert again.json["send_status"] == "sent" and again.json["send_error"] == ""
    assert len(mail_server_down.messages) == 1


def test_someone_without_an_e_mail_address_gets_a_letter_instead(api_as, world):
    _with_address(world, "")
    world.coordinator.locale = "nl"  # the message comes in the token user's language
    before = db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage))
    response = api_as("coordinator").post(_one(world) + "/send")
    assert response.status_code == 409
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert "Buurvrouw Fatma heeft geen e-mailadres" in response.json["detail"]
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == before


def test_nothing_is_sent_for_a_cancelled_conference(api_as, world, smtp_server):
    invitation = _with_address(world)
    invitation.conference.phase = Phase.CANCELLED
    db.session.flush()
    response = api_as("coordinator").post(_one(world) + "/send")
    assert response.status_code == 409 and "cancelled" in response.json["detail"]
    assert smtp_server.messages == []


def test_only_those_who_may_change_the_case_send_and_only_their_own(api_as, world,
                                                                     smtp_server):
    _with_address(world)
    assert api_as("coordinator", read_only=True).post(_one(world) + "/send").status_code == 403
    assert api_as("referrer").post(_one(world) + "/send").status_code == 403
    assert api_as("other_coordinator").post(_one(world) + "/send").status_code == 404
    assert api_as("coordinator").post(_path(world, "/999999/send")).status_code == 404
    assert smtp_server.messages == []
    assert _invitation(world).send_status.value == "not_sent"
