"""The genogram of the family sector: generations as rows, couples, children below."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

from eigenkracht.network.drawing import legend, svg
from eigenkracht.network.drawing.family_tree import COUPLES, Tree, build
from eigenkracht.network.drawing.person import Look, person
from eigenkracht.network.drawing.svg import INK, TENSE_RED, element, label, num, text_width
from eigenkracht.network.drawing.texts import Words
from eigenkracht.network.drawing.types import HIGHLIGHTS, QUALITIES, SUPPORTS, Edge, Node

HALF = 16.0  # half the size of a symbol
ROW_HEIGHT = 132.0
LEFT = 176.0  # the least room for the generation names; more when a name needs it
ROW_FONT = 12.5
LABEL_X = 16.0
TOP = 46.0
RIGHT = 40.0
STRUCTURE = {"stroke": INK, "stroke_width": 1.8, "fill": "none", "stroke_linecap": "round"}


@lru_cache(maxsize=4)
def look_for(count: int) -> tuple[Look, float]:
    """Sizes for a family of ``count`` people, and the width of one place in a row."""
    if count <= 40:
        return Look(HALF, 12, 86), 100.0
    return Look(HALF, 11, 78), 90.0


@lru_cache(maxsize=16)
def symbol(gender: str, client: bool) -> str:
    """Square (male), circle (female) or diamond (other or unknown); the client doubled."""
    fill = "#fff7d1" if client else "#ffffff"

    def shape(inset: float, paint: str) -> str:
        size = HALF - inset
        if gender == "male":
            return element("rect", x=-size, y=-size, width=2 * size, height=2 * size,
                           fill=paint, stroke=INK, stroke_width=1.7)
        if gender == "female":
            return element("circle", r=size, fill=paint, stroke=INK, stroke_width=1.7)
        size += 2.5
        return element("path", d=f"M0 {num(-size)}L{num(size)} 0L0 {num(size)}L{num(-size)} 0Z",
                       fill=paint, stroke=INK, stroke_width=1.7, stroke_linejoin="round")

    return shape(0, fill) + (shape(4.5, "none") if client else "")


class _Sheet:
    """The genogram's coordinates and lines, for one ``Tree``."""

    def __init__(self, tree: Tree, slot: float, left: float = LEFT, look: Look | None = None):
        self.tree, self.slot, self.left = tree, slot, left
        self.look = look or look_for(len(tree.people))[0]
        self._boxes: list[tuple[int, float, float, float, float]] | None = None
        self.couples = {frozenset((e.a, e.b)) for e in tree.edges if e.kind in COUPLES}
        self.partners: dict[int, list[int]] = {}
        for pair in self.couples:
            a, b = sorted(pair)
            self.partners.setdefault(a, []).append(b)
            self.partners.setdefault(b, []).append(a)

    def x(self, node_id: int) -> float:
        return self.left + self.tree.x[node_id] * self.slot

    def boxes(self) -> list[tuple[int, float, float, float, float]]:
        """Each person's symbol with their name under it: (id, left, top, right, bottom)."""
        if self._boxes is None:
            look = self.look
            half_width = max(HALF + 4, look.label_width / 2)
            below = look.label_top + look.line_height + 0.3 * look.font
            self._boxes = [(node_id, self.x(node_id) - half_width, self.y(node_id) - HALF - 4,
                            self.x(node_id) + half_width, self.y(node_id) + below)
                           for node_id in self.tree.people]
        return self._boxes

    def y(self, node_id: int) -> float:
        return self.row_y(self.tree.row_of(node_id))

    @staticmethod
    def row_y(row: int) -> float:
        return TOP + HALF + row * ROW_HEIGHT

    def couple_line(self, edge: Edge) -> str:
        a, b = sorted((edge.a, edge.b), key=self.x)
        y = self.y(a)
        if self.y(b) != y:
            return ""
        x1, x2 = self.x(a) + HALF, self.x(b) - HALF
        style = dict(STRUCTURE)
        if edge.quality == "strong":
            style["stroke_width"] = 3.4
        elif edge.quality == "weak":
            style["stroke_dasharray"] = "6 5"
        elif edge.quality == "tense":
            style["stroke"] = TENSE_RED
        path = f"M{num(x1)} {num(y)}H{num(x2)}"
        if edge.kind == "ex_partner":
            middle = (x1 + x2) / 2
            path += (f"M{num(middle - 6)} {num(y + 8)}L{num(middle - 1)} {num(y - 8)}"
                     f"M{num(middle + 1)} {num(y + 8)}L{num(middle + 6)} {num(y - 8)}")
        return element("path", class_=f"couple couple-{edge.kind}", d=path,
                       data_a=edge.a, data_b=edge.b, **style)

    def _origin(self, parents: tuple[int, ...]) -> tuple[float, float, str]:
        """Where the line down to the children starts, and any line needed to get there."""
        ordered = sorted(parents, key=self.x)
        first = ordered[0]
        y = self.y(first)
        if len(ordered) > 1 and self.y(ordered[1]) == y:
            second = ordered[1]
            middle = (self.x(first) + self.x(second)) / 2
            if frozenset((first, second)) in self.couples:
                return middle, y, ""
            union = element("path", class_="couple couple-unknown",
                            d=f"M{num(self.x(first) + HALF)} {num(y)}"
                              f"H{num(self.x(second) - HALF)}", stroke_dasharray="3 4",
                            **STRUCTURE)
            return middle, y, union
        right = any(self.x(other) > self.x(first) for other in self.partners.get(first, ()))
        side = -1 if right else 1
        x = self.x(first) + side * self.slot / 2
        stub = f"M{num(self.x(first) + side * HALF)} {num(y)}H{num(x)}"
        return x, y, element("path", class_="descent-stub", d=stub, **STRUCTURE)

    def descent(self, parents: tuple[int, ...], children: list[int], index: int) -> str:
        """From the parents (their couple line, or one parent) down to their children."""
        ox, oy, extra = self._origin(parents)
        child_y = min(self.y(child) for child in children)
        bar = child_y - HALF - 12 - 9 * (index % 4)
        xs = [self.x(child) for child in children]
        path = [f"M{num(ox)} {num(oy)}V{num(bar)}",
                f"M{num(min(xs + [ox]))} {num(bar)}H{num(max(xs + [ox]))}"]
        path += [f"M{num(x)} {num(bar)}V{num(self.y(c) - HALF)}"
                 for x, c in zip(xs, children, strict=True)]
        return extra + element("path", class_="descent", d="".join(path),
                               data_parents=" ".join(map(str, parents)), **STRUCTURE)

    def sibling_bracket(self, edge: Edge) -> str:
        a, b = sorted((edge.a, edge.b), key=self.x)
        shared = set(self.tree.parents.get(a, ())) & set(self.tree.parents.get(b, ()))
        if shared or self.y(a) != self.y(b):
            return ""
        top = self.y(a) - HALF
        return element("path", class_="siblings",
                       d=f"M{num(self.x(a))} {num(top)}V{num(top - 12)}H{num(self.x(b))}"
                         f"V{num(top)}", **STRUCTURE)


