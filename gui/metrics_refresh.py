"""Keep a big graph's cached centrality and communities current, in a worker process.

Computing PageRank and communities of a million relations takes several seconds of
igraph, which holds the GIL: on a thread it would freeze the window. A worker process
(:func:`graph.store.metrics.refresh`) opens the file itself, writes the cache, and
the window reloads the part it shows when the worker reports back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

DELAY_MS = 1500  # after an import or an edit: imports come in bursts, one refresh follows them
POLL_MS = 200


class MetricsRefresher(QObject):
    """Run :func:`graph.store.metrics.refresh` on ``path`` in a worker process after changes; one at a time.

    A plain process rather than a pool: closing the window terminates a refresh under
    way (its write is one transaction, so SQLite rolls it back) instead of waiting
    seconds for it.
    """

    finished = Signal(object)  # the worker's report (dict), or an Exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proc: Any = None
        self._conn: Any = None
        self._again = False
        self._path: str | None = None
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._start)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._check)

    def is_idle(self) -> bool:
        return self._proc is None and not self._timer.isActive()

    def request(self, path: str, *, now: bool = False) -> None:
        """Refresh ``path``'s metrics soon (a burst of requests makes one refresh)."""
        if self._path != path:
            self._again = False
        self._path = path
        if self._proc is not None:
            self._again = True
            return
        if now:
            self._timer.stop()
            self._start()
        else:
            self._timer.start()

    def _start(self) -> None:
        if self._path is None or self._proc is not None:
            return
        from graph.parallel import _mp_context  # the start method the import workers use
        from graph.store.metrics import refresh_into

        ctx = _mp_context()
        try:
            ours, theirs = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=refresh_into, args=(self._path, theirs), daemon=True, name="zhitu-metrics")
            proc.start()
        except (RuntimeError, OSError) as e:  # no worker processes here: the overview stays ranked by degree
            self.finished.emit(e)
            return
        theirs.close()
        self._proc, self._conn = proc, ours
        self._poll.start()

    def _check(self) -> None:
        if self._conn is None:
            return
        result: Any = None
        try:
            if self._conn.poll():
                result = self._conn.recv()
            elif self._proc.is_alive():
                return
            else:
                result = RuntimeError(f"the metrics worker stopped (exit code {self._proc.exitcode})")
        except (EOFError, OSError) as e:
            result = RuntimeError(f"the metrics worker stopped ({e})")
        self._stop_worker()
        self.finished.emit(result)
        if self._again:
            self._again = False
            self._timer.start()

    def _stop_worker(self) -> None:
        self._poll.stop()
        if self._conn is not None:
            self._conn.close()
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.terminate()
            self._proc.join(2)
        self._proc = self._conn = None

    def shutdown(self) -> None:
        self._timer.stop()
        self._again = False
        self._stop_worker()
