"""The family's update form and the staff's make-a-link form sent twice save once; a refused
update keeps what the person chose and wrote; a wrong code is audited although refused; the
page tells the time on the organisation's clock (issue 15)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.auth.passwords import hash_password
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.family.models import AccessLink
from eigenkracht.plans.models import ActionStatus, ActionUpdate
from tests.factories import PersonFactory


def _key_of(page: str, action_id: int) -> str:
    tag = re.search(rf'<input[^>]*id="submission-{action_id}"[^>]*>', page).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


def _updates(action) -> list[ActionUpdate]:
    return list(db.session.scalars(select(ActionUpdate).where(
        ActionUpdate.action_id == action.id)))


def test_the_same_update_sent_twice_saves_one_update_and_lands_on_it(client, family):
    action = family.oma_action
    key = _key_of(client.get(f"/p/{family.token}").get_data(as_text=True), action.id)
    data = {"submission": key, "status": "done", "note": "Opgehaald, ging goed"}
    first = client.post(f"/p/{family.token}/actions/{action.id}", data=data)
    second = client.post(f"/p/{family.token}/actions/{action.id}", data=data)
    assert first.status_code == 302
    assert first.headers["Location"].endswith(f"#action-{action.id}")
    assert (second.status_code, second.headers["Location"]) == (303, first.headers["Location"])
    assert [u.note for u in _updates(action)] == ["Opgehaald, ging goed"]


def test_each_task_on_the_page_has_a_key_of_its_own(client, family):
    other = family.vader_action
    other.people.append(family.oma)
    db.session.flush()
    page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert _key_of(page, family.oma_action.id) != _key_of(page, other.id)


def test_a_refused_update_keeps_the_choice_and_the_note_and_can_be_sent_again(client,
                                                                             family):
    action = family.oma_action
    key = _key_of(client.get(f"/p/{family.token}").get_data(as_text=True), action.id)
    note = "Ze was er niet. " * 70  # more than 1000 characters
    refused = client.post(f"/p/{family.token}/actions/{action.id}?lang=en",
                          data={"submission": key, "status": "done", "note": note})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "at most 1000 characters" in page
    form = page.split(f'id="action-{action.id}"')[1].split("</form>")[0]
    assert note.strip() in form  # what they wrote is still there
    assert re.search(r'<input[^>]*value="done"[^>]*\bchecked\b', form)
    assert _key_of(page, action.id) == key
    assert _updates(action) == [] and action.status == ActionStatus.OPEN

    again = client.post(f"/p/{family.token}/actions/{action.id}",
                        data={"submission": key, "status": "done", "note": note[:900]})
    assert again.status_code == 302
    assert len(_updates(action)) == 1 and action.status == ActionStatus.DONE


def test_a_wrong_access_code_is_refused_and_still_audited(client, family):
    family.link.code_hash = hash_password("4711")
    db.session.flush()
    wrong = client.post(f"/p/{family.token}", data={"code": "1234"})
    assert wrong.status_code == 422
    events = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "access_link",
        AuditEvent.object_id == str(family.link.id))).all()
    assert events.count("unlock_failed") == 1


def test_the_page_tells_the_time_on_the_organisations_clock(client, family):
    # 23:30 in London is 00:30 the next day in Amsterdam (winter time).
    moment = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
    family.oma_action.updates.append(ActionUpdate(author_label="Oma Truus", note="Laat",
                                                  created_at=moment))
    db.session.flush()
    with clock.frozen(moment):
        page = client.get(f"/p/{family.token}?lang=en").get_data(as_text=True)
    assert 'data-fetched-at="2026-01-16T00:30:00+01:00"' in page
    assert "1/16/26, 12:30\u202fAM" in page or "1/16/26, 12:30 AM" in page


def test_the_make_a_link_form_sent_twice_makes_one_link(login_as, world):
    person = PersonFactory(case=world.case, name="Buurman Bert")
    db.session.flush()
    client = login_as("coordinator")
    page = client.get(f"/cases/{world.case.reference}/links").get_data(as_text=True)
    tag = re.search(r'<input[^>]*name="submission"[^>]*>', page).group(0)
    key = re.search(r'value="([^"]+)"', tag).group(1)
    data = {"submission": key, "person_id": str(person.id)}
    first = client.post(f"/cases/{world.case.reference}/links", data=data)
    second = client.post(f"/cases/{world.case.reference}/links", data=data)
    assert first.status_code == 200 and "/p/" in first.get_data(as_text=True)
    assert second.status_code == 303
    assert second.headers["Location"].endswith(f"/cases/{world.case.reference}/links")
    assert db.session.scalar(select(func.count()).select_from(AccessLink).where(
        AccessLink.person_id == person.id)) == 1
