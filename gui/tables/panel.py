"""The tables dock: entity and relation tables, sortable and filterable, selection shared with the canvas."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QRegularExpression, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import gui.analysis_i18n  # noqa: F401  (registers the strings)
from gui.i18n import language, tr
from gui.lazy import ReloadWhenShown
from gui.state import GraphState
from gui.tables.models import ID_ROLE, SORT_ROLE, EntityTableModel, RelationTableModel, _Table

BIG_GRAPH = 12000  # nodes + edges above which betweenness is left out of the table


class TablePage(QWidget):
    """One table with its filter box, column chooser, row count and CSV export."""

    def __init__(self, model: _Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.column = QComboBox()
        self.column.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count = QLabel()
        self.export_button = QPushButton()
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.column)
        top.addWidget(self.count)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        self.filter.textChanged.connect(self._filter)
        self.column.currentIndexChanged.connect(lambda _: self._filter(self.filter.text()))
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    def retranslate(self) -> None:
        self.filter.setPlaceholderText(tr("tables.filter"))
        self.export_button.setText(tr("tables.export"))
        cur = self.column.currentIndex()
        self.column.blockSignals(True)
        self.column.clear()
        self.column.addItem(tr("tables.all_columns"), -1)
        for i, c in enumerate(self.model.columns):
            self.column.addItem(tr(f"col.{c}"), i)
        self.column.setCurrentIndex(max(cur, 0))
        self.column.blockSignals(False)
        self.model.retranslate()
        self._update_count()

    def _filter(self, text: str) -> None:
        col = self.column.currentData()
        self.proxy.setFilterKeyColumn(-1 if col is None else int(col))
        self.proxy.setFilterRegularExpression(
            QRegularExpression(
                QRegularExpression.escape(text), QRegularExpression.PatternOption.CaseInsensitiveOption
            )
        )
        self._update_count()

    def _update_count(self, *_: Any) -> None:
        self.count.setText(tr("tables.rows", n=self.proxy.rowCount(), total=self.model.rowCount()))

    def visible_rows(self) -> list[list[str]]:
        """The rows as shown (filtered, in the current sort order), display text."""
        out = []
        for r in range(self.proxy.rowCount()):
            out.append([str(self.proxy.index(r, c).data() or "") for c in range(self.proxy.columnCount())])
        return out

    def export_csv(self, path: str | Path | None = None) -> Path | None:
        """Write the visible rows with their headers (UTF-8 with BOM, so Excel reads the Chinese)."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("tables.export"), str(Path.home() / "zhitu.csv"), "CSV (*.csv)"
            )
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([tr(f"col.{c}") for c in self.model.columns])
            w.writerows(self.visible_rows())
        return path

    def selected_ids(self) -> list[str]:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in sorted(rows)]

    def select_ids(self, ids: set[str]) -> None:
        """Select the rows of these ids (without telling anyone) and scroll to the first."""
        sm = self.view.selectionModel()
        sm.blockSignals(True)
        sm.clearSelection()
        first = None
        for ident in ids:
            r = self.model.row_of(ident)
            if r < 0:
                continue
            idx = self.proxy.mapFromSource(self.model.index(r, 0))
            if idx.isValid():
                sm.select(
                    idx, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                )
                first = first or idx
        sm.blockSignals(False)
        self.view.viewport().update()
        if first is not None:
            self.view.scrollTo(first)


class TablesPanel(ReloadWhenShown, QTabWidget):
    """Entities and relations of the whole graph; a row chosen here is chosen on the canvas, and back."""

    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.entities = TablePage(EntityTableModel(self))
        self.relations = TablePage(RelationTableModel(self))
        self.addTab(self.entities, "")
        self.addTab(self.relations, "")
        self._syncing = False
        self.entities.view.selectionModel().selectionChanged.connect(self._entity_rows)
        self.relations.view.selectionModel().selectionChanged.connect(self._relation_rows)
        self.follow_graph(state)
        state.selection_changed.connect(self._from_canvas)
        state.current_changed.connect(lambda _c: self._from_canvas())
        language().changed.connect(self._language_changed)
        self.retranslate()

    def _language_changed(self, _code: str) -> None:
        self.retranslate()
        self.reload()  # type and predicate names are in the cells

    def retranslate(self) -> None:
        self.setTabText(0, tr("tables.entities"))
        self.setTabText(1, tr("tables.relations"))
        self.entities.retranslate()
        self.relations.retranslate()

    def centrality(self) -> dict[str, dict[str, float]]:
        """Degree, PageRank, betweenness; on a big graph only what is cheap or already computed
        (betweenness would take minutes on the UI thread; PageRank comes from the window's worker)."""
        from graph.stats import centralities

        snap = self.state.full
        if not snap.nodes:
            return {}
        if len(snap.nodes) + len(snap.edges) <= BIG_GRAPH:
            return centralities(snap)
        deg = {k: float(v) for k, v in self.state.degrees().items()}
        return {"degree": deg, "pagerank": self.state.pagerank() or {}, "betweenness": {}}

    def reload(self) -> None:
        snap = self.state.full
        self._stale = False
        for page in (self.entities, self.relations):
            page.view.setSortingEnabled(False)
        self.entities.model.load(snap, self.centrality())
        self.relations.model.load(snap)
        for page in (self.entities, self.relations):
            page.view.setSortingEnabled(True)
            page.view.resizeColumnsToContents()
        self._from_canvas()

    # -- selection, both ways ---------------------------------------------------------------
    def _entity_rows(self, *_: Any) -> None:
        if self._syncing:
            return
        ids = self.entities.selected_ids()
        if ids:
            self._syncing = True
            try:
                self.state.ensure_visible(ids)
                self.state.select(ids)
            finally:
                self._syncing = False

    def _relation_rows(self, *_: Any) -> None:
        if self._syncing:
            return
        ids = self.relations.selected_ids()
        if not ids:
            return
        fact = self.relations.model.facts.get(ids[0])
        if fact is None:
            return
        self._syncing = True
        try:
            self.state.ensure_visible([fact.s, fact.o])
            self.state.select_edge(fact.id)
        finally:
            self._syncing = False

    def _from_canvas(self) -> None:
        if self._syncing or self._stale:
            return
        self._syncing = True
        try:
            self.entities.select_ids(set(self.state.selected))
            eid = self.state.current_edge()
            fid = self.relations.model.fact_of_edge(eid) if eid else None
            self.relations.select_ids({fid} if fid else set())
        finally:
            self._syncing = False
