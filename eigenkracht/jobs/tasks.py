"""The monthly snapshots of jobseekers' maps as a scheduled task (``register_tasks``)."""

from __future__ import annotations

import logging

from eigenkracht.audit.services import Actor, set_actor
from eigenkracht.jobs.cli import take_monthly_snapshots

log = logging.getLogger(__name__)


def monthly_snapshots() -> list[str]:
    """This month's snapshot of every open jobseeker's map (cases done already skipped)."""
    set_actor(Actor(label="schedule: jobs.monthly_snapshots"))
    run = take_monthly_snapshots()
    log.info("monthly snapshots %s: %d taken, %d skipped, %d failed", f"{run.month:%Y-%m}",
             len(run.taken), len(run.skipped), len(run.failed))
    if run.failed:
        raise RuntimeError("snapshot failed for " + ", ".join(run.failed))
    return run.taken
