"""Keep a big graph's cached centrality and communities current, in a worker process.

Computing PageRank and communities of a million relations takes several seconds of
igraph, which holds the GIL: on a thread it would freeze the window. A worker process
(:func:`graph.store.metrics.refresh`) opens the file itself, writes the cache, and
the window reloads the part it shows when the worker reports back.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

DELAY_MS = 1500  # after an import or an edit: imports come in bursts, one refresh follows them


class MetricsRefresher(QObject):
    """Start :func:`graph.store.metrics.refresh` on ``path`` after changes; one at a time."""

    finished = Signal(object)  # the worker's report (dict), or an Exception
    _done = Signal(object)  # from the executor's thread to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ProcessPoolExecutor | None = None
        self._running: Future | None = None
        self._again = False
        self._path: str | None = None
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._start)
        self._done.connect(self._finish)

    def is_idle(self) -> bool:
        return self._running is None and not self._timer.isActive()

    def request(self, path: str, *, now: bool = False) -> None:
        """Refresh ``path``'s metrics soon (a burst of requests makes one refresh)."""
        if self._path != path:
            self._again = False
        self._path = path
        if self._running is not None:
            self._again = True
            return
        if now:
            self._timer.stop()
            self._start()
        else:
            self._timer.start()

    def _start(self) -> None:
        if self._path is None or self._running is not None:
            return
        from graph.parallel import _mp_context  # the start method the import workers use
        from graph.store.metrics import refresh

        try:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=_mp_context())
            self._running = self._pool.submit(refresh, self._path)
        except (RuntimeError, OSError) as e:  # no worker processes here: the overview stays ranked by degree
            self._running = None
            self.finished.emit(e)
            return
        self._running.add_done_callback(lambda f: self._done.emit(f))

    def _finish(self, fut: Future) -> None:
        self._running = None
        try:
            result: Any = fut.result()
        except Exception as e:  # the file went away, is locked for long, ...: say so, keep going
            result = e
        self.finished.emit(result)
        if self._again:
            self._again = False
            self._timer.start()

    def shutdown(self) -> None:
        self._timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
