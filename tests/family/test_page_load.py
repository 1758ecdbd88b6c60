"""The family page under load: no query per action, no write per view of a busy link."""

from __future__ import annotations

from datetime import timedelta

from eigenkracht.core.db import utcnow
from tests.factories import ActionFactory, PersonFactory


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
