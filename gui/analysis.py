"""Puts the analysis and curation panels into the main window (docks, menu, dialogs, messages).

Kept out of gui/main_window.py so that the window only calls :func:`install_analysis` and
the curation entry points below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QThread, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QMessageBox, QProgressDialog

import gui.analysis_i18n  # noqa: F401  (registers the strings)
from gui.console import SparqlConsole
from gui.curation import AddEdgeDialog, AddEntityDialog, EditHistoryPanel, MergeDialog, RetypeDialog
from gui.i18n import language, predicate_name, tr
from gui.lazy import lazy_panel
from gui.review import DuplicateReview
from gui.tables import TablesPanel

_qt_translators: list[QTranslator] = []


def qt_translations_dir() -> Path:
    """Where PySide6 keeps Qt's own .qm catalogues (qtbase_zh_CN.qm ships in PySide6-Essentials)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_qt_translations(code: str) -> bool:
    """Load Qt's catalogue for ``code`` ("zh": qtbase_zh_CN) so Qt's own buttons and dialogs
    (OK/Cancel, file dialogs) follow the UI language; "en" removes it. True when loaded."""
    app = QApplication.instance()
    if app is None:
        return False
    for t in _qt_translators:
        app.removeTranslator(t)
    _qt_translators.clear()
    if code != "zh":
        return False
    t = QTranslator(app)
    if t.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", str(qt_translations_dir())
    ):
        app.installTranslator(t)
        _qt_translators.append(t)
        return True
    return False


class _Messages:
    """Status-bar messages by key, shown again in the new language when it changes."""

    def __init__(self, win: Any) -> None:
        self.win = win
        self.last: tuple[str, dict[str, Any], int] | None = None
        self.shown = ""

    def show(self, key: str, timeout: int = 8000, **kw: Any) -> str:
        self.last = (key, kw, timeout)
        self.shown = tr(key, **kw)
        self.win.statusBar().showMessage(self.shown, timeout)
        return self.shown

    def retranslate(self) -> None:
        if self.last is not None and self.win.statusBar().currentMessage() == self.shown:
            key, kw, timeout = self.last
            self.show(key, timeout, **kw)


def _charts(state: Any) -> Any:
    from gui.charts import ChartsPanel

    return ChartsPanel(state)


def install_analysis(win: Any) -> None:
    """Docks for tables, charts, console, duplicate review and edit history; the Analysis menu."""
    s = win.state
    win.messages = _Messages(win)
    win.tables = TablesPanel(s)
    win.charts = lazy_panel(lambda: _charts(s))  # pyqtgraph is imported when the dock is first opened
    win.console = SparqlConsole(s)
    win.review = DuplicateReview(s)
    win.history = EditHistoryPanel(s)
    win.review.message.connect(lambda text: win.statusBar().showMessage(text, 8000))
    win.history.message.connect(lambda text: win.statusBar().showMessage(text, 8000))
    docks = {}
    for name, widget, area in (
        ("tables", win.tables, Qt.DockWidgetArea.BottomDockWidgetArea),
        ("charts", win.charts, Qt.DockWidgetArea.BottomDockWidgetArea),
        ("console", win.console, Qt.DockWidgetArea.BottomDockWidgetArea),
        ("review", win.review, Qt.DockWidgetArea.RightDockWidgetArea),
        ("history", win.history, Qt.DockWidgetArea.RightDockWidgetArea),
    ):
        d = QDockWidget(win)
        d.setObjectName(name)
        d.setWidget(widget)
        win.addDockWidget(area, d)
        d.hide()
        docks[name] = d
    win.tabifyDockWidget(docks["tables"], docks["charts"])
    win.tabifyDockWidget(docks["charts"], docks["console"])
    # review and history join the detail pane's tabs when first shown (see show_dock): tabified
    # while hidden here, a restored window state leaves a stray one-tab bar at the window's corner
    win.analysis_docks = docks
    m = win.menuBar().addMenu("")
    m.setProperty("i18n", "menu.analysis")
    win._menus["menu.analysis"] = m
    for d in docks.values():
        m.addAction(d.toggleViewAction())
    m.addSeparator()
    win._act("act.reextract", lambda: reextract(win))
    m.addAction(win._actions["act.reextract"])
    win._act("act.merge_into", lambda: merge_into_dialog(win), "Ctrl+Shift+M")
    win._menus["menu.edit"].addAction(win._actions["act.merge_into"])
    win.detail.merge_requested.connect(lambda iri: merge_into_dialog(win, iri))

    win._analysis_hooks = _Hooks(win, docks)
    # a bound method of a child QObject: Qt drops the connection when the window dies
    language().changed.connect(win._analysis_hooks.retranslate)
    win._analysis_hooks.retranslate()


class _Hooks(QObject):
    def __init__(self, win: Any, docks: dict[str, QDockWidget]) -> None:
        super().__init__(win)
        self.win, self.docks = win, docks

    def retranslate(self, _code: str = "") -> None:
        for key, d in self.docks.items():
            d.setWindowTitle(tr(f"dock.{key}"))
        install_qt_translations(language().code)
        self.win.messages.retranslate()


def show_dock(win: Any, name: str) -> None:
    d = win.analysis_docks[name]
    if name in ("review", "history") and not win.tabifiedDockWidgets(d) and win.dock_detail.isVisible():
        win.tabifyDockWidget(win.dock_detail, d)
    d.show()
    d.raise_()
    if win.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea:
        win.resizeDocks([d], [max(d.height(), int(win.height() * 0.42))], Qt.Orientation.Vertical)


