"""SPARQL console: read-only queries over the graph (the guards of ``zhitu query``), results as a table.

The query runs through :meth:`graph.api.Workspace.sparql` (:func:`graph.sparql.run_query`),
so what the command line refuses is refused here too. A click on a cell holding an
entity's IRI selects that entity on the canvas.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import gui.analysis_i18n  # noqa: F401  (registers the strings)
from gui.i18n import language, tr
from gui.state import GraphState

# (label key, query): prefixes zt:, rdfs:, prov: ... are predeclared by graph.sparql
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "ex.models",
        "SELECT ?company ?name ?model ?model_name WHERE {\n  ?company zt:develops ?model ;\n"
        "           rdfs:label ?name .\n  ?model rdfs:label ?model_name .\n} LIMIT 200",
    ),
    (
        "ex.funding",
        "SELECT ?investor ?name ?company ?company_name WHERE {\n  ?investor zt:investsIn ?company ;\n"
        "            rdfs:label ?name .\n  ?company rdfs:label ?company_name .\n} LIMIT 200",
    ),
    (
        "ex.products",
        "SELECT ?product ?name ?model ?model_name WHERE {\n  ?product zt:poweredBy ?model ;\n"
        "           rdfs:label ?name .\n  ?model rdfs:label ?model_name .\n} LIMIT 200",
    ),
    (
        "ex.policies",
        "SELECT ?body ?name ?policy ?title WHERE {\n  ?body zt:issues ?policy ;\n        rdfs:label ?name .\n"
        "  ?policy rdfs:label ?title .\n} LIMIT 200",
    ),
    (
        "ex.evidence",
        "SELECT ?s ?p ?o ?doc WHERE {\n  GRAPH ?doc { ?s ?p ?o }\n  FILTER(STRSTARTS(STR(?p), STR(zt:)))\n} LIMIT 200",
    ),
)


class SparqlConsole(QWidget):
    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont("monospace", 10))
        self.editor.setPlainText(EXAMPLES[0][1])
        self.run_button = QPushButton()
        self.examples_button = QToolButton()
        self.examples_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.examples_menu = QMenu(self)
        self.examples_button.setMenu(self.examples_menu)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(lambda idx: self.cell_clicked(idx.row(), idx.column()))
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.examples_button)
        bar.addStretch(1)
        bar.addWidget(self.run_button)
        tl.addWidget(self.editor, 1)
        tl.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.table)
        split.setSizes([160, 260])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        self.run_button.clicked.connect(lambda: self.start())
        QShortcut(QKeySequence("Ctrl+Return"), self.editor, activated=self.start)
        from gui.layout_worker import TaskRunner

        self.tasks = TaskRunner(self)  # a query may take its whole time limit: never on the UI thread
        self.tasks.failed.connect(self._failed)
        self.last_error: str | None = None
        language().changed.connect(self._language_changed)
        self.retranslate()

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.run_button.setText(tr("console.run"))
        self.examples_button.setText(tr("console.examples"))
        self.examples_menu.clear()
        for key, q in EXAMPLES:
            self.examples_menu.addAction(tr(key)).triggered.connect(lambda _=False, q=q: self.set_query(q))
        if self.last_error is None and not self.model.rowCount():
            self.status.setText(tr("console.hint"))

    def set_query(self, q: str) -> None:
        self.editor.setPlainText(q)

    def _query(self, q: str) -> Any:
        """On a worker thread: the result, or the SparqlError that refused it."""
        from graph.sparql import SparqlError

        try:
            return self.state.ws.sparql(q)
        except SparqlError as e:
            return e

    def start(self, query: str | None = None) -> None:
        """Run the editor's query (or ``query``) on a worker thread; the table fills when it is done."""
        q = self.editor.toPlainText() if query is None else query
        if query is not None:
            self.editor.setPlainText(query)
        if not self.tasks.is_idle():
            return  # one query at a time
        self.run_button.setEnabled(False)
        self.status.setText(tr("console.running"))
        self.tasks.submit(self._query, q, callback=self._finished)

    def _finished(self, result: Any) -> None:
        self.run_button.setEnabled(True)
        self.show_result(result)

    def _failed(self, err: str) -> None:
        self.run_button.setEnabled(True)
        self.show_result(RuntimeError(err))

    def is_idle(self) -> bool:
        return self.tasks.is_idle()

    def run(self, query: str | None = None) -> Any:
        """Run the editor's query (or ``query``) here and now; returns the result, or None when refused."""
        q = self.editor.toPlainText() if query is None else query
        if query is not None:
            self.editor.setPlainText(query)
        return self.show_result(self._query(q))

    def show_result(self, result: Any) -> Any:
        """Fill the table with ``result`` (or say why there is none); returns it, or None for an error."""
        from graph.sparql import SelectResult

        self.model.clear()
        if isinstance(result, Exception):
            self.last_error = str(result)
            self.status.setText(f"<span style='color:#C62828'>{_escape(str(result))}</span>")
            return None
        self.last_error = None
        if isinstance(result, SelectResult):
            self.model.setHorizontalHeaderLabels(list(result.variables))
            nodes = self.state.full.nodes
            for row in result.rows:
                items = []
                for v in row:
                    label = nodes[v].label if v in nodes else None
                    it = QStandardItem(f"{label}  <{v}>" if label else ("" if v is None else v))
                    it.setData(v, Qt.ItemDataRole.UserRole)
                    if label:
                        it.setForeground(Qt.GlobalColor.blue)
                    items.append(it)
                self.model.appendRow(items)
            self.status.setText(tr("console.rows", n=len(result.rows)))
            self.table.resizeColumnsToContents()
        elif isinstance(result, bool):
            self.status.setText(tr("console.ask", v=tr("detail.yes") if result else tr("detail.no")))
        else:  # CONSTRUCT / DESCRIBE: the triples as three columns
            self.model.setHorizontalHeaderLabels(["s", "p", "o"])
            for t in result:
                self.model.appendRow([QStandardItem(str(x)) for x in t])
            self.status.setText(tr("console.triples", n=len(result)))
        return result

    def cell_clicked(self, row: int, col: int) -> str | None:
        """Select the entity whose IRI the cell holds; returns it (None for other values)."""
        it = self.model.item(row, col)
        v = it.data(Qt.ItemDataRole.UserRole) if it is not None else None
        if v and self.state.node(v) is not None:
            self.state.ensure_visible([v])
            self.state.select([v])
            return v
        return None


def _escape(s: str) -> str:
    from html import escape

    return escape(s)
