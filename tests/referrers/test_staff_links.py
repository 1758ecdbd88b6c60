"""Staff send the referrer their personal link; it is kept only as a hash, works for a
while, and one link at a time."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.referrers.models import ReferrerLink
from eigenkracht.referrers.services import hash_token


def _send(client, world):
    page = client.get(f"/cases/{world.case.reference}")
    import re

    key = re.search(r'name="submission" type="hidden" value="([^"]+)"',
                    page.text.split('id="referrer-link"', 1)[1]).group(1)
    return client.post(f"/cases/{world.case.reference}/referrer-link",
                       data={"submission": key}), key


def test_the_coordinator_sends_the_link_and_it_is_shown_once(login_as, world):
    client = login_as("coordinator")
    response, _key = _send(client, world)
    assert response.status_code == 200
    url = response.text.split('readonly value="', 1)[1].split('"', 1)[0]
    token = url.rsplit("/r/", 1)[1]
    links = db.session.scalars(select(ReferrerLink).where(
        ReferrerLink.case_id == world.case.id).order_by(ReferrerLink.id)).all()
    assert links[-1].token_hash == hash_token(token)
    assert all(token not in (link.token_hash, link.code_hash) for link in links)
    message = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.to == "s.bakker@jb.example").order_by(OutboxMessage.id.desc()).limit(1))
    assert message is not None
    # delivered to the outbox: its copy keeps no working link
    assert token not in message.text_body and "/r/" in message.text_body
    assert world.case.reference in message.subject


def test_a_new_link_stops_the_old_one(login_as, world, app):
    from tests.fixtures.roles import MATRIX_REFERRER_TOKEN

    _send(login_as("coordinator"), world)
    assert app.test_client().get(f"/r/{MATRIX_REFERRER_TOKEN}").status_code == 410


def test_the_same_form_sent_twice_makes_one_link(login_as, world):
    client = login_as("coordinator")
    first, key = _send(client, world)
    again = client.post(f"/cases/{world.case.reference}/referrer-link", data={"submission": key})
    assert again.status_code == 303
    count = len(db.session.scalars(select(ReferrerLink).where(
        ReferrerLink.case_id == world.case.id)).all())
    assert count == 2  # the world's own link and this one


def test_a_referrer_with_an_account_gets_no_link(login_as, world):
    world.case.referrer.user_id = world.referrer.id
    db.session.flush()
    client = login_as("coordinator")
    response = client.post(f"/cases/{world.case.reference}/referrer-link",
                           data={"submission": "k" * 20}, follow_redirects=True)
    assert "has an account and uses it" in response.text


def test_a_referrer_without_an_address_gets_no_link(login_as, world):
    world.case.referrer.email = ""
    db.session.flush()
    response = login_as("coordinator").post(f"/cases/{world.case.reference}/referrer-link",
                                            data={"submission": "k" * 20},
                                            follow_redirects=True)
    assert "e-mail address first" in response.text


def test_stopping_the_link(login_as, world, app):
    from tests.fixtures.roles import MATRIX_REFERRER_TOKEN

    link_id = world.extra_ids["referrer_link"]
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/referrer-link/{link_id}/revoke")
    assert response.status_code == 302
    assert app.test_client().get(f"/r/{MATRIX_REFERRER_TOKEN}").status_code == 410


def test_another_cases_link_cannot_be_stopped_from_this_case(login_as, world):
    from tests.factories import ReferrerLinkFactory

    other = ReferrerLinkFactory()
    response = login_as("admin").post(
        f"/cases/{world.case.reference}/referrer-link/{other.id}/revoke")
    assert response.status_code == 404
    assert other.revoked_at is None
