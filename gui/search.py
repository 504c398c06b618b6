"""Search box: completion over names and aliases through ``Workspace.search``.

The store folds Traditional to Simplified and matches aliases, so the popup is
fed by ``search()`` on every (debounced) keystroke rather than by a static
word list; ``completions()`` is the fallback for fragments search misses.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from gui.i18n import language, tr, type_name
from gui.palette import type_color

IRI_ROLE = Qt.ItemDataRole.UserRole + 1


def _swatch(color) -> object:
    from PySide6.QtGui import QIcon, QPixmap

    pm = QPixmap(10, 10)
    pm.fill(color)
    return QIcon(pm)


class SearchBox(QLineEdit):
    entity_chosen = Signal(str)  # iri
    not_found = Signal(str)

    def __init__(self, state, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self.setMaximumWidth(460)
        self.model = QStandardItemModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setMaxVisibleItems(14)
        self.setCompleter(self.completer_)
        self.completer_.activated[QModelIndex].connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        self.textEdited.connect(lambda _: self._timer.start())
        self.returnPressed.connect(self.submit)
        self._completions: list[tuple[str, str]] | None = None
        state.graph_changed.connect(self._forget)
        # a bound method, not a lambda: Qt drops the connection when this widget dies
        language().changed.connect(self._language_changed)
        self.retranslate()

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(tr("search.placeholder"))

    def _forget(self) -> None:
        self._completions = None

    def hits(self, text: str) -> list[tuple[str, str, str]]:
        """(shown text, iri, type) for ``text``: search first, alias fragments second."""
        text = text.strip()
        if not text or self.state.ws is None:
            return []
        out = [
            (h.label if h.matched == h.label else f"{h.matched} → {h.label}", h.iri, h.type)
            for h in self.state.ws.search(text, limit=20)
        ]
        if not out:
            if self._completions is None:
                self._completions = self.state.ws.completions()
            low = text.lower()
            nodes = self.state.full.nodes
            out = [
                (shown, iri, nodes[iri].type if iri in nodes else "")
                for shown, iri in self._completions
                if low in shown.lower()
            ][:20]
        return out

    def refresh(self) -> None:
        self.model.clear()
        for shown, iri, t in self.hits(self.text()):
            it = QStandardItem(_swatch(type_color(t)), f"{shown}    〔{type_name(t)}〕")
            it.setData(iri, IRI_ROLE)
            it.setData(shown, Qt.ItemDataRole.EditRole)
            it.setData(f"{shown}    〔{type_name(t)}〕", Qt.ItemDataRole.DisplayRole)
            self.model.appendRow(it)
        if self.model.rowCount():
            self.completer_.complete()

    def _activated(self, index: QModelIndex) -> None:
        iri = index.data(IRI_ROLE)
        if iri:
            self.entity_chosen.emit(iri)

    def submit(self) -> None:
        popup = self.completer_.popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer's activated() handles it
        hits = self.hits(self.text())
        if hits:
            self.entity_chosen.emit(hits[0][1])
        elif self.text().strip():
            self.not_found.emit(self.text().strip())

    def search_and_choose(self, text: str) -> str | None:
        """Type ``text`` and take the best hit (keyboard-free path for tests and scripts)."""
        self.setText(text)
        self.refresh()
        hits = self.hits(text)
        if hits:
            self.entity_chosen.emit(hits[0][1])
            return hits[0][1]
        return None
