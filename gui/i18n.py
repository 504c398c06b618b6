"""A small zh/en string table; widgets re-read it in ``retranslate()`` when the language changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

LANGUAGES = ("zh", "en")

# key -> (中文, English)
_T: dict[str, tuple[str, str]] = {
    "app.title": ("知图 Zhitu", "Zhitu 知图"),
    # menus
    "menu.file": ("文件(&F)", "&File"),
    "menu.edit": ("编辑(&E)", "&Edit"),
    "menu.view": ("视图(&V)", "&View"),
    "menu.navigate": ("导航(&N)", "&Navigate"),
    "menu.help": ("帮助(&H)", "&Help"),
    "menu.recent": ("最近的图谱", "Recent graphs"),
    "menu.export_all": ("导出整个图谱", "Export whole graph"),
    "menu.export_view": ("导出当前视图", "Export current view"),
    "menu.layout": ("布局", "Layout"),
    "menu.size": ("节点大小", "Node size"),
    "menu.language": ("语言 / Language", "Language / 语言"),
    "menu.panels": ("面板", "Panels"),
    # actions
    "act.new": ("新建图谱…", "New graph…"),
    "act.open": ("打开图谱…", "Open graph…"),
    "act.import_files": ("导入文件…", "Import files…"),
    "act.import_folder": ("导入文件夹…", "Import folder…"),
    "act.export_png": ("导出视图为 PNG…", "Export view as PNG…"),
    "act.export_svg": ("导出视图为 SVG…", "Export view as SVG…"),
    "act.open_html": ("以交互式 HTML 打开", "Open as interactive HTML"),
    "act.quit": ("退出", "Quit"),
    "act.undo": ("撤销", "Undo"),
    "act.redo": ("重做", "Redo"),
    "act.merge": ("合并所选实体…", "Merge selected entities…"),
    "act.rename": ("重命名实体…", "Rename entity…"),
    "act.retype": ("修改实体类型…", "Change entity types…"),
    "act.delete_edge": ("删除所选关系", "Delete selected relation"),
    "act.add_edge": ("添加关系…", "Add relation…"),
    "act.add_entity": ("添加实体…", "Add entity…"),
    "act.fit": ("适应窗口", "Fit to view"),
    "act.show_all": ("显示全部", "Show whole graph"),
    "act.relayout": ("重新布局", "Re-run layout"),
    "act.community": ("按社区着色", "Colour by community"),
    "act.labels": ("显示标签", "Show labels"),
    "act.back": ("后退", "Back"),
    "act.forward": ("前进", "Forward"),
    "act.path": ("查找路径…", "Find path…"),
    "act.expand_sel": ("展开所选实体的邻居", "Expand selected"),
    "act.hide_sel": ("隐藏所选实体", "Hide selected"),
    "act.ego_sel": ("只看所选实体的邻域", "Ego network of selection"),
    "act.search": ("搜索", "Search"),
    "act.about": ("关于知图", "About Zhitu"),
    "layout.force": ("力导向", "Force-directed"),
    "layout.circular": ("环形", "Circular"),
    "layout.grouped": ("按类型分组", "Grouped by type"),
    "size.degree": ("按度数", "By degree"),
    "size.pagerank": ("按 PageRank", "By PageRank"),
    # canvas context menu
    "ctx.expand": ("展开邻居", "Expand neighbours"),
    "ctx.hide": ("隐藏", "Hide"),
    "ctx.pin": ("固定位置", "Pin position"),
    "ctx.unpin": ("取消固定", "Unpin"),
    "ctx.ego": ("只看邻域（{n} 跳）", "Ego network ({n} hops)"),
    "ctx.path_to": ("查找到…的路径", "Find path to…"),
    "ctx.details": ("查看详情", "Details"),
    "ctx.delete_edge": ("删除此关系", "Delete this relation"),
    # panels
    "dock.filters": ("筛选", "Filters"),
    "dock.detail": ("详情", "Details"),
    "legend.title": ("图例", "Legend"),
    "legend.community": ("社区 {n}", "Community {n}"),
    "filters.types": ("实体类型", "Entity types"),
    "filters.relations": ("关系类型", "Relations"),
    "filters.documents": ("来源文档", "Source documents"),
    "filters.years": ("年份范围", "Year range"),
    "filters.limit_years": ("限定年份", "Limit years"),
    "filters.min_conf": ("最低置信度", "Min. confidence"),
    "filters.min_degree": ("最小度数", "Min. degree"),
    "filters.isolated": ("显示孤立节点", "Show isolated nodes"),
    "filters.reset": ("重置筛选", "Reset filters"),
    "filters.all": ("全选", "All"),
    "filters.none": ("全不选", "None"),
    "search.placeholder": (
        "搜索实体（中文、英文、别名、繁体）  Ctrl+F",
        "Search entities (Chinese, English, aliases)  Ctrl+F",
    ),
    "search.none": ("未找到“{q}”", "Nothing found for “{q}”"),
    # detail pane
    "detail.empty": (
        "在图中或搜索框中选择一个实体或关系。",
        "Select an entity or a relation in the graph or with search.",
    ),
    "detail.types": ("类型", "Types"),
    "detail.aliases": ("别名", "Aliases"),
    "detail.attributes": ("属性", "Attributes"),
    "detail.relations": ("关系", "Relations"),
    "detail.documents": ("提及此实体的文档", "Documents mentioning it"),
    "detail.degree": ("度数", "Degree"),
    "detail.confidence": ("置信度", "confidence"),
    "detail.evidence": ("证据", "Evidence"),
    "detail.document": ("文档", "Document"),
    "detail.user_edge": ("用户添加", "added by user"),
    "detail.relation": ("关系", "Relation"),
    "detail.year": ("年份", "Year"),
    "detail.none": ("无", "none"),
    "detail.yes": ("是", "yes"),
    "detail.no": ("否", "no"),
    "detail.selected": ("已选择 {n} 个实体", "{n} entities selected"),
    # path finder
    "path.title": ("查找路径", "Find path"),
    "path.from": ("起点", "From"),
    "path.to": ("终点", "To"),
    "path.find": ("查找", "Find"),
    "path.none": ("两者之间没有路径。", "No path between them."),
    "path.found": ("找到 {n} 条最短路径", "{n} shortest path(s) found"),
    "path.unknown": ("找不到实体：{q}", "Unknown entity: {q}"),
    # file
    "file.graph_filter": (
        "知图图谱 (*.db *.sqlite);;所有文件 (*)",
        "Zhitu graphs (*.db *.sqlite);;All files (*)",
    ),
    "file.import_filter": (
        "报告 (*.txt *.md *.pdf *.html *.htm *.docx);;所有文件 (*)",
        "Reports (*.txt *.md *.pdf *.html *.htm *.docx);;All files (*)",
    ),
    "import.title": ("导入报告", "Importing reports"),
    "import.progress": ("正在导入 {name}（{i}/{n}）…", "Importing {name} ({i}/{n})…"),
    "import.cancel": ("取消", "Cancel"),
    "import.failed": ("以下文件未能导入：", "These files could not be imported:"),
    "import.done": (
        "导入完成：{ok} 个新文档，{same} 个未变化，{bad} 个失败。",
        "Import done: {ok} new, {same} unchanged, {bad} failed.",
    ),
    "export.done": ("已导出到 {path}", "Exported to {path}"),
    "export.failed": ("导出失败：{err}", "Export failed: {err}"),
    "edit.failed": ("编辑失败：{err}", "Edit failed: {err}"),
    "edit.select_two": (
        "请先选择两个实体（Ctrl+单击或 Shift+拖动框选）。",
        "Select two entities first (Ctrl+click or Shift+drag).",
    ),
    "edit.keep": ("保留哪个实体？另一个将并入它。", "Keep which entity? The other is merged into it."),
    "edit.new_name": ("新名称：", "New name:"),
    "edit.types_prompt": ("类型（逗号分隔）：", "Types (comma-separated):"),
    "edit.predicate": ("关系：", "Relation:"),
    "edit.object": ("目标实体名称：", "Target entity name:"),
    "status.counts": (
        "显示 {vn} / {n} 个实体，{vf} / {f} 条关系（{e} 次陈述）· {d} 个文档",
        "Showing {vn} / {n} entities, {vf} / {f} relations ({e} statements) · {d} documents",
    ),
    "status.counts_large": (
        "概览：显示 {vn} 个实体（已载入 {n}，共 {total}），{vf} 条关系（共 {te} 次陈述）· {d} 个文档",
        "Overview: showing {vn} entities ({n} loaded of {total}), {vf} relations (of {te} statements) · {d} documents",
    ),
    "status.left_out": (
        "邻居太多：只加入了最核心的 {k} 个，另有 {n} 个未显示",
        "Too many neighbours: added the {k} most central, {n} more not shown",
    ),
    "msg.metrics_failed": ("无法更新中心性缓存：{err}", "Could not update the centrality cache: {err}"),
    "status.layout": ("正在计算布局…", "Computing layout…"),
    "status.analytics": ("正在计算社区 / PageRank…", "Computing communities / PageRank…"),
    "about.text": (
        "<h3>知图 Zhitu {version}</h3><p>从您阅读的报告中绘制中国 AI 产业知识图谱：谁开发了哪个模型、"
        "哪个产品基于哪个模型、谁投资了谁、哪个机构发布了哪项政策。</p><p>每条关系都可追溯到原文句子或表格行。</p>",
        "<h3>Zhitu 知图 {version}</h3><p>Maps the Chinese AI industry from the reports you read: who develops "
        "which model, which product runs on which model, who invested in whom, which body issued which "
        "policy.</p><p>Every relation links back to its source sentence or table row.</p>",
    ),
    "msg.no_selection": ("请先选择一个实体。", "Select an entity first."),
    "msg.no_edge": ("请先选择一条关系。", "Select a relation first."),
    "msg.open_failed": ("无法打开图谱：{err}", "Cannot open the graph: {err}"),
}

TYPE_NAMES = {
    "Company": ("公司", "Company"),
    "Investor": ("投资机构", "Investor"),
    "AIModel": ("AI 模型", "AI model"),
    "Product": ("产品", "Product"),
    "Policy": ("政策", "Policy"),
    "GovernmentBody": ("政府机构", "Government body"),
    "ResearchInstitution": ("研究机构", "Research institution"),
    "Technology": ("技术", "Technology"),
    "Person": ("人物", "Person"),
    "Thing": ("其他", "Other"),
}
PREDICATE_NAMES = {
    "develops": ("开发", "develops"),
    "offers": ("提供", "offers"),
    "poweredBy": ("基于模型", "powered by"),
    "investsIn": ("投资", "invests in"),
    "issues": ("发布", "issues"),
    "partnersWith": ("合作", "partners with"),
    "subsidiaryOf": ("隶属于", "subsidiary of"),
    "acquires": ("收购", "acquires"),
    "basedOn": ("基于", "based on"),
    "founderOf": ("创始人", "founder of"),
    "competesWith": ("竞争", "competes with"),
}
# shown for incoming relations ("百度 develops 文心" seen from 文心)
PREDICATE_INVERSE = {
    "develops": ("开发者", "developed by"),
    "offers": ("提供方", "offered by"),
    "poweredBy": ("驱动的产品", "powers"),
    "investsIn": ("投资方", "invested in by"),
    "issues": ("发布机构", "issued by"),
    "partnersWith": ("合作", "partners with"),
    "subsidiaryOf": ("子公司", "has subsidiary"),
    "acquires": ("被收购方", "acquired by"),
    "basedOn": ("被…采用", "basis of"),
    "founderOf": ("创始人", "founded by"),
    "competesWith": ("竞争", "competes with"),
}
ATTR_NAMES = {
    "round": ("轮次", "round"),
    "amount": ("金额", "amount"),
    "currency": ("币种", "currency"),
    "date": ("日期", "date"),
    "lead": ("领投", "lead"),
    "stock_code": ("股票代码", "stock code"),
    "parameters": ("参数量", "parameters"),
}


def register(table: dict[str, tuple[str, str]]) -> None:
    """Add a module's own strings (key -> (中文, English)) to the table."""
    _T.update(table)


class _Language(QObject):
    changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.code = "zh"

    def set(self, code: str) -> None:
        if code in LANGUAGES and code != self.code:
            self.code = code
            self.changed.emit(code)


_lang: _Language | None = None


def language() -> _Language:
    """The process-wide language switch (created lazily: a QObject needs Qt loaded)."""
    global _lang
    if _lang is None:
        _lang = _Language()
    return _lang


def _pick(pair: tuple[str, str]) -> str:
    return pair[0] if language().code == "zh" else pair[1]


def tr(key: str, **kw: object) -> str:
    pair = _T.get(key)
    text = _pick(pair) if pair else key
    return text.format(**kw) if kw else text


def type_name(t: str) -> str:
    return _pick(TYPE_NAMES[t]) if t in TYPE_NAMES else t


def predicate_name(p: str, direction: str = "out") -> str:
    table = PREDICATE_INVERSE if direction == "in" else PREDICATE_NAMES
    return _pick(table[p]) if p in table else p


def attr_name(k: str) -> str:
    return _pick(ATTR_NAMES[k]) if k in ATTR_NAMES else k