EMOTIONAL = frozenset({"friend", "colleague", "conflict", "cut_off"})


def _structure(sheet: _Sheet) -> str:
    tree = sheet.tree
    parts = [f'<g{svg.attrs(class_="family-lines")}>']
    for edge in tree.edges:
        if edge.kind in COUPLES:
            parts.append(sheet.couple_line(edge))
        elif edge.kind == "sibling":
            parts.append(sheet.sibling_bracket(edge))
    groups: dict[tuple[int, ...], list[int]] = {}
    for child, parents in sorted(tree.parents.items()):
        groups.setdefault(parents, []).append(child)
    per_row: dict[int, int] = {}
    for parents, children in sorted(groups.items(), key=lambda item: (
            tree.row_of(item[1][0]), min(sheet.x(c) for c in item[1]))):
        row = tree.row_of(children[0])
        parts.append(sheet.descent(parents, children, per_row.get(row, 0)))
        per_row[row] = per_row.get(row, 0) + 1
    parts.append("</g>")
    return "".join(parts)


def clear_bend(sheet: _Sheet, edge: Edge) -> float:
    """The bend of a conflict, friendship or cut-off line that passes no one's symbol or
    name: the usual curve if it is clear, else the first clear one of deeper curves to
    either side, else the one that touches the fewest people."""
    x1, y1, x2, y2 = sheet.x(edge.a), sheet.y(edge.a), sheet.x(edge.b), sheet.y(edge.b)
    base = _bend(x1, y1, x2, y2)
    ends = {edge.a, edge.b}
    best: tuple[int, float] | None = None
    for factor in BEND_FACTORS:
        bend = base * factor
        hits = _touches(sheet, ends, x1, y1, x2, y2, bend)
        if hits == 0:
            return bend
        if best is None or hits < best[0]:
            best = (hits, bend)
    return best[1] if best else base


BEND_FACTORS = (1.0, -1.0, 1.8, -1.8, 2.8, -2.8, 4.0, -4.0)
SAMPLES = 24


