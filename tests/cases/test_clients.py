"""A case about several clients: each with a birth date or only a year, each with the
consent their own age requires (the Dutch rules), on the pages, in search and on the map."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from eigenkracht.cases.consent import Consenter, required_consent
from eigenkracht.cases.models import Case
from eigenkracht.core import clock
from tests.cases.case_form import edit_data

PARENTS = frozenset({Consenter.PARENTS})
BOTH = frozenset({Consenter.CLIENT, Consenter.PARENTS})
CLIENT = frozenset({Consenter.CLIENT})


def _two_children(**overrides):
    data = {
        "kind": "youth", "central_question": "Wat is er nodig?",
        "clients-0-first_name": "Noor", "clients-0-last_name": "de Vries",
        "clients-0-birth_date": "2017-05-01", "clients-0-consent_parents_on": "2026-09-01",
        "clients-0-consent_parents_names": "Chloë de Vries",
        "clients-1-first_name": "Daan", "clients-1-last_name": "de Vries",
        "clients-1-birth_year": "2020", "clients-1-consent_parents_on": "2026-09-01",
        "clients-1-consent_parents_names": "Chloë de Vries",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class TestTheSafeReadingOfABirthYear:
    """Born in 2014, on 1 January 2026 one may be 11 or 12: both ages' consent is asked."""

    @pytest.mark.parametrize(("year", "today", "expected"), [
        (2015, date(2026, 6, 1), PARENTS),  # 10 or 11
        (2014, date(2026, 1, 1), BOTH),  # 11 or 12: the parents for 11, the child for 12
        (2014, date(2026, 12, 30), BOTH),  # still 11 until a 31 December birthday
        (2014, date(2026, 12, 31), BOTH),  # 12 for certain: child and parents
        (2013, date(2026, 6, 1), BOTH),  # 12 or 13
        (2010, date(2026, 6, 1), BOTH),  # 15 or 16: the parents for 15
        (2010, date(2026, 12, 31), CLIENT),  # 16 for certain
        (2009, date(2026, 1, 1), CLIENT),  # 16 or 17
        (1980, date(2026, 1, 1), CLIENT),
    ])
    def test_both_possible_ages_count(self, year, today, expected):
        assert required_consent(None, today, year) == expected

    def test_a_date_of_birth_decides_on_its_own(self):
        assert required_consent(date(2014, 3, 14), date(2026, 3, 13), 2014) == PARENTS
        assert required_consent(date(2014, 3, 14), date(2026, 3, 14), 2014) == BOTH

    def test_without_date_or_year_the_client_is_taken_as_adult(self):
        assert required_consent(None, date(2026, 6, 1)) == CLIENT


class TestACaseAboutTwoChildren:
    def test_is_created_with_both_children_each_with_their_consent(self, login_as, world, db):
        response = login_as("coordinator").post("/cases/new", data=_two_children())
        assert response.status_code == 302
        reference = response.headers["Location"].rsplit("/", 1)[1]
        case = db.session.scalar(select(Case).where(Case.reference == reference,
                                                    Case.organisation_id == world.org.id))
        assert [(c.first_name, c.birth_date, c.birth_year) for c in case.clients] == [
            ("Noor", date(2017, 5, 1), None), ("Daan", None, 2020)]
        assert case.client_name == "Noor, Daan de Vries"
        page = login_as("coordinator").get(f"/cases/{reference}")
        assert "Noor de Vries" in page.text and "Daan de Vries" in page.text
        assert "in 2020 (date not known)" in page.text
        assert "Still needed" not in page.text

    def test_each_child_needs_the_consent_of_their_own_age(self, login_as, world):
        # Noor is 13 in 2026: she consents too; her parents' consent alone is not enough.
        with clock.frozen(datetime(2026, 12, 6, 12, tzinfo=clock.zone())):
            response = login_as("coordinator").post("/cases/new", data=_two_children(**{
                "clients-0-birth_date": "2013-05-01"}))
        assert response.status_code == 422
        assert "both the child and the parents consent" in response.text
        assert 'id="clients-0-consent_client_on"' in response.text
        assert 'aria-invalid="true"' in response.text

    def test_a_youth_case_needs_a_date_or_year_of_every_child(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_two_children(**{
            "clients-1-birth_year": ""}))
        assert response.status_code == 422
        assert "or at least the year" in response.text

    @pytest.mark.parametrize(("year", "message"), [
        ("1899", "between 1900 and this year"), ("2999", "between 1900 and this year"),
        ("twintig", "Not a valid integer value"), ("2016", "does not match the date"),
    ])
    def test_a_bad_year_of_birth_is_refused(self, login_as, world, year, message):
        response = login_as("coordinator").post("/cases/new", data=_two_children(**{
            "clients-0-birth_year": year}))
        assert response.status_code == 422
        assert message in response.text or "Enter a year such as 2015." in response.text

    def test_adding_another_client_keeps_what_was_typed_and_saves_nothing(self, login_as,
                                                                         world, db):
        before = db.session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1))
        response = login_as("coordinator").post("/cases/new", data={
            **_two_children(), "add_client": "y"})
        assert response.status_code == 200
        assert 'name="clients-2-first_name"' in response.text
        assert 'value="Daan"' in response.text
        assert db.session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) == before

    def test_hostile_names_are_shown_as_text(self, login_as, world):
        client = login_as("coordinator")
        response = client.post("/cases/new", data=_two_children(**{
            "clients-1-first_name": "<img src=x onerror=alert(1)>"}))
        page = client.get(response.headers["Location"])
        assert "<img src=x" not in page.text and "&lt;img src=x" in page.text

    def test_an_over_long_name_is_refused(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_two_children(**{
            "clients-1-first_name": "x" * 101}))
        assert response.status_code == 422


