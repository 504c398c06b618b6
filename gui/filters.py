"""Filters panel: entity types (with counts), relations, documents, years, confidence,
degree and isolated nodes. Emits the keyword arguments of ``Workspace.filtered``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from graph.model import ENTITY_TYPES, PREDICATES, Snapshot
from gui.i18n import language, predicate_name, tr, type_name
from gui.palette import predicate_color, type_color

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def _icon(c: QColor) -> QIcon:
    pm = QPixmap(12, 12)
    pm.fill(c)
    return QIcon(pm)


class CheckList(QListWidget):
    """A list of checkable items; ``checked()`` is None when everything is checked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)

    def fill(self, rows: list[tuple[Any, str, QIcon | None]]) -> None:
        prev = {self.item(i).data(KEY_ROLE): self.item(i).checkState() for i in range(self.count())}
        self.blockSignals(True)
        self.clear()
        for key, text, icon in rows:
            it = QListWidgetItem(text)
            if icon is not None:
                it.setIcon(icon)
            it.setData(KEY_ROLE, key)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(prev.get(key, Qt.CheckState.Checked))
            self.addItem(it)
        self.blockSignals(False)
        h = min(max(self.count(), 1), 9) * (self.sizeHintForRow(0) if self.count() else 18) + 6
        self.setFixedHeight(h)

    def checked(self) -> set | None:
        keys = [self.item(i).data(KEY_ROLE) for i in range(self.count())]
        on = {
            self.item(i).data(KEY_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        }
        return None if len(on) == len(keys) else on

    def set_checked(self, key: Any, on: bool) -> None:
        for i in range(self.count()):
            if self.item(i).data(KEY_ROLE) == key:
                self.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_all(self, on: bool) -> None:
        self.blockSignals(True)
        for i in range(self.count()):
            self.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self.itemChanged.emit(self.item(0)) if self.count() else None


class FiltersPanel(QScrollArea):
    filters_changed = Signal(dict)

    def __init__(self, state, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWidgetResizable(True)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        self.types = CheckList()
        self.relations = CheckList()
        self.documents = CheckList()
        self.box_types = self._group(lay, self.types)
        self.box_rel = self._group(lay, self.relations)
        self.box_docs = self._group(lay, self.documents)
        self.box_more = QGroupBox()
        form = QFormLayout(self.box_more)
        self.limit_years = QCheckBox()
        yr = QHBoxLayout()
        self.year_from = QSpinBox()
        self.year_to = QSpinBox()
        for sb in (self.year_from, self.year_to):
            sb.setRange(1990, 2100)
            sb.setEnabled(False)
        self.year_from.setValue(2018)
        self.year_to.setValue(2026)
        yr.addWidget(self.year_from)
        yr.addWidget(self.year_to)
        self.min_conf = QDoubleSpinBox()
        self.min_conf.setRange(0.0, 1.0)
        self.min_conf.setSingleStep(0.05)
        self.min_conf.setDecimals(2)
        self.min_degree = QSpinBox()
        self.min_degree.setRange(0, 1000)
        self.isolated = QCheckBox()
        # the seed reports name hundreds of entities with no relation yet: a ring of
        # isolated dots hides the structure, so they start hidden (search still finds them)
        self.isolated.setChecked(False)
        self.reset = QPushButton()
        self._labels = {}
        form.addRow(self.limit_years)
        form.addRow(yr)
        for key, w in (("filters.min_conf", self.min_conf), ("filters.min_degree", self.min_degree)):
            form.addRow(key, w)
            self._labels[key] = form.labelForField(w)
        form.addRow(self.isolated)
        form.addRow(self.reset)
        lay.addWidget(self.box_more)
        lay.addStretch(1)
        self.setWidget(body)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(80)
        self._timer.timeout.connect(self.apply)
        for lst in (self.types, self.relations, self.documents):
            lst.itemChanged.connect(lambda _: self._timer.start())
        self.limit_years.toggled.connect(self._years_toggled)
        for sb in (self.year_from, self.year_to, self.min_degree):
            sb.valueChanged.connect(lambda _: self._timer.start())
        self.min_conf.valueChanged.connect(lambda _: self._timer.start())
        self.isolated.toggled.connect(lambda _: self._timer.start())
        self.reset.clicked.connect(self.reset_all)
        state.graph_changed.connect(self.populate)
        # a bound method, not a lambda: Qt drops the connection when this widget dies
        language().changed.connect(self._language_changed)
        self.retranslate()
        self.populate()

    def _group(self, lay: QVBoxLayout, lst: CheckList) -> QGroupBox:
        box = QGroupBox()
        v = QVBoxLayout(box)
        v.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        all_, none = QPushButton(), QPushButton()
        for b in (all_, none):
            b.setFlat(True)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            row.addWidget(b)
        row.addStretch(1)
        all_.clicked.connect(lambda: lst.set_all(True))
        none.clicked.connect(lambda: lst.set_all(False))
        box.setProperty("buttons", (all_, none))
        v.addLayout(row)
        v.addWidget(lst)
        lay.addWidget(box)
        return box

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.box_types.setTitle(tr("filters.types"))
        self.box_rel.setTitle(tr("filters.relations"))
        self.box_docs.setTitle(tr("filters.documents"))
        self.box_more.setTitle(tr("filters.years"))
        for box in (self.box_types, self.box_rel, self.box_docs):
            a, n = box.property("buttons")
            a.setText(tr("filters.all"))
            n.setText(tr("filters.none"))
        self.limit_years.setText(tr("filters.limit_years"))
        for key, lab in self._labels.items():
            lab.setText(tr(key))
        self.isolated.setText(tr("filters.isolated"))
        self.reset.setText(tr("filters.reset"))
        self.populate()

    def populate(self) -> None:
        snap: Snapshot = self.state.full
        tcount = Counter(t for n in snap.nodes.values() for t in n.types)
        types = [t for t in ENTITY_TYPES if tcount[t]] + sorted(t for t in tcount if t not in ENTITY_TYPES)
        if self.state.large:  # the loaded part is not the graph: offer every type (counts are of what is loaded)
            types = list(ENTITY_TYPES) + [t for t in types if t not in ENTITY_TYPES]
        self.types.fill([(t, f"{type_name(t)}  ({tcount[t]})", _icon(type_color(t))) for t in types])
        pcount = Counter(e.p for e in snap.edges)
        preds = [p for p in PREDICATES if pcount[p]] + sorted(p for p in pcount if p not in PREDICATES)
        if self.state.large:
            preds = list(PREDICATES) + [p for p in preds if p not in PREDICATES]
        self.relations.fill(
            [(p, f"{predicate_name(p)}  ({pcount[p]})", _icon(predicate_color(p))) for p in preds]
        )
        dcount = Counter(e.doc for e in snap.edges)
        self.documents.fill([(d.id, f"{d.title or d.name}  ({dcount[d.id]})", None) for d in snap.documents])
        years = [e.year for e in snap.edges if e.year]
        if years and not self.limit_years.isChecked():
            self.year_from.setValue(min(years))
            self.year_to.setValue(max(years))

    def _years_toggled(self, on: bool) -> None:
        self.year_from.setEnabled(on)
        self.year_to.setEnabled(on)
        self._timer.start()

    def current(self) -> dict[str, Any]:
        f: dict[str, Any] = {}
        types = self.types.checked()
        if types is not None:
            f["types"] = types
        preds = self.relations.checked()
        if preds is not None:
            f["predicates"] = preds
        docs = self.documents.checked()
        if docs is not None:
            f["docs"] = docs | {None}  # user-added edges have no document: keep them
        if self.limit_years.isChecked():
            f["years"] = (self.year_from.value(), self.year_to.value())
        if self.min_conf.value() > 0:
            f["min_confidence"] = self.min_conf.value()
        if self.min_degree.value() > 0:
            f["min_degree"] = self.min_degree.value()
        if not self.isolated.isChecked():
            f["show_isolated"] = False
        return f

    def show_filters(self, f: dict[str, Any]) -> None:
        """Set the widgets to ``f`` (a restored view's filters) without applying them again."""
        widgets = (
            self.types,
            self.relations,
            self.documents,
            self.limit_years,
            self.year_from,
            self.year_to,
            self.min_conf,
            self.min_degree,
            self.isolated,
        )
        for w in widgets:
            w.blockSignals(True)
        try:
            for lst, key in ((self.types, "types"), (self.relations, "predicates"), (self.documents, "docs")):
                on = f.get(key)
                for i in range(lst.count()):
                    it = lst.item(i)
                    checked = on is None or it.data(KEY_ROLE) in on
                    it.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            years = f.get("years")
            self.limit_years.setChecked(years is not None)
            self.year_from.setEnabled(years is not None)
            self.year_to.setEnabled(years is not None)
            if years is not None:
                self.year_from.setValue(years[0] or self.year_from.minimum())
                self.year_to.setValue(years[1] or self.year_to.maximum())
            self.min_conf.setValue(float(f.get("min_confidence", 0.0)))
            self.min_degree.setValue(int(f.get("min_degree", 0)))
            self.isolated.setChecked(bool(f.get("show_isolated", True)))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._timer.stop()

    def apply(self) -> None:
        f = self.current()
        if getattr(self.state.ws, "closed", False):
            return  # a timer of a window being closed
        if self.state.large and f == self.state.filters:
            return  # a big graph refills the lists on every expand: that alone changes nothing
        self.state.set_filters(**f)
        self.filters_changed.emit(f)

    def reset_all(self) -> None:
        for lst in (self.types, self.relations, self.documents):
            lst.set_all(True)
        self.limit_years.setChecked(False)
        self.min_conf.setValue(0.0)
        self.min_degree.setValue(0)
        self.isolated.setChecked(False)
        self._timer.stop()
        self.apply()
