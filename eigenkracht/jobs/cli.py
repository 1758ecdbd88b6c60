"""``flask snapshots take``: the monthly snapshot of every open jobseeker's network map.

Meant for cron, e.g. on the first of every month::

    15 3 1 * *  cd /srv/eigenkracht && FLASK_APP=wsgi.py .venv/bin/flask snapshots take

A case that already has an automatic snapshot this month (in the organisation's time zone)
is skipped, so running it twice, or daily, is harmless. Each case is committed on its own:
one failure does not undo the others, and the command exits with status 1 when any failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from eigenkracht.audit.services import Actor, set_actor
from eigenkracht.cases.models import Case, CaseKind, CaseStatus
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.jobs.progress import local_month, month_begins_at, monthly_label
from eigenkracht.network.models import NetworkSnapshot
from eigenkracht.network.snapshots import take_snapshot

snapshots_cli = AppGroup("snapshots", help="Snapshots of the network maps of jobseekers.")


@dataclass
class MonthlyRun:
    month: datetime
    taken: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def take_monthly_snapshots(now: datetime | None = None, *, dry_run: bool = False) -> MonthlyRun:
    """An automatic snapshot for every open work case that has none this month yet."""
    now = now or clock.now()
    month = local_month(now)
    run = MonthlyRun(month=month)
    begins = month_begins_at(month)
    done = set(db.session.scalars(select(NetworkSnapshot.case_id).where(
        NetworkSnapshot.automatic.is_(True), NetworkSnapshot.taken_at >= begins)))
    cases = db.session.execute(
        select(Case.id, Case.reference).where(Case.kind == CaseKind.WORK,
                                              Case.status != CaseStatus.CLOSED)
        .order_by(Case.organisation_id, Case.id)).all()
    label = monthly_label(month)
    for case_id, reference in cases:
        if case_id in done:
            run.skipped.append(reference)
            continue
        if dry_run:
            run.taken.append(reference)
            continue
        try:
            take_snapshot(db.session.get(Case, case_id), label, automatic=True)
            db.session.commit()
        except Exception:  # noqa: BLE001 - one broken case must not stop the others
            db.session.rollback()
            current_app.logger.exception("monthly snapshot of %s failed", reference)
            run.failed.append(reference)
        else:
            run.taken.append(reference)
    return run


@snapshots_cli.command("take")
@click.option("--dry-run", is_flag=True, help="Only say which cases would get a snapshot.")
def take_command(dry_run: bool) -> None:
    """Save this month's map of every open work case (skips those already saved)."""
    set_actor(Actor(label="cron: flask snapshots take"))
    run = take_monthly_snapshots(dry_run=dry_run)
    verb = "would be taken" if dry_run else "taken"
    click.echo(f"Monthly snapshots for {run.month:%Y-%m}: {len(run.taken)} {verb}, "
               f"{len(run.skipped)} skipped (already saved this month), "
               f"{len(run.failed)} failed.")
    if run.failed:
        click.echo("Failed: " + ", ".join(run.failed), err=True)
        raise SystemExit(1)
