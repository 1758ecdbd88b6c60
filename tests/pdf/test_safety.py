"""WeasyPrint fetches the app's own static files and nothing else, whatever was typed."""

from __future__ import annotations

import logging

import pytest

from eigenkracht.pdf import render
from tests.pdf.conftest import pdf_text, plan_url

HOSTILE = ('<img src="file:///etc/passwd"> <link rel="stylesheet" '
           'href="http://example.com/x.css">')


@pytest.fixture
def fetchers(monkeypatch) -> list:
    """Every fetcher made during the test (each lists the URLs it was asked for)."""
    made: list = []
    original = render.make_fetcher

    def recording(seen=None):
        made.append(original(seen))
        return made[-1]

    monkeypatch.setattr(render, "make_fetcher", recording)
    return made


def test_hostile_plan_text_is_printed_as_text_and_fetches_nothing(login_as, world, plan,
                                                                  fetchers):
    plan.going_well = HOSTILE
    plan.bottom_lines[0].how_met = HOSTILE
    plan.actions[0].what = HOSTILE
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.status_code == 200
    assert 'src="file:///etc/passwd"' in pdf_text(response.data)
    [fetcher] = fetchers
    asked = fetcher.seen
    assert "static:css/pdf.css" in asked and "static:fonts/NotoSans-Regular.ttf" in asked
    drawn = [url for url in asked if url.startswith("drawn:")]
    assert len(drawn) == 1 and drawn[0] in fetcher.generated  # the network map, drawn here
    assert all(url.startswith("static:") for url in asked if url not in drawn), asked
    assert not any("passwd" in url or "example.com" in url for url in asked)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://example.com/x.css",
    "https://example.com/font.ttf",
    "data:text/css,body{color:red}",
    "data:image/png;base64,iVBORw0KGgo=",
    "drawn:0123456789abcdef01234567.jpg",
    "ftp://example.com/x.css",
    "static:../../config.py",
    "static:fonts/../../../etc/passwd",
    "static:%2e%2e/%2e%2e/config.py",
    "static:/etc/passwd",
    "static://evil.example/fonts/NotoSans-Regular.ttf",
    "static:fonts/NotoSans-Regular.ttf?x=1",
    "static:css\\..\\..\\config.py",
    "static:js/app.js",
    "static:fonts/missing.ttf",
    "static:",
])
def test_the_fetcher_refuses_anything_but_the_apps_static_files(app, url, caplog, monkeypatch):
    # Alembic's fileConfig (the migration tests) disables loggers that already exist.
    monkeypatch.setattr(logging.getLogger(render.__name__), "disabled", False)
    fetcher = render.make_fetcher()
    with caplog.at_level(logging.WARNING, logger="eigenkracht.pdf.render"):
        with pytest.raises(render.RefusedURL):
            fetcher.fetch(url)
    assert fetcher.seen == [url]
    assert "refused" in caplog.text


def test_the_fetcher_serves_the_shipped_fonts_and_style_sheet(app):
    fetcher = render.make_fetcher()
    font = fetcher.fetch("static:fonts/NotoSansArabic-Bold.ttf")
    css = fetcher.fetch("static:css/pdf.css")
    assert font.read()[:4] == b"\x00\x01\x00\x00"
    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"


def test_the_fonts_ship_with_their_open_font_licence():
    fonts = render.STATIC_ROOT / "fonts"
    assert {p.name for p in fonts.glob("*.ttf")} == {
        "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansArabic-Regular.ttf",
        "NotoSansArabic-Bold.ttf", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"}
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "LICENSE-OFL.txt").read_text()
