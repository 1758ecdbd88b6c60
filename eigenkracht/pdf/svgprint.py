"""Printing the network drawing: its shapes stay SVG, its words become HTML.

WeasyPrint 70 sets SVG text one letter at a time: slow (a 150-person map has thousands of
letters) and wrong for Arabic (the letters are neither joined nor put right to left), and
it ignores ``paint-order``, so the white halo of a label covers the label. So for print
the drawing is split: ``split_text`` takes every ``<text>`` out of the SVG string and
returns it as a ``Label`` at its absolute position; the template draws the shapes and
lays the labels over them as ordinary HTML text, in the document's own fonts, shaped and
ordered like every other line. Text under a transform other than ``translate`` (none
today) stays in the SVG, in the document's fonts. Labels that have a white halo on screen
(names that lines may cross) get a light box drawn in the SVG under where their words
will be, so that the lines do not run through the names.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eigenkracht.core.svg import text_width
from eigenkracht.pdf.bidi import direction

if TYPE_CHECKING:
    from eigenkracht.pdf.raster import Painting

SVG_NS = "{http://www.w3.org/2000/svg}"
_TEXT_ELEMENT = re.compile(r"<text\b[^>]*>.*?</text>|<text\b[^>]*/>", re.DOTALL)
_FONT = re.compile(r'font-family="[^"]*"')
_TRANSLATE = re.compile(r"^\s*translate\(\s*([-+\d.eE]+)(?:[\s,]+([-+\d.eE]+))?\s*\)\s*$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
SHORT = 3  # texts of at most this many letters stay in the SVG
INHERITED = ("font-size", "font-weight", "font-style", "text-anchor", "fill",
             "text-decoration", "paint-order")


@dataclass(frozen=True)
class Label:
    """One line of text of the drawing, in the drawing's own units (its viewBox)."""

    x: float
    y: float  # the baseline of the first line
    lines: tuple[str, ...]
    size: float
    anchor: str = "start"  # start, middle or end
    bold: bool = False
    italic: bool = False
    colour: str = "#1a1a1a"
    struck: bool = False
    halo: bool = False  # drawn on a light ground, so lines under it do not hide it
    line_height: float = 0.0  # from one baseline to the next, in drawing units

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def rtl(self) -> bool:
        """Whether the text starts right to left (its first strong letter is Arabic, …)."""
        return direction(self.text) == "rtl"


@dataclass(frozen=True)
class Drawing:
    """The shapes as SVG markup, the words as labels, and the drawing's viewBox."""

    svg: str
    labels: list[Label]
    box: tuple[float, float, float, float]  # left, top, width, height


def _numbers(value: str | None) -> list[float]:
    return [float(n) for n in _NUMBER.findall(value or "")]


def _first(value: str | None, default: float = 0.0) -> float:
    numbers = _numbers(value)
    return numbers[0] if numbers else default


def _translation(transform: str | None) -> tuple[float, float] | None:
    """(dx, dy) of a plain ``translate``, (0, 0) without a transform, None otherwise."""
    if not transform:
        return (0.0, 0.0)
    match = _TRANSLATE.match(transform)
    if not match:
        return None
    return float(match.group(1)), float(match.group(2) or 0.0)


def _style(element: ET.Element, inherited: dict[str, str]) -> dict[str, str]:
    style = dict(inherited)
    for name in INHERITED:
        if name in element.attrib:
            style[name] = element.attrib[name]
    return style


def _label(lines: list[str], x: float, y: float, look: dict[str, str],
           line_height: float = 0.0) -> Label:
    return Label(
        x=x, y=y, lines=tuple(lines), size=_first(look.get("font-size"), 16.0),
        anchor=look.get("text-anchor", "start"),
        bold=look.get("font-weight", "normal") in ("bold", "bolder", "600", "700", "800", "900"),
        italic=look.get("font-style") in ("italic", "oblique"),
        colour=look["fill"] if _COLOUR.match(look.get("fill", "")) else "#1a1a1a",
        struck="line-through" in look.get("text-decoration", ""),
        halo=look.get("paint-order") == "stroke", line_height=line_height)


