"""Choose graph.resolve.FUZZY_THRESHOLD by measurement over hand-labelled name pairs.

Run from the repository root::

    .venv/bin/python tests/resolve/resolve_sweep.py

For each threshold it resolves every pair in ``pairs.tsv`` with the real resolver
(folding, short forms, guards, fuzzy) and prints true/false merges, precision,
recall and F1; then the same without the guards, to show what they buy. The chosen
threshold is the lowest one with no false merge (a wrong merge corrupts the graph
silently; a missed one shows up as a visible duplicate the user can merge).
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graph import resolve  # noqa: E402

PAIRS = Path(__file__).with_name("pairs.tsv")


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    type: str
    same: bool
    why: str


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b, t, same, why = (line.split("\t") + [""])[:5]
        out.append(Pair(a, b, t, same == "1", why))
    return out


def evaluate(pairs: list[Pair], threshold: float, guards: bool = True) -> dict:
    tp = fp = fn = tn = 0
    wrong: list[str] = []
    with ExitStack() as stack:
        if not guards:  # fuzzy on every type, no length or version guard
            stack.enter_context(mock.patch.object(resolve, "fuzzy_allowed", lambda a, b: True))
            stack.enter_context(mock.patch.object(resolve, "FUZZY_TYPES", frozenset(resolve.SHORT_SUFFIXES)))
        for p in pairs:
            m = resolve.same_entity(p.a, p.b, [p.type], threshold=threshold)
            if m is not None and p.same:
                tp += 1
            elif m is not None:
                fp += 1
                wrong.append(f"false merge ({m.how} {m.score:.0f}): {p.a} / {p.b}")
            elif p.same:
                fn += 1
                wrong.append(f"missed: {p.a} / {p.b} ({p.why})")
            else:
                tn += 1
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"threshold": threshold, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": prec, "recall": rec,
            "f1": f1, "errors": wrong}  # fmt: skip


def main() -> None:
    pairs = load_pairs()
    n_same = sum(p.same for p in pairs)
    print(f"{len(pairs)} pairs: {n_same} same, {len(pairs) - n_same} different")
    for guards in (True, False):
        print(f"\n{'with' if guards else 'WITHOUT'} guards")
        print("thr   tp  fp  fn  precision recall  F1")
        for thr in (60, 70, 75, 80, 84, 85, 86, 88, 90, 91, 92, 93, 94, 96, 100):
            r = evaluate(pairs, thr, guards)
            print(
                f"{thr:>3}  {r['tp']:>3} {r['fp']:>3} {r['fn']:>3}  {r['precision']:.3f}     "
                f"{r['recall']:.3f}  {r['f1']:.3f}"
            )
    r = evaluate(pairs, resolve.FUZZY_THRESHOLD)
    print(f"\nat FUZZY_THRESHOLD={resolve.FUZZY_THRESHOLD}:")
    print("\n".join("  " + e for e in r["errors"]))


if __name__ == "__main__":
    main()
