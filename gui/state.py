"""The explorer's view model: what is shown, where, and what is selected.

napari-style: widgets change the state through its methods and redraw when its
signals fire; none of them talks to another widget directly. The state reads
the graph only through :class:`graph.api.Workspace`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from graph.model import Edge, Node, Snapshot

Pos = dict[str, tuple[float, float]]


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
    graph_changed = Signal()  # the full snapshot changed (import, edit)
    view_changed = Signal()  # the set of shown nodes/edges changed
    positions_changed = Signal()
    selection_changed = Signal()
    highlight_changed = Signal()
    style_changed = Signal()  # colour or size mode
    current_changed = Signal(object)  # Current | None
    pinned_changed = Signal()

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
        self.history: list[Current] = []
        self.history_index = -1
        if workspace is not None:
            self.set_workspace(workspace)

    # -- workspace ------------------------------------------------------------------
    def set_workspace(self, ws: Any) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.ws = ws
        self._unsubscribe = ws.subscribe(self._bridge.event.emit)
        self.scope = None
        self.hidden.clear()
        self.pinned.clear()
        self.positions = {}
        self.selected.clear()
        self.current = None
        self.history.clear()
        self.history_index = -1
        self._reload()
        self.workspace_changed.emit()
        self.current_changed.emit(None)

    def _on_ws_event(self, event: str) -> None:
        if event == "changed":
            self._reload()

    def _reload(self) -> None:
        self.full = self.ws.snapshot()
        self._communities = None
        self._pagerank = None
        self.graph_changed.emit()
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

    # -- what is shown ------------------------------------------------------------------
    def _recompute_view(self) -> None:
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
        self._seed_positions()
        self.view_changed.emit()
        self.selection_changed.emit()

    def _seed_positions(self) -> None:
        """Give new nodes a provisional spot next to a shown neighbour until the layout lands."""
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
        self.filters = {k: v for k, v in filters.items() if v is not None}
        self._recompute_view()

    def show_all(self) -> None:
        self.scope = None
        self.hidden.clear()
        self.clear_highlight()
        self._recompute_view()

    def show_only(self, iris: set[str]) -> None:
        self.scope = set(iris)
        self.hidden -= self.scope
        self._recompute_view()

    def expand(self, iri: str, hops: int = 1) -> set[str]:
        """Add ``iri``'s neighbours to the view; returns the IRIs that were added."""
        nb = self.ws.neighbours(iri, hops)
        before = set(self.view.nodes)
        self.hidden -= nb
        if self.scope is not None:
            self.scope |= nb
        self._recompute_view()
        return set(self.view.nodes) - before

    def ego(self, iri: str, hops: int = 1) -> None:
        self.scope = self.ws.neighbours(iri, hops) | {iri}
        self.hidden -= self.scope
        self._recompute_view()
        self.select([iri])

    def hide(self, iris: set[str] | list[str]) -> None:
        self.hidden |= set(iris)
        self._recompute_view()

    def ensure_visible(self, iris: set[str] | list[str]) -> None:
        """Bring entities into view (search results, path ends) without changing filters."""
        iris = set(iris)
        missing = iris - set(self.view.nodes)
        if not missing:
            return
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
        self.positions_changed.emit()

    # -- selection and navigation ----------------------------------------------------------
    def select(self, iris: list[str] | set[str], add: bool = False) -> None:
        iris = [i for i in iris if i in self.full.nodes]
        self.selected = (self.selected | set(iris)) if add else set(iris)
        self.selection_changed.emit()
        if len(iris) == 1:
            self.navigate(Current("entity", iris[0]))

    def select_edge(self, edge_id: str) -> None:
        self.navigate(Current("edge", edge_id))
        self.selection_changed.emit()

    def navigate(self, cur: Current, record: bool = True) -> None:
        if record and (self.history_index < 0 or self.history[self.history_index] != cur):
            del self.history[self.history_index + 1 :]
            self.history.append(cur)
            self.history_index = len(self.history) - 1
        self.current = cur
        if cur.kind == "entity" and cur.id not in self.selected:
            self.selected = {cur.id}
            self.selection_changed.emit()
        self.current_changed.emit(cur)

    def can_back(self) -> bool:
        return self.history_index > 0

    def can_forward(self) -> bool:
        return self.history_index < len(self.history) - 1

    def back(self) -> None:
        if self.can_back():
            self.history_index -= 1
            self._go_history()

    def forward(self) -> None:
        if self.can_forward():
            self.history_index += 1
            self._go_history()

    def _go_history(self) -> None:
        cur = self.history[self.history_index]
        if cur.kind == "entity":
            self.ensure_visible([cur.id])
            self.selected = {cur.id}
        self.current = cur
        self.selection_changed.emit()
        self.current_changed.emit(cur)

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
        deg = dict.fromkeys(self.full.nodes, 0)
        for e in self.full.edges:
            if e.s in deg:
                deg[e.s] += 1
            if e.o in deg:
                deg[e.o] += 1
        return deg

    # -- lookups ------------------------------------------------------------------------------
    def node(self, iri: str) -> Node | None:
        return self.full.nodes.get(iri)

    def edge(self, edge_id: str) -> Edge | None:
        return next((e for e in self.full.edges if e.id == edge_id), None)
