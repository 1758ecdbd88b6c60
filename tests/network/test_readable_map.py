"""Issue 19, item 6: a map that stays readable when one side is crowded — slices in
proportion to their people, no text under 9 px, no line through a name, genogram row
names never cut off, conflict lines around the people they pass."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from eigenkracht.network.drawing import Edge, Node, draw_circle, draw_genogram
from eigenkracht.network.drawing import texts as drawing_texts
from eigenkracht.network.drawing.genogram import HALF
from eigenkracht.network.drawing.layout import MIN_SHARE, compute, sector_spans
from eigenkracht.network.drawing.svg import text_width

SVG = "{http://www.w3.org/2000/svg}"
CIRCLE = 2 * math.pi
SUPPORTS = ("practical", "company", "advice", "emotional")


@pytest.fixture
def english(app):
    with app.test_request_context("/?lang=en"):
        yield


def crowded_family(family=15):
    """The client, ``family`` relatives in one sector (all support, long names), and a
    friend and a teacher elsewhere."""
    nodes = [Node(id=1, name="Noor Bakker", is_client=True, gender="female")]
    for number in range(family):
        nodes.append(Node(id=10 + number, name=f"Familielid {number} van der Berg-Öztürk",
                          sector="family", ring=(1, 2, 3)[number % 3], support=SUPPORTS))
    nodes.append(Node(id=90, name="Vriendin Sanne", sector="friends", ring=2))
    nodes.append(Node(id=91, name="Juf Ilse", sector="school_work", ring=3))
    return nodes


# --- room in proportion to the people -----------------------------------------------------

def test_an_empty_map_has_five_equal_slices():
    assert sector_spans([0, 0, 0, 0, 0]) == pytest.approx([CIRCLE / 5] * 5)


def test_slices_grow_with_their_people_and_keep_a_minimum():
    spans = sector_spans([15, 1, 0, 1, 0])
    assert sum(spans) == pytest.approx(CIRCLE)
    assert spans[0] > CIRCLE / 2  # the family of fifteen gets most of the circle
    assert spans[2] == pytest.approx(MIN_SHARE * CIRCLE)  # an empty sector keeps its minimum
    assert spans[1] == pytest.approx(spans[3]) and spans[1] > spans[2]


def test_everyone_in_one_sector_still_leaves_the_others_their_minimum():
    spans = sector_spans([40, 0, 0, 0, 0])
    assert spans[1:] == pytest.approx([MIN_SHARE * CIRCLE] * 4)
    assert spans[0] == pytest.approx((1 - 4 * MIN_SHARE) * CIRCLE)


def test_people_spread_evenly_get_equal_slices():
    assert sector_spans([3, 3, 3, 3, 3]) == pytest.approx([CIRCLE / 5] * 5)


def test_the_family_of_fifteen_sits_in_its_own_wide_slice(english):
    geometry = compute(crowded_family())
    first, last = geometry.sector_angles("family")
    assert last - first > CIRCLE / 2
    for node_id in range(10, 25):
        x, y = geometry.positions[node_id]
        angle = math.atan2(y - geometry.centre[1], x - geometry.centre[0])
        turns = (angle - first) % CIRCLE
        assert turns <= last - first, node_id


# --- nothing overlaps, nothing is too small -------------------------------------------------

def _people(root):
    """Each person's node circle and name plate, in the picture's coordinates."""
    found = {}
    for group in root.iter(f"{SVG}g"):
        if "person" not in (group.get("class") or "").split():
            continue
        x, y = map(float, re.match(r"translate\(([-\d.]+) ([-\d.]+)\)",
                                   group.get("transform")).groups())
        outline = next(c for c in group.iter(f"{SVG}circle"))
        plate = next(r for r in group.iter(f"{SVG}rect") if r.get("class") == "label-plate")
        px, py = x + float(plate.get("x")), y + float(plate.get("y"))
        found[group.get("data-person-id")] = {
            "node": (x, y, float(outline.get("r"))),
            "plate": (px, py, px + float(plate.get("width")), py + float(plate.get("height"))),
        }
    return found


def _boxes_meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _circle_meets_box(circle, box) -> bool:
    x, y, r = circle
    nearest_x, nearest_y = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    return math.hypot(x - nearest_x, y - nearest_y) < r


def test_fifteen_in_one_sector_overlap_nothing(english):
    root = ET.fromstring(draw_circle(crowded_family(), [], title="t", description="d"))  # noqa: S314
    people = _people(root)
    assert len(people) == 18
    for (one, a), (other, b) in ((p, q) for p in people.items() for q in people.items()):
        if one == other:
            continue
        assert not _boxes_meet(a["plate"], b["plate"]), (one, other)
        assert not _circle_meets_box(a["node"], b["plate"]), (one, other)
        (x1, y1, r1), (x2, y2, r2) = a["node"], b["node"]
        assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2, (one, other)


def _font_sizes(element, inherited=None):
    size = float(element.get("font-size")) if element.get("font-size") else inherited
    if element.tag in (f"{SVG}text", f"{SVG}tspan") and (element.text or "").strip():
        yield size, element.text
    for child in element:
        yield from _font_sizes(child, size)


@pytest.mark.parametrize("draw", [draw_circle, draw_genogram])
def test_no_text_is_smaller_than_nine_pixels(english, draw):
    nodes = crowded_family()
    edges = [Edge(10, 11, "partner", "strong"), Edge(10, 12, "parent", "ordinary")]
    root = ET.fromstring(draw(nodes, edges, title="t", description="d"))  # noqa: S314
    sizes = list(_font_sizes(root))
    assert sizes, "the drawing has text"
    too_small = [(size, words) for size, words in sizes if size is None or size < 9]
    assert not too_small


def test_no_line_runs_through_a_name(english):
    nodes = crowded_family()
    edges = [Edge(1, n, "friend", "ordinary") for n in range(10, 25)] + [
        Edge(90, 91, "conflict", "tense"), Edge(10, 24, "cut_off", "weak")]
    root = ET.fromstring(draw_circle(nodes, edges, title="t", description="d"))  # noqa: S314
    layers = [g.get("class") for g in root if g.tag == f"{SVG}g"]
    assert layers.index("ties") < layers.index("people")  # names are drawn over the ties
    for group in root.iter(f"{SVG}g"):
        if "person" not in (group.get("class") or "").split():
            continue
        children = list(group)
        plate = next(i for i, c in enumerate(children) if c.get("class") == "label-plate")
        name = children[plate + 1]
        assert children[plate].get("fill") == "#ffffff"  # opaque: it hides any line
        width = float(children[plate].get("width"))
        for line in name.iter(f"{SVG}tspan"):
            assert text_width(line.text, float(name.get("font-size"))) <= width


# --- the genogram ---------------------------------------------------------------------------

def test_a_long_generation_name_is_never_cut_off(english, monkeypatch):
    long_name = "The generation of the client, their brothers, sisters and cousins"
    monkeypatch.setitem(drawing_texts.GENERATION_NAMES, 0, long_name)
    nodes = [Node(id=1, name="Noor", is_client=True, gender="female"),
             Node(id=2, name="Broer", gender="male")]
    svg = draw_genogram(nodes, [Edge(1, 2, "sibling", "ordinary")], title="t",
                        description="d")
    root = ET.fromstring(svg)  # noqa: S314
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "generation-label"]
    label = next(t for t in labels if t.text == long_name)
    end = float(label.get("x")) + text_width(long_name, 12.5, bold=True)
    first = min(float(re.match(r"translate\(([-\d.]+)", g.get("transform")).group(1)) - HALF
                for g in root.iter(f"{SVG}g") if "person" in (g.get("class") or ""))
    assert end < first
    assert "…" not in "".join(t.text or "" for t in labels)


def test_a_conflict_line_goes_around_the_people_it_passes(english):
    """Five children in a row; the eldest and the youngest are in conflict: the line may not
    touch the three in between, nor their names."""
    nodes = [Node(id=1, name="Noor", is_client=True, gender="female", birth_year=2010),
             Node(id=2, name="Vader", gender="male", birth_year=1980),
             Node(id=3, name="Moeder", gender="female", birth_year=1982)]
    edges = [Edge(2, 3, "partner", "ordinary"), Edge(2, 1, "parent", "ordinary"),
             Edge(3, 1, "parent", "ordinary")]
    for child in range(4, 8):
        nodes.append(Node(id=child, name=f"Kind {child}", gender="male", birth_year=2008 + child))
        edges += [Edge(2, child, "parent", "ordinary"), Edge(3, child, "parent", "ordinary")]
    root = ET.fromstring(draw_genogram(  # noqa: S314
        nodes, [*edges, Edge(1, 7, "conflict", "ordinary")], title="t", description="d"))
    places = {}
    for group in root.iter(f"{SVG}g"):
        if "person" in (group.get("class") or "").split():
            x, y = map(float, re.match(r"translate\(([-\d.]+) ([-\d.]+)\)",
                                       group.get("transform")).groups())
            places[int(group.get("data-person-id"))] = (x, y)
    conflict = next(p for p in root.iter(f"{SVG}path") if "tie-conflict" in
                    (p.get("class") or ""))
    x1, y1, cx, cy, x2, y2 = map(float, re.findall(r"-?[\d.]+", conflict.get("d")))
    ends = {1, 7}
    between = [pid for pid, (x, y) in places.items() if pid not in ends
               and min(x1, x2) < x < max(x1, x2) and abs(y - y1) < 1]
    assert len(between) >= 3
    for step in range(1, 100):
        t = step / 100
        u = 1 - t
        px = u * u * x1 + 2 * u * t * cx + t * t * x2
        py = u * u * y1 + 2 * u * t * cy + t * t * y2
        for pid in between:
            x, y = places[pid]
            inside_symbol = abs(px - x) <= HALF + 4 and abs(py - y) <= HALF + 4
            inside_name = abs(px - x) <= 43 and y + HALF < py <= y + HALF + 36
            assert not (inside_symbol or inside_name), (pid, px, py)


# --- several clients (issue 19, item 1: the map has all clients in the centre) -------------

@pytest.mark.parametrize("count", [2, 3])
def test_several_clients_all_sit_in_the_centre_apart(english, count):
    nodes = [Node(id=n, name=f"Kind {n} Jansen-Yılmaz", is_client=True, gender="female")
             for n in range(1, count + 1)] + crowded_family()[1:]
    geometry = compute(nodes)
    reach = geometry.metrics.client_reach
    cx, cy = geometry.centre
    places = [geometry.positions[n] for n in range(1, count + 1)]
    for x, y in places:
        assert math.hypot(x - cx, y - cy) + reach <= geometry.radii[0] + 1e-6
    root = ET.fromstring(draw_circle(nodes, [], title="t", description="d"))  # noqa: S314
    people = _people(root)
    clients = [g for g in root.iter(f"{SVG}g") if "client" in (g.get("class") or "").split()]
    assert len(clients) == count
    ids = [str(n) for n in range(1, count + 1)]
    for one in ids:
        for other in people:
            if other != one:
                assert not _boxes_meet(people[one]["plate"], people[other]["plate"])


def test_every_client_has_the_double_outline_in_the_genogram(english):
    nodes = [Node(id=1, name="Noor", is_client=True, gender="female", birth_year=2016),
             Node(id=2, name="Daan", is_client=True, gender="male", birth_year=2019),
             Node(id=3, name="Moeder", gender="female", birth_year=1988)]
    edges = [Edge(3, 1, "parent", "ordinary"), Edge(3, 2, "parent", "ordinary")]
    root = ET.fromstring(draw_genogram(nodes, edges, title="t", description="d"))  # noqa: S314
    clients = [g.get("data-person-id") for g in root.iter(f"{SVG}g")
               if "client" in (g.get("class") or "").split()]
    assert sorted(clients) == ["1", "2"]
