"""Saving a case as people do: forms sent twice, colleagues working on the same case."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from eigenkracht.cases.models import BottomLine, Case, CaseStatus
from eigenkracht.network.models import Person
from tests.cases.case_form import edit_data as _edit_data
from tests.cases.case_form import one_client


def _hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


def _cases(db, organisation_id: int) -> int:
    return db.session.scalar(select(func.count(Case.id)).where(
        Case.organisation_id == organisation_id))


def _new_case(**overrides):
    data = {"kind": "youth", "client_first_name": "Daan", "client_last_name": "de Vries",
            "client_birth_date": "2015-05-01", "central_question": "Wat is er nodig?",
            "consent_parents_on": "2026-09-01", "consent_parents_names": "Chloë de Vries",
            "bottom_lines": "Eén"}
    data.update(overrides)
    return one_client(data)


class TestANewCaseFormSentTwice:
    def test_makes_one_case_and_the_second_sending_lands_on_it(self, login_as, world, db):
        client = login_as("coordinator")
        key = _hidden(client.get("/cases/new").text, "submission")
        before = _cases(db, world.org.id)
        first = client.post("/cases/new", data=_new_case(submission=key))
        second = client.post("/cases/new", data=_new_case(submission=key))
        assert first.status_code == 302
        assert second.status_code == 303
        assert second.headers["Location"] == first.headers["Location"]
        assert _cases(db, world.org.id) == before + 1

    def test_a_refused_form_corrected_and_sent_again_makes_the_case(self, login_as, world,
                                                                     db):
        client = login_as("coordinator")
        key = _hidden(client.get("/cases/new").text, "submission")
        before = _cases(db, world.org.id)
        refused = client.post("/cases/new", data=_new_case(submission=key,
                                                           consent_parents_names=""))
        assert refused.status_code == 422
        assert _hidden(refused.text, "submission") == key  # the page keeps its key
        assert _cases(db, world.org.id) == before
        corrected = client.post("/cases/new", data=_new_case(submission=key))
        assert corrected.status_code == 302
        assert _cases(db, world.org.id) == before + 1


class TestAddingABottomLineTwice:
    def _lines(self, db, case) -> list[str]:
        return list(db.session.scalars(select(BottomLine.text).where(
            BottomLine.case_id == case.id).order_by(BottomLine.position)))

    def test_adds_it_once_and_the_second_sending_lands_on_the_list(self, login_as, world,
                                                                    db):
        client = login_as("coordinator")
        key = _hidden(client.get(f"/cases/{world.case.reference}").text, "submission")
        url = f"/cases/{world.case.reference}/bottom-lines"
        first = client.post(url, data={"text": "Geen geweld in huis.", "submission": key})
        second = client.post(url, data={"text": "Geen geweld in huis.", "submission": key})
        assert first.status_code == 302
        assert second.status_code == 303
        assert second.headers["Location"] == first.headers["Location"]
        assert self._lines(db, world.case) == ["Noëlle gaat elke dag naar school.",
                                               "Geen geweld in huis."]

    def test_two_pages_add_two_lines(self, login_as, world, db):
        client = login_as("coordinator")
        url = f"/cases/{world.case.reference}/bottom-lines"
        for text in ("Geen geweld in huis.", "Elke week contact met oma."):
            key = _hidden(client.get(f"/cases/{world.case.reference}").text, "submission")
            assert client.post(url, data={"text": text, "submission": key}).status_code == 302
        assert len(self._lines(db, world.case)) == 3


class TestColleaguesOnOneCase:
    def test_an_open_case_edit_form_still_saves_after_someone_adds_a_person_to_the_map(
            self, login_as, world, db):
        reference = world.case.reference
        mine = login_as("coordinator")
        version = _hidden(mine.get(f"/cases/{reference}/edit").text, "row_version")
        added = login_as("admin").post(f"/cases/{reference}/network/people", data={
            "name": "Buurman Henk", "relation": "buurman", "sector": "community",
            "ring": "2"})
        assert added.status_code == 302
        assert db.session.scalar(select(Person.id).where(
            Person.case_id == world.case.id, Person.name == "Buurman Henk")) is not None
        response = mine.post(f"/cases/{reference}/edit", data=_edit_data(
            world.case, central_question="Wat heeft Noëlle nodig?", row_version=version))
        assert response.status_code == 302
        assert db.session.get(Case, world.case.id).central_question == "Wat heeft Noëlle nodig?"

    def test_a_status_change_from_an_older_page_is_refused_and_changes_nothing(
            self, login_as, world, db):
        reference = world.case.reference
        mine = login_as("coordinator")
        version = _hidden(mine.get(f"/cases/{reference}").text, "row_version")
        saved = login_as("admin").post(f"/cases/{reference}/edit", data=_edit_data(
            world.case, concerns="Nieuwe zorgen."))
        assert saved.status_code == 302
        response = mine.post(f"/cases/{reference}/status",
                             data={"status": "closed", "reason": "Dubbel", "row_version": version},
                             follow_redirects=True)
        assert "Someone else changed this case in the meantime" in response.text
        case = db.session.get(Case, world.case.id)
        assert case.status == CaseStatus.REFERRAL and case.closed_at is None
        assert case.concerns == "Nieuwe zorgen."
