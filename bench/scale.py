"""Many reports: build with --jobs 2 against --jobs 1, --dask local against serial, push/query on Oxigraph.

The corpus is the seed reports repeated to at least 2M characters (quick: 400k). The
extractor caches results by sentence, so plain copies would be read almost for free
the second time; each copy swaps a different set of common function characters
(的/之, 和/与, 在/于, 是/乃), which makes nearly every sentence new while keeping the
work per character about the same. Every build starts its own workers, so the
worker start-up (each loads the extractor) is inside the figure, as a user pays it.

The machine may be shared (other jobs running): the note column gives the load average.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.common import SEEDS, Row, skipped
from bench.oxigraph import oxigraph_server

S = "scale"
_SWAPS = (("的", "之"), ("和", "与"), ("在", "于"), ("是", "乃"))


def make_corpus(out: Path, min_chars: int) -> tuple[list[Path], int]:
    """Copies of the seeds, each with its own character swaps, until ``min_chars``; (files, chars)."""
    seeds = sorted(p for p in SEEDS.glob("*") if p.is_file())
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in seeds]
    files: list[Path] = []
    chars = 0
    copy = 0
    while chars < min_chars:
        for name, text in texts:
            t = text
            for bit, (a, b) in enumerate(_SWAPS):
                if copy >> bit & 1:
                    t = t.replace(a, b)
            f = out / f"c{copy:02d}_{name}"
            f.write_text(t, encoding="utf-8")
            files.append(f)
            chars += len(t)
        copy += 1
    return files, chars


def _load() -> str:
    try:
        return "load avg {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    except OSError:
        return ""


def _build(files: list[Path], db: Path, **kw) -> float:
    from graph.pipeline import build
    from graph.store import Store

    with Store(db) as st:
        t0 = time.perf_counter()
        results = build(files, st, **kw)
        dt = time.perf_counter() - t0
    bad = [r for r in results if r.status == "failed"]
    if bad:
        raise RuntimeError(f"{len(bad)} files failed: {bad[0].message}")
    return dt


def run(args: argparse.Namespace) -> list[Row]:
    if not any(SEEDS.glob("*")):
        return [skipped(S, "build --jobs 2 vs --jobs 1", f"no seed reports in {SEEDS}")]
    from graph.store.dump import dump_store

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="zhitu-bench-scale-") as tmp_s:
        tmp = Path(tmp_s)
        (tmp / "corpus").mkdir()
        files, chars = make_corpus(tmp / "corpus", 400_000 if args.quick else 2_000_000)
        load0 = _load()
        t1 = _build(files, tmp / "j1.db", jobs=1)
        t2 = _build(files, tmp / "j2.db", jobs=2)
        same = dump_store(tmp / "j1.db") == dump_store(tmp / "j2.db")
        rows.append(Row(S, "build --jobs 1", chars / t1, "chars/s",
                        note=f"{len(files)} files, {chars:,} chars in {t1:.1f} s; {load0}"))  # fmt: skip
        rows.append(Row(S, "build --jobs 2", chars / t2, "chars/s",
                        note=f"{t2:.1f} s incl. starting 2 workers; same store as --jobs 1: {same}; {_load()}"))  # fmt: skip
        rows.append(Row(S, "  speed-up --jobs 2 / --jobs 1", t1 / t2, "x", 1.6, ">=",
                        note=f"{os.cpu_count()} cpus; a loaded machine (other jobs) lowers it"))  # fmt: skip

        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            rows.append(
                skipped(
                    S, "build --dask local", "dask[distributed] not installed (pip install -e '.[cluster]')"
                )
            )
        else:
            td = _build(files, tmp / "dask.db", dask="local")
            same_d = dump_store(tmp / "j1.db") == dump_store(tmp / "dask.db")
            rows.append(Row(S, "build --dask local (2 processes)", chars / td, "chars/s",
                            note=f"{td:.1f} s incl. starting the cluster; same store as serial: {same_d}"))  # fmt: skip

        with oxigraph_server(tmp) as base:
            if base is None:
                rows.append(skipped(S, "push to Oxigraph", "oxigraph (PyPI) not installed"))
                return rows
            from graph.remote import push, query
            from graph.store import Store

            with Store(tmp / "j1.db") as st:
                n_docs = len(st.documents())
                t0 = time.perf_counter()
                first = push(st, f"{base}/store")
                t_push = time.perf_counter() - t0
                t0 = time.perf_counter()
                again = push(st, f"{base}/store")
                t_again = time.perf_counter() - t0
            rows.append(Row(S, "push --sparql (first, every graph)", t_push, "s",
                            note=f"{len(first.sent)} graphs ({n_docs} documents + default), {first.triples_sent:,} triples"))  # fmt: skip
            rows.append(Row(S, "  push again, nothing changed", t_again, "s",
                            note=f"{len(again.unchanged)} graphs unchanged, {len(again.sent)} sent"))  # fmt: skip
            q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
            t0 = time.perf_counter()
            res = query(f"{base}/query", q)
            t_q = time.perf_counter() - t0
            q2 = "SELECT ?c (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?c zt:develops ?m } } GROUP BY ?c ORDER BY DESC(?n) LIMIT 10"
            t0 = time.perf_counter()
            query(f"{base}/query", q2)
            t_q2 = time.perf_counter() - t0
            rows.append(
                Row(
                    S, "query --endpoint: triples per graph", 1000 * t_q, "ms", note=f"{len(res.rows)} graphs"
                )
            )
            rows.append(Row(S, "query --endpoint: top developers", 1000 * t_q2, "ms"))
    return rows
