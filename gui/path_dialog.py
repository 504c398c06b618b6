"""Path finder: shortest paths between two entities, highlighted on the canvas."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import gui.analysis_i18n  # noqa: F401  (registers the strings)
from gui.i18n import tr
from gui.search import SearchBox
from gui.state import GraphState


class _EndBox(SearchBox):
    """A search box that remembers the entity chosen in it."""

    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.iri: str | None = None
        self.entity_chosen.connect(self._chosen)
        self.textEdited.connect(lambda _: setattr(self, "iri", None))

    def _chosen(self, iri: str) -> None:
        self.iri = iri
        n = self.state.node(iri)
        if n is not None:
            self.setText(n.label)

    def set_entity(self, iri: str) -> None:
        self._chosen(iri)

    def resolve(self) -> str | None:
        if self.iri is None and self.text().strip():
            hits = self.hits(self.text())
            if hits:
                self._chosen(hits[0][1])
        return self.iri


class PathDialog(QDialog):
    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(tr("path.title"))
        self.resize(520, 380)
        self.src = _EndBox(state)
        self.dst = _EndBox(state)
        self.longer = QCheckBox(tr("path.longer"))
        self.k = QSpinBox()
        self.k.setRange(1, 50)
        self.k.setValue(10)
        self.find_button = QPushButton(tr("path.find"))
        self.find_button.setDefault(True)
        self.result = QLabel()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("path.from"), self.src)
        form.addRow(tr("path.to"), self.dst)
        row = QHBoxLayout()
        row.addWidget(self.longer)
        row.addWidget(self.k)
        row.addStretch(1)
        form.addRow(row)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.find_button, alignment=Qt.AlignmentFlag.AlignRight)
        lay.addWidget(self.result)
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.paths: list[list[str]] = []
        self.find_button.clicked.connect(self.find)
        self.list.currentRowChanged.connect(self._row)

    def set_ends(self, a: str | None = None, b: str | None = None) -> None:
        if a:
            self.src.set_entity(a)
        if b:
            self.dst.set_entity(b)

    def find(self) -> list[list[str]]:
        a, b = self.src.resolve(), self.dst.resolve()
        self.list.clear()
        self.paths = []
        if a is None or b is None:
            self.result.setText(tr("path.unknown", q=(self.src if a is None else self.dst).text()))
            return []
        if self.longer.isChecked():  # the k shortest loop-free paths, longer ones included
            self.paths = self.state.ws.k_shortest_paths(a, b, k=self.k.value())
        else:
            self.paths = self.state.find_paths(a, b, max_paths=self.k.value())
        if not self.paths:
            self.result.setText(tr("path.none"))
            self.state.clear_highlight()
            return []
        self.result.setText(tr("path.found", n=len(self.paths)))
        self.state.load_more({i for p in self.paths for i in p})  # a big graph: the hops' names and relations
        for p in self.paths:
            text, tip = describe_path(self.state, p)
            it = QListWidgetItem(text)
            it.setToolTip(tip)
            self.list.addItem(it)
        self.state.highlight_paths(self.paths)
        return self.paths

    def _row(self, row: int) -> None:
        if 0 <= row < len(self.paths):
            self.state.highlight_paths([self.paths[row]])


def describe_path(state: GraphState, path: list[str]) -> tuple[str, str]:
    """A path in words, one hop per line with its relation; the tooltip adds each hop's evidence."""
    from gui.i18n import predicate_name

    nodes = state.full.nodes
    by_pair: dict[frozenset[str], list] = {}
    for e in state.full.edges:
        by_pair.setdefault(frozenset((e.s, e.o)), []).append(e)
    lines, tips = [], []
    for a, b in zip(path, path[1:], strict=False):
        es = sorted(by_pair.get(frozenset((a, b)), []), key=lambda e: -e.confidence)
        la, lb = (nodes[x].label if x in nodes else x for x in (a, b))
        if not es:
            lines.append(f"{la} — {lb}")
            continue
        e = es[0]
        s, o = (la, lb) if e.s == a else (lb, la)
        hop = f"{s} —{predicate_name(e.p)}→ {o}"
        lines.append(hop)
        ev = " ".join(e.evidence.split())[:160]
        tips.append(f"{hop}: “{ev}”" if ev else hop)
    return "\n".join(lines), "\n".join(tips)
