"""Graph analytics over a :class:`~graph.model.Snapshot`: pure functions, no I/O, no Qt.

The GUI calls these from a worker thread; every function takes a snapshot or the
``networkx.MultiDiGraph`` from :func:`to_networkx` and returns plain data.

>>> from graph.model import Edge, Node, Snapshot
>>> nodes = {i: Node(i, i.upper(), ("Company",)) for i in "abcd"}
>>> snap = Snapshot(nodes, (Edge("r1", "a", "partnersWith", "b", 0.9),
...                         Edge("r2", "b", "acquires", "c", 0.5)))
>>> G = to_networkx(snap)
>>> shortest_paths(G, "a", "c")
[['a', 'b', 'c']]
>>> sorted(ego(G, "a", 1))
['a', 'b']
>>> sorted(filter_snapshot(snap, min_confidence=0.8, show_isolated=False).nodes)
['a', 'b']
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Iterable
from itertools import islice

import networkx as nx

from graph.model import Edge, Snapshot

Pos = dict[str, tuple[float, float]]

__all__ = [
    "to_networkx",
    "degrees",
    "degree_centrality",
    "pagerank",
    "communities",
    "shortest_paths",
    "ego",
    "ego_snapshot",
    "filter_snapshot",
    "subsnapshot",
    "layout",
]


def to_networkx(snapshot: Snapshot) -> nx.MultiDiGraph:
    """A ``MultiDiGraph``: node attrs ``label``, ``types`` (tuple), ``type``; one edge per
    :class:`~graph.model.Edge` with key ``Edge.id`` and attrs ``p``, ``confidence``,
    ``doc``, ``year``, ``origin``.

    Edges whose endpoints are not in ``snapshot.nodes`` are skipped.

    >>> from graph.model import Edge, Node, Snapshot
    >>> G = to_networkx(Snapshot({"a": Node("a", "A", ("Company",)), "m": Node("m", "M", ("AIModel",))},
    ...                          (Edge("r1", "a", "develops", "m", 0.9, doc=1, year=2024),)))
    >>> G.nodes["a"]["type"], G.edges["a", "m", "r1"]["p"]
    ('Company', 'develops')
    """
    G = nx.MultiDiGraph()
    for iri, n in snapshot.nodes.items():
        G.add_node(iri, label=n.label, types=tuple(n.types), type=n.type)
    nodes = snapshot.nodes
    G.add_edges_from(
        (
            e.s,
            e.o,
            e.id,
            {"p": e.p, "confidence": e.confidence, "doc": e.doc, "year": e.year, "origin": e.origin},
        )
        for e in snapshot.edges
        if e.s in nodes and e.o in nodes
    )
    return G


def _graph(snapshot_or_graph: Snapshot | nx.Graph) -> nx.Graph:
    return to_networkx(snapshot_or_graph) if isinstance(snapshot_or_graph, Snapshot) else snapshot_or_graph


def degrees(G: nx.Graph) -> dict[str, int]:
    """Number of edges touching each node (in + out, parallel edges counted).

    >>> degrees(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c")]))
    {'a': 2, 'b': 3, 'c': 1}
    """
    return dict(G.degree())


def degree_centrality(G: nx.Graph) -> dict[str, float]:
    """Degree centrality on the simple undirected view (parallel edges count once).

    >>> degree_centrality(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c")]))["b"]
    1.0
    """
    return nx.degree_centrality(nx.Graph(G))


def pagerank(G: nx.Graph, alpha: float = 0.85, weight: str | None = "confidence") -> dict[str, float]:
    """PageRank on the directed graph, parallel edges summed by ``weight``; sums to 1.

    Computed by igraph (networkx's pagerank needs scipy, which the app does not ship).

    >>> pr = pagerank(nx.MultiDiGraph([("a", "c"), ("b", "c")]), weight=None)
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    ('c', 1.0)
    """
    import igraph

    order = list(G.nodes)
    if not order:
        return {}
    index = {iri: i for i, iri in enumerate(order)}
    edges, weights = [], []
    for u, v, data in G.edges(data=True):
        edges.append((index[u], index[v]))
        weights.append(float(data.get(weight) or 0.0) if weight else 1.0)
    g = igraph.Graph(n=len(order), edges=edges, directed=G.is_directed())
    ranks = g.pagerank(damping=alpha, weights=weights if weight and any(weights) else None, directed=True)
    return dict(zip(order, ranks, strict=True))


def communities(G: nx.Graph, seed: int = 42, resolution: float = 1.0) -> dict[str, int]:
    """Louvain communities on the undirected view -> ``{iri: community id}``.

    Ids are 0, 1, ... from the largest community down, so colours stay stable for a
    given graph and seed.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> c = communities(G)
    >>> c["a"] == c["b"] == c["c"] != c["x"] == c["y"] == c["z"]
    True
    """
    U = nx.Graph(G.to_undirected(as_view=True)) if G.is_directed() else nx.Graph(G)
    parts = nx.community.louvain_communities(U, seed=seed, resolution=resolution)
    parts = sorted(parts, key=lambda c: (-len(c), min(map(str, c))))
    return {n: i for i, part in enumerate(parts) for n in part}


def shortest_paths(G: nx.Graph, a: str, b: str, k: int = 10) -> list[list[str]]:
    """Up to ``k`` shortest paths from ``a`` to ``b`` on the undirected view (edge
    direction ignored: "how are these two connected"). ``[]`` when unconnected or unknown.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "d"), ("c", "a"), ("c", "d")])
    >>> sorted(shortest_paths(G, "a", "d"))
    [['a', 'b', 'd'], ['a', 'c', 'd']]
    """
    if a not in G or b not in G:
        return []
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    try:
        return [list(p) for p in islice(nx.all_shortest_paths(U, a, b), k)]
    except nx.NetworkXNoPath:
        return []


def ego(G: nx.Graph, iri: str, hops: int = 1) -> set[str]:
    """Nodes within ``hops`` edges of ``iri``, in either direction (itself included).

    >>> sorted(ego(nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")]), "a", 2))
    ['a', 'b', 'c']
    """
    if iri not in G:
        return set()
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    return set(nx.single_source_shortest_path_length(U, iri, cutoff=hops))


def subsnapshot(snapshot: Snapshot, keep: Iterable[str]) -> Snapshot:
    """The snapshot restricted to ``keep`` nodes and the edges between them."""
    keep = set(keep)
    nodes = {i: n for i, n in snapshot.nodes.items() if i in keep}
    edges = tuple(e for e in snapshot.edges if e.s in nodes and e.o in nodes)
    return Snapshot(nodes, edges, snapshot.documents)


def ego_snapshot(snapshot: Snapshot, iri: str, hops: int = 1) -> Snapshot:
    """The ``hops``-neighbourhood of ``iri`` as a Snapshot (for "expand node")."""
    return subsnapshot(snapshot, ego(to_networkx(snapshot), iri, hops))


def filter_snapshot(
    snapshot: Snapshot,
    *,
    types: Collection[str] | None = None,
    predicates: Collection[str] | None = None,
    docs: Collection[int | str | None] | None = None,
    years: tuple[int | None, int | None] | None = None,
    min_confidence: float = 0.0,
    min_degree: int = 0,
    show_isolated: bool = True,
) -> Snapshot:
    """The filter panel: keep what matches every given criterion.

    * ``types``: nodes having at least one of these types (edges need both ends kept);
    * ``predicates``: edges with these relation names;
    * ``docs``: edges from these documents, by ``DocumentInfo.id`` or name; include
      ``None`` to keep user-added edges. Nodes are then limited to those the documents
      mention (``Node.docs``) or that a kept edge touches;
    * ``years``: ``(lo, hi)`` inclusive, either end ``None`` for open; undated edges drop out;
    * ``min_confidence``: edges with ``confidence >= min_confidence``;
    * ``min_degree``: nodes with at least this many kept edges (one pass, like Gephi's
      degree range filter); their edges to dropped nodes go too;
    * ``show_isolated``: when False, nodes left without any edge are dropped.

    ``documents`` are kept unchanged.

    >>> from graph.model import Edge, Node, Snapshot, DocumentInfo
    >>> nodes = {i: Node(i, i, (t,)) for i, t in [("c", "Company"), ("m", "AIModel"), ("p", "Person")]}
    >>> snap = Snapshot(nodes, (Edge("r1", "c", "develops", "m", 0.9, doc=1, year=2023),
    ...                         Edge("r2", "p", "founderOf", "c", 0.6, doc=2, year=2024)),
    ...                 (DocumentInfo(1, "a.txt", ""), DocumentInfo(2, "b.txt", "")))
    >>> [e.id for e in filter_snapshot(snap, docs=["b.txt"]).edges]
    ['r2']
    >>> sorted(filter_snapshot(snap, years=(2024, None), show_isolated=False).nodes)
    ['c', 'p']
    """
    nodes = snapshot.nodes
    if types is not None:
        wanted = set(types)
        nodes = {i: n for i, n in nodes.items() if wanted.intersection(n.types)}
    doc_ids: set[int | None] | None = None
    if docs is not None:
        by_name = {d.name: d.id for d in snapshot.documents}
        doc_ids = {by_name.get(d, -1) if isinstance(d, str) else d for d in docs}
    preds = set(predicates) if predicates is not None else None
    lo, hi = years if years is not None else (None, None)

    def keep(e: Edge) -> bool:
        if e.s not in nodes or e.o not in nodes or e.confidence < min_confidence:
            return False
        if preds is not None and e.p not in preds:
            return False
        if doc_ids is not None and (None if e.origin == "user" else e.doc) not in doc_ids:
            return False
        if years is not None:
            if e.year is None or (lo is not None and e.year < lo) or (hi is not None and e.year > hi):
                return False
        return True

    edges = [e for e in snapshot.edges if keep(e)]
    if doc_ids is not None:
        touched = {x for e in edges for x in (e.s, e.o)}
        nodes = {i: n for i, n in nodes.items() if i in touched or doc_ids.intersection(n.docs)}
    if min_degree > 0 or not show_isolated:
        deg: dict[str, int] = dict.fromkeys(nodes, 0)
        for e in edges:
            deg[e.s] += 1
            deg[e.o] += 1
        floor = max(min_degree, 0 if show_isolated else 1)
        nodes = {i: n for i, n in nodes.items() if deg[i] >= floor}
        edges = [e for e in edges if e.s in nodes and e.o in nodes]
        if not show_isolated:  # dropping low-degree nodes can isolate others
            touched = {x for e in edges for x in (e.s, e.o)}
            nodes = {i: n for i, n in nodes.items() if i in touched}
    return Snapshot(dict(nodes), tuple(edges), snapshot.documents)


# --- layout ---------------------------------------------------------------------


def _seeded_igraph(rng_seed: int, fn, /, *args, **kwargs):  # noqa: ANN001, ANN202
    """Run an igraph call with Python's global RNG seeded, then restore it.

    python-igraph draws its random numbers from the global :mod:`random` module, so
    without this the same graph comes out mirrored from one call to the next.
    """
    state = random.getstate()
    random.seed(rng_seed)
    try:
        return fn(*args, **kwargs)
    finally:
        random.setstate(state)


def _fr_layout(
    order: list[str],
    edges: list[tuple[int, int]],
    previous: Pos | None,
    seed: int,
) -> list[tuple[float, float]]:
    import igraph  # heavy C extension: import only when a force layout is asked for

    n = len(order)
    g = igraph.Graph(n=n, edges=edges, directed=False)
    g.simplify()
    grid = n > 2000  # igraph's grid approximation: 20k nodes in ~2 s instead of minutes
    if not previous:
        r = random.Random(seed)
        side = math.sqrt(n) / 2  # igraph's own start area: larger ones make grid mode 3-7x slower
        start = [[r.uniform(-side, side), r.uniform(-side, side)] for _ in range(n)]
        coords = _seeded_igraph(seed, g.layout_fruchterman_reingold, seed=start, niter=500, grid=grid)
        return [(x, y) for x, y in coords]

    # Work in igraph's natural scale (ideal edge length ~1): map previous positions in,
    # run a short, cool simulation where old nodes may drift only a little, map back.
    known = [i for i, iri in enumerate(order) if iri in previous]
    pts = [previous[order[i]] for i in known]
    cx = sum(p[0] for p in pts) / len(pts)
    cy = sum(p[1] for p in pts) / len(pts)
    spread = math.sqrt(sum((p[0] - cx) ** 2 + (p[1] - cy) ** 2 for p in pts) / len(pts)) or 1.0
    natural = max(math.sqrt(n) / 2, 1.0)
    k = natural / spread
    seed_pos: list[list[float]] = [[0.0, 0.0] for _ in range(n)]
    placed = [False] * n
    for i in known:
        x, y = previous[order[i]]
        seed_pos[i] = [(x - cx) * k, (y - cy) * k]
        placed[i] = True
    r = random.Random(seed)
    adj = g.get_adjlist()
    # new nodes start next to an already placed neighbour (BFS outward), else at random
    frontier = list(known)
    while frontier:
        nxt = []
        for i in frontier:
            for j in adj[i]:
                if not placed[j]:
                    seed_pos[j] = [seed_pos[i][0] + r.uniform(-1, 1), seed_pos[i][1] + r.uniform(-1, 1)]
                    placed[j] = True
                    nxt.append(j)
        frontier = nxt
    for i in range(n):
        if not placed[i]:
            seed_pos[i] = [r.uniform(-natural, natural), r.uniform(-natural, natural)]
    # old nodes may drift at most half an ideal edge length, and at most 5% of the spread
    slack = min(0.5, 0.05 * natural)
    inf = 1e9
    known_set = set(known)
    minx = [seed_pos[i][0] - slack if i in known_set else -inf for i in range(n)]
    maxx = [seed_pos[i][0] + slack if i in known_set else inf for i in range(n)]
    miny = [seed_pos[i][1] - slack if i in known_set else -inf for i in range(n)]
    maxy = [seed_pos[i][1] + slack if i in known_set else inf for i in range(n)]
    coords = _seeded_igraph(
        seed,
        g.layout_fruchterman_reingold,
        seed=seed_pos,
        niter=200,
        start_temp=max(1.0, natural / 10),
        minx=minx,
        maxx=maxx,
        miny=miny,
        maxy=maxy,
        grid=grid,
    )
    return [(x / k + cx, y / k + cy) for x, y in coords]


def _circular(order: list[str], radius: float) -> list[tuple[float, float]]:
    n = len(order)
    if n == 1:
        return [(0.0, 0.0)]
    return [
        (radius * math.cos(2 * math.pi * i / n), radius * math.sin(2 * math.pi * i / n)) for i in range(n)
    ]


def _grouped(order: list[str], groups: list[str], spacing: float) -> list[tuple[float, float]]:
    """Each type a disc (sunflower spiral) on a ring of sectors, largest group first."""
    members: dict[str, list[int]] = {}
    for i, gname in enumerate(groups):
        members.setdefault(gname, []).append(i)
    names = sorted(members, key=lambda g: (-len(members[g]), g))
    radii = {g: spacing * math.sqrt(len(members[g])) for g in names}
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(order)
    ring = (
        0.0 if len(names) == 1 else sum(2.2 * radii[g] for g in names) / (2 * math.pi) + max(radii.values())
    )
    golden = math.pi * (3 - math.sqrt(5))
    for gi, gname in enumerate(names):
        angle = 2 * math.pi * gi / len(names)
        gx, gy = ring * math.cos(angle), ring * math.sin(angle)
        for j, i in enumerate(sorted(members[gname], key=lambda i: order[i])):
            r = spacing * math.sqrt(j + 0.5)
            out[i] = (gx + r * math.cos(j * golden), gy + r * math.sin(j * golden))
    return out


def layout(
    snapshot_or_graph: Snapshot | nx.Graph,
    kind: str = "force",
    previous: Pos | None = None,
    *,
    seed: int = 7,
    scale: float = 100.0,
) -> Pos:
    """Positions ``{iri: (x, y)}`` for every node.

    * ``"force"``: Fruchterman-Reingold from python-igraph (0.5 s at 5k nodes where
      networkx's spring layout takes 47 s; igraph's grid mode above 2,000 nodes).
      With ``previous`` (e.g. the positions before "expand node") known nodes start
      where they were and move little (at most ~5% of the layout's spread); new nodes start next to
      a placed neighbour. Output is in the same coordinate frame as ``previous``.
      Without ``previous``, coordinates are scaled to a radius of about ``scale``.
    * ``"circular"``: a circle ordered by type then label; radius ``scale``.
    * ``"grouped"``: one disc per type, discs on a ring (nodes with several types go
      with their first).

    Deterministic for a given input and ``seed``.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> pos = layout(G, "force")
    >>> sorted(pos)
    ['a', 'b', 'c']
    >>> pos2 = layout(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")]), previous=pos)
    >>> abs(pos2["a"][0] - pos["a"][0]) < scale_of(pos)
    True
    """
    G = _graph(snapshot_or_graph)
    order = sorted(G.nodes, key=lambda i: (G.nodes[i].get("type", ""), G.nodes[i].get("label", ""), i))
    if not order:
        return {}
    if kind == "circular":
        coords = _circular(order, scale)
    elif kind == "grouped":
        spacing = scale / max(math.sqrt(len(order)), 1.0)
        coords = _grouped(order, [G.nodes[i].get("type", "Thing") for i in order], spacing)
    elif kind == "force":
        index = {iri: i for i, iri in enumerate(order)}
        edges = [(index[u], index[v]) for u, v in G.edges() if u != v]
        prev = {i: p for i, p in (previous or {}).items() if i in index}
        coords = _fr_layout(order, edges, prev or None, seed)
        if not prev:
            coords = _rescale(coords, scale)
    else:
        raise ValueError(f"unknown layout kind {kind!r}: use 'force', 'circular' or 'grouped'")
    return {iri: (float(x), float(y)) for iri, (x, y) in zip(order, coords, strict=True)}


def _rescale(coords: list[tuple[float, float]], scale: float) -> list[tuple[float, float]]:
    if not coords:
        return coords
    cx = sum(c[0] for c in coords) / len(coords)
    cy = sum(c[1] for c in coords) / len(coords)
    r = max(math.hypot(x - cx, y - cy) for x, y in coords) or 1.0
    return [((x - cx) * scale / r, (y - cy) * scale / r) for x, y in coords]


def scale_of(pos: Pos) -> float:
    """Radius of a layout around its centre (for tests and for fitting a view)."""
    if not pos:
        return 0.0
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    return max(math.hypot(x - cx, y - cy) for x, y in zip(xs, ys, strict=True))


def spread(pos: Pos, target: float) -> Pos:
    """Scale about the centre so that 95% of nodes lie within ``target``.

    >>> p = spread({"a": (0.0, 0.0), "b": (10.0, 0.0), "c": (0.0, 10.0)}, 100.0)
    >>> max(abs(x) for x, _ in p.values()) > 10
    True

    The layout was scaled by its farthest node; after packing the outliers in,
    that left the body of the graph too dense for its node sizes.
    """
    if len(pos) < 3:
        return pos
    cx = sum(p[0] for p in pos.values()) / len(pos)
    cy = sum(p[1] for p in pos.values()) / len(pos)
    d = sorted(math.hypot(x - cx, y - cy) for x, y in pos.values())
    r95 = d[int(0.95 * (len(d) - 1))] or 1.0
    k = target / r95
    if 0.8 <= k <= 1.25:
        return pos
    return {i: (cx + (x - cx) * k, cy + (y - cy) * k) for i, (x, y) in pos.items()}


def pack_components(snap: Snapshot, pos: Pos, spacing: float = 70.0) -> Pos:
    """Bring far-flung small components onto rings around the largest one.

    Force layouts have no gravity: in igraph's grid mode (over 2,000 nodes) small
    components drift so far that "fit to view" shrinks the main graph to a dot.
    Components keep their own shape; only those beyond twice the main radius move.
    """
    parent = {i: i for i in pos}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for e in snap.edges:
        if e.s in parent and e.o in parent:
            a, b = find(e.s), find(e.o)
            if a != b:
                parent[a] = b
    comps: dict[str, list[str]] = {}
    for i in pos:
        comps.setdefault(find(i), []).append(i)
    if len(comps) < 2:
        return pos
    ordered = sorted(comps.values(), key=len, reverse=True)
    giant = ordered[0]
    cx = sum(pos[i][0] for i in giant) / len(giant)
    cy = sum(pos[i][1] for i in giant) / len(giant)
    dists = sorted(math.hypot(pos[i][0] - cx, pos[i][1] - cy) for i in giant)
    radius = max(dists[int(0.95 * (len(dists) - 1))], spacing)
    far = []
    for comp in ordered[1:]:
        ox = sum(pos[i][0] for i in comp) / len(comp)
        oy = sum(pos[i][1] for i in comp) / len(comp)
        if math.hypot(ox - cx, oy - cy) > 2.0 * radius:
            extent = max(math.hypot(pos[i][0] - ox, pos[i][1] - oy) for i in comp) + spacing / 2
            far.append((math.atan2(oy - cy, ox - cx), comp, ox, oy, extent))
    if not far:
        return pos
    out = dict(pos)
    far.sort(key=lambda t: t[0])  # keep their compass order
    ring = radius + spacing
    k = 0
    while k < len(far):
        # as many as fit on this ring, evenly spread
        widest = max(t[4] for t in far[k:])
        capacity = max(int(2 * math.pi * ring / (2 * widest)), 1)
        batch = far[k : k + capacity]
        for n, (_, comp, ox, oy, _ext) in enumerate(batch):
            a = 2 * math.pi * n / len(batch)
            tx, ty = cx + ring * math.cos(a), cy + ring * math.sin(a)
            for i in comp:
                out[i] = (pos[i][0] - ox + tx, pos[i][1] - oy + ty)
        k += len(batch)
        ring += 2 * widest
    return out