class TestEditingTheClients:
    def test_a_second_child_is_added_and_the_case_is_found_by_her_name(self, login_as, world,
                                                                      db):
        client = login_as("coordinator")
        data = edit_data(world.case, **{
            "clients-1-first_name": "Sara", "clients-1-last_name": "Bakker",
            "clients-1-birth_date": "2019-02-02", "clients-1-consent_parents_on": "2026-09-01",
            "clients-1-consent_parents_names": "Ouders"})
        assert client.post(f"/cases/{world.case.reference}/edit", data=data).status_code == 302
        case = db.session.get(Case, world.case.id)
        assert [c.first_name for c in case.clients][1] == "Sara"
        assert "Bakker" in case.client_last_name
        found = client.get("/cases/?q=Sara")
        assert world.case.reference in found.text

    def test_a_client_marked_remove_is_removed_and_audited(self, login_as, world, db):
        from eigenkracht.audit.models import AuditEvent
        from tests.factories import ClientFactory

        second = ClientFactory(case=world.case, first_name="Weg", position=1).id
        data = edit_data(world.case, **{"clients-1-remove": "y"})
        response = login_as("coordinator").post(f"/cases/{world.case.reference}/edit",
                                                data=data)
        assert response.status_code == 302
        case = db.session.get(Case, world.case.id)
        assert [c.first_name for c in case.clients] == [case.clients[0].first_name]
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "delete", AuditEvent.object_type == "client",
            AuditEvent.object_id == str(second)))

    def test_removing_every_client_is_refused(self, login_as, world, db):
        data = edit_data(world.case, **{"clients-0-remove": "y"})
        response = login_as("coordinator").post(f"/cases/{world.case.reference}/edit",
                                                data=data)
        assert response.status_code == 422
        assert "Enter at least one client." in response.text
        assert len(db.session.get(Case, world.case.id).clients) == 1

    def test_a_client_id_of_another_case_makes_a_new_client_not_a_stolen_one(self, login_as,
                                                                            world, db):
        other = world.other_case.clients[0]
        data = edit_data(world.case, **{"clients-0-id": str(other.id)})
        login_as("coordinator").post(f"/cases/{world.case.reference}/edit", data=data)
        assert other.case_id == world.other_case.id
        assert db.session.get(type(other), other.id).first_name == other.first_name


class TestLeavingReferral:
    def test_needs_the_consent_of_every_child(self, login_as, world, db):
        from tests.factories import ClientFactory

        world.case.clients[0].consent_parents_on = date(2026, 9, 1)
        world.case.clients[0].consent_parents_names = "Ouders"
        ClientFactory(case=world.case, first_name="Daan", position=1)  # no consent yet
        db.session.flush()
        response = login_as("coordinator").post(
            f"/cases/{world.case.reference}/status",
            data={"status": "preparation", "reason": "Start", "row_version":
                  world.case.row_version}, follow_redirects=True)
        assert "Record the consent" in response.text
        assert db.session.get(Case, world.case.id).status.value == "referral"
