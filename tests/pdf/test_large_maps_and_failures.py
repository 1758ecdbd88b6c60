"""Every PDF failure is a clear message, huge maps print in bounded time, and a download
stops waiting for the task consumer before the web worker is killed (issue 16, finding 12;
issue 18).

A plan of a map with 10,000 people used to answer 500 ("not a small image": the drawing was
too large to hand to WeasyPrint); 6,000 took over 20 s. Above ``MAP_PRINT_LIMIT`` people the
plan now prints the map as counts per sector and ring and sends the reader to the map page.
Whatever fails on the way — the drawing, the template, WeasyPrint, the task queue — the user
reads the "could not be made" message (503), never a crash page.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert

import config
from eigenkracht.extensions import db
from eigenkracht.network import printed as network
from eigenkracht.network.models import Person, Sector
from eigenkracht.pdf import jobs, render
from tests.fixtures.roles import log_in
from tests.pdf.conftest import pdf_text, plan_url

COULD_NOT = "could not be made"


def crowd(case, count: int, prefix: str = "Buur") -> None:
    """``count`` people on the case's map in one statement, spread over sectors and rings."""
    sectors = list(Sector)
    db.session.execute(insert(Person), [
        {"case_id": case.id, "name": f"{prefix} {n:05d}", "sector": sectors[n % len(sectors)],
         "ring": 1 + n % 3, "is_client": False} for n in range(count)])
    db.session.flush()


def on_map(case) -> int:
    return network.people_count(case)


@pytest.fixture
def coordinator(app, world):
    return log_in(app.test_client(), world.coordinator)


def test_a_map_of_10000_people_prints_as_counts_with_the_way_to_the_map_page(
        world, plan, coordinator):
    crowd(world.case, 10_000 - on_map(world.case))
    assert on_map(world.case) == 10_000
    response = coordinator.get(plan_url(world, lang="en"))
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "10000 people are on the network map" in text
    assert "The full map, with every name, is on the map page" in text
    assert "Buur 00001" not in text  # no names: counts per sector and ring
    assert "Sector" in text and "Ring" in text


def test_one_past_the_limit_prints_counts_and_at_the_limit_the_picture(
        world, plan, coordinator, monkeypatch):
    """The boundary: 401 people are counted, 400 are drawn with every name. (The limit is
    lowered for the test's speed; the rule is the same at 400.)"""
    monkeypatch.setattr(network, "MAP_PRINT_LIMIT", on_map(world.case) + 20)
    from eigenkracht.plans import printed as documents

    monkeypatch.setattr(documents, "MAP_PRINT_LIMIT", network.MAP_PRINT_LIMIT)
    crowd(world.case, 20)
    at_limit = pdf_text(coordinator.get(plan_url(world, lang="en")).data)
    assert "Buur 00019" in at_limit
    assert "too many to print" not in at_limit
    crowd(world.case, 1, prefix="Een te veel")
    past = coordinator.get(plan_url(world, lang="en", version=1))
    assert past.status_code == 200
    text = pdf_text(past.data)
    assert f"{network.MAP_PRINT_LIMIT + 1} people are on the network map" in text
    assert "Buur 00019" not in text


def test_the_default_limit_is_a_few_hundred():
    assert network.MAP_PRINT_LIMIT == 400


@pytest.mark.parametrize("where", ["drawing", "too large to hand over", "template"])
def test_a_failure_before_weasyprint_gives_the_message(app, world, plan, coordinator,
                                                       monkeypatch, where):
    """The drawing raising, a drawing over the size WeasyPrint is handed (the 10,000-person
    ValueError), a template fault: each the message, none a crash page."""
    if where == "drawing":
        def broken(*args, **kwargs):
            raise ValueError("hostile drawing")
        monkeypatch.setattr("eigenkracht.plans.printed.network_picture", broken)
    elif where == "too large to hand over":
        monkeypatch.setattr(render, "MAX_GENERATED_BYTES", 10)
    else:
        def fault(value):
            return 1 / 0
        monkeypatch.setitem(app.jinja_env.filters, "bidi", fault)
    response = coordinator.get(plan_url(world, lang="en"))
    body = response.get_data(as_text=True)
    assert response.mimetype != "application/pdf"
    assert COULD_NOT in body
    assert "Traceback" not in body and "ZeroDivisionError" not in body


def test_weasyprint_raising_gives_the_message(world, plan, coordinator, monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError("WeasyPrint ran out")

    monkeypatch.setattr(render, "_weasyprint", lambda: type("W", (), {"HTML": broken}))
    response = coordinator.get(plan_url(world, lang="en"))
    assert COULD_NOT in response.get_data(as_text=True)


def test_a_task_queue_that_cannot_be_reached_gives_the_message(world, plan, coordinator,
                                                                 monkeypatch):
    """Redis gone (or the SQLite file unreadable): the message, 503, never a crash page."""
    def gone():
        raise ConnectionError("no queue here")

    monkeypatch.setattr(jobs, "_storage", gone)
    response = coordinator.get(plan_url(world, lang="en"))
    assert response.status_code == 503 and COULD_NOT in response.get_data(as_text=True)
    assert response.headers["Retry-After"]


# --- the timeouts' order -----------------------------------------------------------------

def settings(**values):
    return type("Settings", (config.TestingConfig,), values)


@pytest.mark.parametrize("wait, worker_timeout, refused", [
    (60, 60, True),      # equal: the worker would die waiting, no page
    (59, 60, False),     # one below: the "being prepared" page gets out
    (61, 60, True),      # above
    (0, 60, True),       # empty or zero: nothing could ever be printed
    (-5, 60, True),
    (45, 0, True),
    (float("nan"), 60, True),  # malformed (not a number)
    (45, float("nan"), True),
])
def test_a_download_wait_not_below_the_worker_timeout_refuses_to_start(
        wait, worker_timeout, refused):
    for base in (config.TestingConfig, config.ProductionConfig):
        cls = type("Settings", (base,), {"PDF_WAIT": wait, "WORKER_TIMEOUT": worker_timeout})
        problem = config.pdf_timeout_problem(cls.PDF_WAIT, cls.WORKER_TIMEOUT)
        assert bool(problem) is refused
        if refused and base is config.TestingConfig:
            with pytest.raises(RuntimeError, match="TIMEOUT"):
                cls.validate()
        elif base is config.TestingConfig:
            cls.validate()


def test_the_defaults_stop_waiting_well_before_the_worker(monkeypatch):
    monkeypatch.delenv("PDF_WAIT", raising=False)
    monkeypatch.delenv("WORKER_TIMEOUT", raising=False)
    wait = config._seconds("PDF_WAIT", 20)
    worker_timeout = config._seconds("WORKER_TIMEOUT", 60)
    assert (wait, worker_timeout) == (config.Config.PDF_WAIT, config.Config.WORKER_TIMEOUT)
    assert worker_timeout - wait >= 10  # time left to build the document and the page
    monkeypatch.setenv("PDF_WAIT", "two minutes")
    assert config.pdf_timeout_problem(config._seconds("PDF_WAIT", 20), 60)
    assert config.pdf_timeout_problem(20, 60, render_timeout=0)  # nothing would be queued
