"""Background work on Huey: e-mail with retries, schedules, and what else must not run in a
web request (``docs/operations.md``, "Background tasks").

How to use it (``engine.py`` has the details):

- write the work as a plain function of plain arguments (ids), in the feature that owns it;
- register it in ``create_app``'s ``register_tasks``: ``tasks.task(fn, name="feature.what")``
  or ``tasks.periodic(fn, Schedule(hour="3", minute="0"), name=…)``;
- from a request or a service, ``after_commit(fn, id)``: enqueued once the transaction has
  committed, never for one that rolled back. The task runs in an app context of its own and
  commits when it returns;
- tests run tasks at once (``TASKS_IMMEDIATE``, Huey's immediate mode).
"""

from eigenkracht.tasks.engine import Schedule, Tasks, after_commit, init_tasks, tasks_of

__all__ = ["Schedule", "Tasks", "after_commit", "init_tasks", "tasks_of"]
