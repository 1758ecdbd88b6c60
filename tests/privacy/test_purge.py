"""``flask purge``: cases past their retention date are erased, their audit trail blanked."""

from __future__ import annotations

from datetime import date, timedelta

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import Case
from eigenkracht.extensions import db
from tests.privacy.conftest import rows_mentioning


def _expire(case: Case) -> None:
    case.retention_until = date.today() - timedelta(days=1)
    db.session.flush()


def test_before_purge_the_name_is_found_in_many_places(everywhere):
    assert len(rows_mentioning(everywhere.name)) >= 8


def test_after_purge_the_name_appears_nowhere_in_the_database(app, world, everywhere):
    _expire(world.case)
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "erased 1 case(s)" in result.output
    assert rows_mentioning(everywhere.name) == []


def test_purge_erases_the_case_and_everything_under_it(app, world, everywhere):
    case_id = world.case.id
    _expire(world.case)
    app.test_cli_runner().invoke(args=["purge"])
    assert db.session.get(Case, case_id) is None
    assert db.session.scalar(db.select(db.func.count()).select_from(db.text("people"))
                             .where(db.text(f"case_id = {case_id}"))) == 0


def test_purge_keeps_who_did_what_but_blanks_what_it_said(app, world, everywhere):
    _expire(world.case)
    app.test_cli_runner().invoke(args=["purge"])
    events = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.case_id == world.case.id)).all()
    assert events and all(e.summary == "" and e.details == {} for e in events)


def test_purge_records_what_it_did_without_personal_data(app, world, everywhere):
    _expire(world.case)
    app.test_cli_runner().invoke(args=["purge"])
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "purge"))
    assert event.details["references"] == ["EK-2026-0001"]
    assert "Noëlle" not in str(event.details) and event.organisation_id == world.org.id


def test_purge_leaves_cases_within_their_retention_alone(app, world):
    world.case.retention_until = date.today() + timedelta(days=1)
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert "erased 0 case(s)" in result.output
    assert db.session.get(Case, world.case.id) is not None


def test_a_dry_run_lists_but_erases_nothing(app, world):
    _expire(world.case)
    result = app.test_cli_runner().invoke(args=["purge", "--dry-run"])
    assert "EK-2026-0001" in result.output
    assert db.session.get(Case, world.case.id) is not None
