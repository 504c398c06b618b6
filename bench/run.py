"""Run the benchmarks and print one table: ``.venv/bin/python -m bench [--quick] [--only SECTION ...]``.

Figures are measured side by side in the same run (the pipeline against bare
jieba, our Turtle writer against rdflib's), so they mean something on any
machine. Nothing here asserts: a missed target is printed as MISSED.

Sections: throughput, store, overview, turtle, html, canvas, startup, ingest, scale.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not __package__:  # run as a script: bench/run.py
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import Row  # noqa: E402

Section = Callable[[argparse.Namespace], list[Row]]


SECTIONS = ("throughput", "store", "overview", "turtle", "html", "canvas", "startup", "ingest", "scale")
# section name -> module in bench/ with run(args) -> list[Row]; imported only when run
_MODULES = {"canvas": "canvas_runner"}


def _section(name: str) -> Section:
    import importlib

    return importlib.import_module(f"bench.{_MODULES.get(name, name)}").run


def render(rows: list[Row]) -> str:
    head = ("section", "metric", "value", "unit", "target", "", "note")
    body = [(r.section, r.metric, r.shown_value(), r.unit, r.shown_target(), r.verdict, r.note) for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(head)]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(b) for b in body]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    sections = SECTIONS
    ap = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="smaller sizes (100k Turtle triples, 10k/100k store, fewer repeats)",
    )
    ap.add_argument(
        "--only",
        nargs="+",
        choices=list(sections),
        metavar="SECTION",
        help=f"run only these sections ({', '.join(sections)})",
    )
    ap.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    ap.add_argument(
        "--store-cache",
        metavar="DIR",
        help="keep the filled synthetic store in DIR and reuse it (saves minutes when iterating on search)",
    )
    ap.add_argument(
        "--runs", type=int, default=0, help="repeats for whole-process timings (default 5, quick 3)"
    )
    args = ap.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 5)

    print(
        f"# zhitu bench: Python {platform.python_version()}, {os.cpu_count()} cpus, "
        f"{platform.system()} {platform.machine()}{' (quick)' if args.quick else ''}",
        flush=True,
    )
    rows: list[Row] = []
    for name in args.only or list(sections):
        t0 = time.perf_counter()
        print(f"## {name} ...", file=sys.stderr, flush=True)
        try:
            got = _section(name)(args)
        except Exception as e:  # one broken section must not hide the others' figures
            traceback.print_exc()
            got = [Row(name, "error", "n/a", note=f"{type(e).__name__}: {e}"[:120])]
        for r in got:
            print(f"   {r.metric}: {r.shown_value()} {r.unit} {r.verdict}", file=sys.stderr, flush=True)
        rows += got
        print(f"## {name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    print(render(rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            rows_json = [
                dict(
                    section=r.section,
                    metric=r.metric,
                    value=r.value,
                    unit=r.unit,
                    target=r.target,
                    better=r.better,
                    verdict=r.verdict,
                    note=r.note,
                )
                for r in rows
            ]
            json.dump(rows_json, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
