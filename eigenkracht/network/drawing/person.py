"""One person as a ``<g>``: outline, support letters, marks, name and a ``<title>``.

Both drawings use it; they differ only in the outline (a circle on the network circle, a
square, circle or diamond on the genogram). Everything that is the same for every person of
one size is rendered once and reused: a 150-person map is drawn in a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from eigenkracht.network.drawing import svg
from eigenkracht.network.drawing.svg import HALO, INK, attrs, element, num, text
from eigenkracht.network.drawing.texts import Words
from eigenkracht.network.drawing.types import Node


@dataclass(frozen=True)
class Look:
    """How big people are drawn and how their names are set."""

    radius: float  # half the size of the outline
    font: float
    label_width: float
    bold: bool = False

    @property
    def line_height(self) -> float:
        return 1.15 * self.font

    @property
    def label_top(self) -> float:
        """From the centre down to the first baseline of the name."""
        return self.radius + 6 + 0.8 * self.font


MIN_FONT = 9.0  # no text of a drawing is smaller, at the drawing's own size


@lru_cache(maxsize=64)
def letters_markup(letters: str, radius: float) -> str:
    """Support letters, as large as fit inside the outline: three or four on two lines, so
    that none is smaller than ``MIN_FONT``."""
    if len(letters) <= 2:
        size = max(MIN_FONT, min(radius * 0.95, 1.75 * radius / (0.7 * len(letters))))
        return element("text", text(letters), class_="support-letters", y=size * 0.36,
                       font_size=size, font_weight="bold", text_anchor="middle", fill=INK)
    size = max(MIN_FONT, min(radius * 0.8, 1.75 * radius / 1.4))
    top, bottom = letters[:2], letters[2:]
    return ("<text" + attrs(class_="support-letters", font_size=size, font_weight="bold",
                            text_anchor="middle", fill=INK) + ">"
            f'<tspan x="0" y="{num(-size * 0.12)}">{text(top)}</tspan>'
            f'<tspan x="0" y="{num(size * 0.86)}">{text(bottom)}</tspan></text>')


@lru_cache(maxsize=16)
def deceased_markup(reach: float) -> str:
    return element("path", class_="deceased-mark", d=svg.x_mark(0, 0, reach), stroke=INK,
                   stroke_width=1.7, stroke_linecap="round")


@lru_cache(maxsize=32)
def change_markup(change: str, radius: float) -> tuple[str, str]:
    """The dashed outline (drawn under the person) and the badge (drawn on top)."""
    return (svg.highlight_ring(change, 0, 0, radius + 5),
            svg.highlight_badge(change, radius * 0.8 + 4, -radius * 0.8 - 2))


@lru_cache(maxsize=16)
def _label_open(font: float, bold: bool, struck: bool) -> str:
    return "<text" + attrs(class_="node-label", font_size=font,
                           font_weight="bold" if bold else None, text_anchor="middle",
                           fill=INK, stroke=HALO, stroke_width=3, stroke_linejoin="round",
                           paint_order="stroke",
                           text_decoration="line-through" if struck else None) + ">"


def name_markup(name: str, look: Look, *, struck: bool = False) -> str:
    """The name under the outline, on an opaque plate: the people are drawn over the ties,
    so no line ever runs through a name."""
    lines = svg.wrap(name, look.label_width, look.font, bold=look.bold)
    top = look.label_top
    spans = "".join(f'<tspan x="0" y="{num(top + index * look.line_height)}">{text(line)}'
                    "</tspan>" for index, line in enumerate(lines))
    width = max(svg.text_width(line, look.font, bold=look.bold) for line in lines) + 4
    plate = element("rect", class_="label-plate", x=-width / 2, y=top - 0.95 * look.font,
                    width=width, height=(len(lines) - 1) * look.line_height + 1.25 * look.font,
                    rx=2.0, fill=HALO)
    return f"{plate}{_label_open(look.font, look.bold, struck)}{spans}</text>"


def person(node: Node, x: float, y: float, look: Look, words: Words, *, outline: str,
           change: str | None = None, client: bool = False, decoration: str = "",
           extra: dict[str, int] | None = None, reach: float | None = None) -> str:
    """The ``<g>`` of one person; ``outline`` is the shape's markup around (0, 0),
    ``decoration`` any extra mark (such as the direction of support), ``reach`` how far
    the outline reaches from the centre (for the change marks and the deceased cross),
    ``extra`` more numeric ``data-`` attributes."""
    reach = look.radius if reach is None else reach
    classes = f"node person sector-{node.sector} ring-{node.ring}"
    if client:
        classes += " client"
    if node.deceased:
        classes += " deceased"
    description = words.person_title(node)
    under = over = ""
    if change:
        classes += f" highlight-{change}"
        description = f"{description}. {words.highlights[change]}"
        under, over = change_markup(change, reach)
    # Only numbers and known words here (no names), so no escaping is needed.
    group = (f' class="{classes}" data-person-id="{int(node.id)}" data-ring="{node.ring}"'
             f' data-sector="{node.sector}"'
             + (f' data-highlight="{change}"' if change else "")
             + "".join(f' data-{key}="{int(value)}"' for key, value in (extra or {}).items())
             + f' transform="translate({num(x)} {num(y)})"')
    letters = words.support_letters(node)
    return "".join((
        f"<g{group}><title>{text(description)}</title>", under, outline,
        letters_markup(letters, look.radius) if letters else "",
        deceased_markup(reach * 0.95) if node.deceased else "",
        decoration, name_markup(node.name, look, struck=change == "removed"), over, "</g>"))
