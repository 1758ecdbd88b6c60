"""Small timing helpers shared by the benchmark scripts (not a benchmark itself).

``measure(fn, runs)`` times ``fn`` and answers median, p95 and min in milliseconds, on the
wall clock and in process CPU time (the latter moves less when the machine is busy);
``print_table(rows)`` prints dicts as an aligned table.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def _percentile(ordered: Sequence[float], share: float) -> float:
    """The value below which ``share`` of the sorted sample lies (nearest rank)."""
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure(fn: Callable[[], Any], runs: int = 30, warmup: int = 3) -> dict[str, float]:
    """Call ``fn`` ``warmup`` times, then ``runs`` times; timings in milliseconds."""
    for _ in range(warmup):
        fn()
    wall: list[float] = []
    cpu: list[float] = []
    gc_was_on = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            wall_start, cpu_start = time.perf_counter(), time.process_time()
            fn()
            cpu.append((time.process_time() - cpu_start) * 1000)
            wall.append((time.perf_counter() - wall_start) * 1000)
    finally:
        if gc_was_on:
            gc.enable()
    wall.sort()
    return {"median": statistics.median(wall), "p95": _percentile(wall, 0.95),
            "min": wall[0], "cpu_median": statistics.median(cpu), "runs": runs}


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def print_table(rows: Sequence[dict[str, Any]]) -> None:
    """Print ``rows`` (dicts with the same keys) as a table with a header line."""
    if not rows:
        return
    headers = list(rows[0])
    cells = [[_cell(row.get(h, "")) for h in headers] for row in rows]
    widths = [max(len(h), *(len(line[i]) for line in cells)) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w)
                         for i, (v, w) in enumerate(zip(values, widths, strict=True)))

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for values in cells:
        print(line(values))
