"""Saving as people notice it: an edit over someone else's save shows both versions and
saves nothing, and a create form sent twice (a double click, a resent page) makes one
record and lands on it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from eigenkracht.conference import todo
from eigenkracht.conference.models import (
    Conference,
    ConferenceKind,
    InformationNote,
    Invitation,
    Phase,
)
from eigenkracht.network.models import Person
from tests.conference.conftest import in_phase

KEY = "a-double-click-key-0123456789"


def _meeting(**overrides) -> dict:
    data = {"kind": "first", "day": "2027-03-11", "time": "14:30", "duration_minutes": "180",
            "venue_kind": "address", "venue_address": "Buurthuis De Schakel",
            "meeting_link": "", "languages": ["nl"], "interpreter_languages": [],
            "childs_advocate": "", "practical_notes": "", "coordinator_id": ""}
    data.update(overrides)
    return data


def _count(db, column) -> int:
    return db.session.scalar(select(func.count(column)))


def _twice(client, url: str, data: dict):
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    return first, second


class TestAStaleEdit:
    def test_of_a_meeting_shows_the_saved_copy_beside_my_own_text(self, coordinator, base,
                                                                  conference, db):
        mine = _meeting(row_version=str(conference.row_version),
                        childs_advocate="Mijn versie van de advocaat")
        coordinator.post(f"{base}/edit", data=_meeting(
            row_version=str(conference.row_version), childs_advocate="Eerst opgeslagen"))
        response = coordinator.post(f"{base}/edit", data=mine)
        assert response.status_code == 409
        assert "Mijn versie van de advocaat" in response.text
        assert "The version saved by someone else" in response.text
        assert "Eerst opgeslagen" in response.text
        assert db.session.get(Conference, conference.id).childs_advocate == "Eerst opgeslagen"

    def test_of_an_invitation_shows_the_saved_copy_beside_my_own_text(self, coordinator,
                                                                      base, conference, db):
        invitation = conference.invitations[0]
        url = f"{base}/invitations/{invitation.id}"

        def form(diet: str) -> dict:
            return {"role": invitation.role.value, "status": invitation.status.value,
                    "participation": invitation.participation.value, "needs_diet": diet,
                    "needs_access": "", "suggestions": "",
                    "row_version": str(invitation.row_version)}

        mine = form("vegetarisch volgens mij")
        coordinator.post(url, data=form("halal, zei ze zelf"))
        response = coordinator.post(url, data=mine)
        assert response.status_code == 409
        assert "vegetarisch volgens mij" in response.text
        assert "The version saved by someone else" in response.text
        assert "halal, zei ze zelf" in response.text
        assert db.session.get(Invitation, invitation.id).needs_diet == "halal, zei ze zelf"


class TestACreateFormSentTwice:
    def test_the_meeting_form_carries_a_one_time_key(self, coordinator, world):
        page = coordinator.get(f"/cases/{world.case.reference}/conferences/new").text
        assert re.search(r'name="submission"[^>]*value="[A-Za-z0-9_-]{16,}"', page)

    def test_plans_one_meeting_and_the_second_lands_on_it(self, coordinator, world, db):
        before = _count(db, Conference.id)
        first, second = _twice(coordinator, f"/cases/{world.case.reference}/conferences/new",
                               _meeting(submission=KEY))
        assert _count(db, Conference.id) == before + 1
        assert first.status_code == 302
        assert second.status_code == 303
        assert second.headers["Location"] == first.headers["Location"]

    def test_invites_once_and_the_second_lands_on_the_invitations(self, coordinator, base,
                                                                  world, conference, db):
        first, second = _twice(coordinator, f"{base}/invitations/new", {
            "person_ids": [str(world.extra_ids["person"])], "submission": KEY})
        assert len(db.session.get(Conference, conference.id).invitations) == 2
        assert second.status_code == 303
        assert second.headers["Location"] == first.headers["Location"]

    def test_saves_an_information_note_once(self, coordinator, base, conference, db):
        in_phase(conference, Phase.INFORMATION)
        giver = conference.invitations[0]
        before = _count(db, InformationNote.id)
        first, second = _twice(coordinator, f"{base}/notes", {
            "invitation_id": str(giver.id), "text": "Noëlle slaapt slecht.", "submission": KEY})
        assert _count(db, InformationNote.id) == before + 1
        assert second.status_code == 303
        assert second.headers["Location"] == first.headers["Location"]

    def test_plans_one_review_meeting(self, coordinator, world, db):
        url = f"/cases/{world.case.reference}/conferences/review"
        first, second = _twice(coordinator, url, {"day": "2027-06-01", "time": "14:00",
                                                  "submission": KEY})
        reviews = db.session.scalars(select(Conference).where(
            Conference.case_id == world.case.id, Conference.kind == ConferenceKind.REVIEW))
        assert len(list(reviews)) == 1
        assert second.status_code == 303
        assert second.headers["Location"] == first.headers["Location"]

    def test_puts_a_suggested_person_on_the_map_once(self, coordinator, base, conference, db):
        invitation = conference.invitations[0]
        _twice(coordinator, f"{base}/invitations/{invitation.id}/suggestions", {
            "name": "Neef Joram", "sector": "family", "invite": "y", "submission": KEY})
        people = db.session.scalars(select(Person).where(Person.name == "Neef Joram"))
        assert len(list(people)) == 1


@pytest.fixture
def two_reviews_due(app, world, monkeypatch):
    def due(case):
        if case.id != world.case.id:
            return []
        return [todo.ReviewDue(case=case, due_on=date(2027, 6, 1), source="plan version 1"),
                todo.ReviewDue(case=case, due_on=date(2027, 12, 1), source="plan version 2")]

    monkeypatch.setitem(app.extensions, todo.REVIEW_CHECKS,
                        (*app.extensions[todo.REVIEW_CHECKS], due))
    return due


def test_each_review_form_on_the_to_do_list_has_a_key_of_its_own(coordinator, two_reviews_due):
    page = coordinator.get("/todo").text
    keys = re.findall(r'name="submission" value="([A-Za-z0-9_-]+)"', page)
    assert len(keys) == 2 and keys[0] != keys[1]


class TestARefusal:
    def test_leaves_the_form_usable_for_the_corrected_meeting(self, coordinator, world, db):
        url = f"/cases/{world.case.reference}/conferences/new"
        before = _count(db, Conference.id)
        refused = coordinator.post(url, data=_meeting(meeting_link="ftp://x", submission=KEY))
        assert refused.status_code == 422
        assert _count(db, Conference.id) == before
        corrected = coordinator.post(url, data=_meeting(submission=KEY))
        assert corrected.status_code == 302
        assert _count(db, Conference.id) == before + 1
