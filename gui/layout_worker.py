"""Layouts off the UI thread (igraph via :func:`graph.analytics.layout`).

Each request gets a generation number; a result that arrives after a newer
request is dropped, so fast filter clicks never paint a stale layout.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from graph.layout import needs_fresh_layout
from graph.model import Snapshot
from gui.state import GraphState, Pos, scene_scale

LINK_GAP = 14.0  # scene units kept free between two discs, so an edge between them shows


class _Signals(QObject):
    done = Signal(int, dict)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(
        self,
        gen: int,
        snap: Snapshot,
        kind: str,
        previous: Pos | None,
        signals: _Signals,
        radii: dict[str, float] | None = None,
        fixed: Pos | None = None,
    ) -> None:
        super().__init__()
        self.gen, self.snap, self.kind, self.previous, self.signals = gen, snap, kind, previous, signals
        self.radii, self.fixed = radii or {}, fixed or {}
        self.setAutoDelete(True)

    def run(self) -> None:
        from graph.analytics import layout, pack_components, spread
        from graph.layout import remove_overlaps

        try:
            pos = layout(
                self.snap, kind=self.kind, previous=self.previous, scale=scene_scale(len(self.snap.nodes))
            )
            if self.kind == "force" and self.previous is None:
                pos = spread(pack_components(self.snap, pos), scene_scale(len(self.snap.nodes)))
            pos.update({i: p for i, p in self.fixed.items() if i in pos})
            # discs, not points: no two nodes overlap, radii included (pinned ones stay put)
            radii = {i: self.radii.get(i, 7.0) for i in pos}
            pos = remove_overlaps(pos, radii, gap=LINK_GAP, fixed=set(self.fixed) & set(pos))
        except Exception as e:  # report, never kill the worker thread silently
            self.signals.failed.emit(self.gen, repr(e))
            return
        self.signals.done.emit(self.gen, pos)


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
        self.last_fresh = True  # whether the latest layout started from scratch
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
        restored = self.state.take_restored()
        if restored is not None:  # Back/Forward or a saved view: its own picture, no relayout
            self._known = set(restored)
            self._fresh = False
            self.finished.emit()
            return
        kind = self.state.layout_kind
        # only positions a layout produced count as known: provisional spots of new nodes
        # must stay free to move
        previous = None
        # a view that grew a little keeps its picture; one that changed a lot is laid out afresh
        if self._fresh or needs_fresh_layout(self._known, snap.nodes):
            self._fresh = True
        if not self._fresh and kind == "force":
            previous = {i: p for i, p in self.state.positions.items() if i in self._known} or None
        self.last_fresh = self._fresh
        self._fresh = False
        self._running += 1
        self.busy.emit(True)
        radii = dict(self.state.radii)
        fixed = {i: p for i, p in self.state.pinned.items() if i in snap.nodes}
        self.pool.start(_Job(self._gen, snap, kind, previous, self._signals, radii, fixed))

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
