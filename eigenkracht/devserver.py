"""``make run``: the web server and a task consumer together, in one terminal.

``python -m eigenkracht.devserver [--host H] [--port P]`` starts ``flask run`` and
``flask tasks consume`` as two child processes with the same environment, prefixes their
output with ``web |`` and ``tasks |``, and stops both when either stops or when it is told
to stop: Ctrl-C (the consumer finishes the task it is running), or SIGTERM. Production runs
them as separate services instead (docs/operations.md, "Background tasks").
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess  # noqa: S404 - runs our own flask commands
import sys
import threading
import time
from collections.abc import Sequence

STOP_GRACE_S = 20  # how long the children get to finish before they are killed


def commands(host: str, port: int) -> dict[str, list[str]]:
    flask = [sys.executable, "-m", "flask"]
    return {"web": [*flask, "run", "--host", host, "--port", str(port)],
            "tasks": [*flask, "tasks", "consume"]}


def _pump(name: str, stream, lock: threading.Lock) -> None:
    for line in iter(stream.readline, b""):
        with lock:
            sys.stdout.write(f"{name:5} | {line.decode('utf-8', 'replace')}")
            sys.stdout.flush()


def _stop(children: dict[str, subprocess.Popen], how: int) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(how)
    deadline = time.monotonic() + STOP_GRACE_S
    for child in children.values():
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args(argv)
    env = {**os.environ, "FLASK_APP": os.environ.get("FLASK_APP", "wsgi.py"),
           "PYTHONUNBUFFERED": "1"}
    lock = threading.Lock()
    stopping = threading.Event()
    children: dict[str, subprocess.Popen] = {}

    def told_to_stop(signum, frame):
        stopping.set()

    signal.signal(signal.SIGINT, told_to_stop)
    signal.signal(signal.SIGTERM, told_to_stop)
    for name, command in commands(args.host, args.port).items():
        # A process group of their own: Ctrl-C reaches them through us, once.
        children[name] = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,  # noqa: S603
                                          stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=_pump, args=(name, children[name].stdout, lock),
                         daemon=True).start()
    print(f"Serving on http://{args.host}:{args.port} with a task consumer; Ctrl-C stops "
          "both.", flush=True)
    while not stopping.is_set() and all(c.poll() is None for c in children.values()):
        stopping.wait(0.2)
    ended = {name: c.returncode for name, c in children.items() if c.poll() is not None}
    _stop(children, signal.SIGINT)
    if ended and not stopping.is_set():
        name, code = next(iter(ended.items()))
        print(f"{name} stopped (exit status {code}); stopped the other too.", flush=True)
        return code or 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
