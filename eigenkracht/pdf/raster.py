"""Printing a drawing as one picture: the network map's SVG painted with Pillow.

WeasyPrint lays out a 150-person map slowly: hundreds of SVG shapes, letters set one by one,
and a positioned HTML label per name (about 1.1 s of a 3 s plan). ``rasterise`` paints the
drawing this app made itself (``eigenkracht.network.drawing``) into one JPEG instead, words
included, in the shipped Noto fonts: shaped and ordered with Raqm (HarfBuzz and FriBiDi), a
light box under names that lines cross. WeasyPrint then only places an image. A document
holds a ``Painting`` (``planned``: the SVG and the size it will have, known from its
viewBox), painted only when WeasyPrint asks for the image — in the PDF renderer process
(``renderer``); ``Painting.paint`` keeps the last few in memory (by a digest of the SVG and
the size): the same map is painted once per renderer.

It understands the SVG those drawings write — ``g`` with ``translate``, ``path`` (M L H V C
Q A Z, absolute and relative), ``circle``, ``rect`` (rounded), ``line``, ``text`` with
``tspan`` lines, fill, stroke, opacity, dashes and round caps — and draws the shapes at
``SUPER`` times the size, then scales down (smooth edges without an anti-aliasing renderer),
then sets the words on top (FreeType smooths them itself). Anything else raises
``Unsupported`` (the fetcher then serves the SVG itself for WeasyPrint to draw);
``available()`` says False without Raqm (Arabic would come out unjoined), and the caller then
prints the vector drawing (``svgprint``) as before.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eigenkracht.pdf.bidi import direction
from eigenkracht.pdf.svgpath import Unsupported, dashes, parse_path

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
SVG = "{http://www.w3.org/2000/svg}"
SUPER = 2  # shapes drawn at twice the size, then halved: smooth edges
QUALITY = 90
DPI = 250  # names on a 150-person map are 1 mm high: 10 pixels
GROUND_ALPHA = 217  # the light box under a name: 85 % white, as svgprint draws it
ROUND_CAPS = 5  # px: thinner lines get square ends (the difference does not show)
INHERITED = ("fill", "stroke", "stroke-width", "stroke-opacity", "fill-opacity",
             "stroke-dasharray", "stroke-linecap", "font-size", "font-weight", "text-anchor",
             "text-decoration", "paint-order")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TRANSLATE = re.compile(r"^\s*translate\(\s*([-+\d.eE]+)(?:[\s,]+([-+\d.eE]+))?\s*\)\s*$")
_VIEWBOX = re.compile(r'<svg\b[^>]*?\sviewBox="([^"]*)"')
_ARABIC = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
NAMED = {"white": (255, 255, 255), "black": (0, 0, 0)}
SKIPPED = {"title", "desc", "defs", "metadata", "style"}


@cache
def available() -> bool:
    """Whether Pillow can shape text (Raqm): without it Arabic would be wrong."""
    try:
        from PIL import features
    except ImportError:
        return False
    return bool(features.check_feature("raqm"))


@cache
def _unhinted(name: str) -> bytes:
    """A shipped font without its hinting programs: FreeType runs them for every glyph
    Pillow draws (four times slower), and at print resolution they change nothing."""
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO((FONTS / name).read_bytes()), lazy=True) as font:
        for table in ("fpgm", "prep", "cvt "):
            if table in font:
                del font[table]
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


@cache
def _font(bold: bool, arabic: bool, size: int):
    from PIL import ImageFont

    name = f"NotoSans{'Arabic' if arabic else ''}-{'Bold' if bold else 'Regular'}.ttf"
    return ImageFont.truetype(io.BytesIO(_unhinted(name)), size,
                              layout_engine=ImageFont.Layout.RAQM)


def _colour(value: str | None, opacity: float = 1.0) -> tuple[int, int, int, int] | None:
    if not value or value == "none":
        return None
    value = value.strip().lower()
    if value in NAMED:
        rgb = NAMED[value]
    elif re.fullmatch(r"#[0-9a-f]{3}", value):
        rgb = tuple(int(c * 2, 16) for c in value[1:])
    elif re.fullmatch(r"#[0-9a-f]{6}", value):
        rgb = tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))
    else:
        return None  # a gradient or pattern: not in our drawings; leave it unpainted
    return (*rgb, max(0, min(255, round(255 * opacity))))


def _float(value: str | None, default: float = 0.0) -> float:
    found = _NUMBER.findall(value or "")
    return float(found[0]) if found else default


class Painter:
    """Paints one SVG document onto a Pillow image, ``scale`` pixels per user unit."""

    def __init__(self, image, scale: float, left: float, top: float) -> None:
        from PIL import ImageDraw

        self.draw = ImageDraw.Draw(image, "RGBA")
        self.scale, self.left, self.top = scale, left, top
        self.texts: list[tuple[str, float, float, dict[str, str]]] = []

    def xy(self, x: float, y: float, dx: float, dy: float) -> tuple[float, float]:
        return (x + dx - self.left) * self.scale, (y + dy - self.top) * self.scale

    def walk(self, element: ET.Element, dx: float, dy: float,  # noqa: C901 - per tag
             style: dict[str, str]) -> None:
        for child in element:
            tag = child.tag.removeprefix(SVG)
            if tag in SKIPPED:
                continue
            look = dict(style)
            look.update({k: v for k, v in child.attrib.items() if k in INHERITED})
            opacity = _float(child.get("opacity"), 1.0)
            for key in ("fill-opacity", "stroke-opacity"):
                look[key] = str(_float(look.get(key), 1.0) * opacity)
            transform = child.get("transform")
            shift = (0.0, 0.0)
            if transform:
                match = _TRANSLATE.match(transform)
                if not match:
                    raise Unsupported(f"transform {transform!r}")
                shift = (float(match.group(1)), float(match.group(2) or 0.0))
            cx, cy = dx + shift[0], dy + shift[1]
            if tag == "g":
                self.walk(child, cx, cy, look)
            elif tag == "path":
                self.shape(parse_path(child.get("d", "")), look, cx, cy)
            elif tag == "line":
                ends = [(_float(child.get("x1")), _float(child.get("y1"))),
                        (_float(child.get("x2")), _float(child.get("y2")))]
                self.shape([(ends, False)], look, cx, cy)
            elif tag == "circle":
                self.circle(child, look, cx, cy)
            elif tag == "rect":
                self.rect(child, look, cx, cy)
            elif tag == "text":
                self.text(child, look, cx, cy)
            else:
                raise Unsupported(f"<{tag}>")

    def _paints(self, look: dict[str, str]):
        fill = _colour(look.get("fill", "#000000"), _float(look.get("fill-opacity"), 1.0))
        stroke = _colour(look.get("stroke"), _float(look.get("stroke-opacity"), 1.0))
        width = _float(look.get("stroke-width"), 1.0) * self.scale
        return fill, stroke if width > 0 else None, width

    def shape(self, paths, look, dx, dy) -> None:
        fill, stroke, width = self._paints(look)
        pattern = [_float(n) * self.scale for n in _NUMBER.findall(
            look.get("stroke-dasharray", "")) if n]
        round_caps = look.get("stroke-linecap") == "round"
        for points, closed in paths:
            placed = [self.xy(x, y, dx, dy) for x, y in points]
            if fill and closed and len(placed) > 2:
                self.draw.polygon(placed, fill=fill)
            if not stroke:
                continue
            if closed:
                placed = [*placed, placed[0]]
            for piece in dashes(placed, pattern):
                self.draw.line(piece, fill=stroke, width=max(1, round(width)), joint="curve")
                if round_caps and width >= ROUND_CAPS and not closed:
                    for px, py in (piece[0], piece[-1]):
                        r = width / 2
                        self.draw.ellipse((px - r, py - r, px + r, py + r), fill=stroke)

    def circle(self, node, look, dx, dy) -> None:
        fill, stroke, width = self._paints(look)
        x, y = self.xy(_float(node.get("cx")), _float(node.get("cy")), dx, dy)
        r = _float(node.get("r")) * self.scale
        if fill:
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)
        if stroke:
            o = r + width / 2
            self.draw.ellipse((x - o, y - o, x + o, y + o), outline=stroke,
                              width=max(1, round(width)))

    def rect(self, node, look, dx, dy) -> None:
        fill, stroke, width = self._paints(look)
        x, y = self.xy(_float(node.get("x")), _float(node.get("y")), dx, dy)
        w, h = _float(node.get("width")) * self.scale, _float(node.get("height")) * self.scale
        radius = _float(node.get("rx", node.get("ry")), 0.0) * self.scale
        if fill:
            self.draw.rounded_rectangle((x, y, x + w, y + h), radius, fill=fill)
        if stroke:
            o = width / 2
            self.draw.rounded_rectangle((x - o, y - o, x + w + o, y + h + o), radius + o,
                                        outline=stroke, width=max(1, round(width)))

    def text(self, node, look, dx, dy) -> None:
        x, y = _float(node.get("x")), _float(node.get("y"))
        own = " ".join((node.text or "").split())
        if own:
            self.words(own, x, y, look, dx, dy)
        for span in node.iter(f"{SVG}tspan"):
            x = _float(span.get("x"), x) + _float(span.get("dx"))
            y = _float(span.get("y"), y) + _float(span.get("dy"))
            words = " ".join((span.text or "").split())
            if words:
                span_look = dict(look)
                span_look.update({k: v for k, v in span.attrib.items() if k in INHERITED})
                self.words(words, x, y, span_look, dx, dy)

    def words(self, value: str, x: float, y: float, look, dx, dy) -> None:
        """Note one line of text; ``paint_words`` sets them all, after the shapes."""
        self.texts.append((value, x + dx, y + dy, look))

    def paint_words(self, image, scale: float) -> None:
        """Every line of text at its baseline, in runs of one font each, with its halo.

        Words are set on the final image (FreeType smooths them itself), over all shapes:
        in our drawings no shape is meant to cover a word."""
        from PIL import ImageDraw

        draw = ImageDraw.Draw(image, "RGBA")
        self.scale = scale
        for value, x, y, look in self.texts:
            fill, stroke, width = self._paints(look)
            fill = fill or (26, 26, 26, 255)
            size = max(1, round(_float(look.get("font-size"), 16.0) * scale))
            bold = look.get("font-weight", "normal") in ("bold", "bolder", "600", "700",
                                                         "800", "900")
            halo = stroke if look.get("paint-order") == "stroke" else None
            runs = _runs(value)
            if direction(value) == "rtl":
                runs.reverse()
            fonts = [_font(bold, arabic, size) for _, arabic, _ in runs]
            lengths = [font.getlength(text, direction="rtl" if rtl else "ltr")
                       for font, (text, _, rtl) in zip(fonts, runs, strict=True)]
            total = sum(lengths)
            px, py = self.xy(x, y, 0.0, 0.0)
            anchor = look.get("text-anchor", "start")
            if anchor == "middle":
                px -= total / 2
            elif anchor == "end":  # as a browser does: x is the left end unless told otherwise
                px -= total
            if halo:  # a light box under the words (a stroked halo costs a second rendering)
                pad = max(1.0, width / 2)
                draw.rounded_rectangle((px - pad, py - 0.8 * size, px + total + pad,
                                        py + 0.28 * size), radius=pad,
                                       fill=(*halo[:3], GROUND_ALPHA))
            at = px
            for font, (text, _, rtl), length in zip(fonts, runs, lengths, strict=True):
                draw.text((at, py), text, font=font, anchor="ls", fill=fill,
                          direction="rtl" if rtl else "ltr")
                at += length
            if "line-through" in look.get("text-decoration", ""):
                line_y = py - size * 0.3
                draw.line([(px, line_y), (px + total, line_y)], fill=fill,
                          width=max(1, round(size / 14)))


@cache
def _arabic_font_has() -> frozenset[int]:
    """The characters Noto Sans Arabic has (its letters, digits, few punctuation marks)."""
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(_unhinted("NotoSansArabic-Regular.ttf")), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _runs(value: str) -> list[tuple[str, bool, bool]]:
    """``value`` cut into runs set in one font each: (text, Arabic font, right to left).

    Noto Sans Arabic has no Latin letters and no brackets: Arabic letters go to it, other
    letters to Noto Sans; spaces and marks stay with the run before them when its font
    has them, else they go to Noto Sans in that run's direction (so a bracket in Arabic
    text is still mirrored)."""
    has = _arabic_font_has()
    runs: list[list] = []
    rtl = direction(value) == "rtl"
    for char in value:
        if _ARABIC.match(char):
            kind = (True, True)
        elif char.isalpha():
            kind = (False, False)
        elif runs and (not runs[-1][1] or ord(char) in has):
            kind = (runs[-1][1], runs[-1][2])
        else:
            kind = (False, runs[-1][2] if runs else rtl)
        if runs and (runs[-1][1], runs[-1][2]) == kind:
            runs[-1][0] += char
        else:
            runs.append([char, *kind])
    return [(text, arabic, right) for text, arabic, right in runs]


_kept: OrderedDict[str, bytes] = OrderedDict()
_kept_lock = threading.Lock()
_paint_lock = threading.Lock()
KEEP = 4  # pictures kept in memory: the same map printed again (another copy, a re-edited
#           draft) is not painted again; a different drawing gives a different key


@dataclass(frozen=True)
class Painting:
    """A drawing to paint, and the size it will have on the page.

    The size is known from the drawing's viewBox alone, so a document can be laid out
    around the picture before it is painted: ``paint`` runs when WeasyPrint asks for the
    image (in the PDF renderer process, see ``renderer``), not in the web worker, where the
    canvas (some 80 MB at twice the size for a 150-person map) would stay in its heap."""

    svg: str
    width_mm: float
    height_mm: float
    dpi: int = DPI

    def paint(self) -> bytes:
        """The JPEG; the last few are kept in memory, by a digest of the SVG and the size."""
        key = hashlib.sha256(f"{self.width_mm}|{self.dpi}|{self.svg}".encode()).hexdigest()
        with _kept_lock:
            if key in _kept:
                _kept.move_to_end(key)
                return _kept[key]
        with _paint_lock:  # the fonts (FreeType faces) are shared: one painting at a time
            made = rasterise(self.svg, self.width_mm, self.dpi)[0]
        with _kept_lock:
            _kept[key] = made
            while len(_kept) > KEEP:
                _kept.popitem(last=False)
        return made


def planned(svg: str, max_width_mm: float, max_height_mm: float, dpi: int = DPI) -> Painting:
    """``svg`` to be painted as large as fits ``max_width_mm`` × ``max_height_mm``; raises
    ``Unsupported`` for a drawing without a usable viewBox."""
    found = _VIEWBOX.search(svg)
    box = [float(n) for n in _NUMBER.findall(found.group(1))] if found else []
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        raise Unsupported("no viewBox")
    width_mm = round(min(max_width_mm, max_height_mm * box[2] / box[3]), 2)
    pixels = round(width_mm / 25.4 * dpi)  # as rasterise sizes the image
    rows = round(box[3] * (pixels / box[2]))
    return Painting(svg, width_mm, round(width_mm * rows / pixels, 2), dpi)


def picture(svg: str, max_width_mm: float, max_height_mm: float,
            dpi: int = DPI) -> tuple[bytes, float, float]:
    """``svg`` as a JPEG that fits ``max_width_mm`` × ``max_height_mm``, painted now:
    (jpeg, width mm, height mm)."""
    painting = planned(svg, max_width_mm, max_height_mm, dpi)
    return painting.paint(), painting.width_mm, painting.height_mm


def forget() -> None:
    """Drop the pictures kept in memory (the benchmark times a first painting with it)."""
    with _kept_lock:
        _kept.clear()


def rasterise(svg: str, width_mm: float, dpi: int = 250,
              supersample: int = SUPER) -> tuple[bytes, float, float]:
    """``svg`` painted as a JPEG ``width_mm`` wide at ``dpi``: (png, width mm, height mm)."""
    from PIL import Image

    root = ET.fromstring(svg)  # noqa: S314 - our own drawing's output, its text escaped
    box = [float(n) for n in _NUMBER.findall(root.get("viewBox", ""))]
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        raise Unsupported("no viewBox")
    left, top, width, height = box
    pixels = round(width_mm / 25.4 * dpi)
    scale = pixels / width
    size = (pixels * supersample, round(height * scale) * supersample)
    image = Image.new("RGB", size, (255, 255, 255))
    style = {k: v for k, v in root.attrib.items() if k in INHERITED}
    painter = Painter(image, scale * supersample, left, top)
    painter.walk(root, 0.0, 0.0, style)
    if supersample > 1:
        image = image.reduce(supersample)
    painter.paint_words(image, scale)
    out = io.BytesIO()
    # JPEG: WeasyPrint embeds it as it is (a PNG it would decode and compress again, 0.3 s);
    # at this quality, without colour subsampling, lines and letters stay clean on paper.
    image.save(out, format="JPEG", quality=QUALITY, subsampling=0)
    return out.getvalue(), width_mm, round(width_mm * image.height / image.width, 2)
