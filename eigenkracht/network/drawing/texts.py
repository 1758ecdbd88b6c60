"""The words in the drawings, resolved once per drawing in the current language.

Labels shared with forms and pages come from ``eigenkracht.network.labels`` (read at drawing
time, so a change there shows up here); the few words only the pictures need are below.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from eigenkracht.network import labels
from eigenkracht.network.drawing.types import (
    DIRECTIONS,
    HIGHLIGHTS,
    KINDS,
    QUALITIES,
    RINGS,
    SECTORS,
    SUPPORTS,
    Edge,
    Node,
)

CLIENT = _l("Client")
LEGEND = _l("Legend")
RINGS_HEADING = _l("Rings, from the centre out")
RING_KEY = _l("%(number)s: %(name)s")
TIES_HEADING = _l("Ties")
SUPPORT_HEADING = _l("Support")
SYMBOLS_HEADING = _l("Symbols")
CHANGES_HEADING = _l("Changes")
CONFLICT = _l("Conflict")
CUT_OFF = _l("Contact cut off")
DECEASED = _l("Deceased")
CLIENT_KEY = _l("The client (double outline)")
PERSON_PLACE = _l("%(sector)s, ring %(number)s (%(ring)s)")
SUPPORT_GIVEN = _l("Support: %(kinds)s")
BORN = _l("Born in %(year)s")
TIE_TITLE = _l("%(a)s %(relation)s %(b)s (%(quality)s)")
NO_FAMILY = _l("No family members are on the map yet.")
MALE_KEY = _l("Square: male")
FEMALE_KEY = _l("Circle: female")
OTHER_KEY = _l("Diamond: other or unknown")
PARTNER_KEY = _l("Partners")
EX_PARTNER_KEY = _l("Former partners")
PARENT_KEY = _l("Parents and children")
SIBLING_KEY = _l("Brothers and sisters")
GENERATION = _l("Generation %(number)s")
GENERATION_NAMES = {
    -2: _l("Grandparents"),
    -1: _l("Parents"),
    0: _l("Client's generation"),
    1: _l("Children"),
    2: _l("Grandchildren"),
}
HIGHLIGHT_LABELS = {
    "added": _l("Added"),
    "removed": _l("Removed"),
    "moved": _l("Moved to another ring or sector"),
    "changed": _l("Support or details changed"),
}


@dataclass(frozen=True)
class Words:
    """Every label a drawing needs, as plain strings of one language."""

    sectors: dict[str, str]
    rings: dict[int, str]
    supports: dict[str, str]
    letters: dict[str, str]
    letter_keys: dict[str, str]
    directions: dict[str, str]
    kinds: dict[str, str]
    qualities: dict[str, str]
    highlights: dict[str, str]
    generations: dict[int, str]
    misc: dict[str, str]

    @classmethod
    def current(cls) -> Words:
        """Render every label now (needs an app or request context for the language)."""
        letter_keys = {kind: str(labels.SUPPORT_LETTERS[kind]) for kind in SUPPORTS}
        misc_names = {
            "client": CLIENT, "legend": LEGEND, "rings": RINGS_HEADING, "ring_key": RING_KEY,
            "ties": TIES_HEADING, "support": SUPPORT_HEADING, "symbols": SYMBOLS_HEADING,
            "changes": CHANGES_HEADING, "conflict": CONFLICT, "cut_off": CUT_OFF,
            "deceased": DECEASED, "client_key": CLIENT_KEY, "place": PERSON_PLACE,
            "support_given": SUPPORT_GIVEN, "born": BORN, "tie_title": TIE_TITLE,
            "no_family": NO_FAMILY, "male": MALE_KEY, "female": FEMALE_KEY,
            "other": OTHER_KEY, "partner": PARTNER_KEY, "ex_partner": EX_PARTNER_KEY,
            "parent": PARENT_KEY, "sibling": SIBLING_KEY, "generation": GENERATION,
        }
        return cls(
            sectors={sector: str(labels.SECTOR_LABELS[sector]) for sector in SECTORS},
            rings={ring: str(labels.RING_LABELS[ring]) for ring in RINGS},
            supports={kind: str(labels.SUPPORT_LABELS[kind]) for kind in SUPPORTS},
            letters={kind: (text.strip()[:1] or "?").upper()
                     for kind, text in letter_keys.items()},
            letter_keys=letter_keys,
            directions={d: str(labels.DIRECTION_LABELS[d]) for d in DIRECTIONS},
            kinds={kind: str(labels.TIE_KIND_LABELS[kind]) for kind in KINDS},
            qualities={q: str(labels.QUALITY_LABELS[q]) for q in QUALITIES},
            highlights={h: str(HIGHLIGHT_LABELS[h]) for h in HIGHLIGHTS},
            generations={g: str(text) for g, text in GENERATION_NAMES.items()},
            misc={key: str(text) for key, text in misc_names.items()},
        )

    def support_letters(self, node: Node) -> str:
        return "".join(self.letters[kind] for kind in node.support)

    def generation(self, number: int) -> str:
        if number in self.generations:
            return self.generations[number]
        return self.misc["generation"] % {"number": f"{number:+d}"}

    def person_title(self, node: Node) -> str:
        """What a screen reader says about a person: name, relation, place, support."""
        parts = [f"{node.name} ({node.relation})" if node.relation else node.name]
        if node.is_client:
            parts.append(self.misc["client"])
        else:
            parts.append(self.misc["place"] % {"sector": self.sectors[node.sector],
                                               "number": node.ring,
                                               "ring": self.rings[node.ring]})
        if node.support:
            kinds = ", ".join(self.supports[kind] for kind in node.support)
            parts.append(self.misc["support_given"] % {"kinds": kinds})
        if node.support_direction:
            parts.append(self.directions[node.support_direction])
        if node.birth_year is not None:
            parts.append(self.misc["born"] % {"year": node.birth_year})
        if node.deceased:
            parts.append(self.misc["deceased"])
        return ". ".join(parts)

    def tie_title(self, edge: Edge, names: dict[int, str]) -> str:
        return self.misc["tie_title"] % {"a": names[edge.a], "relation": self.kinds[edge.kind],
                                         "b": names[edge.b],
                                         "quality": self.qualities[edge.quality]}
