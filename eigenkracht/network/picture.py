"""The pictures of the map: the live map, an old snapshot and a comparison, as SVG text.

Turns rows or snapshot JSON into the drawing's ``Node`` and ``Edge`` values, and gives each
picture a translated ``<title>`` and ``<desc>``. The drawing itself (layout, escaping) lives
in ``eigenkracht.network.drawing``.

The live map is drawn once per content: ``draw_map`` keeps its last drawings in a small
per-process LRU (``DRAWN``), keyed by the case, the kind of picture, the language and the
drawing's whole input (every node, edge and text). A map that changed in any way has
another key, so a kept drawing is never out of date; a visit by someone else, or a revisit
the browser did not keep, reuses the drawing instead of laying the map out again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from flask_babel import get_locale
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


class Drawings:
    """A bounded LRU of drawn SVG text: at most ``entries`` drawings and ``size`` characters
    (a 150-person map is about 100,000), safe for a worker's threads."""

    def __init__(self, entries: int = 32, size: int = 4_000_000) -> None:
        self.entries, self.size = entries, size
        self._kept: OrderedDict[Hashable, str] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, draw: Callable[[], str]) -> str:
        """The drawing kept for ``key``, else ``draw()``'s, kept."""
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        drawn = draw()  # outside the lock: another thread may draw the same map meanwhile
        if len(drawn) > self.size:
            return drawn
        with self._lock:
            if key not in self._kept:
                self._kept[key] = drawn
                self._used += len(drawn)
                while len(self._kept) > self.entries or self._used > self.size:
                    _key, dropped = self._kept.popitem(last=False)
                    self._used -= len(dropped)
        return drawn

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._used = 0

    def __len__(self) -> int:
        return len(self._kept)


DRAWN = Drawings()


def draw_map(network: NetworkMap, view: str = "circle") -> str:
    """The live map of ``network``, drawn once per content (``DRAWN``)."""
    view = view_of(view)
    nodes = tuple(Node.from_person(p) for p in network.people)
    edges = tuple(Edge.from_relationship(t) for t in network.ties)
    texts = _texts(view, network.client.name, len(network.others))
    key = (network.case.id, view, str(get_locale()), nodes, edges, tuple(texts.items()))
    return DRAWN.get(key, lambda: _draw(view, list(nodes), list(edges), texts))


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
