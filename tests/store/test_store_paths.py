"""Paths on a big graph: layer by layer over the store, the same shortest paths networkx finds."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from graph.paths import layered_shortest_paths
from graph.store import Store


@pytest.fixture
def edited(demo_db: Path, tmp_path: Path) -> Store:
    db = tmp_path / "g.db"
    shutil.copy(demo_db, db)
    st = Store(db)
    snap = st.snapshot()
    deg = Counter(x for e in snap.edges for x in (e.s, e.o))
    (a, _), (b, _), (c, _) = deg.most_common(3)
    st.merge(a, b)
    st.delete_edge(st.snapshot().edges[0].id)
    st.add_edge(a, "partnersWith", c)
    yield st
    st.close()


def _undirected(st: Store) -> nx.Graph:
    snap = st.snapshot()
    g = nx.Graph()
    g.add_nodes_from(snap.nodes)
    g.add_edges_from((e.s, e.o) for e in snap.edges if e.s != e.o)
    return g


def test_adjacency_is_the_snapshot_neighbourhood(edited: Store):
    g = _undirected(edited)
    nodes = sorted(g.nodes)
    some = set(random.Random(5).sample(nodes, 60))
    adj = edited.adjacency(some | {"https://zhitu.app/id/e/unknown"})
    assert adj == {n: set(g[n]) for n in some}
    gone = next(iter(edited._edit_state().parent))  # a merged-away IRI answers for its keeper
    keeper = edited.canonical(gone)
    assert edited.adjacency({gone}) == {keeper: set(g[keeper])}


def test_layered_search_finds_every_shortest_path(edited: Store):
    g = _undirected(edited)
    rng = random.Random(11)
    nodes = sorted(max(nx.connected_components(g), key=len))
    assert (
        layered_shortest_paths(
            edited.adjacency, nodes[0], sorted(min(nx.connected_components(g), key=len))[0]
        )
        == []
    )
    checked = 0
    for _ in range(40):
        a, b = rng.sample(nodes, 2)
        got = layered_shortest_paths(edited.adjacency, a, b, k=1000)
        ref = sorted(nx.all_shortest_paths(g, a, b))
        if len(ref[0]) - 1 > 8:
            continue
        assert got == ref, (a, b)
        checked += 1
    assert checked > 30
    # k caps the number, every one still shortest
    a, b = next(
        (x, y) for x in nodes for y in nodes if x < y and len(list(nx.all_shortest_paths(g, x, y))) > 2
    )
    two = layered_shortest_paths(edited.adjacency, a, b, k=2)
    assert len(two) == 2 and all(len(p) == nx.shortest_path_length(g, a, b) + 1 for p in two)
