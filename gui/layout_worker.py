"""Layouts off the UI thread (igraph via :func:`graph.analytics.layout`).

Each request gets a generation number; a result that arrives after a newer
request is dropped, so fast filter clicks never paint a stale layout.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from graph.model import Snapshot
from gui.state import GraphState, Pos, scene_scale


class _Signals(QObject):
    done = Signal(int, dict)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, gen: int, snap: Snapshot, kind: str, previous: Pos | None, signals: _Signals) -> None:
        super().__init__()
        self.gen, self.snap, self.kind, self.previous, self.signals = gen, snap, kind, previous, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        from graph.analytics import layout

        try:
            pos = layout(
                self.snap, kind=self.kind, previous=self.previous, scale=scene_scale(len(self.snap.nodes))
            )
            if self.kind == "force" and self.previous is None:
                pos = spread(pack_components(self.snap, pos), scene_scale(len(self.snap.nodes)))
        except Exception as e:  # report, never kill the worker thread silently
            self.signals.failed.emit(self.gen, repr(e))
            return
        self.signals.done.emit(self.gen, pos)


def spread(pos: Pos, target: float) -> Pos:
    """Scale about the centre so that 95% of nodes lie within ``target``.

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


class LayoutController(QObject):
    busy = Signal(bool)
    finished = Signal()  # a layout was applied (tests wait on it)

    def __init__(self, state: GraphState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self._gen = 0
        self._running = 0
        self._fresh = True  # next layout starts from scratch (new graph or new kind)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)  # coalesce bursts of view changes
        self._timer.timeout.connect(self._start)
        state.view_changed.connect(self.request)
        state.workspace_changed.connect(self.restart)
        self.last_error = ""
        self._known: set[str] = set()

    def restart(self) -> None:
        self._fresh = True
        self._known = set()
        self.request()

    def set_kind(self, kind: str) -> None:
        self.state.layout_kind = kind
        self.restart()

    def request(self) -> None:
        self._timer.start()

    def _start(self) -> None:
        snap = self.state.view
        self._gen += 1
        if not snap.nodes:
            self.finished.emit()
            return
        kind = self.state.layout_kind
        # only positions a layout produced count as known: provisional spots of new nodes
        # must stay free to move
        previous = None
        if not self._fresh and kind == "force":
            previous = {i: p for i, p in self.state.positions.items() if i in self._known} or None
        self._fresh = False
        self._running += 1
        self.busy.emit(True)
        self.pool.start(_Job(self._gen, snap, kind, previous, self._signals))

    def _done(self, gen: int, pos: dict) -> None:
        self._running -= 1
        if gen == self._gen:
            self._known = set(pos)
            self.state.set_positions(pos)
            self.finished.emit()
        if not self._running:
            self.busy.emit(False)

    def _failed(self, gen: int, err: str) -> None:
        self._running -= 1
        self.last_error = err
        if not self._running:
            self.busy.emit(False)
        if gen == self._gen:
            self.finished.emit()

    def is_idle(self) -> bool:
        return not self._running and not self._timer.isActive()

    def wait(self, msecs: int = 30000) -> None:
        self.pool.waitForDone(msecs)


class _TaskSignals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class _Task(QRunnable):
    def __init__(self, token: int, fn, args: tuple, signals: _TaskSignals) -> None:
        super().__init__()
        self.token, self.fn, self.args, self.signals = token, fn, args, signals

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except Exception as e:  # reported to the caller, the worker thread lives on
            self.signals.failed.emit(self.token, repr(e))
            return
        self.signals.done.emit(self.token, result)


class TaskRunner(QObject):
    """Runs pure functions of a snapshot (communities, PageRank) off the UI thread.

    Louvain communities take ~8 s at 20k nodes; the callback runs on the GUI thread.
    """

    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _TaskSignals()
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self._callbacks: dict[int, object] = {}
        self._token = 0

    def submit(self, fn, *args, callback) -> None:
        self._token += 1
        self._callbacks[self._token] = callback
        self.pool.start(_Task(self._token, fn, args, self._signals))

    def _done(self, token: int, result: object) -> None:
        cb = self._callbacks.pop(token, None)
        if cb is not None:
            cb(result)

    def _failed(self, token: int, err: str) -> None:
        self._callbacks.pop(token, None)
        self.failed.emit(err)

    def is_idle(self) -> bool:
        return not self._callbacks

    def wait(self, msecs: int = 30000) -> None:
        self.pool.waitForDone(msecs)


def communities_of(snap: Snapshot) -> dict[str, int]:
    from graph.analytics import communities, to_networkx

    return communities(to_networkx(snap))


def pagerank_of(snap: Snapshot) -> dict[str, float]:
    from graph.analytics import pagerank, to_networkx

    return pagerank(to_networkx(snap))
