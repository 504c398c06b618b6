"""The explorer keeps its picture, on the seed graph: readable layouts after every view change,
views as history, shortcuts registered once, a second process's writes noticed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRect

from graph.layout import overlapping_pairs


@pytest.fixture(scope="session")
def seed_graph_db(build_db, seeds_dir: Path) -> Path:
    if not seeds_dir.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    return build_db(seeds_dir, "seedgui")


@pytest.fixture
def seed_window(qtbot, seed_graph_db: Path, tmp_path: Path):
    from PySide6.QtCore import QSettings

    from graph.api import Workspace
    from gui.i18n import language
    from gui.main_window import MainWindow

    db = tmp_path / "seeds.db"
    shutil.copy(seed_graph_db, db)
    ws = Workspace(db)
    language().set("zh")
    win = MainWindow(ws, QSettings(str(tmp_path / "zhitu.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win)
    yield win
    win.layouts.wait(10000)
    win.builder.wait(10000)
    ws.close()


def settle(qtbot, win) -> None:
    qtbot.waitUntil(lambda: win.is_idle() and not win._fit_pending, timeout=30000)
    qtbot.wait(10)


def assert_readable(win) -> None:
    """No two shown discs overlap (centre distance >= sum of radii); all lie in the viewport."""
    g = win.canvas.graph
    assert {n.iri for n in g.nodes} == set(win.state.view.nodes)
    pos = {n.iri: (g.x[i], g.y[i]) for i, n in enumerate(g.nodes)}
    radii = {n.iri: g.r[i] for i, n in enumerate(g.nodes)}
    assert overlapping_pairs(pos, radii) == []
    vp = QRect(0, 0, win.canvas.viewport().width(), win.canvas.viewport().height())
    outside = []
    for i, n in enumerate(g.nodes):
        a = win.canvas.mapFromScene(QPointF(g.x[i] - g.r[i], g.y[i] - g.r[i]))
        b = win.canvas.mapFromScene(QPointF(g.x[i] + g.r[i], g.y[i] + g.r[i]))
        if not (vp.contains(a) and vp.contains(b)):
            outside.append(n.label)
    assert not outside, outside


def hub(win) -> str:
    deg = win.state.degrees()
    return max(win.state.view.nodes, key=lambda i: (deg[i], i))


def test_every_view_change_gives_a_readable_picture(seed_window, qtbot) -> None:
    win, s = seed_window, seed_window.state
    assert len(s.view.nodes) > 100
    assert_readable(win)
    centre = hub(win)
    s.ego(centre, 1)
    settle(qtbot, win)
    assert_readable(win)
    # expand a neighbour of the ego view: the view grows a little, the old picture stays
    before = dict(s.positions)
    nb = next(i for i in sorted(s.view.nodes) if i != centre and len(s.ws.neighbours(i)) > 2)
    win.expand(nb)
    settle(qtbot, win)
    assert not win.layouts.last_fresh
    assert_readable(win)
    kept = [i for i in before if i in s.positions]
    assert kept
    s.show_all()
    settle(qtbot, win)
    assert_readable(win)
    doc = s.full.documents[0].id
    win.filters.documents.set_all(False)
    win.filters.documents.set_checked(doc, True)
    win.filters.apply()
    settle(qtbot, win)
    assert s.filters.get("docs") and len(s.view.nodes) < len(s.full.nodes)
    assert_readable(win)
    win.filters.reset_all()
    win.filters.relations.set_all(False)
    win.filters.relations.set_checked("develops", True)
    win.filters.apply()
    settle(qtbot, win)
    assert s.filters.get("predicates") == {"develops"}
    assert_readable(win)


def test_back_after_ego_restores_the_previous_view(seed_window, qtbot) -> None:
    win, s = seed_window, seed_window.state
    win.filters.relations.set_all(False)
    for p in ("develops", "offers", "investsIn"):
        win.filters.relations.set_checked(p, True)
    win.filters.apply()
    settle(qtbot, win)
    shown, filters, positions = set(s.view.nodes), dict(s.filters), dict(s.positions)
    zoom = win.canvas.zoom()
    s.ego(hub(win), 1)
    settle(qtbot, win)
    assert set(s.view.nodes) < shown
    win._actions["act.back"].trigger()
    settle(qtbot, win)
    assert set(s.view.nodes) == shown
    assert s.filters == filters
    assert win.filters.relations.checked() == {"develops", "offers", "investsIn"}  # the panel agrees
    assert s.positions == positions  # the same picture, not a new layout
    assert abs(win.canvas.zoom() - zoom) < 1e-6
    assert_readable(win)
    win._actions["act.forward"].trigger()
    settle(qtbot, win)
    assert len(s.view.nodes) < len(shown) and s.current_entity() == hub_of(s, shown)


def hub_of(s, iris) -> str:
    deg = s.degrees()
    return max(iris, key=lambda i: (deg[i], i))


def test_shortcuts_trigger_once_without_ambiguity(seed_window, qtbot, qtlog) -> None:
    from PySide6.QtGui import QKeySequence

    from gui.shortcuts import conflicts

    win, s = seed_window, seed_window.state
    assert conflicts(win.findChildren(type(win._actions["act.back"]))) == {}
    a, b = sorted(s.view.nodes)[:2]
    s.select([a])
    s.select([b])
    # an edit to undo, so that redo has something to do
    win.state.ws.rename(b, "改名测试")
    win.state.ws.undo()
    win.activateWindow()
    win.canvas.setFocus()
    qtbot.waitUntil(lambda: win.isActiveWindow(), timeout=5000)
    A = win._actions
    for key, name in (
        ("Alt+Left", "act.back"),
        ("Alt+Right", "act.forward"),
        ("Ctrl+Shift+Z", "act.redo"),
        ("Ctrl+Y", "act.redo"),
    ):
        seq = QKeySequence(key)
        combo = seq[0]
        with qtbot.waitSignal(A[name].triggered, timeout=2000):
            qtbot.keyClick(win.canvas, combo.key(), combo.keyboardModifiers())
        if name == "act.back":
            assert s.current_entity() == a
        if name == "act.forward":
            assert s.current_entity() == b
    assert QKeySequence("Ctrl+Y") in A["act.redo"].shortcuts()
    assert not [m for m in qtlog.records if "Ambiguous" in m.message]
    dlg = win.show_shortcuts()
    text = " ".join(dlg.table.item(r, 1).text() for r in range(dlg.table.rowCount()))
    # key names as Qt shows them in the UI language (Qt's zh_CN catalogue says 左方向 for Left)
    native = QKeySequence.SequenceFormat.NativeText
    assert QKeySequence("Ctrl+Y").toString(native) in text and QKeySequence("Alt+Left").toString(native) in text
    dlg.close()


def test_a_second_workspace_writing_is_noticed(seed_window, qtbot, demo_dir: Path) -> None:
    from graph.api import Workspace

    win, s = seed_window, seed_window.state
    n_docs = len(s.full.documents)
    before = win.status_counts.text()
    other = Workspace(s.ws.path)
    try:
        other.import_paths([sorted(demo_dir.iterdir())[0]])
    finally:
        other.close()
    qtbot.waitUntil(lambda: len(s.full.documents) == n_docs + 1, timeout=5000)
    settle(qtbot, win)
    assert win.status_counts.text() != before


def test_a_filter_clears_what_it_hides(seed_window, qtbot) -> None:
    win, s = seed_window, seed_window.state
    inv = next(e for e in s.view.edges if e.p == "investsIn")
    s.highlight_paths([[inv.s, inv.o]])
    s.select([inv.s])
    assert s.highlight_nodes and win.detail.text().strip()
    win.filters.relations.set_all(False)
    win.filters.relations.set_checked("develops", True)
    win.filters.apply()
    settle(qtbot, win)
    assert not s.highlight_edges
    if inv.s not in s.view.nodes:
        assert s.current is None and "选择" in win.detail.text()


def test_reload_error_is_a_message(seed_window, qtbot, messages, monkeypatch) -> None:
    import sqlite3

    s = seed_window.state

    def broken():
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(s.ws, "snapshot", broken)
    s.ws.refresh()
    assert any("disk I/O error" in text for _, text in messages)


def test_saved_view_and_last_picture_come_back_with_their_positions(seed_window, qtbot, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from graph.api import Workspace
    from gui.main_window import MainWindow

    win, s = seed_window, seed_window.state
    s.ego(hub(win), 1)
    settle(qtbot, win)
    ego_nodes, ego_pos = set(s.view.nodes), dict(s.positions)
    assert win.save_view("谷歌一跳")
    s.show_all()
    settle(qtbot, win)
    assert win.open_saved_view("谷歌一跳")
    settle(qtbot, win)
    assert set(s.view.nodes) == ego_nodes and s.positions == ego_pos
    path = s.ws.path
    win.close()  # keeps the last picture in the file
    ws2 = Workspace(path)
    win2 = MainWindow(ws2, QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win2)
    win2.show()
    qtbot.waitExposed(win2)
    settle(qtbot, win2)
    assert set(win2.state.view.nodes) == ego_nodes
    assert win2.state.positions == ego_pos
    assert "谷歌一跳" in [a.text() for a in win2.views_menu.actions()]
    win2.close()
    ws2.close()
