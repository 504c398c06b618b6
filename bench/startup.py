"""Cold start to the first painted demo graph, and what importing each layer costs.

Cold start: a fresh interpreter runs the app with ``--smoke`` on an already
built demo graph (so the figure is start-up and first paint, not the demo
import), timed from outside, median of several runs. Import times come from
``python -X importtime``, each module in its own interpreter so that nothing
is already imported.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from bench.common import Row, child_env, median, python, run_timed, skipped

S = "startup"
GUI_CMD = "import sys; from gui.app import main; sys.exit(main(sys.argv[1:]))"
MODULES = ("graph.api", "graph.store", "graph.extract", "graph.export", "graph.analytics", "gui.main_window")
THIRD_PARTY = ("PySide6.QtWidgets", "spacy", "rdflib", "networkx", "igraph", "jieba")
_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|\s+(\s*)(\S+)")


def build_demo_db(path: Path) -> int:
    import assets
    from graph.pipeline import build
    from graph.store import Store

    with Store(path) as st:
        build([assets.path("demo")], st)
        return int(st.stats().get("entities", 0))


def import_seconds(module: str, runs: int) -> float:
    """Median cumulative import time of ``module`` in a fresh interpreter."""
    out: list[float] = []
    for _ in range(runs):
        _, proc = run_timed([python(), "-X", "importtime", "-c", f"import {module}"], runs=1, warmup=0)
        if proc.returncode != 0:
            raise RuntimeError(
                proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "import failed"
            )
        cum = [
            int(m.group(2)) for m in map(_LINE.match, proc.stderr.splitlines()) if m and m.group(4) == module
        ]
        out.append(cum[-1] / 1e6 if cum else float("nan"))
    return median(out)


def run(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    runs = args.runs
    base, _ = run_timed([python(), "-c", "pass"], runs=runs)
    rows.append(Row(S, "bare interpreter start", median(base), "s"))
    with tempfile.TemporaryDirectory(prefix="zhitu-bench-") as tmp:
        try:
            db = Path(tmp) / "demo.db"
            n = build_demo_db(db)
        except Exception as e:
            return rows + [
                skipped(S, "cold start to painted demo graph", f"demo db: {type(e).__name__}: {e}")
            ]
        # a temp HOME so the app's settings and default graph are not the user's
        env = child_env(HOME=tmp, XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config")
        times, proc = run_timed([python(), "-c", GUI_CMD, "--db", str(db), "--smoke"], runs=runs, env=env)
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
            rows.append(
                skipped(S, "cold start to painted demo graph", f"exit {proc.returncode}: {tail[0][:100]}")
            )
        else:
            said = (proc.stdout + proc.stderr).strip().splitlines()
            rows.append(
                Row(
                    S,
                    "cold start to painted demo graph",
                    median(times),
                    "s",
                    1.5,
                    note=f"median of {len(times)} (min {min(times):.2f}, max {max(times):.2f}); "
                    f"{n} entities; says: {said[-1][:60] if said else ''}",
                )
            )
    for m in MODULES + THIRD_PARTY:
        try:
            rows.append(Row(S, f"import {m}", import_seconds(m, max(1, runs // 2 + 1)), "s"))
        except Exception as e:
            rows.append(skipped(S, f"import {m}", str(e)[:100]))
    return rows
