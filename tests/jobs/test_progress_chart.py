"""Progress over months: the chart drawn on the server, readable without colour, and the
same figures as a table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from eigenkracht.core.clock import today
from eigenkracht.jobs.chart import draw_progress
from eigenkracht.jobs.progress import Month, progress
from eigenkracht.network.snapshots import take_snapshot
from tests.factories import ContactLogFactory

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english(app):
    """Charts drawn outside a page speak English here (the default language is Dutch)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def parse(markup):
    """Our own SVG, as an element tree (fails when it is not well-formed XML)."""
    return ET.fromstring(markup)  # noqa: S314 - drawn by the app under test


def _months_with_a_map(months: list[Month]) -> list[Month]:
    return [m for m in months if m.rings is not None]


def test_the_chart_shows_six_bars_with_their_numbers(history):
    months = progress(history.case)
    svg = draw_progress(months, history.case.client_name)
    root = parse(svg)
    bars = root.findall(f".//{SVG}g[@class='bar']")
    assert len(bars) >= 6
    totals = [t.text for t in root.findall(f".//{SVG}text[@class='total']")]
    assert totals[-6:] == [str(m.network_size) for m in _months_with_a_map(months)[-6:]]


def test_the_chart_is_readable_without_colour(history):
    svg = draw_progress(progress(history.case), history.case.client_name, doc="p")
    root = parse(svg)
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert patterns == {"p-ring2", "p-ring3"}  # ring 1 solid, ring 2 hatched, ring 3 dotted
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("data-ring")}
    assert {"url(#p-ring2)", "url(#p-ring3)"} <= fills
    line = root.find(f".//{SVG}path[@class='contacts-line']")
    assert line.get("stroke-dasharray")  # contacts: a dashed line, not a colour
    numbers = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.isdigit()]
    assert len(numbers) >= 12  # every bar and every point carries its number
    legend = "".join(t.text or "" for t in root.find(f".//{SVG}g[@class='legend']")
                     .iter(f"{SVG}text"))
    assert "Ring 1" in legend and "Ring 2" in legend and "Contacts" in legend


def test_the_chart_has_a_title_and_a_description_in_words(history):
    root = parse(draw_progress(progress(history.case), "Mariëlle Dijkstra"))
    assert root.get("role") == "img" and root.get("aria-labelledby")
    assert "Mariëlle Dijkstra" in root.find(f"{SVG}title").text
    assert "the network went from" in root.find(f"{SVG}desc").text


def test_the_chart_has_no_style_script_or_outside_reference(history):
    svg = draw_progress(progress(history.case), history.case.client_name)
    assert "style" not in svg and "<script" not in svg
    assert not re.search(r'(href|src)="(?!#)', svg)


def test_the_progress_page_has_the_chart_and_the_same_figures_as_a_table(demo_coach,
                                                                         demo_jobseeker):
    months = _months_with_a_map(progress(demo_jobseeker))
    page = demo_coach.get(f"/cases/{demo_jobseeker.reference}/progress").text
    assert "<svg" in page and 'class="table table-compact progress-table"' in page
    table = page[page.index("progress-table"):]
    for month in months[-6:]:
        assert f"<strong>{month.network_size}</strong>" in table
    assert "Compare the last saved map" in page


def test_the_picture_alone_is_served_as_svg(coach, history):
    response = coach.get(f"{history.base}/progress.svg")
    assert response.mimetype == "image/svg+xml"
    parse(response.data)


def test_a_hostile_name_is_escaped_in_the_chart():
    months = [Month(start=date(2026, 6, 1), rings=(1, 2, 3), contacts=2)]
    svg = draw_progress(months, '<script>alert("x")</script> & "Bram"')
    assert "<script>" not in svg
    root = parse(svg)  # still well-formed XML
    assert '<script>alert("x")</script>' in root.find(f"{SVG}title").text


def test_a_month_without_a_saved_map_has_no_bar_and_says_so(world):
    from tests.jobs.conftest import make_jobseeker

    jobseeker = make_jobseeker(world.org, world.jobcoach)
    ContactLogFactory(case=jobseeker.case, person=jobseeker.sanne,
                      contacted_on=today() - timedelta(days=1))
    take_snapshot(jobseeker.case, "Nu", automatic=True)
    months = progress(jobseeker.case)
    assert len(months) == 6 and [m.rings is None for m in months] == [True] * 5 + [False]
    svg = draw_progress(months, jobseeker.case.client_name)
    assert svg.count("no map") == 5


def test_with_no_history_the_chart_still_draws_six_empty_months(world):
    from tests.jobs.conftest import make_jobseeker

    months = progress(make_jobseeker(world.org, world.jobcoach).case)
    assert len(months) == 6 and all(m.contacts == 0 for m in months)
    parse(draw_progress(months, "Leeg"))
