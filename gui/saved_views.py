"""Named saved views and the last picture, kept in the graph file (View → 已保存的视图).

A saved view is a :class:`gui.views.View` as JSON in the file's ``views`` table
(through :class:`graph.api.Workspace`), so it travels with the graph and opens with
its positions. The nameless entry ``""`` is the picture the window was left with.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from gui.i18n import tr
from gui.views import View


class SavedViews(QObject):
    def __init__(self, window: QWidget, state: Any, menu: QMenu, save_action: QAction) -> None:
        super().__init__(window)
        self.window, self.state, self.menu, self.save_action = window, state, menu, save_action

    def populate(self) -> None:
        m = self.menu
        m.clear()
        m.addAction(self.save_action)
        try:
            names = self.state.ws.view_names()
        except Exception:  # a locked file: no saved views to offer
            names = []
        if not names:
            return
        m.addSeparator()
        for name in names:
            m.addAction(name).triggered.connect(lambda _=False, n=name: self.open(n))
        m.addSeparator()
        delete = m.addMenu(tr("act.delete_view"))
        for name in names:
            delete.addAction(name).triggered.connect(lambda _=False, n=name: self.delete(n))

    def save(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self.window, tr("act.save_view"), tr("view.name"))
            if not ok:
                return False
        name = name.strip()
        if not name:
            return False
        try:
            self.state.ws.save_view(name, self.state.capture().to_json())
        except Exception as e:  # read-only or locked file
            QMessageBox.warning(self.window, tr("app.title"), tr("edit.failed", err=e))
            return False
        self.populate()
        self.window.statusBar().showMessage(tr("view.saved", name=name), 5000)
        return True

    def open(self, name: str) -> bool:
        try:
            data = self.state.ws.load_view(name)
            view = View.from_json(data) if data else None
        except Exception as e:  # a damaged entry: say so, keep the current picture
            QMessageBox.warning(self.window, tr("app.title"), tr("msg.open_failed", err=e))
            return False
        if view is None:
            return False
        self.state.open_view(view)
        return True

    def delete(self, name: str) -> None:
        try:
            self.state.ws.delete_view(name)
        except Exception as e:
            QMessageBox.warning(self.window, tr("app.title"), tr("edit.failed", err=e))
        self.populate()

    def save_last_picture(self) -> None:
        ws = self.state.ws
        if ws is None or getattr(ws, "readonly", False) or getattr(ws, "closed", False):
            return
        if str(getattr(ws, "path", "")) == ":memory:":
            return
        try:
            ws.save_view("", self.state.capture().to_json())
        except Exception:  # closing must not fail over a picture
            pass

    def open_last_picture(self) -> None:
        """Reopening a graph shows the picture it was left with (one history entry)."""
        self.populate()
        try:
            data = self.state.ws.load_view("")
            view = View.from_json(data) if data else None
        except Exception:  # written by another version, or unreadable: a fresh layout instead
            return
        if view is None:
            return
        self.state.restore(view)
        self.state.reset_history()
