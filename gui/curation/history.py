"""Edit-history panel: every edit in words, newest first; undo back to any entry."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

import gui.analysis_i18n  # noqa: F401  (registers the strings)
from gui.curation.dialogs import describe_edit
from gui.i18n import language, tr
from gui.lazy import ReloadWhenShown
from gui.state import GraphState


class EditHistoryPanel(ReloadWhenShown, QWidget):
    message = Signal(str)

    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.list = QListWidget()
        self.undo_button = QPushButton()
        self.empty = QLabel()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.empty)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.undo_button)
        self.undo_button.clicked.connect(self.undo_to_selected)
        self.list.currentRowChanged.connect(lambda _: self._buttons())
        self.follow_graph(state)
        language().changed.connect(self._language_changed)
        self.retranslate()

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.undo_button.setText(tr("history.undo_to"))
        self.empty.setText(tr("history.empty"))
        self._graph_changed()

    def reload(self) -> None:
        ws = self.state.ws
        self._stale = False
        # a stand-in workspace (benchmarks, a view without a store) keeps no edits
        edits = ws.edits() if ws is not None and hasattr(ws, "edits") else []
        self.list.clear()
        nodes = self.state.full.nodes
        for ed in reversed(edits):
            when = ed["created_at"][:19].replace("T", " ")
            text = f"{describe_edit(ed, nodes)}    [{tr('history.state.' + ed['state'])} · {when}]"
            it = QListWidgetItem(text)
            it.setData(Qt.ItemDataRole.UserRole, ed["id"])
            it.setData(Qt.ItemDataRole.UserRole + 1, ed["state"])
            if ed["state"] != "active":
                it.setForeground(QColor("#90A4AE"))
            self.list.addItem(it)
        self.empty.setVisible(not edits)
        self._buttons()

    def _buttons(self) -> None:
        it = self.list.currentItem()
        self.undo_button.setEnabled(it is not None and it.data(Qt.ItemDataRole.UserRole + 1) == "active")

    def undo_to(self, edit_id: int) -> int:
        n = self.state.ws.undo_to(edit_id)
        self.message.emit(tr("history.undone", n=n))
        return n

    def undo_to_selected(self) -> None:
        it = self.list.currentItem()
        if it is not None:
            self.undo_to(int(it.data(Qt.ItemDataRole.UserRole)))