def curve_points(x1: float, y1: float, x2: float, y2: float,
                 bend: float) -> list[tuple[float, float]]:
    """Points along a tie drawn with ``bend`` (``svg.tie``'s quadratic curve)."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    mx, my = (x1 + x2) / 2 + uy * bend, (y1 + y2) / 2 - ux * bend
    cx, cy = 2 * mx - (x1 + x2) / 2, 2 * my - (y1 + y2) / 2
    points = []
    for step in range(1, SAMPLES):
        t = step / SAMPLES
        u = 1 - t
        points.append((u * u * x1 + 2 * u * t * cx + t * t * x2,
                       u * u * y1 + 2 * u * t * cy + t * t * y2))
    return points


def _touches(sheet: _Sheet, ends: set[int], x1: float, y1: float, x2: float, y2: float,
             bend: float) -> int:
    points = curve_points(x1, y1, x2, y2, bend)
    low_x, high_x = min(p[0] for p in points), max(p[0] for p in points)
    low_y, high_y = min(p[1] for p in points), max(p[1] for p in points)
    hits = 0
    for node_id, left, top, right, bottom in sheet.boxes():
        if node_id in ends or right < low_x or left > high_x or bottom < low_y or top > high_y:
            continue
        if any(left <= x <= right and top <= y <= bottom for x, y in points):
            hits += 1
    return hits


def _bend(x1: float, y1: float, x2: float, y2: float) -> float:
    """How far a tie curves away from the family lines: upwards, or to the right when the
    line runs straight down."""
    length = math.hypot(x2 - x1, y2 - y1)
    size = min(max(0.18 * length, 24.0), 80.0)
    if abs(x2 - x1) < 1e-6:  # the curve's middle lies at (+uy, -ux) * bend
        return size if y2 > y1 else -size
    return size if x2 > x1 else -size


def _ties(sheet: _Sheet, words: Words) -> str:
    """Friendship, conflict, cut-off and tension between relatives, as on the circle."""
    names = {node_id: node.name for node_id, node in sheet.tree.people.items()}
    parts = [f'<g{svg.attrs(class_="ties")}>']
    for edge in sheet.tree.edges:
        if edge.kind in EMOTIONAL or edge.quality == "tense":
            x1, y1, x2, y2 = sheet.x(edge.a), sheet.y(edge.a), sheet.x(edge.b), sheet.y(edge.b)
            parts.append(svg.tie(x1, y1, x2, y2, edge.quality, edge.kind,
                                 title_text=words.tie_title(edge, names),
                                 extra=f' data-a="{int(edge.a)}" data-b="{int(edge.b)}"',
                                 bend=clear_bend(sheet, edge)))
    parts.append("</g>")
    return "".join(parts)


def left_margin(tree: Tree, words: Words) -> float:
    """Room left of the people for the longest generation name, never cut off."""
    widest = max((text_width(words.generation(g), ROW_FONT, bold=True)
                  for g in tree.row_generations), default=0.0)
    return max(LEFT, LABEL_X + widest + 56)


def _rows(sheet: _Sheet, words: Words, width: float) -> str:
    parts = [f'<g{svg.attrs(class_="generations")}>']
    for row, generation in enumerate(sheet.tree.row_generations):
        y = sheet.row_y(row)
        parts.append(element("path", class_="generation-line",
                             d=f"M{num(sheet.left - 40)} {num(y)}"
                             f"H{num(width - RIGHT / 2)}", stroke="#b8b8b8", stroke_width=1,
                             stroke_dasharray="2 6", data_generation=generation))
        parts.append(label(LABEL_X, y + 4.5, words.generation(generation), ROW_FONT,
                           anchor="start", weight="bold", fill="#333333",
                           class_="generation-label"))
    parts.append("</g>")
    return "".join(parts)


def _people(sheet: _Sheet, look: Look, words: Words, changes: Mapping[int, str]) -> str:
    tree = sheet.tree
    parts = [f'<g{svg.attrs(class_="people")}>']
    for row in tree.rows:
        for node_id in row:
            node = tree.people[node_id]
            client = node.is_client  # every client of the case: a double outline
            year = ""
            if node.birth_year is not None:
                year = label(-HALF - 4, -HALF + 7, str(node.birth_year), 10, anchor="end",
                             fill="#333333", class_="birth-year")
            parts.append(person(node, sheet.x(node_id), sheet.y(node_id), look, words,
                                outline=symbol(node.gender, client), change=changes.get(node_id),
                                client=client, decoration=year, reach=HALF * 1.3,
                                extra={"generation": tree.generation[node_id]}))
    parts.append("</g>")
    return "".join(parts)


def _legend_columns(words: Words, changes: set[str]) -> list[legend.Column]:
    def shape_sample(gender: str, client: bool = False) -> legend.Sample:
        def draw(x: float, y: float) -> str:
            return (f'<g transform="translate({num(x + legend.SAMPLE / 2)} {num(y)}) '
                    f'scale(0.55)">{symbol(gender, client)}</g>')
        return draw

    def couple_sample(ex: bool) -> legend.Sample:
        def build(x: float, y: float) -> str:
            path = f"M{num(x + 2)} {num(y)}H{num(x + legend.SAMPLE - 2)}"
            if ex:
                m = x + legend.SAMPLE / 2
                path += (f"M{num(m - 5)} {num(y + 6)}L{num(m - 1)} {num(y - 6)}"
                         f"M{num(m + 1)} {num(y + 6)}L{num(m + 5)} {num(y - 6)}")
            return path
        return legend.path_sample(build, **STRUCTURE)

    def descent_build(x: float, y: float) -> str:
        return (f"M{num(x + 18)} {num(y - 8)}V{num(y)}M{num(x + 6)} {num(y)}H{num(x + 30)}"
                f"M{num(x + 6)} {num(y)}V{num(y + 8)}M{num(x + 30)} {num(y)}V{num(y + 8)}")

    def siblings_build(x: float, y: float) -> str:
        return f"M{num(x + 6)} {num(y + 7)}V{num(y - 5)}H{num(x + 30)}V{num(y + 7)}"

    columns = [
        legend.Column(words.misc["symbols"], (
            legend.Entry(shape_sample("male"), words.misc["male"]),
            legend.Entry(shape_sample("female"), words.misc["female"]),
            legend.Entry(shape_sample("unknown"), words.misc["other"]),
            legend.Entry(shape_sample("female", client=True), words.misc["client_key"]),
            legend.Entry(legend.node_sample(deceased=True), words.misc["deceased"]))),
        legend.Column(words.misc["ties"], (
            legend.Entry(couple_sample(False), words.misc["partner"]),
            legend.Entry(couple_sample(True), words.misc["ex_partner"]),
            legend.Entry(legend.path_sample(descent_build, **STRUCTURE), words.misc["parent"]),
            legend.Entry(legend.path_sample(siblings_build, **STRUCTURE),
                         words.misc["sibling"]),
            *(legend.Entry(legend.tie_sample(q), words.qualities[q])
              for q in QUALITIES if q != "ordinary"),
            legend.Entry(legend.tie_sample("ordinary", "conflict"), words.misc["conflict"]),
            legend.Entry(legend.tie_sample("ordinary", "cut_off"), words.misc["cut_off"]))),
        legend.Column(words.misc["support"], tuple(
            legend.Entry(legend.node_sample(words.letters[kind]), words.letter_keys[kind])
            for kind in SUPPORTS)),
    ]
    if changes:
        columns.append(legend.Column(words.misc["changes"], tuple(
            legend.Entry(legend.highlight_sample(kind), words.highlights[kind])
            for kind in HIGHLIGHTS if kind in changes)))
    return columns


def draw_genogram(nodes: Sequence[Node], edges: Sequence[Edge], *, title: str,
                  description: str, highlight: Mapping[int, str] | None = None) -> str:
    """The genogram of the family sector as an SVG document (a string)."""
    words = Words.current()
    tree = build(nodes, edges)
    look, slot = look_for(len(tree.people))
    left = left_margin(tree, words)
    sheet = _Sheet(tree, slot, left, look)
    changes = {k: v for k, v in (highlight or {}).items() if v in HIGHLIGHTS}
    columns = _legend_columns(words, set(changes.values()))
    width = max(left + tree.width * slot + RIGHT, 760.0)
    legend_width = min(width - 32, 1100.0)
    body_height = TOP + max(len(tree.rows), 1) * ROW_HEIGHT
    height = body_height + legend.measure(columns, legend_width) + 16
    doc_id = svg.document_id("genogram", tree.people.values(), title)
    empty = ""
    if len(tree.people) - (tree.client_id is not None) == 0:
        empty = label(left, TOP + HALF + 50, words.misc["no_family"], 13, anchor="start",
                      italic=True, fill="#333333", class_="empty-note")
    return "".join([
        svg.open_svg(doc_id, (0, 0, width, height), title, description,
                     "network-map network-genogram"),
        _rows(sheet, words, width), _structure(sheet), _ties(sheet, words),
        _people(sheet, look, words, changes), empty,
        legend.draw(columns, words.misc["legend"], 16, body_height, legend_width),
        "</svg>",
    ])