def _labels_of(text: ET.Element, dx: float, dy: float, style: dict[str, str]) -> list[Label]:
    """The words of one ``<text>``: its own characters, or its ``<tspan>`` lines — one
    label when they stack at the same x with an even line height (a wrapped name)."""
    x0, y0 = _first(text.get("x")), _first(text.get("y"))
    x, y = x0, y0
    own = " ".join((text.text or "").split())
    spans = []
    for span in text.iter(f"{SVG_NS}tspan"):
        x = _first(span.get("x"), x) + _first(span.get("dx"))
        y = _first(span.get("y"), y) + _first(span.get("dy"))
        words = " ".join((span.text or "").split())
        if words:
            spans.append((x, y, words, _style(span, style)))
    labels = [_label([own], x0 + dx, y0 + dy, style)] if own else []
    if not spans:
        return labels
    steps = {round(b[1] - a[1], 3) for a, b in zip(spans, spans[1:], strict=False)}
    stacked = (len({s[0] for s in spans}) == 1 and len(steps) <= 1
               and all(s[3] == spans[0][3] for s in spans))
    if stacked:
        first = spans[0]
        labels.append(_label([s[2] for s in spans], first[0] + dx, first[1] + dy, first[3],
                             line_height=steps.pop() if steps else 0.0))
    else:
        labels.extend(_label([words], sx + dx, sy + dy, look) for sx, sy, words, look in spans)
    return labels


def _short(text: ET.Element) -> bool:
    """A mark of a few letters without a halo (the support letters "PA", a ring number):
    cheaper to leave in the SVG, where WeasyPrint sets it letter by letter."""
    if text.get("paint-order") == "stroke":  # a halo, which WeasyPrint would paint over it
        return False
    content = "".join(text.itertext()).strip()
    return len(content) <= SHORT and " " not in content


def _walk(element: ET.Element, dx: float, dy: float, style: dict[str, str],
          found: list[tuple[bool, list[Label]]]) -> None:
    """Collect every ``<text>`` in document order: (movable, its labels)."""
    for child in element:
        tag = child.tag
        if tag == f"{SVG_NS}text":
            shift = _translation(child.get("transform"))
            if shift is None or _short(child):
                found.append((False, []))
            else:
                found.append((True, _labels_of(child, dx + shift[0], dy + shift[1],
                                               _style(child, style))))
            continue
        shift = _translation(child.get("transform"))
        if shift is None:
            # Rotated or scaled: its texts stay in the SVG.
            found.extend((False, []) for _ in child.iter(f"{SVG_NS}text"))
            continue
        _walk(child, dx + shift[0], dy + shift[1], _style(child, style), found)


def _ground(label: Label) -> str:
    """A light box where ``label``'s words will be (the halo of the screen drawing)."""
    width = max(text_width(line, label.size, bold=label.bold) for line in label.lines) + 2
    step = label.line_height or label.size * 1.15
    top = label.y - 0.92 * label.size
    height = 0.92 * label.size + (len(label.lines) - 1) * step + 0.3 * label.size
    left = {"middle": label.x - width / 2, "end": label.x - width + 1}.get(label.anchor,
                                                                          label.x - 1)
    return (f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" '
            'rx="2" fill="#ffffff" fill-opacity="0.85"/>')


