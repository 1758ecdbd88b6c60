"""The app under load: gunicorn with the production config on PostgreSQL 15, driven by wrk.

Two baselines, measured in the same run under the same gunicorn settings as the app:

- *the lean page* (``benchmarks/_lean_app.py``, issue 15): a small Flask app of its own with
  the case page's obligations — the session user loaded by Flask-Login from the signed
  cookie, one case through an access-checked query, its people, conferences and actions
  read, one audit row written and committed, a Jinja page of the case page's size with
  Babel-formatted dates — on the same database, so both read the same rows. It is measured
  in slices of half the duration, one before each of the app's pages and one after the
  last, and each page is compared with the two slices around it: on a machine that gets
  busier or quieter meanwhile a page and its baseline move alike;
- *bare Flask* (``benchmarks/_bare_app.py``): one route answering a fixed page of the case
  page's size, once before the app's pages and once after. Printed for scale; no target is
  set against it any more (the old 25 %/40 % of bare targets are retired: no page that
  checks access and writes an audit row can reach them).

Targets (issue 15), on this 2-core machine with wrk on the same cores:
- the case page at least 0.8 x the lean page's requests per second;
- the family page (``/p/<token>``) at least 1.0 x the lean page;
- the map page at least the case page's rate; a revisit of the map with the ETag it gave
  (``If-None-Match``) is measured too and should be answered 304 (the share is reported);
- a kept plan PDF (rendered once, then served from the PDF cache) at least 2 x the lean page;
- no errors with 20 concurrent clients (statuses of 400 or more, socket errors);
- every gunicorn worker under 150 MB resident memory (VmRSS, the most seen while sampling
  during the load). PDFs are made by a task consumer (``flask tasks consume``, on the same
  Redis), a process of its own: its size is printed apart.

The script starts its own throwaway PostgreSQL cluster (127.0.0.1, a free port, fsync off,
removed at the end even on failure) and a throwaway Redis (production keeps its rate limits
there: ``config.rate_limit_problem``), migrates it with ``flask db upgrade``, loads the demo
data with ``flask demo``, makes a personal link for Chloë Jansen with ``flask links create``
and logs the demo coordinator in over HTTP (with the CSRF token) for the session cookie that
wrk sends (the lean app reads the same cookie: it shares the app's ``SECRET_KEY``). Pages:
Noëlle's case page (and the lean page of the same case), her network map and its revisit,
Chloë's family page and the plan PDF (the PDF cache is a temporary folder). wrk sends the
cookie a browser would hold: the coordinator's after one visit of the case page (the first
form adds a CSRF token to the fresh session), and for the family page, which a family opens
without a staff session, the one its own first visit gave.

Besides the rates, each run records the CPU time per request of the server's workers and of
PostgreSQL (``/proc``): on a machine shared with other work it moves far less than requests
per second, and the report prints the ratio it predicts beside each measured one.

Run: ``.venv/bin/python benchmarks/load.py [--duration 10] [--worker-class gthread]``.
Needs wrk (``apt-get install wrk``, ``make bench`` does it), PostgreSQL 15's binaries and
redis-server.
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
PAGES = ("case page", "family page", "map page", "map revisit", "kept plan PDF")
RSS_TARGET_MB = 150.0
# Requests per second against the lean page's (benchmarks/_lean_app.py), measured in the
# same run; the map page's target is the case page's rate instead (MAP_TARGET).
RATIO_TARGETS = {"case page": 0.8, "family page": 1.0, "kept plan PDF": 2.0}
MAP_TARGET = 1.0
REVISIT_304_TARGET = 0.99  # share of map revisits answered 304 Not Modified
NO_ETAG = '"bench-no-etag"'  # sent as If-None-Match when the map page gives no ETag
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

    def cpu_seconds(self) -> float:
        """CPU time used so far by this cluster's server processes (backends included)."""
        try:
            postmaster = int((self.dir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return 0.0
        return sum(_cpu_seconds(pid) for pid in [postmaster, *_children(postmaster)])

    def stop(self) -> None:
        if (self.dir / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.dir), "-m", "fast", "-w", "-t", "30", "stop")
            except subprocess.CalledProcessError:
                self._run("pg_ctl", "-D", str(self.dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    """A throwaway redis-server on a free loopback port, without persistence."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent)  # noqa: PLW1509
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


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


def as_a_browser_keeps_it(port: int, path: str, cookie: str) -> str:
    """The session cookie after one visit of ``path`` (``cookie`` may be empty): the log-in
    starts a fresh session and the first page with a form adds its CSRF token to it. wrk
    sends one cookie for every request; without this, each request would make a new token
    and sign a new cookie, which a browser (it keeps the new cookie) never makes the app do."""
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    response.read()
    return _session_cookie(response) or cookie


def fetch(port: int, path: str, cookie: str = "",
          headers: dict[str, str] | None = None) -> tuple[int, int, str]:
    return fetch_with_etag(port, path, cookie, headers)[:3]


def fetch_with_etag(port: int, path: str, cookie: str = "",
                    headers: dict[str, str] | None = None) -> tuple[int, int, str, str | None]:
    """(status, body size, content type, ETag) of one GET."""
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={**({"Cookie": cookie} if cookie else {}),
                                       **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    return (response.status, len(body), response.getheader("Content-Type", ""),
            response.getheader("ETag"))


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


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time ``pid`` has used so far (0 when it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


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
        self.consumer: subprocess.Popen | None = None  # the task consumer beside the app
        self.consumer_rss_kb: dict[int, int] = {}
        self._sampling = threading.Event()
        self._sampler: threading.Thread | None = None

    def workers(self) -> list[int]:
        return _children(self.process.pid)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the workers (and the task consumer that makes PDFs)."""
        pids = self.workers() + ([self.consumer.pid] if self.consumer else [])
        return sum(_cpu_seconds(pid) for pid in pids)

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
            if self.consumer is not None and self.consumer.poll() is None:
                _note_rss(self.consumer.pid, self.consumer_rss_kb)

    def start_sampling(self) -> None:
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def stop(self) -> None:
        self._sampling.set()
        if self._sampler:
            self._sampler.join()
        for process in (self.process, self.consumer):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.log.close()


# --- wrk ------------------------------------------------------------------------------------

def wrk(port: int, path: str, seconds: float, cookie: str = "",
        headers: dict[str, str] | None = None, count_statuses: bool = False) -> dict:
    """wrk's report of ``seconds`` of load on ``path``; ``count_statuses`` adds
    ``statuses`` ({"200": n, "304": m}) at a small cost to wrk."""
    command = ["wrk", "-t", str(WRK_THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds:g}s",
               "--timeout", f"{TIMEOUT_S}s", "-s", str(HERE / "_wrk_report.lua")]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    env = {**os.environ, "WRK_COUNT_STATUSES": "1" if count_statuses else "0"}
    result = subprocess.run(command, capture_output=True, text=True, check=True,  # noqa: S603
                            timeout=seconds + 60, env=env)
    for line in result.stdout.splitlines():
        if line.startswith("WRK-JSON: "):
            return json.loads(line.removeprefix("WRK-JSON: "))
    raise RuntimeError(f"wrk printed no report:\n{result.stdout}\n{result.stderr}")


def measured(server: Gunicorn, pg: Postgres, path: str, seconds: float, cookie: str,
             headers: dict[str, str] | None = None, count_statuses: bool = False) -> dict:
    """wrk's report, with the CPU time per request of the server's workers and of
    PostgreSQL (``cpu_ms``, ``pg_cpu_ms``): figures that other work on the machine moves
    far less than requests per second."""
    cpu, pg_cpu = server.cpu_seconds(), pg.cpu_seconds()
    result = wrk(server.port, path, seconds, cookie, headers, count_statuses)
    result["cpu_s"] = server.cpu_seconds() - cpu
    result["pg_cpu_s"] = pg.cpu_seconds() - pg_cpu
    done = max(result["requests"], 1)
    result["cpu_ms"] = result["cpu_s"] * 1000 / done
    result["pg_cpu_ms"] = result["pg_cpu_s"] * 1000 / done
    return result


def drive(server: Gunicorn, pg: Postgres, pages: dict[str, str], cookie: str, seconds: float,
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
        results[name] = {"path": path, "size": size,
                         **measured(server, pg, path, seconds, cookie)}
    return results


def drive_revisit(server: Gunicorn, pg: Postgres, path: str, cookie: str, seconds: float,
                  warmup: float) -> dict:
    """A browser coming back to ``path``: ``If-None-Match`` with the ETag the page gave
    (a made-up one when it gave none), every response's status counted."""
    status, size, _kind, etag = fetch_with_etag(server.port, path, cookie)
    if status != 200:
        raise RuntimeError(f"map page ({path}) answered {status}:\n{server.tail()}")
    headers = {"If-None-Match": etag or NO_ETAG}
    status, revisit_size, _kind = fetch(server.port, path, cookie, headers)
    if status not in (200, 304):
        raise RuntimeError(f"map revisit ({path}) answered {status}:\n{server.tail()}")
    if warmup:
        wrk(server.port, path, warmup, cookie, headers)
    print(f"    map revisit: ETag {etag or 'none given'}, first revisit answered {status} "
          f"({revisit_size / 1024:.1f} kB), {seconds:g} s of load", flush=True)
    result = measured(server, pg, path, seconds, cookie, headers, count_statuses=True)
    counted = sum(result["statuses"].values())
    return {"path": path, "size": revisit_size, "etag": etag, **result,
            "share_304": result["statuses"].get("304", 0) / counted if counted else 0.0}


# --- report ---------------------------------------------------------------------------------

def _cost(r: dict) -> float:
    """CPU time per request, the workers' and PostgreSQL's together."""
    return r["cpu_ms"] + r["pg_cpu_ms"]


def x_lean(r: dict, lean: dict) -> float:
    """A page's rate against the lean page's: the lean slices measured around it when
    there are any, else the lean page of the whole run."""
    base = r.get("lean", lean)
    return r["rps"] / base["rps"] if base["rps"] else 0.0


def x_lean_by_cpu(r: dict, lean: dict) -> float:
    """The same ratio as CPU time per request predicts it (other work on the machine moves
    it far less than the rates)."""
    base = r.get("lean", lean)
    return _cost(base) / _cost(r) if _cost(r) else 0.0


def _row(name: str, r: dict, baseline: float, ratio: float | None, by_cpu: float | None,
         target: float | None = None, base_name: str = "lean") -> dict:
    return {"benchmark": "load", "figure": f"{name} req/s", "value": r["rps"],
            "baseline": baseline, "ratio": ratio, "cpu_ratio": by_cpu,
            "target": f">= {target:.1f} x {base_name}" if target is not None else None,
            "met": ratio >= target if target is not None and ratio is not None else None,
            "p50_ms": r["p50_ms"], "p95_ms": r["p95_ms"], "p99_ms": r["p99_ms"],
            "errors": r["errors"]}


def _rows(results: dict[str, dict], rss: dict[str, dict[int, int]]) -> list[dict]:
    """The BENCH-JSON rows: each page against its baseline and target."""
    bare, lean = results["bare Flask"], results["lean page"]
    revisit = results.get("map revisit")
    rows = [{"benchmark": "load", "figure": "lean page req/s (baseline)", "value": lean["rps"],
             "baseline": bare["rps"], "ratio": lean["rps"] / bare["rps"] if bare["rps"] else 0.0,
             "target": None, "met": None, "p50_ms": lean["p50_ms"], "p95_ms": lean["p95_ms"],
             "p99_ms": lean["p99_ms"], "errors": lean["errors"]}]
    for name, r in results.items():
        if name in ("bare Flask", "lean page"):
            continue
        base = r.get("lean", lean)
        if name == "map page" and "case page" in results:
            # Against the case page, each through its own lean slices.
            case = results["case page"]
            ratio = x_lean(r, lean) / x_lean(case, lean) if x_lean(case, lean) else None
            by_cpu = _cost(case) / _cost(r) if _cost(r) else None
            rows.append(_row(name, r, case["rps"], ratio, by_cpu, MAP_TARGET, "case page"))
        else:
            rows.append(_row(name, r, base["rps"], x_lean(r, lean), x_lean_by_cpu(r, lean),
                             RATIO_TARGETS.get(name)))
    if revisit:
        rows.append({"benchmark": "load", "figure": "map revisits answered 304 (share)",
                     "value": revisit["share_304"], "baseline": None, "ratio": None,
                     "target": f">= {REVISIT_304_TARGET:.0%}",
                     "met": revisit["share_304"] >= REVISIT_304_TARGET})
    errors = sum(r["errors"] for r in results.values())
    rows.append({"benchmark": "load", "figure": f"errors, {CONNECTIONS} clients (all pages)",
                 "value": errors, "baseline": bare["errors"], "ratio": None, "target": "0",
                 "met": errors == 0})
    app_rss = [kb / 1024 for kb in rss["app"].values()]
    lean_rss = [kb / 1024 for kb in rss["lean page"].values()]
    worst = max(app_rss, default=0.0)
    rows.append({"benchmark": "load", "figure": f"worker RSS MB (max of {len(app_rss)})",
                 "value": worst, "baseline": max(lean_rss, default=None),
                 "ratio": worst / max(lean_rss) if lean_rss else None,
                 "target": f"< {RSS_TARGET_MB:.0f} MB",
                 "met": bool(app_rss) and worst < RSS_TARGET_MB})
    return rows


def report(results: dict[str, dict], rss: dict[str, dict[int, int]], settings: str,
           consumer: dict[int, int] | None = None) -> list:
    bare, lean = results["bare Flask"], results["lean page"]
    table = [{"page": name, "kB": r["size"] / 1024, "requests": r["requests"],
              "req/s": r["rps"], "p50 ms": r["p50_ms"], "p95 ms": r["p95_ms"],
              "p99 ms": r["p99_ms"], "max ms": r["max_ms"], "errors": r["errors"],
              f"of which >{TIMEOUT_S}s": r["errors_timeout"],
              "CPU ms/req": r["cpu_ms"], "PG ms/req": r["pg_cpu_ms"],
              "x lean": x_lean(r, lean), "x lean by CPU": x_lean_by_cpu(r, lean),
              "x bare": r["rps"] / bare["rps"] if bare["rps"] else 0.0}
             for name, r in results.items()]
    print()
    print(f"Load: {CONNECTIONS} connections, {WRK_THREADS} wrk threads; gunicorn {settings}")
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(wrk, gunicorn and PostgreSQL share these cores)")
    print()
    print_table(table)
    runs = ", ".join(f"{rps:.0f}" for rps in lean.get("rps_runs", []))
    print(f"(lean page: {len(lean.get('rps_runs', []))} slices, one before each page and one "
          f"after the last: {runs} req/s; a page's x lean is against the slices around it)")
    runs = " and ".join(f"{rps:.0f}" for rps in bare.get("rps_runs", []))
    print(f"(bare Flask: a run before the app's pages and one after: {runs} req/s)")
    print("(errors: statuses of 400 or more and socket errors; 304 is not an error. CPU ms/req:"
          " the server's workers, and PostgreSQL's processes, per request answered)")
    revisit = results.get("map revisit")
    if revisit:
        counts = ", ".join(f"{count} x {status}"
                           for status, count in sorted(revisit["statuses"].items()))
        print(f"(map revisit with If-None-Match: {counts}; {revisit['share_304']:.0%} answered "
              f"304{'' if revisit['etag'] else '; the map page sends no ETag yet'})")
    print()
    for server, pids in rss.items():
        sizes = ", ".join(f"{kb / 1024:.0f} MB" for kb in pids.values())
        print(f"Worker RSS, most seen under load ({server}): {sizes}")
    sizes = ", ".join(f"{kb / 1024:.0f} MB" for kb in (consumer or {}).values()) or "none ran"
    print(f"Task consumer RSS (makes the PDFs; not a web worker; docs/pdf.md): {sizes}")

    rows = _rows(results, rss)
    print()
    for row in rows:
        if row["met"] is not None:
            by_cpu = (f" (x {row['ratio']:.2f}; by CPU time per request, workers and "
                      f"PostgreSQL: x {row['cpu_ratio']:.2f})" if row.get("cpu_ratio") else "")
            print(f"Target {row['figure']}: {row['target']}: "
                  f"{'met' if row['met'] else 'NOT MET'}{by_cpu}")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per page")
    parser.add_argument("--worker-class", default=WORKER_CLASS, choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per gthread worker")
    parser.add_argument("--only", nargs="*", choices=PAGES, default=list(PAGES),
                        help="measure only these pages (the baselines always)")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when a target is not met")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk, or make bench)", file=sys.stderr)
        return 2
    if shutil.which("redis-server") is None:
        print("redis-server is not installed (apt-get install redis-server)", file=sys.stderr)
        return 2
    threads = args.threads if args.worker_class == "gthread" else 1
    settings = (f"{WORKERS} {args.worker_class} workers"
                + (f" × {threads} threads" if args.worker_class == "gthread" else ""))
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, lambda number, frame: sys.exit(128 + number))

    pg, redis, servers = Postgres(), Redis(), []
    cache = tempfile.mkdtemp(prefix="bench-pdf-cache-")
    try:
        print(f"==> PostgreSQL 15 on port {pg.port}; migrating and loading the demo data",
              flush=True)
        pg.start()
        redis.start()
        env = {**os.environ, "FLASK_APP": "wsgi.py", "FLASK_CONFIG": "production",
               "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": pg.url,
               "EIGENKRACHT_DEMO_PASSWORD": DEMO_PASSWORD, "REDIS_URL": redis.url,
               "PUBLIC_BASE_URL": "https://eigenkracht.example.nl", "MAIL_SERVER": ""}
        reference, family_path = seed(pg, env)
        print(f"==> gunicorn, {settings}: the app (production config), the lean page and "
              "the bare baseline", flush=True)
        app = Gunicorn(f"eigenkracht:create_app('production', PDF_CACHE_DIR={cache!r})", env,
                       ROOT, args.worker_class, threads)
        servers.append(app)
        app.consumer = subprocess.Popen(  # noqa: S603 - the app's own consumer
            [str(VENV_BIN / "flask"), "tasks", "consume", "--no-scheduler"], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)  # noqa: PLW1509
        app.wait_ready("/healthz")
        cookie = log_in(app.port, COORDINATOR, DEMO_PASSWORD)
        cookie = as_a_browser_keeps_it(app.port, f"/cases/{reference}", cookie)
        paths = {"case page": f"/cases/{reference}", "family page": family_path,
                 "map page": f"/cases/{reference}/network",
                 "kept plan PDF": f"/cases/{reference}/plan.pdf"}
        # The family has no staff session: its page gets the cookie its own visit gave.
        cookies = {"family page": as_a_browser_keeps_it(app.port, family_path, "")}
        size = fetch(app.port, paths["case page"], cookie)[1]
        lean = Gunicorn("_lean_app:app", {**env, "BENCH_PAGE_BYTES": str(size)}, HERE,
                        args.worker_class, threads)
        servers.append(lean)
        bare = Gunicorn("_bare_app:app", {**os.environ, "BENCH_PAGE_BYTES": str(size)}, HERE,
                        args.worker_class, threads)
        servers.append(bare)
        lean.wait_ready("/healthz")
        bare.wait_ready()
        for server in servers:
            server.start_sampling()
        # Bare Flask before and after the app's pages. The lean page in slices of half the
        # duration, one before each of the app's pages and one after the last: each page is
        # compared with the slices just before and after it, so that a machine that gets
        # busier or quieter meanwhile moves a page and its baseline alike.
        lean_path = f"/cases/{reference}"
        bare_before = drive(bare, pg, {"bare Flask": "/"}, "", args.duration, args.warmup)
        if args.warmup:
            wrk(lean.port, lean_path, args.warmup, cookie)
        lean_slices = [lean_slice(lean, pg, lean_path, cookie, args.duration / 2)]
        results = {}
        for name in (name for name in PAGES if name in args.only):
            if name == "map revisit":
                results[name] = drive_revisit(app, pg, paths["map page"], cookie,
                                              args.duration, args.warmup)
            else:
                results.update(drive(app, pg, {name: paths[name]}, cookies.get(name, cookie),
                                     args.duration, args.warmup))
            lean_slices.append(lean_slice(lean, pg, lean_path, cookie, args.duration / 2))
            results[name]["lean"] = merged(lean_slices[-2:])
        bare_after = drive(bare, pg, {"bare Flask": "/"}, "", args.duration, 0)
        results["lean page"] = merged(lean_slices)
        results["bare Flask"] = merged([bare_before["bare Flask"], bare_after["bare Flask"]])
    finally:
        for server in servers:
            server.stop()
        pg.stop()
        redis.stop()
        shutil.rmtree(cache, ignore_errors=True)

    rows = report(results, {"app": app.rss_kb, "lean page": lean.rss_kb,
                            "bare Flask": bare.rss_kb}, settings, app.consumer_rss_kb)
    print("BENCH-JSON: " + json.dumps(rows))
    return 1 if args.strict and not all(r["met"] for r in rows if r["met"] is not None) else 0


def lean_slice(lean: Gunicorn, pg: Postgres, path: str, cookie: str, seconds: float) -> dict:
    status, size, _kind = fetch(lean.port, path, cookie)
    if status != 200:
        raise RuntimeError(f"lean page ({path}) answered {status}:\n{lean.tail()}")
    print(f"    lean page: {size / 1024:.1f} kB, {seconds:g} s of load", flush=True)
    return {"path": path, "size": size, **measured(lean, pg, path, seconds, cookie)}


def merged(runs: list[dict]) -> dict:
    """Runs of one page as one: requests, errors and CPU time added; the rate over the
    total time; latency percentiles weighted by requests (an approximation), the maximum
    the largest."""
    done = sum(r["requests"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    result = {key: sum(r[key] for r in runs) for key in runs[0]
              if isinstance(runs[0][key], int) and not isinstance(runs[0][key], bool)}
    result.update({key: sum(r[key] * r["requests"] for r in runs) / max(done, 1)
                   for key in ("p50_ms", "p95_ms", "p99_ms", "mean_ms")})
    cpu_s, pg_cpu_s = sum(r["cpu_s"] for r in runs), sum(r["pg_cpu_s"] for r in runs)
    result.update(path=runs[0]["path"], size=runs[0]["size"], seconds=seconds,
                  rps=done / seconds if seconds else 0.0,
                  max_ms=max(r["max_ms"] for r in runs), cpu_s=cpu_s, pg_cpu_s=pg_cpu_s,
                  cpu_ms=cpu_s * 1000 / max(done, 1), pg_cpu_ms=pg_cpu_s * 1000 / max(done, 1),
                  rps_runs=[r["rps"] for r in runs])
    return result


if __name__ == "__main__":
    sys.exit(main())
