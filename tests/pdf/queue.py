"""A task queue for one test: Huey's SQLite storage in the test's folder, not immediate, so
that a download waits for a consumer — the test's own hand (``run_queued``) or a real
``flask tasks consume`` process (``real_consumer``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eigenkracht.pdf.jobs import TASK, render_task
from eigenkracht.tasks.engine import EXTENSION, init_tasks

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def sqlite_queue(app, folder: Path, wait: float = 0.2) -> Iterator:
    """The app's queue swapped for one on ``folder/tasks.sqlite`` (``PDF_WAIT`` = ``wait``);
    yields its ``Tasks``. The suite's own queue (immediate) comes back afterwards."""
    saved_tasks = app.extensions[EXTENSION]
    saved = {key: app.config.get(key) for key in ("TASKS_URL", "TASKS_IMMEDIATE", "PDF_WAIT")}
    app.config.update(TASKS_URL=f"sqlite:///{folder / 'tasks.sqlite'}", TASKS_IMMEDIATE=False,
                      PDF_WAIT=wait)
    try:
        tasks = init_tasks(app)
        tasks.task(render_task, name=TASK)
        yield tasks
    finally:
        app.extensions[EXTENSION] = saved_tasks
        app.config.update(saved)


def run_queued(tasks) -> int:
    """Run every task waiting in ``tasks``' queue here, as a consumer would; how many."""
    count = 0
    while (task := tasks.huey.dequeue()) is not None:
        tasks.huey.execute(task)
        count += 1
    return count


@contextmanager
def real_consumer(folder: Path) -> Iterator[subprocess.Popen]:
    """``flask tasks consume`` on ``folder/tasks.sqlite``, as ``make run`` starts it (its own
    throwaway SQLite database: making a PDF reads none), stopped at the end."""
    env = {**os.environ, "FLASK_APP": "wsgi.py", "FLASK_CONFIG": "development",
           "DATABASE_URL": f"sqlite:///{folder / 'consumer.sqlite'}",
           "TASKS_URL": f"sqlite:///{folder / 'tasks.sqlite'}", "TASKS_WORKERS": "1"}
    env.pop("TASKS_IMMEDIATE", None)
    flask = shutil.which("flask", path=str(Path(sys.executable).parent)) or "flask"
    log = (folder / "consumer.log").open("wb")
    process = subprocess.Popen([flask, "tasks", "consume", "--no-scheduler"], cwd=ROOT,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for(check, seconds: float = 60.0, step: float = 0.2):
    """``check()``'s first true answer within ``seconds`` (not a timed assertion: a bound
    so that a broken consumer fails the test instead of hanging it)."""
    end = time.monotonic() + seconds
    while True:
        answer = check()
        if answer or time.monotonic() > end:
            return answer
        time.sleep(step)
