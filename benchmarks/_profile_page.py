"""Profile one page in-process (not a benchmark itself): the SQL it sends, and where its
time goes, next to the lean page (``_lean_app.py``) of the same case.

Needs a database the app has migrated and loaded the demo data into, and the app's
production environment (``DATABASE_URL``, ``SECRET_KEY``, ``EIGENKRACHT_DEMO_PASSWORD``,
``PUBLIC_BASE_URL``, and ``REDIS_URL`` or ``WEB_CONCURRENCY=1``)::

    .venv/bin/python benchmarks/_profile_page.py /cases/EK-2026-0001 [--runs 200] [--top 30]

``--revisit`` asks as a browser that kept the page: with the ETag its first answer gave
(``If-None-Match``), each answer a 304.

Logs the demo coordinator in through the test client (a family page, ``/p/…``, is asked
for without that session, as a family's browser would), warms both apps up, then times
``--runs`` requests of each page (wall and CPU) and prints, for one request, every SQL
statement with its time, and cProfile's top functions over all runs (cumulative and own
time). cProfile inflates code that makes many small calls (Jinja, SQLAlchemy); for shares
without that, sample the app's page alone with py-spy (in the dev extras)::

    py-spy record --gil -f raw -o page.txt -- .venv/bin/python benchmarks/_profile_page.py \
        /cases/EK-2026-0001 --spin 1000
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import io
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from sqlalchemy import event  # noqa: E402

COORDINATOR = "coordinator@demo.example"


def log_in(client) -> None:
    """The login form, CSRF token included (production: HTTPS, so the referrer is checked)."""
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)
    response = client.post("/login", data={
        "email": COORDINATOR, "password": os.environ["EIGENKRACHT_DEMO_PASSWORD"],
        "csrf_token": token}, headers={"Referer": "https://localhost/login"})
    if response.status_code != 302:
        raise RuntimeError(f"log-in failed: {response.status_code}")


class Statements:
    """Every statement an engine sends, with its time in ms."""

    def __init__(self, engine) -> None:
        self.seen: list[tuple[float, str]] = []
        self.on = False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_t0"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        if self.on:
            ms = (time.perf_counter() - conn.info.pop("bench_t0")) * 1000
            self.seen.append((ms, " ".join(statement.split())))


def timed(client, path: str, runs: int, headers: dict | None = None,
          status: int = 200) -> tuple[float, float]:
    wall = cpu = 0.0
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        response = client.get(path, headers=headers)
        cpu += time.process_time() - c
        wall += time.perf_counter() - w
        assert response.status_code == status, response.status_code
    return wall / runs * 1000, cpu / runs * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the page, e.g. /cases/EK-2026-0001")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--no-lean", action="store_true", help="profile the app's page only")
    parser.add_argument("--revisit", action="store_true",
                        help="send the ETag the page gave (If-None-Match): every answer a 304")
    parser.add_argument("--spin", type=int, default=0,
                        help="only request the app's page this many times (for py-spy)")
    args = parser.parse_args()

    from eigenkracht import create_app
    from eigenkracht.extensions import db

    cache = tempfile.mkdtemp(prefix="bench-profile-pdf-cache-")
    atexit.register(shutil.rmtree, cache, ignore_errors=True)
    app = create_app("production", PDF_CACHE_DIR=cache)
    client = app.test_client()
    log_in(client)
    cookie = client.get_cookie("session")
    if args.path.startswith("/p/"):  # a family's page: no staff session
        client = app.test_client()
    ask: dict = {}
    if args.revisit:
        tag = client.get(args.path).headers.get("ETag")
        if not tag:
            raise RuntimeError(f"{args.path} gives no ETag")
        ask = {"headers": {"If-None-Match": tag}, "status": 304}
        args.no_lean = True
    if args.spin:
        timed(client, args.path, 20, **ask)
        wall, cpu = timed(client, args.path, args.spin, **ask)
        print(f"{args.path}: {wall:.2f} ms wall, {cpu:.2f} ms CPU per request")
        return 0
    with app.app_context():
        statements = Statements(db.engine)

    clients = {"app": (client, statements)}
    if not args.no_lean and args.path.startswith("/cases/") and args.path.count("/") == 2:
        os.environ.setdefault("BENCH_PAGE_BYTES", str(len(client.get(args.path).data)))
        import _lean_app

        lean = _lean_app.app.test_client()
        lean.set_cookie("session", cookie.value)
        with _lean_app.app.app_context():
            clients["lean"] = (lean, Statements(_lean_app.db.engine))

    for name, (c, stats) in clients.items():
        options = ask if name == "app" else {}
        timed(c, args.path, 20, **options)  # warm up
        stats.on = True
        c.get(args.path, headers=options.get("headers"))
        stats.on = False
        wall, cpu = timed(c, args.path, args.runs, **options)
        print(f"== {name} {args.path}: {wall:.2f} ms wall, {cpu:.2f} ms CPU per request "
              f"(mean of {args.runs}); {len(stats.seen)} SQL statements, "
              f"{sum(ms for ms, _ in stats.seen):.2f} ms waiting for them:")
        for ms, sql in stats.seen:
            print(f"   {ms:6.2f} ms  {sql[:150]}")
        profiler = cProfile.Profile()
        profiler.enable()
        timed(c, args.path, args.runs, **options)
        profiler.disable()
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.top)
            text = out.getvalue()
            print(f"-- {name}: top {args.top} by {order} (over {args.runs} requests)")
            print(text[text.index("   ncalls"):].rstrip())
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
