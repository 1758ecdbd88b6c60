"""Consent by age follows the organisation's clock (Europe/Amsterdam), not the UTC date.

Between local midnight and 01:00 (winter) or 02:00 (summer) the UTC date is still
yesterday; a 12th or 16th birthday counts from local midnight all the same.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from eigenkracht.cases.models import Case
from eigenkracht.core import clock
from tests.cases.case_form import one_client


def _form(birth_date: str, *, client_on: str | None = None, parents_on: str | None = None):
    data = {"kind": "youth", "client_first_name": "Noëlle", "client_last_name": "de Vries",
            "client_birth_date": birth_date, "central_question": "Wat is er nodig?"}
    if client_on:
        data["consent_client_on"] = client_on
    if parents_on:
        data["consent_parents_on"] = parents_on
        data["consent_parents_names"] = "Chloë de Vries"
    return one_client(data)


def _cases(db, organisation_id: int) -> int:
    return db.session.scalar(select(func.count(Case.id)).where(
        Case.organisation_id == organisation_id))


class TestTwelfthBirthday:
    def test_at_half_past_midnight_on_the_birthday_the_child_consents_too(self, login_as,
                                                                         world, db):
        before = _cases(db, world.org.id)
        client = login_as("coordinator")
        # 00:30 in Amsterdam on 14 March 2026 is 23:30 on 13 March in UTC.
        with clock.frozen(datetime(2026, 3, 14, 0, 30, tzinfo=clock.zone())):
            response = client.post("/cases/new", data=_form("2014-03-14",
                                                            parents_on="2026-03-01"))
        assert response.status_code == 422
        assert "For a child of 12 to 15 both the child and the parents consent" \
            in response.text
        assert _cases(db, world.org.id) == before

    def test_in_summer_time_at_half_past_midnight_too(self, login_as, world, db):
        before = _cases(db, world.org.id)
        client = login_as("coordinator")
        # 00:30 in Amsterdam on 14 July 2026 is 22:30 on 13 July in UTC.
        with clock.frozen(datetime(2026, 7, 14, 0, 30, tzinfo=clock.zone())):
            response = client.post("/cases/new", data=_form("2014-07-14",
                                                            parents_on="2026-07-01"))
        assert response.status_code == 422
        assert "both the child and the parents consent" in response.text
        assert _cases(db, world.org.id) == before

    def test_the_day_before_the_parents_alone_consent(self, login_as, world, db):
        before = _cases(db, world.org.id)
        client = login_as("coordinator")
        with clock.frozen(datetime(2026, 3, 13, 0, 30, tzinfo=clock.zone())):
            response = client.post("/cases/new", data=_form("2014-03-14",
                                                            parents_on="2026-03-01"))
        assert response.status_code == 302
        assert _cases(db, world.org.id) == before + 1

    def test_leaving_referral_on_the_birthday_asks_for_the_childs_consent(self, login_as,
                                                                          world, db):
        case = world.case
        client = case.clients[0]
        client.birth_date = datetime(2014, 3, 14).date()
        client.consent_parents_on = datetime(2026, 3, 1).date()
        client.consent_parents_names = "Ouders"
        db.session.flush()
        client = login_as("coordinator")
        with clock.frozen(datetime(2026, 3, 14, 0, 30, tzinfo=clock.zone())):
            response = client.post(f"/cases/{case.reference}/status",
                                   data={"status": "preparation",
                                         "row_version": str(case.row_version)},
                                   follow_redirects=True)
        assert "Record the consent that the client" in response.text
        assert db.session.get(Case, case.id).status.value == "referral"


class TestSixteenthBirthday:
    def test_at_half_past_midnight_on_the_birthday_the_young_person_alone_consents(
            self, login_as, world, db):
        before = _cases(db, world.org.id)
        client = login_as("coordinator")
        with clock.frozen(datetime(2026, 3, 14, 0, 30, tzinfo=clock.zone())):
            response = client.post("/cases/new", data=_form("2010-03-14",
                                                            client_on="2026-03-01"))
        assert response.status_code == 302
        assert _cases(db, world.org.id) == before + 1

    def test_the_day_before_the_parents_consent_too(self, login_as, world, db):
        before = _cases(db, world.org.id)
        client = login_as("coordinator")
        with clock.frozen(datetime(2026, 3, 13, 23, 30, tzinfo=clock.zone())):
            response = client.post("/cases/new", data=_form("2010-03-14",
                                                            client_on="2026-03-01"))
        assert response.status_code == 422
        assert "both the child and the parents consent" in response.text
        assert _cases(db, world.org.id) == before
