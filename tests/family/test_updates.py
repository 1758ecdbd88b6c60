"""A person says how their own action goes: in progress or done, with a short note."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from eigenkracht.plans.models import ActionStatus, ActionUpdate


def updates(action) -> list[ActionUpdate]:
    return list(db.session.scalars(select(ActionUpdate).where(
        ActionUpdate.action_id == action.id)))


def test_a_person_marks_their_own_action_done_with_a_note(client, family):
    response = client.post(f"/p/{family.token}/actions/{family.oma_action.id}",
                           data={"status": "done", "note": "Noëlle opgehaald, ging goed"})
    assert response.status_code == 302
    assert family.oma_action.status == ActionStatus.DONE
    [update] = updates(family.oma_action)
    assert update.author_person_id == family.oma.id
    assert update.note == "Noëlle opgehaald, ging goed"
    page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert "Noëlle opgehaald, ging goed" in page  # Oma is the monitor: she sees all updates


def test_the_update_is_audited_as_the_personal_link(client, family):
    client.post(f"/p/{family.token}/actions/{family.oma_action.id}", data={"status": "done"})
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "update")
                              .order_by(AuditEvent.id.desc()))
    assert event.actor_label == "personal link: Oma"


def test_posting_another_persons_action_gives_404_and_saves_nothing(client, family):
    response = client.post(f"/p/{family.token}/actions/{family.vader_action.id}",
                           data={"status": "done", "note": "niet van mij"})
    assert response.status_code == 404
    assert family.vader_action.status == ActionStatus.OPEN
    assert updates(family.vader_action) == []


def test_an_action_of_another_plan_gives_404(client, family):
    from tests.factories import ActionFactory

    stranger = ActionFactory(people=[])
    db.session.flush()
    response = client.post(f"/p/{family.token}/actions/{stranger.id}", data={"status": "done"})
    assert response.status_code == 404


def test_an_oversized_note_is_refused_and_nothing_is_saved(client, family):
    response = client.post(f"/p/{family.token}/actions/{family.oma_action.id}?lang=en",
                           data={"status": "done", "note": "x" * 1001})
    assert response.status_code == 422
    assert "at most 1000 characters" in response.get_data(as_text=True)
    assert family.oma_action.status == ActionStatus.OPEN
    assert updates(family.oma_action) == []


def test_a_note_of_exactly_1000_characters_is_saved(client, family):
    client.post(f"/p/{family.token}/actions/{family.oma_action.id}",
                data={"status": "in_progress", "note": "y" * 1000})
    assert family.oma_action.status == ActionStatus.IN_PROGRESS


def test_a_hostile_note_is_shown_as_plain_text(client, family):
    client.post(f"/p/{family.token}/actions/{family.oma_action.id}",
                data={"note": "<script>alert(1)</script>"})
    page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_note_with_control_characters_is_refused(client, family):
    response = client.post(f"/p/{family.token}/actions/{family.oma_action.id}",
                           data={"note": "bel\x00me"})
    assert response.status_code == 422
    assert updates(family.oma_action) == []


def test_an_empty_update_asks_for_a_status_or_a_note(client, family):
    response = client.post(f"/p/{family.token}/actions/{family.oma_action.id}?lang=en",
                           data={})
    assert response.status_code == 422
    assert "Choose a status or write a note." in response.get_data(as_text=True)


def test_a_status_the_family_may_not_set_is_refused(client, family):
    response = client.post(f"/p/{family.token}/actions/{family.oma_action.id}",
                           data={"status": "not_done"})
    assert response.status_code == 422
    assert family.oma_action.status == ActionStatus.OPEN


def test_updates_are_rate_limited_per_link(client, family):
    statuses = [client.post(f"/p/{family.token}/actions/{family.oma_action.id}",
                            data={"note": f"stap {n}"}).status_code for n in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_a_revoked_link_cannot_update(client, family):
    from eigenkracht.core.db import utcnow

    family.link.revoked_at = utcnow()
    db.session.flush()
    response = client.post(f"/p/{family.token}/actions/{family.oma_action.id}",
                           data={"status": "done"})
    assert response.status_code == 410
    assert updates(family.oma_action) == []


def test_the_update_needs_a_csrf_token(client, family, csrf_enabled):
    """Without a valid token nothing is saved; the page comes back in the family's layout
    with what they chose and wrote (an expired page is the usual cause: WCAG 2.2.1)."""
    for token in (None, "", "forged", "x" * 5000):
        data = {"status": "done", "note": "Gedaan, oma"}
        if token is not None:
            data["csrf_token"] = token
        response = client.post(f"/p/{family.token}/actions/{family.oma_action.id}", data=data)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "stond lang open" in page and "Gedaan, oma" in page
        assert 'class="public-page"' in page
    assert family.oma_action.status == ActionStatus.OPEN
    assert updates(family.oma_action) == []


def test_the_access_code_form_needs_a_csrf_token_but_no_wrong_code_is_counted(
        client, family, csrf_enabled):
    import re

    from eigenkracht.family.services import hash_password

    family.link.code_hash = hash_password("1234-abcd")
    db.session.flush()
    for _ in range(7):  # more than the five wrong codes a link allows
        refused = client.post(f"/p/{family.token}",
                              data={"code": "1234-abcd", "csrf_token": "forged"})
        assert refused.status_code == 400
        assert "stond lang open" in refused.get_data(as_text=True)
    page = client.get(f"/p/{family.token}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    opened = client.post(f"/p/{family.token}", data={"code": "1234-abcd", "csrf_token": token})
    assert opened.status_code == 302
