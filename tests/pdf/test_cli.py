"""``flask plan pdf REFERENCE [--version N] [--lang LL] -o FILE``."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from tests.pdf.conftest import ACTIONS, pdf_text


def test_the_cli_writes_the_plan_pdf(app, world, plan, tmp_path):
    out = tmp_path / "plan.pdf"
    result = app.test_cli_runner().invoke(args=[
        "plan", "pdf", "ek-2026-0001", "--version", "1", "--lang", "pl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert ACTIONS[0] in pdf_text(out.read_bytes())
    assert "Kto co robi" in pdf_text(out.read_bytes())
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "download")).one()
    assert event.actor_label == "system" and event.details["via"] == "cli"


def test_the_cli_names_what_is_wrong(app, world, plan, tmp_path):
    runner = app.test_cli_runner()
    out = str(tmp_path / "x.pdf")
    unknown = runner.invoke(args=["plan", "pdf", "EK-1999-0001", "-o", out])
    assert unknown.exit_code != 0 and "No case EK-1999-0001" in unknown.output
    version = runner.invoke(args=["plan", "pdf", "EK-2026-0001", "--version", "9", "-o", out])
    assert version.exit_code != 0 and "has no version 9" in version.output
    lang = runner.invoke(args=["plan", "pdf", "EK-2026-0001", "--lang", "de", "-o", out])
    assert lang.exit_code != 0 and "nl, en, tr, ar, pl" in lang.output
    assert not (tmp_path / "x.pdf").exists()
