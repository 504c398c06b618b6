"""Notice another process writing to the open graph file, and reload the view.

Polls :meth:`graph.api.Workspace.changed_on_disk` (``PRAGMA data_version``: one cheap
query, and unlike a file watcher it also sees writes that stay in the ``-wal`` file).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 400  # "within a second"


class GraphFileWatcher(QObject):
    reloaded = Signal()
    failed = Signal(str)

    def __init__(self, state, parent: QObject | None = None) -> None:  # state: gui.state.GraphState
        super().__init__(parent)
        self.state = state
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self._failed = False

    def check(self) -> bool:
        """Reload when the file changed; True if it did. Errors are reported once, not raised."""
        ws = self.state.ws
        if ws is None or getattr(ws, "closed", False):
            return False
        try:
            changed = ws.changed_on_disk()
        except Exception as e:  # the file vanished, a disk I/O error: say so once
            if not self._failed:
                self._failed = True
                self.failed.emit(str(e))
            return False
        self._failed = False
        if changed:
            ws.refresh()  # listeners (the state) reload; their errors arrive as reload_failed
            self.reloaded.emit()
        return changed
