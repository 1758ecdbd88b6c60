"""Creating a case: the form, the rules, consent by age, references."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import Case, CaseStatus
from tests.cases.case_form import one_client


def _form(**overrides):
    data = {
        "kind": "youth", "client_first_name": "Noëlle", "client_last_name": "de Vries",
        "client_birth_date": "2015-05-01", "central_question": "Wat is er nodig?",
        "concerns": "Zorgen.", "consent_parents_on": "2026-09-01",
        "consent_parents_names": "Chloë de Vries", "bottom_lines": "Eén\nTwee\n\n",
    }
    data.update(overrides)
    return one_client(data)


def _count(db, organisation_id):
    return db.session.scalar(select(func.count(Case.id)).where(
        Case.organisation_id == organisation_id))


class TestCreatingACase:
    def test_a_coordinator_creates_a_case_and_is_assigned_to_it(self, login_as, world, db):
        response = login_as("coordinator").post("/cases/new", data=_form())
        assert response.status_code == 302
        reference = response.headers["Location"].rsplit("/", 1)[1]
        case = db.session.scalar(select(Case).where(Case.reference == reference,
                                                    Case.organisation_id == world.org.id))
        assert case.status == CaseStatus.REFERRAL
        assert [a.user_id for a in case.assignments] == [world.coordinator.id]
        assert [b.text for b in case.bottom_lines] == ["Eén", "Twee"]

    def test_the_reference_follows_ek_year_number(self, login_as, world, db):
        response = login_as("coordinator").post("/cases/new", data=_form())
        year = date.today().year
        assert response.headers["Location"].startswith(f"/cases/EK-{year}-")

    def test_creating_a_case_is_audited(self, login_as, world, db):
        login_as("coordinator").post("/cases/new", data=_form())
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "create",
                                                           AuditEvent.object_type == "case"))
        assert event.actor_id == world.coordinator.id and event.case_reference

    def test_a_referrer_cannot_create_cases(self, login_as, world, db):
        before = _count(db, world.org.id)
        assert login_as("referrer").post("/cases/new", data=_form()).status_code == 403
        assert _count(db, world.org.id) == before


class TestBadInput:
    def test_an_empty_form_asks_for_the_name_and_saves_nothing(self, login_as, world, db):
        before = _count(db, world.org.id)
        response = login_as("coordinator").post("/cases/new", data={})
        assert response.status_code == 422
        assert "Enter the client's first name." in response.text
        assert _count(db, world.org.id) == before

    def test_youth_care_needs_a_date_of_birth(self, login_as, world):
        response = login_as("coordinator").post("/cases/new",
                                                data=_form(client_birth_date=None))
        assert response.status_code == 422
        assert "the age decides whose consent is needed" in response.text

    def test_a_malformed_date_gets_a_message(self, login_as, world):
        response = login_as("coordinator").post("/cases/new",
                                                data=_form(client_birth_date="31-31-2015"))
        assert response.status_code == 422
        assert "Not a valid date value" in response.text

    def test_a_birth_date_in_the_future_is_refused(self, login_as, world):
        response = login_as("coordinator").post("/cases/new",
                                                data=_form(client_birth_date="2099-01-01"))
        assert "Enter a date of birth in the past" in response.text

    def test_oversized_text_is_refused_per_field(self, login_as, world, db):
        before = _count(db, world.org.id)
        response = login_as("coordinator").post("/cases/new",
                                                data=_form(central_question="x" * 2001))
        assert response.status_code == 422
        assert "Use at most 2000 characters." in response.text
        assert _count(db, world.org.id) == before

    def test_an_unknown_kind_is_refused(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_form(kind="secret"))
        assert response.status_code == 422

    def test_staff_of_another_organisation_cannot_be_assigned(self, login_as, world, db):
        before = _count(db, world.other_org.id), _count(db, world.org.id)
        response = login_as("coordinator").post(
            "/cases/new", data=_form(staff_ids=str(world.other_coordinator.id)))
        assert response.status_code == 422
        assert (_count(db, world.other_org.id), _count(db, world.org.id)) == before

    def test_hostile_text_is_shown_as_text(self, login_as, world, db):
        client = login_as("coordinator")
        hostile = '<script>alert(1)</script> & "Ali\'s nephew"'
        response = client.post("/cases/new", data=_form(client_first_name=hostile))
        page = client.get(response.headers["Location"])
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Ali&#39;s nephew&#34;" in page.text


class TestConsentByAge:
    def test_under_twelve_the_parents_consent(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_form(
            client_birth_date="2018-01-01", consent_parents_on=None, consent_parents_names=None,
            consent_client_on="2026-09-01"))
        assert response.status_code == 422
        assert "For a child under 12 the parents consent" in response.text

    def test_from_twelve_to_fifteen_both_consent(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_form(
            client_birth_date="2012-01-01"))
        assert response.status_code == 422
        assert "both the child and the parents consent" in response.text

    def test_from_twelve_to_fifteen_with_both_consents_the_case_is_created(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_form(
            client_birth_date="2012-01-01", consent_client_on="2026-09-01"))
        assert response.status_code == 302

    def test_from_sixteen_the_young_person_consents(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_form(
            client_birth_date="2009-01-01"))
        assert "From 16 the client consents" in response.text

    def test_parents_consent_needs_their_names(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_form(
            consent_parents_names=""))
        assert "Enter the names of the parents or guardians" in response.text

    def test_consent_cannot_be_dated_in_the_future(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_form(
            consent_parents_on="2099-01-01"))
        assert "The date of consent cannot be in the future." in response.text

    def test_consent_may_be_recorded_later(self, login_as, world):
        response = login_as("coordinator").post("/cases/new", data=_form(
            consent_parents_on=None, consent_parents_names=None))
        assert response.status_code == 302


def test_required_consent_follows_the_dutch_age_rules():
    from eigenkracht.cases.consent import Consenter, required_consent

    today = date(2026, 11, 27)
    assert required_consent(date(2014, 11, 28), today) == {Consenter.PARENTS}  # 11
    assert required_consent(date(2014, 11, 27), today) == {Consenter.CLIENT, Consenter.PARENTS}
    assert required_consent(date(2010, 11, 28), today) == {Consenter.CLIENT, Consenter.PARENTS}
    assert required_consent(date(2010, 11, 27), today) == {Consenter.CLIENT}  # 16 today
    assert required_consent(None, today) == {Consenter.CLIENT}
