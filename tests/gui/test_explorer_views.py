"""The explorer keeps its picture, on the seed graph: readable layouts after every view change,
views as history, shortcuts registered once, a second process's writes noticed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRect

from graph.layout import overlapping_pairs


@pytest.fixture(scope="session")
def seed_graph_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    if not seeds_dir.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    from graph.api import Workspace

    db = tmp_path_factory.mktemp("seedgui") / "seeds.db"
    ws = Workspace(db)
    results = ws.import_paths([seeds_dir])
    ws.close()
    assert results and all(r.status == "imported" for r in results), results
    return db


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
