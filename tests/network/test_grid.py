"""The grid on the map page: many people at once, valid rows saved, the others kept with
their messages, duplicates asked about, and the same sending saved once."""

from __future__ import annotations

from sqlalchemy import func, select

from eigenkracht.cases.models import CaseKind
from eigenkracht.network.models import Person
from tests.factories import CaseAssignmentFactory, CaseFactory, PersonFactory

HOSTILE = "<script>alert(1)</script>"


def _rows(*rows, key="grid-key-0123456789ab"):
    data = {"submission": key}
    for n, row in enumerate(rows):
        for name, value in row.items():
            data[f"p-{n}-{name}"] = value
    return data


def _count(db, case) -> int:
    return db.session.scalar(select(func.count(Person.id)).where(
        Person.case_id == case.id, Person.is_client.is_(False)))


class TestAddingMany:
    def test_every_filled_row_becomes_a_person_with_language_and_phone(
            self, login_as, world, base, db):
        response = login_as("coordinator").post(f"{base}/grid", data=_rows(
            {"name": "Gül Yılmaz", "relation": "tante", "sector": "family", "ring": "1",
             "language": "tr", "phone": "+31 6 1234 5678", "support": ["practical"]},
            {"name": "Karim Bouzid", "sector": "friends", "ring": "2", "language": "ar",
             "email": "Karim@Example.nl"},
            {"name": "", "relation": "", "phone": ""},  # an empty row is skipped
        ))
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/network#grid")
        gul = db.session.scalar(select(Person).where(Person.name == "Gül Yılmaz"))
        assert (gul.language, gul.phone, gul.ring, gul.support) == (
            "tr", "+31 6 1234 5678", 1, ["practical"])
        karim = db.session.scalar(select(Person).where(Person.name == "Karim Bouzid"))
        assert (karim.language, karim.email) == ("ar", "karim@example.nl")

    def test_valid_rows_are_saved_and_invalid_ones_come_back_with_their_messages(
            self, login_as, world, base, db):
        before = _count(db, world.case)
        response = login_as("coordinator").post(f"{base}/grid", data=_rows(
            {"name": "Anna", "sector": "family", "ring": "2", "language": "nl"},
            {"name": "", "phone": "06-12"},  # no name
            {"name": "Bram", "sector": "mars", "ring": "7", "language": "nl"},
            {"name": "Chantal", "email": "not an address", "language": "xx"},
        ))
        assert response.status_code == 200  # Anna is saved and committed
        assert _count(db, world.case) == before + 1
        page = response.text
        assert "Enter the person&#39;s name." in page
        assert "Choose a sector from the list." in page
        assert "Enter an e-mail address like name@example.nl." in page
        assert "Choose a language from the list." in page
        assert 'value="Chantal"' in page and 'value="06-12"' in page  # kept as typed
        assert "1 person has been saved." in page
        assert "3 rows need your attention" in page

    def test_nothing_valid_is_a_422_and_nothing_is_saved(self, login_as, world, base, db):
        before = _count(db, world.case)
        response = login_as("coordinator").post(f"{base}/grid", data=_rows(
            {"name": "x" * 201}, {"name": "Kees", "phone": "call me"}))
        assert response.status_code == 422
        assert "Use at most 200 characters." in response.text
        assert _count(db, world.case) == before

    def test_a_hostile_name_is_saved_as_text_and_shown_escaped(self, login_as, world, base,
                                                               db):
        client = login_as("coordinator")
        sent = client.post(f"{base}/grid", data=_rows({"name": HOSTILE, "relation": HOSTILE}))
        assert sent.status_code == 303, sent.text[sent.text.find("grid-row-0"):][:3000]
        page = client.get(base).text
        assert HOSTILE not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_the_same_sending_twice_saves_once(self, login_as, world, base, db):
        client = login_as("coordinator")
        data = _rows({"name": "Dewi"}, {"name": "Emre"})
        first = client.post(f"{base}/grid", data=data)
        second = client.post(f"{base}/grid", data=data)
        assert first.status_code == 303 and second.status_code == 303
        names = db.session.scalars(select(Person.name).where(
            Person.case_id == world.case.id, Person.name.in_(["Dewi", "Emre"]))).all()
        assert sorted(names) == ["Dewi", "Emre"]

    def test_more_rows_than_a_sitting_are_not_read(self, login_as, world, base, db):
        before = _count(db, world.case)
        rows = [{"name": f"P{n}"} for n in range(205)]
        response = login_as("coordinator").post(f"{base}/grid", data=_rows(*rows))
        assert response.status_code == 303
        assert _count(db, world.case) == before + 200

    def test_a_referrer_may_not_use_the_grid(self, login_as, world, base, db):
        before = _count(db, world.case)
        response = login_as("referrer").post(f"{base}/grid", data=_rows({"name": "Kees"}))
        assert response.status_code == 403
        assert _count(db, world.case) == before


