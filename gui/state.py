"""The explorer's view model: what is shown, where, and what is selected.

napari-style: widgets change the state through its methods and redraw when its
signals fire; none of them talks to another widget directly. The state reads
the graph only through :class:`graph.api.Workspace`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from graph.model import Edge, Node, Snapshot

Pos = dict[str, tuple[float, float]]

# a big graph (Workspace.is_large) opens on this many of its most central entities
OVERVIEW_NODES = 400
# expanding a hub adds at most this many of its neighbours, the most central first
EXPAND_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Current:
    """What the detail pane shows: an entity or an edge (also a history entry)."""

    kind: str  # "entity" | "edge"
    id: str


def scene_scale(n: int) -> float:
    """Layout radius in scene units: ~60 units between neighbours at any size."""
    return max(250.0, 38.0 * math.sqrt(max(n, 1)))


class _Bridge(QObject):
    """Carries Workspace events (maybe from a worker thread) onto the GUI thread."""

    event = Signal(str)


class GraphState(QObject):
    workspace_changed = Signal()  # another graph was opened
    graph_changed = Signal()  # the full snapshot changed (import, edit; on a big graph: more was loaded)
    store_changed = Signal()  # the graph file changed (import, edit, another process)
    view_changed = Signal()  # the set of shown nodes/edges changed
    positions_changed = Signal()
    selection_changed = Signal()
    highlight_changed = Signal()
    style_changed = Signal()  # colour or size mode
    current_changed = Signal(object)  # Current | None
    pinned_changed = Signal()
    view_restored = Signal(object)  # gui.views.View: Back/Forward or a saved view was opened
    reload_failed = Signal(str)  # reading the graph again failed (disk I/O error, locked, ...)

    def __init__(self, workspace: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws: Any = None
        self._unsubscribe = None
        self._bridge = _Bridge()
        self._bridge.event.connect(self._on_ws_event)
        self.full = Snapshot({}, ())
        self.view = Snapshot({}, ())
        self.filters: dict[str, Any] = {}
        self.scope: set[str] | None = None  # None: the whole (filtered) graph
        self.hidden: set[str] = set()
        self.pinned: dict[str, tuple[float, float]] = {}
        self.positions: Pos = {}
        self.radii: dict[str, float] = {}  # disc radius of every shown node (the layout keeps them apart)
        self.selected: set[str] = set()
        self.current: Current | None = None
        self.highlight_nodes: set[str] = set()
        self.highlight_edges: set[str] = set()
        self.colour_mode = "type"  # "type" | "community"
        self.size_mode = "degree"  # "degree" | "pagerank"
        self.layout_kind = "force"
        self._communities: dict[str, int] | None = None
        self._pagerank: dict[str, float] | None = None
        # a big graph: ``full`` is the part read from the store so far (``region``), never the whole
        self.large = False
        self.region: set[str] = set()
        self.totals: tuple[int, int, int] = (0, 0, 0)  # (entities, statements, documents) in the file
        self.left_out = 0  # neighbours the last expand/ego on a big graph did not add
        self._whole_degree: dict[str, int] = {}
        from gui.views import ViewHistory

        self.views = ViewHistory()
        self._step_depth = 0
        self._restored: Pos | None = None  # positions a restored view brings (no relayout)
        self.restored_positions: Pos | None = None
        # (zoom, centre) of the canvas, so a view entry can bring them back; set by the window
        self.viewport_provider: Callable[[], tuple[float, tuple[float, float]]] | None = None
        if workspace is not None:
            self.set_workspace(workspace)

    # -- workspace ------------------------------------------------------------------
    def set_workspace(self, ws: Any) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.ws = ws
        self._unsubscribe = ws.subscribe(self._bridge.event.emit)
        self.large = bool(getattr(ws, "is_large", lambda: False)())
        self.region = set()
        self.scope = None
        self.hidden.clear()
        self.pinned.clear()
        self.positions = {}
        self.selected.clear()
        self.current = None
        self.views.clear()
        self._reload()
        self._record()
        self.workspace_changed.emit()
        self.current_changed.emit(None)

    def _on_ws_event(self, event: str) -> None:
        if event == "changed":
            try:
                self._reload()
            except Exception as e:  # sqlite3 / StoreError: the window says so, no traceback
                self.reload_failed.emit(str(e))

    def _reload(self) -> None:
        self._communities = None
        self._pagerank = None
        if self.large:
            self._load_region()
        else:
            self.full = self.ws.snapshot()
        self.graph_changed.emit()
        self.store_changed.emit()
        self._recompute_view()
        if self.current is not None and not self._exists(self.current):
            self.current = None
            self.current_changed.emit(None)
        elif self.current is not None:
            self.current_changed.emit(self.current)  # its details may have changed

    def _exists(self, cur: Current) -> bool:
        if cur.kind == "entity":
            return cur.id in self.full.nodes
        return any(e.id == cur.id for e in self.full.edges)

    # -- a big graph: the part that is loaded ------------------------------------------------
    def _load_region(self, more: set[str] | None = None) -> None:
        """Read the loaded part again (after a change), or the overview when nothing is loaded.

        The overview is the most central entities (whole-graph PageRank cached in the
        file) among those the type and document filters let through; the canvas
        then draws it like any graph. Metrics come from the same cache.
        """
        if more:
            self.region |= more
        if not self.region:
            docs = self.filters.get("docs")
            snap = self.ws.overview(
                OVERVIEW_NODES,
                types=self.filters.get("types"),
                docs={d for d in docs if isinstance(d, int)} if docs is not None else None,
            )
            self.region = set(snap.nodes) | set(self.pinned) | self.selected
            if self.region != set(snap.nodes):
                snap = self.ws.subgraph(self.region)
        else:
            snap = self.ws.subgraph(self.region)
            self.region &= set(snap.nodes)  # merged away or removed since
        self.full = snap
        self.totals = self.ws.totals()
        cached = self.ws.metrics(snap.nodes)
        self._whole_degree = {i: v[0] for i, v in cached.items()}
        if cached and len(cached) >= len(snap.nodes) * 0.9:  # a stale cache still colours most
            self._pagerank = {i: cached[i][1] if i in cached else 0.0 for i in snap.nodes}
            self._communities = {i: cached[i][2] if i in cached else -1 for i in snap.nodes}

    def load_more(self, iris: set[str]) -> None:
        """Big graph: read these entities from the store into the loaded part."""
        if self.large and not iris <= set(self.full.nodes):
            self._load_region(iris)
            self.graph_changed.emit()

    # -- what is shown ------------------------------------------------------------------
    def _recompute_view(self) -> None:
        if self.large:
            from graph.analytics import filter_snapshot

            snap = filter_snapshot(self.full, **self.filters) if self.filters else self.full
        else:
            snap = self.ws.filtered(**self.filters) if self.filters else self.full
        keep = set(snap.nodes) - self.hidden
        if self.scope is not None:
            keep &= self.scope
        if keep != set(snap.nodes):
            nodes = {i: n for i, n in snap.nodes.items() if i in keep}
            snap = Snapshot(
                nodes, tuple(e for e in snap.edges if e.s in keep and e.o in keep), snap.documents
            )
        self.view = snap
        self.selected &= set(snap.nodes)
        self._drop_hidden_state()
        self._seed_positions()
        self.view_changed.emit()
        self.selection_changed.emit()

    def _drop_hidden_state(self) -> None:
        """A filter that hides a highlighted path, or the entity/edge the detail pane shows, clears them."""
        shown = self.view.nodes
        edge_ids = {e.id for e in self.view.edges}
        if not (self.highlight_nodes <= shown.keys() and self.highlight_edges <= edge_ids):
            self.clear_highlight()
        cur = self.current
        if cur is not None and (cur.id not in shown if cur.kind == "entity" else cur.id not in edge_ids):
            self.current = None
            self.current_changed.emit(None)

    def _seed_positions(self) -> None:
        """Give new nodes a provisional spot next to a shown neighbour until the layout lands."""
        if self._restored is not None:
            self.positions = {**self.positions, **self._restored}
        placed = {i: p for i, p in self.positions.items() if i in self.view.nodes}
        missing = [i for i in self.view.nodes if i not in placed]
        if missing and placed:
            nbr: dict[str, list[str]] = {}
            for e in self.view.edges:
                nbr.setdefault(e.s, []).append(e.o)
                nbr.setdefault(e.o, []).append(e.s)
            cx = sum(p[0] for p in placed.values()) / len(placed)
            cy = sum(p[1] for p in placed.values()) / len(placed)
            for k, iri in enumerate(missing):
                anchor = next((placed[j] for j in nbr.get(iri, ()) if j in placed), (cx, cy))
                a = 2.399963 * k  # golden angle: spread siblings around their anchor
                placed[iri] = (anchor[0] + 40 * math.cos(a), anchor[1] + 40 * math.sin(a))
        elif missing:
            n = len(missing)
            r = scene_scale(n)
            for k, iri in enumerate(missing):
                a = 2 * math.pi * k / max(n, 1)
                placed[iri] = (r * math.cos(a), r * math.sin(a))
        placed.update({i: p for i, p in self.pinned.items() if i in placed})
        self.positions = placed

    def set_filters(self, **filters: Any) -> None:
        with self.step():
            new = {k: v for k, v in filters.items() if v is not None}
            picks = ("types", "docs")  # on a big graph these choose which entities the overview reads
            refetch = self.large and self.scope is None and any(new.get(k) != self.filters.get(k) for k in picks)
            self.filters = new
            if refetch:
                self.region = set()
                self._reload_part()
            self._recompute_view()

    def show_all(self) -> None:
        with self.step():
            self.scope = None
            self.hidden.clear()
            self.clear_highlight()
            if self.large:  # back to the overview
                self.region = set()
                self._reload_part()
            self._recompute_view()

    def _reload_part(self, more: set[str] | None = None) -> None:
        self._communities = self._pagerank = None
        self._load_region(more)
        self.graph_changed.emit()

    def _neighbours(self, iri: str, hops: int) -> set[str]:
        if not self.large:
            return self.ws.neighbours(iri, hops)
        nb, total = self.ws.ranked_neighbours(iri, hops, EXPAND_LIMIT)
        self.left_out = total - len(nb - {iri})
        self._reload_part(nb | {iri})
        return nb

    def show_only(self, iris: set[str]) -> None:
        with self.step():
            self.scope = set(iris)
            self.hidden -= self.scope
            self._recompute_view()

    def expand(self, iri: str, hops: int = 1) -> set[str]:
        """Add ``iri``'s neighbours to the view; returns the IRIs that were added."""
        with self.step():
            nb = self._neighbours(iri, hops)
            before = set(self.view.nodes)
            self.hidden -= nb
            if self.scope is not None:
                self.scope |= nb
            self._recompute_view()
            return set(self.view.nodes) - before

    def ego(self, iri: str, hops: int = 1) -> None:
        with self.step():
            self.scope = self._neighbours(iri, hops) | {iri}
            self.hidden -= self.scope
            self._recompute_view()
            self.select([iri])

    def hide(self, iris: set[str] | list[str]) -> None:
        with self.step():
            self.hidden |= set(iris)
            self._recompute_view()

    # -- views as history ------------------------------------------------------------------
    def capture(self):  # -> gui.views.View
        """The view as it is now: visible set, filters, selection, positions, zoom."""
        from gui.views import View

        zoom, centre = self.viewport_provider() if self.viewport_provider else (None, None)
        return View(
            scope=frozenset(self.scope) if self.scope is not None else None,
            hidden=frozenset(self.hidden),
            filters=dict(self.filters),
            selected=frozenset(self.selected),
            current=self.current,
            positions=dict(self.positions),
            zoom=zoom,
            centre=centre,
        )

    @contextmanager
    def step(self) -> Iterator[None]:
        """One history entry for everything inside (ego = new scope + selection)."""
        if self._step_depth == 0:
            self.views.update_current(self.capture())  # the view being left keeps its picture
        self._step_depth += 1
        try:
            yield
        finally:
            self._step_depth -= 1
            if self._step_depth == 0:
                self._record()

    def _record(self) -> None:
        if self._step_depth == 0 and self.ws is not None:
            self.views.record(self.capture())

    def restore(self, view) -> None:  # view: gui.views.View
        """Show ``view`` again, positions included (no relayout), then ask for its zoom."""
        self.scope = set(view.scope) if view.scope is not None else None
        self.hidden = set(view.hidden)
        self.filters = dict(view.filters)
        self.selected = set(view.selected)
        self.current = view.current if (view.current is None or self._exists(view.current)) else None
        self.clear_highlight()
        if self.large:  # read what the view showed back from the store
            needed = set(view.positions) | set(view.scope or ()) | set(view.selected)
            if view.scope is None:
                self.region = set()
            if needed and not needed <= self.region:
                self._reload_part(needed)
        self._restored = dict(view.positions)
        try:
            self._recompute_view()
        finally:
            self._restored = None
        self.restored_positions = {i: p for i, p in view.positions.items() if i in self.view.nodes}
        self.current_changed.emit(self.current)
        self.view_restored.emit(view)

    def open_view(self, view) -> None:  # view: gui.views.View
        """Go to ``view`` (a saved view, the last picture) as a new history entry."""
        self.views.update_current(self.capture())
        self.restore(view)
        self._record()

    def reset_history(self) -> None:
        """History starts again at the view shown now (a graph reopened on its last picture)."""
        self.views.clear()
        self._record()

    def take_restored(self) -> Pos | None:
        """Positions of a just-restored view that cover every shown node (the layout keeps them)."""
        pos, self.restored_positions = self.restored_positions, None
        if pos is not None and set(pos) >= set(self.view.nodes):
            return pos
        return None

    def ensure_visible(self, iris: set[str] | list[str]) -> None:
        """Bring entities into view (search results, path ends) without changing filters."""
        iris = set(iris)
        missing = iris - set(self.view.nodes)
        if not missing:
            return
        if self.large and not iris <= set(self.full.nodes):
            self._reload_part(iris)
        self.hidden -= iris
        if self.scope is not None:
            self.scope |= iris
        self._recompute_view()
        still = iris - set(self.view.nodes)
        if still:  # a filter hides them: show them anyway, with their mutual edges
            keep = set(self.view.nodes) | (still & set(self.full.nodes))
            nodes = {i: self.full.nodes[i] for i in keep}
            edges = {e.id: e for e in self.view.edges}
            edges.update(
                {
                    e.id: e
                    for e in self.full.edges
                    if e.s in keep and e.o in keep and (e.s in still or e.o in still)
                }
            )
            self.view = Snapshot(nodes, tuple(edges.values()), self.full.documents)
            self._seed_positions()
            self.view_changed.emit()

    def pin(self, iri: str, on: bool = True, pos: tuple[float, float] | None = None) -> None:
        if on:
            self.pinned[iri] = pos or self.positions.get(iri, (0.0, 0.0))
            self.positions[iri] = self.pinned[iri]
        else:
            self.pinned.pop(iri, None)
        self.pinned_changed.emit()

    def set_positions(self, pos: Pos) -> None:
        pos = {i: p for i, p in pos.items() if i in self.view.nodes}
        pos.update({i: p for i, p in self.pinned.items() if i in pos})
        for i in self.view.nodes:  # nodes the layout did not know keep their provisional spot
            if i not in pos and i in self.positions:
                pos[i] = self.positions[i]
        self.positions = pos
        self.views.update_current(self.capture())  # the entry keeps the picture the layout made
        self.positions_changed.emit()

    # -- selection and navigation ----------------------------------------------------------
    def select(self, iris: list[str] | set[str], add: bool = False) -> None:
        iris = [i for i in iris if i in self.full.nodes]
        if self._step_depth == 0:
            self.views.update_current(self.capture())
        self.selected = (self.selected | set(iris)) if add else set(iris)
        self.selection_changed.emit()
        if len(iris) == 1:
            self.navigate(Current("entity", iris[0]))

    def select_edge(self, edge_id: str) -> None:
        self.navigate(Current("edge", edge_id))
        self.selection_changed.emit()

    def navigate(self, cur: Current, record: bool = True) -> None:
        if record and self._step_depth == 0:
            self.views.update_current(self.capture())
        self.current = cur
        if cur.kind == "entity" and cur.id not in self.selected:
            self.selected = {cur.id}
            self.selection_changed.emit()
        if record:
            self._record()
        self.current_changed.emit(cur)

    def can_back(self) -> bool:
        return self.views.can_back()

    def can_forward(self) -> bool:
        return self.views.can_forward()

    def back(self) -> None:
        """The previous view: visible set, filters, selection, positions and zoom."""
        view = self.views.back(self.capture())
        if view is not None:
            self.restore(view)

    def forward(self) -> None:
        view = self.views.forward(self.capture())
        if view is not None:
            self.restore(view)

    def current_edge(self) -> str | None:
        return self.current.id if self.current and self.current.kind == "edge" else None

    def current_entity(self) -> str | None:
        return self.current.id if self.current and self.current.kind == "entity" else None

    # -- paths ------------------------------------------------------------------------------
    def find_paths(self, a: str, b: str, max_paths: int = 10) -> list[list[str]]:
        return self.ws.shortest_paths(a, b, max_paths=max_paths)

    def highlight_paths(self, paths: list[list[str]]) -> None:
        nodes = {i for p in paths for i in p}
        self.ensure_visible(nodes)
        pairs = {frozenset(x) for p in paths for x in zip(p, p[1:], strict=False)}
        self.highlight_nodes = nodes
        self.highlight_edges = {e.id for e in self.view.edges if frozenset((e.s, e.o)) in pairs}
        self.highlight_changed.emit()

    def clear_highlight(self) -> None:
        if self.highlight_nodes or self.highlight_edges:
            self.highlight_nodes = set()
            self.highlight_edges = set()
            self.highlight_changed.emit()

    # -- style ------------------------------------------------------------------------------
    def set_colour_mode(self, mode: str) -> None:
        self.colour_mode = mode
        self.style_changed.emit()

    def set_size_mode(self, mode: str) -> None:
        self.size_mode = mode
        self.style_changed.emit()

    def communities(self) -> dict[str, int] | None:
        """Community of every node, or None until computed (see :meth:`set_communities`)."""
        return self._communities

    def pagerank(self) -> dict[str, float] | None:
        return self._pagerank

    def set_communities(self, comm: dict[str, int], snapshot: Snapshot | None = None) -> None:
        if snapshot is not None and snapshot is not self.full:
            return  # computed for a graph that has since changed
        self._communities = comm
        if self.colour_mode == "community":
            self.style_changed.emit()

    def set_pagerank(self, pr: dict[str, float], snapshot: Snapshot | None = None) -> None:
        if snapshot is not None and snapshot is not self.full:
            return
        self._pagerank = pr
        if self.size_mode == "pagerank":
            self.style_changed.emit()

    def degrees(self) -> dict[str, int]:
        """Degree in the whole graph (what the tooltip reports)."""
        if self.large and self._whole_degree:
            return {i: self._whole_degree.get(i, 0) for i in self.full.nodes}
        deg = dict.fromkeys(self.full.nodes, 0)
        for e in self.full.edges:
            if e.s in deg:
                deg[e.s] += 1
            if e.o in deg:
                deg[e.o] += 1
        return deg

    # -- lookups ------------------------------------------------------------------------------
    def node(self, iri: str) -> Node | None:
        n = self.full.nodes.get(iri)
        if n is None and self.large and self.ws is not None:
            return self.ws.node(iri)
        return n

    def edge(self, edge_id: str) -> Edge | None:
        return next((e for e in self.full.edges if e.id == edge_id), None)