# -- curation entry points (the window's Edit menu calls these) -------------------------------
def _apply(win: Any, fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception as e:
        QMessageBox.warning(win, tr("app.title"), tr("edit.failed", err=e))
        return None


def retype_dialog(win: Any, iri: str) -> RetypeDialog:
    """Open the checkbox dialog (window-modal, not blocking); OK applies the retype."""
    dlg = RetypeDialog(win.state, iri, win)
    win.curation_dialog = dlg

    def done(code: int) -> None:
        if code == QDialog.DialogCode.Accepted and dlg.types():
            if _apply(win, win.state.ws.retype, iri, dlg.types()) is not None:
                win.messages.show("msg.edited", what=tr("act.retype"))

    dlg.finished.connect(done)
    dlg.open()
    return dlg


def add_entity_dialog(win: Any) -> AddEntityDialog:
    """Name and types of an entity the extractor missed; OK adds it, shows it and selects it."""
    dlg = AddEntityDialog(win.state, win, name=win.search.text().strip())
    win.curation_dialog = dlg

    def done(code: int) -> None:
        if code == QDialog.DialogCode.Accepted and dlg.types():
            iri = _apply(win, win.state.ws.add_entity, dlg.name.text(), dlg.types())
            if iri is not None:
                win.state.ensure_visible([iri])
                win.state.select([iri])
                win.messages.show("msg.edited", what=tr("act.add_entity"))

    dlg.finished.connect(done)
    dlg.open()
    return dlg


def add_edge_dialog(win: Any, s_iri: str) -> AddEdgeDialog:
    dlg = AddEdgeDialog(win.state, s_iri, win)
    win.curation_dialog = dlg

    def done(code: int) -> None:
        edge = dlg.result_edge()
        if code == QDialog.DialogCode.Accepted and edge is not None:
            if _apply(win, win.state.ws.add_edge, *edge) is not None:
                win.messages.show("msg.edited", what=tr("act.add_edge"))

    dlg.finished.connect(done)
    dlg.open()
    return dlg


def merge_into_dialog(win: Any, iri: str | None = None) -> MergeDialog | None:
    iri = iri or win._current_entity_or_tell("act.merge_into")
    if iri is None:
        return None
    dlg = MergeDialog(win.state, iri, win)
    win.curation_dialog = dlg

    def done(code: int) -> None:
        keep = dlg.target.iri
        if code == QDialog.DialogCode.Accepted and keep and keep != iri:
            nodes = win.state.full.nodes
            k, d = nodes[keep].label, nodes[iri].label
            if _apply(win, win.state.ws.merge, keep, iri) is not None:
                win.state.select([keep])
                win.messages.show("review.merged", keep=k, drop=d)

    dlg.finished.connect(done)
    dlg.open()
    return dlg


def delete_edge(win: Any, edge_id: str) -> int | None:
    """Delete a relation (every statement of its fact, as the canvas draws it) and say which,
    with how to undo it."""
    e = win.state.edge(edge_id)
    nodes = win.state.full.nodes
    eid = _apply(win, win.state.ws.delete_fact, edge_id)
    if eid is not None and e is not None:
        win.messages.show(
            "msg.deleted_edge",
            s=nodes[e.s].label if e.s in nodes else e.s,
            p=predicate_name(e.p),
            o=nodes[e.o].label if e.o in nodes else e.o,
        )
    return eid


class ReextractWorker(QThread):
    """Runs :meth:`graph.api.Workspace.reextract` off the UI thread (it opens its own connection)."""

    progressed = Signal(int, int, str)
    done = Signal(list)
    crashed = Signal(str)

    def __init__(self, ws: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.cancel_requested = False

    def run(self) -> None:
        try:
            results = self.ws.reextract(
                progress=lambda i, n, name: self.progressed.emit(i, n, name),
                cancelled=lambda: self.cancel_requested,
            )
        except Exception as e:  # the window must survive whatever the pipeline throws
            self.crashed.emit(repr(e))
            return
        self.done.emit(results)


def reextract(win: Any) -> ReextractWorker | None:
    """Re-run extraction over the stored documents with the user's corrections, with the
    import's progress dialog (cancellable); the window's import slot machinery shows progress."""
    if win.import_worker is not None and win.import_worker.isRunning():
        return None
    win.progress_log = []
    dlg = QProgressDialog(tr("act.reextract"), tr("import.cancel"), 0, 0, win)
    dlg.setWindowTitle(tr("act.reextract"))
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(0)
    dlg.setAutoClose(False)
    dlg.setAutoReset(False)
    win.progress = dlg
    worker = ReextractWorker(win.state.ws, win)
    win.import_worker = worker
    worker.progressed.connect(win._import_progress)
    worker.crashed.connect(win._import_crashed)

    def done(results: list) -> None:
        win._close_progress()
        win.last_import = results
        bad = [r for r in results if r.status == "failed"]
        win.messages.show("msg.reextract_done", n=len(results) - len(bad), bad=len(bad))
        if bad:
            details = "\n".join(f"• {r.doc}: {r.message}" for r in bad)
            QMessageBox.warning(win, tr("act.reextract"), details)
        win.import_finished.emit(results)

    worker.done.connect(done)
    dlg.canceled.connect(win._cancel_import)
    dlg.show()
    worker.start()
    return worker
