"""Synthetic snapshots for benchmarks and canvas tests (no database needed)."""

from __future__ import annotations

import random

from graph.model import DOMAIN_RANGE, ENTITY_TYPES, DocumentInfo, Edge, Node, Snapshot

_SYLLABLES = (
    "智谱月之暗面百川深度求索零一万物阶跃星辰商汤旷视云从依图科大讯飞华为腾讯阿里巴字节跳动快手美团京东小米"
)


def synthetic_snapshot(n_nodes: int, n_edges: int, seed: int = 1) -> Snapshot:
    """A scale-free-ish typed graph: hubs exist, relations respect domain and range loosely."""
    rnd = random.Random(seed)
    weights = [9, 3, 4, 4, 1, 1, 2, 2, 1]  # more companies than policies, as in the reports
    nodes: dict[str, Node] = {}
    iris: list[str] = []
    for i in range(n_nodes):
        t = rnd.choices(ENTITY_TYPES, weights)[0]
        name = "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 4))) + str(i)
        iri = f"urn:zhitu:e{i}"
        nodes[iri] = Node(iri, name, (t,), docs=(1 + i % 5,))
        iris.append(iri)
    by_type: dict[str, list[str]] = {}
    for iri, n in nodes.items():
        by_type.setdefault(n.type, []).append(iri)
    preds = list(DOMAIN_RANGE)
    edges: list[Edge] = []
    # preferential attachment over a growing endpoint list gives hubs
    ends: list[str] = iris[: max(2, n_nodes // 50)]
    for k in range(n_edges):
        s = rnd.choice(ends) if rnd.random() < 0.5 else rnd.choice(iris)
        o = rnd.choice(ends) if rnd.random() < 0.5 else rnd.choice(iris)
        if s == o:
            o = iris[(iris.index(s) + 1) % n_nodes] if n_nodes > 1 else s
        p = rnd.choice(preds)
        edges.append(
            Edge(f"r{k}", s, p, o, round(rnd.uniform(0.3, 1.0), 2), doc=1 + k % 5, year=2019 + k % 6)
        )
        ends.extend((s, o))
    docs = tuple(DocumentInfo(d, f"report_{d}.txt", f"{d:064x}", year=2020 + d) for d in range(1, 6))
    return Snapshot(nodes, tuple(edges), docs)
