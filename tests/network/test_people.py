"""People on the map: quick add, the full form, the client at the centre, removing."""

from __future__ import annotations

from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import CaseKind
from eigenkracht.network import services
from eigenkracht.network.models import Person, Relationship, Sector, SupportDirection
from tests.factories import CaseFactory, PersonFactory, RelationshipFactory

HOSTILE = "<script>alert(1)</script> & \"Ali's nephew\""


def _full(**overrides):
    data = {"name": "Gül Yılmaz", "relation": "tante", "sector": "family", "ring": "1",
            "support": ["practical", "emotional"], "support_direction": "both",
            "contact_frequency": "weekly", "known_for": "lifelong", "language": "tr",
            "phone": "+31 6 1234 5678", "email": "Gul@Example.nl", "birth_year": "1971",
            "gender": "female", "notes": "Spreekt weinig Nederlands."}
    data.update(overrides)
    return data


class TestQuickAdd:
    def test_a_quick_add_lands_back_on_the_map_ready_for_the_next_name(self, login_as, base):
        response = login_as("coordinator").post(
            f"{base}/people", data={"name": "Buurvrouw Aïsha", "relation": "buurvrouw",
                                    "sector": "community", "ring": "2"})
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/network?added=1#quick-add")
        page = login_as("coordinator").get(f"{base}?added=1").text
        assert 'id="quick-name"' in page or 'name="name"' in page
        assert "autofocus" in page

    def test_twenty_quick_adds_put_twenty_people_on_the_map(self, login_as, world, base,
                                                           people_named):
        client = login_as("coordinator")
        for n in range(20):
            client.post(f"{base}/people", data={"name": f"Persoon {n}", "sector": "friends",
                                                "ring": "3"})
        names = people_named(world.case)
        assert sum(name.startswith("Persoon ") for name in names) == 20

    def test_a_quick_add_without_a_name_says_so_and_adds_nobody(self, login_as, world, base,
                                                               people_named):
        before = people_named(world.case)
        response = login_as("coordinator").post(f"{base}/people",
                                                data={"name": "   ", "sector": "family",
                                                      "ring": "2"})
        assert response.status_code == 422
        assert "Enter the person&#39;s name." in response.text
        assert people_named(world.case) == before

    def test_a_quick_add_with_an_unknown_sector_or_ring_is_refused(self, login_as, base):
        response = login_as("coordinator").post(
            f"{base}/people", data={"name": "Kees", "sector": "mars", "ring": "7"})
        assert response.status_code == 422
        assert "Choose a sector from the list." in response.text
        assert "Choose a ring: 1 (close), 2 (middle) or 3 (far)." in response.text

    def test_an_oversized_name_is_refused_with_the_limit(self, login_as, base):
        response = login_as("coordinator").post(
            f"{base}/people", data={"name": "x" * 201, "sector": "family", "ring": "2"})
        assert response.status_code == 422
        assert "Use at most 200 characters." in response.text

    def test_control_characters_in_a_name_are_refused(self, login_as, base):
        response = login_as("coordinator").post(
            f"{base}/people", data={"name": "Kees\x00\x1b[31m", "sector": "family", "ring": "2"})
        assert response.status_code == 422
        assert "invisible control characters" in response.text

    def test_a_referrer_cannot_add_people(self, login_as, base):
        response = login_as("referrer").post(f"{base}/people", data={"name": "Kees"})
        assert response.status_code == 403


class TestFullForm:
    def test_every_field_is_saved(self, login_as, world, base, db):
        response = login_as("coordinator").post(f"{base}/people/new", data=_full())
        assert response.status_code == 302
        person = db.session.scalar(select(Person).where(Person.name == "Gül Yılmaz"))
        assert (person.sector, person.ring, person.language) == (Sector.FAMILY, 1, "tr")
        assert person.support == ["practical", "emotional"]
        assert person.support_direction == SupportDirection.BOTH
        assert (person.birth_year, person.email) == (1971, "gul@example.nl")

    def test_bad_input_gets_a_message_at_every_field_and_saves_nothing(self, login_as, world,
                                                                      base, people_named):
        before = people_named(world.case)
        response = login_as("coordinator").post(f"{base}/people/new", data=_full(
            name="", email="not-an-address", birth_year="18xx", phone="bel me maar",
            support=["practical", "money"], language="klingon"))
        assert response.status_code == 422
        for message in ("Enter the person&#39;s name.", "Enter an e-mail address like",
                        "Enter a year of birth between 1900", "Enter a phone number",
                        "Choose kinds of support from the list.",
                        "Choose a language from the list."):
            assert message in response.text
        assert people_named(world.case) == before

    def test_the_work_fields_are_only_there_for_work_cases(self, login_as, world, base, db):
        page = login_as("coordinator").get(f"{base}/people/new").text
        assert 'name="employer"' not in page
        world.case.kind = CaseKind.WORK
        db.session.flush()
        page = login_as("coordinator").get(f"{base}/people/new").text
        assert 'name="employer"' in page and 'name="can_help_with"' in page

    def test_a_work_contact_keeps_occupation_employer_and_what_they_can_help_with(
            self, login_as, world, base, db):
        world.case.kind = CaseKind.WORK
        db.session.flush()
        login_as("coordinator").post(f"{base}/people/new", data=_full(
            occupation="Planner", employer="Vos Logistiek",
            can_help_with=["introduction", "reference"]))
        person = db.session.scalar(select(Person).where(Person.name == "Gül Yılmaz"))
        assert (person.occupation, person.employer) == ("Planner", "Vos Logistiek")
        assert person.can_help_with == ["introduction", "reference"]

    def test_editing_moves_a_person_to_another_ring_and_is_audited(self, login_as, world,
                                                                   base, db):
        person_id = world.extra_ids["person"]
        response = login_as("coordinator").post(
            f"{base}/people/{person_id}", data=_full(name="Oma Truus", ring="3",
                                                    sector="friends"))
        assert response.status_code == 302
        person = db.session.get(Person, person_id)
        assert (person.ring, person.sector) == (3, Sector.FRIENDS)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "update",
                                                           AuditEvent.object_type == "person"))
        assert event.details["ring"] == [1, 3]

    def test_the_edit_form_shows_the_saved_values(self, login_as, world, base):
        page = login_as("coordinator").get(f"{base}/people/{world.extra_ids['person']}").text
        assert 'value="Oma Truus"' in page
        assert '<option selected value="1">' in page

    def test_a_referrer_sees_the_person_but_cannot_save(self, login_as, world, base):
        client = login_as("referrer")
        url = f"{base}/people/{world.extra_ids['person']}"
        assert client.get(url).status_code == 200
        assert client.post(url, data=_full()).status_code == 403

    def test_a_person_of_another_case_is_not_found(self, login_as, world, base):
        stranger = PersonFactory(case=world.other_case, name="Vreemde")
        assert login_as("coordinator").get(f"{base}/people/{stranger.id}").status_code == 404


