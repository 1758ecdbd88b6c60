"""Acceptance (issue 16): after erasing a person, or purging a whole case, their name — the
first name too —, address and phone number are found nowhere: in no text column of any
table of the database (reflected from the database itself, base64 and JSON decoded), in no
file under the instance folder (the kept PDFs read as text), in no page, PDF or export the
app serves. Staff keep who did what and when.

``tests/privacy/chloe.py`` puts Chloë everywhere first; the first test checks that the search
finds her in all those places, so that the others cannot pass by looking in the wrong place.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import Case
from eigenkracht.extensions import db
from tests.privacy.chloe import (
    CHLOE,
    EMAIL,
    FIRST,
    LAST,
    NAME,
    PHONE,
    ApiReader,
    Trail,
    erase,
    put_everywhere,
)
from tests.privacy.search import Wanted, database_mentions, file_mentions, page_mentions

# Everyone of the world's case: the client and every person on its map (their relation words
# — "Oma", "Tante" — are not names and stay out).
EVERYONE = Wanted(words=(NAME, FIRST, LAST, EMAIL, "Noëlle", "Jansen", "Truus", "Riëtte",
                         "Fatma", "Kees"), phones=(PHONE,))


@pytest.fixture
def trail(app, world, login_as, instance):
    return put_everywhere(app, world, login_as)


def _case_events(case_id: int) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id)
                                   .order_by(AuditEvent.id)))


def test_before_anything_is_erased_the_search_finds_her_in_every_place(trail, world,
                                                                       instance):
    found = database_mentions(CHLOE)
    tables = {hit.split(".")[0] for hit in found}
    assert {"people", "relationships", "cases", "bottom_lines", "plans", "actions",
            "action_updates", "conferences", "invitations", "information_notes",
            "contact_logs", "network_snapshots", "outbox_messages",
            "audit_events"} - tables <= {"relationships"}, found
    assert "outbox_messages.attachments: Chloë" in found  # the .ics, read from base64
    assert "audit_events.actor_label: Chloë" in found  # "personal link: Chloë"
    assert {hit.split(": ")[1] for hit in found} == {NAME, FIRST, LAST, EMAIL, PHONE}
    in_files = file_mentions(instance, CHLOE)
    assert len({hit.split(":")[0] for hit in in_files}) == 2, in_files  # plan and tasks PDF
    events = _case_events(world.case.id)
    assert any(e.actor_label == f"personal link: {FIRST}" and e.ip_address for e in events)


def test_before_erasure_the_pages_and_the_api_show_her(app, login_as, world, trail):
    shown = page_mentions(login_as("admin"), trail.pages(world.case.reference), CHLOE)
    assert {hit.split(":")[0] for hit in shown} >= {
        f"/cases/{world.case.reference}/network", "/admin/outbox/",
        f"/cases/{world.case.reference}/export"}
    assert page_mentions(ApiReader(app, world), Trail.api(world.case.reference), CHLOE)


def test_after_erasure_she_is_found_nowhere(app, login_as, world, trail, instance):
    erase(login_as, world, trail)
    assert database_mentions(CHLOE) == []
    assert file_mentions(instance, CHLOE) == []
    pages = page_mentions(login_as("admin"), trail.pages(world.case.reference), CHLOE)
    assert pages == []
    assert page_mentions(ApiReader(app, world), Trail.api(world.case.reference), CHLOE) == []
    assert file_mentions(instance, CHLOE) == []  # the plan PDF made again is clean too


def test_after_erasure_the_others_are_still_there(login_as, world, trail, instance):
    erase(login_as, world, trail)
    still = database_mentions(Wanted(words=("Noëlle", "Oma Truus", "Tante Riëtte")))
    assert {hit.split(".")[0] for hit in still} >= {"cases", "people", "plans", "actions"}
    plan = login_as("coordinator").get(f"/cases/{world.case.reference}/plan.pdf?lang=en")
    from tests.privacy.conftest import pdf_text

    assert "Oma Truus" in pdf_text(plan.data) and "[erased]" in pdf_text(plan.data)


def test_after_erasure_her_links_keep_no_name_or_address_and_staff_keep_theirs(
        login_as, world, trail, instance):
    before = {e.id: (e.actor_id, e.actor_label, e.ip_address) for e in
              _case_events(world.case.id)}
    erase(login_as, world, trail)
    after = {e.id: e for e in _case_events(world.case.id)}
    hers = [i for i, (_id, label, _ip) in before.items() if FIRST in label]
    invitee = [i for i, (_id, label, _ip) in before.items() if label == "invitee link"]
    assert hers and invitee
    for event_id in hers:
        assert after[event_id].actor_label == "personal link"
        assert after[event_id].ip_address is None
    for event_id in invitee:  # her answers through her invitation's link
        assert after[event_id].ip_address is None
    staff = [i for i, (actor, _label, _ip) in before.items() if actor is not None]
    assert staff and all((after[i].actor_id, after[i].actor_label, after[i].ip_address)
                         == before[i] for i in staff)


def test_after_purge_nobody_of_the_case_is_found_anywhere(app, world, trail, instance):
    case_id = world.case.id
    world.other_case.central_question = "Wat heeft Ander nodig?"  # the factory's speaks of
    assert database_mentions(EVERYONE)  # Noëlle; the search sees them all before
    world.case.retention_until = date.today() - timedelta(days=1)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Case, case_id) is None
    assert database_mentions(EVERYONE) == []
    assert file_mentions(instance, EVERYONE) == []


def test_after_purge_staff_keep_who_did_what_and_when_family_keep_nothing(
        app, world, trail, instance):
    before = {e.id: e for e in _case_events(world.case.id)}
    staff = {i: (e.actor_id, e.actor_label, e.ip_address, e.action, e.object_type,
                 e.object_id, e.created_at) for i, e in before.items() if e.actor_id}
    family = [i for i, e in before.items() if e.actor_id is None and "link" in e.actor_label]
    world.case.retention_until = date.today() - timedelta(days=1)
    db.session.commit()
    app.test_cli_runner().invoke(args=["purge"])
    db.session.expire_all()
    after = {e.id: e for e in _case_events(world.case.id)}
    assert set(after) == set(before)  # no event is deleted
    assert all((after[i].actor_id, after[i].actor_label, after[i].ip_address,
                after[i].action, after[i].object_type, after[i].object_id,
                after[i].created_at) == kept for i, kept in staff.items())
    assert family and all(after[i].actor_label in ("personal link", "invitee link")
                          and after[i].ip_address is None for i in family)
    assert all(e.summary == "" and e.details == {} for e in after.values())
