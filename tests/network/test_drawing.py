"""The network map drawn as SVG: the circle and the genogram, safe, readable, translated."""

from __future__ import annotations

import itertools
import math
import random
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from eigenkracht.network import labels
from eigenkracht.network.drawing import Edge, Node, circle_layout, draw_circle, draw_genogram
from eigenkracht.network.models import (
    Gender,
    Sector,
    Support,
    SupportDirection,
    TieKind,
    TieQuality,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & \"Ali's nephew\""
SECTORS = ("family", "friends", "community", "school_work", "professionals")


@pytest.fixture
def english(app):
    with app.test_request_context("/?lang=en"):
        yield


def client(**values):
    return Node(**{"id": 1, "name": "Noor Bakker", "is_client": True, "gender": "female",
                   "birth_year": 2014, **values})


def crowd(count, *, seed=3, weights=(5, 3, 2, 2, 3)):
    """The client and ``count - 1`` people, most of them family, in every ring."""
    rnd = random.Random(seed)
    nodes = [client()]
    for node_id in range(2, count + 1):
        nodes.append(Node(id=node_id, name=f"Persoon {node_id} van der Berg-Öztürk",
                          sector=rnd.choices(SECTORS, weights=weights)[0],
                          ring=rnd.choice((1, 2, 2, 3)),
                          support=tuple(rnd.sample(("practical", "company", "advice",
                                                    "emotional"), rnd.randint(0, 4)))))
    return nodes


def ties(nodes, count, *, seed=4):
    rnd = random.Random(seed)
    ids = [node.id for node in nodes]
    found = {}
    while len(found) < count:
        a, b = rnd.sample(ids, 2)
        found[(a, b)] = Edge(a, b, "friend", rnd.choice(("strong", "ordinary", "weak", "tense")))
    return list(found.values())


def parse(markup):
    """Our own output, parsed as XML (it must be well-formed)."""
    return ET.fromstring(markup)  # noqa: S314


def circle(nodes, edges=(), **kwargs):
    return parse(draw_circle(nodes, edges, title="Netwerk van Noor",
                             description="Wie er om Noor heen staan", **kwargs))


def genogram(nodes, edges=(), **kwargs):
    return parse(draw_genogram(nodes, edges, title="Familie van Noor",
                               description="Drie generaties", **kwargs))


def people(root):
    return {int(g.get("data-person-id")): g for g in root.iter(f"{SVG}g")
            if g.get("data-person-id")}


def position(group):
    x, y = group.get("transform").removeprefix("translate(").rstrip(")").split()
    return float(x), float(y)


def view_box(root):
    return [float(value) for value in root.get("viewBox").split()]


# --- the network circle: placement ------------------------------------------------------

def test_150_people_are_placed_without_two_nodes_overlapping(english):
    nodes = crowd(150)
    placed = circle_layout(nodes, ties(nodes, 300))
    assert set(placed) == {node.id for node in nodes}
    for (x1, y1, r1), (x2, y2, r2) in itertools.combinations(placed.values(), 2):
        assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2


def test_150_people_all_sit_inside_the_picture(english):
    nodes = crowd(150)
    left, top, width, height = view_box(circle(nodes))
    for x, y, radius in circle_layout(nodes).values():
        assert left <= x - radius and x + radius <= left + width
        assert top <= y - radius and y + radius <= top + height


def test_a_hundred_people_in_one_cell_still_do_not_overlap(english):
    nodes = [client()] + [Node(id=i, name=f"Neef {i}", sector="family", ring=1)
                          for i in range(2, 102)]
    placed = list(circle_layout(nodes).values())
    for (x1, y1, r1), (x2, y2, r2) in itertools.combinations(placed, 2):
        assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2


def test_the_drawing_puts_each_node_where_circle_layout_says(english):
    nodes = crowd(30)
    placed = circle_layout(nodes)
    for node_id, group in people(circle(nodes)).items():
        x, y = position(group)
        assert (x, y) == pytest.approx(placed[node_id][:2], abs=0.06)


def test_the_client_sits_in_the_centre_and_others_in_their_ring(english):
    nodes = [client(), Node(id=2, name="Oma", ring=1), Node(id=3, name="Buurman", ring=3,
                                                             sector="community")]
    placed = circle_layout(nodes)
    cx, cy, _ = placed[1]
    near = math.dist((cx, cy), placed[2][:2])
    far = math.dist((cx, cy), placed[3][:2])
    assert near < far


def test_people_carry_their_ring_and_sector_for_dragging(english):
    root = circle([client(), Node(id=7, name="Juf Ingrid", sector="school_work", ring=3)])
    group = people(root)[7]
    assert (group.get("data-ring"), group.get("data-sector")) == ("3", "school_work")
    assert "node" in group.get("class").split()
    cells = [p for p in root.iter(f"{SVG}path") if p.get("data-ring")]
    assert {(c.get("data-ring"), c.get("data-sector")) for c in cells} == {
        (str(ring), sector) for ring in (1, 2, 3) for sector in SECTORS}


@pytest.mark.parametrize("draw", [draw_circle, draw_genogram])
def test_the_same_map_is_drawn_the_same_way_whatever_the_input_order(english, draw):
    nodes, edges = family()
    nodes += crowd(40)[9:]
    first = draw(nodes, edges, title="t", description="d")
    assert draw(nodes[::-1], edges[::-1], title="t", description="d") == first


def test_a_person_given_twice_is_drawn_once(english):
    nodes = [client(), Node(id=2, name="Oma"), Node(id=2, name="Oma")]
    assert len(people(circle(nodes))) == 2 and len(circle_layout(nodes)) == 2


# --- safe, accessible SVG -----------------------------------------------------------------

def test_a_hostile_name_appears_only_as_escaped_text(english):
    nodes = [client(), Node(id=2, name=HOSTILE, relation="<b>neef</b>", sector="family")]
    for draw in (draw_circle, draw_genogram):
        markup = draw(nodes, [Edge(1, 2, "friend")], title=HOSTILE, description=HOSTILE)
        assert "<script" not in markup and "<b>" not in markup
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in markup
        root = parse(markup)
        assert not [e for e in root.iter() if e.tag.endswith("script")]
        assert HOSTILE in people(root)[2].find(f"{SVG}title").text


def test_the_svg_has_a_title_and_description_first(english):
    for root in (circle([client()]), genogram([client()])):
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        title, desc = list(root)[:2]
        assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
        # Named by the title, described by the description: not one long name (issue 26).
        assert root.get("aria-labelledby") == title.get("id")
        assert root.get("aria-describedby") == desc.get("id")
        assert title.text in ("Netwerk van Noor", "Familie van Noor")


def test_every_person_has_a_title_that_says_who_they_are(english):
    nodes = [client(), Node(id=2, name="Sanne", relation="mother", ring=1,
                            support=("practical", "emotional"), support_direction="to_client")]
    title = people(circle(nodes))[2].find(f"{SVG}title").text
    assert "Sanne (mother)" in title
    assert "Family" in title and "Close" in title
    assert "Practical help" in title and "Emotional support" in title
    assert "Supports the client" in title


def test_the_drawings_have_no_script_style_events_or_outside_references(english):
    nodes = crowd(25)
    for root in (circle(nodes, ties(nodes, 30)), genogram(nodes, ties(nodes, 30))):
        assert root.get("font-family") == "system-ui, sans-serif"
        for element in root.iter():
            assert element.tag.split("}")[1] not in ("script", "style", "image", "use",
                                                     "foreignObject")
            for name in element.attrib:
                assert name != "style" and not name.startswith("on") and "href" not in name


def test_characters_xml_cannot_carry_are_dropped(english):
    root = circle([client(), Node(id=2, name="Ka\x00rin\x1b (Veilig\x0bThuis)")])
    assert "Karin" in people(root)[2].find(f"{SVG}title").text


def test_a_long_name_is_shortened_on_the_picture_but_whole_in_its_title(english):
    long_name = "Maria Magdalena Wilhelmina van Oranje-Nassau tot Ravenstein-Hohenzollern"
    group = people(circle([client(), Node(id=2, name=long_name)]))[2]
    shown = "".join(group.find(f"{SVG}text[@class='node-label']").itertext())
    assert shown.endswith("\u2026") and len(shown) < len(long_name)
    assert long_name in group.find(f"{SVG}title").text


# --- ties ---------------------------------------------------------------------------------

def _tie(root, quality):
    return next(p for p in root.iter(f"{SVG}path") if p.get("data-quality") == quality)


def test_tense_ties_are_a_red_zigzag_and_weak_ties_dashed(english):
    nodes = [client(), Node(id=2, name="Vader", ring=3), Node(id=3, name="Oom", ring=3,
                                                             sector="friends")]
    root = circle(nodes, [Edge(1, 2, "partner", "tense"), Edge(1, 3, "friend", "weak")])
    tense, weak = _tie(root, "tense"), _tie(root, "weak")
    assert tense.get("stroke") != weak.get("stroke")
    assert tense.get("stroke").lower() in ("#c0161c", "red")
    assert weak.get("stroke-dasharray") and not tense.get("stroke-dasharray")
    assert len(tense.get("d").split()) > 3 * len(weak.get("d").split())


def test_strong_ties_are_thicker_than_ordinary_ones(english):
    nodes = [client(), Node(id=2, name="Oma", ring=1), Node(id=3, name="Opa", ring=2)]
    root = circle(nodes, [Edge(1, 2, "parent", "strong"), Edge(1, 3, "parent")])
    assert float(_tie(root, "strong").get("stroke-width")) > float(
        _tie(root, "ordinary").get("stroke-width"))


def test_conflict_and_cut_off_ties_carry_their_own_mark(english):
    nodes = [client(), Node(id=2, name="Vader", ring=3), Node(id=3, name="Oom", ring=3)]
    root = circle(nodes, [Edge(1, 2, "conflict", "tense"), Edge(1, 3, "cut_off", "weak")])
    drawn = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "ties")
    assert [p.get("data-kind") for p in drawn if p.get("data-kind")] == ["conflict", "cut_off"]
    assert len([p for p in drawn if p.get("class") == "tie-mark"]) == 2


