"""A family's PDF follows the staff's path (issue 18): made by the task consumer; while it
is not there yet, the person reads "being prepared" on a page of their own, in their
language, that asks again by itself — never an error page."""

from __future__ import annotations

from tests.family.conftest import TOKEN
from tests.pdf.conftest import pdf_text
from tests.pdf.queue import run_queued, sqlite_queue


def test_a_family_pdf_not_made_yet_is_being_prepared_in_their_language(app, client, family,
                                                                       tmp_path):
    url = f"/p/{TOKEN}/plan.pdf?lang=nl"
    with sqlite_queue(app, tmp_path) as tasks:
        waiting = client.get(url)
        assert waiting.status_code == 202
        page = waiting.get_data(as_text=True)
        assert "Het document wordt gemaakt" in page and "Er is niets misgegaan" in page
        assert f'<meta http-equiv="refresh" content="3;url={url}">' in page
        assert f'<a href="{url}">Download het document nu</a>' in page
        assert waiting.headers["Referrer-Policy"] == "no-referrer"
        assert waiting.headers["X-Robots-Tag"] == "noindex, nofollow"
        assert "Sjoerd Coördinator" in page  # whom to ask (the page's contact)

        arabic = client.get(f"/p/{TOKEN}/tasks.pdf?lang=ar")
        assert arabic.status_code == 202
        assert "يجري إعداد المستند" in arabic.get_data(as_text=True)

        run_queued(tasks)
        done = client.get(url)
        assert done.status_code == 200 and done.mimetype == "application/pdf"
        assert "Oma haalt Noëlle op woensdag op" in pdf_text(done.data)
