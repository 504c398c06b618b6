"""Evidence and qualifiers as a reader wants them: table rows as clean cells, markup gone,
amounts as the text gave them, qualifiers in words. The raw text stays available to callers.

>>> readable("12.17\\tVeo2 模型\\t<p>谷歌推出 <b>Veo2</b></p> <p>第二段<sup>1</sup></p>")
'12.17 │ Veo2 模型 │ 谷歌推出 Veo2 / 第二段'
>>> readable("| LiangDao | 6.28 | C轮 | 未披露 | 亦庄国投、招商资本 | - |")
'LiangDao │ 6.28 │ C轮 │ 未披露 │ 亦庄国投、招商资本 │ -'
>>> readable("百度发布文心一言。")
'百度发布文心一言。'
"""

from __future__ import annotations

import re
from html import unescape

from gui.i18n import attr_name, tr

CELL_SEP = " │ "
_SUP = re.compile(r"<sup\b[^>]*>.*?</sup>", re.I | re.S)  # footnote markers say nothing here
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p\b[^>]*>", re.I)
_TAG = re.compile(r"</?[A-Za-z][^>]{0,200}>")
_SPACE = re.compile(r"[ \u3000\xa0]+")
HIDDEN_KEYS = frozenset({"amount_value"})  # normalised figures: the text's own amount is shown
CURRENCY_NAMES = {
    "CNY": ("人民币", "CNY"),
    "USD": ("美元", "USD"),
    "HKD": ("港元", "HKD"),
    "EUR": ("欧元", "EUR"),
}


def _clean(cell: str) -> str:
    cell = _SUP.sub("", cell)
    cell = _BREAK.sub(" / ", cell)
    cell = unescape(_TAG.sub("", cell))
    return _SPACE.sub(" ", cell).strip(" /")


def cells(evidence: str) -> list[str]:
    """The cells of a table-row evidence (tab- or pipe-separated); one cell for prose."""
    text = evidence.strip()
    if "\t" in text:
        parts = text.split("\t")
    elif text.startswith("|") and text.count("|") >= 3:
        parts = text.strip("|").split("|")
    else:
        return [_clean(text)]
    return [c for c in (_clean(p) for p in parts) if c]


def is_row(evidence: str) -> bool:
    return len(cells(evidence)) > 1


def readable(evidence: str) -> str:
    """Evidence for reading: cleaned cells joined by a bar, or the cleaned sentence."""
    return CELL_SEP.join(cells(evidence))


def qualifier_words(attrs: tuple | dict) -> list[tuple[str, str]]:
    """(label, value) of the qualifiers worth showing, in the UI language: lead as 领投/跟投,
    currency by name, the amount as the text gave it (超10亿美元), normalised figures left out."""
    from gui.i18n import language

    items = attrs.items() if isinstance(attrs, dict) else attrs
    zh = language().code == "zh"
    out = []
    for k, v in items:
        if k in HIDDEN_KEYS or v in (None, ""):
            continue
        if k == "lead":
            lead = str(v) == "True"
            out.append(
                (attr_name("lead"), ("领投" if lead else "跟投") if zh else ("lead" if lead else "follow-on"))
            )
        elif k == "currency":
            pair = CURRENCY_NAMES.get(str(v))
            out.append((attr_name(k), (pair[0] if zh else pair[1]) if pair else str(v)))
        elif isinstance(v, bool) or str(v) in ("True", "False"):
            out.append((attr_name(k), tr("detail.yes") if str(v) == "True" else tr("detail.no")))
        else:
            out.append((attr_name(k), str(v)))
    return out


def compact_qualifiers(attrs: tuple | dict) -> str:
    """Qualifiers on one line: 轮次: A轮, 金额: 3亿美元, 领投 (lead shown as the word alone)."""
    lead = attr_name("lead")
    return ", ".join(v if k == lead else f"{k}: {v}" for k, v in qualifier_words(attrs))
