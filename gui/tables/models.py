"""Table models over a snapshot: one row per entity, one row per fact (graph.facts).

Display text is translated; :data:`SORT_ROLE` holds the raw value (numbers sort as
numbers) and :data:`ID_ROLE` the entity IRI or the fact's id.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from graph.facts import Fact, group_facts
from graph.model import Snapshot
from gui.i18n import predicate_name, tr, type_name

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class _Table(QAbstractTableModel):
    columns: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, tuple[Any, ...], tuple[Any, ...]]] = []  # (id, shown, sort keys)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(f"col.{self.columns[section]}")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ident, shown, keys = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown[index.column()]
        if role == SORT_ROLE:
            return keys[index.column()]
        if role == ID_ROLE:
            return ident
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(keys[index.column()], int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_of(self, ident: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r[0] == ident), -1)

    def set_rows(self, rows: list[tuple[str, tuple[Any, ...], tuple[Any, ...]]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)


class EntityTableModel(_Table):
    columns = ("name", "types", "degree", "pagerank", "betweenness", "documents")

    def load(self, snap: Snapshot, centrality: dict[str, dict[str, float]]) -> None:
        deg, pr, btw = (centrality.get(k, {}) for k in ("degree", "pagerank", "betweenness"))
        rows = []
        for iri, n in snap.nodes.items():
            types = " / ".join(type_name(t) for t in n.types)
            d, p, b = int(deg.get(iri, 0)), pr.get(iri, 0.0), btw.get(iri, 0.0)
            shown = (n.label, types, str(d), f"{p:.4f}", f"{b:.4f}", str(len(n.docs)))
            rows.append((iri, shown, (n.label, types, d, p, b, len(n.docs))))
        self.set_rows(rows)


class RelationTableModel(_Table):
    columns = (
        "subject",
        "predicate",
        "object",
        "round",
        "amount",
        "currency",
        "date",
        "lead",
        "confidence",
        "mentions",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.facts: dict[str, Fact] = {}

    def load(self, snap: Snapshot) -> None:
        nodes = snap.nodes
        rows = []
        self.facts = {}
        for f in group_facts(snap.edges):
            if f.s not in nodes or f.o not in nodes:
                continue
            self.facts[f.id] = f
            a = f.funding
            lead = a.get("lead")
            lead_text = (
                "" if lead in (None, "") else (tr("detail.yes") if str(lead) == "True" else tr("detail.no"))
            )
            s, o = nodes[f.s].label, nodes[f.o].label
            shown = (
                s,
                predicate_name(f.p),
                o,
                str(a.get("round", "")),
                str(a.get("amount", "")),
                str(a.get("currency", "")),
                str(a.get("date", "")),
                lead_text,
                f"{f.confidence:.2f}",
                str(f.count),
            )
            value = a.get("amount_value", f.attrs.get("amount_value"))
            # amounts sort by value (the text as given stays shown); unknown ones first
            amount_key = float(value) if isinstance(value, int | float) else -1.0
            keys = (*shown[:4], amount_key, *shown[5:8], f.confidence, f.count)
            rows.append((f.id, shown, keys))
        self.set_rows(rows)

    def fact_of_edge(self, edge_id: str) -> str | None:
        """The fact (row id) an edge (statement) belongs to."""
        for fid, f in self.facts.items():
            if any(e.id == edge_id for e in f.edges):
                return fid
        return None
