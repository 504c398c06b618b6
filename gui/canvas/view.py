"""The network canvas: a QGraphicsView over two batched layer items.

It knows nodes and edges only as :class:`NodeSpec`/:class:`EdgeSpec` plus
positions; what they mean is the business of :mod:`gui.state`. User gestures
come out as signals (napari-style: the view never edits the model itself).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QRectF, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QMouseEvent, QPainter, QTransform, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QToolTip, QWidget

from gui.canvas.legend import Legend
from gui.canvas.scene import LABEL_MAX_CHARS, CanvasGraph, EdgeLayer, EdgeSpec, Emphasis, NodeLayer, NodeSpec

BACKGROUND = QColor("#FAFBFC")
AA_NODE_LIMIT = 6000  # above this many nodes in view, antialiasing costs more than it shows


class _BuildSignals(QObject):
    done = Signal(int, object)


class _BuildJob(QRunnable):
    def __init__(
        self, gen: int, nodes: list[NodeSpec], edges: list[EdgeSpec], pos: dict, signals: _BuildSignals
    ):
        super().__init__()
        self.gen, self.nodes, self.edges, self.pos, self.signals = gen, nodes, edges, pos, signals

    def run(self) -> None:
        # CanvasGraph holds only value types (QPointF, QLineF, QPainterPath, QColor):
        # building one off the GUI thread is safe as long as nobody else touches it yet
        self.signals.done.emit(self.gen, CanvasGraph(self.nodes, self.edges, self.pos))


class CanvasBuilder(QObject):
    """Builds big :class:`CanvasGraph` s on a worker thread; only the newest result is kept.

    At 20k nodes / 60k edges the geometry takes ~1-2 s of Python, which would freeze
    the window on every filter click or layout result.
    """

    ready = Signal(object)  # CanvasGraph

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _BuildSignals()
        self._signals.done.connect(self._done)
        self._gen = 0
        self._pending = 0

    def submit(self, nodes: list[NodeSpec], edges: list[EdgeSpec], pos: dict) -> None:
        self._gen += 1
        self._pending += 1
        self.pool.start(_BuildJob(self._gen, nodes, edges, dict(pos), self._signals))

    def _done(self, gen: int, graph: CanvasGraph) -> None:
        self._pending -= 1
        if gen == self._gen:
            self.ready.emit(graph)

    def is_idle(self) -> bool:
        return self._pending == 0

    def wait(self, msecs: int = 30000) -> None:
        self.pool.waitForDone(msecs)


class GraphCanvas(QGraphicsView):
    node_clicked = Signal(str, object)  # iri, Qt.KeyboardModifiers
    node_double_clicked = Signal(str)
    edge_clicked = Signal(str)
    background_clicked = Signal()
    rubber_band_selected = Signal(list)  # iris inside the band
    context_requested = Signal(str, str, QPoint)  # "node"/"edge"/"", id, global position
    node_dragged = Signal(str, float, float)  # iri, new scene position (the state pins it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self._scene)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(BACKGROUND)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setOptimizationFlags(
            QGraphicsView.OptimizationFlag.DontSavePainterState
            | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
        )
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setMouseTracking(True)
        self.setAcceptDrops(False)  # the main window takes dropped files
        self.graph = CanvasGraph([], [], {})
        self.emphasis = Emphasis()
        self._edges: EdgeLayer | None = None
        self._nodes: NodeLayer | None = None
        self._band = QRectF()
        self._press: QPointF | None = None
        self._dragging: int | None = None
        self._drag_moved = False
        self._fitted_once = False
        self.legend = Legend(self)
        self.legend.move(10, 10)

    # -- content ------------------------------------------------------------------
    def set_graph(
        self,
        nodes: list[NodeSpec],
        edges: list[EdgeSpec],
        pos: dict[str, tuple[float, float]],
    ) -> None:
        """Replace what is drawn; keeps selection and pins by IRI."""
        self.adopt(CanvasGraph(nodes, edges, pos))

    def adopt(self, graph: CanvasGraph) -> None:
        """Show a prepared :class:`CanvasGraph` (built here or by :class:`CanvasBuilder`)."""
        old = self.graph
        keep_sel = {old.nodes[i].iri for i in self.emphasis.selected if i < len(old.nodes)}
        keep_pin = {old.nodes[i].iri for i in self.emphasis.pinned if i < len(old.nodes)}
        self.graph = graph
        self._scene.clear()
        self._edges = EdgeLayer(self.graph, self.emphasis)
        self._nodes = NodeLayer(self.graph, self.emphasis)
        self._edges.setZValue(0)
        self._nodes.setZValue(1)
        self._scene.addItem(self._edges)
        self._scene.addItem(self._nodes)
        self.emphasis.hover = None
        self.emphasis.edge = None
        self.emphasis.selected = {self.graph.index[i] for i in keep_sel if i in self.graph.index}
        self.emphasis.pinned = {self.graph.index[i] for i in keep_pin if i in self.graph.index}
        self.emphasis.path_nodes = set()
        self.emphasis.path_edges = set()
        self._update_scene_rect()
        self._update_hints()

    def set_positions(self, pos: dict[str, tuple[float, float]]) -> None:
        if self._edges is not None and self._nodes is not None:  # before the bounds change
            self._edges.prepareGeometryChange()
            self._nodes.prepareGeometryChange()
        self.graph.set_positions(pos)
        self._update_scene_rect()
        self.viewport().update()

    def positions(self) -> dict[str, tuple[float, float]]:
        g = self.graph
        return {n.iri: (g.x[i], g.y[i]) for i, n in enumerate(g.nodes)}

    def _update_scene_rect(self) -> None:
        b = self.graph.bounds
        m = max(b.width(), b.height(), 800.0)
        # generous margins so that drag-panning works even when the graph fits the view
        self._scene.setSceneRect(b.adjusted(-m, -m, m, m))

    # -- emphasis -------------------------------------------------------------------
    def set_selection(self, iris: set[str] | list[str], edge_id: str | None = None) -> None:
        idx = self.graph.index
        self.emphasis.selected = {idx[i] for i in iris if i in idx}
        self.emphasis.edge = self.graph.edge_index.get(edge_id) if edge_id else None
        self.viewport().update()

    def set_highlight(self, iris: set[str], edge_ids: set[str]) -> None:
        idx, eidx = self.graph.index, self.graph.edge_index
        self.emphasis.path_nodes = {idx[i] for i in iris if i in idx}
        self.emphasis.path_edges = {eidx[e] for e in edge_ids if e in eidx}
        self.viewport().update()

    def set_pinned(self, iris: set[str]) -> None:
        self.emphasis.pinned = {self.graph.index[i] for i in iris if i in self.graph.index}
        self.viewport().update()

    def set_labels_visible(self, on: bool) -> None:
        self.emphasis.labels = on
        self.viewport().update()

    # -- view control -----------------------------------------------------------------
    def fit(self) -> None:
        """Show every node, and the labels right of the discs, inside the viewport."""
        if not self.graph.nodes:
            return
        scale, centre = fit_transform(
            self.graph,
            self.viewport().width(),
            self.viewport().height(),
            self._label_widths() if self.emphasis.labels else None,
        )
        self.setTransform(QTransform.fromScale(scale, scale))
        self.centerOn(centre)
        self._fitted_once = True
        self._update_hints()

    def _label_widths(self) -> list[float]:
        """Screen width of each node's label as :class:`NodeLayer` draws it (bold: the widest)."""
        font = QFont(self.font())
        font.setPointSizeF(9.0)
        font.setBold(True)
        fm = QFontMetricsF(font)
        out = []
        for n in self.graph.nodes:
            label = n.label if len(n.label) <= LABEL_MAX_CHARS else n.label[: LABEL_MAX_CHARS - 1] + "…"
            out.append(fm.horizontalAdvance(label) + 8)
        return out

    def center_on(self, iri: str, zoom_in: bool = False) -> None:
        i = self.graph.index.get(iri)
        if i is None:
            return
        if zoom_in and self.zoom() < 0.9:
            self.setTransform(self.transform().fromScale(1.0, 1.0))
        self.centerOn(QPointF(self.graph.x[i], self.graph.y[i]))
        self._update_hints()

    def viewport_state(self) -> tuple[float, tuple[float, float]]:
        """(zoom, scene point at the centre of the viewport)."""
        c = self.mapToScene(self.viewport().rect().center())
        return self.zoom(), (c.x(), c.y())

    def set_viewport_state(self, zoom: float, centre: tuple[float, float]) -> None:
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.centerOn(QPointF(*centre))
        self._update_hints()

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        z = self.zoom() * factor
        if 0.005 <= z <= 40:
            self.scale(factor, factor)
        self._update_hints()

    def _update_hints(self) -> None:
        """Antialias unless so many nodes are in view that it would make panning stutter."""
        n = len(self.graph.nodes)
        visible = n
        if n > AA_NODE_LIMIT:
            area = self.mapToScene(self.viewport().rect()).boundingRect()
            b = self.graph.bounds
            inter = area.intersected(b)
            frac = (inter.width() * inter.height()) / max(b.width() * b.height(), 1.0)
            visible = int(n * frac)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, visible <= AA_NODE_LIMIT)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    # -- rendering to files ---------------------------------------------------------------
    def render_image(self, scale: float = 2.0) -> QImage:
        """The current view at ``scale`` times the screen resolution (for PNG export)."""
        size = self.viewport().size() * scale
        img = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(BACKGROUND)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.render(p, QRectF(0, 0, size.width(), size.height()), self.viewport().rect())
        self.legend.render(p, QPoint(int(10 * scale), int(10 * scale)))
        p.end()
        return img

    def save_png(self, path: str | Path, scale: float = 2.0) -> None:
        """The view with its legend as PNG, written atomically (temp file + rename)."""
        from PySide6.QtCore import QBuffer, QIODevice

        from graph.export.atomic import atomic_binary

        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.render_image(scale).save(buf, "PNG"):
            raise OSError(f"cannot encode {path} as PNG")
        with atomic_binary(Path(path)) as f:
            f.write(bytes(buf.data()))

    def svg_bytes(self, title: str = "Zhitu") -> bytes:
        """The current view and its legend as SVG: valid XML whatever the labels hold."""
        from PySide6.QtCore import QBuffer, QIODevice
        from PySide6.QtSvg import QSvgGenerator

        from graph.export.tables import xml_safe

        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        gen = QSvgGenerator()
        gen.setOutputDevice(buf)
        vp = self.viewport().rect()
        gen.setSize(QSize(vp.width(), vp.height()))
        gen.setViewBox(QRect(0, 0, vp.width(), vp.height()))
        gen.setTitle(xml_safe(title))
        p = QPainter(gen)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(QRectF(vp), BACKGROUND)
        self.render(p, QRectF(vp), vp)
        if self.legend.isVisible():  # the colour key, as on screen
            self.legend.render(p, self.legend.pos())
        p.end()
        # QSvgGenerator writes label text raw: characters XML 1.0 forbids (\x00-\x1f
        # in a name) would make the file unreadable by any SVG viewer
        return xml_safe(bytes(buf.data()).decode("utf-8", errors="replace")).encode("utf-8")

    def render_svg(self, path: str | Path, title: str = "Zhitu") -> None:
        """Write :meth:`svg_bytes` to ``path`` atomically (temp file + rename)."""
        from graph.export.atomic import atomic_binary

        data = self.svg_bytes(title)
        with atomic_binary(Path(path)) as f:
            f.write(data)

    # -- events ------------------------------------------------------------------------
    def _tolerance(self) -> float:
        return 4.0 / max(self.zoom(), 1e-3)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.18**steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        sp = self.mapToScene(event.position().toPoint())
        self._press = sp
        self._drag_moved = False
        if event.button() == Qt.MouseButton.LeftButton:
            i = self.graph.node_at(sp, self._tolerance())
            if i is not None:
                self.setDragMode(QGraphicsView.DragMode.NoDrag)
                self._dragging = i
                self.node_clicked.emit(self.graph.nodes[i].iri, event.modifiers())
                event.accept()
                return
            mods = event.modifiers()
            if mods & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
                self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
                self._band = QRectF()
            else:
                self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        sp = self.mapToScene(event.position().toPoint())
        if self._dragging is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._drag_moved = True
            # rebatching 60k edges per mouse move would lag: big graphs rebatch on release
            self.graph.move_node(self._dragging, sp.x(), sp.y(), rebatch=len(self.graph.edges) < 5000)
            self.viewport().update()
            return
        if self.dragMode() == QGraphicsView.DragMode.RubberBandDrag and event.buttons():
            self._band = QRectF(self._press or sp, sp).normalized()
        elif not event.buttons():
            self._hover(sp, event.globalPosition().toPoint())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        sp = self.mapToScene(event.position().toPoint())
        if self._dragging is not None:
            i, self._dragging = self._dragging, None
            if self._drag_moved:
                self.graph.refresh()
                self.node_dragged.emit(self.graph.nodes[i].iri, sp.x(), sp.y())
            event.accept()
            return
        mode = self.dragMode()
        super().mouseReleaseEvent(event)
        if mode == QGraphicsView.DragMode.RubberBandDrag and not self._band.isEmpty():
            iris = [self.graph.nodes[i].iri for i in self.graph.nodes_in(self._band)]
            self.rubber_band_selected.emit(iris)
        elif self._press is not None and (sp - self._press).manhattanLength() < self._tolerance():
            k = self.graph.edge_at(sp, self._tolerance())
            if k is not None:
                self.edge_clicked.emit(self.graph.edges[k].spec.id)
            else:
                self.background_clicked.emit()
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self._band = QRectF()
        self._press = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        i = self.graph.node_at(self.mapToScene(event.position().toPoint()), self._tolerance())
        if i is not None:
            self.node_double_clicked.emit(self.graph.nodes[i].iri)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:
        sp = self.mapToScene(event.pos())
        i = self.graph.node_at(sp, self._tolerance())
        if i is not None:
            self.context_requested.emit("node", self.graph.nodes[i].iri, event.globalPos())
            return
        k = self.graph.edge_at(sp, self._tolerance())
        if k is not None:
            self.context_requested.emit("edge", self.graph.edges[k].spec.id, event.globalPos())
            return
        self.context_requested.emit("", "", event.globalPos())

    def _hover(self, sp: QPointF, global_pos: QPoint) -> None:
        i = self.graph.node_at(sp, self._tolerance())
        if i != self.emphasis.hover:
            self.emphasis.hover = i
            self.viewport().update()
            if i is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(global_pos, self.graph.nodes[i].tooltip, self)
        self.setCursor(Qt.CursorShape.PointingHandCursor if i is not None else Qt.CursorShape.ArrowCursor)

    def leaveEvent(self, event) -> None:
        if self.emphasis.hover is not None:
            self.emphasis.hover = None
            self.viewport().update()
        super().leaveEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_hints()


