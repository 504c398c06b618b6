"""The query API the GUI (and scripts) use: one :class:`Workspace` per open graph.

Pure Python, no Qt. Views observe a workspace through :meth:`Workspace.subscribe`
(callbacks receive an event name: ``"changed"`` after an import or an edit),
napari-style. SQL lives in :mod:`graph.store`, algorithms in
:mod:`graph.analytics`; this module only composes them.

>>> ws = Workspace(":memory:")                          # doctest: +SKIP
>>> ws.search("百度")[0].label                          # doctest: +SKIP
'百度'
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from graph.model import DocumentInfo, Edge, ImportResult, Node, SearchHit, Snapshot

Listener = Callable[[str], None]

# above either, the explorer opens on an overview (:meth:`Workspace.is_large`): a whole graph of
# 10k entities / 100k statements takes 9 s to open and cannot be drawn readably anyway
LARGE_ENTITIES = 8_000
LARGE_STATEMENTS = 40_000


@dataclass(frozen=True, slots=True)
class RelationView:
    edge: Edge
    direction: Literal["out", "in"]
    other: Node
    document: DocumentInfo | None


@dataclass(frozen=True, slots=True)
class EntityDetail:
    node: Node
    relations: tuple[RelationView, ...]
    documents: tuple[DocumentInfo, ...]
    degree: int


@dataclass(frozen=True, slots=True)
class EdgeDetail:
    edge: Edge
    source: Node
    target: Node
    document: DocumentInfo | None


@dataclass(frozen=True, slots=True)
class FactDetail:
    """One (s, p, o) with every statement behind it, strongest first, each with its document."""

    fact: Any  # graph.facts.Fact
    source: Node
    target: Node
    evidence: tuple[tuple[Edge, DocumentInfo | None], ...]


def default_db_path() -> Path:
    """Where the user's graph lives unless ``--db`` says otherwise."""
    from platformdirs import user_data_path

    return user_data_path("zhitu", appauthor=False, ensure_exists=True) / "zhitu.db"


def demo_corpus() -> Path:
    import assets

    return assets.path("demo", "corpus")


