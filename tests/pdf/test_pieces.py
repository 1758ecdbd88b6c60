"""The small parts under the documents: the drawing's words, the QR code, directions,
numbering and the names of kept files."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eigenkracht.pdf import bidi, cache, qr, raster
from eigenkracht.pdf.grouping import numbered, unique_people
from eigenkracht.pdf.render import generated_images
from eigenkracht.pdf.svgprint import fit, split_text

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


def test_the_words_of_a_drawing_come_out_at_their_place():
    drawing = split_text(SVG, ["EK Noto Sans", "EK Noto Sans Arabic"])
    by_text = {label.text: label for label in drawing.labels}
    assert set(by_text) == {"Familie", "Marijke Jansen-Smit", "عائلة"}
    family = by_text["Familie"]
    assert (family.x, family.y, family.size, family.bold) == (5, 20, 10, True)
    name = by_text["Marijke Jansen-Smit"]
    assert (name.x, name.y, name.lines, name.anchor) == (50, 52, ("Marijke", "Jansen-Smit"),
                                                         "middle")
    assert name.halo and name.line_height == pytest.approx(9.2)
    assert by_text["عائلة"].rtl and by_text["عائلة"].colour == "#1a1a1a"
    assert drawing.box == (-10, 0, 200, 100)


def test_short_marks_and_turned_text_stay_in_the_drawing_in_the_shipped_fonts():
    drawing = split_text(SVG, ["EK Noto Sans", "EK Noto Sans Arabic"])
    assert ">PA</text>" in drawing.svg and "Schuin gezet" in drawing.svg
    assert "Familie" not in drawing.svg and "Marijke" not in drawing.svg
    assert 'font-family="EK Noto Sans,EK Noto Sans Arabic"' in drawing.svg
    assert "system-ui" not in drawing.svg


def test_a_drawing_is_scaled_to_the_room_on_the_page():
    picture = fit(split_text(SVG, ["F"]), 100, 30)  # height limits: 0.3 mm per unit
    assert (picture.width, picture.height) == (60, 30)
    family = next(p for p in picture.labels if p.label.text == "Familie")
    assert family.align == "left" and family.left == pytest.approx(4.5)
    assert family.size_pt == pytest.approx(3 / (25.4 / 72), abs=0.01)
    name = next(p for p in picture.labels if p.label.text.startswith("Marijke"))
    assert name.align == "center" and name.left == pytest.approx(18 - 45)


def test_there_is_no_qr_code_until_families_have_personal_links():
    assert qr.qr_target(SimpleNamespace(id=1), None) is None


def test_a_qr_code_is_inline_svg_that_scales():
    svg = qr.qr_svg("https://eigenkracht.example/f/abc", title="Scan mij")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert "<title>Scan mij</title>" in svg and "viewBox" in svg
    assert ' width="' not in svg.split(">", 1)[0]


def test_a_plan_with_a_personal_link_prints_its_qr_code(app, world, monkeypatch):
    from flask_babel import force_locale

    from eigenkracht.pdf import plan as documents

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
    assert str(bidi.isolate("<b>Tom & Jerry</b>")) == (
        '<span dir="ltr">&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</span>')


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


MAP = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
       '<path d="M10 10L190 10A20 20 0 0 1 190 50Z" fill="#f6cfbc" stroke="#1a1a1a"/>'
       '<g stroke-opacity="0.6"><path d="M10 90l20 -5 20 5" fill="none" stroke="#c0161c" '
       'stroke-dasharray="6 5" stroke-linecap="round"/></g>'
       '<g transform="translate(100 60)"><title>Oma</title><circle r="8" fill="#ffffff" '
       'stroke="#1a1a1a"/><rect x="-20" y="10" width="40" height="10" rx="2" fill="#eeeeee"/>'
       '<text font-size="8" text-anchor="middle" stroke="#ffffff" stroke-width="3" '
       'paint-order="stroke"><tspan x="0" y="18">Oma Truus</tspan>'
       '<tspan x="0" y="27">فاطمة (oma)</tspan></text></g></svg>')


def test_a_drawing_is_painted_as_one_picture_of_the_right_size():
    import io

    from PIL import Image

    jpeg, width, height = raster.picture(MAP, 100, 100, dpi=100)
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG" and (width, height) == (100, 50)
    assert image.size == (394, 197)  # 100 mm at 100 dpi, the drawing's proportions
    assert image.getpixel((10, 150)) == pytest.approx((255, 255, 255), abs=8)  # paper
    assert raster.picture(MAP, 100, 100, dpi=100)[0] is jpeg  # the same map: kept


def test_mixed_words_are_set_in_runs_of_the_font_that_has_their_letters():
    assert raster._runs("فاطمة (oma)") == [("فاطمة ", True, True), ("(", False, True),
                                           ("oma)", False, False)]
    assert raster._runs("ع (مساعدة)") == [("ع ", True, True), ("(", False, True),
                                          ("مساعدة", True, True), (")", False, True)]
    assert raster._runs("Oma Truus") == [("Oma Truus", False, False)]


@pytest.mark.parametrize("svg", [
    SVG,  # text under a rotation
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><image href="x.png"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L1 1"/></svg>',  # no viewBox
])
def test_a_drawing_the_painter_does_not_know_is_refused(svg):
    with pytest.raises(raster.Unsupported):
        raster.rasterise(svg, 50, 72) if "viewBox" in svg else raster.picture(svg, 50, 50)


def test_without_text_shaping_the_map_is_printed_as_shapes_and_html_words(app, world,
                                                                          monkeypatch):
    from flask_babel import force_locale

    from eigenkracht.pdf import plan as documents

    monkeypatch.setattr(raster, "available", lambda: False)
    with app.test_request_context(), force_locale("en"):
        picture = documents.network_picture(world.case, "Noëlle")
    assert picture.image is None and picture.svg.startswith("<svg")
    assert any(p.label.text == "Legend" for p in picture.labels)


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


def test_a_painting_the_painter_cannot_draw_is_served_as_svg_for_weasyprint(app, caplog,
                                                                           monkeypatch):
    import logging

    from eigenkracht.pdf import render

    # Alembic's fileConfig (the migration tests) disables loggers that already exist.
    monkeypatch.setattr(logging.getLogger(render.__name__), "disabled", False)

    odd = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">'
           '<image href="x.png"/></svg>')
    with generated_images():
        url = render.generated_image(raster.planned(odd, 50, 50))
        assert url.startswith("drawn:") and url.endswith(".jpg")
        served = render.make_fetcher().fetch(url)
        assert served.read() == odd.encode() and "svg" in served.headers["Content-Type"]
    assert "printed as SVG" in caplog.text