def test_ties_to_people_not_on_the_map_are_left_out(english):
    root = circle([client()], [Edge(1, 99, "friend"), Edge(1, 1, "friend")])
    drawn = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "ties")
    assert not list(drawn)


# --- support, deceased, highlights --------------------------------------------------------

def test_support_letters_follow_the_translated_letter_labels(english, monkeypatch):
    monkeypatch.setitem(labels.SUPPORT_LETTERS, Support.COMPANY, "G (gezelschap)")
    node = Node(id=2, name="Lotte", support=("company", "practical"))
    letters = people(circle([client(), node]))[2].find(f"{SVG}text[@class='support-letters']")
    assert letters.text == "PG"


def test_the_deceased_are_crossed_out_on_the_circle(english):
    group = people(circle([client(), Node(id=2, name="Opa Henk", deceased=True)]))[2]
    assert "deceased" in group.get("class").split()
    assert group.find(f"{SVG}path[@class='deceased-mark']") is not None


@pytest.mark.parametrize("draw", [circle, genogram])
def test_changes_are_marked_by_outline_sign_and_legend_not_colour_alone(english, draw):
    nodes = [client(), Node(id=2, name="Nieuw"), Node(id=3, name="Weg"),
             Node(id=4, name="Verhuisd"), Node(id=5, name="Gelijk")]
    root = draw(nodes, highlight={2: "added", 3: "removed", 4: "moved"})
    groups = people(root)
    for node_id, change in ((2, "added"), (3, "removed"), (4, "moved")):
        group = groups[node_id]
        assert f"highlight-{change}" in group.get("class").split()
        outline = group.find(f"{SVG}circle[@class='highlight highlight-{change}']")
        assert outline.get("stroke-dasharray") and float(outline.get("stroke-width")) >= 3
        assert change.capitalize() in group.find(f"{SVG}title").text
    assert "highlight" not in groups[5].get("class")
    legend_text = " ".join(next(g for g in root.iter(f"{SVG}g")
                                if g.get("class") == "legend").itertext())
    assert "Added" in legend_text and "Removed" in legend_text and "Moved" in legend_text


