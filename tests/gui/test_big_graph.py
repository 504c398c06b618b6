"""A big graph in the explorer: it opens on an overview and every step reads only a part.

The demo graph stands in for a big one (``use_overview(True)``, a 25-entity overview,
hubs capped at 6 neighbours), and the workspace's whole-graph reads are made to fail:
if the window, a search, an ego view, an expand, a filter, Back or the detail pane
built the whole graph, these tests would fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import gui.state
from graph.store import metrics


class WholeGraphRead(AssertionError):
    pass


@pytest.fixture
def big(qtbot, gui_demo_db: Path, tmp_path: Path, monkeypatch):
    from PySide6.QtCore import QSettings

    from graph.api import Workspace
    from gui.i18n import language
    from gui.main_window import MainWindow

    monkeypatch.setattr(gui.state, "OVERVIEW_NODES", 25)
    monkeypatch.setattr(gui.state, "EXPAND_LIMIT", 6)
    db = tmp_path / "big.db"
    shutil.copy(gui_demo_db, db)
    ws = Workspace(db)
    whole = ws.snapshot()  # the reference, read before the explorer opens
    ws.use_overview(True)

    def refuse(*_a, **_k):
        raise WholeGraphRead("the explorer read the whole graph")

    monkeypatch.setattr(ws, "snapshot", refuse)
    monkeypatch.setattr(ws, "nx_graph", refuse)
    language().set("zh")
    win = MainWindow(ws, QSettings(str(tmp_path / "zhitu.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.is_idle, timeout=30000)
    yield win, ws, whole
    win.close()
    ws.close()


def test_opens_on_the_most_central_and_refreshes_the_cache(big, qtbot, tmp_path: Path):
    win, ws, whole = big
    s = win.state
    # the 25 most central are loaded; those without an edge among them are hidden, as always
    assert s.large and len(s.full.nodes) == 25 and 15 <= len(s.view.nodes) <= 25
    assert "概览" in win.status_counts.text() and str(len(whole.nodes)) in win.status_counts.text()
    # no cache in the file yet: the worker process computes it, then the window reloads with it
    qtbot.waitUntil(ws.metrics_fresh, timeout=60000)
    qtbot.waitUntil(
        lambda: s.communities() is not None and set(s.communities()) == set(s.full.nodes), timeout=30000
    )
    m = ws.metrics()
    assert set(m) == set(whole.nodes)
    qtbot.waitUntil(win.is_idle, timeout=30000)
    s.show_all()
    assert set(s.full.nodes) == set(metrics.top(ws.store, 25))
    # edges drawn are exactly the whole graph's edges between the shown entities
    shown = set(s.view.nodes)
    assert {e.id for e in s.view.edges} == {e.id for e in whole.edges if e.s in shown and e.o in shown}
    # an import makes the cache stale; the window has the worker recompute it
    doc = tmp_path / "新闻.txt"
    doc.write_text(
        "星河智算科技宣布完成A轮融资，由红杉中国领投。星河智算科技发布大模型星河-1。", encoding="utf-8"
    )
    assert ws.import_paths([doc])[0].status == "imported"
    assert not ws.metrics_fresh()
    qtbot.waitUntil(ws.metrics_fresh, timeout=60000)
    assert len(ws.metrics()) > len(whole.nodes)


def test_search_ego_expand_filter_and_back_read_only_a_part(big, qtbot):
    win, ws, whole = big
    s = win.state
    qtbot.waitUntil(lambda: win.metrics_refresh.is_idle(), timeout=60000)
    before = set(s.view.nodes)
    # search finds an entity that is not loaded; choosing it loads and shows it
    far = next(n for i, n in whole.nodes.items() if i not in s.full.nodes and len(n.label) >= 2)
    iri = win.search.search_and_choose(far.label)
    assert iri == far.iri and iri in s.view.nodes and s.selected == {iri}
    # the detail pane reads the entity's relations from the store
    detail = ws.entity(iri)
    assert detail.degree == sum(1 for e in whole.edges if iri in (e.s, e.o))
    # ego on the biggest hub: at most 6 neighbours, the most central, and the rest is counted
    deg = {i: sum(1 for e in whole.edges if i in (e.s, e.o)) for i in whole.nodes}
    hub = max(deg, key=deg.get)
    win.state.select([hub])
    win.ego_selected()
    qtbot.waitUntil(win.is_idle, timeout=30000)
    nbrs = {x for e in whole.edges if hub in (e.s, e.o) for x in (e.s, e.o)} - {hub}
    assert hub in s.view.nodes and len(s.view.nodes) == 7 and set(s.view.nodes) - {hub} <= nbrs
    assert s.left_out == len(nbrs) - 6 and "未显示" in win.statusBar().currentMessage()

    # expand one of them: its neighbours join, the view grows
    def new_neighbours(i: str) -> set[str]:
        return {x for e in whole.edges if i in (e.s, e.o) for x in (e.s, e.o)} - set(s.view.nodes)

    other = max(set(s.view.nodes) - {hub}, key=lambda i: len(new_neighbours(i)))
    assert new_neighbours(other)
    ego_view = set(s.view.nodes)
    win.expand(other)
    qtbot.waitUntil(win.is_idle, timeout=30000)
    assert set(s.view.nodes) > ego_view
    # Back: the ego view (read back from the store), then the overview we came from
    seen = []
    while s.can_back():
        s.back()
        seen.append(set(s.view.nodes))
    assert ego_view in seen and seen[-1] == before
    # a type filter on the overview picks the whole graph's top investors, not the loaded ones
    s.show_all()
    s.set_filters(types=["Investor"])
    investors = {i for i, n in whole.nodes.items() if "Investor" in n.types}
    assert s.view.nodes and set(s.view.nodes) <= investors
    assert set(s.full.nodes) == set(metrics.top(ws.store, 25, types={"Investor"}))
    assert len(s.full.nodes) == min(25, len(investors))


def test_paths_are_found_layer_by_layer(big, qtbot):
    import networkx as nx

    win, ws, whole = big
    g = nx.Graph()
    g.add_edges_from((e.s, e.o) for e in whole.edges if e.s != e.o)
    comp = sorted(max(nx.connected_components(g), key=len))
    a = comp[0]
    b = max(comp, key=lambda x: (nx.shortest_path_length(g, a, x), x))
    dlg = win.open_path_dialog(a, b)
    paths = dlg.find()
    shortest = [list(p) for p in nx.all_shortest_paths(g, a, b)]
    assert paths and all(p in shortest for p in paths)
    # the hops are named (loaded from the store), and the path is on the canvas
    text = dlg.list.item(0).text()
    assert whole.nodes[a].label in text and "https://" not in text
    assert set(paths[0]) <= set(win.state.view.nodes) and win.state.highlight_nodes


def test_analysis_docks_work_on_the_loaded_part(big, qtbot):
    from gui.analysis import show_dock

    win, ws, whole = big
    for name in ("tables", "charts", "review"):
        show_dock(win, name)
        qtbot.wait(50)
    assert win.tables.entities.model.rowCount() == len(win.state.full.nodes)


def test_curation_dialogs_take_entities_that_are_not_loaded(big, qtbot):
    from gui.curation.dialogs import AddEdgeDialog, merge_preview

    win, ws, whole = big
    s = win.state
    shown = next(iter(s.view.nodes))
    far = next(i for i, n in whole.nodes.items() if i not in s.full.nodes and n.types[0] == "Company")
    dlg = AddEdgeDialog(s, shown)
    dlg.target.pick(far)  # picked from the search list: not in the loaded part
    assert dlg.target.text() == whole.nodes[far].label and dlg.choices(far)
    text = merge_preview(s, shown, far)
    moved = sum(1 for e in whole.edges if far in (e.s, e.o))
    assert whole.nodes[far].label in text and str(moved) in text


def test_detail_pane_links_load_what_they_point_at(big, qtbot):
    win, ws, whole = big
    s = win.state
    deg = {i: sum(1 for e in whole.edges if i in (e.s, e.o)) for i in s.full.nodes}
    hub = max(deg, key=deg.get)
    s.select([hub])
    links = win.detail.links()
    k, far = next(
        (k, ident) for k, (kind, ident) in enumerate(links) if kind == "entity" and ident not in s.full.nodes
    )
    win.detail.follow(k)
    assert far in s.view.nodes and s.current_entity() == far
    assert whole.nodes[far].label in win.detail.text()
