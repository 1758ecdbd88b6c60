"""The network map on paper (the plan PDF's map section): the drawing, and who is on it.

``network_picture`` draws the case's network circle (``eigenkracht.network.drawing``), the
same SVG the map page shows, and sizes it for the page; WeasyPrint draws it as vector
shapes and text (``pdf_image``: an ``<img>`` of a ``drawn:`` URL). ``map_groups`` lists the
people on it per sector and ring, as text: found by a search, read by a screen reader.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from eigenkracht.cases.models import Case
from eigenkracht.extensions import db
from eigenkracht.network.drawing import Edge, Node, draw_circle
from eigenkracht.network.labels import RING_LABELS, SECTOR_LABELS
from eigenkracht.network.models import Person, Relationship, Sector
from eigenkracht.pdf import bidi

log = logging.getLogger(__name__)

# The families declared in static/css/pdf.css: the only fonts a document uses.
FONT_FAMILIES = ("EK Noto Sans", "EK Noto Sans Arabic", "EK Noto Sans Ethiopic")
# The room for the network picture on an A4 page (mm), under its heading and above its caption.
MAP_WIDTH, MAP_HEIGHT = 174.0, 205.0


# Above this many people (the client not counted) the plan prints the map as counts per
# sector and ring (``map_counts``) and sends the reader to the map page: a picture with
# thousands of names is unreadable on A4 and takes WeasyPrint and the painter longer than a
# request may last (docs/pdf.md, "Large networks").
MAP_PRINT_LIMIT = 400
_VIEWBOX = re.compile(r'viewBox="[-\d.eE+]+[\s,]+[-\d.eE+]+[\s,]+([\d.eE+]+)[\s,]+([\d.eE+]+)"')
_FONT = re.compile(r'font-family="[^"]*"')
# A name on a white halo (paint-order="stroke", which WeasyPrint does not know: it would
# paint the halo over the letters) becomes two texts: the halo, then the letters.
_HALO = re.compile(r'<text\b([^>]*?) paint-order="stroke"([^>]*)>(.*?)</text>', re.DOTALL)
_STROKE = re.compile(r' stroke(?:-width|-linejoin)?="[^"]*"')
_FILL = re.compile(r' fill="[^"]*"')
# Letters that join or run right to left (Hebrew, Arabic and their neighbours): WeasyPrint
# sets SVG text letter by letter, unjoined. A map with them is made a picture by resvg in
# the consumer (``render.RASTER``), in the fonts' own names.
_SHAPED = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
RASTER_FONTS = ("Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic")


@dataclass(frozen=True)
class Picture:
    """A drawing for print: the SVG, its size on the page (mm) and its alt text."""

    svg: str
    width: float
    height: float
    title: str
    description: str
    media_type: str = "image/svg+xml"  # or render.RASTER: a picture made by resvg


def _halo(match: re.Match) -> str:
    attributes, text = match[1] + match[2], match[3]
    halo = _FILL.sub(' fill="#ffffff"', attributes)
    return f"<text{halo}>{text}</text><text{_STROKE.sub('', attributes)}>{text}</text>"


def for_print(svg: str, max_width: float, max_height: float, *, title: str,
              description: str) -> Picture:
    """``svg`` (a drawing of ``eigenkracht.network.drawing``) scaled to fit ``max_width`` ×
    ``max_height`` mm, in the fonts that ship with the app, its halos printable; a picture
    (made by resvg) when its words need shaping."""
    from eigenkracht.pdf.render import RASTER

    found = _VIEWBOX.search(svg)
    if found is None:
        raise ValueError("a drawing without a viewBox")
    width, height = float(found[1]), float(found[2])
    scale = min(max_width / width, max_height / height)
    shaped = bool(_SHAPED.search(svg))
    fonts = ", ".join(RASTER_FONTS if shaped else FONT_FAMILIES)
    svg = _HALO.sub(_halo, _FONT.sub(f'font-family="{fonts}"', svg))
    return Picture(svg=svg, width=round(width * scale, 2), height=round(height * scale, 2),
                   title=title, description=description,
                   media_type=RASTER if shaped else "image/svg+xml")


@dataclass(frozen=True)
class MapCount:
    """How many people one sector of the map has, per ring (closest first)."""

    heading: str
    rings: list[tuple[str, int]]  # (ring, how many people in it)
    total: int


def people_count(case: Case) -> int:
    """How many people besides the client are on the case's map: one aggregate query."""
    return db.session.scalar(select(func.count()).select_from(Person).where(
        Person.case_id == case.id, Person.is_client.is_(False))) or 0


def map_counts(case: Case) -> list[MapCount]:
    """The people on the map counted per sector and ring, closest first: one aggregate
    query, however many people (the summary of a map too large to print)."""
    rows = db.session.execute(
        select(Person.sector, Person.ring, func.count())
        .where(Person.case_id == case.id, Person.is_client.is_(False))
        .group_by(Person.sector, Person.ring)).all()
    counts: dict[Sector, dict[int, int]] = {}
    for sector, ring, number in rows:
        rings = counts.setdefault(sector, {})
        rings[ring or 9] = rings.get(ring or 9, 0) + number
    return [MapCount(heading=str(SECTOR_LABELS[sector]),
                     rings=[(str(RING_LABELS.get(ring, "")), counts[sector][ring])
                            for ring in sorted(counts[sector])],
                     total=sum(counts[sector].values()))
            for sector in Sector if sector in counts]


@dataclass(frozen=True)
class MapGroup:
    """The people of one sector of the network map, closest first, as text."""

    heading: str
    rings: list[tuple[str, str]]  # (ring, the names in it)



def people_on_map(case: Case) -> list[Person]:
    return list(db.session.scalars(select(Person).where(Person.case_id == case.id)))


def map_groups(people: list[Person]) -> list[MapGroup]:
    """Who is on the map, per sector and closest first: the names in the picture as text
    (found by a search, read by a screen reader, legible when the map is crowded)."""
    groups = []
    for sector in Sector:
        here = sorted((p for p in people if not p.is_client and p.sector == sector),
                      key=lambda p: (p.ring or 9, p.name.casefold()))
        rings = [(str(RING_LABELS.get(ring, "")),
                  bidi.names([p.name for p in here if (p.ring or 9) == ring]))
                 for ring in sorted({p.ring or 9 for p in here})]
        if rings:
            groups.append(MapGroup(heading=str(SECTOR_LABELS[sector]), rings=rings))
    return groups


def network_picture(case: Case, client_first_name: str,
                    people: list[Person] | None = None) -> Picture | None:
    """The network circle of the case, sized for the page; None with nobody on it."""
    people = people_on_map(case) if people is None else people
    if not any(not p.is_client for p in people):
        return None
    several = sum(1 for p in people if p.is_client) > 1  # each client by their first name
    nodes = [dataclasses.replace(Node.from_person(p),
                                 name=p.first_name if several else client_first_name)
             if p.is_client else Node.from_person(p) for p in people]
    ties = db.session.scalars(select(Relationship).where(Relationship.case_id == case.id)
                              .order_by(Relationship.id))
    edges = [Edge.from_relationship(t) for t in ties]
    count = sum(1 for p in people if not p.is_client)
    title = _("Network map of %(name)s", name=client_first_name)
    description = _("%(count)s people around %(name)s, in three rings (close, middle, far) "
                    "and five sectors. The letters on a person say which support they give.",
                    count=count, name=client_first_name)
    svg = draw_circle(nodes, edges, title=title, description=description)
    return for_print(svg, MAP_WIDTH, MAP_HEIGHT, title=title, description=description)
