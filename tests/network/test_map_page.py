"""The map page: the picture inline, the SVG on its own, the tables, the figures, speed."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: N817, S405 - parsing our own output in a test

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.network import services
from eigenkracht.network.models import Sector
from tests.factories import CaseAssignmentFactory, CaseFactory, PersonFactory

HOSTILE = "<script>alert(1)</script> & \"Ali's nephew\""
SVG = "{http://www.w3.org/2000/svg}"


def _fill(case, count: int) -> None:
    """``count`` people around the client, about two ties each."""
    client = services.client_person(case)
    sectors = list(Sector)
    people = [PersonFactory(case=case, name=f"Persoon {n}", sector=sectors[n % 5],
                            ring=1 + n % 3, support=["practical"] if n % 2 else [])
              for n in range(count)]
    for n, person in enumerate(people):
        services.add_tie(case, person, client.id, "friend", "ordinary")
        if n:
            services.add_tie(case, person, people[n - 1].id, "colleague", "weak")


class TestThePicture:
    def test_the_map_page_shows_the_picture_inline(self, login_as, base):
        page = login_as("coordinator").get(base)
        assert page.status_code == 200
        assert "<svg" in page.text and "Oma Truus" in page.text

    def test_the_svg_is_served_as_svg_and_parses_as_xml(self, login_as, base):
        response = login_as("coordinator").get("/cases/EK-2026-0001/network.svg")
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        root = ET.fromstring(response.data)  # noqa: S314
        assert root.tag == f"{SVG}svg"
        assert root.find(f"{SVG}title").text.startswith("Network map of Noëlle Jansen")
        assert root.find(f"{SVG}desc") is not None

    def test_every_person_is_a_node_with_a_title(self, login_as, world):
        response = login_as("coordinator").get("/cases/EK-2026-0001/network.svg")
        root = ET.fromstring(response.data)  # noqa: S314
        nodes = {g.get("data-person-id"): g for g in root.iter(f"{SVG}g")
                 if g.get("data-person-id")}
        assert str(world.extra_ids["person"]) in nodes
        assert all(g.find(f"{SVG}title") is not None for g in nodes.values())

    def test_the_genogram_is_there_too(self, login_as, base):
        response = login_as("coordinator").get("/cases/EK-2026-0001/network.svg?view=genogram")
        assert response.status_code == 200
        root = ET.fromstring(response.data)  # noqa: S314
        assert root.find(f"{SVG}title").text.startswith("Genogram of Noëlle Jansen")

    def test_an_unknown_view_falls_back_to_the_circle(self, login_as):
        response = login_as("coordinator").get("/cases/EK-2026-0001/network.svg?view=<x>")
        assert b"Network map of" in response.data

    def test_the_svg_of_another_organisations_case_is_not_found(self, login_as, world):
        response = login_as("coordinator").get(f"/cases/{world.other_case.reference}/network.svg")
        assert response.status_code == 404

    def test_a_referrer_sees_the_map_without_edit_controls(self, login_as, base):
        page = login_as("referrer").get(base).text
        assert "<svg" in page
        assert 'id="quick-add"' not in page and "data-map-draggable" not in page


class TestTablesAndFigures:
    def test_the_table_view_lists_people_with_sector_ring_and_support(self, login_as, world,
                                                                     base):
        PersonFactory(case=world.case, name="Buurman Jos", sector=Sector.COMMUNITY, ring=3,
                      support=["practical", "advice"])
        page = login_as("coordinator").get(base).text
        table = page[page.index('class="table people-table"'):]
        row = table[table.index("Buurman Jos"):]
        row = row[:row.index("</tr>")]
        assert "Neighbourhood and community" in row and "3 · Far" in row
        assert "Practical help, Advice and information" in row

    def test_the_table_view_lists_the_ties(self, login_as, base):
        page = login_as("coordinator").get(base).text
        ties = page[page.index("ties-table"):]
        assert "Oma Truus" in ties and "is a parent of" in ties and "Tante Riëtte" in ties

    def test_the_figures_say_who_gives_what_and_where_the_gaps_are(self, login_as, world,
                                                                   base):
        PersonFactory(case=world.case, name="Helper", support=["practical"],
                      support_direction=None)
        page = login_as("coordinator").get(base).text
        assert "What the map tells" in page
        assert "Nobody gives: Emotional support." in page
        assert "Nobody in the sector: Professionals." in page

    def test_the_map_shows_how_many_the_client_supports(self, login_as, world, base):
        PersonFactory(case=world.case, name="Broertje", support=["company"],
                      support_direction="from_client")
        page = login_as("coordinator").get(base).text
        assert "The client supports 1 person in return." in page

    def test_the_case_page_links_to_the_map_with_the_people_count(self, login_as, world):
        count = services.people_count(world.case)
        PersonFactory(case=world.case, name="Nog iemand")
        page = login_as("coordinator").get(f"/cases/{world.case.reference}").text
        assert f"{count + 1} people on the map around the client." in page
        assert f'href="/cases/{world.case.reference}/network"' in page

    def test_viewing_the_map_is_audited(self, login_as, world, base, db):
        login_as("referrer").get(base)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "view",
                                                           AuditEvent.case_id == world.case.id))
        assert event.actor_id == world.referrer.id
        assert event.details["page"] == "network"

    def test_the_page_loads_no_script_inline(self, login_as, base):
        page = login_as("coordinator").get(base).text
        main = page[page.index("<main"):page.index("</main>")]
        assert "<script>" not in main and " style=" not in main and " onclick" not in main
        assert 'src="/static/js/network.js"' in main


class TestHostileNames:
    @pytest.fixture
    def hostile(self, world):
        return PersonFactory(case=world.case, name=HOSTILE, relation=HOSTILE)

    def test_a_hostile_name_is_plain_text_on_the_page(self, login_as, base, hostile):
        page = login_as("coordinator").get(base).text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_a_hostile_name_is_plain_text_in_the_svg(self, login_as, hostile):
        response = login_as("coordinator").get("/cases/EK-2026-0001/network.svg")
        assert b"<script" not in response.data
        root = ET.fromstring(response.data)  # noqa: S314
        titles = [t.text or "" for t in root.iter(f"{SVG}title")]
        assert any(HOSTILE in t for t in titles)


class TestSpeed:
    def _count(self, login_as, count_queries, base):
        client = login_as("coordinator")
        client.get(base)  # the client person exists from here on
        with count_queries() as statements:
            assert client.get(base).status_code == 200
        return len(statements)

    def test_the_map_page_runs_as_many_queries_for_150_people_as_for_10(
            self, login_as, world, count_queries, base, db):
        small = CaseFactory(organisation=world.org, reference="EK-2026-0101")
        big = CaseFactory(organisation=world.org, reference="EK-2026-0150")
        for case in (small, big):
            CaseAssignmentFactory(case=case, user=world.coordinator)
        _fill(small, 10)
        _fill(big, 150)
        few = self._count(login_as, count_queries, "/cases/EK-2026-0101/network")
        many = self._count(login_as, count_queries, "/cases/EK-2026-0150/network")
        assert few == many