MAX_FIT_ZOOM = 2.0  # a two-node view is not blown up to fill the screen
FIT_PAD = 12.0  # pixels kept free around the picture


def fit_transform(
    g: CanvasGraph, width: float, height: float, label_px: list[float] | None = None
) -> tuple[float, QPointF]:
    """(zoom, scene centre) that puts every disc, and its label when given, inside the viewport.

    Labels are drawn at constant screen size right of their disc, so they need room in
    pixels, not scene units: the zoom is the largest at which each node's right edge
    plus its label still fits, and the picture is then centred on what it occupies.
    """
    n = len(g.nodes)
    left = min(g.x[i] - g.r[i] for i in range(n))
    right = max(g.x[i] + g.r[i] for i in range(n))
    top = min(g.y[i] - g.r[i] for i in range(n))
    bottom = max(g.y[i] + g.r[i] for i in range(n))
    w, h = max(width - 2 * FIT_PAD, 20.0), max(height - 2 * FIT_PAD, 20.0)
    scale = min(w / max(right - left, 1e-6), h / max(bottom - top, 1e-6), MAX_FIT_ZOOM)
    if label_px:
        for _ in range(3):  # a smaller zoom moves nodes left of others' labels: settle it
            for i in range(n):
                room = w - label_px[i] - 2
                extent = g.x[i] + g.r[i] - left
                if room > 0 and extent * scale > room:
                    scale = min(scale, room / max(extent, 1e-6))
        used = max((g.x[i] + g.r[i] - left) * scale + label_px[i] + 2 for i in range(n))
        used = max(used, (right - left) * scale)
    else:
        used = (right - left) * scale
    cx = left + used / (2 * scale)
    return scale, QPointF(cx, (top + bottom) / 2)
