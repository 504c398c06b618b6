"""Turtle export of ~1M triples (quick: ~100k): our streaming writer against rdflib's serializer.

Both write the same triples (:func:`graph.rdf.iter_triples` of one synthetic
snapshot) to a file. rdflib first needs them in a ``Graph``; that load is shown on
its own row and is not counted against rdflib's serializer.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import Row

S = "turtle"


def run(args: argparse.Namespace) -> list[Row]:
    from rdflib import Graph

    from graph.export.rdf_text import open_text, write_turtle
    from graph.export.synthetic import synthetic_snapshot
    from graph.rdf import bind_prefixes, iter_triples

    # ~9 triples per edge and ~4 per node (see synthetic_snapshot)
    snap = synthetic_snapshot(6_000, 8_500) if args.quick else synthetic_snapshot(60_000, 85_000)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="zhitu-bench-") as tmp:
        ours = Path(tmp) / "ours.ttl"
        t0 = time.perf_counter()
        with open_text(ours) as fh:
            n = write_turtle(snap, fh)
        t_ours = time.perf_counter() - t0

        t0 = time.perf_counter()
        g = bind_prefixes(Graph())
        add = g.add
        for s, p, o, _ in iter_triples(snap):
            add((s, p, o))
        t_load = time.perf_counter() - t0
        theirs = Path(tmp) / "rdflib.ttl"
        t0 = time.perf_counter()
        g.serialize(destination=str(theirs), format="turtle", encoding="utf-8")
        t_rdflib = time.perf_counter() - t0
        same = len(g) == n
        check = ""
        if args.quick:  # reading 1M triples back would take rdflib another minute
            back = len(Graph().parse(ours, format="turtle"))
            check = f"; rdflib reads ours back: {back:,} triples"
            same = same and back == n
        rows += [
            Row(S, "triples", n, "", note=f"rdflib graph holds {len(g):,}{check}"),
            Row(S, "zhitu streaming writer", t_ours, "s",
                note=f"{n / t_ours:,.0f} triples/s, {ours.stat().st_size / 1e6:.0f} MB"),
            Row(S, "rdflib Graph.serialize(turtle)", t_rdflib, "s",
                note=f"{theirs.stat().st_size / 1e6:.0f} MB; building its Graph took {t_load:.1f} s more"),
            Row(S, "speed-up vs rdflib", t_rdflib / t_ours, "x", 5, ">=",
                note="same triple count" if same else "TRIPLE COUNTS DIFFER"),
        ]  # fmt: skip
    return rows