def split_text(svg: str, families: Sequence[str]) -> Drawing:
    """Take the text out of ``svg``; what stays is set in ``families``."""
    root = ET.fromstring(svg)  # noqa: S314 - our own drawing's output, its text escaped
    box = tuple(_numbers(root.get("viewBox")))
    if len(box) != 4:
        width, height = _first(root.get("width"), 100.0), _first(root.get("height"), 100.0)
        box = (0.0, 0.0, width, height)
    found: list[tuple[bool, list[Label]]] = []
    _walk(root, 0.0, 0.0, _style(root, {}), found)
    texts = iter(found)
    labels: list[Label] = []

    def take(match: re.Match[str]) -> str:
        movable, lines = next(texts, (False, []))
        if not movable:
            return match.group(0)
        labels.extend(lines)
        return ""

    shapes = _TEXT_ELEMENT.sub(take, svg)
    shapes = _FONT.sub(f'font-family="{",".join(families)}"', shapes)
    grounds = "".join(_ground(label) for label in labels if label.halo)
    if grounds:
        end = shapes.rindex("</svg>")
        shapes = f'{shapes[:end]}<g class="label-grounds">{grounds}</g>{shapes[end:]}'
    return Drawing(svg=shapes, labels=labels, box=box)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Placed:
    """A label placed on the printed drawing, in millimetres from its top left corner."""

    left: float
    top: float
    width: float
    align: str  # left, center, right
    size_pt: float
    label: Label
    line_height: float = 0.0  # mm, for labels of more than one line
    look: str = ""  # the class holding size, colour, alignment and line height


@dataclass(frozen=True)
class Picture:
    """A drawing sized for the page: the SVG, its size and the labels on it."""

    svg: str
    width: float  # mm
    height: float  # mm
    labels: list[Placed]
    title: str = ""
    description: str = ""
    looks: dict[str, str] | None = None  # class -> CSS declarations, shared by labels
    image: Painting | None = None  # the whole drawing, words included, as one JPEG

    @property
    def css(self) -> str:
        """The rules of the label classes (numbers and checked colours only)."""
        return "\n".join(f".picture .{name} {{ {rules} }}"
                         for name, rules in (self.looks or {}).items())


MM_PER_PT = 25.4 / 72
ASCENT = 0.888  # Noto Sans: where the baseline sits in a line box of line-height 1 (em)
LABEL_BOX = 90.0  # mm: room for a centred or right-aligned label


def fit(drawing: Drawing, max_width: float, max_height: float, *, title: str = "",
        description: str = "") -> Picture:
    """The drawing scaled to fit ``max_width`` × ``max_height`` mm, labels placed on it."""
    left, top, width, height = drawing.box
    scale = min(max_width / width, max_height / height)  # mm per drawing unit
    placed = []
    looks: dict[str, str] = {}
    classes: dict[tuple, str] = {}
    for label in drawing.labels:
        size_mm = label.size * scale
        x, y = (label.x - left) * scale, (label.y - top) * scale
        if label.anchor == "middle":
            box_left, align = x - LABEL_BOX / 2, "center"
        elif label.anchor == "end":
            box_left, align = x - LABEL_BOX, "right"
        else:
            box_left, align = x, "left"
        # Lines of a wrapped name sit line_height apart; the first baseline stays put.
        step = label.line_height * scale if len(label.lines) > 1 else 0.0
        lead = (step - size_mm) / 2 if step else 0.0
        size_pt, step = round(size_mm / MM_PER_PT, 2), round(step, 3)
        key = (size_pt, label.colour, align, step)
        if key not in classes:
            classes[key] = f"look{len(classes) + 1}"
            looks[classes[key]] = (f"font-size: {size_pt}pt; color: {label.colour}; "
                                   f"text-align: {align};"
                                   + (f" line-height: {step}mm;" if step else ""))
        placed.append(Placed(left=round(box_left, 2),
                             top=round(y - ASCENT * size_mm - lead, 2),
                             width=LABEL_BOX, align=align, size_pt=size_pt, label=label,
                             line_height=step, look=classes[key]))
    return Picture(svg=drawing.svg, width=round(width * scale, 2),
                   height=round(height * scale, 2), labels=placed, title=title,
                   description=description, looks=looks)