class TestDuplicates:
    def test_a_name_like_someone_on_the_map_is_asked_about_first(self, login_as, world,
                                                                   base, db):
        PersonFactory(case=world.case, name="Ayşe Yılmaz")
        before = _count(db, world.case)
        client = login_as("coordinator")
        response = client.post(f"{base}/grid", data=_rows({"name": "yilmaz ayse"},
                                                          {"name": "Fleur"}))
        assert response.status_code == 200  # Fleur is saved
        assert "This looks like someone already entered: Ayşe Yılmaz." in response.text
        assert 'name="p-0-confirm"' in response.text
        assert _count(db, world.case) == before + 1
        confirmed = client.post(f"{base}/grid", data=_rows(
            {"name": "yilmaz ayse", "confirm": "1"}, key="grid-key-confirmed-0001"))
        assert confirmed.status_code == 303
        assert _count(db, world.case) == before + 2

    def test_two_rows_of_one_sending_with_the_same_name_ask_too(self, login_as, world, base,
                                                                 db):
        response = login_as("coordinator").post(f"{base}/grid", data=_rows(
            {"name": "Mohammed Bouzid"}, {"name": "Mohamed Bouzid"}))
        assert response.status_code == 200
        assert "This looks like someone already entered: Mohammed Bouzid." in response.text

    def test_the_quick_add_asks_before_adding_a_duplicate(self, login_as, world, base, db):
        PersonFactory(case=world.case, name="Ayşe Yılmaz")
        before = _count(db, world.case)
        client = login_as("coordinator")
        asked = client.post(f"{base}/people", data={"name": "Ayse Yilmaz", "sector": "family",
                                                    "ring": "2"})
        assert asked.status_code == 422
        assert "This looks like someone already entered: Ayşe Yılmaz." in asked.text
        assert "This is someone else: add them anyway" in asked.text
        assert _count(db, world.case) == before
        added = client.post(f"{base}/people", data={"name": "Ayse Yilmaz", "sector": "family",
                                                    "ring": "2", "confirm_duplicate": "y"})
        assert added.status_code == 302
        assert _count(db, world.case) == before + 1


