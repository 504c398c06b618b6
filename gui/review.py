"""Duplicate review: likely duplicates (graph/review.py) with their reason; accept merges, reject is remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import gui.analysis_i18n  # noqa: F401  (registers the strings)
from gui.i18n import language, tr, type_name
from gui.lazy import ReloadWhenShown
from gui.state import GraphState


def reason_text(reason: str, detail: str) -> str:
    return tr(f"reason.{reason}", d=detail)


class DuplicateReview(ReloadWhenShown, QWidget):
    message = Signal(str)

    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.suggestions: list = []
        self.table = QTableWidget(0, 3)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.count = QLabel()
        self.accept_button = QPushButton()
        self.reject_button = QPushButton()
        self.refresh_button = QPushButton()
        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.reject_button)
        bar.addWidget(self.accept_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.table, 1)
        lay.addLayout(bar)
        self.accept_button.clicked.connect(lambda: self.accept_row(self.table.currentRow()))
        self.reject_button.clicked.connect(lambda: self.reject_row(self.table.currentRow()))
        self.refresh_button.clicked.connect(self.reload)
        self.table.currentCellChanged.connect(self._row_chosen)
        self.follow_graph(state)
        language().changed.connect(self._language_changed)
        self.retranslate()

    def _language_changed(self, _code: str) -> None:
        self.retranslate()
        self._fill()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr("review.keep"), tr("review.merge"), tr("review.reason")])
        self.accept_button.setText(tr("review.accept"))
        self.reject_button.setText(tr("review.reject"))
        self.refresh_button.setText(tr("review.refresh"))
        self.count.setText(tr("review.count", n=len(self.suggestions)))

    def reload(self) -> None:
        self._stale = False
        ws = self.state.ws
        if not hasattr(ws, "duplicate_suggestions"):
            self.suggestions = []
        elif self.state.large:  # a big graph: among the loaded entities (the whole one would take minutes)
            self.suggestions = ws.duplicate_suggestions(within=self.state.full)
        else:
            self.suggestions = ws.duplicate_suggestions()
        self._fill()

    def _fill(self) -> None:
        nodes = self.state.full.nodes
        self.table.setRowCount(0)
        for s in self.suggestions:
            r = self.table.rowCount()
            self.table.insertRow(r)
            for c, iri in enumerate((s.a, s.b)):
                n = nodes.get(iri)
                text = (
                    f"{n.label}  〔{' / '.join(type_name(t) for t in n.types)}〕" if n else (iri or s.detail)
                )
                it = QTableWidgetItem(text)
                it.setData(Qt.ItemDataRole.UserRole, iri)
                self.table.setItem(r, c, it)
            why = QTableWidgetItem(reason_text(s.reason, s.detail))
            why.setToolTip(why.text())
            self.table.setItem(r, 2, why)
        self.table.resizeRowsToContents()
        self.count.setText(tr("review.count", n=len(self.suggestions)))

    def _row_chosen(self, row: int, *_: int) -> None:
        if 0 <= row < len(self.suggestions):
            s = self.suggestions[row]
            iris = [i for i in (s.a, s.b) if i]
            self.state.ensure_visible(iris)
            self.state.select(iris)

    def accept_row(self, row: int) -> int | None:
        """Merge the pair (the second into the first): one merge edit, undoable."""
        if not 0 <= row < len(self.suggestions):
            return None
        s = self.suggestions[row]
        nodes = self.state.full.nodes
        if not s.b:  # a wrong alias: accepting drops it
            eid = self.state.ws.drop_alias(s.a, s.detail)
            self.message.emit(tr("review.alias_dropped", name=nodes[s.a].label, alias=s.detail))
            return eid
        keep, drop = nodes[s.a].label, nodes[s.b].label
        eid = self.state.ws.merge(s.a, s.b)
        self.state.select([s.a])
        self.message.emit(tr("review.merged", keep=keep, drop=drop))
        return eid

    def reject_row(self, row: int) -> int | None:
        """Remember that the pair is two entities (stored in the graph file as an edit)."""
        if not 0 <= row < len(self.suggestions):
            return None
        s = self.suggestions[row]
        nodes = self.state.full.nodes
        if s.b:
            eid = self.state.ws.dismiss_duplicate(s.a, s.b, s.reason)
            b = nodes[s.b].label
        else:  # the alias is right after all: remember the (entity, alias) pair
            eid = self.state.ws.dismiss_duplicate(s.a, s.a, s.reason, alias=s.detail)
            b = s.detail
        self.message.emit(tr("review.dismissed", a=nodes[s.a].label, b=b))
        return eid
