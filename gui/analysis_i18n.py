"""Strings of the analysis and curation panels (tables, charts, console, review, history, dialogs)."""

from __future__ import annotations

from gui.i18n import register

register(
    {
        "menu.analysis": ("分析(&A)", "&Analysis"),
        "dock.tables": ("数据表", "Tables"),
        "dock.charts": ("图表", "Charts"),
        "dock.console": ("SPARQL 控制台", "SPARQL console"),
        "dock.history": ("编辑历史", "Edit history"),
        "dock.review": ("疑似重复", "Possible duplicates"),
        "act.reextract": ("按我的修正重新抽取", "Re-extract with my corrections"),
        "act.merge_into": ("合并到…", "Merge into…"),
        # tables
        "tables.entities": ("实体", "Entities"),
        "tables.relations": ("关系", "Relations"),
        "tables.filter": ("筛选…", "Filter…"),
        "tables.all_columns": ("所有列", "All columns"),
        "tables.export": ("导出可见行为 CSV…", "Export visible rows as CSV…"),
        "tables.rows": ("{n} / {total} 行", "{n} / {total} rows"),
        "col.name": ("名称", "Name"),
        "col.types": ("类型", "Types"),
        "col.degree": ("度数", "Degree"),
        "col.pagerank": ("PageRank", "PageRank"),
        "col.betweenness": ("介数中心性", "Betweenness"),
        "col.documents": ("文档数", "Documents"),
        "col.subject": ("主体", "Subject"),
        "col.predicate": ("关系", "Predicate"),
        "col.object": ("客体", "Object"),
        "col.round": ("轮次", "Round"),
        "col.amount": ("金额", "Amount"),
        "col.currency": ("币种", "Currency"),
        "col.date": ("日期", "Date"),
        "col.lead": ("领投", "Lead"),
        "col.confidence": ("置信度", "Confidence"),
        "col.mentions": ("提及次数", "Mentions"),
        # charts
        "charts.timeline": ("融资时间线", "Funding timeline"),
        "charts.rounds": ("每季度融资轮数", "Funding rounds per quarter"),
        "charts.amounts": ("已知金额（{cur}，亿）", "Known amounts ({cur}, 100 M)"),
        "charts.investors": ("投资最多的机构", "Top investors"),
        "charts.deals": ("交易数", "Deals"),
        "charts.types": ("实体类型", "Entities by type"),
        "charts.predicates": ("关系类型", "Relations by predicate"),
        "charts.as_of": ("截至年份：", "Graph as of:"),
        "charts.as_of_all": ("全部年份", "all years"),
        "charts.bucket": ("{q}：{n} 轮融资", "{q}: {n} funding round(s)"),
        "charts.no_rounds": ("图中没有融资关系。", "No funding relations in the graph."),
        # console
        "console.run": ("运行 (Ctrl+Enter)", "Run (Ctrl+Enter)"),
        "console.examples": ("示例查询", "Example queries"),
        "console.rows": ("{n} 行结果", "{n} row(s)"),
        "console.ask": ("结果：{v}", "Answer: {v}"),
        "console.triples": ("{n} 条三元组", "{n} triple(s)"),
        "console.hint": (
            "只读 SPARQL（与 zhitu query 相同的限制）。单击结果中的实体 IRI 即在图中选中。",
            "Read-only SPARQL (the same guards as zhitu query). Click an entity IRI in the results to select it.",
        ),
        "ex.models": ("谁开发了哪些模型", "Who develops which models"),
        "ex.funding": ("融资轮次与金额", "Funding rounds and amounts"),
        "ex.products": ("产品及其底层模型", "Products and their models"),
        "ex.policies": ("政策及发布机构", "Policies and issuing bodies"),
        "ex.evidence": ("关系及其证据文档", "Relations with their source documents"),
        # history
        "history.undo_to": ("撤销到此项（含）", "Undo back to here"),
        "history.empty": ("还没有编辑。", "No edits yet."),
        "history.undone": ("已撤销 {n} 项编辑。", "Undid {n} edit(s)."),
        "history.state.active": ("生效", "active"),
        "history.state.undone": ("已撤销", "undone"),
        "history.state.discarded": ("已放弃", "discarded"),
        "op.merge": ("合并 {drop} → {keep}", "merge {drop} into {keep}"),
        "op.rename": ("重命名 {old} → {new}", "rename {old} to {new}"),
        "op.retype": ("修改类型 {name}：{types}", "retype {name} as {types}"),
        "op.delete_edge": ("删除关系 {s} {p} {o}", "delete relation {s} {p} {o}"),
        "op.add_edge": ("添加关系 {s} {p} {o}", "add relation {s} {p} {o}"),
        "op.dismiss_duplicate": ("不是重复：{a} / {b}", "not duplicates: {a} / {b}"),
        # review
        "review.accept": ("合并（接受）", "Merge (accept)"),
        "review.reject": ("不是重复（拒绝）", "Not duplicates (reject)"),
        "review.refresh": ("刷新", "Refresh"),
        "review.keep": ("保留", "Keep"),
        "review.merge": ("并入", "Merge in"),
        "review.reason": ("原因", "Reason"),
        "review.count": ("{n} 对疑似重复", "{n} possible duplicate pair(s)"),
        "reason.same_name": ("同名，不同类型：{d}", "same name under two types: {d}"),
        "reason.shared_alias": ("共享别名：{d}", "shared alias: {d}"),
        "reason.alias_is_name": ("别名“{d}”是另一实体的名称", "alias “{d}” is another entity's name"),
        "reason.foreign_alias": (
            "别名“{d}”与名称毫无共同字符，可能属于另一实体（接受将删除此别名）",
            "alias “{d}” shares nothing with the name: another entity's? (accept drops the alias)",
        ),
        "review.alias_dropped": (
            "已删除“{name}”的别名“{alias}”（Ctrl+Z 撤销）。",
            "Dropped the alias “{alias}” of “{name}” (Ctrl+Z undoes).",
        ),
        "op.drop_alias": ("删除别名 {name}：{alias}", "drop alias {alias} of {name}"),
        "reason.near_threshold": (
            "名称相似度 {d}（略低于合并阈值）",
            "name similarity {d} (just under the merge threshold)",
        ),
        "review.merged": (
            "已将“{drop}”并入“{keep}”（Ctrl+Z 撤销）。",
            "Merged “{drop}” into “{keep}” (Ctrl+Z undoes).",
        ),
        "review.dismissed": (
            "已记住：“{a}”与“{b}”不是重复。",
            "Remembered: “{a}” and “{b}” are not duplicates.",
        ),
        # dialogs
        "retype.prompt": (
            "选择“{name}”的类型（第一个勾选的为主类型）：",
            "Types of “{name}” (the first checked is primary):",
        ),
        "retype.none": ("请至少选择一个类型。", "Choose at least one type."),
        "addedge.subject": ("主体：", "Subject:"),
        "addedge.target": ("目标实体：", "Target entity:"),
        "addedge.pick": ("输入名称并从候选列表中选择", "Type a name and pick it from the list"),
        "addedge.no_pred": ("这两种类型之间没有可用的关系。", "No relation fits these two types."),
        "addedge.unpicked": ("请从候选列表中选择目标实体。", "Pick the target entity from the list."),
        "merge.title": ("合并到…", "Merge into…"),
        "merge.target": ("并入哪个实体：", "Merge into which entity:"),
        "merge.preview": (
            "“{drop}”将并入“{keep}”：{rels} 条关系、{aliases} 个名称/别名转移到“{keep}”；类型合并为 {types}。",
            "“{drop}” goes into “{keep}”: {rels} relation(s) and {aliases} name(s)/alias(es) move to “{keep}”; types become {types}.",
        ),
        "msg.deleted_edge": (
            "已删除关系：{s} {p} {o}（Ctrl+Z 撤销）",
            "Deleted relation: {s} {p} {o} (Ctrl+Z undoes)",
        ),
        "msg.edited": ("{what}（Ctrl+Z 撤销）", "{what} (Ctrl+Z undoes)"),
        "msg.reextract_done": (
            "已按您的修正重新抽取 {n} 个文档（{bad} 个失败）。",
            "Re-extracted {n} document(s) with your corrections ({bad} failed).",
        ),
        # paths
        "path.hop": ("{s} —{p}→ {o}", "{s} —{p}→ {o}"),
        # detail pane
        "detail.raw_row": ("原始行", "raw row"),
        "detail.cells": ("表格单元", "table cells"),
    }
)
