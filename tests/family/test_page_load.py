"""The family page under load: no query per action, bottom line or update, no write per
view of a busy link, and no cookie signed anew on every visit."""

from __future__ import annotations

from datetime import timedelta

from eigenkracht.core.db import utcnow
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    PersonFactory,
    PlanBottomLineFactory,
)

# The link with its person, case and organisation; the plan with its monitor; its actions
# with their people; its bottom lines; the coordinator to contact; the updates (the
# monitor's page); the signatures of the version with their people (issue 20); the
# questionnaire open for the person (the latest closed meeting they were invited to) and
# their own earlier notes (issue 20); the audit row; and at the commit the three that seal
# it into the organisation's hash chain (audit/chain.py).
FAMILY_PAGE_STATEMENTS = 13


def _statements(statements: list[str]) -> list[str]:
    return [s for s in statements if not s.lstrip().upper().startswith(("BEGIN", "COMMIT"))]


def test_the_page_asks_the_database_as_often_for_ten_actions_as_for_two(client, family,
                                                                          count_queries):
    client.get(f"/p/{family.token}")
    with count_queries() as with_two:
        client.get(f"/p/{family.token}")
    for position in range(2, 10):
        helper = PersonFactory(case=family.plan.case, name=f"Helper {position}")
        ActionFactory(plan=family.plan, people=[helper, family.oma], position=position,
                      what=f"Taak {position}")
    with count_queries() as with_ten:
        page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert "Taak 9" in page
    assert len(with_ten) == len(with_two)


def test_a_link_viewed_again_within_a_minute_keeps_its_last_use(client, family, db):
    earlier = utcnow() - timedelta(seconds=30)
    family.link.last_used_at = earlier
    db.session.commit()
    client.get(f"/p/{family.token}")
    db.session.refresh(family.link)
    assert family.link.last_used_at == earlier


def test_a_link_viewed_after_a_minute_records_the_new_use(client, family, db):
    earlier = utcnow() - timedelta(minutes=2)
    family.link.last_used_at = earlier
    db.session.commit()
    client.get(f"/p/{family.token}")
    db.session.refresh(family.link)
    assert family.link.last_used_at > earlier


def test_the_page_reads_the_same_few_statements_for_many_actions_and_bottom_lines(
        client, family, count_queries):
    client.get(f"/p/{family.token}")
    with count_queries() as small:
        client.get(f"/p/{family.token}")
    for position in range(2, 12):
        helper = PersonFactory(case=family.plan.case, name=f"Helper {position}")
        action = ActionFactory(plan=family.plan, people=[helper, family.oma],
                               position=position, what=f"Taak {position}")
        PlanBottomLineFactory(plan=family.plan, text=f"Voorwaarde {position}")
        neighbour = PersonFactory(case=family.plan.case, name=f"Buur {position}")
        ActionUpdateFactory(action=action, author_label="", author_person=neighbour,
                            note=f"Gedaan door buur {position}")
    with count_queries() as large:
        page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert "Taak 11" in page and "Voorwaarde 11" in page and "Gedaan door buur 11" in page
    assert len(_statements(small)) == len(_statements(large)) == FAMILY_PAGE_STATEMENTS, \
        _statements(large)


def test_a_revisit_sets_no_cookie(client, family):
    """The family has no login: the page neither trips Flask-Login's session protection
    (which re-signed the cookie and cleared a remember cookie on every visit) nor rewrites
    the session when nothing in it changed."""
    first = client.get(f"/p/{family.token}")
    assert "session=" in first.headers.get("Set-Cookie", "")  # the CSRF token of its forms
    again = client.get(f"/p/{family.token}")
    assert again.status_code == 200
    assert "Set-Cookie" not in again.headers


def test_with_csrf_on_the_page_s_own_token_still_sends_an_update(client, family, csrf_enabled):
    """Not loading a staff login on these pages leaves the CSRF protection as it was."""
    import re

    page = client.get(f"/p/{family.token}").get_data(as_text=True)
    again = client.get(f"/p/{family.token}")  # the same session, no new cookie
    assert "Set-Cookie" not in again.headers
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    key = re.search(r'name="submission"[^>]*value="([^"]+)"', page).group(1)
    sent = client.post(f"/p/{family.token}/actions/{family.oma_action.id}",
                       data={"status": "done", "csrf_token": token, "submission": key})
    assert sent.status_code == 302
    forged = client.post(f"/p/{family.token}/actions/{family.oma_action.id}",
                         data={"status": "done", "csrf_token": "forged", "submission": "x" * 20})
    # Refused, nothing saved: the family's page comes back to send it again (issue 26, 2.2.1).
    assert forged.status_code == 422
    assert "stond lang open" in forged.get_data(as_text=True)


def test_a_language_in_the_address_sets_no_cookie_once_it_is_remembered(client, family):
    client.get(f"/p/{family.token}?lang=en")
    again = client.get(f"/p/{family.token}?lang=en")
    assert again.status_code == 200
    assert "Set-Cookie" not in again.headers
