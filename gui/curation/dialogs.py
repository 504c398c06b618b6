"""Curation dialogs in the user's language: retype with checkboxes, add-edge with the predicates
the two types allow, merge into an entity picked by name with a preview of what moves."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

import gui.analysis_i18n  # noqa: F401  (registers the strings)
from graph.model import DOMAIN_RANGE, ENTITY_TYPES, PREDICATES, allowed
from gui.i18n import predicate_name, tr, type_name
from gui.search import SearchBox
from gui.state import GraphState


class EntityPicker(SearchBox):
    """A name box that takes an entity only when it is picked from the completion list
    (or the text is exactly one entity's name): never the first search hit silently."""

    def __init__(self, state: GraphState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.iri: str | None = None
        self.setMaximumWidth(16777215)
        self.entity_chosen.connect(self.pick)
        self.textEdited.connect(lambda _: setattr(self, "iri", None))

    def pick(self, iri: str) -> None:
        self.iri = iri
        n = self.state.node(iri)
        if n is not None:
            self.setText(n.label)
        self.picked()

    def picked(self) -> None:  # hook for the dialogs
        pass

    def submit(self) -> None:
        popup = self.completer_.popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return
        exact = [
            iri
            for _, iri, _ in self.hits(self.text())
            if self.state.node(iri) and self.state.node(iri).label == self.text().strip()
        ]
        if len(set(exact)) == 1:
            self.pick(exact[0])
        else:
            self.refresh()  # show the choices instead of taking one


class _TypesDialog(QDialog):
    """The nine types as checkboxes, named in the UI language; order of checking = order of types."""

    def _add_types(self, lay: QVBoxLayout, initial: tuple[str, ...] | list[str]) -> None:
        self.order: list[str] = list(initial)
        self.boxes: dict[str, QCheckBox] = {}
        for t in ENTITY_TYPES:
            b = QCheckBox(type_name(t))
            b.setChecked(t in initial)
            b.toggled.connect(lambda on, t=t: self._toggled(t, on))
            self.boxes[t] = b
            lay.addWidget(b)
        self.warning = QLabel()
        lay.addWidget(self.warning)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._update()

    def _toggled(self, t: str, on: bool) -> None:
        if on and t not in self.order:
            self.order.append(t)
        elif not on and t in self.order:
            self.order.remove(t)
        self._update()

    def _ok(self) -> bool:
        return bool(self.order)

    def _update(self) -> None:
        ok = self._ok()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.warning.setText("" if self.order else tr("retype.none"))

    def types(self) -> list[str]:
        return [t for t in self.order if self.boxes[t].isChecked()]


class RetypeDialog(_TypesDialog):
    """Change an entity's types."""

    def __init__(self, state: GraphState, iri: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.iri = state, iri
        node = state.node(iri)
        self.setWindowTitle(tr("act.retype"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("retype.prompt", name=node.label)))
        self._add_types(lay, node.types)


class AddEntityDialog(_TypesDialog):
    """A name and its types: an entity the extractor missed."""

    def __init__(self, state: GraphState, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(tr("act.add_entity"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("addentity.name")))
        self.name = QLineEdit(name)
        self.name.textChanged.connect(lambda _: self._update())
        lay.addWidget(self.name)
        lay.addWidget(QLabel(tr("addentity.types")))
        self._add_types(lay, ())

    def _ok(self) -> bool:
        return bool(self.order) and bool(self.name.text().strip())


class AddEdgeDialog(QDialog):
    """Subject fixed; target picked from completion; only the predicates the two types allow."""

    def __init__(self, state: GraphState, s_iri: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.s_iri = state, s_iri
        self.setWindowTitle(tr("act.add_edge"))
        self.resize(460, 180)
        self.target = EntityPicker(state)
        self.target.setPlaceholderText(tr("addedge.pick"))
        self.target.picked = self._target_changed  # type: ignore[method-assign]
        self.target.textEdited.connect(lambda _: self._target_changed())
        self.predicate = QComboBox()
        self.note = QLabel()
        form = QFormLayout(self)
        form.addRow(tr("addedge.subject"), QLabel(state.node(s_iri).label))
        form.addRow(tr("addedge.target"), self.target)
        form.addRow(tr("edit.predicate"), self.predicate)
        form.addRow(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._target_changed()

    def choices(self, o_iri: str | None) -> list[str]:
        s_types = set(self.state.node(self.s_iri).types)
        if o_iri is None:
            return [p for p in PREDICATES if DOMAIN_RANGE[p][0] & s_types]
        o_types = set(self.state.node(o_iri).types)
        return [p for p in PREDICATES if allowed(p, s_types, o_types)]

    def _target_changed(self) -> None:
        o = self.target.iri
        preds = self.choices(o)
        self.predicate.clear()
        for p in preds:
            self.predicate.addItem(predicate_name(p), p)
        ok = o is not None and bool(preds)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.note.setText(tr("addedge.unpicked") if o is None else ("" if preds else tr("addedge.no_pred")))

    def result_edge(self) -> tuple[str, str, str] | None:
        if self.target.iri is None or self.predicate.currentData() is None:
            return None
        return (self.s_iri, str(self.predicate.currentData()), self.target.iri)


class MergeDialog(QDialog):
    """Merge the current entity into another, picked by name; shows what moves before it happens."""

    def __init__(self, state: GraphState, drop_iri: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.drop_iri = state, drop_iri
        self.setWindowTitle(tr("merge.title"))
        self.resize(520, 200)
        self.target = EntityPicker(state)
        self.target.setPlaceholderText(tr("addedge.pick"))
        self.target.picked = self._update  # type: ignore[method-assign]
        self.target.textEdited.connect(lambda _: self._update())
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(tr("merge.target"), self.target)
        form.addRow(self.preview)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._update()

    def preview_text(self, keep_iri: str) -> str:
        return merge_preview(self.state, keep_iri, self.drop_iri)

    def _update(self) -> None:
        keep = self.target.iri
        ok = keep is not None and keep != self.drop_iri
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.preview.setText(self.preview_text(keep) if ok else tr("addedge.unpicked"))


def merge_preview(state: GraphState, keep_iri: str, drop_iri: str) -> str:
    """What a merge moves, in words (relations, names, resulting types)."""
    keep, drop = state.node(keep_iri), state.node(drop_iri)
    # a big graph loads only a part: the store counts the relations that move
    rels = (
        state.ws.entity(drop_iri).degree
        if state.large
        else sum(1 for e in state.full.edges if drop_iri in (e.s, e.o))
    )
    names = {drop.label, *drop.aliases} - {keep.label, *keep.aliases}
    types = list(keep.types) + [t for t in drop.types if t not in keep.types]
    return tr(
        "merge.preview",
        drop=drop.label,
        keep=keep.label,
        rels=rels,
        aliases=len(names),
        types=" / ".join(type_name(t) for t in types),
    )


def describe_edit(ed: dict[str, Any], nodes: dict[str, Any]) -> str:
    """One edit-history entry in the UI language."""
    p = ed["payload"]

    def name(iri: str, fallback: str | None = None) -> str:
        n = nodes.get(iri)
        return fallback or (n.label if n is not None else iri.rsplit("/", 1)[-1])

    op = ed["op"]
    if op == "merge":
        return tr(
            "op.merge", drop=name(p["drop"], p.get("drop_label")), keep=name(p["keep"], p.get("keep_label"))
        )
    if op == "rename":
        return tr("op.rename", old=p.get("old_label", ""), new=p["label"])
    if op == "retype":
        return tr("op.retype", name=name(p["iri"]), types=" / ".join(type_name(t) for t in p["types"]))
    if op in ("delete_edge", "add_edge"):
        return tr(
            f"op.{op}", s=name(p.get("s", "")), p=predicate_name(p.get("p", "")), o=name(p.get("o", ""))
        )
    if op == "add_entity":
        return tr("op.add_entity", name=p["label"], types=" / ".join(type_name(t) for t in p["types"]))
    if op == "drop_alias":
        return tr("op.drop_alias", name=name(p["iri"], p.get("label")), alias=p["alias"])
    if op == "dismiss_duplicate":
        return tr("op.dismiss_duplicate", a=name(p["a"], p.get("a_label")), b=name(p["b"], p.get("b_label")))
    return op
