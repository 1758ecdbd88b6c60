"""The demo has a conference being prepared for Noëlle and one held for Emre."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from eigenkracht.cases.models import Case
from eigenkracht.conference import checklist
from eigenkracht.conference.models import Conference, Invitation, InvitationStatus, Phase
from eigenkracht.demo import load_demo


@pytest.fixture
def demo(app, db, monkeypatch):
    monkeypatch.setattr("eigenkracht.demo.hash_password",
                        lambda password: generate_password_hash(password, "scrypt:1024:8:1"))
    app.config["DEMO_PASSWORD"] = "een lang en veilig demowachtwoord 2026"
    try:
        load_demo()
        db.session.flush()
        yield {c.clients[0].first_name: c for c in db.session.scalars(select(Case))}
    finally:
        app.config["DEMO_PASSWORD"] = ""


def _conferences(db, case) -> list[Conference]:
    return list(db.session.scalars(select(Conference).where(Conference.case_id == case.id)
                                   .order_by(Conference.starts_at)))


def test_noelles_conferences_have_about_eight_guests_from_her_map(demo, db):
    for conference in _conferences(db, demo["Noëlle"]):
        names = {i.person.name for i in conference.invitations}
        assert 7 <= len(names) <= 10
        assert "Chloë Jansen" in names and "Ilse Mulder" in names


def test_noelles_coming_conference_is_partly_prepared(demo, db):
    planned = [c for c in _conferences(db, demo["Noëlle"]) if c.phase == Phase.PLANNED]
    assert planned
    progress = checklist.progress(planned[-1])
    assert 0 < progress.done < progress.total


def test_emre_had_a_conference_a_month_ago_with_a_follow_up_call(demo, db):
    [conference] = _conferences(db, demo["Emre"])
    assert conference.phase == Phase.CLOSED
    assert conference.follow_up_call_on is not None
    statuses = {i.status for i in conference.invitations}
    assert statuses == {InvitationStatus.ATTENDED, InvitationStatus.ABSENT}


def test_loading_the_demo_again_plans_nothing_twice(demo, db):
    conferences = db.session.scalar(select(func.count(Conference.id)))
    guests = db.session.scalar(select(func.count(Invitation.id)))
    load_demo()
    db.session.flush()
    assert db.session.scalar(select(func.count(Conference.id))) == conferences
    assert db.session.scalar(select(func.count(Invitation.id))) == guests
