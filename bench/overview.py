"""A big graph in the explorer: time to the first picture, and each step after it (100k/1M; quick: 10k/100k).

The first picture is timed from outside, as a user waits for it: a fresh interpreter
runs ``zhitu-gui --smoke`` on the synthetic store (:mod:`bench.store` fills it, or
``--store-cache DIR`` keeps it), which opens the file, reads the overview, lays it out,
paints the window and exits. Twice over: before the whole-graph metrics are cached
(the overview is ranked by statement count from the relation indexes, and a worker
process starts computing the cache) and after. What came before this design, a
snapshot plus a networkx graph of everything, is the ``store`` section's last row.

The steps after the first picture are the explorer's own calls on a Workspace
(search, ego, expand, a type filter, the detail pane): each reads a part of the store.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import Row, child_env, median, python, run_timed, skipped
from bench.startup import GUI_CMD
from bench.store import _cache_file, counts, fill
from bench.synth import Corpus

S = "overview"


def _first_picture(db: Path, tmp: str, runs: int) -> tuple[list[float], str]:
    env = child_env(HOME=tmp, XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config")
    times, proc = run_timed([python(), "-c", GUI_CMD, "--db", str(db), "--smoke"], runs=runs, env=env)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
        raise RuntimeError(f"exit {proc.returncode}: {tail[0][:100]}")
    said = (proc.stdout + proc.stderr).strip().splitlines()
    return times, said[-1][:60] if said else ""


def _ms(fn) -> tuple[float, object]:  # noqa: ANN001
    t0 = time.perf_counter()
    out = fn()
    return 1000 * (time.perf_counter() - t0), out


def run(args: argparse.Namespace) -> list[Row]:
    from graph.api import Workspace
    from graph.store import Store, metrics
    from gui.state import EXPAND_LIMIT, OVERVIEW_NODES

    corpus = Corpus(10_000, 100_000) if args.quick else Corpus(100_000, 1_000_000)
    size = f"{corpus.n_entities // 1000}k/{corpus.n_relations // 1000}k"
    runs = max(3, args.runs)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="zhitu-bench-overview-") as tmp:
        db = Path(tmp) / "big.db"
        cached = _cache_file(args, corpus)
        if cached is not None and cached.is_file():
            shutil.copyfile(cached, db)
        else:
            fill(db, corpus)
        c = counts(db)
        with Store(db) as st:  # a cache copied from an earlier run may carry metrics: start without
            st._read("SELECT 1")
            if metrics.stored_stamp(st) is not None:
                with st._write("bench: dropping the cached metrics") as conn:
                    conn.execute("DELETE FROM graph_meta WHERE key = 'metrics_stamp'")
                    conn.execute("DELETE FROM entity_metrics")
        cold_db = Path(tmp) / "cold.db"
        try:
            # each run gets an untouched copy: the first run's worker would otherwise cache the metrics
            cold: list[float] = []
            for _ in range(runs):
                shutil.copyfile(db, cold_db)
                t, said = _first_picture(cold_db, tmp, 1)
                cold += t
            rows.append(Row(S, f"first picture {size}, no metrics cached yet", median(cold), "s", 3.0,
                            note=f"zhitu-gui --smoke from a fresh interpreter, median of {len(cold)} "
                                 f"(max {max(cold):.2f}); overview by statement count; says: {said}"))  # fmt: skip
        except RuntimeError as e:
            rows.append(skipped(S, f"first picture {size}, no metrics cached yet", str(e)))

        with Store(db) as st:
            t0 = time.perf_counter()
            m = metrics.compute(st)
            t_compute = time.perf_counter() - t0
            t0 = time.perf_counter()
            metrics.save(st, m)
            t_save = time.perf_counter() - t0
        rows.append(Row(S, "  whole-graph metrics (worker process)", t_compute, "s",
                        note=f"degree, PageRank, Leiden communities of {len(m.iris):,} entities with igraph; "
                             f"saving them {t_save:.1f} s; the explorer stays responsive meanwhile"))  # fmt: skip
        try:
            warm, said = _first_picture(db, tmp, runs)
            rows.append(Row(S, f"first picture {size}, metrics cached", median(warm), "s", 3.0,
                            note=f"median of {len(warm)} (max {max(warm):.2f}); {c['entities']:,} entities, "
                                 f"{c['relations']:,} relations; says: {said}"))  # fmt: skip
        except RuntimeError as e:
            rows.append(skipped(S, f"first picture {size}, metrics cached", str(e)))

        ws = Workspace(db, readonly=True)
        try:
            t_open, large = _ms(ws.is_large)
            t_ov, ov = _ms(lambda: ws.overview(OVERVIEW_NODES))
            rows.append(Row(S, f"  overview read: top {OVERVIEW_NODES} + their edges", t_ov, "ms",
                            note=f"{len(ov.edges):,} edges; size check {t_open:.0f} ms (large: {large})"))  # fmt: skip
            hub = metrics.top(ws.store, 1)[0]
            t_nb, (nb, total) = _ms(lambda: ws.ranked_neighbours(hub, 1, EXPAND_LIMIT))
            t_sub, sub = _ms(lambda: ws.subgraph(set(ov.nodes) | nb))
            rows.append(Row(S, "  expand the top hub", t_nb + t_sub, "ms",
                            note=f"{len(nb) - 1} most central of its {total:,} neighbours, then the part "
                                 f"re-read ({len(sub.nodes)} entities, {len(sub.edges):,} edges)"))  # fmt: skip
            t_det, det = _ms(lambda: ws.entity(hub))
            rows.append(Row(S, "  detail pane of the top hub", t_det, "ms",
                            note=f"{det.degree:,} relations listed"))  # fmt: skip
            t_f, fsnap = _ms(lambda: ws.overview(OVERVIEW_NODES, types={"Investor"}))
            rows.append(Row(S, "  type filter (investors) on the overview", t_f, "ms",
                            note=f"the whole graph's top {len(fsnap.nodes)} investors"))  # fmt: skip
            label = next(iter(ov.nodes.values())).label
            t_s, hits = _ms(lambda: ws.search(label[:3]))
            rows.append(
                Row(S, "  search, then load the hit", t_s + _ms(lambda: ws.subgraph({hits[0].iri}))[0], "ms")
            )
        finally:
            ws.close()
    return rows
