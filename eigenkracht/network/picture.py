"""The pictures of the map: the live map, an old snapshot and a comparison, as SVG text.

Turns rows or snapshot JSON into the drawing's ``Node`` and ``Edge`` values, and gives each
picture a translated ``<title>`` and ``<desc>``. The drawing itself (layout, escaping) lives
in ``eigenkracht.network.drawing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _

from eigenkracht.network.drawing import Edge, Node, draw_circle, draw_genogram
from eigenkracht.network.services import NetworkMap
from eigenkracht.network.snapshots import Comparison, snapshot_people, snapshot_ties

VIEWS = ("circle", "genogram")


def view_of(asked: str | None) -> str:
    return asked if asked in VIEWS else "circle"


def _texts(view: str, client_name: str, count: int, when: str | None = None) -> dict[str, str]:
    if view == "genogram":
        title = _("Genogram of %(name)s", name=client_name)
        description = _("The family of %(name)s by generation: squares for men, circles for "
                        "women, lines for partners and for parents and children.",
                        name=client_name)
    else:
        title = _("Network map of %(name)s", name=client_name)
        description = _("%(count)s people around %(name)s, in three rings (close, middle, far) "
                        "and five sectors. The letters on a person say which support they "
                        "give.", count=count, name=client_name)
    if when:
        title = _("%(title)s, as of %(date)s", title=title, date=when)
    return {"title": title, "description": description}


def _draw(view: str, nodes: list[Node], edges: list[Edge], texts: dict[str, str],
          highlight: dict[int, str] | None = None) -> str:
    if view == "genogram":
        return draw_genogram(nodes, edges, highlight=highlight, **texts)
    return draw_circle(nodes, edges, highlight=highlight, **texts)


def draw_map(network: NetworkMap, view: str = "circle") -> str:
    """The live map of ``network``."""
    nodes = [Node.from_person(p) for p in network.people]
    edges = [Edge.from_relationship(t) for t in network.ties]
    texts = _texts(view, network.client.name, len(network.others))
    return _draw(view, nodes, edges, texts)


def _nodes(people: Iterable[Mapping[str, Any]]) -> list[Node]:
    return [Node.from_dict(p) for p in people]


def _edges(ties: Iterable[Mapping[str, Any]]) -> list[Edge]:
    return [Edge.from_dict(t) for t in ties]


def draw_snapshot(data: Mapping[str, Any], client_name: str, when: str,
                  view: str = "circle") -> str:
    """An old snapshot, drawn from its JSON."""
    people = snapshot_people(data)
    count = sum(1 for p in people if not p.get("is_client"))
    return _draw(view, _nodes(people), _edges(snapshot_ties(data)),
                 _texts(view, client_name, count, when))


def draw_comparison(comparison: Comparison, client_name: str) -> str:
    """The newer map with the changes marked; removed people drawn where they were."""
    count = sum(1 for p in comparison.people if not p.get("is_client"))
    texts = {
        "title": _("Changes in the network of %(name)s", name=client_name),
        "description": _("%(count)s people. Marked: %(added)s added, %(removed)s removed "
                         "(drawn where they were), %(moved)s moved, %(changed)s with other "
                         "support.", count=count, added=len(comparison.added),
                         removed=len(comparison.removed),
                         moved=len({m.person["id"] for m in comparison.closer
                                    + comparison.further + comparison.sector_changed}),
                         changed=len({c.person["id"] for c in comparison.support_gained
                                      + comparison.support_lost})),
    }
    return draw_circle(_nodes(comparison.people), _edges(comparison.ties), highlight=
                       comparison.highlight(), **texts)
