"""Keyboard shortcuts: each key bound once, and the Help → Keyboard shortcuts list.

Qt expands a ``QKeySequence.StandardKey`` into the platform's bindings (on Linux,
Back is already Alt+Left and Redo already Ctrl+Shift+Z); registering the same key
again on one action, or on two, makes Qt refuse it with "Ambiguous shortcut overload".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from gui.i18n import tr


def unique_keys(shortcut: Any) -> list[QKeySequence]:
    """The key sequences of ``shortcut`` (a string, a StandardKey, a QKeySequence or a list
    of them), standard keys expanded, each once, in order."""
    items = shortcut if isinstance(shortcut, list) else [shortcut]
    out: list[QKeySequence] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, QKeySequence.StandardKey):
            seqs = QKeySequence.keyBindings(item)
        else:
            seqs = [item if isinstance(item, QKeySequence) else QKeySequence(item)]
        for seq in seqs:
            text = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if text and text not in seen:
                seen.add(text)
                out.append(seq)
    return out


def conflicts(actions: Iterable[QAction]) -> dict[str, list[QAction]]:
    """Keys bound to more than one action (should be empty)."""
    owners: dict[str, list[QAction]] = {}
    for a in actions:
        for seq in a.shortcuts():
            owners.setdefault(seq.toString(QKeySequence.SequenceFormat.PortableText), []).append(a)
    return {k: v for k, v in owners.items() if len(v) > 1}


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(action text, keys as the user's platform writes them) for every action with a key."""
    rows = []
    for a in actions:
        keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in a.shortcuts()]
        if keys:
            rows.append((a.text().replace("&", ""), " / ".join(keys)))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("shortcuts.title"))
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels([tr("shortcuts.action"), tr("shortcuts.keys")])
        for r, (text, keys) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(text))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.resize(460, 560)
