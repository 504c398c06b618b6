"""Build throughput on the seed reports against bare ``jieba.lcut`` over the same text.

The pipeline (ingest, extract, resolve, store into a fresh temp db) and jieba
run alternately in this process, each repeated, medians compared: the ratio
holds on a slower or a busier machine. Model loading is warmed up first and
reported on its own row, since a user pays it once per session. The extractor
caches its results by text; they are cleared before every run, so each run
reads the corpus cold, as a user's first build does.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import SEEDS, Row, median, skipped

S = "throughput"


def seed_files() -> list[Path]:
    return sorted(p for p in SEEDS.glob("*") if p.is_file())


def run(args: argparse.Namespace) -> list[Row]:
    files = seed_files()
    if not files:
        return [skipped(S, "build vs jieba", f"no seed reports in {SEEDS}")]
    import jieba

    jieba.setLogLevel(60)
    from graph.extract import get_extractor
    from graph.ingest import read_document
    from graph.pipeline import build
    from graph.store import Store

    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    chars = sum(len(t) for t in texts)
    rows: list[Row] = []

    with tempfile.TemporaryDirectory(prefix="zhitu-bench-") as tmp:
        t0 = time.perf_counter()
        jieba.initialize()
        t_jieba_init = time.perf_counter() - t0
        t0 = time.perf_counter()
        ex = get_extractor()
        ex.extract(read_document(files[0]))  # lazy parts of the extractor load on first use
        t_load = time.perf_counter() - t0

        reps = 2 if args.quick else 3
        t_build: list[float] = []
        t_jieba: list[float] = []
        n_rel = n_ent = 0
        for i in range(reps):  # alternate, so drift in machine speed hits both alike
            ex.clear_caches()  # each run reads the corpus for the first time, as a user's build does
            with Store(Path(tmp) / f"b{i}.db") as st:
                t0 = time.perf_counter()
                results = build(files, st)
                t_build.append(time.perf_counter() - t0)
                stats = st.stats()
            failed = [r for r in results if r.status != "imported"]
            if failed:
                rows.append(
                    Row(S, "build failures", len(failed), note="; ".join(r.message for r in failed)[:120])
                )
            n_ent, n_rel = stats.get("entities", 0), stats.get("relations", 0)
            t0 = time.perf_counter()
            n_tok = sum(len(jieba.lcut(t)) for t in texts)
            t_jieba.append(time.perf_counter() - t0)

        # one pass stage by stage, to say where the time goes
        t_ingest = t_extract = t_store = 0.0
        ex.clear_caches()
        with Store(Path(tmp) / "stages.db") as st:
            for f in files:
                t0 = time.perf_counter()
                doc = read_document(f)
                t1 = time.perf_counter()
                extraction = ex.extract(doc)
                t2 = time.perf_counter()
                st.import_extraction(extraction)
                t3 = time.perf_counter()
                t_ingest += t1 - t0
                t_extract += t2 - t1
                t_store += t3 - t2

    b, j = median(t_build), median(t_jieba)
    cps_b, cps_j = chars / b, chars / j
    rows += [
        Row(S, "seed corpus", chars, "chars", note=f"{len(files)} files; {n_tok:,} jieba tokens"),
        Row(
            S,
            "build (ingest+extract+resolve+store)",
            cps_b,
            "chars/s",
            note=f"median of {reps}: {b:.2f} s; {n_ent} entities, {n_rel} relations",
        ),
        Row(S, "bare jieba.lcut, same text", cps_j, "chars/s", note=f"median of {reps}: {j:.2f} s"),
        Row(S, "build / jieba throughput", cps_b / cps_j, "ratio", 0.5, ">="),
        Row(S, "stage split ingest/extract/store", f"{t_ingest:.2f}/{t_extract:.2f}/{t_store:.2f}", "s"),
        Row(
            S,
            "extractor load (once per session)",
            t_load,
            "s",
            note=f"jieba dictionary alone {t_jieba_init:.2f} s",
        ),
    ]
    return rows
