"""Canvas benchmark (run on demand, not a test): layout time and full-view frame time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/canvas.py [--sizes 5000:15000,20000:60000]

Builds synthetic typed snapshots, lays them out with :func:`graph.analytics.layout`
(python-igraph Fruchterman-Reingold), loads them into the real :class:`GraphCanvas`
and times ``viewport().grab()`` of the fitted full view (median of several frames),
plus a 4x zoom with labels. Targets: full view <= 30 ms at 5k/15k, <= 50 ms at
20k/60k; layout <= 1 s at 5k.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _specs(snap):
    from graph.model import SYMMETRIC
    from gui.canvas import EdgeSpec, NodeSpec
    from gui.palette import predicate_color, type_color

    deg = dict.fromkeys(snap.nodes, 0)
    for e in snap.edges:
        deg[e.s] += 1
        deg[e.o] += 1
    top = max(deg.values(), default=1) or 1
    nodes = [
        NodeSpec(i, n.label, type_color(n.type), 7.0 + 21.0 * math.sqrt(deg[i] / top), n.label)
        for i, n in snap.nodes.items()
    ]
    from graph.facts import group_facts

    # as the window draws them: one edge per fact
    edges = [
        EdgeSpec(f.id, f.s, f.o, f.p, predicate_color(f.p), f.p not in SYMMETRIC, f.count)
        for f in group_facts(snap.edges)
    ]
    return nodes, edges


def _frames(app, view, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        view.viewport().grab()
        times.append(time.perf_counter() - t)
        app.processEvents()
    return statistics.median(times) * 1000


def run(n_nodes: int, n_edges: int, frames: int = 9) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from graph.analytics import layout
    from gui.canvas import GraphCanvas
    from gui.state import scene_scale
    from gui.synthetic import synthetic_snapshot

    app = QApplication.instance() or QApplication([])
    snap = synthetic_snapshot(n_nodes, n_edges)
    t = time.perf_counter()
    pos = layout(snap, "force", scale=scene_scale(n_nodes))
    t_layout = time.perf_counter() - t
    nodes, edges = _specs(snap)
    from graph.layout import remove_overlaps
    from gui.layout_worker import LINK_GAP

    t = time.perf_counter()  # what the layout worker does after every layout
    pos = remove_overlaps(pos, {n.iri: n.radius for n in nodes}, gap=LINK_GAP)
    t_overlap = time.perf_counter() - t
    view = GraphCanvas()
    view.resize(1400, 900)
    t = time.perf_counter()
    view.set_graph(nodes, edges, pos)
    t_build = time.perf_counter() - t
    view.show()
    app.processEvents()
    view.fit()  # after show() + processEvents(): the viewport has its real size now
    app.processEvents()
    full = _frames(app, view, frames)
    view.zoom_by(4.0)
    app.processEvents()
    zoomed = _frames(app, view, max(3, frames // 2))
    view.close()
    return {
        "full_view_ms": full,
        "layout_s": t_layout,
        "overlap_s": t_overlap,
        "build_s": t_build,
        "zoom4_ms": zoomed,
    }


def measure(nodes: int, edges: int, frames: int = 9) -> dict[str, float]:
    """What ``bench/run.py`` (canvas_runner) calls: full-view frame time in ms and friends."""
    return run(nodes, edges, frames)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5000:15000,20000:60000")
    ap.add_argument("--frames", type=int, default=9)
    args = ap.parse_args()
    print(
        f"{'nodes':>7} {'edges':>7} {'layout s':>9} {'overlap s':>9} {'scene s':>8} {'full-view ms':>13} {'zoom x4 ms':>11}"
    )
    for part in args.sizes.split(","):
        n, m = (int(x) for x in part.split(":"))
        r = run(n, m, args.frames)
        print(
            f"{n:>7} {m:>7} {r['layout_s']:>9.2f} {r['overlap_s']:>9.2f} {r['build_s']:>8.2f} "
            f"{r['full_view_ms']:>13.1f} {r['zoom4_ms']:>11.1f}"
        )


if __name__ == "__main__":
    main()
