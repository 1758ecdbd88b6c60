"""PDFs made by the renderer process beside the web worker (``PDF_RENDERER = "process"``, the
setting outside the test suite): the document is the same, the worker's process never
imports WeasyPrint nor paints the map, and a renderer that crashes, hangs, idles or has
made its share of documents is replaced without the worker noticing more than one failed
download."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eigenkracht.extensions import db
from eigenkracht.pdf import renderer as renderers
from tests.pdf.conftest import ACTIONS, pdf_text, plan_url

DUTCH_MESSAGE = "Het document kon niet worden gemaakt. Er is niets gewijzigd."


@pytest.fixture
def in_process(app):
    """The app makes PDFs in a renderer process for this test; stopped afterwards."""
    saved = {key: app.config.get(key) for key in (
        "PDF_RENDERER", "PDF_RENDER_TIMEOUT", "PDF_RENDERER_IDLE", "PDF_RENDERER_RENDERS")}
    app.config.update(PDF_RENDERER="process", PDF_RENDER_TIMEOUT=60, PDF_RENDERER_IDLE=60,
                      PDF_RENDERER_RENDERS=200)
    yield app.config
    renderers.stop_all()
    renderers._renderers.clear()
    app.config.update(saved)


def the_renderer() -> renderers.Renderer:
    [found] = renderers._renderers.values()
    return found


def test_the_plan_is_made_in_a_process_of_its_own_and_reads_the_same(
        world, plan, login_as, in_process):
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = pdf_text(response.data)
    assert all(action in text for action in ACTIONS) and "Oma Truus" in text
    renderer = the_renderer()
    assert renderer.started == 1 and renderer.process.pid != os.getpid()
    # Everything it fetched: the style sheet, the fonts and the map this document drew.
    assert "static:css/pdf.css" in renderer.last_seen
    assert any(url.startswith("drawn:") for url in renderer.last_seen)
    assert all(url.startswith(("static:", "drawn:")) for url in renderer.last_seen)


def test_a_hostile_plan_fetches_nothing_in_the_renderer_either(world, plan, login_as,
                                                               in_process):
    plan.going_well = ('<img src="file:///etc/passwd"> '
                       '<link rel="stylesheet" href="http://example.com/x.css">')
    db.session.flush()
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.status_code == 200
    assert 'src="file:///etc/passwd"' in pdf_text(response.data)
    seen = the_renderer().last_seen
    assert seen and not any("passwd" in url or "example.com" in url for url in seen)


def test_the_web_worker_neither_imports_weasyprint_nor_paints_the_map(tmp_path):
    """In a fresh interpreter (this one has WeasyPrint loaded by other tests): the demo
    plan printed through the renderer leaves the worker without WeasyPrint and the canvas."""
    script = f"""
import sys
from eigenkracht import create_app
from eigenkracht.extensions import db
app = create_app("development", SQLALCHEMY_DATABASE_URI="sqlite:///{tmp_path}/demo.sqlite",
                 PDF_CACHE_DIR="{tmp_path}/cache", PDF_RENDERER="process")
