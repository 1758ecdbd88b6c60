"""Erasure and purge reach the outbox and the audit log (issue 16, finding 3).

Before: after a purge the outbox still held the personal-link e-mail (name, client's name,
link, address) and the invitation e-mail with its ``.ics`` (deleting the invitation had set
its ``invitation_id`` to NULL); purged audit events kept ``actor_label = "personal link:
Chloë"`` and the family members' addresses.
"""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import Conference, Invitation, InvitationRole
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.network.models import Person
from tests.conference.sending_helpers import send_button
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    InvitationFactory,
    OutboxMessageFactory,
    PersonFactory,
)
from tests.fixtures.roles import MATRIX_FAMILY_TOKEN
from tests.privacy.search import readable

ADDRESS = "chloe@example.org"


@pytest.fixture
def chloe(world) -> Person:
    person = PersonFactory(case=world.case, name="Chloë Vandersteeg", email=ADDRESS,
                           relation="buurvrouw", language="nl")
    db.session.commit()
    return person


@pytest.fixture
def conference(world) -> Conference:
    return db.session.get(Conference, world.extra_ids["conference"])


def _messages(address: str = ADDRESS) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == address)))


def _purge(app, world) -> str:
    world.case.retention_until = date.today() - timedelta(days=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def _email_her_link(login_as, world, person) -> str:
    page = login_as("coordinator").post(f"/cases/{world.case.reference}/links",
                                        data={"person_id": str(person.id), "send_email": "y"})
    assert page.status_code == 200
    return re.search(r"/p/([A-Za-z0-9_-]{20,})", page.get_data(as_text=True)).group(1)


def _send_invitation(login_as, conference, person) -> Invitation:
    invitation = InvitationFactory(conference=conference, person=person,
                                   role=InvitationRole.FAMILY)
    db.session.commit()
    assert login_as("coordinator").post(send_button(conference, invitation)).status_code == 302
    return invitation


# --- purge -----------------------------------------------------------------------------------

def test_purge_deletes_the_personal_link_email(app, login_as, world, chloe):
    _email_her_link(login_as, world, chloe)
    assert len(_messages()) == 1
    output = _purge(app, world)
    assert _messages() == []
    assert "deleted 2 e-mail(s)" in output  # hers, and the world's to the neighbour


def test_purge_deletes_the_invitation_email_and_its_ics_after_the_invitation_went(
        app, login_as, world, chloe, conference):
    invitation = _send_invitation(login_as, conference, chloe)
    [message] = _messages()
    assert message.attachments[0]["filename"].endswith(".ics")
    removed = login_as("coordinator").post(
        f"/cases/{world.case.reference}/conferences/{conference.id}/invitations/"
        f"{invitation.id}/delete")
    assert removed.status_code == 302
    assert _messages()[0].invitation_id is None  # what the purge used to look for

    _purge(app, world)
    assert _messages() == []


def test_purge_finds_a_message_that_never_left_by_its_address(app, world, chloe, conference):
    """Queued, never delivered (no audit event names it), its invitation deleted: the
    recipient is someone of the case, so it goes with the case."""
    from eigenkracht.conference import sending

    invitation = InvitationFactory(conference=conference, person=chloe)
    sending.prepare(invitation)
    db.session.delete(invitation)
    db.session.commit()
    assert _messages()[0].invitation_id is None
    _purge(app, world)
    assert _messages() == []


def test_purge_leaves_the_messages_of_another_case_to_the_same_address(
        app, login_as, world, chloe):
    other = PersonFactory(case=world.other_case, name="Chloë elders", email=ADDRESS)
    theirs = OutboxMessageFactory(organisation=world.other_org, to=ADDRESS, subject="Elders")
    mine_elsewhere = OutboxMessageFactory(organisation=world.org, to=ADDRESS,
                                          invitation_id=InvitationFactory(person=other).id)
    db.session.commit()
    _email_her_link(login_as, world, chloe)
    _purge(app, world)
    assert {m.id for m in _messages()} == {theirs.id, mine_elsewhere.id}


def test_purge_keeps_staff_events_whole_and_takes_family_labels_and_addresses(
        app, login_as, world, chloe):
    token = _email_her_link(login_as, world, chloe)
    assert login_as("anonymous").get(f"/p/{token}").status_code == 200
    before = db.session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == world.case.id)).all()
    family = [e.id for e in before if e.actor_label == "personal link: Chloë"]
    staff = {e.id: (e.actor_id, e.actor_label, e.ip_address, e.created_at)
             for e in before if e.actor_id is not None}
    assert family and staff and all(e.ip_address for e in before if e.id in family)

    _purge(app, world)
    after = {e.id: e for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == world.case.id))}
    for event_id in family:
        assert (after[event_id].actor_label, after[event_id].ip_address) == (
            "personal link", None)
    for event_id, kept in staff.items():
        event = after[event_id]
        assert (event.actor_id, event.actor_label, event.ip_address, event.created_at) == kept


