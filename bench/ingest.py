"""Ingest scaling on hostile shapes, and the memory a DOCX bomb costs before it is refused.

Each case is generated here at several sizes and timed twice: ``read_document`` alone,
and a whole build of that one file into a fresh temporary database (ingest, extract,
resolve, store). The linearity figure of a case is

    (time at the largest size / time at the smallest) / (largest size / smallest)

so 1.0 is linear and a quadratic case approaches the size ratio (4 for 5k -> 20k).
Before the fixes, unclosed ``<script>`` at 5k/10k took 7.2/31.6 s in read_document alone.

The DOCX bomb (a 2 MB file whose XML would expand about a thousandfold) is read in a
child process; its peak resident memory over the interpreter's baseline is reported.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import REPO, Row

S = "ingest"
LINEAR_TARGET = 1.6  # generous: small sizes carry fixed costs, large ones cache misses

_SYLLABLES = "星辰智云海天明光华信达宇宙博远鸿图锦程瑞祥"


def _name(i: int) -> str:
    out = ""
    for _ in range(4):
        out += _SYLLABLES[i % len(_SYLLABLES)]
        i //= len(_SYLLABLES)
    return out


# case -> (suffix, text of size n, sizes, quick sizes)
CASES: dict[str, tuple[str, Callable[[int], str], tuple[int, ...], tuple[int, ...]]] = {
    "unclosed <script>": (
        ".html",
        lambda n: "<html><body><p>百度发布文心一言。</p>" + "<script>var a=1;" * n,
        (5_000, 10_000, 20_000),
        (5_000, 20_000),
    ),
    "unclosed <!--": (
        ".html",
        lambda n: "<html><body><p>百度发布文心一言。</p>" + "<!-- note " * n,
        (5_000, 10_000, 20_000),
        (5_000, 20_000),
    ),
    "unclosed <table>": (
        ".html",
        lambda n: "<html><body><p>百度发布文心一言。</p>" + "<table><tr><td>百度</td><td>文心</td>" * n,
        (5_000, 10_000, 20_000),
        (5_000, 20_000),
    ),
    "TSV funding rows": (
        ".tsv",
        lambda n: "融资方\t投资方\t轮次\t金额\n"
        + "".join(f"{_name(i)}科技\t{_name(i * 7 + 3)}资本\tA轮\t{i % 90 + 1}亿元\n" for i in range(n)),
        (5_000, 10_000, 20_000, 100_000),
        (2_000, 8_000),
    ),
    "CSV rows": (
        ".csv",
        lambda n: "公司,模型,说明\n" + "".join(f"{_name(i)}科技,{_name(i)}大模型,发布于2024年\n" for i in range(n)),
        (5_000, 10_000, 20_000, 100_000),
        (2_000, 8_000),
    ),
    "one line (n x 21 chars)": (
        ".txt",
        lambda n: "百度发布了文心一言，阿里巴巴投资了月之暗面" * n,
        (125_000, 250_000, 500_000),  # 500k x 21 chars = 10.5 M characters, one line
        (50_000, 200_000),
    ),
}


# the one-line case is name-dense (four names per 21 characters): the extractor reads it at
# about 20k chars/s, so its build is timed up to 2.1 M characters and read_document up to 10.5 M
BUILD_MAX = {"one line (n x 21 chars)": 100_000}


def _time_case(
    suffix: str, make: Callable[[int], str], n: int, tmp: Path, *, with_build: bool = True
) -> tuple[float, float | None, int]:
    from graph.ingest import read_document
    from graph.pipeline import build
    from graph.store import Store

    p = tmp / f"case{n}{suffix}"
    p.write_text(make(n), encoding="utf-8")
    t = time.perf_counter()
    read_document(p)
    t_read = time.perf_counter() - t
    size = p.stat().st_size
    if not with_build:
        p.unlink()
        return t_read, None, size
    db = tmp / f"case{n}.db"
    t = time.perf_counter()
    with Store(db) as st:
        (result,) = build([p], st)
    t_build = time.perf_counter() - t
    if result.status not in ("imported", "replaced"):
        raise RuntimeError(f"{p.name}: {result.message}")
    p.unlink()
    for f in tmp.glob(f"case{n}.db*"):
        f.unlink()
    return t_read, t_build, size


_BOMB_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from graph.ingest import IngestError, read_document
import docx  # noqa: F401 - python-docx's import is part of the baseline, not of the bomb
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
try:
    read_document(sys.argv[2])
    msg = "imported (not refused)"
except IngestError as e:
    msg = str(e)
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kb": base, "peak_kb": peak, "seconds": dt, "message": msg}))
"""


