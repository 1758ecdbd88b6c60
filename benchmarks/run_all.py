"""Run every benchmark script in this folder and print one table.

Each script prints its own figures and, as its last line, ``BENCH-JSON: [...]`` — a list of
rows ``{"benchmark", "figure", "value", "baseline", "ratio", "target", "met"}``. This runner
collects those rows into one table. ``make bench`` calls it.
"""

from __future__ import annotations

import json
import subprocess  # noqa: S404 - runs our own scripts
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIMIT_SECONDS = 600


def main() -> int:
    scripts = sorted(p for p in HERE.glob("*.py") if not p.name.startswith("_")
                     and p.name != Path(__file__).name)
    rows, failures = [], []
    started = time.monotonic()
    for script in scripts:
        remaining = LIMIT_SECONDS - (time.monotonic() - started)
        if remaining <= 0:
            failures.append((script.name, "not run: the 10-minute budget is used up"))
            continue
        print(f"==> {script.name}", flush=True)
        try:
            result = subprocess.run([sys.executable, str(script)], capture_output=True,  # noqa: S603
                                    text=True, timeout=remaining, check=False)
        except subprocess.TimeoutExpired:
            failures.append((script.name, "timed out"))
            continue
        print(result.stdout, end="")
        if result.returncode != 0:
            failures.append((script.name, (result.stderr.strip().splitlines() or ["failed"])[-1]))
        for line in result.stdout.splitlines():
            if line.startswith("BENCH-JSON: "):
                rows.extend(json.loads(line.removeprefix("BENCH-JSON: ")))
    _print_table(rows)
    for name, why in failures:
        print(f"FAILED {name}: {why}")
    print(f"total {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


def _print_table(rows: list[dict]) -> None:
    headers = ["benchmark", "figure", "value", "baseline", "ratio", "target", "met"]
    table = [[_fmt(row.get(h)) for h in headers] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in table)) if table else len(h)
              for i, h in enumerate(headers)]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
