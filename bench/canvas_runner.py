"""Canvas full-view frame times, through the GUI's own bench (``bench/canvas.py``, owned by the GUI).

This adapter only calls it and turns what it returns into table rows, so the
canvas bench stays runnable on its own.
"""

from __future__ import annotations

import argparse
import inspect
from typing import Any

from bench.common import Row, skipped

S = "canvas"
SIZES = ((5_000, 15_000), (20_000, 60_000))
TARGET_MS = {(20_000, 60_000): 50.0}


def _as_ms(value: Any) -> float | None:
    if isinstance(value, int | float):
        return float(value) * (1000.0 if value < 5 else 1.0)  # seconds or already ms
    return None


def run(args: argparse.Namespace) -> list[Row]:
    try:
        from bench import canvas
    except ImportError as e:
        return [skipped(S, "full-view frame", f"bench/canvas.py not importable: {e}")]
    fn = next(
        (getattr(canvas, n) for n in ("measure", "bench_frame", "frame_times", "run") if hasattr(canvas, n)),
        None,
    )
    if fn is None:
        return [skipped(S, "full-view frame", "bench/canvas.py has no measure()/run()")]
    rows: list[Row] = []
    params = inspect.signature(fn).parameters
    for n, m in SIZES:
        kw = {k: v for k, v in (("nodes", n), ("edges", m)) if k in params}
        res = fn(**kw) if kw else fn(n, m)
        if isinstance(res, dict):
            frame = _as_ms(res.get("frame_ms", res.get("frame", res.get("full_view_ms"))))
            note = ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in res.items())
        else:
            frame, note = _as_ms(res), ""
        rows.append(
            Row(
                S,
                f"full-view frame {n // 1000}k/{m // 1000}k",
                frame if frame is not None else "n/a",
                "ms",
                TARGET_MS.get((n, m)),
                note=note[:120],
            )
        )
    return rows
