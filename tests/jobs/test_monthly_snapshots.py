"""``flask snapshots take``: the monthly snapshot of every open jobseeker's map, for cron."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from eigenkracht.cases.models import CaseStatus
from eigenkracht.core.db import utcnow
from eigenkracht.network.models import NetworkSnapshot
from tests.factories import NetworkSnapshotFactory
from tests.jobs.conftest import make_jobseeker


def _automatic(db, case) -> list[NetworkSnapshot]:
    return list(db.session.scalars(select(NetworkSnapshot).where(
        NetworkSnapshot.case_id == case.id, NetworkSnapshot.automatic.is_(True))))


def test_it_saves_the_map_of_every_open_work_case_and_prints_a_summary(app, world, db):
    first = make_jobseeker(world.org, world.jobcoach, first_name="Een")
    second = make_jobseeker(world.other_org, world.other_coordinator, first_name="Twee")
    result = app.test_cli_runner().invoke(args=["snapshots", "take"])
    assert result.exit_code == 0, result.output
    assert "2 taken, 0 skipped" in result.output  # the world's jobseeker is closed
    [snapshot] = _automatic(db, first.case)
    names = {p["name"] for p in snapshot.data["people"]}
    assert {"Sanne Bakker", "Harm Wijnstra"} <= names
    assert len(_automatic(db, second.case)) == 1


def test_youth_and_closed_cases_get_no_snapshot(app, world, db):
    closed = make_jobseeker(world.org, world.jobcoach, status=CaseStatus.CLOSED)
    app.test_cli_runner().invoke(args=["snapshots", "take"])
    assert _automatic(db, closed.case) == [] and _automatic(db, world.case) == []


def test_a_case_that_has_this_months_snapshot_is_skipped(app, world, db):
    jobseeker = make_jobseeker(world.org, world.jobcoach)
    NetworkSnapshotFactory(case=jobseeker.case, automatic=True)
    result = app.test_cli_runner().invoke(args=["snapshots", "take"])
    assert "1 skipped" in result.output
    assert len(_automatic(db, jobseeker.case)) == 1


def test_a_snapshot_of_last_month_or_by_hand_does_not_count(app, world, db):
    jobseeker = make_jobseeker(world.org, world.jobcoach)
    NetworkSnapshotFactory(case=jobseeker.case, automatic=True,
                           taken_at=utcnow() - timedelta(days=40))
    NetworkSnapshotFactory(case=jobseeker.case, automatic=False)
    app.test_cli_runner().invoke(args=["snapshots", "take"])
    assert len(_automatic(db, jobseeker.case)) == 2


def test_running_it_twice_takes_nothing_the_second_time(app, world, db):
    jobseeker = make_jobseeker(world.org, world.jobcoach)
    runner = app.test_cli_runner()
    runner.invoke(args=["snapshots", "take"])
    result = runner.invoke(args=["snapshots", "take"])
    assert "0 taken, 1 skipped" in result.output
    assert len(_automatic(db, jobseeker.case)) == 1


def test_a_dry_run_saves_nothing(app, world, db):
    jobseeker = make_jobseeker(world.org, world.jobcoach)
    result = app.test_cli_runner().invoke(args=["snapshots", "take", "--dry-run"])
    assert "1 would be taken" in result.output
    assert _automatic(db, jobseeker.case) == []


def test_automatic_snapshots_are_audited_as_the_system(app, world, db):
    from eigenkracht.audit.models import AuditEvent

    jobseeker = make_jobseeker(world.org, world.jobcoach)
    app.test_cli_runner().invoke(args=["snapshots", "take"])
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "network_snapshot",
        AuditEvent.case_id == jobseeker.case.id))
    assert event.actor_id is None and event.actor_label.startswith("cron")
