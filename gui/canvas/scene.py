"""Drawing data for the canvas and the two layer items that paint it.

Thousands of ``QGraphicsItem`` s cost ~100 ms a frame at 5k nodes (per-item
overhead), so the graph is painted by two items: :class:`EdgeLayer` (lines,
curves and arrowheads batched per relation colour) and :class:`NodeLayer`
(discs batched per colour, then labels by level of detail). Hit-testing is a
grid hash in :class:`CanvasGraph` instead of Qt's item index.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

ARROW_LEN = 7.0
PARALLEL_GAP = 14.0  # scene units between parallel edges of one pair
LABEL_MAX_CHARS = 16


@dataclass(slots=True)
class NodeSpec:
    iri: str
    label: str
    color: QColor
    radius: float
    tooltip: str = ""
    ring: QColor | None = None  # second type, drawn as an outer ring


@dataclass(slots=True)
class EdgeSpec:
    id: str
    s: str
    o: str
    p: str
    color: QColor
    directed: bool = True
    count: int = 1  # statements (mentions) behind this one fact: drawn thicker as it grows


def edge_width(count: int) -> float:
    """Pen width in pixels of a fact stated ``count`` times (0: Qt's one-pixel hairline).

    >>> [edge_width(n) for n in (1, 2, 4, 64)]
    [0.0, 2.0, 3.0, 6.0]
    """
    if count <= 1:
        return 0.0
    return min(1.0 + math.log2(count), 6.0)


@dataclass(slots=True)
class _EdgeGeom:
    spec: EdgeSpec
    i: int
    j: int
    offset: float  # 0 for straight, else signed curvature offset (scene units)
    # filled by CanvasGraph._edge_geom (no default Qt objects: 60k of them cost 0.8 s)
    start: QPointF = None  # type: ignore[assignment]
    end: QPointF = None  # type: ignore[assignment]
    ctrl: QPointF | None = None
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, top, right, bottom
    arrow: QPolygonF | None = None


class CanvasGraph:
    """Index arrays, positions and derived geometry of what the canvas shows."""

    def __init__(self, nodes: list[NodeSpec], edges: list[EdgeSpec], pos: dict[str, tuple[float, float]]):
        self.nodes = nodes
        self.index = {n.iri: i for i, n in enumerate(nodes)}
        self.x = [0.0] * len(nodes)
        self.y = [0.0] * len(nodes)
        self.r = [n.radius for n in nodes]
        self.max_r = max(self.r, default=10.0)
        # draw order and label priority: big nodes last (on top) / first (labels)
        self.by_size = sorted(range(len(nodes)), key=lambda i: -self.r[i])
        self.colour_groups: dict[int, tuple[QColor, list[int]]] = {}
        for i, n in enumerate(nodes):
            key = n.color.rgba()
            self.colour_groups.setdefault(key, (n.color, []))[1].append(i)
        # members smallest first, so "the discs below k pixels" is a prefix found by bisection
        for _, members in self.colour_groups.values():
            members.sort(key=lambda i: self.r[i])
        self.group_radii = {k: [self.r[i] for i in m] for k, (_, m) in self.colour_groups.items()}
        self.rect_slot = {i: (k, n) for k, (_, m) in self.colour_groups.items() for n, i in enumerate(m)}
        self.group_rects: dict[int, list[QRectF]] = {}
        self.edges: list[_EdgeGeom] = []
        self.adjacent: list[list[int]] = [[] for _ in nodes]  # node -> edge indices
        pairs: dict[tuple[int, int], list[EdgeSpec]] = {}
        for e in edges:
            i, j = self.index.get(e.s), self.index.get(e.o)
            if i is None or j is None:
                continue
            pairs.setdefault((min(i, j), max(i, j)), []).append(e)
        for (a, _b), group in pairs.items():
            k = len(group)
            for n, e in enumerate(sorted(group, key=lambda e: (e.p, e.id))):
                i, j = self.index[e.s], self.index[e.o]
                off = (n - (k - 1) / 2) * PARALLEL_GAP
                if i != a:  # keep the offset in the pair's canonical frame
                    off = -off
                self.edges.append(_EdgeGeom(e, i, j, off))
                self.adjacent[i].append(len(self.edges) - 1)
                if j != i:
                    self.adjacent[j].append(len(self.edges) - 1)
        self.edge_index = {g.spec.id: n for n, g in enumerate(self.edges)}
        self.ring_nodes = [i for i, n in enumerate(nodes) if n.ring is not None]
        self._label_w: dict[int, float] = {}
        self.set_positions(pos)

    # -- geometry -----------------------------------------------------------------
    def set_positions(self, pos: dict[str, tuple[float, float]]) -> None:
        for i, n in enumerate(self.nodes):
            p = pos.get(n.iri)
            if p is not None:
                self.x[i], self.y[i] = p
        self._rebuild()

    def move_node(self, i: int, x: float, y: float, rebatch: bool = True) -> None:
        """Drag one node; with ``rebatch=False`` (big graphs, mid-drag) call :meth:`refresh` after."""
        self.x[i], self.y[i] = x, y
        r = self.r[i]
        key, n = self.rect_slot[i]
        self.group_rects[key][n] = QRectF(x - r, y - r, 2 * r, 2 * r)
        for k in self.adjacent[i]:
            self._edge_geom(self.edges[k])
        if rebatch:
            self.refresh()

    def refresh(self) -> None:
        self._build_batches()
        self._build_grid()

    def _node_rects(self) -> None:
        x, y, r = self.x, self.y, self.r
        self.group_rects = {
            k: [QRectF(x[i] - r[i], y[i] - r[i], 2 * r[i], 2 * r[i]) for i in m]
            for k, (_, m) in self.colour_groups.items()
        }

    def _rebuild(self) -> None:
        self._node_rects()
        for g in self.edges:
            self._edge_geom(g)
        self._build_batches()
        self._build_grid()
        if self.nodes:
            xs, ys, m = self.x, self.y, self.max_r + 20
            self.bounds = QRectF(
                QPointF(min(xs) - m, min(ys) - m), QPointF(max(xs) + m, max(ys) + m)
            ).normalized()
        else:
            self.bounds = QRectF(-100, -100, 200, 200)

    def _edge_geom(self, g: _EdgeGeom) -> None:
        x1, y1, x2, y2 = self.x[g.i], self.y[g.i], self.x[g.j], self.y[g.j]
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1e-6
        ri, rj = self.r[g.i], self.r[g.j]
        if g.i == g.j:  # self loop: a small curl above the node
            g.ctrl = QPointF(x1, y1 - 4 * ri)
            g.start = QPointF(x1 - ri * 0.7, y1 - ri * 0.7)
            g.end = QPointF(x1 + ri * 0.7, y1 - ri * 0.7)
        elif g.offset == 0.0:
            ux, uy = dx / d, dy / d
            g.ctrl = None
            g.start = QPointF(x1 + ux * ri, y1 + uy * ri)
            g.end = QPointF(x2 - ux * rj, y2 - uy * rj)
        else:
            nx_, ny_ = -dy / d, dx / d
            cx, cy = (x1 + x2) / 2 + nx_ * g.offset * 2, (y1 + y2) / 2 + ny_ * g.offset * 2
            g.ctrl = QPointF(cx, cy)
            g.start = _toward(x1, y1, cx, cy, ri)
            g.end = _toward(x2, y2, cx, cy, rj)
        if g.ctrl is None:
            g.box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        else:
            cx, cy = g.ctrl.x(), g.ctrl.y()
            g.box = (min(x1, x2, cx), min(y1, y2, cy), max(x1, x2, cx), max(y1, y2, cy))
        g.arrow = None

    def _build_batches(self) -> None:
        """Straight lines and curves per relation colour; arrowheads are built lazily."""
        self.ebox = [g.box for g in self.edges]
        self.lines, self.curves = self.batches(range(len(self.edges)))
        self._arrows: list[tuple[QColor, QPainterPath]] | None = None

    def batches(
        self, which: Iterable[int], clip: QRectF | None = None
    ) -> tuple[list[tuple[QColor, float, list[QLineF]]], list[tuple[QColor, float, QPainterPath]]]:
        """Edges grouped by colour and pen width; with ``clip``, straight lines are cut to it first.

        Qt's antialiased line drawing costs in proportion to the full device length
        even off-screen, so when zoomed in, a long edge is cut before it is drawn.
        """
        lines: dict[tuple[int, float], tuple[QColor, float, list[QLineF]]] = {}
        curves: dict[tuple[int, float], tuple[QColor, float, QPainterPath]] = {}
        for k in which:
            g = self.edges[k]
            w = edge_width(g.spec.count)
            key = (g.spec.color.rgba(), w)
            if g.ctrl is None:
                line = QLineF(g.start, g.end) if clip is None else _clip(g.start, g.end, clip)
                if line is not None:
                    lines.setdefault(key, (g.spec.color, w, []))[2].append(line)
            else:
                path = curves.setdefault(key, (g.spec.color, w, QPainterPath()))[2]
                path.moveTo(g.start)
                path.quadTo(g.ctrl, g.end)
        return list(lines.values()), list(curves.values())

    def arrows(self, which: Iterable[int] | None = None) -> list[tuple[QColor, QPainterPath]]:
        if which is None and self._arrows is not None:
            return self._arrows
        out: dict[int, tuple[QColor, QPainterPath]] = {}
        for k in range(len(self.edges)) if which is None else which:
            g = self.edges[k]
            if g.spec.directed:
                path = out.setdefault(g.spec.color.rgba(), (g.spec.color, QPainterPath()))[1]
                path.addPolygon(_arrowhead(g))
        if which is None:
            self._arrows = list(out.values())
        return list(out.values())

    def _build_grid(self) -> None:
        self.cell = max(2 * self.max_r, 40.0)
        grid: dict[tuple[int, int], list[int]] = {}
        c = self.cell
        for i in range(len(self.nodes)):
            grid.setdefault((int(self.x[i] // c), int(self.y[i] // c)), []).append(i)
        self.grid = grid

    # -- hit testing ----------------------------------------------------------------
    def node_at(self, p: QPointF, tolerance: float = 0.0) -> int | None:
        c = self.cell
        gx, gy = int(p.x() // c), int(p.y() // c)
        best, best_d = None, math.inf
        for cx in (gx - 1, gx, gx + 1):
            for cy in (gy - 1, gy, gy + 1):
                for i in self.grid.get((cx, cy), ()):
                    d = math.hypot(self.x[i] - p.x(), self.y[i] - p.y())
                    if d <= self.r[i] + tolerance and d - self.r[i] < best_d:
                        best, best_d = i, d - self.r[i]
        return best

    def visible_nodes(self, rect: QRectF) -> list[int]:
        """Nodes whose disc meets ``rect``, through the grid when that is cheaper than a scan."""
        c = self.cell
        m = self.max_r
        x0, x1 = int((rect.left() - m) // c), int((rect.right() + m) // c)
        y0, y1 = int((rect.top() - m) // c), int((rect.bottom() + m) // c)
        if (x1 - x0 + 1) * (y1 - y0 + 1) > len(self.grid):
            cells = [v for (cx, cy), v in self.grid.items() if x0 <= cx <= x1 and y0 <= cy <= y1]
        else:
            cells = [
                self.grid[k]
                for k in ((cx, cy) for cx in range(x0, x1 + 1) for cy in range(y0, y1 + 1))
                if k in self.grid
            ]
        left, right, top, bottom = rect.left(), rect.right(), rect.top(), rect.bottom()
        xs, ys, rs = self.x, self.y, self.r
        return [
            i
            for cell in cells
            for i in cell
            if left - rs[i] <= xs[i] <= right + rs[i] and top - rs[i] <= ys[i] <= bottom + rs[i]
        ]

    def visible_edges(self, rect: QRectF) -> list[int]:
        left, right, top, bottom = rect.left(), rect.right(), rect.top(), rect.bottom()
        return [
            k
            for k, (a, b, c, d) in enumerate(self.ebox)
            if a <= right and c >= left and b <= bottom and d >= top
        ]

    def label_width(self, i: int, fm: QFontMetricsF, text: str) -> float:
        w = self._label_w.get(i)
        if w is None:
            w = self._label_w[i] = fm.horizontalAdvance(text)
        return w

    def nodes_in(self, rect: QRectF) -> list[int]:
        return [i for i in range(len(self.nodes)) if rect.contains(self.x[i], self.y[i])]

    def edge_at(self, p: QPointF, tolerance: float) -> int | None:
        best, best_d = None, tolerance
        for k, g in enumerate(self.edges):
            left, top, right, bottom = g.box
            if not (
                left - tolerance <= p.x() <= right + tolerance
                and top - tolerance <= p.y() <= bottom + tolerance
            ):
                continue
            if g.ctrl is None:
                d = _seg_dist(p, g.start, g.end)
            else:
                pts = [_quad(g.start, g.ctrl, g.end, t / 12) for t in range(13)]
                d = min(_seg_dist(p, a, b) for a, b in zip(pts, pts[1:], strict=False))
            if d < best_d:
                best, best_d = k, d
        return best


def _toward(x: float, y: float, tx: float, ty: float, r: float) -> QPointF:
    d = math.hypot(tx - x, ty - y) or 1e-6
    return QPointF(x + (tx - x) / d * r, y + (ty - y) / d * r)


def _clip(a: QPointF, b: QPointF, r: QRectF) -> QLineF | None:
    """Liang-Barsky: the part of segment ab inside r."""
    x0, y0, dx, dy = a.x(), a.y(), b.x() - a.x(), b.y() - a.y()
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - r.left()), (dx, r.right() - x0), (-dy, y0 - r.top()), (dy, r.bottom() - y0)):
        if p == 0:
            if q < 0:
                return None
        else:
            t = q / p
            if p < 0:
                if t > t1:
                    return None
                t0 = max(t0, t)
            else:
                if t < t0:
                    return None
                t1 = min(t1, t)
    return QLineF(x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy)


def _quad(a: QPointF, c: QPointF, b: QPointF, t: float) -> QPointF:
    u = 1 - t
    return a * (u * u) + c * (2 * u * t) + b * (t * t)


def _seg_dist(p: QPointF, a: QPointF, b: QPointF) -> float:
    ax, ay, bx, by = a.x(), a.y(), b.x(), b.y()
    dx, dy = bx - ax, by - ay
    L = dx * dx + dy * dy
    t = 0.0 if L == 0 else max(0.0, min(1.0, ((p.x() - ax) * dx + (p.y() - ay) * dy) / L))
    return math.hypot(p.x() - (ax + t * dx), p.y() - (ay + t * dy))


def _arrowhead(g: _EdgeGeom) -> QPolygonF:
    if g.arrow is None:
        g.arrow = _make_arrowhead(g)
    return g.arrow


def _make_arrowhead(g: _EdgeGeom) -> QPolygonF:
    tip = g.end
    base = g.ctrl if g.ctrl is not None else g.start
    dx, dy = tip.x() - base.x(), tip.y() - base.y()
    d = math.hypot(dx, dy) or 1e-6
    ux, uy = dx / d, dy / d
    w = ARROW_LEN * 0.45
    bx, by = tip.x() - ux * ARROW_LEN, tip.y() - uy * ARROW_LEN
    return QPolygonF([tip, QPointF(bx - uy * w, by + ux * w), QPointF(bx + uy * w, by - ux * w), tip])


@dataclass
class Emphasis:
    """What the canvas draws on top: selection, hover, path highlight, pinned."""

    selected: set[int] = field(default_factory=set)
    edge: int | None = None
    hover: int | None = None
    path_nodes: set[int] = field(default_factory=set)
    path_edges: set[int] = field(default_factory=set)
    pinned: set[int] = field(default_factory=set)
    labels: bool = True


class _Layer(QGraphicsItem):
    def __init__(self, canvas_graph: CanvasGraph, emphasis: Emphasis) -> None:
        super().__init__()
        self.g = canvas_graph
        self.em = emphasis
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def boundingRect(self) -> QRectF:
        return self.g.bounds.adjusted(-60, -60, 60, 60)


class EdgeLayer(_Layer):
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        g, em = self.g, self.em
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        exposed = option.exposedRect
        painter.save()
        dim = bool(em.path_edges or em.path_nodes)
        alpha = 45 if dim else (200 if lod > 0.3 or len(g.edges) < 2000 else 120)
        # cosmetic pens throughout: a scaled wide pen is stroked (slowly) before clipping
        width = 1.0 if lod >= 1.0 else 0.0
        show_arrows = lod * ARROW_LEN >= 3.5
        if exposed.contains(g.bounds):
            visible = None
            lines, curves = g.lines, g.curves
        else:
            visible = g.visible_edges(exposed)
            show_arrows = show_arrows and len(visible) < 4000  # a dense hairball: arrows are noise
            if len(visible) > 1500:
                # zoomed into a hairball, thousands of edges cross the whole viewport and
                # antialiased blending becomes fill-rate bound; aliased is ~10x cheaper
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                # most edges in view anyway: reuse the prebuilt batches rather than rebatching
                lines, curves = (g.lines, g.curves) if 2 * len(visible) > len(g.edges) else g.batches(visible)
            else:  # few edges: cutting them to the view in Python is cheaper than AA-drawing them whole
                lines, curves = g.batches(visible, exposed.adjusted(-5, -5, 5, 5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for color, w, batch in lines:
            painter.setPen(_pen(color, alpha, w or width))
            painter.drawLines(batch)
        for color, w, path in curves:
            painter.setPen(_pen(color, alpha, w or width))
            painter.drawPath(path)
        if show_arrows:
            painter.setPen(Qt.PenStyle.NoPen)
            for color, path in g.arrows(visible):
                c = QColor(color)
                c.setAlpha(min(255, alpha + 40))
                painter.setBrush(c)
                painter.drawPath(path)
        # emphasised edges: the path, the selected edge, the edges of selected/hovered nodes
        strong: set[int] = set(em.path_edges)
        if em.edge is not None:
            strong.add(em.edge)
        for i in em.selected | ({em.hover} if em.hover is not None else set()):
            if i < len(g.adjacent):
                strong.update(g.adjacent[i])
        for k in strong:
            e = g.edges[k]
            col = QColor(e.spec.color).darker(115)
            base = 3.0 if (k == em.edge or k in em.path_edges) else 2.0
            pen = QPen(col, max(base, edge_width(e.spec.count) + 1.0))
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if e.ctrl is None:
                painter.drawLine(e.start, e.end)
            else:
                path = QPainterPath(e.start)
                path.quadTo(e.ctrl, e.end)
                painter.drawPath(path)
            if e.spec.directed and lod * ARROW_LEN >= 2.0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(col)
                painter.drawPolygon(_arrowhead(e))
        if lod >= 1.6:
            self._edge_labels(painter, exposed, strong, visible)
        painter.restore()

    def _edge_labels(
        self, painter: QPainter, exposed: QRectF, strong: set[int], visible: list[int] | None
    ) -> None:
        """Relation names at the middle of edges, only when zoomed in far."""
        from gui.i18n import predicate_name

        g = self.g
        t = painter.worldTransform()
        painter.resetTransform()
        font = QFont(painter.font())
        font.setPointSizeF(7.5)
        painter.setFont(font)
        drawn = 0
        for k in range(len(g.edges)) if visible is None else visible:
            e = g.edges[k]
            mid = _quad(e.start, e.ctrl, e.end, 0.5) if e.ctrl is not None else (e.start + e.end) / 2
            if not exposed.contains(mid):
                continue
            painter.setPen(QColor(e.spec.color).darker(150 if k in strong else 125))
            painter.drawText(t.map(mid) + QPointF(2, -2), predicate_name(e.spec.p))
            drawn += 1
            if drawn >= 150:
                break


class NodeLayer(_Layer):
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        g, em = self.g, self.em
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        exposed = option.exposedRect
        full = exposed.contains(g.bounds)
        visible_set = None if full else set(g.visible_nodes(exposed))
        painter.save()
        dim = bool(em.path_nodes)
        white = QPen(QColor(255, 255, 255), 1.0)
        white.setCosmetic(True)
        tiny = 1.6 / max(lod, 1e-6)  # discs under ~3 px across are drawn as squares: same look, 3x cheaper
        outline = white if lod * g.max_r > 4 else Qt.PenStyle.NoPen
        for key, (color, members) in g.colour_groups.items():
            c = QColor(color)
            if dim:
                c.setAlpha(70)
            painter.setBrush(c)
            n_small = bisect_left(g.group_radii[key], tiny)
            rects = g.group_rects[key]
            if visible_set is None:
                small_rects, big = rects[:n_small], members[n_small:]
            else:
                small_rects = [rects[k] for k in range(n_small) if members[k] in visible_set]
                big = [i for i in members[n_small:] if i in visible_set]
            if small_rects:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawRects(small_rects)
            painter.setPen(outline)
            for i in big:
                painter.drawEllipse(QPointF(g.x[i], g.y[i]), g.r[i], g.r[i])
        # second types as outer rings (a Company that is also an Investor)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for i in g.ring_nodes:
            if lod * g.r[i] > 2 and (visible_set is None or i in visible_set):
                painter.setPen(QPen(g.nodes[i].ring, max(1.5, g.r[i] * 0.25)))
                painter.drawEllipse(QPointF(g.x[i], g.y[i]), g.r[i] * 1.18, g.r[i] * 1.18)
        for idx, col, w in (
            (em.path_nodes, QColor("#FF6F00"), 3.0),
            (em.selected, QColor("#1A237E"), 3.0),
            ({em.hover} if em.hover is not None else set(), QColor("#455A64"), 2.0),
        ):
            pen = QPen(col, w)
            pen.setCosmetic(True)
            for i in idx:
                if i is not None and i < len(g.nodes):
                    painter.setPen(pen)
                    painter.setBrush(
                        g.nodes[i].color if (dim and i in em.path_nodes) else Qt.BrushStyle.NoBrush
                    )
                    gap = 2 / max(lod, 0.05)
                    painter.drawEllipse(QPointF(g.x[i], g.y[i]), g.r[i] + gap, g.r[i] + gap)
        if em.pinned and lod > 0.3:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#37474F"))
            for i in em.pinned:
                if i < len(g.nodes):
                    r = g.r[i]
                    painter.drawEllipse(QPointF(g.x[i] + r * 0.75, g.y[i] - r * 0.75), r * 0.28, r * 0.28)
        if em.labels:
            self._labels(painter, lod, visible_set)
        painter.restore()

    def _labels(self, painter: QPainter, lod: float, visible: set[int] | None) -> None:
        """Labels in screen space (constant size), biggest nodes first, skipping overlaps."""
        g, em = self.g, self.em
        n = len(g.nodes)
        t = painter.worldTransform()
        painter.resetTransform()
        font = QFont(painter.font())
        font.setPointSizeF(9.0)
        bold = QFont(font)
        bold.setBold(True)
        fm = QFontMetricsF(font)
        fmb = QFontMetricsF(bold)
        h = fm.height()
        must = [
            i for i in em.selected | em.path_nodes | ({em.hover} if em.hover is not None else set()) if i < n
        ]
        always_top = 12 if n > 60 else n  # the biggest hubs are labelled even at full view
        min_px = 3.0 if n <= 400 else 7.0
        occupied: dict[tuple[int, int], list[QRectF]] = {}
        cell = 80.0
        drawn = 0
        seen: set[int] = set()
        for rank, i in enumerate(must + g.by_size):
            if i in seen:
                continue
            seen.add(i)
            important = rank < len(must)
            r_px = g.r[i] * lod
            if not important and rank >= always_top + len(must) and r_px < min_px:
                break  # by_size is sorted: every later node is smaller still
            if visible is not None and i not in visible:
                continue
            label = g.nodes[i].label
            if len(label) > LABEL_MAX_CHARS:
                label = label[: LABEL_MAX_CHARS - 1] + "…"
            p = t.map(QPointF(g.x[i], g.y[i]))
            w = fmb.horizontalAdvance(label) if important else g.label_width(i, fm, label)
            box = QRectF(p.x() + r_px + 2, p.y() - h / 2, w + 6, h)
            keys = {
                (int(cx // cell), int(cy // cell))
                for cx in (box.left(), box.right())
                for cy in (box.top(), box.bottom())
            }
            if not important and any(box.intersects(o) for k in keys for o in occupied.get(k, ())):
                continue
            for k in keys:
                occupied.setdefault(k, []).append(box)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 205))
            painter.drawRoundedRect(box, 3, 3)
            painter.setFont(bold if important else font)
            painter.setPen(QColor("#1A237E") if i in em.selected else QColor("#263238"))
            painter.drawText(
                box.adjusted(3, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label
            )
            drawn += 1
            if drawn >= 300:
                break


def _near(rect: QRectF, g: CanvasGraph, i: int) -> bool:
    r = g.r[i]
    x, y = g.x[i], g.y[i]
    return rect.left() - r <= x <= rect.right() + r and rect.top() - r <= y <= rect.bottom() + r


def _pen(color: QColor, alpha: int, width: float) -> QPen:
    c = QColor(color)
    c.setAlpha(alpha)
    pen = QPen(c, width)
    pen.setCosmetic(width == 0.0 or width > 1.0)  # fact widths are in pixels at any zoom
    return pen
