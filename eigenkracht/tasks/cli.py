"""``flask tasks consume`` runs a consumer; ``flask tasks list`` shows the schedules;
``flask tasks run NAME`` runs one task here and now."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

from eigenkracht.core import clock
from eigenkracht.tasks.engine import tasks_of
from eigenkracht.tasks.runs import last_runs

tasks_cli = AppGroup("tasks", help="The background task queue (Huey).")


@tasks_cli.command("consume")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=None,
              help="Worker threads (default: TASKS_WORKERS, 2).")
@click.option("--scheduler/--no-scheduler", default=True,
              help="Also enqueue the periodic tasks. Exactly one consumer of a deployment "
                   "runs the scheduler; start the others with --no-scheduler.")
def consume_command(workers: int | None, scheduler: bool) -> None:
    """Run a consumer until it is stopped (Ctrl-C or SIGTERM: finish the running tasks;
    a second Ctrl-C stops at once)."""
    tasks = tasks_of()
    if tasks.huey.immediate:
        raise click.ClickException("TASKS_IMMEDIATE is set: tasks run where they are "
                                   "enqueued, there is nothing to consume.")
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("huey").setLevel(logging.INFO)
    for fn in tasks.at_start:
        tasks.enqueue(fn)
    consumer = tasks.huey.create_consumer(
        workers=workers or int(current_app.config.get("TASKS_WORKERS", 2)),
        worker_type="thread", periodic=scheduler, check_worker_health=True)
    consumer.run()


@tasks_cli.command("list")
def list_command() -> None:
    """The scheduled tasks: when they run, when they last ran and how it went."""
    tasks = tasks_of()
    runs = last_runs()
    now = clock.now()
    for periodic in tasks.periodic_tasks:
        run = runs.get(periodic.name)
        upcoming = periodic.schedule.next_after(now, tasks.zone)
        click.echo(f"{periodic.name}  ({periodic.schedule.describe()}, "
                   f"{tasks.zone.key})")
        click.echo(f"    {periodic.description}")
        click.echo(f"    next run: {_local(upcoming, tasks)}")
        if run is None or run.started_at is None:
            click.echo("    last run: never")
        else:
            line = f"    last run: {_local(run.started_at, tasks)}, {run.outcome}"
            if run.finished_at and run.outcome != "running":
                line += f" (ended {_local(run.finished_at, tasks)})"
            click.echo(line)
            if run.error:
                click.echo(f"    error: {run.error}")
    others = sorted(set(tasks.by_name) - {p.name for p in tasks.periodic_tasks})
    if others:
        click.echo("On demand: " + ", ".join(others))


@tasks_cli.command("run")
@click.argument("name")
def run_command(name: str) -> None:
    """Run the periodic task NAME here and now (recorded as a run), without the queue."""
    tasks = tasks_of()
    periodic = {p.name for p in tasks.periodic_tasks}
    if name not in periodic:
        raise click.ClickException(f"No scheduled task {name!r}; see `flask tasks list`.")
    tasks.by_name[name].call_local()
    click.echo(f"{name}: done")


def _local(moment, tasks) -> str:
    if moment is None:
        return "never"
    return moment.astimezone(tasks.zone).strftime("%Y-%m-%d %H:%M %Z")
