"""A kept PDF (an accepted plan, with every action and the map) is for the app's user only."""

from __future__ import annotations

from tests.hostile import test_private_files as files
from tests.pdf import conftest as pdf_fixtures
from tests.pdf.conftest import plan_url

mode = files.mode
open_umask, plan = files.open_umask, pdf_fixtures.plan  # fixtures


def test_a_kept_pdf_and_its_new_folder_are_private(open_umask, app, login_as, world, plan,
                                                   tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path / "pdf-cache"))
    response = login_as("coordinator").get(plan_url(world, lang="nl"))
    assert response.status_code == 200
    [kept] = (tmp_path / "pdf-cache").glob("plan-*.pdf")
    assert mode(kept) == 0o600
    assert mode(kept.parent) == 0o700  # the folder, made by the first kept PDF


def test_a_plan_printed_from_the_command_line_is_private(open_umask, app, world, plan,
                                                        tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path / "pdf-cache"))
    out = tmp_path / "plan.pdf"
    result = app.test_cli_runner().invoke(args=["plan", "pdf", world.case.reference,
                                                "--version", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and mode(out) == 0o600
