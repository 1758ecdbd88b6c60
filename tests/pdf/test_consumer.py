"""PDFs are made by the task consumer; a download waits for them a while (issue 18).

A download that the consumer has not answered within ``PDF_WAIT`` seconds gets the "being
prepared" page — 202, in the user's language, refreshing itself and linking to the same
address — and asking again picks up the PDF, without queueing the document twice. A real
``flask tasks consume`` process makes the PDF that a waiting download then serves. The web
worker never loads WeasyPrint.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import pytest

from eigenkracht.pdf import jobs
from tests.fixtures.roles import log_in
from tests.pdf.conftest import pdf_text, plan_url
from tests.pdf.queue import ROOT, real_consumer, run_queued, sqlite_queue, wait_for


@pytest.fixture
def coordinator(app, world):
    return log_in(app.test_client(), world.coordinator)


def test_a_download_the_consumer_has_not_made_yet_says_it_is_being_prepared(
        app, world, plan, coordinator, tmp_path):
    with sqlite_queue(app, tmp_path) as tasks:
        url = plan_url(world, lang="en")
        waiting = coordinator.get(url)
        assert waiting.status_code == 202 and waiting.mimetype == "text/html"
        page = waiting.get_data(as_text=True)
        assert "The document is being prepared" in page
        assert "Nothing has gone wrong" in page
        assert f'<meta http-equiv="refresh" content="3;url={url}">' in page
        assert f'<a href="{url}">Download the document now</a>' in page
        assert 'role="status"' in page
        assert waiting.headers["Retry-After"] == "3"
        assert waiting.headers["Cache-Control"] == "no-store"

        again = coordinator.get(url)  # still not made: the same page, nothing queued twice
        assert again.status_code == 202
        assert tasks.huey.pending_count() == 1

        assert run_queued(tasks) == 1  # the consumer makes it
        done = coordinator.get(url)
        assert done.status_code == 200 and done.mimetype == "application/pdf"
        assert "The plan of Noëlle" in pdf_text(done.data)
        assert tasks.huey.pending_count() == 0
        assert not any(key.startswith(b"pdf:") or key.startswith("pdf:")
                       for key in tasks.huey.storage.result_items())  # taken, not left


def test_the_being_prepared_page_speaks_the_users_language(app, world, plan, tmp_path):
    from eigenkracht.extensions import db

    world.coordinator.locale = "nl"
    db.session.flush()
    coordinator = log_in(app.test_client(), world.coordinator)
    with sqlite_queue(app, tmp_path):
        waiting = coordinator.get(plan_url(world, lang="en"))  # the page: the user's language
        assert waiting.status_code == 202
        assert "Het document wordt gemaakt" in waiting.get_data(as_text=True)


def test_a_document_whose_task_was_lost_is_queued_again(app, world, plan, coordinator,
                                                         tmp_path, monkeypatch):
    """A consumer that died with the task: after twice PDF_RENDER_TIMEOUT it is queued
    again, so the refreshing page does not wait for ever."""
    with sqlite_queue(app, tmp_path) as tasks:
        url = plan_url(world, lang="en")
        assert coordinator.get(url).status_code == 202
        tasks.huey.dequeue()  # the task is lost
        assert coordinator.get(url).status_code == 202
        assert tasks.huey.pending_count() == 0  # still counted as on its way
        later = time.time() + 2 * app.config["PDF_RENDER_TIMEOUT"] + 1
        monkeypatch.setattr(jobs.time, "time", lambda: later)
        assert coordinator.get(url).status_code == 202
        assert tasks.huey.pending_count() == 1


def test_a_pdf_nobody_came_back_for_is_removed(app, tmp_path):
    with app.app_context(), sqlite_queue(app, tmp_path) as tasks:
        storage = tasks.huey.storage
        storage.put_data("pdf:old", jobs._pack("ok", b"%PDF-old"))
        storage.put_data("other-feature", b"kept")
        assert jobs.forget_unclaimed(storage, older_than=0) == 1
        assert jobs._empty(storage.peek_data("pdf:old"))
        assert storage.peek_data("other-feature") == b"kept"


def test_a_failure_in_the_consumer_is_the_downloads_message(app, world, plan, coordinator,
                                                            tmp_path, monkeypatch):
    from eigenkracht.pdf import render

    def broken(html, images=None, fetcher=None):
        raise render.PdfError("WeasyPrint failed: ValueError")

    monkeypatch.setattr(render, "html_to_pdf", broken)
    with sqlite_queue(app, tmp_path) as tasks:
        assert coordinator.get(plan_url(world, lang="en")).status_code == 202
        run_queued(tasks)
        failed = coordinator.get(plan_url(world, lang="en"))
        assert failed.status_code == 503
        assert "The document could not be made" in failed.get_data(as_text=True)


@pytest.mark.parametrize("body", [b"", b"not json\n", b'{"status": "ok"', b"\n%PDF"])
def test_a_result_that_is_not_one_of_ours_is_a_failure_not_a_crash(body):
    with pytest.raises(jobs.PdfError):
        jobs._unpack(body)


def test_a_real_consumer_makes_the_pdf_that_a_waiting_download_serves(
        app, world, plan, coordinator, tmp_path):
    with sqlite_queue(app, tmp_path, wait=5) as tasks, real_consumer(tmp_path) as consumer:
        url = plan_url(world, lang="en")

        def downloaded():
            response = coordinator.get(url)
            assert response.status_code in (200, 202), response.get_data(as_text=True)[:300]
            return response if response.status_code == 200 else None

        response = wait_for(downloaded, seconds=120, step=0.5)
        assert consumer.poll() is None, (tmp_path / "consumer.log").read_text()
        assert response is not None, (tmp_path / "consumer.log").read_text()
        assert response.mimetype == "application/pdf"
        assert "The plan of Noëlle" in pdf_text(response.data)
        assert tasks.huey.pending_count() == 0


def test_the_web_app_serves_pages_and_pdf_downloads_without_loading_weasyprint(tmp_path):
    """A web worker never imports WeasyPrint: serving pages and a PDF download (which waits
    for the consumer and says "being prepared") leaves it out of ``sys.modules``."""
    script = textwrap.dedent(f"""
        import json, sys
        from eigenkracht import create_app
        from eigenkracht.extensions import db
        app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite:///{tmp_path}/web.sqlite",
                         TASKS_URL="sqlite:///{tmp_path}/tasks.sqlite", TASKS_IMMEDIATE=False,
                         PDF_WAIT=0.1)
        from eigenkracht.tasks.engine import tasks_of
        with app.app_context():
            db.create_all()
            from tests.fixtures.roles import build_world, log_in
            world = build_world()
            db.session.commit()
            reference = world.case.reference
            user = world.coordinator
            client = log_in(app.test_client(), user)
            answers = [client.get(path).status_code for path in (
                "/", f"/cases/{{reference}}", f"/cases/{{reference}}/network",
                f"/cases/{{reference}}/plan.pdf?lang=en")]
        print(json.dumps({{"answers": answers, "queued": tasks_of(app).huey.pending_count(),
                          "weasyprint": sorted(m for m in sys.modules
                                               if m.split(".")[0] == "weasyprint")}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["answers"][-1] == 202  # the PDF: being prepared (no consumer here)
    assert all(code < 400 for code in result["answers"]), result
    assert result["queued"] == 1
    assert result["weasyprint"] == []


def test_a_letter_not_made_yet_offers_its_form_again(app, world, coordinator, tmp_path):
    """A download by POST cannot refresh itself: the page offers the same form again."""
    from tests.pdf.test_other_documents import invited, letter_url

    invitation = invited(world)
    with sqlite_queue(app, tmp_path):
        waiting = coordinator.post(letter_url(world, invitation), data={"note": "x"})
        assert waiting.status_code == 202
        page = waiting.get_data(as_text=True)
        assert "The document is being prepared" in page
        assert 'http-equiv="refresh"' not in page
        assert '<form method="post">' in page
        assert '<input type="hidden" name="note" value="x">' in page
        assert "Download the document now</button>" in page


def test_a_case_export_waits_for_its_plan_pdfs_like_a_download(app, world, plan, login_as,
                                                               tmp_path):
    """The export holds every plan version's PDF: while the consumer makes them, the admin
    reads "being prepared" (and the page asks again), never a 500 or a ZIP without them.
    Each PDF waits in the store until the export has them all; then none is left there."""
    import io
    import zipfile

    from tests.factories import PlanFactory

    PlanFactory(case=world.case, version=2)
    url = f"/cases/{world.case.reference}/export"
    admin = login_as("admin")
    with sqlite_queue(app, tmp_path) as tasks:
        response = admin.get(url)
        assert response.status_code == 202
        assert "The document is being prepared" in response.get_data(as_text=True)
        made = 0
        while response.status_code == 202 and made < 5:  # as the page asks again
            made += run_queued(tasks)
            response = admin.get(url)
        assert response.status_code == 200 and response.mimetype == "application/zip"
        assert made == 2  # each version made once
        names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
        assert {"plans/plan-v1.pdf", "plans/plan-v2.pdf"} <= set(names)
        assert not [key for key in tasks.huey.storage.result_items()
                    if str(key).startswith(("pdf:", "b'pdf:"))]
