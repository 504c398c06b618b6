"""The main window: canvas in the middle, filters on the left, details on the right."""

from __future__ import annotations

import math
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QThread, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QToolBar,
    QWidget,
)

import gui.strings_explorer  # noqa: F401  (registers the view, history and shortcut strings)
from graph.facts import group_facts
from graph.model import ENTITY_TYPES, SYMMETRIC, ImportResult
from gui.analysis import add_edge_dialog, add_entity_dialog, delete_edge, install_analysis, retype_dialog
from gui.canvas import CanvasBuilder, CanvasGraph, EdgeSpec, GraphCanvas, NodeSpec
from gui.detail import DetailPane
from gui.file_watch import GraphFileWatcher
from gui.filters import FiltersPanel
from gui.i18n import language, tr, type_name
from gui.layout_worker import LayoutController, TaskRunner, communities_of, pagerank_of
from gui.metrics_refresh import MetricsRefresher
from gui.palette import community_color, predicate_color, type_color
from gui.path_dialog import PathDialog
from gui.saved_views import SavedViews
from gui.search import SearchBox
from gui.shortcuts import ShortcutsDialog, unique_keys
from gui.state import EXPAND_LIMIT, Current, GraphState

MAX_RECENT = 8
SYNC_METRIC_ITEMS = 6000  # communities/PageRank of bigger graphs are computed on a worker thread
ASYNC_ITEMS = 12000  # nodes + edges above which the canvas geometry is built on a worker thread
VERSION = "0.1.0"


def format_info(fmt: str, spec: Any) -> tuple[str, str]:
    """(menu label, file extension) of an export format, whatever shape ``FORMATS`` uses."""

    def get(name: str) -> Any:
        if isinstance(spec, dict):
            return spec.get(name)
        return getattr(spec, name, None)

    ext = get("ext") or get("suffix") or get("extension")
    if isinstance(spec, tuple) and spec and isinstance(spec[0], str) and spec[0].startswith("."):
        ext = spec[0]
    label = get("label") or get("description") or get("name") or fmt
    if isinstance(spec, str):
        label = spec
    ext = str(ext or f".{fmt}")
    if not ext.startswith("."):
        ext = "." + ext
    return (f"{label}" if label == fmt else f"{label} ({fmt})", ext)


