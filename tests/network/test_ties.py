"""Ties between two people of the same case: kind and quality, never to oneself, never
twice, never across cases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core.rules import RuleError
from eigenkracht.network import services
from eigenkracht.network.models import Relationship, TieKind, TieQuality
from tests.factories import PersonFactory


def _ties(db, case) -> int:
    return db.session.scalar(select(func.count(Relationship.id)).where(
        Relationship.case_id == case.id))


@pytest.fixture
def two(world):
    """Two people of the world's case with no tie between them yet."""
    return (PersonFactory(case=world.case, name="Samira"),
            PersonFactory(case=world.case, name="Youssef"))


class TestAdding:
    def test_a_tie_is_added_on_the_person_page(self, login_as, world, base, db, two):
        samira, youssef = two
        response = login_as("coordinator").post(
            f"{base}/people/{samira.id}/ties",
            data={"other_id": str(youssef.id), "kind": "sibling", "quality": "strong"})
        assert response.status_code == 302
        tie = db.session.scalar(select(Relationship).where(
            Relationship.person_a_id == samira.id))
        assert (tie.person_b_id, tie.kind, tie.quality) == (
            youssef.id, TieKind.SIBLING, TieQuality.STRONG)
        page = login_as("coordinator").get(f"{base}/people/{samira.id}").text
        assert "is a brother or sister of" in page and "Youssef" in page

    def test_adding_a_tie_is_audited(self, world, db, two):
        samira, youssef = two
        services.add_tie(world.case, samira, youssef.id, "friend", "weak")
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "relationship"))
        assert event.action == "create" and event.details["kind"] == "friend"

    def test_a_tie_to_oneself_is_refused(self, login_as, world, base, db, two):
        samira, _ = two
        before = _ties(db, world.case)
        response = login_as("coordinator").post(
            f"{base}/people/{samira.id}/ties",
            data={"other_id": str(samira.id), "kind": "friend", "quality": "strong"})
        assert response.status_code == 422
        assert "cannot have a tie with themselves" in response.text
        assert _ties(db, world.case) == before

    def test_the_same_tie_twice_is_refused(self, world, two):
        samira, youssef = two
        services.add_tie(world.case, samira, youssef.id, "sibling", "strong")
        with pytest.raises(RuleError) as error:
            services.add_tie(world.case, samira, youssef.id, "sibling", "weak")
        assert error.value.code == "tie_duplicate"

    def test_a_symmetric_tie_the_other_way_round_is_a_duplicate(self, world, two):
        samira, youssef = two
        services.add_tie(world.case, samira, youssef.id, "partner", "strong")
        with pytest.raises(RuleError) as error:
            services.add_tie(world.case, youssef, samira.id, "partner", "strong")
        assert error.value.code == "tie_duplicate"

    def test_child_of_is_the_same_tie_as_parent_of_the_other_way_round(self, world, two):
        samira, youssef = two
        services.add_tie(world.case, samira, youssef.id, "parent", "strong")
        with pytest.raises(RuleError) as error:
            services.add_tie(world.case, youssef, samira.id, "child", "strong")
        assert error.value.code == "tie_duplicate"

    def test_two_people_cannot_be_each_others_parent(self, world, two):
        samira, youssef = two
        services.add_tie(world.case, samira, youssef.id, "parent", "strong")
        with pytest.raises(RuleError) as error:
            services.add_tie(world.case, youssef, samira.id, "parent", "strong")
        assert error.value.code == "tie_contradicts"

    def test_two_kinds_of_tie_between_the_same_people_are_allowed(self, world, two):
        samira, youssef = two
        services.add_tie(world.case, samira, youssef.id, "sibling", "strong")
        services.add_tie(world.case, samira, youssef.id, "conflict", "tense")
        assert len(services.ties_of(samira)) == 2

    def test_a_person_of_another_case_is_a_form_error_not_a_tie(self, login_as, world, base,
                                                                 db, two):
        samira, _ = two
        stranger = PersonFactory(case=world.other_case, name="Vreemde")
        response = login_as("coordinator").post(
            f"{base}/people/{samira.id}/ties",
            data={"other_id": str(stranger.id), "kind": "friend", "quality": "strong"})
        assert response.status_code == 422
        assert "Choose someone who is on this map." in response.text
        assert db.session.scalar(select(func.count(Relationship.id)).where(
            Relationship.person_b_id == stranger.id)) == 0

    @pytest.mark.parametrize("other_id, kind, message", [
        ("", "friend", "Choose the other person of the tie."),
        ("abc", "friend", "Choose the other person of the tie."),
        ("99999999", "friend", "Choose someone who is on this map."),
        ("{other}", "hates", "Choose the kind of tie from the list."),
    ])
    def test_bad_tie_input_gets_a_clear_message(self, login_as, world, base, two, other_id,
                                               kind, message):
        samira, youssef = two
        response = login_as("coordinator").post(
            f"{base}/people/{samira.id}/ties",
            data={"other_id": other_id.replace("{other}", str(youssef.id)), "kind": kind,
                  "quality": "strong"})
        assert response.status_code == 422
        assert message in response.text

    def test_only_people_of_this_map_are_offered(self, login_as, world, base, two):
        samira, _ = two
        PersonFactory(case=world.other_case, name="Iemand Anders")
        page = login_as("coordinator").get(f"{base}/people/{samira.id}").text
        options = page[page.index('name="other_id"'):]
        options = options[:options.index("</select>")]
        assert "Youssef" in options and "Noëlle Jansen" in options
        assert "Iemand Anders" not in options and "Samira" not in options


class TestRemoving:
    def test_a_tie_is_removed_and_we_go_back_to_the_person(self, login_as, world, base, db):
        tie_id, person_id = world.extra_ids["tie"], world.extra_ids["other_person"]
        response = login_as("coordinator").post(f"{base}/ties/{tie_id}/delete",
                                                data={"person_id": str(person_id)})
        assert response.status_code == 302
        assert f"/people/{person_id}#ties" in response.headers["Location"]
        assert db.session.get(Relationship, tie_id) is None

    def test_a_tie_of_another_case_is_not_found(self, login_as, world, base, db):
        a = PersonFactory(case=world.other_case)
        b = PersonFactory(case=world.other_case)
        other = services.add_tie(world.other_case, a, b.id, "friend", "weak")
        response = login_as("coordinator").post(f"{base}/ties/{other.id}/delete")
        assert response.status_code == 404
        assert db.session.get(Relationship, other.id) is not None
