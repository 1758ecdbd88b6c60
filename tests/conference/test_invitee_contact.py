"""Issue 19, item 5: the coordinator gives an invitee an e-mail address or phone number
where the invitation is shown, without going to the map."""

from __future__ import annotations

from eigenkracht.conference.models import Invitation, Phase
from eigenkracht.network.models import Person
from tests.conference.conftest import in_phase


def _invitation(db, world) -> Invitation:
    return db.session.get(Invitation, world.extra_ids["invitation"])


def _clear(db, person: Person) -> None:
    person.email, person.phone = "", ""
    db.session.flush()


def test_the_conference_page_offers_the_missing_contact_fields(coordinator, base, world, db):
    invitation = _invitation(db, world)
    _clear(db, invitation.person)
    page = coordinator.get(base).text
    assert f'id="contact-email-{invitation.id}"' in page
    assert f'id="contact-phone-{invitation.id}"' in page


def test_an_address_and_number_are_saved_and_the_page_stays(coordinator, base, world, db):
    invitation = _invitation(db, world)
    person = invitation.person
    _clear(db, person)
    response = coordinator.post(f"{base}/invitations/{invitation.id}/contact", data={
        "email": "Fatma@Example.nl", "phone": "06 1234 5678",
        "row_version": str(person.row_version), "next": base})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{base}#invitation-{invitation.id}")
    db.session.refresh(person)
    assert (person.email, person.phone) == ("fatma@example.nl", "06 1234 5678")
    page = coordinator.get(base).text
    assert "The contact details of" in page
    assert f'id="contact-email-{invitation.id}"' not in page  # nothing left to add


def test_a_bad_address_is_refused_with_the_maps_message(coordinator, base, world, db):
    invitation = _invitation(db, world)
    person = invitation.person
    _clear(db, person)
    response = coordinator.post(f"{base}/invitations/{invitation.id}/contact", data={
        "email": "<script>@", "phone": "", "row_version": str(person.row_version)},
        follow_redirects=True)
    assert "Enter an e-mail address like name@example.nl." in response.text
    db.session.refresh(person)
    assert person.email == ""


def test_nothing_typed_says_what_is_needed(coordinator, base, world, db):
    invitation = _invitation(db, world)
    response = coordinator.post(f"{base}/invitations/{invitation.id}/contact", data={
        "email": "  ", "phone": ""}, follow_redirects=True)
    assert "Enter an e-mail address or a phone number." in response.text


def test_a_change_made_meanwhile_is_not_overwritten(coordinator, base, world, db):
    invitation = _invitation(db, world)
    person = invitation.person
    _clear(db, person)
    old = person.row_version
    person.phone = "010 000 0000"
    db.session.flush()
    response = coordinator.post(f"{base}/invitations/{invitation.id}/contact", data={
        "email": "", "phone": "06 9999 9999", "row_version": str(old)}, follow_redirects=True)
    assert "changed the details of" in response.text
    db.session.refresh(person)
    assert person.phone == "010 000 0000"


def test_a_foreign_next_address_is_not_followed(coordinator, base, world, db):
    invitation = _invitation(db, world)
    response = coordinator.post(f"{base}/invitations/{invitation.id}/contact", data={
        "phone": "06 1234 5678", "next": "https://evil.example/"})
    assert "evil.example" not in response.headers["Location"]


def test_nothing_is_recorded_during_private_family_time(coordinator, base, world, db,
                                                        conference):
    invitation = _invitation(db, world)
    _clear(db, invitation.person)
    in_phase(conference, Phase.INFORMATION, Phase.PRIVATE_TIME)
    coordinator.post(f"{base}/invitations/{invitation.id}/contact", data={
        "phone": "06 1234 5678", "row_version": str(invitation.person.row_version)})
    db.session.refresh(invitation.person)
    assert invitation.person.phone == ""