# a package python-docx opens: without these it fails before it reaches the XML
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def _bomb(expanded: int, tmp: Path) -> Path:
    """A .docx whose document.xml is ``expanded`` bytes of one repeated paragraph."""
    import zipfile

    run = "<w:p><w:r><w:t>百度发布文心一言。</w:t></w:r></w:p>".encode()
    chunk = run * ((1 << 20) // len(run))
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="'
        b'http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    tail = b"</w:body></w:document>"
    p = tmp / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            for _ in range(expanded // len(chunk)):
                f.write(chunk)
            f.write(tail)
    return p


def run(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="zhitu-bench-ingest-") as d:
        tmp = Path(d)
        from graph.extract import get_extractor

        get_extractor()  # model loading is not ingest
        _time_case(".html", CASES["unclosed <table>"][1], 200, tmp)  # nor are first-use caches
        for case, (suffix, make, sizes, quick) in CASES.items():
            sizes = quick if args.quick else sizes
            if not args.quick and case in BUILD_MAX:  # build at smaller sizes too, read at all
                sizes = tuple(sorted({*sizes, BUILD_MAX[case] // 4, BUILD_MAX[case]}))
            limit = BUILD_MAX.get(case, sizes[-1]) if not args.quick else sizes[-1]
            got = {n: _time_case(suffix, make, n, tmp, with_build=n <= limit) for n in sizes}
            for n, (t_read, t_build, size) in got.items():
                value = "n/a" if t_build is None else t_build
                note = f"{size / 1e6:.1f} MB; read_document {t_read:.2f} s"
                rows.append(Row(S, f"{case} n={n:,}", value, "s", note=note if t_build is not None else note + " (build not timed)"))
            for label, k in (("build", 1), ("read_document", 0)):
                timed = [n for n in sizes if got[n][k] is not None]
                lo, hi = min(timed), max(timed)
                ratio = (got[hi][k] / max(got[lo][k], 1e-6)) / (hi / lo)  # type: ignore[operator]
                rows.append(
                    Row(S, f"{case} linearity ({label})", ratio, "x", LINEAR_TARGET, note=f"{lo:,} -> {hi:,}; 1.0 = linear")
                )
        expanded = (256 if args.quick else 2048) << 20
        bomb = _bomb(expanded, tmp)
        out = subprocess.run(
            [sys.executable, "-c", _BOMB_CHILD, str(REPO), str(bomb)], capture_output=True, text=True, timeout=600
        )
        if out.returncode != 0:
            rows.append(Row(S, "DOCX bomb", "n/a", note=out.stderr.strip().splitlines()[-1][:120]))
        else:
            r = json.loads(out.stdout)
            grew = round((r["peak_kb"] - r["base_kb"]) / 1024, 2)
            rows.append(
                Row(
                    S,
                    f"DOCX bomb {bomb.stat().st_size / 1e6:.1f} MB -> {expanded >> 20} MB of XML: peak RSS growth",
                    grew,
                    "MB",
                    64,
                    note=f"refused in {r['seconds']:.2f} s: {r['message'].split(': ', 1)[-1][:70]}",
                )
            )
    return rows
