"""Paths between two entities beyond the shortest ones: the k shortest simple paths.

>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("b", "d"), ("a", "c"), ("c", "e"), ("e", "d")])
>>> k_shortest_paths(G, "a", "d", k=3)
[['a', 'b', 'd'], ['a', 'c', 'e', 'd']]
"""

from __future__ import annotations

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
