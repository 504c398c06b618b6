"""One fact per (subject, predicate, object): the statements of a snapshot grouped.

The store keeps one row per statement (a sentence or table row that states a relation),
so a relation repeated across documents, or twice in one, is several :class:`Edge` s.
Views and exports draw and write the *fact* once, with how often it was stated and
every piece of evidence under it. Symmetric predicates (partnersWith, competesWith)
group regardless of direction.

>>> from graph.model import Edge
>>> es = [Edge("r1", "a", "develops", "m", 0.7, doc=1, evidence="A 发布 M"),
...       Edge("r2", "a", "develops", "m", 0.9, doc=2, evidence="A 的 M"),
...       Edge("r3", "b", "partnersWith", "a", 0.8, doc=1),
...       Edge("r4", "a", "partnersWith", "b", 0.6, doc=2)]
>>> fs = group_facts(es)
>>> [(f.s, f.p, f.o, f.count, f.confidence) for f in fs]
[('a', 'develops', 'm', 2, 0.9), ('b', 'partnersWith', 'a', 2, 0.8)]
>>> fs[0].docs
(1, 2)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.model import FUNDING_KEYS, SYMMETRIC, Edge


def fact_key(e: Edge) -> tuple[str, str, str]:
    """(s, p, o) with the two ends of a symmetric predicate in a fixed order."""
    if e.p in SYMMETRIC and e.o < e.s:
        return (e.o, e.p, e.s)
    return (e.s, e.p, e.o)


@dataclass(frozen=True, slots=True)
class Fact:
    """The statements of one (s, p, o); ``edges`` are in snapshot order, strongest first
    is :attr:`best`. ``s``/``o`` are as the first statement gave them."""

    id: str  # the id of the first statement: stable while that statement exists
    s: str
    p: str
    o: str
    edges: tuple[Edge, ...]

    @property
    def count(self) -> int:
        """How many statements (mentions) support the fact."""
        return len(self.edges)

    @property
    def best(self) -> Edge:
        return max(self.edges, key=lambda e: e.confidence)

    @property
    def confidence(self) -> float:
        """The strongest statement's confidence."""
        return self.best.confidence

    @property
    def docs(self) -> tuple[int, ...]:
        """Ids of the documents that state it, sorted, without user-added (None)."""
        return tuple(sorted({e.doc for e in self.edges if e.doc is not None}))

    @property
    def year(self) -> int | None:
        years = [e.year for e in self.edges if e.year is not None]
        return min(years) if years else None

    @property
    def origin(self) -> str:
        """"user" when any statement was added by hand, else "extracted"."""
        return "user" if any(e.origin == "user" for e in self.edges) else "extracted"

    @property
    def attrs(self) -> dict[str, Any]:
        """Qualifiers merged over the statements: for each key, the value of the most
        confident statement that gives one (a funding round told in two articles, one
        with the amount and one with the date, keeps both)."""
        out: dict[str, Any] = {}
        for e in sorted(self.edges, key=lambda e: -e.confidence):
            for k, v in e.attrs:
                if v not in (None, "") and k not in out:
                    out[k] = v
        return out

    @property
    def funding(self) -> dict[str, Any]:
        """Only the FundingRound qualifiers of :attr:`attrs`."""
        a = self.attrs
        return {k: a[k] for k in FUNDING_KEYS if k in a}


def group_facts(edges: Iterable[Edge]) -> list[Fact]:
    """Group statements into facts, in order of each fact's first statement."""
    groups: dict[tuple[str, str, str], list[Edge]] = {}
    for e in edges:
        groups.setdefault(fact_key(e), []).append(e)
    return [Fact(es[0].id, es[0].s, es[0].p, es[0].o, tuple(es)) for es in groups.values()]
