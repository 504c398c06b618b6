"""The explorer driven through its real widgets on a real (temporary) graph database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox


def iri_of(win, label: str) -> str:
    hits = win.state.ws.search(label)
    assert hits, label
    return hits[0].iri


def canvas_point(win, iri: str) -> QPoint:
    g = win.canvas.graph
    i = g.index[iri]
    return win.canvas.mapFromScene(QPointF(g.x[i], g.y[i]))


def test_window_shows_graph_with_legend(window):
    assert len(window.canvas.graph.nodes) == len(window.state.view.nodes) > 20
    assert window.canvas.graph.edges
    assert window.canvas.legend.isVisible() and window.canvas.legend.entries
    assert "显示" in window.status_counts.text()


def test_search_then_select_shows_relations_and_evidence(window, qtbot):
    # QTest cannot type CJK (qasciikey asserts): set the text as an input method would
    window.search.setFocus()
    window.search.setText("百度")
    window.search.textEdited.emit("百度")
    qtbot.waitUntil(lambda: window.search.model.rowCount() >= 1, timeout=5000)
    window.search.completer_.popup().hide()
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    baidu = iri_of(window, "百度")
    assert window.state.current_entity() == baidu
    assert baidu in window.state.selected
    text = window.detail.text()
    assert "百度" in text
    assert "文心一言" in text  # a relation target
    assert "开发" in text  # the predicate group heading
    assert "01_大模型备案进展.txt" in text  # the evidence's document
    detail = window.state.ws.entity(baidu)
    evidence = next(r.edge.evidence for r in detail.relations if r.edge.evidence)
    from gui.evidence import readable  # table rows are shown as cleaned cells

    assert " ".join(readable(evidence).split())[:20] in " ".join(text.split())
    # the relation target is a link that navigates, and back returns
    k = next(i for i, (kind, ident) in enumerate(window.detail.links()) if kind == "entity")
    window.detail.follow(k)
    assert window.state.current_entity() != baidu
    window.state.back()
    assert window.state.current_entity() == baidu


def test_traditional_input_finds_simplified_entity(window):
    iri = window.search.search_and_choose("騰訊")
    assert iri is not None
    assert window.state.full.nodes[iri].label == "腾讯"
    assert window.state.current_entity() == iri


def test_type_filter_hides_those_nodes(window, qtbot, settle):
    def policies() -> set[str]:
        return {i for i, n in window.state.view.nodes.items() if "Policy" in n.types}

    assert policies()
    window.filters.types.set_checked("Policy", False)
    window.filters.apply()
    settle(window)
    assert not policies()
    assert all("Policy" not in window.canvas.graph.nodes[k].label for k in [])  # canvas mirrors state
    shown = {n.iri for n in window.canvas.graph.nodes}
    assert shown == set(window.state.view.nodes)
    assert not any("Policy" in window.state.full.nodes[i].types for i in shown)
    window.filters.reset_all()
    settle(window)
    assert policies()


def test_relation_and_confidence_filters(window, qtbot):
    window.filters.relations.set_all(False)
    window.filters.relations.set_checked("investsIn", True)
    window.filters.apply()
    assert window.state.view.edges
    assert {e.p for e in window.state.view.edges} == {"investsIn"}
    window.filters.reset_all()
    window.filters.min_conf.setValue(0.99)
    window.filters.apply()
    assert all(e.confidence >= 0.99 for e in window.state.view.edges)


def test_double_click_expands_neighbours(window, qtbot, settle):
    baidu = iri_of(window, "百度")
    window.state.show_only({baidu})
    settle(window)
    assert [n.iri for n in window.canvas.graph.nodes] == [baidu]
    window.canvas.fit()
    qtbot.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas_point(window, baidu))
    settle(window)
    shown = {n.iri for n in window.canvas.graph.nodes}
    expected = window.state.ws.neighbours(baidu, 1)
    assert len(shown) > 1
    assert expected <= shown | (
        expected - set(window.state.view.nodes) - set(window.state.ws.snapshot().nodes)
    )
    labels = {window.state.full.nodes[i].label for i in shown}
    assert "文心一言" in labels


def test_context_menu_offers_the_node_actions(window):
    baidu = iri_of(window, "百度")
    menu = window.context_menu("node", baidu)
    texts = [a.text() for a in menu.actions()]
    assert "展开邻居" in texts and "隐藏" in texts and "固定位置" in texts and "查找到…的路径" in texts
    next(a for a in menu.actions() if a.text() == "隐藏").trigger()
    assert baidu not in window.state.view.nodes
    window.state.show_all()
    window.state.ego(baidu, 1)
    assert set(window.state.view.nodes) <= window.state.ws.neighbours(baidu, 1) | {baidu}


def test_path_finder_finds_a_known_path(window, qtbot):
    # 05_合作收购与子公司: 百度 partners with 吉利控股集团 and with 三星
    dlg = window.open_path_dialog()
    dlg.src.setText("吉利控股集团")
    dlg.dst.setText("三星")
    qtbot.mouseClick(dlg.find_button, Qt.MouseButton.LeftButton)
    assert dlg.paths, dlg.result.text()
    labels = [[window.state.full.nodes[i].label for i in p] for p in dlg.paths]
    # through 百度 (its exact length depends on how finely the extractor splits 百度智能云)
    assert all(p[0] == "吉利控股集团" and p[-1] == "三星" for p in labels), labels
    assert any("百度" in p for p in labels), labels
    assert dlg.paths == window.state.ws.shortest_paths(iri_of(window, "吉利控股集团"), iri_of(window, "三星"))
    assert dlg.list.count() == len(dlg.paths)
    assert iri_of(window, "百度") in window.state.highlight_nodes
    assert window.state.highlight_edges
    assert window.canvas.emphasis.path_edges  # drawn on the canvas


def test_rubber_band_selects_nodes(window, qtbot):
    vp = window.canvas.viewport()
    window.canvas.fit()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(2, 2))
    qtbot.mouseMove(vp, QPoint(vp.width() // 2, vp.height() // 2))
    qtbot.mouseMove(vp, QPoint(vp.width() - 2, vp.height() - 2))
    qtbot.mouseRelease(
        vp,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ShiftModifier,
        QPoint(vp.width() - 2, vp.height() - 2),
    )
    assert len(window.state.selected) > 5
    assert f"已选择 {len(window.state.selected)} 个实体" in window.detail.text()


@pytest.fixture
def save_to(monkeypatch):
    target: dict[str, Path] = {}

    def fake(*args, **kwargs):
        return str(target["path"]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return target


def test_export_graphml_from_menu_reads_back(window, save_to, tmp_path):
    import networkx as nx

    save_to["path"] = tmp_path / "out.graphml"
    action = next(a for a in window.export_all_menu.actions() if "graphml" in a.text().lower())
    action.trigger()
    from graph.facts import group_facts

    g = nx.read_graphml(save_to["path"])
    assert g.number_of_nodes() == len(window.state.full.nodes)
    assert g.number_of_edges() == len(group_facts(window.state.full.edges))  # one edge per fact


def test_export_current_view_and_every_format(window, save_to, tmp_path):
    import json

    window.filters.types.set_checked("Policy", False)
    window.filters.apply()
    save_to["path"] = tmp_path / "view.cyjs"
    next(a for a in window.export_view_menu.actions() if "cyjs" in a.text().lower()).trigger()
    data = json.loads(save_to["path"].read_text(encoding="utf-8"))
    assert "Policy" not in json.dumps(data) or len(window.state.view.nodes) < len(window.state.full.nodes)
    for fmt in window.state.ws.formats():
        save_to["path"] = tmp_path / f"all_{fmt}"
        out = window.export_graph(fmt)
        assert out is not None, fmt
    assert len(list(tmp_path.glob("all_*"))) >= len(window.state.ws.formats())


def test_export_png_and_svg(window, save_to, tmp_path):
    from PySide6.QtGui import QImage

    save_to["path"] = tmp_path / "view.png"
    window._actions["act.export_png"].trigger()
    img = QImage(str(save_to["path"]))
    assert not img.isNull() and img.width() > 100
    save_to["path"] = tmp_path / "view.svg"
    window._actions["act.export_svg"].trigger()
    svg = save_to["path"].read_text(encoding="utf-8")
    assert "<svg" in svg and "百度" in svg or "<svg" in svg


def test_open_as_html_writes_page_and_opens_browser(window, monkeypatch, messages):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    window._actions["act.open_html"].trigger()
    assert not messages, messages
    assert opened
    page = Path(opened[0].toLocalFile())
    assert page.exists() and "<html" in page.read_text(encoding="utf-8").lower()


def test_import_shows_progress_and_survives_a_bad_file(window, qtbot, tmp_path, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda parent, title, text, *a, **k: warnings.append(text))
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "2024年5月，百度发布了文心大模型4.0，并与三星达成合作。\n", encoding="utf-8"
    )
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage \x00\x01 not a pdf")
    before = len(window.state.full.documents)
    reloads: list[int] = []
    window.state.store_changed.connect(lambda: reloads.append(1))
    with qtbot.waitSignal(window.import_finished, timeout=120000) as sig:
        window.import_paths([str(folder)])
        assert window.progress is not None and window.progress.isVisible()
    results = sig.args[0]
    statuses = {r.doc: r.status for r in results}
    assert statuses["good.txt"] == "imported"
    assert statuses["broken.pdf"] == "failed"
    assert window.progress_log, "the progress dialog was never fed"
    assert any(name for _, _, name in window.progress_log)
    assert warnings and "broken.pdf" in warnings[0]
    qtbot.waitUntil(lambda: len(window.state.full.documents) == before + 1, timeout=10000)
    assert window.progress is None  # closed
    qtbot.wait(900)  # two polls of the file watch: the import's writes are not read again
    assert len(reloads) == 1  # one reload for the import, not one per poll while it wrote


def test_import_can_be_cancelled(window, qtbot, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(5):
        (folder / f"d{i}.txt").write_text(f"第{i}篇：阿里巴巴投资了月之暗面。\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=120000) as sig:
        window.import_paths([str(folder)])
        window.progress.cancel()
    assert len(sig.args[0]) <= 5


def test_language_switch_retranslates(window):
    assert window._menus["menu.file"].title().startswith("文件")
    window._actions["lang.en"].setChecked(True)
    assert window._menus["menu.file"].title() == "&File"
    assert window.dock_detail.windowTitle() == "Details"
    assert "Showing" in window.status_counts.text()
    window._actions["lang.zh"].setChecked(True)
    assert window.dock_detail.windowTitle() == "详情"


def test_edit_rename_and_undo(window, monkeypatch, messages):
    from PySide6.QtWidgets import QInputDialog

    baidu = iri_of(window, "百度")
    window.state.select([baidu])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("百度公司", True)))
    window._actions["act.rename"].trigger()
    assert not messages, messages
    assert window.state.full.nodes[baidu].label == "百度公司"
    assert "百度公司" in window.detail.text()
    window._actions["act.undo"].trigger()
    assert window.state.full.nodes[baidu].label == "百度"


def test_delete_selected_edge(window):
    e = window.state.view.edges[0]
    window.state.select_edge(e.id)
    assert window.state.current_edge() == e.id
    assert window.state.full.nodes[e.s].label in window.detail.text()
    window._actions["act.delete_edge"].trigger()
    assert all(x.id != e.id for x in window.state.full.edges)


def test_community_colouring_and_layout_kinds(window, qtbot, settle):
    window._actions["act.community"].setChecked(True)
    assert window.state.colour_mode == "community"
    assert any("社区" in t for _, t, _ in window.canvas.legend.entries)
    window._actions["layout.circular"].setChecked(True)
    settle(window)
    assert window.state.layout_kind == "circular"
    window._actions["size.pagerank"].setChecked(True)
    assert window.state.size_mode == "pagerank"


def test_smoke_entry_point(gui_demo_db, tmp_path, monkeypatch):
    import shutil

    from gui import app

    db = tmp_path / "smoke.db"
    shutil.copy(gui_demo_db, db)
    monkeypatch.setenv("HOME", str(tmp_path))
    png = tmp_path / "shot.png"
    assert app.main(["--db", str(db), "--screenshot", str(png), "--size", "900x600"]) == 0
    assert png.exists() and png.stat().st_size > 10000


def test_a_corrupt_graph_file_is_refused_with_its_name(tmp_path, capsys):
    from gui import app

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 200)
    assert app.main(["--db", str(bad), "--smoke"]) == 1
    assert "bad.db" in capsys.readouterr().err
    assert bad.read_bytes() == b"not a database at all" * 200  # untouched


def test_dropping_files_imports_them(window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDropEvent

    f = tmp_path / "dropped.txt"
    f.write_text("2024年6月，月之暗面发布了Kimi智能助手的新版本。\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.import_finished, timeout=120000) as sig:
        window.dropEvent(event)
    assert [r.doc for r in sig.args[0]] == ["dropped.txt"]


def test_hover_shows_name_type_and_degree(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QToolTip

    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", staticmethod(lambda pos, text, *a, **k: shown.append(text)))
    baidu = iri_of(window, "百度")
    window.canvas.fit()
    qtbot.mouseMove(window.canvas.viewport(), canvas_point(window, baidu))
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "百度" in shown[-1] and "公司" in shown[-1] and "度数" in shown[-1]


def test_document_and_year_filters(window):
    docs = window.state.full.documents
    first = docs[0]
    window.filters.documents.set_all(False)
    window.filters.documents.set_checked(first.id, True)
    window.filters.apply()
    assert window.state.view.edges
    assert {e.doc for e in window.state.view.edges} <= {first.id, None}
    window.filters.reset_all()
    years = sorted({e.year for e in window.state.full.edges if e.year})
    window.filters.limit_years.setChecked(True)
    window.filters.year_from.setValue(years[-1])
    window.filters.year_to.setValue(years[-1])
    window.filters.apply()
    assert window.state.view.edges
    assert {e.year for e in window.state.view.edges} == {years[-1]}


def test_merge_two_selected_entities(window, monkeypatch, messages):
    from PySide6.QtWidgets import QInputDialog

    a, b = iri_of(window, "智谱清言"), iri_of(window, "腾讯元宝")
    window.state.select([a])
    window.state.select([b], add=True)
    assert window.state.selected == {a, b}
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda parent, title, label, items, *a, **k: (items[0], True))
    )
    n = len(window.state.full.nodes)
    window._actions["act.merge"].trigger()
    assert not messages, messages
    assert len(window.state.full.nodes) == n - 1
    window._actions["act.undo"].trigger()
    assert len(window.state.full.nodes) == n


def test_recent_graphs_and_open(window, gui_demo_db, tmp_path):
    import shutil

    other = tmp_path / "other.db"
    shutil.copy(gui_demo_db, other)
    assert window.open_graph(other)
    assert window.state.ws.path == other
    recent = [a.text() for a in window.recent_menu.actions()]
    assert recent[0] == str(other) and len(recent) == 2
    window.recent_menu.actions()[1].trigger()
    assert window.state.ws.path != other
    assert window.canvas.graph.nodes


def test_new_graph_is_empty_and_about_box(window, monkeypatch, tmp_path, messages):
    target = tmp_path / "new.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window._actions["act.new"].trigger()
    assert window.state.ws.path == target
    assert not window.state.full.nodes and not window.canvas.graph.nodes
    window._actions["act.about"].trigger()
    assert messages and "Zhitu" in messages[-1][1]


def test_source_document_opens_with_the_evidence_highlighted(window):
    baidu = iri_of(window, "百度")
    window.state.select([baidu])
    k, (_, ident) = next((i, link) for i, link in enumerate(window.detail.links()) if link[0] == "doc")
    doc_id, edge_id = ident.split("\t")
    window.detail.follow(k)
    viewer = window.detail.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.found is not None  # the evidence was located in the report text
    a, b = viewer.found
    text = window.state.ws.document_text(int(doc_id))
    evidence = window.state.edge(edge_id).evidence
    assert "".join(text[a:b].split()) == "".join(evidence.split())
    assert "百度" in viewer.browser.toPlainText()
    viewer.close()


def test_view_preferences_persist(window, workspace, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow

    window._actions["act.community"].setChecked(True)
    window._actions["size.pagerank"].setChecked(True)
    window.close()
    again = MainWindow(workspace, QSettings(str(tmp_path / "zhitu.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.state.colour_mode == "community"
    assert again.state.size_mode == "pagerank"
    assert again.size_combo.currentIndex() == 1


def test_keyboard_expand_and_hide_selection(window, settle):
    baidu = iri_of(window, "百度")
    window.state.show_only({baidu})
    window.state.select([baidu])
    window._actions["act.expand_sel"].trigger()
    assert len(window.state.view.nodes) > 1
    window._actions["act.hide_sel"].trigger()
    assert baidu not in window.state.view.nodes
