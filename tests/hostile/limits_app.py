"""The app as ``tests/hostile/test_shared_limits.py`` serves it under gunicorn, in processes
of their own: the test configuration on the test's database, its rate limits in the Redis
that the test started (both from the environment the test sets)."""

from __future__ import annotations

import os

from eigenkracht import create_app


def build():
    """gunicorn's app factory: ``tests.hostile.limits_app:build()``."""
    return create_app("testing",
                      SQLALCHEMY_DATABASE_URI=os.environ["EK_LIMITS_DATABASE_URL"],
                      RATELIMIT_STORAGE_URI=os.environ["EK_LIMITS_STORAGE_URI"])
