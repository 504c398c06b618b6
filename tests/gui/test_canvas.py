"""The canvas on hand-built and synthetic snapshots: geometry, hit-testing, rendering."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from gui.canvas import CanvasGraph, EdgeSpec, GraphCanvas, NodeSpec


def _node(iri: str, r: float = 10.0) -> NodeSpec:
    return NodeSpec(iri, iri, QColor("#4E79A7"), r, iri)


def _edge(eid: str, s: str, o: str, p: str) -> EdgeSpec:
    return EdgeSpec(eid, s, o, p, QColor("#888888"))


def _two_node_canvas(qtbot) -> GraphCanvas:
    """A shown 600x400 canvas with nodes a (-100, 0) and b (100, 0) joined by one edge, fitted."""
    view = GraphCanvas()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.set_graph(
        [_node("a", 30.0), _node("b", 30.0)],
        [_edge("e1", "a", "b", "develops")],
        {"a": (-100.0, 0.0), "b": (100.0, 0.0)},
    )
    view.show()
    qtbot.waitExposed(view)
    view.fit()
    return view


def test_parallel_edges_of_different_relations_are_drawn_apart():
    pos = {"a": (0.0, 0.0), "b": (200.0, 0.0)}
    g = CanvasGraph(
        [_node("a"), _node("b")],
        [
            _edge("e1", "a", "b", "investsIn"),
            _edge("e2", "a", "b", "partnersWith"),
            _edge("e3", "b", "a", "acquires"),
        ],
        pos,
    )
    # midpoints of the three drawn edges lie on different sides / distances of the axis
    mids = [((e.start + e.end) / 2 if e.ctrl is None else e.ctrl).y() for e in g.edges]
    assert len({round(y) for y in mids}) == 3
    single = CanvasGraph([_node("a"), _node("b")], [_edge("e1", "a", "b", "develops")], pos)
    assert single.edges[0].ctrl is None  # a lone edge is straight
    # straight edges stop at the node rims so that arrowheads are visible
    assert math.isclose(single.edges[0].start.x(), 10.0) and math.isclose(single.edges[0].end.x(), 190.0)


def test_hit_testing_nodes_and_edges():
    g = CanvasGraph(
        [_node("a"), _node("b", 20.0)],
        [_edge("e1", "a", "b", "develops")],
        {"a": (0.0, 0.0), "b": (300.0, 0.0)},
    )
    assert g.node_at(QPointF(3, 3)) == 0
    assert g.node_at(QPointF(310, 0)) == 1
    assert g.node_at(QPointF(150, 80)) is None
    assert g.edge_at(QPointF(150, 1), tolerance=4) == 0
    assert g.nodes_in(QRectF(-50, -50, 100, 100)) == [0]


def test_synthetic_graph_renders_and_zooms(qtbot):
    from graph.analytics import layout
    from gui.palette import type_color
    from gui.state import scene_scale
    from gui.synthetic import synthetic_snapshot

    snap = synthetic_snapshot(1500, 4000)
    pos = layout(snap, "force", scale=scene_scale(1500))
    nodes = [NodeSpec(i, n.label, type_color(n.type), 8.0, n.label) for i, n in snap.nodes.items()]
    edges = [EdgeSpec(e.id, e.s, e.o, e.p, QColor("#999999")) for e in snap.edges]
    view = GraphCanvas()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.set_graph(nodes, edges, pos)
    view.show()
    qtbot.waitExposed(view)
    view.fit()
    full = view.viewport().grab()
    assert not full.isNull()
    view.zoom_by(6.0)
    zoomed = view.render_image(scale=1.0)
    assert zoomed.width() == view.viewport().width()
    # a node under the cursor is found through the view transform too
    some = nodes[0].iri
    view.center_on(some)
    centre = view.mapToScene(view.viewport().rect().center())
    assert view.graph.node_at(centre, 30.0) is not None


def test_canvas_emits_node_signals(qtbot):
    from PySide6.QtCore import Qt

    view = _two_node_canvas(qtbot)
    p = view.mapFromScene(QPointF(-100, 0))
    with qtbot.waitSignal(view.node_clicked) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=p)
    assert sig.args[0] == "a"
    with qtbot.waitSignal(view.node_double_clicked) as sig:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=p)
    assert sig.args[0] == "a"
    with qtbot.waitSignal(view.edge_clicked) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(QPointF(0, 0)))
    assert sig.args[0] == "e1"


class _SnapshotWorkspace:
    """Just enough of graph.api.Workspace to show a synthetic snapshot (no database)."""

    def __init__(self, snap) -> None:
        self.snap = snap
        self.path = None

    def snapshot(self):
        return self.snap

    def subscribe(self, listener):
        return lambda: None

    def filtered(self, **filters):
        from graph.analytics import filter_snapshot

        return filter_snapshot(self.snap, **filters)

    def formats(self):
        return {}

    def search(self, text, limit=20):
        return []

    def completions(self):
        return []

    def close(self) -> None:
        pass


def test_big_graph_is_built_off_the_ui_thread(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from gui.main_window import ASYNC_ITEMS, MainWindow
    from gui.synthetic import synthetic_snapshot

    snap = synthetic_snapshot(3000, ASYNC_ITEMS)
    win = MainWindow(_SnapshotWorkspace(snap), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(
        lambda: win.is_idle() and len(win.canvas.graph.nodes) == len(win.state.view.nodes), timeout=60000
    )
    from graph.facts import group_facts

    # one canvas edge per fact (synthetic graphs repeat some statements)
    assert len(win.canvas.graph.edges) == len(group_facts(win.state.view.edges)) > ASYNC_ITEMS // 2
    assert win.canvas.legend.entries
    # the layout's positions reached the canvas
    i = next(iter(win.state.positions))
    k = win.canvas.graph.index[i]
    assert (win.canvas.graph.x[k], win.canvas.graph.y[k]) == win.state.positions[i]
    # communities of a big graph come from a worker thread, then recolour the canvas
    win._actions["act.community"].setChecked(True)
    assert win.state.communities() is None  # not computed on the UI thread
    qtbot.waitUntil(lambda: win.is_idle() and win.state.communities() is not None, timeout=120000)
    qtbot.waitUntil(lambda: any("社区" in t for _, t, _ in win.canvas.legend.entries), timeout=60000)
    win.close()


def test_dragging_a_node_moves_it_and_reports_the_spot(qtbot):
    from PySide6.QtCore import Qt

    view = _two_node_canvas(qtbot)
    start = view.mapFromScene(QPointF(-100, 0))
    end = view.mapFromScene(QPointF(-100, 120))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + (end - start) / 2)
    qtbot.mouseMove(view.viewport(), end)
    with qtbot.waitSignal(view.node_dragged) as sig:
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert sig.args[0] == "a"
    assert abs(view.graph.y[0] - 120) < 10
    assert view.graph.edges[0].start.y() > 50  # the edge followed the node


def test_svg_has_the_legend_and_is_valid_xml_with_control_characters(qtbot, tmp_path):
    import xml.etree.ElementTree as ET

    view = GraphCanvas()
    qtbot.addWidget(view)
    view.resize(600, 400)
    hostile = "ctl\x00nul\x1fus\x0bvt <b>&amp;"
    view.set_graph(
        [NodeSpec("a", hostile, QColor("#4E79A7"), 30.0, hostile), _node("b", 30.0)],
        [_edge("e1", "a", "b", "develops")],
        {"a": (-100.0, 0.0), "b": (100.0, 0.0)},
    )
    view.legend.set_entries("图例 Legend", [(QColor("#4E79A7"), "Company\x01", 1), (QColor("#E15759"), "AIModel", 1)])
    view.show()
    qtbot.waitExposed(view)
    view.fit()
    out = tmp_path / "v.svg"
    view.render_svg(out, title="知图\x02")
    root = ET.parse(out).getroot()  # a strict XML parser: raw control characters would fail here
    text = "".join(root.itertext())
    assert "图例" in text and "Legend" in text and "Company" in text and "AIModel" in text
    assert [p.name for p in tmp_path.iterdir()] == ["v.svg"]  # no temporary file left
    view.save_png(tmp_path / "v.png")
    assert (tmp_path / "v.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