# --- language -------------------------------------------------------------------------------

def test_sector_names_and_legend_are_in_the_current_language(english):
    markup = draw_circle([client()], [], title="t", description="d")
    assert ">Family<" in markup and ">Professionals<" in markup
    assert "Legend" in markup and "Strong" in markup


def test_sector_names_come_from_the_shared_labels(english, monkeypatch):
    monkeypatch.setitem(labels.SECTOR_LABELS, Sector.FAMILY, "Familie")
    monkeypatch.setitem(labels.RING_LABELS, 1, "Dichtbij")
    markup = draw_circle([client(), Node(id=2, name="Oma", ring=1)], [], title="t",
                         description="d")
    assert ">Familie<" in markup and ">Family<" not in markup
    assert "Dichtbij" in markup


# --- empty maps -----------------------------------------------------------------------------

@pytest.mark.parametrize("nodes", [[], [client()]], ids=["nobody", "only the client"])
def test_an_empty_map_is_still_a_valid_picture(english, nodes):
    for draw in (circle, genogram):
        root = draw(nodes)
        assert root.tag == f"{SVG}svg" and view_box(root)[2] > 0


def test_a_map_without_client_shows_a_centre_label(english):
    root = circle([Node(id=5, name="Buurvrouw", sector="community")])
    texts = [" ".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Client" in texts


def test_a_genogram_without_family_says_so(english):
    root = genogram([client(), Node(id=2, name="Lotte", sector="friends")])
    assert set(people(root)) == {1}
    assert any("No family members" in "".join(t.itertext()) for t in root.iter(f"{SVG}text"))


# --- the genogram ---------------------------------------------------------------------------

def family():
    nodes = [
        client(),
        Node(id=2, name="Sanne", gender="female", birth_year=1986),
        Node(id=3, name="Mehmet", gender="male", birth_year=1983),
        Node(id=4, name="Els", gender="female", birth_year=1958),
        Node(id=5, name="Henk", gender="male", birth_year=1955, deceased=True),
        Node(id=6, name="Daan", gender="male", birth_year=2016),
        Node(id=7, name="Kai", gender="other", birth_year=2040),
        Node(id=8, name="Tante Marloes", gender="female", birth_year=1970),
        Node(id=9, name="Lotte", sector="friends", gender="female"),
    ]
    edges = [
        Edge(2, 1, "parent"), Edge(3, 1, "parent"), Edge(6, 2, "child"), Edge(3, 6, "parent"),
        Edge(2, 3, "ex_partner", "tense"), Edge(4, 2, "parent"), Edge(5, 2, "parent"),
        Edge(4, 5, "partner"), Edge(7, 1, "child"), Edge(1, 9, "friend"),
    ]
    return nodes, edges


def test_the_genogram_puts_parents_one_row_above_their_children(english):
    groups = people(genogram(*family()))
    rows = sorted({position(g)[1] for g in groups.values()})
    row = {node_id: rows.index(position(g)[1]) for node_id, g in groups.items()}
    assert row[4] == row[5] == row[1] - 2
    assert row[2] == row[3] == row[1] - 1
    assert row[6] == row[1] and row[7] == row[1] + 1
    assert groups[2].get("data-generation") == "-1" and groups[7].get("data-generation") == "1"


def test_a_large_family_keeps_everyone_apart_in_their_row(english):
    rnd = random.Random(8)
    nodes = [client()] + [Node(id=i, name=f"Familielid {i}", gender=rnd.choice(
        ("male", "female", "unknown")), birth_year=rnd.randint(1930, 2020)) for i in range(2, 151)]
    edges = [Edge(rnd.randint(1, i - 1), i, rnd.choice(("parent", "child", "partner", "sibling")))
             for i in range(2, 151)]
    rows = {}
    for group in people(genogram(nodes, edges)).values():
        x, y = position(group)
        rows.setdefault(y, []).append(x)
    assert sum(len(xs) for xs in rows.values()) == 150
    for xs in rows.values():
        xs.sort()
        assert all(right - left >= 40 for left, right in itertools.pairwise(xs))


def test_the_genogram_shows_only_the_family_and_the_client(english):
    assert set(people(genogram(*family()))) == {1, 2, 3, 4, 5, 6, 7, 8}


def test_people_without_parent_ties_are_placed_by_birth_year(english):
    groups = people(genogram(*family()))
    # Tante Marloes (1970) has no ties: 44 years older than the client is one generation up.
    assert groups[8].get("data-generation") == "-2"


def test_the_genogram_draws_men_as_squares_women_as_circles_others_as_diamonds(english):
    groups = people(genogram(*family()))
    assert groups[3].find(f"{SVG}rect") is not None
    assert groups[2].find(f"{SVG}circle") is not None
    assert groups[7].find(f"{SVG}path").get("d").startswith("M0 ")


def test_the_genogram_marks_the_deceased_and_doubles_the_client(english):
    groups = people(genogram(*family()))
    assert groups[5].find(f"{SVG}path[@class='deceased-mark']") is not None
    assert groups[4].find(f"{SVG}path[@class='deceased-mark']") is None
    assert len(groups[1].findall(f"{SVG}circle")) == 2


def test_the_genogram_draws_partners_former_partners_and_children(english):
    root = genogram(*family())
    kinds = [p.get("class") for p in root.iter(f"{SVG}path")]
    assert "couple couple-partner" in kinds and "couple couple-ex_partner" in kinds
    descents = [p for p in root.iter(f"{SVG}path") if p.get("class") == "descent"]
    assert {d.get("data-parents") for d in descents} >= {"2 3", "4 5"}


# --- from the models ------------------------------------------------------------------------

def test_nodes_and_edges_are_made_from_people_ties_and_snapshot_data():
    person = SimpleNamespace(id=3, name="Sanne", relation="moeder", sector=Sector.FRIENDS,
                             ring=1, support=["emotional", "practical"],
                             support_direction=SupportDirection.BOTH, gender=Gender.FEMALE,
                             birth_year=1986, deceased=False, is_client=False)
    node = Node.from_person(person)
    assert node == Node(id=3, name="Sanne", relation="moeder", sector="friends", ring=1,
                        support=("practical", "emotional"), support_direction="both",
                        gender="female", birth_year=1986)
    assert Node.from_dict({**vars(person), "phone": "06", "sector": "friends"}) == node
    rel = SimpleNamespace(person_a_id=3, person_b_id=4, kind=TieKind.PARENT,
                          quality=TieQuality.STRONG)
    assert Edge.from_relationship(rel) == Edge(3, 4, "parent", "strong")
    assert Edge.from_dict({"a": 3, "b": 4, "kind": "parent", "quality": "strong"}) == Edge(
        3, 4, "parent", "strong")


def test_odd_values_are_made_safe_rather_than_refused():
    node = Node.from_dict({"id": "5", "name": None, "sector": "elsewhere", "ring": 9,
                           "support": ["flying", "advice"], "gender": "?",
                           "birth_year": "unknown"})
    assert (node.id, node.name, node.sector, node.ring, node.support, node.gender,
            node.birth_year) == (5, "", "family", 3, ("advice",), "unknown", None)
    assert Edge.from_dict({"a": 1, "b": 2, "kind": "enemy"}).quality == "ordinary"
