"""The schedules that replaced cron: the daily purge and the monthly snapshots run as
periodic tasks through the engine (``call_local`` runs one as the consumer does, in its own
app context), record their runs, and ``flask tasks`` lists and runs them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from eigenkracht.cases.models import Case
from eigenkracht.network.models import NetworkSnapshot
from eigenkracht.tasks import tasks_of
from eigenkracht.tasks.models import TaskRun
from tests.factories import CaseFactory
from tests.jobs.conftest import make_jobseeker


def run(app, name: str) -> None:
    tasks_of(app).by_name[name].call_local()


def last_run(db, name: str) -> TaskRun:
    db.session.expire_all()
    return db.session.get(TaskRun, name)


def test_the_schedule_has_the_purge_the_snapshots_and_the_mail_retries(app):
    schedules = {p.name: p.schedule for p in tasks_of(app).periodic_tasks}
    assert schedules["privacy.purge"].describe().startswith("minute=30 hour=2 ")
    assert schedules["jobs.monthly_snapshots"].describe().startswith("minute=15 hour=3 ")
    assert schedules["mail.retry_due"].describe() == (
        "minute=* hour=* day=* month=* weekday=*")  # every minute


def test_the_daily_purge_erases_a_case_past_its_retention_date(app, db, world):
    expired = CaseFactory(organisation=world.org,
                          retention_until=date.today() - timedelta(days=1))
    keep = CaseFactory(organisation=world.org, retention_until=date.today() + timedelta(days=30))
    expired_id, keep_id = expired.id, keep.id
    db.session.commit()
    run(app, "privacy.purge")
    db.session.expire_all()
    assert db.session.get(Case, expired_id) is None
    assert db.session.get(Case, keep_id) is not None
    assert last_run(db, "privacy.purge").outcome == "ok"


def test_the_monthly_snapshot_runs_daily_and_takes_one_a_month(app, db, world):
    jobseeker = make_jobseeker(world.org, world.jobcoach)
    db.session.commit()
    run(app, "jobs.monthly_snapshots")
    run(app, "jobs.monthly_snapshots")  # the next night: nothing new this month
    snapshots = db.session.scalars(select(NetworkSnapshot).where(
        NetworkSnapshot.case_id == jobseeker.case.id, NetworkSnapshot.automatic.is_(True)))
    assert len(list(snapshots)) == 1
    assert (last_run(db, "jobs.monthly_snapshots").outcome,
            last_run(db, "jobs.monthly_snapshots").runs) == ("ok", 2)


def test_flask_tasks_run_runs_a_schedule_now(app, db, world):
    result = app.test_cli_runner().invoke(args=["tasks", "run", "jobs.monthly_snapshots"])
    assert result.exit_code == 0, result.output
    assert "jobs.monthly_snapshots: done" in result.output
    assert last_run(db, "jobs.monthly_snapshots").outcome == "ok"


def test_flask_tasks_run_refuses_what_is_not_a_schedule(app):
    for name in ("mail.deliver", "nothing", "", "privacy.purge; rm -rf /"):
        result = app.test_cli_runner().invoke(args=["tasks", "run", name])
        assert result.exit_code != 0
        assert "No scheduled task" in result.output


def test_flask_tasks_consume_refuses_immediate_mode(app):
    result = app.test_cli_runner().invoke(args=["tasks", "consume"])
    assert result.exit_code != 0 and "TASKS_IMMEDIATE" in result.output