class TestClient:
    def test_the_client_is_created_once_at_the_centre(self, login_as, world, base, db):
        client = login_as("coordinator")
        client.get(base)
        client.get(base)
        clients = db.session.scalars(select(Person).where(Person.case_id == world.case.id,
                                                          Person.is_client.is_(True))).all()
        assert [c.name for c in clients] == ["Noëlle Jansen"]
        assert clients[0].birth_year == world.case.clients[0].birth_date.year

    def test_the_client_follows_the_name_of_the_client(self, world, db):
        services.client_person(world.case)
        world.case.clients[0].first_name = "Noor"
        assert services.client_person(world.case).name == "Noor Jansen"

    def test_the_client_cannot_be_removed(self, login_as, world, base, db):
        client_id = services.client_person(world.case).id
        response = login_as("coordinator").post(f"{base}/people/{client_id}/delete",
                                                follow_redirects=True)
        assert "cannot be removed" in response.text
        assert db.session.get(Person, client_id) is not None

    def test_the_client_is_not_in_the_quick_add_and_not_in_the_people_table(
            self, login_as, base):
        page = login_as("coordinator").get(base).text
        table = page[page.index('class="table people-table"'):]
        assert "Noëlle Jansen" not in table[:table.index("</table>")]

    def test_a_second_person_cannot_be_stored_for_one_client(self, world, db):
        import pytest
        from sqlalchemy.exc import IntegrityError

        client = services.client_person(world.case)
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(Person(case_id=world.case.id, is_client=True, name="Tweede",
                                  client_id=client.client_id))


class TestRemoving:
    def test_removing_a_person_removes_their_ties(self, login_as, world, base, db):
        person_id = world.extra_ids["person"]
        response = login_as("coordinator").post(f"{base}/people/{person_id}/delete")
        assert response.status_code == 302
        assert db.session.get(Person, person_id) is None
        assert db.session.get(Relationship, world.extra_ids["tie"]) is None
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "delete", AuditEvent.object_type == "person")) is not None

    def test_a_person_who_is_used_elsewhere_is_not_removed_and_we_say_where(
            self, app, login_as, world, base, db, monkeypatch):
        def invited(person):
            return ["invited to the conference of 12 March"] if person.name == "Oma Truus" \
                else []

        monkeypatch.setitem(app.extensions, services.USAGE_CHECKS, (invited,))
        person_id = world.extra_ids["person"]
        response = login_as("coordinator").post(f"{base}/people/{person_id}/delete",
                                                follow_redirects=True)
        assert "Oma Truus cannot be removed" in response.text
        assert "invited to the conference of 12 March" in response.text
        assert db.session.get(Person, person_id) is not None

    def test_the_usage_checks_are_asked_about_the_person(self, app, world, monkeypatch):
        asked = []
        monkeypatch.setitem(app.extensions, services.USAGE_CHECKS,
                            (lambda p: asked.append(p.name) or [],))
        person = PersonFactory(case=world.case, name="Kees")
        services.remove_person(world.case, person)
        assert asked == ["Kees"]

    def test_removing_someone_of_another_case_is_not_found(self, login_as, world, base, db):
        stranger = RelationshipFactory(person_a=PersonFactory(case=world.other_case)).person_a
        response = login_as("coordinator").post(f"{base}/people/{stranger.id}/delete")
        assert response.status_code == 404
        assert db.session.scalar(select(func.count(Person.id)).where(
            Person.id == stranger.id)) == 1


def test_a_hostile_name_is_plain_text_on_the_person_page(login_as, world, base):
    person = PersonFactory(case=world.case, name=HOSTILE)
    page = login_as("coordinator").get(f"{base}/people/{person.id}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Ali&#39;s nephew&#34;" in page


def test_a_new_case_has_an_empty_map_with_only_the_client(world, db):
    case = CaseFactory(organisation=world.org)
    network = services.load_map(case)
    assert [p.is_client for p in network.people] == [True]
    assert network.others == [] and network.ties == []


def test_a_tie_to_a_number_too_long_for_the_database_is_refused_with_a_message(login_as, world):
    from tests.factories import PersonFactory

    person = PersonFactory(case=world.case, name="Oom Kees")
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/network/people/{person.id}/ties",
        data={"other_id": "9" * 30, "kind": "friend", "quality": "strong"})
    assert response.status_code == 422
