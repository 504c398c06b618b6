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


def lazy_panel(factory: Any, parent: Any = None) -> Any:
    """A widget whose content ``factory()`` builds when first shown or first asked for.

    For docks hidden at start whose module is slow to import (pyqtgraph: 0.4 s of every
    start-up): attributes the placeholder lacks are looked up on the built content,
    so callers use it as if it were the panel itself.
    """
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    class LazyPanel(QWidget):
        def __init__(self) -> None:
            super().__init__(parent)
            self._inner: Any = None
            lay = QVBoxLayout(self)
            lay.setContentsMargins(0, 0, 0, 0)

        def inner(self) -> Any:
            if self._inner is None:
                self._inner = factory()
                self.layout().addWidget(self._inner)
            return self._inner

        def showEvent(self, event: Any) -> None:
            self.inner()
            super().showEvent(event)

        def __getattr__(self, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(name)
            return getattr(self.inner(), name)

    return LazyPanel()
