"""``zhitu`` commands for what the explorer's analysis and curation panels produce:
centrality rankings (``zhitu top``), duplicate suggestions (``zhitu review``) and
re-extraction with the user's corrections (``zhitu reextract``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

Add = Callable[..., argparse.ArgumentParser]


def cmd_top(args: argparse.Namespace) -> int:
    """Top entities by degree, PageRank and betweenness; statements per document."""
    from graph import stats
    from graph.cli import _open

    with _open(args, readonly=True) as store:
        snap = store.snapshot()
    cent = stats.centralities(snap)
    out = {k: [(snap.nodes[i].label, v) for i, v in stats.top(cent[k], args.n)] for k in cent}
    out["documents"] = list(stats.counts_by_document(snap).items())
    if args.format == "json":
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for k, rows in out.items():
        print(f"{k}:")
        for label, v in rows:
            shown = f"{v:.0f}" if k == "degree" else (f"{v:.4f}" if isinstance(v, float) else str(v))
            print(f"  {label:30} {shown}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """Likely duplicates (same name, shared alias, alias naming another entity, near the
    resolver's threshold), minus the pairs rejected in the explorer: TSV keep, other, reason, detail."""
    from graph.cli import _open
    from graph.review import suggest_duplicates

    with _open(args, readonly=True) as store:
        snap = store.snapshot()
        dismissed = store.dismissed_pairs()
    for s in suggest_duplicates(snap, dismissed, limit=args.limit):
        other = snap.nodes[s.b].label if s.b else ""
        print(f"{snap.nodes[s.a].label}\t{other}\t{s.reason}\t{s.detail}")
    return 0


def cmd_reextract(args: argparse.Namespace) -> int:
    """Run the extractor again over the stored documents, with the corrections as a user lexicon."""
    from graph.cli import _open
    from graph.pipeline import reextract

    with _open(args) as store:
        results = reextract(store)
    bad = [r for r in results if r.status == "failed"]
    for r in results:
        line = f"{r.status:9} {r.doc}  {r.entities} entities, {r.relations} relations"
        print(
            line if r.status != "failed" else f"{line}: {r.message}",
            file=sys.stderr if r.status == "failed" else sys.stdout,
        )
    return 1 if bad else 0


def add_commands(add: Add) -> None:
    sp = add("top", cmd_top)
    sp.add_argument("-n", type=int, default=10, help="how many entities per measure (default 10)")
    sp.add_argument("--format", choices=["text", "json"], default="text")
    sp = add("review", cmd_review)
    sp.add_argument("--limit", type=int, default=100)
    add("reextract", cmd_reextract)
