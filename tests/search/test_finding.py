"""What the search finds: spellings, particles, fragments, references, and nothing it may
not show."""

from __future__ import annotations

import pytest

from eigenkracht.auth.models import Role
from eigenkracht.cases.models import AssignmentRole
from eigenkracht.search.services import search
from tests.factories import CaseAssignmentFactory, CaseFactory, PersonFactory, UserFactory


def _names(results):
    return [h.label for h in results.cases + results.people]


@pytest.fixture
def aunt(world):
    return PersonFactory(case=world.case, name="Ayşe Kaya", relation="tante")


@pytest.mark.parametrize("typed", ["ayse kaya", "Ayşe Kaya", "Kaya Ayse", "Aysa Kaja"])
def test_the_four_spellings_find_the_same_person(typed, aunt, world, way):
    found = search(world.coordinator, typed)
    assert [(h.label, h.reference) for h in found.people] == [("Ayşe Kaya", "EK-2026-0001")]


def test_the_person_is_found_by_relation_and_name_together(aunt, world, way):
    assert _names(search(world.coordinator, "tante ayse")) == ["Ayşe Kaya"]


@pytest.mark.parametrize("typed", ["berg", "van den Berg", "Van der Berg", "Fatma vd berg",
                                   "Fatma Berg"])
def test_dutch_particles_do_not_get_in_the_way(typed, world, way):
    PersonFactory(case=world.case, name="Fatma van den Berg", relation="buurvrouw")
    assert "Fatma van den Berg" in _names(search(world.coordinator, typed))


def test_a_fragment_finds_the_words_it_is_part_of(world, way):
    PersonFactory(case=world.case, name="Kees Janssen", relation="opa")
    found = search(world.coordinator, "jans")
    assert "Kees Janssen" in _names(found)
    assert "Noëlle Jansen" in _names(found)  # the client of the case


def test_the_client_is_found_as_a_case_and_best_first(world, way):
    PersonFactory(case=world.case, name="Noëlle Jansma", relation="nicht")
    found = search(world.coordinator, "noelle jansen")
    assert [(h.kind, h.label) for h in found.cases] == [("case", "Noëlle Jansen")]
    assert found.people == []  # "Jansma" is two slips from "Jansen": not the same word


def test_a_short_name_allows_no_slip(world, way):
    PersonFactory(case=world.case, name="Ali Bouzid")
    assert _names(search(world.coordinator, "alo bouzid")) == []
    assert _names(search(world.coordinator, "ali bouzid")) == ["Ali Bouzid"]


def test_a_case_reference_or_its_number_finds_the_case(world):
    assert [h.reference for h in search(world.coordinator, "EK-2026-0001").cases] == \
        ["EK-2026-0001"]
    assert [h.reference for h in search(world.coordinator, "2026-0001").cases] == \
        ["EK-2026-0001"]
    assert search(world.coordinator, "EK-2026-0002").cases == []  # the other organisation's


def test_no_match_finds_nothing(aunt, world, way):
    found = search(world.coordinator, "zzqx")
    assert (found.count, found.problem) == (0, "")


# --- access ---------------------------------------------------------------------------------

@pytest.fixture
def hidden_zehra(world):
    """Zehra on a case the coordinator may see, and another Zehra on a case of the same
    organisation they are not assigned to, and one in another organisation."""
    PersonFactory(case=world.case, name="Zehra Yılmaz", relation="tante")
    hidden = CaseFactory(organisation=world.org, reference="EK-2026-0077",
                         client_first_name="Zehra", client_last_name="Demir")
    CaseAssignmentFactory(case=hidden, user=world.unassigned_coordinator,
                          role=AssignmentRole.COORDINATOR)
    PersonFactory(case=hidden, name="Zehra Yilmaz", relation="tante")
    PersonFactory(case=world.other_case, name="Zehra Yılmaz", relation="tante")
    return hidden


def test_a_person_on_a_case_one_may_not_see_is_never_found(hidden_zehra, world, way):
    found = search(world.coordinator, "zehra")
    assert [(h.label, h.reference) for h in found.cases + found.people] == \
        [("Zehra Yılmaz", "EK-2026-0001")]
    assert found.count == 1 and not found.more  # the count does not tell there is more


def test_the_admin_finds_every_case_of_the_organisation_and_no_other(hidden_zehra, world,
                                                                       way):
    found = search(world.admin, "zehra yilmaz")
    assert sorted(h.reference for h in found.people) == ["EK-2026-0001", "EK-2026-0077"]
    found = search(world.admin, "EK-2026-0002")
    assert found.count == 0


def test_a_referrer_finds_only_the_cases_they_referred(hidden_zehra, world, way):
    assert [h.reference for h in search(world.referrer, "zehra").people] == ["EK-2026-0001"]
    outsider = UserFactory(organisation=world.org, role=Role.REFERRER)
    assert search(outsider, "zehra").count == 0


def test_the_counts_on_the_page_do_not_reveal_a_hidden_case(hidden_zehra, world, login_as):
    page = login_as("coordinator").get("/search?q=zehra").get_data(as_text=True)
    assert "1 result" in page
    assert "EK-2026-0077" not in page and "Demir" not in page
