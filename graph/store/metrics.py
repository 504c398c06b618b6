"""Whole-graph centrality and communities, cached in the graph file for big graphs.

A graph of a million relations cannot be turned into networkx objects each time the
explorer opens it (half a minute here). Instead, degree, PageRank and community of
every entity are computed once from the store's own rows with igraph, and kept in
``entity_metrics`` with a stamp of the graph they describe (``graph_meta``). The
explorer's overview then reads the top entities straight off an index, and a stale
cache (an import since) still ranks well enough to draw while a fresh one is made in
the background (:func:`refresh`, run in a worker process by the GUI).

>>> from graph.store import Store
>>> with Store(":memory:") as st:
...     m = compute(st)
...     (len(m.iris), is_fresh(st), save(st, m), is_fresh(st))
(0, False, True, True)
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.store.store import Store

DDL = """
CREATE TABLE IF NOT EXISTS entity_metrics (
    iri TEXT PRIMARY KEY,               -- a canonical entity (merged-away ones have no row)
    degree INTEGER NOT NULL,            -- statements touching it in the effective graph
    pagerank REAL NOT NULL,             -- directed, weighted by confidence, sums to 1
    community INTEGER NOT NULL,         -- Leiden (modularity), 0 is the largest
    types TEXT NOT NULL                 -- effective types (JSON): the overview filters by type on them
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_metrics_rank ON entity_metrics(pagerank DESC);
CREATE TABLE IF NOT EXISTS graph_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


@dataclass(slots=True)
class Metrics:
    """Degree, PageRank and community by entity, for the graph with ``stamp``."""

    stamp: str
    iris: list[str] = field(default_factory=list)
    degree: list[int] = field(default_factory=list)
    pagerank: list[float] = field(default_factory=list)
    community: list[int] = field(default_factory=list)
    types: list[list[str]] = field(default_factory=list)
    seconds: float = 0.0

    def as_dicts(self) -> tuple[dict[str, int], dict[str, float], dict[str, int]]:
        """(degree, pagerank, community) keyed by IRI."""
        return (
            dict(zip(self.iris, self.degree, strict=True)),
            dict(zip(self.iris, self.pagerank, strict=True)),
            dict(zip(self.iris, self.community, strict=True)),
        )


def _has_table(store: Store) -> bool:
    return bool(store._read("SELECT 1 FROM sqlite_master WHERE name = 'entity_metrics'"))


def graph_stamp(store: Store) -> str:
    """A fingerprint of everything the metrics depend on: documents, relations, edits.

    Cheap (a few aggregate queries over indexes), and persistent, unlike ``PRAGMA
    data_version``: a file reopened next week still knows whether its cache is current.
    """
    h = hashlib.blake2b(digest_size=12)
    for sql in (
        "SELECT max(id), count(*) FROM relations",
        "SELECT group_concat(id || ':' || sha256, ',') FROM (SELECT id, sha256 FROM documents ORDER BY id)",
        # the active edits: an undo brings back the stamp of the graph before the edit
        "SELECT group_concat(id, ',') FROM (SELECT id FROM edits WHERE undone = 0 ORDER BY id)",
    ):
        h.update(repr(store._read(sql)[0]).encode())
    return h.hexdigest()


def stored_stamp(store: Store) -> str | None:
    """The stamp the cached metrics were computed for, or None when there is no cache."""
    if not _has_table(store):
        return None
    row = store._read("SELECT value FROM graph_meta WHERE key = 'metrics_stamp'")
    return row[0][0] if row else None


def is_fresh(store: Store) -> bool:
    """True when the cache describes the graph as it is now."""
    s = stored_stamp(store)
    return s is not None and s == graph_stamp(store)


def _edge_list(store: Store) -> tuple[dict[int, str], list[tuple[int, int]], list[float]]:
    """Nodes (entity id -> canonical IRI) and every effective statement as an id pair, with its confidence."""
    ctx = store._walk_context()
    st = ctx.state
    nodes: dict[int, str] = {}
    touched = set(st.iris())
    for eid, iri in store._read(
        "SELECT e.id, e.iri FROM entities e WHERE e.iri IN (SELECT iri FROM entity_docs)"
    ):
        nodes[eid] = iri
    for iri, eid in ctx.ids.items():
        if iri in touched:
            nodes[eid] = iri
    canon: dict[int, int] = {}  # merged-away id -> its canonical entity's id
    if st.parent:
        for eid, iri in list(nodes.items()):
            c = st.find(iri)
            if c != iri:
                cid = ctx.ids.get(c)
                if cid is None:
                    del nodes[eid]
                else:
                    canon[eid] = cid
        for eid in canon:
            nodes.pop(eid, None)
    deleted = set(ctx.deleted)
    pairs: list[tuple[int, int]] = []
    weights: list[float] = []
    with store._lock:
        for rid, s, o, conf in store._conn.execute("SELECT id, s, o, confidence FROM relations"):
            if rid in deleted:
                continue
            cs, co = canon.get(s, s), canon.get(o, o)
            if cs == co and s != o:
                continue  # a merge made it a self-loop (the snapshot drops these too)
            if cs in nodes and co in nodes:
                pairs.append((cs, co))
                weights.append(conf)
    if st.user_edits:
        ids = json.dumps(sorted(st.user_edits))
        for uid, s, o in store._read(
            "SELECT id, s, o FROM user_edges WHERE edit IN (SELECT value FROM json_each(?))", (ids,)
        ):
            if uid in st.deleted_u:
                continue
            cs, co = ctx.ids.get(st.find(s)), ctx.ids.get(st.find(o))
            if cs is not None and co is not None and cs in nodes and co in nodes:
                pairs.append((cs, co))
                weights.append(1.0)
    return nodes, pairs, weights


def compute(store: Store, *, seed: int = 42) -> Metrics:
    """Degree, PageRank and Leiden communities of the effective graph, read from the store's rows.

    No snapshot and no networkx graph is built: the relations are read as id pairs
    (about 1 s per million) and handed to igraph.
    """
    import igraph

    from graph.analytics import _seeded_igraph

    t0 = time.perf_counter()
    stamp = graph_stamp(store)
    nodes, pairs, weights = _edge_list(store)
    order = sorted(nodes)
    if not order:
        return Metrics(stamp, seconds=time.perf_counter() - t0)
    index = {eid: i for i, eid in enumerate(order)}
    edges = [(index[s], index[o]) for s, o in pairs]
    g = igraph.Graph(n=len(order), edges=edges, directed=True)
    degree = g.degree()
    ranks = g.pagerank(damping=0.85, weights=weights if any(weights) else None, directed=True)
    u = g.as_undirected(mode="collapse")
    parts = _seeded_igraph(seed, u.community_leiden, objective_function="modularity", n_iterations=2)
    # ids from the largest community down, ties by their smallest member, as graph.analytics does
    members: dict[int, list[int]] = {}
    for v, c in enumerate(parts.membership):
        members.setdefault(c, []).append(v)
    ranked = sorted(members.values(), key=lambda vs: (-len(vs), min(nodes[order[v]] for v in vs)))
    comm = [0] * len(order)
    for k, vs in enumerate(ranked):
        for v in vs:
            comm[v] = k
    iris = [nodes[e] for e in order]
    return Metrics(
        stamp=stamp,
        iris=iris,
        degree=list(degree),
        pagerank=list(ranks),
        community=comm,
        types=_effective_types(store, iris),
        seconds=time.perf_counter() - t0,
    )


def _effective_types(store: Store, iris: list[str]) -> list[list[str]]:
    st = store._edit_state()
    raw = {
        iri: json.loads(t)
        for iri, t in store._read(
            "SELECT iri, types FROM entities WHERE iri IN (SELECT iri FROM entity_docs)"
        )
    }
    if not (st.parent or st.touched):
        return [raw.get(i, []) for i in iris]
    extra = store._raw_types(i for i in set(st.iris()) if i not in raw)
    raw.update(extra)
    return [list(st.effective_types(i, lambda m: raw.get(m, []))) for i in iris]


def save(store: Store, m: Metrics) -> bool:
    """Replace the cache with ``m``; False (nothing written) when the file is read-only or moved on.

    The stamp is checked again inside the write, so metrics of a graph that changed
    while they were computed are never stored as current.
    """
    if store.readonly:
        return False
    with store._write("saving the graph metrics") as conn:
        for stmt in DDL.split(";"):  # not executescript: it would commit the open transaction
            if stmt.strip():
                conn.execute(stmt)
        if graph_stamp(store) != m.stamp:
            return False
        conn.execute("DELETE FROM entity_metrics")
        conn.executemany(
            "INSERT INTO entity_metrics (iri, degree, pagerank, community, types) VALUES (?, ?, ?, ?, ?)",
            zip(m.iris, m.degree, m.pagerank, m.community,
                (json.dumps(t, ensure_ascii=False) for t in m.types), strict=True),
        )  # fmt: skip
        conn.executemany(
            "INSERT OR REPLACE INTO graph_meta (key, value) VALUES (?, ?)",
            [("metrics_stamp", m.stamp), ("metrics_seconds", f"{m.seconds:.2f}"),
             ("metrics_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))],
        )  # fmt: skip
    return True


def load(store: Store, iris: Iterable[str] | None = None) -> dict[str, tuple[int, float, int]]:
    """Cached ``{iri: (degree, pagerank, community)}`` (of ``iris``, or of all); empty without a cache.

    Fresh or stale: check :func:`is_fresh` when it matters.
    """
    if not _has_table(store):
        return {}
    sql = "SELECT iri, degree, pagerank, community FROM entity_metrics"
    if iris is None:
        rows = store._read(sql)
    else:
        rows = store._read(
            sql + " WHERE iri IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(iris)), ensure_ascii=False),),
        )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def top(
    store: Store, n: int, *, types: Collection[str] | None = None, docs: Collection[int] | None = None
) -> list[str]:
    """The ``n`` most central entities (PageRank from the cache), optionally of ``types`` / named in ``docs``.

    Without any cache the ranking falls back to statement counts read from the
    relation indexes (no merge applied: good enough to pick what to draw first).
    """
    where, params = [], []
    if types:
        where.append(
            "EXISTS (SELECT 1 FROM json_each(m.types) t WHERE t.value IN (SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(sorted(types)))
    if docs:
        where.append("m.iri IN (SELECT iri FROM entity_docs WHERE doc IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(sorted(docs)))
    if _has_table(store) and store._read("SELECT 1 FROM entity_metrics LIMIT 1"):
        cond = f"WHERE {' AND '.join(where)}" if where else ""
        rows = store._read(
            f"SELECT m.iri FROM entity_metrics m {cond} ORDER BY m.pagerank DESC LIMIT ?", (*params, n)
        )
        return [r[0] for r in rows]
    return _top_by_degree(store, n, types=types, docs=docs)


def _top_by_degree(
    store: Store, n: int, *, types: Collection[str] | None, docs: Collection[int] | None
) -> list[str]:
    st = store._edit_state()
    rows = store._read(
        "SELECT e.iri, e.types, d.n FROM (SELECT id, sum(n) AS n FROM ("
        "  SELECT s AS id, count(*) AS n FROM relations GROUP BY s"
        "  UNION ALL SELECT o, count(*) FROM relations GROUP BY o) GROUP BY id) d "
        "JOIN entities e ON e.id = d.id ORDER BY d.n DESC"
    )
    wanted = set(types) if types else None
    in_docs: set[str] | None = None
    if docs:
        in_docs = {
            r[0]
            for r in store._read(
                "SELECT iri FROM entity_docs WHERE doc IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(docs)),),
            )
        }
    out: list[str] = []
    seen: set[str] = set()
    for iri, t, _ in rows:
        c = st.find(iri)
        if c in seen or (in_docs is not None and iri not in in_docs):
            continue
        if wanted is not None and not wanted.intersection(
            st.effective_types(c, lambda _m, t=t: json.loads(t))
        ):
            continue
        seen.add(c)
        out.append(c)
        if len(out) >= n:
            break
    return out


def refresh(path: str | Path) -> dict[str, Any]:
    """Recompute and store the metrics of the graph file at ``path`` if they are stale.

    Meant for a worker process (the GUI runs it after an import): it opens its own
    connection, so the explorer stays responsive. Returns what it did.
    """
    from graph.store.store import Store

    with Store(path) as st:
        if is_fresh(st):
            return {"status": "fresh"}
        m = compute(st)
        saved = save(st, m)
        return {"status": "saved" if saved else "moved on", "entities": len(m.iris), "seconds": m.seconds}


def refresh_into(path: str | Path, conn: Any) -> None:
    """A worker process's body: :func:`refresh`, its report (or the error) sent down ``conn``.

    Here, not in the GUI package, so that the process imports no Qt.
    """
    try:
        conn.send(refresh(path))
    except Exception as e:  # the file went away, is locked for long, ...: the window says so
        conn.send(RuntimeError(f"{type(e).__name__}: {e}"))
    finally:
        conn.close()
