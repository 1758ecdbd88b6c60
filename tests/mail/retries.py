"""Running the retries of the outbox through the task queue, on a frozen clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from eigenkracht.core import clock
from eigenkracht.mail.delivery import RETRY_AFTER
from eigenkracht.tasks import tasks_of


def run_retry_sweep(app, at: datetime) -> None:
    """The schedule ``mail.retry_due`` at the moment ``at``, as the consumer runs it."""
    with clock.frozen(at):
        tasks_of(app).by_name["mail.retry_due"].call_local()


def run_out_the_retries(app, since: datetime | None = None) -> datetime:
    """Every retry of the schedule (1 min, 5 min, 30 min, 2 h), each a second after it falls
    due; returns the moment of the last one."""
    moment = since or clock.now()
    for wait in RETRY_AFTER:
        moment += wait + timedelta(seconds=1)
        run_retry_sweep(app, moment)
    return moment
