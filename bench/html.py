"""HTML export of a 20k-node graph (quick: 5k): our vis-network writer against pyvis.

Rows: the export as users get it (``graph.export.export(..., "html")``: above
:data:`graph.export.html_page.MAX_NODES` the page keeps the most connected nodes; the
layout for them included), the page for every node (``render_html`` on the full
graph, positions given), and pyvis's ``add_node``/``add_edge`` + ``generate_html`` on
the same nodes and facts (the old path; it checks each id against a list).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import Row

S = "html"


def _pyvis(snap, pos) -> float:  # noqa: ANN001
    from pyvis.network import Network

    from graph.export.palette import color_for
    from graph.export.tables import export_facts

    t0 = time.perf_counter()
    net = Network(height="90vh", width="100%", directed=True, cdn_resources="in_line")
    for n in snap.nodes.values():
        x, y = pos[n.iri]
        net.add_node(n.iri, label=n.label, color=color_for(n.types), x=x, y=y, physics=False)
    for f in export_facts(snap):
        net.add_edge(f.s, f.o, label=f.p)
    net.generate_html(notebook=False)
    return time.perf_counter() - t0


def run(args: argparse.Namespace) -> list[Row]:
    from graph.export import export, html_page
    from graph.export.positions import export_layout
    from graph.export.synthetic import synthetic_snapshot

    n_nodes = 5_000 if args.quick else 20_000
    snap = synthetic_snapshot(n_nodes, n_nodes * 3 // 2, seed=11)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="zhitu-bench-") as tmp:
        t0 = time.perf_counter()
        (out,) = export(snap, "html", Path(tmp) / "g.html")
        t_export = time.perf_counter() - t0
        kept = min(n_nodes, html_page.MAX_NODES)
        rows.append(
            Row(S, f"export html, {n_nodes:,} nodes", t_export, "s", 10, "<=",
                note=f"page keeps {kept:,} nodes (layout included), {out.stat().st_size / 1e6:.1f} MB")
        )  # fmt: skip
        t0 = time.perf_counter()
        pos = export_layout(snap)
        t_layout = time.perf_counter() - t0
        t0 = time.perf_counter()
        page = html_page.render_html(snap, pos)
        t_page = time.perf_counter() - t0
        rows.append(
            Row(S, f"page data for all {n_nodes:,} nodes", t_page, "s",
                note=f"{len(page) / 1e6:.1f} MB; the force layout took {t_layout:.1f} s more")
        )  # fmt: skip
        t_py = _pyvis(snap, pos)
        rows.append(
            Row(S, f"pyvis, all {n_nodes:,} nodes", t_py, "s", note="the old path, same nodes and facts")
        )
        rows.append(
            Row(S, "speed-up vs pyvis", t_py / t_page, "x", 2, ">=", note="page for every node, both")
        )
    return rows
