"""Canvas full-view frame times, through the GUI's own bench (``bench/canvas.py``, owned by the GUI).

This adapter only calls ``canvas.measure(nodes, edges)`` and turns its dict into
table rows, so the canvas bench stays runnable on its own.
"""

from __future__ import annotations

import argparse

from bench.common import Row, skipped

S = "canvas"
SIZES = ((5_000, 15_000), (20_000, 60_000))
TARGET_MS = {(5_000, 15_000): 30.0, (20_000, 60_000): 50.0}  # bench/canvas.py states both


def run(args: argparse.Namespace) -> list[Row]:
    try:
        from bench import canvas
    except ImportError as e:
        return [skipped(S, "full-view frame", f"bench/canvas.py not importable: {e}")]
    rows: list[Row] = []
    for n, m in SIZES:
        r = canvas.measure(nodes=n, edges=m, frames=5 if args.quick else 9)
        size = f"{n // 1000}k/{m // 1000}k"
        rows.append(Row(S, f"full-view frame {size}", r["full_view_ms"], "ms", TARGET_MS.get((n, m)),
                        note=f"median grab(); zoom x4 with labels {r['zoom4_ms']:.0f} ms"))  # fmt: skip
        overlap = r.get("overlap_s", 0.0)
        rows.append(Row(S, f"  layout + scene build {size}", r["layout_s"] + overlap + r["build_s"], "s",
                        note=f"igraph layout {r['layout_s']:.2f} s, overlap removal {overlap:.2f} s, "
                        f"scene {r['build_s']:.2f} s"))  # fmt: skip
    return rows