class Workspace:
    """An open graph: the store plus cached views of it.

    The store connection belongs to the thread that opened the workspace;
    :meth:`import_paths` opens its own connection, so a GUI may call it from a
    worker thread. Listeners are then called from that thread.
    """

    def __init__(self, db: str | Path, *, readonly: bool = False, overview: bool | None = None) -> None:
        from graph.store import Store

        self.path = Path(db) if str(db) != ":memory:" else Path(":memory:")
        self.readonly = readonly
        self.store = Store(db, readonly=readonly)
        self._overview = overview  # None: decide by size (:meth:`is_large`)
        self._listeners: list[Listener] = []
        self._snapshot: Snapshot | None = None
        self._graph = None  # networkx view of the snapshot, built on demand
        self._lock = threading.Lock()
        self.closed = False

    # -- lifecycle and events -------------------------------------------------
    def close(self) -> None:
        self.closed = True  # watchers polling the file stop asking
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` on changes; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _changed(self) -> None:
        with self._lock:
            self._snapshot = None
            self._graph = None
        for cb in list(self._listeners):
            cb("changed")

    # -- saved views (the explorer's pictures, kept in the graph file) -----------------------
    def save_view(self, name: str, view: dict[str, Any]) -> None:
        """Keep ``view`` (plain JSON data) under ``name``; ``""`` is the last picture shown."""
        import json

        self.store.save_view(name, json.dumps(view, ensure_ascii=False))

    def view_names(self) -> list[str]:
        return self.store.view_names()

    def load_view(self, name: str) -> dict[str, Any] | None:
        import json

        data = self.store.load_view(name)
        if data is None:
            return None
        try:
            out = json.loads(data)
        except ValueError:
            return None  # a damaged entry is no view
        return out if isinstance(out, dict) else None

    def delete_view(self, name: str) -> None:
        self.store.delete_view(name)

    def changed_on_disk(self) -> bool:
        """True when another connection (another process) wrote to the file since the last call.

        One cheap PRAGMA: a window may poll it a few times a second, then :meth:`refresh`.
        """
        v = self.store.data_version()
        seen, self._disk_version = getattr(self, "_disk_version", None), v
        return seen is not None and v != seen

    def refresh(self) -> None:
        """Drop caches and tell listeners (after another connection wrote to the file)."""
        self._changed()

    # -- reading ----------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        with self._lock:
            if self._snapshot is None:
                self._snapshot = self.store.snapshot()
            return self._snapshot

    def nx_graph(self):
        """networkx MultiDiGraph of the whole effective graph (cached)."""
        from graph.analytics import to_networkx

        snap = self.snapshot()
        with self._lock:
            if self._graph is None:
                self._graph = to_networkx(snap)
            return self._graph

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def document_text(self, doc_id: int) -> str | None:
        return self.store.document_text(doc_id)

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        return self.store.search(text, limit=limit) if text.strip() else []

    def completions(self) -> list[tuple[str, str]]:
        """(shown text, iri) for every name and alias: feeds a completer."""
        out: list[tuple[str, str]] = []
        if self.is_large():  # not a million names in a completer: search covers fragments there
            return out
        for n in self.snapshot().nodes.values():
            out.append((n.label, n.iri))
            out.extend((f"{a} → {n.label}", n.iri) for a in n.aliases if a != n.label)
        return out

    # -- big graphs: read a part, never the whole ------------------------------------------
    def is_large(self) -> bool:
        """True when the explorer should open on an overview instead of the whole graph.

        Above :data:`LARGE_ENTITIES` entities or :data:`LARGE_STATEMENTS` statements a
        whole snapshot takes seconds to build and the canvas cannot draw it readably
        anyway. ``Workspace(..., overview=True/False)`` decides instead.
        """
        if self._overview is None:
            n_ent, n_rel = self.totals()[:2]
            self._overview = n_ent > LARGE_ENTITIES or n_rel > LARGE_STATEMENTS
        return self._overview

    def use_overview(self, on: bool | None) -> None:
        """Open on an overview (True), on the whole graph (False), or decide by size (None)."""
        self._overview = on

    def totals(self) -> tuple[int, int, int]:
        """(entities, statements, documents) as stored, from three count queries."""
        return self.store.totals()

    def subgraph(self, iris: Iterable[str]) -> Snapshot:
        """These entities and the statements between them, read from the store's indexes."""
        return self.store.subgraph(iris)

    def overview(
        self, n: int = 400, *, types: Iterable[str] | None = None, docs: Iterable[int] | None = None
    ) -> Snapshot:
        """The ``n`` most central entities (cached PageRank) and the statements between them.

        ``types`` / ``docs`` pick the top ones among entities of those types or named
        in those documents, so a filter on a big graph still finds the whole graph's
        investors, not just the ones already drawn.
        """
        from graph.store import metrics

        return self.store.subgraph(
            metrics.top(self.store, n, types=set(types) if types else None, docs=set(docs) if docs else None)
        )

    def metrics(self, iris: Iterable[str] | None = None) -> dict[str, tuple[int, float, int]]:
        """Cached whole-graph ``{iri: (degree, pagerank, community)}``; empty when never computed."""
        from graph.store import metrics

        return metrics.load(self.store, iris)

    def metrics_fresh(self) -> bool:
        """True when the cached metrics describe the graph as it is now."""
        from graph.store import metrics

        return metrics.is_fresh(self.store)

    def ranked_neighbours(self, iri: str, hops: int = 1, limit: int | None = None) -> tuple[set[str], int]:
        """(neighbours, how many there are): at most ``limit`` of them, the most central first.

        A hub of a big graph has thousands of neighbours; expanding it should add
        the ones that matter, and say how many it left out.
        """
        nb = self.neighbours(iri, hops)
        total = len(nb - {iri})
        if limit is None or total <= limit:
            return nb, total
        rank = self.metrics(nb)
        best = sorted(nb - {iri}, key=lambda i: (-(rank[i][1] if i in rank else 0.0), i))[:limit]
        return set(best) | {iri}, total

    def _around(self, iri: str) -> Snapshot:
        """A snapshot holding ``iri``'s edges: the whole graph, or on a big one just those and their ends."""
        if not self.is_large():
            return self.snapshot()
        return self.store.subgraph(self.neighbours(iri, 1), around=iri)

    def node(self, iri: str) -> Node | None:
        if self.is_large():
            return self.store.subgraph([iri]).nodes.get(iri)
        return self.snapshot().nodes.get(iri)

    def entity(self, iri: str) -> EntityDetail | None:
        snap = self._around(iri)
        node = snap.nodes.get(iri)
        if node is None:
            return None
        docs = {d.id: d for d in snap.documents}
        rels: list[RelationView] = []
        for e in snap.edges:
            if e.s == iri and e.o in snap.nodes:
                rels.append(RelationView(e, "out", snap.nodes[e.o], docs.get(e.doc) if e.doc else None))
            elif e.o == iri and e.s in snap.nodes:
                rels.append(RelationView(e, "in", snap.nodes[e.s], docs.get(e.doc) if e.doc else None))
        rels.sort(key=lambda r: (r.edge.p, r.direction, -r.edge.confidence, r.other.label))
        mention_docs = {d for d, _, _ in self.store.entity_mentions(iri)} | set(node.docs)
        return EntityDetail(
            node=node,
            relations=tuple(rels),
            documents=tuple(docs[d] for d in sorted(mention_docs) if d in docs),
            degree=len(rels),
        )

    def _near_edge(self, edge_id: str) -> Snapshot:
        if not self.is_large():
            return self.snapshot()
        ends = self.store.edge_ends(edge_id)
        return self.store.subgraph(ends) if ends else Snapshot({}, ())

    def edge(self, edge_id: str) -> EdgeDetail | None:
        snap = self._near_edge(edge_id)
        docs = {d.id: d for d in snap.documents}
        for e in snap.edges:
            if e.id == edge_id:
                return EdgeDetail(e, snap.nodes[e.s], snap.nodes[e.o], docs.get(e.doc) if e.doc else None)
        return None

    def fact(self, edge_id: str) -> FactDetail | None:
        """The fact that statement ``edge_id`` belongs to (the canvas draws one edge per fact)."""
        from graph.facts import fact_key, group_facts

        snap = self._near_edge(edge_id)
        hit = next((e for e in snap.edges if e.id == edge_id), None)
        if hit is None:
            return None
        key = fact_key(hit)
        f = group_facts(e for e in snap.edges if fact_key(e) == key)[0]
        docs = {d.id: d for d in snap.documents}
        ev = sorted(f.edges, key=lambda e: -e.confidence)
        return FactDetail(
            f, snap.nodes[f.s], snap.nodes[f.o], tuple((e, docs.get(e.doc) if e.doc else None) for e in ev)
        )

    def neighbours(self, iri: str, hops: int = 1) -> set[str]:
        """IRIs within ``hops`` of ``iri`` (either direction), ``iri`` included; empty if it is no node.

        Asked of the store (one query per hop), so no whole-graph snapshot is built for it.
        """
        return self.store.neighbourhood(iri, hops)

    def shortest_paths(self, a: str, b: str, max_paths: int = 10) -> list[list[str]]:
        if self.is_large():  # layer by layer over the store, not a networkx graph of everything
            from graph.paths import layered_shortest_paths

            return layered_shortest_paths(self.store.adjacency, a, b, k=max_paths)
        from graph.analytics import shortest_paths

        return shortest_paths(self.nx_graph(), a, b, k=max_paths)

    def k_shortest_paths(self, a: str, b: str, k: int = 10) -> list[list[str]]:
        """Up to ``k`` loop-free paths, shortest first, longer ones too (:mod:`graph.paths`).

        On a big graph only the shortest ones: Yen's search needs the whole graph at hand.
        """
        if self.is_large():
            return self.shortest_paths(a, b, max_paths=k)
        from graph.paths import k_shortest_paths

        return k_shortest_paths(self.nx_graph(), a, b, k=k)

    def filtered(self, **filters: Any) -> Snapshot:
        """The snapshot through :func:`graph.analytics.filter_snapshot`'s filters."""
        from graph.analytics import filter_snapshot

        return filter_snapshot(self.snapshot(), **filters)

    def centrality(self, kind: Literal["degree", "pagerank"] = "degree") -> dict[str, float]:
        from graph import analytics

        g = self.nx_graph()
        return analytics.pagerank(g) if kind == "pagerank" else analytics.degree_centrality(g)

    def communities(self) -> dict[str, int]:
        from graph.analytics import communities

        return communities(self.nx_graph())

    def sparql(self, query: str, *, timeout: float | None = 5.0, max_rows: int | None = 10_000):
        """Read-only SPARQL over the graph, stopped after ``timeout`` seconds, at most
        ``max_rows`` rows (see :mod:`graph.sparql`); raises ``SparqlError`` with a message."""
        from graph.sparql import run_query

        return run_query(self.snapshot(), query, timeout=timeout, max_rows=max_rows)

    # -- writing ---------------------------------------------------------------
    def import_paths(
        self,
        paths: Iterable[str | Path],
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        jobs: int | None = None,
    ) -> list[ImportResult]:
        """Import files or folders; safe to call from a worker thread.

        ``jobs``: worker processes for extraction (None: one per core when the input is big
        enough to pay for them; see :func:`graph.pipeline.build`).
        """
        from graph.pipeline import build
        from graph.store import Store

        if str(self.path) == ":memory:" or threading.current_thread() is threading.main_thread():
            results = build(paths, self.store, progress=progress, cancelled=cancelled, jobs=jobs)
        else:
            with Store(self.path) as st:
                results = build(paths, st, progress=progress, cancelled=cancelled, jobs=jobs)
        if any(r.status in ("imported", "replaced") for r in results):
            self._changed()
        return results

    def export(
        self,
        fmt: str,
        out: str | Path,
        snapshot: Snapshot | None = None,
        positions: dict[str, tuple[float, float]] | None = None,
    ):
        """Write the whole graph (or ``snapshot``, e.g. the current view) as ``fmt``.

        ``positions`` (the canvas layout) go where the format has room for them.
        Returns the files written.
        """
        from graph.export import export

        snap = snapshot if snapshot is not None else self.snapshot()
        return export(snap, fmt, out, positions=positions, protect=[self.store.path])

    @staticmethod
    def formats() -> dict[str, Any]:
        from graph.export import FORMATS

        return FORMATS

    def _edit(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        result = fn(*args, **kw)
        self._changed()
        return result

    def merge(self, keep_iri: str, drop_iri: str) -> int:
        return self._edit(self.store.merge, keep_iri, drop_iri)

    def rename(self, iri: str, label: str) -> int:
        return self._edit(self.store.rename, iri, label)

    def retype(self, iri: str, types: list[str]) -> int:
        return self._edit(self.store.retype, iri, types)

    def delete_edge(self, edge_id: str) -> int:
        return self._edit(self.store.delete_edge, edge_id)

    def delete_fact(self, edge_id: str) -> int:
        """Delete every statement of the fact ``edge_id`` belongs to (views draw one edge per
        fact) as one step: one undo brings them all back. Returns the last edit id."""
        fact = self.fact(edge_id)
        ids = [e.id for e, _ in fact.evidence] if fact is not None else [edge_id]
        return self._edit(self.store.delete_edges, ids)

    def add_entity(self, label: str, types: list[str]) -> str:
        """Add an entity by hand; returns its IRI (see :meth:`graph.store.Store.add_entity`)."""
        return self._edit(self.store.add_entity, label, types)[1]

    def add_edge(self, s_iri: str, p: str, o_iri: str, **kw: Any) -> int:
        return self._edit(self.store.add_edge, s_iri, p, o_iri, **kw)

    def undo(self) -> bool:
        return bool(self._edit(self.store.undo))

    def edits(self) -> list[dict]:
        """The edit history, oldest first (see :meth:`graph.store.Store.edits`)."""
        return self.store.edits()

    def undo_to(self, edit_id: int) -> int:
        """Undo every active edit from the newest back to ``edit_id`` included; returns how many."""
        n = 0
        while True:
            active = [e["id"] for e in self.store.edits() if e["state"] == "active"]
            if not active or active[-1] < edit_id or not self.store.undo():
                break
            n += 1
        if n:
            self._changed()
        return n

    def drop_alias(self, iri: str, alias: str) -> int:
        return self._edit(self.store.drop_alias, iri, alias)

    def dismiss_duplicate(self, a_iri: str, b_iri: str, reason: str = "", *, alias: str = "") -> int:
        return self._edit(self.store.dismiss_duplicate, a_iri, b_iri, reason, alias=alias)

    def duplicate_suggestions(self, limit: int = 500, within: Snapshot | None = None) -> list:
        """Likely duplicates not yet dismissed (:func:`graph.review.suggest_duplicates`), in ``within`` or all."""
        from graph.review import suggest_duplicates

        snap = within if within is not None else self.snapshot()
        return suggest_duplicates(snap, self.store.dismissed_pairs(), limit=limit)

    def user_lexicon(self):
        """What the corrections teach the extractor (:func:`graph.pipeline.user_lexicon`)."""
        from graph.pipeline import user_lexicon

        return user_lexicon(self.store)

    def reextract(
        self,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[ImportResult]:
        """Re-run extraction over the stored documents with the user's corrections; worker-thread safe."""
        from graph.pipeline import reextract
        from graph.store import Store

        if str(self.path) == ":memory:" or threading.current_thread() is threading.main_thread():
            results = reextract(self.store, progress=progress, cancelled=cancelled)
        else:
            with Store(self.path) as st:
                results = reextract(st, progress=progress, cancelled=cancelled)
        self._changed()
        return results

    def statistics(self) -> dict[str, Any]:
        """Counts by type, predicate (facts) and document, and node centralities (:mod:`graph.stats`)."""
        from graph import stats

        snap = self.snapshot()
        return {
            "by_type": stats.counts_by_type(snap),
            "by_predicate": stats.counts_by_predicate(snap),
            "by_document": stats.counts_by_document(snap),
            "centrality": stats.centralities(snap),
        }

    def redo(self) -> bool:
        return bool(self._edit(self.store.redo))


def needs_demo(db: str | Path | None) -> bool:
    """True on first run: no ``--db`` given and the user's default graph does not exist yet."""
    if db:
        return False
    path = default_db_path()
    return not path.exists() or path.stat().st_size == 0


def open_workspace(db: str | Path | None = None, *, demo_if_new: bool = True) -> Workspace:
    """Open ``db`` (default: the user's graph); on first run the demo corpus is imported.

    A GUI passes ``demo_if_new=False`` and imports :func:`demo_corpus` on its own
    worker thread, so that the window shows a progress bar instead of hanging.
    """
    first_run = needs_demo(db)
    ws = Workspace(Path(db) if db else default_db_path())
    if first_run and demo_if_new:
        ws.import_paths([demo_corpus()])
    return ws
