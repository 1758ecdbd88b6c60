"""The app under load: gunicorn with the production config on PostgreSQL 15, driven by wrk.

Targets (issue 10), on this 2-core machine with wrk on the same cores:
- no errors with 20 concurrent clients (statuses of 400 or more, socket errors);
- the case page at least 25 % and the family page at least 40 % of the requests per second
  of the baseline: a bare Flask app answering a fixed page of the case page's size, under
  the same gunicorn settings (``benchmarks/_bare_app.py``), measured in this same run;
- every gunicorn worker under 150 MB resident memory (VmRSS, the most seen while sampling
  during the load). The PDF renderer a worker starts (``eigenkracht/pdf/renderer.py``) is a
  process of its own; its size is printed apart.

The script starts its own throwaway PostgreSQL cluster (127.0.0.1, a free port, fsync off,
removed at the end even on failure), migrates it with ``flask db upgrade``, loads the demo
data with ``flask demo``, makes a personal link for Chloë Jansen with ``flask links create``
and logs the demo coordinator in over HTTP (with the CSRF token) for the session cookie that
wrk sends. Pages: Noëlle's case page, her network map, Chloë's family page and the plan PDF
(rendered once, then served from the PDF cache, here a temporary folder).

Run: ``.venv/bin/python benchmarks/load.py [--duration 10] [--worker-class gthread]``.
Needs wrk (``apt-get install wrk``, ``make bench`` does it) and PostgreSQL 15's binaries.
The last line is ``BENCH-JSON: [...]`` for ``benchmarks/run_all.py``.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess  # noqa: S404 - runs our own tools: postgres, flask, gunicorn, wrk
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _common import print_table  # noqa: E402

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
VENV_BIN = Path(sys.executable).parent
CONNECTIONS, WRK_THREADS, WORKERS = 20, 2, 2
# gthread: each worker keeps connections alive and can run one request while another waits
# for PostgreSQL; two threads, not more, since the pages are mostly Python work and more
# threads only queue on the GIL (see the report of issue 10 for the figures).
WORKER_CLASS, THREADS = "gthread", 2
TIMEOUT_S = 10
PAGES = ("case page", "map page", "family page", "plan PDF")
RSS_TARGET_MB = 150.0
RATIO_TARGETS = {"case page": 0.25, "family page": 0.40}
DEMO_PASSWORD = "belasting-benchmark-" + secrets.token_hex(8)
COORDINATOR = "coordinator@demo.example"
CASE_CLIENT, LINK_PERSON = "Noëlle", "Chloë Jansen"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In a child: be sent SIGTERM when this script dies, even when it is killed."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


# --- PostgreSQL -----------------------------------------------------------------------------

class Postgres:
    """A throwaway cluster in a temporary folder, as .ci/run makes one."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/eigenkracht_bench"

    def _run(self, *args: str, capture: bool = False) -> str:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd="/", check=True, text=True,  # noqa: S603
                                stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        return result.stdout or ""

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.dir), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off -k {self.dir}")
        try:
            self._run("pg_ctl", "-D", str(self.dir), "-l", str(self.dir / "log"), "-w",
                      "-t", "60", "-o", options, "start")
        except subprocess.CalledProcessError:
            sys.stderr.write((self.dir / "log").read_text(errors="replace"))
            raise
        self.psql("CREATE DATABASE eigenkracht_bench", database="postgres")

    def psql(self, sql: str, database: str = "eigenkracht_bench") -> str:
        return self._run("psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h",
                         "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                         "-c", sql, capture=True).strip()

    def stop(self) -> None:
        if (self.dir / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.dir), "-m", "fast", "-w", "-t", "30", "stop")
            except subprocess.CalledProcessError:
                self._run("pg_ctl", "-D", str(self.dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the app's data -------------------------------------------------------------------------

def flask(env: dict, *args: str) -> str:
    result = subprocess.run([str(VENV_BIN / "flask"), *args], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def seed(pg: Postgres, env: dict) -> tuple[str, str]:
    """Migrate, load the demo data and make a personal link; (case reference, link path)."""
    flask(env, "db", "upgrade")
    flask(env, "demo")
    reference = pg.psql("SELECT reference FROM cases "  # noqa: S608 - our own constant
                        f"WHERE client_first_name = '{CASE_CLIENT}'")
    out = flask(env, "links", "create", reference, "--person", LINK_PERSON)
    return reference, urlsplit(out.strip().splitlines()[-1]).path


def _session_cookie(response) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie(header)
        if "session" in cookie:
            return f"session={cookie['session'].value}"
    return None


def log_in(port: int, email: str, password: str) -> str:
    """Log in through the login form (CSRF token included); answers the Cookie header."""
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode("utf-8")
    cookie = _session_cookie(response)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page)
    if not cookie or not token:
        raise RuntimeError("the login page gave no session cookie or CSRF token")
    body = urlencode({"email": email, "password": password, "csrf_token": token.group(1)})
    conn.request("POST", "/login", body=body, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    cookie = _session_cookie(response)
    if response.status != 302 or not cookie:
        raise RuntimeError(f"logging in failed (status {response.status})")
    return cookie


def fetch(port: int, path: str, cookie: str = "") -> tuple[int, int, str]:
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body), response.getheader("Content-Type", "")


# --- gunicorn -------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    """The child processes of ``pid``, started by any of its threads."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _note_rss(pid: int, seen: dict[int, int]) -> None:
    """Keep the largest resident size of ``pid`` seen so far (kB)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    if found:
        seen[pid] = max(seen.get(pid, 0), int(found.group(1)))


class Gunicorn:
    """``gunicorn`` serving ``app`` on a free loopback port; its workers' RSS is sampled."""

    def __init__(self, app: str, env: dict, chdir: Path, worker_class: str, threads: int):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log")  # noqa: SIM115
        command = [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(WORKERS), "--worker-class", worker_class,
                   "--threads", str(threads), "--chdir", str(chdir), "--timeout", "60",
                   "--log-level", "warning", app]
        self.process = subprocess.Popen(command, env=env, stdout=self.log,  # noqa: S603
                                        stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)  # noqa: PLW1509
        self.rss_kb: dict[int, int] = {}
        self.renderer_rss_kb: dict[int, int] = {}
        self._sampling = threading.Event()
        self._sampler: threading.Thread | None = None

    def workers(self) -> list[int]:
        return _children(self.process.pid)

    def wait_ready(self, path: str = "/", seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if len(self.workers()) == WORKERS:
                try:
                    fetch(self.port, path)
                    return
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.tail()}")

    def tail(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-3000:]

    def _sample(self) -> None:
        while not self._sampling.wait(0.25):
            for pid in self.workers():
                _note_rss(pid, self.rss_kb)
                # A worker's children: its PDF renderer (eigenkracht/pdf/renderer.py).
                for child in _children(pid):
                    _note_rss(child, self.renderer_rss_kb)

    def start_sampling(self) -> None:
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def stop(self) -> None:
        self._sampling.set()
        if self._sampler:
            self._sampler.join()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- wrk ------------------------------------------------------------------------------------

def wrk(port: int, path: str, seconds: float, cookie: str = "") -> dict:
    command = ["wrk", "-t", str(WRK_THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds:g}s",
               "--timeout", f"{TIMEOUT_S}s", "-s", str(HERE / "_wrk_report.lua")]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    result = subprocess.run(command, capture_output=True, text=True, check=True,  # noqa: S603
                            timeout=seconds + 60)
    for line in result.stdout.splitlines():
        if line.startswith("WRK-JSON: "):
            return json.loads(line.removeprefix("WRK-JSON: "))
    raise RuntimeError(f"wrk printed no report:\n{result.stdout}\n{result.stderr}")


def drive(server: Gunicorn, pages: dict[str, str], cookie: str, seconds: float,
          warmup: float) -> dict[str, dict]:
    """Check each page answers 200, warm the workers up, then measure it."""
    results = {}
    for name, path in pages.items():
        status, size, kind = fetch(server.port, path, cookie)
        if status != 200:
            raise RuntimeError(f"{name} ({path}) answered {status}:\n{server.tail()}")
        if warmup:
            wrk(server.port, path, warmup, cookie)
        print(f"    {name}: {size / 1024:.1f} kB {kind.split(';')[0]}, {seconds:g} s of load",
              flush=True)
        results[name] = {"path": path, "size": size, **wrk(server.port, path, seconds, cookie)}
    return results


# --- report ---------------------------------------------------------------------------------

def report(results: dict[str, dict], rss: dict[str, dict[int, int]], settings: str,
           renderers: dict[int, int] | None = None) -> list:
    bare = results["bare Flask"]
    table = [{"page": name, "kB": r["size"] / 1024, "requests": r["requests"],
              "req/s": r["rps"], "p50 ms": r["p50_ms"], "p95 ms": r["p95_ms"],
              "p99 ms": r["p99_ms"], "max ms": r["max_ms"], "errors": r["errors"],
              f"of which >{TIMEOUT_S}s": r["errors_timeout"],
              "x bare": r["rps"] / bare["rps"] if bare["rps"] else 0.0}
             for name, r in results.items()]
    print()
    print(f"Load: {CONNECTIONS} connections, {WRK_THREADS} wrk threads; gunicorn {settings}")
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(wrk, gunicorn and PostgreSQL share these cores)")
    print()
    print_table(table)
    runs = " and ".join(f"{rps:.0f}" for rps in bare.get("rps_runs", []))
    print(f"(bare Flask: the mean of a run before the app's pages and one after: {runs} req/s;"
          " errors: statuses of 400 or more and socket errors)")
    print()
    for server, pids in rss.items():
        sizes = ", ".join(f"{kb / 1024:.0f} MB" for kb in pids.values())
        print(f"Worker RSS, most seen under load ({server}): {sizes}")
    sizes = ", ".join(f"{kb / 1024:.0f} MB" for kb in (renderers or {}).values()) or "none ran"
    print(f"PDF renderer RSS (a worker's child, not a worker; docs/pdf.md): {sizes}")

    rows = []
    for name, r in results.items():
        if name == "bare Flask":
            continue
        ratio = r["rps"] / bare["rps"] if bare["rps"] else 0.0
        target = RATIO_TARGETS.get(name)
        rows.append({"benchmark": "load", "figure": f"{name} req/s", "value": r["rps"],
                     "baseline": bare["rps"], "ratio": ratio,
                     "target": f">= {target:.0%} of bare" if target else None,
                     "met": ratio >= target if target else None,
                     "p50_ms": r["p50_ms"], "p95_ms": r["p95_ms"], "p99_ms": r["p99_ms"],
                     "errors": r["errors"]})
    errors = sum(r["errors"] for r in results.values())
    rows.append({"benchmark": "load", "figure": f"errors, {CONNECTIONS} clients (all pages)",
                 "value": errors, "baseline": bare["errors"], "ratio": None, "target": "0",
                 "met": errors == 0})
    app_rss = [kb / 1024 for kb in rss["app"].values()]
    bare_rss = [kb / 1024 for kb in rss["bare Flask"].values()]
    worst = max(app_rss, default=0.0)
    rows.append({"benchmark": "load", "figure": f"worker RSS MB (max of {len(app_rss)})",
                 "value": worst, "baseline": max(bare_rss, default=None),
                 "ratio": worst / max(bare_rss) if bare_rss else None,
                 "target": f"< {RSS_TARGET_MB:.0f} MB",
                 "met": bool(app_rss) and worst < RSS_TARGET_MB})
    print()
    for row in rows:
        if row["met"] is not None:
            print(f"Target {row['figure']}: {row['target']}: "
                  f"{'met' if row['met'] else 'NOT MET'}")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per page")
    parser.add_argument("--worker-class", default=WORKER_CLASS, choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per gthread worker")
    parser.add_argument("--only", nargs="*", choices=PAGES, default=list(PAGES),
                        help="measure only these pages (the baseline always)")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when a target is not met")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk, or make bench)", file=sys.stderr)
        return 2
    threads = args.threads if args.worker_class == "gthread" else 1
    settings = (f"{WORKERS} {args.worker_class} workers"
                + (f" × {threads} threads" if args.worker_class == "gthread" else ""))
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, lambda number, frame: sys.exit(128 + number))

    pg, servers = Postgres(), []
    cache = tempfile.mkdtemp(prefix="bench-pdf-cache-")
    try:
        print(f"==> PostgreSQL 15 on port {pg.port}; migrating and loading the demo data",
              flush=True)
        pg.start()
        env = {**os.environ, "FLASK_APP": "wsgi.py", "FLASK_CONFIG": "production",
               "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": pg.url,
               "EIGENKRACHT_DEMO_PASSWORD": DEMO_PASSWORD, "REDIS_URL": "", "MAIL_SERVER": ""}
        reference, family_path = seed(pg, env)
        print(f"==> gunicorn, {settings}: the app (production config) and the bare baseline",
              flush=True)
        app = Gunicorn(f"eigenkracht:create_app('production', PDF_CACHE_DIR={cache!r})", env,
                       ROOT, args.worker_class, threads)
        servers.append(app)
        app.wait_ready("/healthz")
        cookie = log_in(app.port, COORDINATOR, DEMO_PASSWORD)
        paths = {"case page": f"/cases/{reference}", "map page": f"/cases/{reference}/network",
                 "family page": family_path, "plan PDF": f"/cases/{reference}/plan.pdf"}
        size = fetch(app.port, paths["case page"], cookie)[1]
        bare = Gunicorn("_bare_app:app", {**os.environ, "BENCH_PAGE_BYTES": str(size)}, HERE,
                        args.worker_class, threads)
        servers.append(bare)
        bare.wait_ready()
        app.start_sampling()
        bare.start_sampling()
        # The baseline before and after the app's pages: a machine that gets busier or
        # quieter meanwhile moves both halves alike.
        before = drive(bare, {"bare Flask": "/"}, "", args.duration, args.warmup)["bare Flask"]
        results = drive(app, {name: paths[name] for name in args.only}, cookie, args.duration,
                        args.warmup)
        after = drive(bare, {"bare Flask": "/"}, "", args.duration, 0)["bare Flask"]
        results["bare Flask"] = _mean_of(before, after)
    finally:
        for server in servers:
            server.stop()
        pg.stop()
        shutil.rmtree(cache, ignore_errors=True)

    rows = report(results, {"app": app.rss_kb, "bare Flask": bare.rss_kb}, settings,
                  app.renderer_rss_kb)
    print("BENCH-JSON: " + json.dumps(rows))
    return 1 if args.strict and not all(r["met"] for r in rows if r["met"] is not None) else 0


def _mean_of(before: dict, after: dict) -> dict:
    """The two baseline runs as one: requests and errors added, rates and latencies averaged."""
    merged = {key: (before[key] + after[key]) / 2 for key in before
              if isinstance(before[key], float)}
    merged.update({key: before[key] + after[key] for key in before
                   if isinstance(before[key], int)})
    merged.update(path=before["path"], size=before["size"], rps_runs=[before["rps"], after["rps"]])
    return merged


if __name__ == "__main__":
    sys.exit(main())
