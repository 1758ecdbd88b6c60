"""The one-time code: e-mailed, kept as a hash, valid 15 minutes and five tries, once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.referrers.models import ReferrerLink
from tests.referrers.conftest import TOKEN, code_from_outbox


def _link(world) -> ReferrerLink:
    return db.session.get(ReferrerLink, world.extra_ids["referrer_link"])


def test_the_code_is_kept_only_as_a_hash(app, world):
    app.test_client().post(f"/r/{TOKEN}/code")
    code = code_from_outbox(world.case.referrer.email)
    link = _link(world)
    assert link.code_hash and code not in link.code_hash
    assert link.code_hash.startswith("scrypt:")


def test_the_right_code_opens_the_page_once(app, world):
    client = app.test_client()
    client.post(f"/r/{TOKEN}/code")
    code = code_from_outbox(world.case.referrer.email)
    assert client.post(f"/r/{TOKEN}/unlock", data={"code": f" {code[:3]} {code[3:]} "}) \
        .status_code == 302
    home = client.get(f"/r/{TOKEN}")
    assert world.case.bottom_lines[0].text in home.text
    # the same code in another browser does not work again
    other = app.test_client()
    assert other.post(f"/r/{TOKEN}/unlock", data={"code": code}).status_code == 422


def test_a_code_expires_after_fifteen_minutes(app, world):
    client = app.test_client()
    client.post(f"/r/{TOKEN}/code")
    code = code_from_outbox(world.case.referrer.email)
    with clock.frozen(clock.now() + timedelta(minutes=15, seconds=1)):
        response = client.post(f"/r/{TOKEN}/unlock", data={"code": code})
    assert response.status_code == 422
    assert "This code has expired" in response.text


def test_five_wrong_tries_use_the_code_up_even_though_each_is_refused(app, world):
    client = app.test_client()
    client.post(f"/r/{TOKEN}/code")
    code = code_from_outbox(world.case.referrer.email)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert client.post(f"/r/{TOKEN}/unlock", data={"code": wrong}).status_code == 422
    response = client.post(f"/r/{TOKEN}/unlock", data={"code": code})
    assert response.status_code == 422
    assert "tried too often" in response.text
    db.session.expire_all()
    assert _link(world).code_attempts == 5
    failed = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "unlock_failed", AuditEvent.case_id == world.case.id)).all()
    assert len(failed) == 5
    assert all(e.actor_label == "referrer: Sanne Bakker (Jeugdbescherming Regio)"
               for e in failed)


def test_a_new_code_replaces_the_old_one(app, world):
    client = app.test_client()
    client.post(f"/r/{TOKEN}/code")
    old = code_from_outbox(world.case.referrer.email)
    client.post(f"/r/{TOKEN}/code")
    new = code_from_outbox(world.case.referrer.email)
    if new != old:  # (one in a million they are the same)
        assert client.post(f"/r/{TOKEN}/unlock", data={"code": old}).status_code == 422
    assert client.post(f"/r/{TOKEN}/unlock", data={"code": new}).status_code == 302


def test_codes_are_sent_at_most_five_times_an_hour(app, world):
    client = app.test_client()
    answers = [client.post(f"/r/{TOKEN}/code").status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]


def test_an_unlocked_browser_stays_open_eight_hours(unlocked, world):
    assert unlocked.get(f"/r/{TOKEN}/plan").status_code == 302  # no plan yet: back home
    with clock.frozen(clock.now() + timedelta(hours=8, minutes=1)):
        page = unlocked.get(f"/r/{TOKEN}")
    assert "Send me a code" in page.text