class ImportWorker(QThread):
    progressed = Signal(int, int, str)
    done = Signal(list)
    crashed = Signal(str)

    def __init__(
        self, ws: Any, paths: list[str], parent: QWidget | None = None, jobs: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ws, self.paths, self.jobs = ws, paths, jobs  # jobs None: one extraction process per core
        self.cancel_requested = False

    def run(self) -> None:
        try:
            results = self.ws.import_paths(
                self.paths,
                progress=lambda i, n, name: self.progressed.emit(i, n, name),
                cancelled=lambda: self.cancel_requested,
                jobs=self.jobs,
            )
        except Exception as e:  # the window must survive whatever the pipeline throws
            self.crashed.emit(repr(e))
            return
        self.done.emit(results)


class MainWindow(QMainWindow):
    import_finished = Signal(list)  # list[ImportResult]

    def __init__(self, ws: Any, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or QSettings("Zhitu", "Zhitu")
        lang = str(self.settings.value("language", "zh"))
        language().set(lang)
        self.state = GraphState()
        self.layouts = LayoutController(self.state, self)
        self.canvas = GraphCanvas(self)
        self.setCentralWidget(self.canvas)
        self.builder = CanvasBuilder(self)
        self.builder.ready.connect(self._adopt)
        self.tasks = TaskRunner(self)
        self.metrics_refresh = MetricsRefresher(self)
        self.metrics_refresh.finished.connect(self._metrics_refreshed)
        self.tasks.failed.connect(
            lambda err: (self._metrics_pending.clear(), self.statusBar().showMessage(err, 8000))
        )
        self._metrics_pending: set[str] = set()
        self._specs: tuple[list[NodeSpec], list[EdgeSpec]] = ([], [])
        self.detail = DetailPane(self.state)
        self.filters = FiltersPanel(self.state)
        self.search = SearchBox(self.state)
        self.path_dialog: PathDialog | None = None
        self.import_worker: ImportWorker | None = None
        self.progress: QProgressDialog | None = None
        self.progress_log: list[tuple[int, int, str]] = []
        self.last_import: list[ImportResult] = []
        self._fit_pending = True
        self._actions: dict[str, QAction] = {}
        self._menus: dict[str, QMenu] = {}
        self.setAcceptDrops(True)
        import assets  # resolves next to itself, also inside a PyInstaller bundle

        icon = assets.path("icons", "zhitu-256.png")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))

        self.dock_filters = QDockWidget(self)
        self.dock_filters.setObjectName("filters")
        self.dock_filters.setWidget(self.filters)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock_filters)
        self.dock_detail = QDockWidget(self)
        self.dock_detail.setObjectName("detail")
        self.dock_detail.setWidget(self.detail)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock_detail)
        self.resizeDocks([self.dock_filters, self.dock_detail], [250, 400], Qt.Orientation.Horizontal)

        self.status_counts = QLabel()
        self.status_layout = QLabel()
        self.statusBar().addWidget(self.status_counts, 1)
        self.statusBar().addPermanentWidget(self.status_layout)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._connect()
        install_analysis(self)  # tables, charts, console, duplicate review, edit history
        self._restore_preferences()
        self.set_workspace(ws)
        self.retranslate()
        self.resize(1500, 920)
        geo = self.settings.value("geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        st = self.settings.value("windowState")
        if st is not None:
            self.restoreState(st)

    # -- construction ----------------------------------------------------------------
    def _act(
        self, key: str, slot: Callable[[], Any], shortcut: Any = None, checkable: bool = False
    ) -> QAction:
        a = QAction(self)
        a.setProperty("i18n", key)
        if shortcut is not None:
            a.setShortcuts(unique_keys(shortcut))  # standard keys expanded, each key once
        a.setCheckable(checkable)
        if checkable:
            a.toggled.connect(lambda on: slot(on))
        else:
            a.triggered.connect(lambda: slot())
        self._actions[key] = a
        return a

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self._act("act.new", self.new_graph, K.New)
        self._act("act.open", self.open_graph_dialog, K.Open)
        self._act("act.import_files", self.import_files_dialog, "Ctrl+I")
        self._act("act.import_folder", self.import_folder_dialog, "Ctrl+Shift+I")
        self._act("act.export_png", self.export_png, "Ctrl+Shift+P")
        self._act("act.export_svg", self.export_svg)
        self._act("act.open_html", self.open_html, "Ctrl+Shift+H")
        self._act("act.quit", self.close, K.Quit)
        self._act("act.undo", lambda: self._edit(self.state.ws.undo), K.Undo)
        self._act(
            "act.redo",
            lambda: self._edit(self.state.ws.redo),
            [K.Redo, "Ctrl+Shift+Z", "Ctrl+Y"],
        )
        self._act("act.merge", self.merge_selected, "Ctrl+M")
        self._act("act.rename", self.rename_current, "F2")
        self._act("act.retype", self.retype_current)
        self._act("act.delete_edge", self.delete_current_edge, K.Delete)
        self._act("act.add_edge", self.add_edge_dialog)
        self._act("act.add_entity", lambda: add_entity_dialog(self))
        self._act("act.fit", self.canvas.fit, "Ctrl+0")
        self._act("act.show_all", self.state.show_all, "Ctrl+Shift+A")
        self._act("act.relayout", self.layouts.restart, "Ctrl+L")
        self._act(
            "act.community",
            lambda on: self.state.set_colour_mode("community" if on else "type"),
            "Ctrl+K",
            checkable=True,
        )
        self._act("act.labels", self.canvas.set_labels_visible, "Ctrl+Shift+L", checkable=True).setChecked(
            True
        )
        self._act("act.back", self.state.back, [K.Back, "Alt+Left"])
        self._act("act.forward", self.state.forward, [K.Forward, "Alt+Right"])
        self._act("act.path", lambda: self.open_path_dialog(), "Ctrl+P")
        self._act("act.expand_sel", self.expand_selected, "Ctrl+E")
        self._act("act.hide_sel", lambda: self.state.hide(set(self.state.selected)), "Ctrl+H")
        self._act("act.ego_sel", self.ego_selected, "Ctrl+G")
        self._act("act.search", self._focus_search, K.Find)
        self._act("act.about", self.about)
        self._act("act.shortcuts", self.show_shortcuts)
        self._act("act.save_view", lambda: self.save_view(), "Ctrl+Shift+S")
        self.layout_group = QActionGroup(self)
        for kind in ("force", "circular", "grouped"):
            a = self._act(
                f"layout.{kind}", lambda on, k=kind: on and self.layouts.set_kind(k), checkable=True
            )
            self.layout_group.addAction(a)
        self._actions["layout.force"].setChecked(True)
        self.size_group = QActionGroup(self)
        for kind in ("degree", "pagerank"):
            a = self._act(
                f"size.{kind}", lambda on, k=kind: on and self.state.set_size_mode(k), checkable=True
            )
            self.size_group.addAction(a)
        self._actions["size.degree"].setChecked(True)
        self.lang_group = QActionGroup(self)
        for code, text in (("zh", "中文"), ("en", "English")):
            a = QAction(text, self, checkable=True)
            a.setChecked(language().code == code)
            a.toggled.connect(lambda on, c=code: on and self.set_language(c))
            self.lang_group.addAction(a)
            self._actions[f"lang.{code}"] = a

    def _build_menus(self) -> None:
        mb = self.menuBar()
        A = self._actions

        def menu(key: str, parent: Any = mb) -> QMenu:
            m = parent.addMenu("")
            m.setProperty("i18n", key)
            self._menus[key] = m
            return m

        f = menu("menu.file")
        f.addActions([A["act.new"], A["act.open"]])
        self.recent_menu = menu("menu.recent", f)
        f.addSeparator()
        f.addActions([A["act.import_files"], A["act.import_folder"]])
        f.addSeparator()
        self.export_all_menu = menu("menu.export_all", f)
        self.export_view_menu = menu("menu.export_view", f)
        f.addActions([A["act.export_png"], A["act.export_svg"], A["act.open_html"]])
        f.addSeparator()
        f.addAction(A["act.quit"])
        e = menu("menu.edit")
        e.addActions([A["act.undo"], A["act.redo"]])
        e.addSeparator()
        e.addActions(
            [
                A["act.merge"],
                A["act.rename"],
                A["act.retype"],
                A["act.add_entity"],
                A["act.add_edge"],
                A["act.delete_edge"],
            ]
        )
        v = menu("menu.view")
        v.addActions([A["act.fit"], A["act.show_all"], A["act.relayout"]])
        lay = menu("menu.layout", v)
        lay.addActions(self.layout_group.actions())
        size = menu("menu.size", v)
        size.addActions(self.size_group.actions())
        v.addActions([A["act.community"], A["act.labels"]])
        v.addSeparator()
        self.views_menu = menu("menu.views", v)
        self.saved_views = SavedViews(self, self.state, self.views_menu, A["act.save_view"])
        panels = menu("menu.panels", v)
        panels.addActions([self.dock_filters.toggleViewAction(), self.dock_detail.toggleViewAction()])
        lang = menu("menu.language", v)
        lang.addActions(self.lang_group.actions())
        n = menu("menu.navigate")
        n.addActions([A["act.search"], A["act.back"], A["act.forward"], A["act.path"]])
        n.addSeparator()
        n.addActions([A["act.expand_sel"], A["act.hide_sel"], A["act.ego_sel"]])
        h = menu("menu.help")
        h.addActions([A["act.shortcuts"], A["act.about"]])

    def _build_toolbar(self) -> None:
        tb = QToolBar(self)
        tb.setObjectName("main")
        tb.setMovable(False)
        tb.setIconSize(QSize(18, 18))
        self.toolbar = tb
        self.addToolBar(tb)
        A = self._actions
        tb.addActions([A["act.back"], A["act.forward"]])
        tb.addSeparator()
        tb.addWidget(self.search)
        tb.addSeparator()
        tb.addActions([A["act.path"], A["act.fit"], A["act.show_all"]])
        tb.addSeparator()
        self.layout_combo = QComboBox()
        for kind in ("force", "circular", "grouped"):
            self.layout_combo.addItem("", kind)
        self.layout_combo.currentIndexChanged.connect(
            lambda i: self._actions[f"layout.{self.layout_combo.itemData(i)}"].setChecked(True)
        )
        tb.addWidget(self.layout_combo)
        self.size_combo = QComboBox()
        for kind in ("degree", "pagerank"):
            self.size_combo.addItem("", kind)
        self.size_combo.currentIndexChanged.connect(
            lambda i: self._actions[f"size.{self.size_combo.itemData(i)}"].setChecked(True)
        )
        tb.addWidget(self.size_combo)
        for combo in (self.layout_combo, self.size_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # menu and combo are two views of one choice: keep them in step
        for i, kind in enumerate(("force", "circular", "grouped")):
            A[f"layout.{kind}"].toggled.connect(lambda on, i=i: on and self.layout_combo.setCurrentIndex(i))
        for i, kind in enumerate(("degree", "pagerank")):
            A[f"size.{kind}"].toggled.connect(lambda on, i=i: on and self.size_combo.setCurrentIndex(i))
        tb.addAction(A["act.community"])

    def _connect(self) -> None:
        s, c = self.state, self.canvas
        s.view_changed.connect(self._rebuild_canvas)
        s.view_changed.connect(self._refit_after_layout)
        s.view_restored.connect(self._view_restored)
        s.reload_failed.connect(self._reload_failed)
        self.file_watch = GraphFileWatcher(s, self)
        self.file_watch.failed.connect(self._reload_failed)
        self.file_watch.reloaded.connect(lambda: self.statusBar().showMessage(tr("status.reloaded"), 5000))
        s.viewport_provider = self.canvas.viewport_state
        s.style_changed.connect(self._rebuild_canvas)
        s.style_changed.connect(self.layouts.request)  # node sizes changed: keep discs apart
        s.positions_changed.connect(self._positions)
        s.selection_changed.connect(lambda: c.set_selection(s.selected, s.current_edge()))
        s.current_changed.connect(self._current)
        s.highlight_changed.connect(lambda: c.set_highlight(s.highlight_nodes, s.highlight_edges))
        s.pinned_changed.connect(lambda: c.set_pinned(set(s.pinned)))
        s.graph_changed.connect(self._update_status)
        s.store_changed.connect(self._refresh_metrics_later)
        c.node_clicked.connect(self._node_clicked)
        c.node_double_clicked.connect(self.expand)
        c.edge_clicked.connect(s.select_edge)
        c.background_clicked.connect(self._background_clicked)
        c.rubber_band_selected.connect(lambda iris: s.select(iris) if iris else None)
        c.context_requested.connect(self._context_menu)
        c.node_dragged.connect(lambda iri, x, y: s.pin(iri, True, (x, y)))
        self.search.entity_chosen.connect(self.focus_entity)
        self.search.not_found.connect(lambda q: self.statusBar().showMessage(tr("search.none", q=q), 4000))
        self.layouts.busy.connect(lambda b: self.status_layout.setText(tr("status.layout") if b else ""))
        self.layouts.finished.connect(self._layout_finished)
        # a bound method, not a lambda: Qt drops the connection when this widget dies
        language().changed.connect(self._language_changed)

    # -- workspace ------------------------------------------------------------------------
    def set_workspace(self, ws: Any) -> None:
        old = self.state.ws
        if old is not None and old is not ws:
            self.saved_views.save_last_picture()
        self._fit_pending = True
        self.state.filters = self.filters.current()
        self.state.set_workspace(ws)
        if self.filters.current() != self.state.filters:  # e.g. document ids of the old graph
            self.filters.apply()
        if old is not None and old is not ws:
            old.close()
        self._remember(ws)
        self.saved_views.open_last_picture()
        self._populate_export_menus()
        self._update_title()
        self._update_status()
        self._refresh_metrics_later(now=True)

    # -- a big graph's cached metrics -----------------------------------------------------------
    def _refresh_metrics_later(self, now: bool = False) -> None:
        """Big graph: recompute its cached centrality/communities in a worker once they are stale."""
        ws = self.state.ws
        if not self.state.large or ws is None or ws.readonly or str(ws.path) == ":memory:":
            return
        try:
            if ws.metrics_fresh():
                return
        except Exception:  # a damaged file: the reload reports it
            return
        self.status_layout.setText(tr("status.analytics"))
        self.metrics_refresh.request(str(ws.path), now=now)

    def _metrics_refreshed(self, result: Any) -> None:
        self.status_layout.setText("")
        if isinstance(result, Exception):
            self.statusBar().showMessage(tr("msg.metrics_failed", err=str(result)), 8000)
            return
        ws = self.state.ws
        if result.get("status") == "saved" and ws is not None and not ws.closed:
            ws.changed_on_disk()  # the worker's write: reloaded here, not again by the file watch
            ws.refresh()

    def _remember(self, ws: Any) -> None:
        p = str(getattr(ws, "path", ""))
        if not p or p == ":memory:":
            return
        recent = [r for r in self._recent() if r != p]
        self.settings.setValue("recent", [p, *recent][:MAX_RECENT])
        self._populate_recent()

    def _recent(self) -> list[str]:
        v = self.settings.value("recent", [])
        if isinstance(v, str):
            v = [v]
        return [str(x) for x in (v or [])]

    def _populate_recent(self) -> None:
        self.recent_menu.clear()
        for p in self._recent():
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _=False, p=p: self.open_graph(p))
        self.recent_menu.setEnabled(bool(self._recent()))

    def _populate_export_menus(self) -> None:
        self.export_all_menu.clear()
        self.export_view_menu.clear()
        try:
            formats = self.state.ws.formats()
        except Exception:  # graph.export not importable: the menus stay empty
            formats = {}
        for fmt, spec in formats.items():
            label, _ = format_info(fmt, spec)
            self.export_all_menu.addAction(label).triggered.connect(
                lambda _=False, f=fmt: self.export_graph(f, view=False)
            )
            self.export_view_menu.addAction(label).triggered.connect(
                lambda _=False, f=fmt: self.export_graph(f, view=True)
            )

    def open_graph(self, path: str | Path) -> bool:
        from graph.api import open_workspace

        try:
            ws = open_workspace(path, demo_if_new=False)
        except Exception as e:
            QMessageBox.warning(self, tr("app.title"), tr("msg.open_failed", err=e))
            return False
        self.set_workspace(ws)
        return True

    def new_graph(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("act.new"), str(Path.home() / "zhitu.db"), tr("file.graph_filter")
        )
        if path:
            p = Path(path)
            if p.exists():
                p.unlink()
            self.open_graph(p)

    def open_graph_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("act.open"), str(Path.home()), tr("file.graph_filter"))
        if path:
            self.open_graph(path)

    # -- canvas content -------------------------------------------------------------------------
    def _rebuild_canvas(self) -> None:
        s = self.state
        if s.ws is None:  # preferences restored before a graph is open
            return
        view = s.view
        deg = s.degrees()
        pr = s.pagerank() if s.size_mode == "pagerank" and self._ensure_metric("pagerank") else None
        metric = pr if pr is not None else {k: float(v) for k, v in deg.items()}
        top = max((metric.get(i, 0.0) for i in view.nodes), default=1.0) or 1.0
        # until a big graph's communities arrive from the worker, type colours stand in
        comm = (
            s.communities() if s.colour_mode == "community" and self._ensure_metric("communities") else None
        )
        nodes = []
        for iri, n in view.nodes.items():
            if comm is not None:
                color, ring = community_color(comm.get(iri, -1)), None
            else:
                color = type_color(n.type)
                ring = type_color(n.types[1]) if len(n.types) > 1 else None
            r = 7.0 + 21.0 * math.sqrt(max(metric.get(iri, 0.0), 0.0) / top)
            tip = f"<b>{n.label}</b><br>{' / '.join(type_name(t) for t in n.types)}<br>{tr('detail.degree')}: {deg.get(iri, 0)}"
            nodes.append(NodeSpec(iri, n.label, color, r, tip, ring))
        # one edge per fact: repeated statements of (s, p, o) are drawn once, thicker
        edges = [
            EdgeSpec(f.id, f.s, f.o, f.p, predicate_color(f.p), f.p not in SYMMETRIC, f.count)
            for f in group_facts(view.edges)
        ]
        self._specs = (nodes, edges)
        s.radii = {n.iri: n.radius for n in nodes}
        if len(nodes) + len(edges) > ASYNC_ITEMS:
            self.builder.submit(nodes, edges, s.positions)
            return
        self.canvas.set_graph(nodes, edges, s.positions)
        self._canvas_updated()

    def _adopt(self, graph: CanvasGraph) -> None:
        self.canvas.adopt(graph)
        self._canvas_updated()

    def _canvas_updated(self) -> None:
        s = self.state
        self.canvas.set_selection(s.selected, s.current_edge())
        self.canvas.set_highlight(s.highlight_nodes, s.highlight_edges)
        self.canvas.set_pinned(set(s.pinned))
        self._update_legend()
        self._update_status()
        self._fit_if_pending()

    def is_idle(self) -> bool:
        """No layout or canvas build under way (what tests and --screenshot wait for)."""
        return self.layouts.is_idle() and self.builder.is_idle() and self.tasks.is_idle()

    def _ensure_metric(self, kind: str) -> bool:
        """True when communities/PageRank are at hand; big graphs compute them off the UI thread."""
        s = self.state
        if (s.communities() if kind == "communities" else s.pagerank()) is not None:
            return True
        snap = s.full
        if len(snap.nodes) + len(snap.edges) <= SYNC_METRIC_ITEMS:
            try:
                if s.large:  # no cache yet: the loaded part's own, until the worker's arrive
                    if kind == "communities":
                        s._communities = communities_of(snap)
                    else:
                        s._pagerank = pagerank_of(snap)
                elif kind == "communities":
                    s._communities = s.ws.communities()
                else:
                    s._pagerank = s.ws.centrality("pagerank")
            except Exception as e:
                self.statusBar().showMessage(str(e), 8000)
                return False
            return True
        if kind not in self._metrics_pending:
            self._metrics_pending.add(kind)
            self.status_layout.setText(tr("status.analytics"))
            fn = communities_of if kind == "communities" else pagerank_of
            self.tasks.submit(fn, snap, callback=lambda r, k=kind, g=snap: self._metric_ready(k, g, r))
        return False

    def _metric_ready(self, kind: str, snap: Any, result: Any) -> None:
        self._metrics_pending.discard(kind)
        if not self._metrics_pending:
            self.status_layout.setText("")
        if kind == "communities":
            self.state.set_communities(result, snap)
        else:
            self.state.set_pagerank(result, snap)

    def _update_legend(self) -> None:
        s = self.state
        comm = s.communities() if s.colour_mode == "community" else None
        if comm is not None:
            count = Counter(comm.get(i, -1) for i in s.view.nodes)
            deg = s.degrees()
            entries = []
            for c, k in count.most_common(10):
                members = [i for i in s.view.nodes if comm.get(i, -1) == c]
                hub = max(members, key=lambda i: deg.get(i, 0))
                entries.append(
                    (community_color(c), f"{tr('legend.community', n=c)} · {s.view.nodes[hub].label}", k)
                )
        else:
            count = Counter(n.type for n in s.view.nodes.values())
            order = [t for t in ENTITY_TYPES if count[t]] + [t for t in count if t not in ENTITY_TYPES]
            entries = [(type_color(t), type_name(t), count[t]) for t in order]
        self.canvas.legend.set_entries(tr("legend.title"), entries)

    def _positions(self) -> None:
        nodes, edges = self._specs
        if len(nodes) + len(edges) > ASYNC_ITEMS:
            # the newest specs, not the canvas's graph: a build of them may still be on its way
            self.builder.submit(nodes, edges, self.state.positions)
            return
        self.canvas.set_positions(self.state.positions)
        self._fit_if_pending()

    def _layout_finished(self) -> None:
        self._fit_if_pending()

    def _reload_failed(self, err: str) -> None:
        self.statusBar().showMessage(tr("msg.reload_failed", err=err).splitlines()[0], 10000)
        if self.isVisible():  # a window being torn down keeps it to the status bar
            QMessageBox.warning(self, tr("app.title"), tr("msg.reload_failed", err=err))

    def _view_restored(self, view: Any) -> None:
        """Back/Forward/saved view: the filter panel shows its filters, the canvas its zoom."""
        self.filters.show_filters(view.filters)
        if view.zoom and view.centre:
            self._fit_pending = False
            if self.canvas.isVisible():
                self.canvas.set_viewport_state(view.zoom, view.centre)
            else:  # reopening: the canvas has no size yet
                self._pending_viewport = (view.zoom, view.centre)
        self._update_status()

    # -- saved views (kept in the graph file; gui/saved_views.py) -------------------------------
    def save_view(self, name: str | None = None) -> bool:
        return self.saved_views.save(name)

    def open_saved_view(self, name: str) -> bool:
        return self.saved_views.open(name)

    def _refit_after_layout(self) -> None:
        """Every view change ends in a picture that fits, labels included."""
        self._fit_pending = True

    def _fit_if_pending(self) -> None:
        if self._fit_pending and self.canvas.isVisible() and self.is_idle():
            self._fit_pending = False
            self.canvas.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        pending, self._pending_viewport = getattr(self, "_pending_viewport", None), None
        if pending is not None:
            QApplication.processEvents()  # the canvas gets its size first
            self.canvas.set_viewport_state(*pending)
        self._fit_if_pending()

    def _facts(self, edges: tuple) -> int:
        """How many facts (drawn edges) ``edges`` make; remembered for the last two tuples seen."""
        from graph.facts import fact_key

        memo = self.__dict__.setdefault("_fact_counts", {})
        key = id(edges)
        if key not in memo or memo[key][0] is not edges:
            if len(memo) > 1:
                memo.clear()
            memo[key] = (edges, len({fact_key(e) for e in edges}))
        return memo[key][1]

    def _update_status(self) -> None:
        s = self.state
        if s.large:
            text = tr(
                "status.counts_large",
                vn=len(s.view.nodes),
                n=len(s.full.nodes),
                total=s.totals[0],
                vf=self._facts(s.view.edges),
                te=s.totals[1],
                d=s.totals[2],
            )
        else:
            text = tr(
                "status.counts",
                vn=len(s.view.nodes),
                n=len(s.full.nodes),
                vf=self._facts(s.view.edges),
                f=self._facts(s.full.edges),
                e=len(s.full.edges),
                d=len(s.full.documents),
            )
        self.status_counts.setText(text)
        self._actions["act.back"].setEnabled(s.can_back())
        self._actions["act.forward"].setEnabled(s.can_forward())

    def _update_title(self) -> None:
        p = getattr(self.state.ws, "path", None)
        self.setWindowTitle(f"{tr('app.title')} — {Path(str(p)).name}" if p else tr("app.title"))

    # -- interaction --------------------------------------------------------------------------------
    def _node_clicked(self, iri: str, mods: Any) -> None:
        add = bool(mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
        if add:
            self.state.select([iri], add=True)
        else:
            self.state.select([iri])

    def _background_clicked(self) -> None:
        self.state.selected = set()
        self.state.clear_highlight()
        self.state.selection_changed.emit()

    def _current(self, cur: Current | None) -> None:
        self.canvas.set_selection(self.state.selected, self.state.current_edge())
        self._update_status()

    def focus_entity(self, iri: str) -> None:
        """Search result chosen: make sure it is shown, select it and centre on it."""
        self.state.ensure_visible([iri])
        self.state.select([iri])
        self.canvas.center_on(iri)

    def expand(self, iri: str) -> set[str]:
        added = self.state.expand(iri)
        self.state.select([iri])
        self._say_left_out()
        return added

    def _say_left_out(self) -> None:
        if self.state.large and self.state.left_out > 0:
            self.statusBar().showMessage(tr("status.left_out", n=self.state.left_out, k=EXPAND_LIMIT), 10000)

    def expand_selected(self) -> None:
        for iri in list(self.state.selected):
            self.state.expand(iri)

    def ego_selected(self) -> None:
        iri = self.state.current_entity() or next(iter(self.state.selected), None)
        if iri is not None:
            self.state.ego(iri, 1)
            self._say_left_out()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_path_dialog(self, a: str | None = None, b: str | None = None) -> PathDialog:
        if self.path_dialog is None:
            self.path_dialog = PathDialog(self.state, self)
        self.path_dialog.set_ends(a or self.state.current_entity(), b)
        self.path_dialog.show()
        self.path_dialog.raise_()
        return self.path_dialog

    def _context_menu(self, kind: str, ident: str, pos: Any) -> None:
        m = self.context_menu(kind, ident)
        m.exec(pos)

    def context_menu(self, kind: str, ident: str) -> QMenu:
        s = self.state
        m = QMenu(self)
        if kind == "node":
            m.addAction(tr("ctx.expand")).triggered.connect(lambda: self.expand(ident))
            m.addAction(tr("ctx.hide")).triggered.connect(
                lambda: s.hide(s.selected | {ident} if ident in s.selected else {ident})
            )
            pinned = ident in s.pinned
            m.addAction(tr("ctx.unpin" if pinned else "ctx.pin")).triggered.connect(
                lambda: s.pin(ident, not pinned)
            )
            ego = m.addMenu(tr("ctx.ego", n="N"))
            for hops in (1, 2, 3):
                ego.addAction(tr("ctx.ego", n=hops)).triggered.connect(
                    lambda _=False, h=hops: s.ego(ident, h)
                )
            m.addAction(tr("ctx.path_to")).triggered.connect(lambda: self.open_path_dialog(ident))
            m.addSeparator()
            m.addAction(tr("ctx.details")).triggered.connect(
                lambda: (s.select([ident]), self.dock_detail.show())
            )
        elif kind == "edge":
            m.addAction(tr("ctx.details")).triggered.connect(lambda: s.select_edge(ident))
            m.addAction(tr("ctx.delete_edge")).triggered.connect(lambda: delete_edge(self, ident))
        else:
            m.addActions(
                [self._actions["act.fit"], self._actions["act.show_all"], self._actions["act.relayout"]]
            )
        return m

    # -- import -----------------------------------------------------------------------------------
    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, tr("act.import_files"), str(Path.home()), tr("file.import_filter")
        )
        if files:
            self.import_paths(files)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("act.import_folder"), str(Path.home()))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> None:
        if self.import_worker is not None and self.import_worker.isRunning():
            return
        self.progress_log = []
        self.progress = QProgressDialog(tr("import.title"), tr("import.cancel"), 0, 0, self)
        self.progress.setWindowTitle(tr("import.title"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.import_worker = ImportWorker(self.state.ws, [str(p) for p in paths], self)
        self.import_worker.progressed.connect(self._import_progress)
        self.import_worker.done.connect(self._import_done)
        self.import_worker.crashed.connect(self._import_crashed)
        self.progress.canceled.connect(self._cancel_import)
        self.progress.show()
        # our own import reloads the view once, when it is done: not at every poll while it writes
        self.file_watch.timer.stop()
        self.import_worker.start()

    def _cancel_import(self) -> None:
        if self.import_worker is not None:
            self.import_worker.cancel_requested = True

    def _import_progress(self, i: int, n: int, name: str) -> None:
        self.progress_log.append((i, n, name))
        dlg = self.progress
        if dlg is None:
            return
        # label first: a modal QProgressDialog.setValue() processes events, and the
        # "done" slot may close the dialog inside it
        if name:
            dlg.setLabelText(tr("import.progress", name=name, i=i + 1, n=n))
        dlg.setMaximum(max(n, 1))
        dlg.setValue(i)

    def _close_progress(self) -> None:
        dlg, self.progress = self.progress, None
        if dlg is not None:
            dlg.canceled.disconnect(self._cancel_import)
            dlg.close()
            dlg.deleteLater()
        if self.import_worker is not None:
            self.import_worker.wait()
        ws = self.state.ws
        if ws is not None and not ws.closed:
            try:
                ws.changed_on_disk()  # the import's own writes: already reloaded
            except Exception:  # the file went away meanwhile: the next poll says so
                pass
            self.file_watch.timer.start()

    def _import_done(self, results: list[ImportResult]) -> None:
        self._close_progress()
        self.last_import = results
        ok = sum(r.status in ("imported", "replaced") for r in results)
        same = sum(r.status == "unchanged" for r in results)
        bad = [r for r in results if r.status == "failed"]
        summary = self.messages.show("import.done", ok=ok, same=same, bad=len(bad))  # retranslated later
        if bad:
            details = "\n".join(f"• {r.doc}: {r.message}" for r in bad)
            QMessageBox.warning(self, tr("import.title"), f"{summary}\n\n{tr('import.failed')}\n{details}")
        self.import_finished.emit(results)

    def _import_crashed(self, err: str) -> None:
        self._close_progress()
        self.last_import = []
        QMessageBox.critical(self, tr("import.title"), err)
        self.import_finished.emit([])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- export -------------------------------------------------------------------------------------
    def export_graph(self, fmt: str, view: bool = False) -> Path | None:
        label, ext = format_info(fmt, self.state.ws.formats().get(fmt))
        default = str(Path.home() / f"zhitu{'-view' if view else ''}{ext}")
        path, _ = QFileDialog.getSaveFileName(self, label, default, f"{label} (*{ext});;* (*)")
        if not path:
            return None
        try:
            written = self.state.ws.export(
                fmt, path, snapshot=self.state.view if view else None, positions=self.canvas.positions()
            )
        except Exception as e:
            QMessageBox.warning(self, tr("app.title"), tr("export.failed", err=e))
            return None
        files = _paths(written) or [Path(path)]
        self.statusBar().showMessage(tr("export.done", path=", ".join(str(f) for f in files)), 8000)
        return files[0]

    def export_png(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("act.export_png"), str(Path.home() / "zhitu.png"), "PNG (*.png)"
        )
        if not path:
            return None
        try:
            self.canvas.save_png(path)
        except OSError as e:
            QMessageBox.warning(self, tr("app.title"), tr("export.failed", err=e))
            return None
        self.statusBar().showMessage(tr("export.done", path=path), 8000)
        return Path(path)

    def export_svg(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("act.export_svg"), str(Path.home() / "zhitu.svg"), "SVG (*.svg)"
        )
        if not path:
            return None
        try:
            self.canvas.render_svg(path, title=tr("app.title"))
        except OSError as e:
            QMessageBox.warning(self, tr("app.title"), tr("export.failed", err=e))
            return None
        self.statusBar().showMessage(tr("export.done", path=path), 8000)
        return Path(path)

    def open_html(self) -> Path | None:
        fmt = next((f for f in self.state.ws.formats() if "html" in f.lower()), "html")
        fd, name = tempfile.mkstemp(prefix="zhitu-", suffix=".html")
        import os

        os.close(fd)
        try:
            written = self.state.ws.export(
                fmt, name, snapshot=self.state.view, positions=self.canvas.positions()
            )
        except Exception as e:
            QMessageBox.warning(self, tr("app.title"), tr("export.failed", err=e))
            return None
        out = (_paths(written) or [Path(name)])[0]
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        return out

    # -- editing -------------------------------------------------------------------------------------
    def _edit(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except Exception as e:
            QMessageBox.warning(self, tr("app.title"), tr("edit.failed", err=e))
            return None

    def merge_selected(self) -> None:
        sel = list(self.state.selected)
        if len(sel) != 2:
            QMessageBox.information(self, tr("act.merge"), tr("edit.select_two"))
            return
        nodes = self.state.full.nodes
        cur = self.state.current_entity()
        sel.sort(key=lambda i: i != cur)
        # names and types, not IRIs; a degree tells two same-named entities apart
        deg = self.state.degrees()
        labels = [
            f"{nodes[i].label}  〔{' / '.join(type_name(t) for t in nodes[i].types)} · {tr('detail.degree')} {deg.get(i, 0)}〕"
            for i in sel
        ]
        choice, ok = QInputDialog.getItem(self, tr("act.merge"), tr("edit.keep"), labels, 0, False)
        if ok:
            keep = sel[labels.index(choice)]
            drop = sel[1 - labels.index(choice)]
            self._edit(self.state.ws.merge, keep, drop)
            self.state.select([keep])

    def _current_entity_or_tell(self, action: str) -> str | None:
        """The current entity; when there is none, say so in a box titled by ``action``."""
        iri = self.state.current_entity()
        if iri is None:
            QMessageBox.information(self, tr(action), tr("msg.no_selection"))
        return iri

    def rename_current(self) -> None:
        iri = self._current_entity_or_tell("act.rename")
        if iri is None:
            return
        name, ok = QInputDialog.getText(
            self, tr("act.rename"), tr("edit.new_name"), text=self.state.node(iri).label
        )
        if ok and name.strip():
            self._edit(self.state.ws.rename, iri, name.strip())

    def retype_current(self) -> None:
        iri = self._current_entity_or_tell("act.retype")
        if iri is None:
            return
        retype_dialog(self, iri)  # the nine types as checkboxes in the UI language

    def delete_current_edge(self) -> None:
        eid = self.state.current_edge()
        if eid is None:
            QMessageBox.information(self, tr("act.delete_edge"), tr("msg.no_edge"))
            return
        delete_edge(self, eid)  # every statement of the fact; says what it deleted and how to undo

    def add_edge_dialog(self) -> None:
        s_iri = self._current_entity_or_tell("act.add_edge")
        if s_iri is None:
            return
        add_edge_dialog(self, s_iri)  # target from completion, predicates the two types allow

    # -- misc -------------------------------------------------------------------------------------------
    def show_shortcuts(self) -> ShortcutsDialog:
        dlg = ShortcutsDialog(self._actions.values(), self)
        dlg.show()
        return dlg

    def about(self) -> None:
        QMessageBox.about(self, tr("act.about"), tr("about.text", version=VERSION))

    def set_language(self, code: str) -> None:
        language().set(code)
        self.settings.setValue("language", code)

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        for key, a in self._actions.items():
            if a.property("i18n"):
                a.setText(tr(key))
        for key, m in self._menus.items():
            m.setTitle(tr(key))
        self.dock_filters.setWindowTitle(tr("dock.filters"))
        self.dock_detail.setWindowTitle(tr("dock.detail"))
        for i, kind in enumerate(("force", "circular", "grouped")):
            self.layout_combo.setItemText(i, tr(f"layout.{kind}"))
        for i, kind in enumerate(("degree", "pagerank")):
            self.size_combo.setItemText(i, tr(f"size.{kind}"))
        self._update_title()
        self._update_status()
        if self.state.ws is not None and self.canvas.graph.nodes:
            self._rebuild_canvas()  # tooltips and legend carry translated type names

    def _restore_preferences(self) -> None:
        """Layout kind, node size, colouring and labels as the user left them."""
        A = self._actions
        kind = str(self.settings.value("view/layout", "force"))
        if f"layout.{kind}" in A:
            self.state.layout_kind = kind
            A[f"layout.{kind}"].setChecked(True)
        size = str(self.settings.value("view/size", "degree"))
        if f"size.{size}" in A:
            A[f"size.{size}"].setChecked(True)
        A["act.community"].setChecked(str(self.settings.value("view/colour", "type")) == "community")
        A["act.labels"].setChecked(str(self.settings.value("view/labels", "true")).lower() != "false")

    def _save_preferences(self) -> None:
        s = self.settings
        s.setValue("view/layout", self.state.layout_kind)
        s.setValue("view/size", self.state.size_mode)
        s.setValue("view/colour", self.state.colour_mode)
        s.setValue("view/labels", "true" if self._actions["act.labels"].isChecked() else "false")

    def closeEvent(self, event) -> None:
        self.file_watch.timer.stop()
        self.filters._timer.stop()
        self._save_preferences()
        self.saved_views.save_last_picture()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        if self.import_worker is not None and self.import_worker.isRunning():
            self.import_worker.cancel_requested = True
            self.import_worker.wait(10000)
        self.layouts.wait(5000)
        self.builder.wait(5000)
        self.tasks.wait(5000)
        self.metrics_refresh.shutdown()
        super().closeEvent(event)


def _paths(written: Any) -> list[Path]:
    """``Workspace.export`` returns the files written (older versions: one path)."""
    if written is None:
        return []
    if isinstance(written, str | Path):
        return [Path(written)]
    return [Path(p) for p in written]


def app_instance() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