with app.app_context():
    db.create_all()
    from eigenkracht.demo import load_demo
    load_demo()
    from eigenkracht.cases.models import Case
    from eigenkracht.plans.models import Plan
    from eigenkracht.pdf import raster, renderer
    from eigenkracht.pdf.plan import render_plan
    case = db.session.scalar(db.select(Case).where(Case.reference == "EK-2026-0001"))
    plan = db.session.scalar(db.select(Plan).where(Plan.case_id == case.id, Plan.version == 1))
    pdf = render_plan(case, plan, "nl")
    assert pdf.startswith(b"%PDF") and len(pdf) > 100_000, len(pdf)
    assert "weasyprint" not in sys.modules, "WeasyPrint was imported by the worker"
    assert not raster._kept, "the map was painted in the worker"
    renderer.stop_all()
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=renderers.ROOT, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_a_renderer_that_died_between_documents_is_replaced_unnoticed(world, plan, login_as,
                                                                       in_process):
    client = login_as("coordinator")
    assert client.get(plan_url(world, lang="en")).status_code == 200
    first = the_renderer().process
    os.kill(first.pid, signal.SIGKILL)
    first.wait(10)
    response = client.get(plan_url(world, lang="nl"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert the_renderer().started == 2 and the_renderer().process.pid != first.pid


def test_a_renderer_that_crashes_on_a_document_fails_that_download_only(
        world, plan, login_as, in_process, monkeypatch):
    world.coordinator.locale = "nl"
    db.session.flush()
    client = login_as("coordinator")
    real_write = renderers._write

    def crash_then_write(stream, meta, parts=None):
        if "html" in meta:  # the renderer dies as the document arrives
            os.kill(the_renderer().process.pid, signal.SIGKILL)
            the_renderer().process.wait(10)
        real_write(stream, meta, parts)

    monkeypatch.setattr(renderers, "_write", crash_then_write)
    response = client.get(plan_url(world, lang="en"))
    assert response.status_code == 500 and DUTCH_MESSAGE in response.text
    assert "Content-Disposition" not in response.headers
    monkeypatch.setattr(renderers, "_write", real_write)
    again = client.get(plan_url(world, lang="en"))
    assert again.status_code == 200 and again.data.startswith(b"%PDF")


def test_a_render_that_takes_too_long_is_stopped_and_says_so(world, plan, login_as,
                                                             in_process):
    world.coordinator.locale = "nl"
    db.session.flush()
    client = login_as("coordinator")
    in_process["PDF_RENDER_TIMEOUT"] = 0.05  # far less than any plan takes
    response = client.get(plan_url(world, lang="en"))
    assert response.status_code == 500 and DUTCH_MESSAGE in response.text
    slow = renderers._renderers[(0.05, 60.0, 200)]
    assert slow.process is None  # stopped, not left working on the document
    in_process["PDF_RENDER_TIMEOUT"] = 60
    assert client.get(plan_url(world, lang="en")).status_code == 200


def test_an_idle_renderer_leaves_and_the_next_document_starts_another(world, plan,
                                                                       login_as, in_process):
    in_process["PDF_RENDERER_IDLE"] = 0.5
    client = login_as("coordinator")
    assert client.get(plan_url(world, lang="en")).status_code == 200
    process = the_renderer().process
    assert process.wait(10) == renderers.IDLE_EXIT  # it left by itself
    assert client.get(plan_url(world, lang="nl")).status_code == 200
    assert the_renderer().started == 2


def test_a_renderer_is_replaced_after_its_share_of_documents(world, plan, login_as,
                                                             in_process):
    in_process["PDF_RENDERER_RENDERS"] = 2
    client = login_as("coordinator")
    for lang in ("en", "nl", "tr"):
        assert client.get(plan_url(world, lang=lang)).status_code == 200
    renderer = the_renderer()
    assert renderer.started == 2 and renderer.done == 1


def test_without_weasyprint_in_the_renderer_the_page_says_printing_is_unavailable(
        world, plan, login_as, in_process, tmp_path, monkeypatch):
    broken = tmp_path / "broken" / "weasyprint"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text(
        'raise OSError("cannot load library \'libpango-1.0-0\'")\n')
    monkeypatch.setenv("PYTHONPATH", str(broken.parent))
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.status_code == 503
    assert "a part that is needed for it is not installed" in response.text
    assert "weasyprint" not in the_renderer().last_seen  # and nothing was fetched


def test_a_renderer_takes_one_document_at_a_time_and_leaves_when_the_worker_does():
    renderer = renderers.Renderer(timeout=60, idle=60, renders=10)
    process = renderer._process()
    process.stdin.close()  # the worker went away: its end of the pipe closes
    assert process.wait(10) == 0
    renderer._reap()
    assert renderer.process is None


def test_the_renderer_waits_no_longer_than_it_is_told():
    reader, writer = os.pipe()
    with os.fdopen(reader, "rb") as stream:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            renderers._read(stream, time.monotonic() + 0.2)
        assert time.monotonic() - started < 5
    os.close(writer)


def test_messages_carry_data_and_parts_and_nothing_else_is_read(tmp_path):
    import pickle

    path = tmp_path / "messages"
    with path.open("wb") as out:
        renderers._write(out, {"status": "ok", "seen": ["static:css/pdf.css"]},
                         [b"%PDF-1.7 \x00\xff", b""])
        body = pickle.dumps({"status": "ok"})  # what an old or taken-over renderer might send
        out.write(renderers.HEADER.pack(len(body)) + body)
        out.write(renderers.HEADER.pack(renderers.MAX_MESSAGE + 1))
    with path.open("rb") as stream:
        meta, parts = renderers._read(stream)
        assert meta == {"status": "ok", "seen": ["static:css/pdf.css"]}
        assert parts == [b"%PDF-1.7 \x00\xff", b""]
        with pytest.raises(EOFError):  # a pickle is not a message: never unpickled
            renderers._read(stream)
        with pytest.raises(EOFError):  # nor is a message larger than any document
            renderers._read(stream)


def test_a_painting_crosses_to_the_renderer_as_its_svg_and_size():
    from eigenkracht.pdf.raster import Painting

    images = {"drawn:a.jpg": (Painting("<svg/>", 170.0, 120.5, 250), "image/jpeg"),
              "drawn:b.svg": (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")}
    items, parts = renderers._images_out(images)
    assert renderers._images_in(items, parts) == images


def test_a_renderer_that_cannot_be_started_fails_the_download_with_the_usual_message(
        world, plan, login_as, in_process, monkeypatch):
    world.coordinator.locale = "nl"
    db.session.flush()

    def no_process(*args, **kwargs):
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(renderers.subprocess, "Popen", no_process)
    response = login_as("coordinator").get(plan_url(world, lang="en"))
    assert response.status_code == 500 and DUTCH_MESSAGE in response.text
    assert "Cannot allocate" not in response.text


def test_the_renderer_gets_no_secrets_from_the_worker(world, plan, login_as, in_process,
                                                      monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-secret-the-renderer-must-not-see-0123456789")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app:hunter2@db.internal/ek")
    monkeypatch.setenv("MAIL_PASSWORD", "hunter3")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert login_as("coordinator").get(plan_url(world, lang="en")).status_code == 200
    environ = (Path(f"/proc/{the_renderer().process.pid}/environ").read_bytes()
               .decode().split("\0"))
    names = {entry.split("=", 1)[0] for entry in environ if entry}
    assert not names & {"SECRET_KEY", "DATABASE_URL", "MAIL_PASSWORD"}
    assert "LC_ALL" in names and "PATH" in names
    assert not any("hunter" in entry for entry in environ)
