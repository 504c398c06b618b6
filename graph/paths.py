"""Paths between two entities: the k shortest simple paths, and shortest paths over a store.

>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("b", "d"), ("a", "c"), ("c", "e"), ("e", "d")])
>>> k_shortest_paths(G, "a", "d", k=3)
[['a', 'b', 'd'], ['a', 'c', 'e', 'd']]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

import networkx as nx

MAX_LENGTH = 8  # hops: longer chains explain nothing and make Yen's search slow on big graphs


def k_shortest_paths(
    G: nx.Graph, a: str, b: str, k: int = 10, max_length: int = MAX_LENGTH
) -> list[list[str]]:
    """Up to ``k`` loop-free paths from ``a`` to ``b``, shortest first (Yen's algorithm via
    networkx), on the undirected simple view (direction ignored, parallel edges as one)."""
    if a not in G or b not in G or a == b:
        return []
    U = nx.Graph(G.to_undirected(as_view=True)) if G.is_directed() or G.is_multigraph() else G
    out: list[list[str]] = []
    try:
        for p in islice(nx.shortest_simple_paths(U, a, b), k):
            if len(p) - 1 > max_length:
                break
            out.append(list(p))
    except nx.NetworkXNoPath:
        return []
    return out


def layered_shortest_paths(
    adjacent: Callable[[set[str]], dict[str, Iterable[str]]],
    a: str,
    b: str,
    k: int = 10,
    max_length: int = MAX_LENGTH,
    max_visited: int = 300_000,
) -> list[list[str]]:
    """Up to ``k`` shortest paths from ``a`` to ``b`` (direction ignored), asking ``adjacent`` one layer at a time.

    A breadth-first search from both ends that always grows the smaller frontier:
    on a graph too big to hold, ``adjacent(frontier)`` is one query over the store's
    relation indexes (:meth:`graph.store.Store.adjacency`). Every path returned has
    the minimal length; none when the ends are more than ``max_length`` hops apart
    or the search would visit more than ``max_visited`` entities.

    >>> g = {"a": {"b", "c"}, "b": {"a", "d"}, "c": {"a", "d"}, "d": {"b", "c", "e"}, "e": {"d"}}
    >>> layered_shortest_paths(lambda f: {u: g[u] for u in f if u in g}, "a", "e")
    [['a', 'b', 'd', 'e'], ['a', 'c', 'd', 'e']]
    """
    if a == b:
        return []
    sides = [({a: 0}, {a: []}, {a}), ({b: 0}, {b: []}, {b})]  # (distance, parents, frontier) from a, from b
    if not adjacent({a}).get(a) or not adjacent({b}).get(b):
        return []
    meet: set[str] = set()
    hops = 0
    while hops < max_length:
        i = 0 if len(sides[0][2]) <= len(sides[1][2]) else 1
        dist, parents, frontier = sides[i]
        if not frontier:
            return []
        nxt: set[str] = set()
        for u, vs in adjacent(frontier).items():
            for v in vs:
                if v not in dist:
                    dist[v] = dist[u] + 1
                    parents[v] = [u]
                    nxt.add(v)
                elif dist[v] == dist[u] + 1:
                    parents[v].append(u)
        sides[i] = (dist, parents, nxt)
        hops += 1
        da, db = sides[0][0], sides[1][0]
        meet = da.keys() & db.keys()
        if meet:
            best = min(da[m] + db[m] for m in meet)
            meet = {m for m in meet if da[m] + db[m] == best}
            break
        if len(da) + len(db) > max_visited:
            return []
    if not meet:
        return []

    def back(node: str, parents: dict[str, list[str]]) -> Iterable[list[str]]:
        """Paths from the search's start to ``node`` (start first)."""
        if not parents[node]:
            yield [node]
            return
        for p in sorted(parents[node]):
            for path in back(p, parents):
                yield [*path, node]

    found: dict[tuple[str, ...], None] = {}
    for m in sorted(meet):
        for left in back(m, sides[0][1]):
            for right in back(m, sides[1][1]):
                found.setdefault(tuple(left + right[::-1][1:]), None)
                if len(found) >= k:
                    return sorted(list(p) for p in found)
    return sorted(list(p) for p in found)
