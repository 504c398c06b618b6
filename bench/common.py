"""Shared pieces of the benchmarks: result rows, timers, subprocess timing, paths.

Every figure is a :class:`Row`. A row carries its target and how to compare
(``<=`` for times, ``>=`` for ratios), so the runner can print the verdict
without any section knowing about the table.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


@dataclass(slots=True)
class Row:
    section: str
    metric: str
    value: float | str
    unit: str = ""
    target: float | None = None
    better: str = "<="  # "<=" lower is better, ">=" higher is better
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None or not isinstance(self.value, int | float):
            return ""
        ok = self.value <= self.target if self.better == "<=" else self.value >= self.target
        return "ok" if ok else "MISSED"

    def shown_value(self) -> str:
        v = self.value
        if isinstance(v, str):
            return v
        if abs(v) >= 100:
            return f"{v:,.0f}"
        if abs(v) >= 10:
            return f"{v:.1f}"
        return f"{v:.2f}" if abs(v) >= 0.1 else f"{v:.3f}"

    def shown_target(self) -> str:
        if self.target is None:
            return ""
        t = self.target
        return f"{self.better} {t:,.0f}" if t >= 100 else f"{self.better} {t:g}"


def skipped(section: str, metric: str, why: str) -> Row:
    return Row(section, metric, "n/a", note=why)


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def percentile(xs: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100), the usual definition for latency."""
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def python() -> str:
    return sys.executable


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # the child imports the repo's packages whether or not it is installed in the venv
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def run_timed(
    cmd: Sequence[str],
    *,
    runs: int,
    warmup: int = 1,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    cwd: Path | None = None,
) -> tuple[list[float], subprocess.CompletedProcess]:
    """Wall seconds of whole-process runs (after ``warmup`` uncounted runs); the last result for checks."""
    times: list[float] = []
    last: subprocess.CompletedProcess | None = None
    for i in range(warmup + runs):
        t0 = time.perf_counter()
        last = subprocess.run(
            cmd, env=env or child_env(), capture_output=True, text=True, timeout=timeout, cwd=cwd or REPO
        )
        dt = time.perf_counter() - t0
        if i >= warmup:
            times.append(dt)
        if last.returncode != 0:
            break
    assert last is not None
    return times, last
