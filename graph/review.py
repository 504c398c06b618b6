"""Likely duplicates for a person to review: each pair with the reason it looks doubled.

Four signals, strongest first:

* ``same_name``: one name (same :func:`graph.resolve.name_key`) under two entities, which
  happens when the resolver kept two types apart;
* ``shared_alias``: two entities that carry the same alias;
* ``alias_is_name``: an alias of one entity is another entity's name (a table row read one
  column off gives 峰瑞资本 the alias 逐际动力, which is a company of its own): often a
  wrong alias rather than a duplicate, so the reviewer decides;
* ``foreign_alias``: an alias in Chinese that shares no character with the entity's Chinese
  name and names no other entity (峰瑞资本 carrying 逐际动力 when 逐际动力 has no entity of
  its own); accepting drops that alias (``b`` is then ``""`` and ``detail`` the alias);
* ``near_threshold``: the resolver's fuzzy score (rapidfuzz ``ratio`` of the keys) fell
  just under its merge threshold for two entities of one type.

Pure functions over a snapshot; the caller passes the pairs already dismissed.

>>> from graph.model import Node, Snapshot
>>> snap = Snapshot({"a": Node("a", "峰瑞资本", ("Investor",), ("峰瑞资本", "逐际动力")),
...                  "b": Node("b", "逐际动力", ("Company",)),
...                  "c": Node("c", "百度", ("Company",)), "d": Node("d", "百度", ("Person",))}, ())
>>> [(s.a, s.b, s.reason) for s in suggest_duplicates(snap)]
[('c', 'd', 'same_name'), ('a', 'b', 'alias_is_name')]
>>> suggest_duplicates(snap, dismissed={frozenset(("c", "d"))})[0].reason
'alias_is_name'
>>> snap.nodes.pop("b") and [(s.a, s.detail, s.reason) for s in suggest_duplicates(snap)][1]
('a', '逐际动力', 'foreign_alias')
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.model import Snapshot
from graph.resolve import FUZZY_THRESHOLD, FUZZY_TYPES, fuzzy_allowed, name_key
from graph.textnorm import has_cjk

_DIGIT = re.compile(r"\d")

REASONS = ("same_name", "shared_alias", "alias_is_name", "foreign_alias", "near_threshold")
NEAR_MARGIN = 10.0  # scores in [threshold - margin, threshold) are "just under"
FUZZY_BLOCK_MAX = 2000  # entities of one type compared all-pairs; bigger groups by first character


@dataclass(frozen=True, slots=True)
class Suggestion:
    a: str  # iri: the suggested keeper (more relations, then shorter name)
    b: str  # iri merged into it on accept
    reason: str  # one of REASONS
    detail: str  # the name, alias or score behind the reason
    score: float  # rank: 1.0 for exact signals, the fuzzy ratio / 100 otherwise

    @property
    def pair(self) -> frozenset[str]:
        """What a rejection remembers: the two entities, or the entity and its alias."""
        return frozenset((self.a, self.b or self.detail))


def suggest_duplicates(
    snap: Snapshot,
    dismissed: Collection[frozenset[str]] = (),
    *,
    threshold: float = FUZZY_THRESHOLD,
    margin: float = NEAR_MARGIN,
    limit: int = 500,
) -> list[Suggestion]:
    """Pairs of entities that may be one, strongest reason first; one suggestion per pair."""
    done = set(dismissed)
    degree: dict[str, int] = dict.fromkeys(snap.nodes, 0)
    for e in snap.edges:
        if e.s in degree:
            degree[e.s] += 1
        if e.o in degree:
            degree[e.o] += 1

    def order(x: str, y: str) -> tuple[str, str]:
        kx = (-degree.get(x, 0), len(snap.nodes[x].label), x)
        ky = (-degree.get(y, 0), len(snap.nodes[y].label), y)
        return (x, y) if kx <= ky else (y, x)

    out: list[Suggestion] = []

    def offer(x: str, y: str, reason: str, detail: str, score: float = 1.0) -> None:
        p = frozenset((x, y))
        if x == y or p in done:
            return
        done.add(p)
        a, b = order(x, y)
        out.append(Suggestion(a, b, reason, detail, score))

    by_label: dict[str, list[str]] = {}
    by_alias: dict[str, list[str]] = {}
    for iri, n in snap.nodes.items():
        k = name_key(n.label)
        if k:
            by_label.setdefault(k, []).append(iri)
        for al in {name_key(a) for a in n.aliases} - {k, ""}:
            by_alias.setdefault(al, []).append(iri)
    for iris in by_label.values():
        for i, x in enumerate(iris):
            for y in iris[i + 1 :]:
                offer(x, y, "same_name", snap.nodes[x].label)
    for k, iris in by_alias.items():
        if len(iris) < 8:  # a generic alias shared by many says nothing
            for i, x in enumerate(iris):
                for y in iris[i + 1 :]:
                    offer(x, y, "shared_alias", k)
    for k, owners in by_alias.items():
        for x in owners:
            for y in by_label.get(k, ()):
                alias = next((a for a in snap.nodes[x].aliases if name_key(a) == k), k)
                offer(x, y, "alias_is_name", alias)
    for iri, n in snap.nodes.items():
        if "Policy" in n.types or not has_cjk(n.label):
            continue
        k = name_key(n.label)
        for a in n.aliases:
            ak = name_key(a)
            if (
                len(ak) >= 3
                and has_cjk(ak)
                and not _DIGIT.search(ak)
                and not set(k) & set(ak)
                and ak not in by_label
                and frozenset((iri, a)) not in done
            ):
                done.add(frozenset((iri, a)))
                out.append(Suggestion(iri, "", "foreign_alias", a, 1.0))
    out.extend(_near_threshold(snap, done, threshold, margin, order, max(limit - len(out), 0)))
    rank = {r: i for i, r in enumerate(REASONS)}
    out.sort(key=lambda s: (rank[s.reason], -s.score, snap.nodes[s.a].label))
    return out[:limit]


def _near_threshold(
    snap: Snapshot, done: set, threshold: float, margin: float, order, limit: int
) -> list[Suggestion]:
    """Pairs scoring in [threshold - margin, threshold), best first, at most ``limit``: the
    guards run only on the best candidates (on 10k look-alike names there are 400k)."""
    import numpy as np

    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for iri, n in snap.nodes.items():
        k = name_key(n.label)
        for t in set(n.types) & FUZZY_TYPES:
            groups.setdefault((t, ""), []).append((iri, k))
    if any(len(g) > FUZZY_BLOCK_MAX for g in groups.values()):
        split: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for (t, _), items in groups.items():
            for iri, k in items:
                split.setdefault((t, k[:1]), []).append((iri, k))
        groups = split
    cands: list[tuple[float, str, str, str, str]] = []
    lo = threshold - margin
    for items in groups.values():
        keys = [k for _, k in items]
        if len(keys) < 2:
            continue
        scores = np.triu(process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=lo), 1)
        scores[scores >= threshold] = 0  # merged by the resolver already, or kept apart by a guard
        ii, jj = np.nonzero(scores)
        best = np.argsort(-scores[ii, jj], kind="stable")[: max(limit * 20, 100)]
        cands += [
            (float(scores[ii[t], jj[t]]), items[ii[t]][0], items[jj[t]][0], keys[ii[t]], keys[jj[t]])
            for t in best
        ]
    cands.sort(key=lambda c: -c[0])
    out: list[Suggestion] = []
    for s, x, y, kx, ky in cands:
        if len(out) >= limit:
            break
        if frozenset((x, y)) in done or not fuzzy_allowed(kx, ky):
            continue
        done.add(frozenset((x, y)))
        a, b = order(x, y)
        out.append(Suggestion(a, b, "near_threshold", f"{s:.0f}", s / 100.0))
    return out
