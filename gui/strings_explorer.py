"""Strings of the explorer's views, history, shortcuts and facts (registered into gui.i18n)."""

from __future__ import annotations

from gui.i18n import register

register(
    {
        "detail.mentions": ("被陈述 {n} 次", "stated {n} times"),
        "detail.mentions_one": ("被陈述 1 次", "stated once"),
        "detail.evidence_n": ("证据（{n} 条）", "Evidence ({n})"),
        "detail.fact_docs": ("来源文档 {n} 篇", "{n} source documents"),
        "menu.views": ("已保存的视图", "Saved views"),
        "act.save_view": ("保存当前视图…", "Save current view…"),
        "act.delete_view": ("删除已保存的视图", "Delete saved view"),
        "view.name": ("视图名称：", "View name:"),
        "view.saved": ("已保存视图“{name}”", "Saved view “{name}”"),
        "view.none": ("（没有已保存的视图）", "(no saved views)"),
        "act.shortcuts": ("快捷键", "Keyboard shortcuts"),
        "shortcuts.title": ("快捷键", "Keyboard shortcuts"),
        "shortcuts.action": ("操作", "Action"),
        "shortcuts.keys": ("按键", "Keys"),
        "msg.reload_failed": (
            "重新读取图谱时出错：{err}\n显示的内容可能已过时。",
            "Reading the graph again failed: {err}\nWhat is shown may be out of date.",
        ),
        "status.reloaded": (
            "图谱文件已被其他程序修改，已重新载入",
            "The graph file changed on disk: reloaded",
        ),
    }
)
