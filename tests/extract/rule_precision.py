"""Per-rule precision of relation rules on the dev gold and the demo set (a tool, not a test).

    .venv/bin/python tests/extract/rule_precision.py [--json] [--list]

Runs the extractor on seeds 002 + 004 (gold ../shared/eval/dev-gold) and on assets/demo/corpus
(gold assets/demo/expected.json), aligns every predicted triple with the gold the way
../shared/eval/score.py does (lenient), and counts, per rule id, the triples it stated that are
right (TP) or wrong (FP). A triple stated by several rules counts for each of them. Prints the
reliability smoothed toward the pooled precision of all rules: (tp + w * prior) / (tp + fp + w),
w = prior_weight in assets/patterns/confidence.json; --json prints the "rules" object, --write
stores it there; --list
prints every predicted triple with its confidence, TP/FP and supporting (rule, kind) pairs.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from graph.extract.extractor import Extractor  # noqa: E402
from graph.ingest import read_document  # noqa: E402


def load_score():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_sets() -> list[tuple[Path, dict]]:
    out = []
    for f in sorted((SHARED / "seeds").glob("*.txt")):
        g = SHARED / "eval" / "dev-gold" / (f.stem + ".json")
        if g.exists():
            out.append((f, json.loads(g.read_text(encoding="utf-8"))))
    demo = {g["doc"]: g for g in json.loads((ROOT / "assets/demo/expected.json").read_text(encoding="utf-8"))}
    for f in sorted((ROOT / "assets/demo/corpus").iterdir()):
        g = demo.get(f.name) or demo.get(f.stem)
        if g:
            out.append((f, g))
    return out


def triple_labels(sc, gold: dict, ents: list[dict], rels: list[dict]) -> list[bool]:
    """Whether each predicted relation matches a gold one (score.py's lenient alignment)."""
    gents = gold.get("entities", [])
    mapping = sc.align(gents, ents, True)
    gindex = {f: i for i, g in enumerate(gents) for f in sc.forms(g)}
    pindex = {f: i for i, p in enumerate(ents) for f in sc.forms(p)}

    def to_gold(name):
        n = sc.norm(name)
        if n in pindex and pindex[n] in mapping:
            return mapping[pindex[n]]
        if n in gindex:
            return gindex[n]
        for f, i in gindex.items():
            if sc._contains({n}, {f}):
                return i
        return None

    def key(r):
        s, o, p = to_gold(r["s"]), to_gold(r["o"]), r["p"]
        if p in sc.SYMMETRIC and s is not None and o is not None and str(s) > str(o):
            s, o = o, s
        return (s, p, o)

    gold_keys = {key(r) for r in gold.get("relations", [])}
    return [None not in key(r) and key(r) in gold_keys for r in rels]


def main() -> int:
    sc = load_score()
    ex = Extractor()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, gold in gold_sets():
        result = ex.extract(read_document(path))
        ents = [{"name": e.name, "aliases": sorted(e.aliases), "types": e.types} for e in result.entities]
        rels = [{"s": r.s, "p": r.p, "o": r.o} for r in result.relations]
        for r, ok in zip(rels, triple_labels(sc, gold, ents, rels), strict=True):
            k = (r["s"], r["p"], r["o"])
            if r["p"] in ("partnersWith", "competesWith"):
                k = (min(r["s"], r["o"]), r["p"], max(r["s"], r["o"]))
            sup = ex.last_support.get(k, [])
            if "--list" in sys.argv:
                conf = next(
                    x.confidence for x in result.relations if (x.s, x.p, x.o) == (r["s"], r["p"], r["o"])
                )
                print(
                    f"{'TP' if ok else 'FP'} {conf:.3f} {path.name[:3]} {r['s']} {r['p']} {r['o']}  {sorted(set(sup))}"
                )
            for rule in {x[0] for x in sup}:
                counts[rule][0 if ok else 1] += 1
            for kind in {x[1] for x in sup}:
                kinds[kind][0 if ok else 1] += 1
    # the prior: the pooled precision of all rules (a rule seen a few times gets about the average)
    prior = sum(tp for tp, _ in counts.values()) / max(1, sum(tp + fp for tp, fp in counts.values()))
    w = ex.res.confidence.get("prior_weight", 8)
    table = {}
    for rule, (tp, fp) in sorted(counts.items()):
        rel = (tp + w * prior) / (tp + fp + w)
        table[rule] = {"tp": tp, "fp": fp, "reliability": round(rel, 3)}
    if "--json" in sys.argv or "--write" in sys.argv:
        if "--write" in sys.argv:
            path = ROOT / "assets/patterns/confidence.json"
            cfg = json.loads(path.read_text(encoding="utf-8"))
            cfg["pooled_prior"] = round(prior, 3)
            cfg["rules"] = {"comment": cfg.get("rules", {}).get("comment", ""), **table}
            path.write_text(json.dumps(cfg, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(table, ensure_ascii=False, indent=1))
        return 0
    print(f"pooled prior {prior:.3f}, weight {w}")
    print(f"{'rule':28} {'TP':>4} {'FP':>4} {'prec':>6} {'smoothed':>8}")
    for rule, v in table.items():
        n = v["tp"] + v["fp"]
        print(f"{rule:28} {v['tp']:4} {v['fp']:4} {v['tp'] / n:6.2f} {v['reliability']:8.3f}")
    print()
    for kind, (tp, fp) in sorted(kinds.items()):
        print(f"kind {kind:10} TP {tp:4} FP {fp:4} prec {tp / (tp + fp):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