def test_purge_works_when_a_family_member_wrote_an_update_and_versions_follow_each_other(
        app, world, chloe):
    """On PostgreSQL the database's own cascades reached the update twice (its author set to
    NULL, its action deleted) and the purge failed; versions and actions that point at
    earlier ones are deleted in the same statements."""
    from tests.factories import PlanFactory
    from tests.pdf.conftest import accepted_plan

    plan = accepted_plan(world)
    action = ActionFactory(plan=plan, people=[chloe], position=9)
    ActionUpdateFactory(action=action, author_person=chloe, author_label="Chloë",
                        note="Gedaan")
    later = PlanFactory(case=world.case, version=2, previous_id=plan.id)
    ActionFactory(plan=later, people=[chloe], position=0, origin_id=action.id)
    db.session.commit()
    assert "erased 1 case(s)" in _purge(app, world)


# --- erasure ---------------------------------------------------------------------------------

def _erase(login_as, world, person) -> None:
    response = login_as("admin").post(
        f"/cases/{world.case.reference}/people/{person.id}/erase", data={"confirm": "yes"})
    assert response.status_code == 302
    db.session.expire_all()


def test_erasure_deletes_her_emails_and_scrubs_the_others_of_the_case(
        login_as, world, chloe, conference):
    _email_her_link(login_as, world, chloe)
    _send_invitation(login_as, conference, chloe)
    oma = db.session.get(Person, world.extra_ids["person"])
    ics = ("BEGIN:VCALENDAR\r\nDESCRIPTION:Met Chloë en buurvrouw chloe\r\n"
           "COMMENT:een lange regel die het agendaprogramma vouwt, midden in Vanders\r\n"
           " teeg\r\nEND:VCALENDAR\r\n")
    to_oma = OutboxMessageFactory(
        organisation=world.org, to="oma@example.org", subject="Uitnodiging (Chloë komt ook)",
        text_body="Chloë Vandersteeg komt ook.",
        invitation_id=InvitationFactory(conference=conference, person=oma).id,
        attachments=[{"filename": "conferentie.ics", "content_type": "text/calendar",
                      "data": base64.b64encode(ics.encode()).decode()}])
    db.session.commit()
    assert len(_messages()) == 2

    _erase(login_as, world, chloe)
    assert _messages() == []
    kept = db.session.get(OutboxMessage, to_oma.id)
    texts = [t for value in (kept.subject, kept.text_body, kept.attachments)
             for t in readable(value)]
    assert not any("chlo" in t.casefold() for t in texts), texts
    assert kept.text_body == "[erased] komt ook."
    calendar = base64.b64decode(kept.attachments[0]["data"]).decode()
    assert "DESCRIPTION:Met [erased] en buurvrouw [erased]" in calendar
    assert "midden in [erased]" in calendar and "teeg" not in calendar


def test_erasure_takes_her_name_and_address_out_of_her_links_events_only(
        login_as, world, chloe):
    token = _email_her_link(login_as, world, chloe)
    assert login_as("anonymous").get(f"/p/{token}").status_code == 200
    assert login_as("anonymous").get(f"/p/{MATRIX_FAMILY_TOKEN}").status_code == 200  # Oom

    _erase(login_as, world, chloe)
    labels = {(e.actor_label, e.ip_address) for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.case_id == world.case.id,
                                 AuditEvent.actor_id.is_(None)))}
    assert ("personal link", None) in labels
    assert ("personal link: Oom", "127.0.0.1") in labels  # another family member: theirs


def test_only_family_actors_lose_their_label_and_address(world):
    """``anonymise`` is the one way to change the log; staff events keep who acted."""
    from eigenkracht.audit.services import Actor, Anonymisation, anonymise, record

    staff = record("view", world.case, case=world.case,
                   actor=Actor(user=world.coordinator, ip_address="10.0.0.1"))
    family = record("view", world.case, case=world.case, actor=Actor(
        label="personal link: Chloë", ip_address="10.0.0.2"))
    system = record("view", world.case, case=world.case, actor=Actor(label="cron: job"))
    db.session.flush()
    changed = anonymise(AuditEvent.case_id == world.case.id, Anonymisation(forget_family=True))
    db.session.expire_all()
    assert changed == 1
    assert (staff.actor_label, staff.ip_address) == (world.coordinator.email, "10.0.0.1")
    assert (family.actor_label, family.ip_address) == ("personal link", None)
    assert system.actor_label == "cron: job"