class TestEditingMany:
    def test_everyone_can_be_changed_in_the_grid(self, login_as, world, base, db):
        person = PersonFactory(case=world.case, name="Kees Smit", language="nl", phone="")
        client = login_as("coordinator")
        page = client.get(f"{base}?edit=grid").text
        assert 'value="Kees Smit"' in page
        response = client.post(f"{base}/grid", data=_rows(
            {"id": str(person.id), "row_version": str(person.row_version), "name": "Kees Smit",
             "sector": person.sector.value, "ring": str(person.ring), "language": "pl",
             "phone": "010 123 4567"}) | {"editing": "1"})
        assert response.status_code == 303
        db.session.refresh(person)
        assert (person.language, person.phone) == ("pl", "010 123 4567")

    def test_a_row_saved_by_someone_else_meanwhile_is_kept_not_overwritten(
            self, login_as, world, base, db):
        person = PersonFactory(case=world.case, name="Kees Smit", phone="")
        old = person.row_version
        person.phone = "06 1111 1111"
        db.session.flush()
        response = login_as("coordinator").post(f"{base}/grid", data=_rows(
            {"id": str(person.id), "row_version": str(old), "name": "Kees Smit",
             "sector": person.sector.value, "ring": str(person.ring), "language": "nl",
             "phone": "06 2222 2222"}, {"name": "Lieke"}))
        assert response.status_code == 200
        assert "Someone else saved this person while you were editing." in response.text
        db.session.refresh(person)
        assert person.phone == "06 1111 1111"

    def test_a_person_of_another_case_cannot_be_changed_through_the_grid(
            self, login_as, world, base, db):
        stranger = PersonFactory(case=CaseFactory(organisation=world.case.organisation),
                                 name="Vreemde")
        response = login_as("coordinator").post(f"{base}/grid", data=_rows(
            {"id": str(stranger.id), "row_version": "1", "name": "Gekaapt"}))
        assert response.status_code == 422
        assert "This person is no longer on the map" in response.text
        db.session.refresh(stranger)
        assert stranger.name == "Vreemde"


class TestWorkCases:
    def test_job_information_goes_in_through_the_grid_and_can_be_filtered(
            self, login_as, world, db):
        case = CaseFactory(organisation=world.case.organisation, kind=CaseKind.WORK)
        CaseAssignmentFactory(case=case, user=world.coordinator)
        base = f"/cases/{case.reference}/network"
        client = login_as("coordinator")
        response = client.post(f"{base}/grid", data=_rows(
            {"name": "Piet Bakker", "occupation": "Bakker", "employer": "Bakkerij Öztürk",
             "can_help_with": ["reference", "introduction"]},
            {"name": "Sanne Visser", "occupation": "Kapper", "can_help_with": ["advice"]}))
        assert response.status_code == 303
        page = client.get(f"{base}?help=reference").text
        table = page[page.index('id="h-people-table"'):]
        assert "Piet Bakker" in table and "Sanne Visser" not in table
        assert "Bakkerij Öztürk" in table and "A reference" in table
        assert "1 person matches." in table
        found = client.get(f"{base}?q=bakkerij%20ozturk").text
        assert "Piet Bakker" in found[found.index('id="h-people-table"'):]
        nobody = client.get(f"{base}?help=reference&q=kapper").text
        assert "Nobody on the map matches this filter." in nobody


def test_odd_row_numbers_and_digits_are_not_rows(login_as, world, base, db):
    before = _count(db, world.case)
    response = login_as("coordinator").post(f"{base}/grid", data={
        "p-²-name": "Superscript", "p-١-name": "Arabic digit", "p-99999-name": "Far away",
        "p-0-name": "Echt", "p-0-ring": "²", "p-0-id": "99999999999999999999",
        "submission": "grid-key-odd-numbers-01"})
    assert response.status_code == 422  # row 0 only: a ring that is no number, no person
    assert "Choose a ring: 1 (close), 2 (middle) or 3 (far)." in response.text
    assert _count(db, world.case) == before


def test_the_job_filter_ignores_unknown_choices_and_shows_hostile_words_as_text(
        login_as, world, db):
    from eigenkracht.network.models import Person

    case = db.session.scalar(select(Person).where(
        Person.id == world.extra_ids["work_person"])).case
    base = f"/cases/{case.reference}/network"
    client = login_as("coordinator")
    everyone = client.get(f"{base}?help=world_domination").text
    assert "Sanne Bakker" in everyone[everyone.index('id="h-people-table"'):]
    hostile = client.get(f"{base}?q=%3Cscript%3Ealert(1)%3C/script%3E").text
    assert "<script>alert(1)</script>" not in hostile
    assert "Nobody on the map matches this filter." in hostile
    long = client.get(f"{base}?q={'planner' + 'x' * 500}")
    assert long.status_code == 200


def test_a_youth_case_has_no_job_columns_or_filter(login_as, base):
    page = login_as("coordinator").get(base).text
    assert 'id="filter-help"' not in page
