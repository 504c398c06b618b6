"""Relation precision and recall per predicate, with the shared scorer's own matching.

    zhitu extract .eval/dev-news/*.txt --format json > pred.json
    python scripts/score_by_predicate.py ../shared/eval/dev-news pred.json [--strict]

``../shared/eval/score.py`` reports relations over all predicates; this runs its
``score_doc`` once per predicate (the entity alignment is the same each time, only the
relations are filtered), so the per-predicate counts add up to its overall figures.
It also counts the funding qualifiers that matched investsIn relations carry.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

QUALIFIERS = ("round", "amount", "date", "lead")


def load_scorer(gold_dir: Path):
    path = gold_dir.parent / "score.py"
    spec = importlib.util.spec_from_file_location("zhitu_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: cannot load the scorer")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("pred", type=Path)
    ap.add_argument("--strict", action="store_true", help="strict name matching (default lenient)")
    a = ap.parse_args(argv)
    score = load_scorer(a.gold_dir)
    preds = {d["doc"]: d for d in json.loads(a.pred.read_text(encoding="utf-8"))["documents"]}
    tally: dict[str, list[int]] = {}
    quals: Counter[str] = Counter()
    gold_quals: Counter[str] = Counter()
    for gf in sorted(a.gold_dir.glob("*.json")):
        if gf.name == "manifest.json":
            continue
        gold = json.loads(gf.read_text(encoding="utf-8"))
        pred = preds.get(gold["doc"], {"entities": [], "relations": []})
        preds_p = {r.get("p") for r in pred.get("relations", [])}
        for p in sorted({r["p"] for r in gold.get("relations", [])} | preds_p):
            g = dict(gold, relations=[r for r in gold.get("relations", []) if r["p"] == p])
            q = dict(pred, relations=[r for r in pred.get("relations", []) if r.get("p") == p])
            tp, npred, ngold = score.score_doc(g, q, not a.strict)["rel"]
            t = tally.setdefault(p, [0, 0, 0])
            t[0], t[1], t[2] = t[0] + tp, t[1] + npred, t[2] + ngold
        # qualifiers: of the gold investsIn that were found, how many carry each qualifier given
        g = dict(gold, relations=[r for r in gold.get("relations", []) if r["p"] == "investsIn"])
        for r in g["relations"]:
            one = dict(g, relations=[r])
            q = dict(pred, relations=[x for x in pred.get("relations", []) if x.get("p") == "investsIn"])
            if not score.score_doc(one, q, not a.strict)["rel"][0]:
                continue
            found = [
                x
                for x in q["relations"]
                if score.score_doc(one, dict(pred, relations=[x]), not a.strict)["rel"][0]
            ]
            for k in QUALIFIERS:
                if r.get(k) not in (None, "", False):
                    gold_quals[k] += 1
                    if any(x.get(k) not in (None, "", False) for x in found):
                        quals[k] += 1
    print(f"{'predicate':<14}{'tp':>5}{'pred':>6}{'gold':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for p, (tp, npred, ngold) in sorted(tally.items(), key=lambda kv: -kv[1][2]):
        pr, rc, f1 = score.prf(tp, npred, ngold)
        print(f"{p:<14}{tp:>5}{npred:>6}{ngold:>6}{pr:>8.3f}{rc:>8.3f}{f1:>8.3f}")
    print(
        "qualifiers on matched investsIn (carried / given by gold): "
        + ", ".join(f"{k} {quals[k]}/{gold_quals[k]}" for k in QUALIFIERS)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
