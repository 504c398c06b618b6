"""Panels that reload only when seen: a dock hidden behind a tab costs nothing on every edit."""

from __future__ import annotations

from typing import Any


class ReloadWhenShown:
    """Mixin for a QWidget panel with a ``reload()``: a graph change marks it stale and
    reloads it at once only if it is visible; otherwise the next ``showEvent`` does.

    Call :meth:`follow_graph` from ``__init__`` once the widgets exist.
    """

    _stale: bool = True

    def follow_graph(self, state: Any) -> None:
        self._stale = True
        state.graph_changed.connect(self._graph_changed)
        state.workspace_changed.connect(self._graph_changed)

    def reload(self) -> None:  # pragma: no cover - every panel defines its own
        raise NotImplementedError

    def _graph_changed(self) -> None:
        self._stale = True
        if self.isVisible():  # type: ignore[attr-defined]
            self.reload()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self.reload()
