"""The small parts under the documents: the drawing made ready to print, the QR code,
directions, numbering and the names of kept files."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eigenkracht.network.printed import for_print
from eigenkracht.pdf import bidi, cache, qr
from eigenkracht.pdf.render import generated_images
from eigenkracht.plans.printed_people import numbered, unique_people

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="-10 0 200 100" '
       'font-family="system-ui, sans-serif">'
       '<text x="5" y="20" font-size="10" text-anchor="start" font-weight="bold">Familie</text>'
       '<g transform="translate(50 40)"><circle r="5"/>'
       '<text font-size="8" text-anchor="middle">PA</text>'
       '<text font-size="8" text-anchor="middle" fill="#1a1a1a" stroke="#ffffff" '
       'paint-order="stroke"><tspan x="0" y="12">Marijke</tspan>'
       '<tspan x="0" y="21.2">Jansen-Smit</tspan></text></g>'
       '<g transform="rotate(30)"><text x="1" y="1">Schuin gezet</text></g>'
       '<text x="190" y="90" text-anchor="end" fill="url(#x)">عائلة</text>'
       '</svg>')


def printed(svg: str = SVG, width: float = 100, height: float = 30):
    return for_print(svg, width, height, title="Kaart", description="Wie er zijn")


def test_a_drawing_is_scaled_to_the_room_on_the_page():
    picture = printed()  # 200 × 100 units in 100 × 30 mm: the height limits, 0.3 mm a unit
    assert (picture.width, picture.height) == (60, 30)
    assert (printed(width=50).width, printed(width=50).height) == (50, 25)
    assert (picture.title, picture.description) == ("Kaart", "Wie er zijn")


def test_the_drawing_speaks_only_the_fonts_that_ship_with_the_app():
    latin = printed(SVG.replace("عائلة", "Familie"))
    assert latin.media_type == "image/svg+xml"  # WeasyPrint draws it, in the document's fonts
    assert 'font-family="EK Noto Sans, EK Noto Sans Arabic, EK Noto Sans Ethiopic"' in latin.svg
    assert "system-ui" not in latin.svg


@pytest.mark.parametrize("word", ["عائلة", "فاطمة (oma)", "שרה", "ﻓ"])
def test_a_drawing_with_joined_or_right_to_left_letters_is_made_a_picture(word):
    """WeasyPrint would set them letter by letter: resvg draws such a map, in the fonts
    named as resvg knows them (the shipped files only)."""
    from eigenkracht.pdf.render import RASTER, rasterised

    picture = printed(SVG.replace("عائلة", word))
    assert picture.media_type == RASTER
    assert 'font-family="Noto Sans, Noto Sans Arabic, Noto Sans Ethiopic"' in picture.svg
    jpeg = rasterised(picture.svg.encode())
    assert jpeg.startswith(b"\xff\xd8")  # a JPEG


def test_a_picture_that_cannot_be_made_fails_the_document(app):
    """Never a plan without its map: the fetcher records it and the document fails."""
    from eigenkracht.pdf import render

    with generated_images():
        url = render.generated_image("<svg xmlns='http://www.w3.org/2000/svg'>", render.RASTER)
        html = f'<img src="{url}">'
        with pytest.raises(render.PdfError, match="picture could not be made"):
            render.html_to_pdf(html, {url: (b"<svg", render.RASTER)})


def test_a_name_on_a_halo_is_printed_as_the_halo_and_then_the_letters():
    """WeasyPrint does not know paint-order: the white halo would cover the letters."""
    import xml.etree.ElementTree as ET

    svg = printed().svg
    ET.fromstring(svg)  # noqa: S314 - our own drawing: still one well-formed document
    assert "paint-order" not in svg
    halo, letters = svg.split("<tspan x=\"0\" y=\"12\">Marijke</tspan>")[:2]
    assert 'fill="#ffffff" stroke="#ffffff"' in halo.rsplit("<text", 1)[1]
    assert "stroke" not in letters.rsplit("<text", 1)[1].split(">", 1)[0]
    assert svg.count("Jansen-Smit") == 2 and svg.count("Familie") == 1


@pytest.mark.parametrize("svg", ["", "<svg/>", '<svg viewBox="0 0 x y"/>', "no drawing"])
def test_a_drawing_without_its_size_is_refused(svg):
    with pytest.raises(ValueError):
        printed(svg)


def test_no_module_of_ours_reads_svg_path_data():
    """The map is drawn by WeasyPrint (a maintained library), not by an SVG interpreter
    of our own: no module outside the drawing itself takes path data apart."""
    from pathlib import Path

    import eigenkracht

    root = Path(eigenkracht.__file__).parent
    for path in root.rglob("*.py"):
        if "drawing" in path.parts:  # the drawing writes path data; it does not read it
            continue
        text = path.read_text(encoding="utf-8")
        for sign in ('get("d")', "get('d')", '["d"]', "MLHVCQAZ", "svgpath", "pdf.raster",
                     "pdf import raster"):
            assert sign not in text, (path, sign)


def test_there_is_no_qr_code_until_families_have_personal_links():
    assert qr.qr_target(SimpleNamespace(id=1), None) is None


def test_a_qr_code_is_inline_svg_that_scales():
    svg = qr.qr_svg("https://eigenkracht.example/f/abc", title="Scan mij")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert "<title>Scan mij</title>" in svg and "viewBox" in svg
    assert ' width="' not in svg.split(">", 1)[0]


def test_a_plan_with_a_personal_link_prints_its_qr_code(app, world, monkeypatch):
    from flask_babel import force_locale

    from eigenkracht.plans import printed as documents

    monkeypatch.setattr(documents, "qr_target", lambda plan, person=None: "https://x.example/f/1")
    case = world.case
    found = documents.find_plan(case)
    with app.test_request_context(), force_locale("en"), generated_images():
        doc = documents.plan_document(case, found, "en")
        html = app.jinja_env.get_template("pdf/plan.html").render(doc=doc)
    assert doc.qr_svg and 'class="qr-code"' in html
    assert "Scan this code with your phone" in html


@pytest.mark.parametrize(("text", "expected"), [
    ("Oma Truus", "ltr"), ("فاطمة", "rtl"), ("12 — فاطمة", "rtl"), ("", "ltr"),
    ("(Noëlle)", "ltr")])
def test_typed_text_keeps_its_own_direction(text, expected):
    assert bidi.direction(text) == expected


def test_typed_text_inside_a_sentence_is_escaped_and_isolated():
    """Between Unicode isolates too: WeasyPrint does not isolate the <span>, Pango does
    isolate FSI … PDI."""
    assert str(bidi.isolate("<b>Tom & Jerry</b>")) == (
        '<span dir="ltr">\u2068&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;\u2069</span>')


def test_actions_are_numbered_in_the_plans_order_and_people_listed_once():
    actions = [SimpleNamespace(id=7, position=2), SimpleNamespace(id=3, position=0),
               SimpleNamespace(id=5, position=1)]
    assert numbered(actions) == {3: 1, 5: 2, 7: 3}
    a, b = SimpleNamespace(id=1), SimpleNamespace(id=2)
    assert unique_people([a, None, b, a]) == [a, b]


def test_only_frozen_versions_get_a_kept_file_and_its_name_follows_the_row_version():
    frozen = SimpleNamespace(frozen=True, created_at=None, case_id=1, id=4, version=2,
                             row_version=3)
    name = cache.cache_name(frozen, "ar")
    assert name.startswith("plan-4-r3-plan-ar-") and name.endswith(".pdf")
    assert cache.cache_name(SimpleNamespace(**{**vars(frozen), "row_version": 4}), "ar") != name
    assert cache.cache_name(SimpleNamespace(**{**vars(frozen), "frozen": False}), "ar") is None


def test_the_fetcher_serves_an_image_the_document_drew_itself_and_no_other_data(app):
    from eigenkracht.pdf import render

    with generated_images():
        url = render.generated_image("<svg xmlns='http://www.w3.org/2000/svg'/>")
        fetcher = render.make_fetcher()
        assert fetcher.fetch(url).read() == b"<svg xmlns='http://www.w3.org/2000/svg'/>"
        with pytest.raises(render.RefusedURL):
            fetcher.fetch("drawn:" + "0" * 24 + ".svg")  # not drawn for this document
        assert url.startswith("drawn:") and len(url) < 40  # short: no base64 in the HTML
        with pytest.raises(render.RefusedURL):  # the same picture as a data: URL
            fetcher.fetch("data:image/svg+xml;base64,PHN2ZyB4bWxucz0naHR0cDovL3d3dy53"
                          "My5vcmcvMjAwMC9zdmcnLz4=")
    with pytest.raises(render.RefusedURL):
        render.make_fetcher().fetch(url)  # outside its document: refused
    with generated_images(), pytest.raises(ValueError):
        render.generated_image(b"x", "text/html")


def test_the_collector_is_held_off_during_a_render_and_back_afterwards_even_after_a_failure(
        app, monkeypatch):
    import gc

    from eigenkracht.pdf import render

    seen = []
    assert gc.isenabled()
    with render.collector_paused():
        seen.append(gc.isenabled())
        with render.collector_paused():  # a second render in another thread
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())  # the first one still runs
    assert seen == [False, False, False] and gc.isenabled()

    def broken(*args, **kwargs):
        seen.append(gc.isenabled())
        raise RuntimeError("Pango went away")

    monkeypatch.setattr(render._weasyprint(), "HTML", broken)
    with pytest.raises(render.PdfError):
        render.html_to_pdf("<p>x</p>")
    assert seen[-1] is False and gc.isenabled()


def test_a_collector_switched_off_before_a_render_stays_off(app):
    import gc

    from eigenkracht.pdf import render

    gc.disable()
    try:
        with render.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_pdf_package_stays_in_proportion():
    """Issue 18: the PDF service (WeasyPrint, its fetcher, the queue, kept files, the
    downloads) in at most 1,300 lines; what a document shows is its feature's own."""
    from pathlib import Path

    import eigenkracht.pdf

    folder = Path(eigenkracht.pdf.__file__).parent
    lines = sum(len(path.read_text(encoding="utf-8").splitlines())
                for path in folder.glob("*.py"))
    assert lines <= 1300, lines
