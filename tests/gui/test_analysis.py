"""Analysis and curation panels driven through their widgets on a real (temporary) graph."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox


def _iri(win, label: str) -> str:
    return next(i for i, n in win.state.full.nodes.items() if n.label == label)


def test_sorted_relation_table_row_selects_edge_on_canvas(window, qtbot, settle, tmp_path: Path):
    from gui.analysis import show_dock

    show_dock(window, "tables")
    page = window.tables.relations
    window.tables.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.proxy.rowCount() > 0, timeout=5000)
    conf_col = page.model.columns.index("confidence")
    page.view.sortByColumn(conf_col, Qt.SortOrder.AscendingOrder)
    values = [page.proxy.index(r, conf_col).data(page.proxy.sortRole()) for r in range(page.proxy.rowCount())]
    assert values == sorted(values)
    row = page.proxy.rowCount() // 2
    page.view.selectRow(row)
    fid = page.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 2)
    settle(window)
    assert window.state.current_edge() == fid
    g = window.canvas.graph
    assert window.canvas.emphasis.edge == g.edge_index[fid]
    # and back: choosing an entity on the canvas selects its row in the entity table
    baidu = _iri(window, "百度")
    window.state.select([baidu])
    assert window.tables.entities.selected_ids() == [baidu]
    # visible rows go to CSV
    page.filter.setText("投资")
    out = page.export_csv(tmp_path / "rel.csv")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + page.proxy.rowCount() and page.proxy.rowCount() < page.model.rowCount()
    assert all("投资" in ln for ln in lines[1:])


def test_timeline_counts_equal_funding_rounds(window, qtbot):
    from gui.analysis import show_dock

    show_dock(window, "charts")
    tl = window.charts.timeline
    qtbot.waitUntil(lambda: bool(tl.buckets), timeout=5000)
    # rounds as the store holds them: investsIn statements by (company, round, date or year)
    snap = window.state.ws.snapshot()
    rounds = set()
    for e in snap.edges:
        if e.p == "investsIn":
            a = dict(e.attrs)
            if a.get("round") or a.get("date"):
                rounds.add((e.o, a.get("round") or "", a.get("date") or e.year))
            else:
                rounds.add((e.o, e.s, e.id))
    assert sum(tl.counts()) == len(rounds) > 0
    assert list(tl.bars.opts["height"]) == tl.counts()
    baichuan = _iri(window, "百川智能")
    q4 = next(i for i, b in enumerate(tl.buckets) if b.label == "2023 Q4")
    edges = tl.select_bucket(q4)
    assert baichuan in window.state.selected and edges
    assert set(edges) <= {e.id for e in snap.edges if e.p == "investsIn"}
    # amounts stay per currency: one plot each
    assert len(tl.amount_plots) == len({c for b in tl.buckets for c in b.amounts})
    # top investors, statistics, and the graph as of a year
    from graph.stats import top_investors

    nodes = window.state.full.nodes
    assert window.charts.investors.items[0] == (nodes[top_investors(snap)[0][0]].label, top_investors(snap)[0][1])
    summary = window.charts.summary.toPlainText()
    assert "介数中心性最高的实体" in summary and "PageRank最高的实体" in summary
    window.charts.set_as_of(2023)
    assert window.state.view.edges and all(e.year is not None and e.year <= 2023 for e in window.state.view.edges)
    window.charts.set_as_of(None)
    assert len(window.state.view.edges) == len(snap.edges)


def test_console_refuses_update_and_selects_entity(window):
    con = window.console
    assert con.run("DELETE WHERE { ?s ?p ?o }") is None
    assert "read-only" in con.status.text()
    n = len(window.state.ws.snapshot().edges)
    res = con.run('SELECT ?c WHERE { ?c rdfs:label ?n FILTER(STR(?n) = "百度") }')
    assert res.rows and len(window.state.ws.snapshot().edges) == n
    iri = con.cell_clicked(0, 0)
    assert iri == _iri(window, "百度") and window.state.current_entity() == iri


def test_retype_through_the_chinese_dialog(window, qtbot):
    iri = _iri(window, "百度")
    window.state.select([iri])
    window.retype_current()
    dlg = window.curation_dialog
    labels = {b.text(): t for t, b in dlg.boxes.items()}
    assert "投资机构" in labels and "公司" in labels  # the nine types in Chinese
    dlg.boxes[labels["投资机构"]].setChecked(True)
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.state.full.nodes[iri].types == ("Company", "Investor")
    assert "撤销" in window.statusBar().currentMessage()


def test_add_edge_offers_only_allowed_predicates_and_needs_a_pick(window):
    s = _iri(window, "百度")
    window.state.select([s])
    window.add_edge_dialog()
    dlg = window.curation_dialog
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # nothing picked: no silent first hit
    dlg.target.pick(_iri(window, "文心一言"))
    preds = [dlg.predicate.itemData(i) for i in range(dlg.predicate.count())]
    assert "develops" in preds and "investsIn" not in preds and "poweredBy" not in preds
    assert dlg.predicate.itemText(preds.index("develops")) == "开发"


def test_accept_duplicate_merges_and_undo_restores(window, qtbot):
    from gui.analysis import show_dock

    show_dock(window, "review")
    rv = window.review
    qtbot.waitUntil(lambda: bool(rv.suggestions), timeout=5000)
    s = rv.suggestions[0]
    before = len(window.state.full.nodes)
    rv.accept_row(0)
    assert s.b not in window.state.full.nodes and len(window.state.full.nodes) == before - 1
    assert window.state.ws.edits()[-1]["op"] == "merge"
    window.history.undo_to(window.state.ws.edits()[-1]["id"])
    assert s.b in window.state.full.nodes and len(window.state.full.nodes) == before
    # reject is remembered in the graph file
    rv.reload()
    rv.reject_row(0)
    assert all(x.pair != s.pair for x in window.state.ws.duplicate_suggestions())


def test_merge_into_from_detail_pane_with_preview(window):
    drop, keep = _iri(window, "百川智能"), _iri(window, "百度")
    window.state.select([drop])
    k = next(i for i, (kind, _) in enumerate(window.detail.links()) if kind == "merge")
    window.detail.follow(k)
    dlg = window.curation_dialog
    dlg.target.pick(keep)
    assert "百川智能" in dlg.preview.text() and "百度" in dlg.preview.text()
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert drop not in window.state.full.nodes


def test_delete_says_what_and_qt_speaks_chinese(window):
    from PySide6.QtCore import QCoreApplication

    e = next(e for e in window.state.full.edges if e.p == "develops")
    window.state.select_edge(e.id)
    window.delete_current_edge()
    msg = window.statusBar().currentMessage()
    assert "已删除关系" in msg and "开发" in msg
    window.set_language("en")
    assert window.statusBar().currentMessage().startswith("Deleted relation")
    window.set_language("zh")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_path_dialog_names_the_relation_of_each_hop(window):
    dlg = window.open_path_dialog(_iri(window, "百度"), _iri(window, "文心一言"))
    assert dlg.find()
    item = dlg.list.item(0)
    assert "百度 —开发→ 文心一言" in item.text()
    assert "“" in item.toolTip()  # the hop's evidence
    dlg.close()


def test_edge_detail_reads_clean_cells_amount_as_given_and_raw_row_on_click(window):
    from gui.evidence import CELL_SEP

    snap = window.state.full
    e = next(
        e
        for e in snap.edges
        if dict(e.attrs).get("amount_value") and ("|" in e.evidence or "\t" in e.evidence)
    )
    window.state.select_edge(e.id)
    text = window.detail.text()
    assert "amount_value" not in text and "100000000" not in text
    assert dict(e.attrs)["amount"] in text  # as the text gave it
    assert CELL_SEP.strip() in text and "|" not in text.split("证据", 1)[1]
    k = next(i for i, (kind, _) in enumerate(window.detail.links()) if kind == "raw")
    window.detail.follow(k)
    assert " ".join(e.evidence.split())[:15] in " ".join(window.detail.text().split())


def test_path_dialog_offers_k_shortest_paths_longer_ones_included(window):
    import networkx as nx

    # two neighbours on a cycle: the direct hop is the shortest path, the way round a longer one
    cycle = next(
        c for c in nx.cycle_basis(nx.Graph(window.state.ws.nx_graph().to_undirected())) if len(c) >= 3
    )
    a, b = cycle[0], cycle[1]
    dlg = window.open_path_dialog(a, b)
    shortest = dlg.find()
    dlg.longer.setChecked(True)
    dlg.k.setValue(len(shortest) + 3)
    more = dlg.find()
    assert more[: len(shortest)] and len(more) > len(shortest)
    assert [len(p) for p in more] == sorted(len(p) for p in more)
    assert all(p[0] == a and p[-1] == b and len(set(p)) == len(p) for p in more)
    dlg.close()


def test_reextract_with_corrections_runs_on_a_worker(window, qtbot):
    from gui.analysis import reextract

    iri = _iri(window, "百川智能")
    window.state.ws.retype(iri, ["Company", "Investor"])
    with qtbot.waitSignal(window.import_finished, timeout=120000) as sig:
        reextract(window)
    results = sig.args[0]
    assert results and all(r.status == "replaced" for r in results)
    assert "重新抽取" in window.statusBar().currentMessage()
    assert window.state.full.nodes[iri].types == ("Company", "Investor")


def test_merge_of_two_selected_offers_names_not_iris(window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    a, b = _iri(window, "百度"), _iri(window, "百川智能")
    seen = {}

    def fake(parent, title, label, items, *args, **kw):
        seen["items"] = list(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(fake))
    window.state.select([a, b])
    window.merge_selected()
    assert seen["items"] and not any("http" in x for x in seen["items"])
    assert any(x.startswith("百度") and "公司" in x for x in seen["items"])
    assert len({a, b} & set(window.state.full.nodes)) == 1


def test_clicking_a_timeline_bar_selects_its_deals(window, qtbot):
    from PySide6.QtCore import QPointF

    from gui.analysis import show_dock

    show_dock(window, "charts")
    tl = window.charts.timeline
    qtbot.waitUntil(lambda: bool(tl.buckets), timeout=5000)
    i = max(range(len(tl.buckets)), key=lambda k: tl.counts()[k])
    plot = tl.rounds_plot
    vb = plot.getPlotItem().vb
    scene_pt = vb.mapViewToScene(QPointF(i, tl.counts()[i] / 2))
    pos = plot.mapFromScene(scene_pt)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: bool(window.state.highlight_edges), timeout=3000)
    company = tl.buckets[i].rounds[0].company
    assert company in window.state.selected
    assert tl.buckets[i].label in tl.info.text()


def test_console_runs_queries_off_the_ui_thread(window, qtbot):
    import threading

    con = window.console
    seen: list[str] = []
    real = con.state.ws.sparql

    def spy(q, **kw):
        seen.append(threading.current_thread().name)
        return real(q, **kw)

    con.state.ws.sparql = spy
    con.start('SELECT ?c WHERE { ?c rdfs:label ?n FILTER(STR(?n) = "百度") }')
    assert not con.run_button.isEnabled() and "查询" in con.status.text()
    qtbot.waitUntil(con.is_idle, timeout=10000)
    assert seen and seen[0] != threading.main_thread().name
    assert con.model.rowCount() == 1 and con.run_button.isEnabled()
    con.start("DELETE WHERE { ?s ?p ?o }")
    qtbot.waitUntil(con.is_idle, timeout=10000)
    assert con.last_error and "read-only" in con.status.text() and con.model.rowCount() == 0


def test_add_entity_through_the_dialog(window, qtbot):
    from gui.analysis import add_entity_dialog

    dlg = add_entity_dialog(window)
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # no name, no type yet
    dlg.name.setText("墨羽机器人")
    assert not ok.isEnabled()
    labels = {b.text(): t for t, b in dlg.boxes.items()}
    dlg.boxes[labels["产品"]].setChecked(True)
    assert ok.isEnabled()
    dlg.accept()
    iri = window.state.current_entity()
    assert iri and window.state.node(iri).label == "墨羽机器人" and iri in window.state.view.nodes
    assert "墨羽机器人" in window.detail.text()
    window.state.ws.undo()
    assert window.state.node(iri) is None
