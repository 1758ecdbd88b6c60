"""How fast the network map is drawn: a 150-person, 300-tie map, circle and genogram.

Target (issue 3): drawing such a map takes a median under 50 ms on this machine.
Run: ``.venv/bin/python benchmarks/map_drawing.py [--runs 30] [--strict]``; the last line
is ``BENCH-JSON: [...]`` for ``benchmarks/run_all.py``.

The map is random but the same every run (fixed seed): a family of four generations with
partners, exes, parents and children, and people in every other sector and ring, with
ties of every kind and quality. The baseline, measured in the same run, builds and
serialises an SVG with the same number of elements through ElementTree, without any
layout: the cost of merely writing that much XML with the standard library.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import measure, print_table  # noqa: E402

from eigenkracht import create_app  # noqa: E402
from eigenkracht.network.drawing import Edge, Node, draw_circle, draw_genogram  # noqa: E402

TARGET_MS = 50.0
FIRST = ["Anna", "Bram", "Chantal", "Dewi", "Emre", "Fleur", "Gijs", "Hatice", "Ilse", "Jamal",
         "Kees", "Lieke", "Mohammed", "Nadia", "Olaf", "Priya", "Ruben", "Saskia", "Tarik",
         "Vera", "Yusuf", "Zeynep", "Wim", "Latifa"]
LAST = ["de Vries", "Jansen", "El Idrissi", "van den Berg", "Öztürk", "Bakker", "Visser",
        "Smit", "Meijer", "de Boer", "Yılmaz", "Mulder", "Bouzid", "Hendriks"]
OTHER_SECTORS = ("friends", "community", "school_work", "professionals")
KINDS = ("friend", "colleague", "sibling", "conflict", "cut_off", "partner")
QUALITIES = ("strong", "ordinary", "weak", "tense")


class _MapMaker:
    """Builds one deterministic map."""

    def __init__(self, seed: int):
        self.rnd = random.Random(seed)  # noqa: S311 (a repeatable sample, not a secret)
        self.nodes: list[Node] = []
        self.edges: dict[tuple[int, int, str], Edge] = {}

    def person(self, sector: str, ring: int, birth: int | None, **extra) -> int:
        rnd = self.rnd
        node_id = len(self.nodes) + 1
        support = tuple(rnd.sample(("practical", "company", "advice", "emotional"),
                                   rnd.choice((0, 1, 1, 2, 2, 3, 4))))
        values = {"name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                  "relation": rnd.choice(("", "neighbour", "friend", "aunt", "teacher")),
                  "gender": rnd.choice(("female", "male", "female", "male", "other")),
                  "support": support,
                  "support_direction": rnd.choice((None, "to_client", "from_client", "both")),
                  "deceased": birth is not None and birth < 1950 and rnd.random() < 0.4}
        values.update(extra)
        self.nodes.append(Node(id=node_id, sector=sector, ring=ring, birth_year=birth,
                               **values))
        return node_id

    def tie(self, a: int, b: int, kind: str, quality: str | None = None) -> None:
        quality = quality or self.rnd.choices(QUALITIES, weights=(2, 5, 3, 1))[0]
        if a != b and (a, b, kind) not in self.edges:
            self.edges[(a, b, kind)] = Edge(a, b, kind, quality)

    def couple_with_children(self, birth: int, children: int, ring: int) -> list[int]:
        a = self.person("family", ring, birth, gender="male")
        b = self.person("family", ring, birth + 2, gender="female")
        self.tie(a, b, self.rnd.choice(("partner", "partner", "ex_partner")))
        kids = []
        for index in range(children):
            kid = self.person("family", self.rnd.choice((1, 2, 3)), birth + 26 + 2 * index)
            self.tie(a, kid, "parent")
            self.tie(kid, b, "child")
            kids.append(kid)
        return kids

    def build(self, people: int, ties: int) -> tuple[list[Node], list[Edge]]:
        client = self.person("family", 1, 2012, name="Noor Bakker", is_client=True,
                             gender="female")
        # Four generations of family: grandparents' children marry and have children.
        aunts = self.couple_with_children(1950, 4, 2) + self.couple_with_children(1952, 3, 2)
        mother, father = aunts[0], aunts[4]
        self.tie(mother, father, "ex_partner", "tense")
        for child in (client, *(self.person("family", 1, 2014 + i) for i in range(2))):
            self.tie(mother, child, "parent")
            self.tie(father, child, "parent")
        for aunt in aunts[1:4] + aunts[5:]:
            partner = self.person("family", 3, 1978)
            self.tie(aunt, partner, "partner")
            for index in range(self.rnd.randint(1, 3)):
                cousin = self.person("family", 3, 2005 + index)
                self.tie(aunt, cousin, "parent")
                self.tie(partner, cousin, "parent")
        while len(self.nodes) < people:
            self.person(self.rnd.choice(OTHER_SECTORS), self.rnd.choice((1, 2, 2, 3, 3)),
                        self.rnd.choice((None, 1960, 1985, 2012)))
        ids = [node.id for node in self.nodes]
        for other in ids[1:]:
            if len(self.edges) < ties and self.rnd.random() < 0.35:
                self.tie(client, other, "friend")
        while len(self.edges) < ties:
            a, b = self.rnd.sample(ids, 2)
            self.tie(a, b, self.rnd.choices(KINDS, weights=(8, 4, 1, 1, 1, 1))[0])
        return self.nodes, list(self.edges.values())


def sample_map(people: int = 150, ties: int = 300, seed: int = 2026):
    """A deterministic map of ``people`` people (the client included) and ``ties`` ties."""
    return _MapMaker(seed).build(people, ties)


def plain_svg(count: int) -> bytes:
    """The baseline: ``count`` simple elements built and serialised by ElementTree."""
    root = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 1 1"})
    for index in range(count):
        element = ET.SubElement(root, "circle", {"cx": str(index % 97), "cy": str(index % 89),
                                                 "r": "12", "class": "node", "fill": "#fff"})
        if index % 3 == 0:
            element.text = f"Name {index} & <friends>"
    return ET.tostring(root)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--ties", type=int, default=300)
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when the target is not met")
    args = parser.parse_args()

    nodes, edges = sample_map(args.people, args.ties)
    app = create_app("testing")
    rows, met = [], True
    with app.test_request_context("/"):
        for name, draw in (("draw_circle", draw_circle), ("draw_genogram", draw_genogram)):
            svg = draw(nodes, edges, title="Benchmark", description="150 people")
            elements = sum(1 for _ in ET.fromstring(svg).iter())  # noqa: S314 (our own output)
            timing = measure(lambda draw=draw: draw(nodes, edges, title="Benchmark",
                                                    description="150 people"), args.runs)
            baseline = measure(lambda n=elements: plain_svg(n), args.runs)
            ok = timing["median"] < TARGET_MS
            met = met and ok
            rows.append({"drawing": name, "elements": elements, "kB": len(svg) / 1024,
                         "median ms": timing["median"], "p95 ms": timing["p95"],
                         "min ms": timing["min"], "cpu median ms": timing["cpu_median"],
                         "baseline median ms": baseline["median"],
                         "x baseline": timing["median"] / baseline["median"],
                         f"< {TARGET_MS:.0f} ms": "met" if ok else "NOT MET"})
    family = sum(1 for n in nodes if n.sector == "family")
    print(f"Map drawing: {len(nodes)} people ({family} family), {len(edges)} ties, "
          f"{args.runs} runs each (wall clock; CPU time beside it)")
    print("Baseline: ElementTree building and serialising as many plain elements, no layout")
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(a busy machine slows the wall clock; CPU time moves less)")
    print()
    print_table(rows)
    print()
    print(f"Target, median under {TARGET_MS:.0f} ms for each drawing: "
          f"{'met' if met else 'NOT MET'}")
    print("BENCH-JSON: " + json.dumps([
        {"benchmark": "map drawing",
         "figure": f"{row['drawing'].removeprefix('draw_')} median ms "
                   f"({len(nodes)} people, {len(edges)} ties)",
         "value": row["median ms"], "baseline": row["baseline median ms"],
         "ratio": row["x baseline"], "target": f"< {TARGET_MS:.0f} ms",
         "met": row["median ms"] < TARGET_MS} for row in rows]))
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
