"""Typed literals for funding rounds: amounts with currency, dates, lead flags."""

from __future__ import annotations

import re
from typing import Any

_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_UNITS = {"万": 1e4, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十亿": 1e9, "百亿": 1e10, "千": 1e3, "百": 1e2}
_VAGUE = {"数": None, "几": None, "超": None, "近": None, "约": None, "逾": None}

AMOUNT_RE = re.compile(
    r"(?P<approx>超过?|近|约|逾|数|几)?\s*(?P<num>\d+(?:[.,]\d+)*|[一二两三四五六七八九十]+)?\s*"
    r"(?P<unit>千万|百万|十亿|百亿|万|亿|千|百)?\s*(?P<cur>美元|美金|人民币|港元|港币|欧元|日元|英镑|元)"
    r"(?:人民币)?"
)


def _cn_number(s: str) -> float | None:
    if s.isdigit():
        return float(s)
    if s == "十":
        return 10.0
    if len(s) == 1 and s in _CN_DIGITS:
        return float(_CN_DIGITS[s])
    if len(s) == 2 and s[0] == "十":
        return 10.0 + _CN_DIGITS.get(s[1], 0)
    if len(s) == 2 and s[1] == "十":
        return _CN_DIGITS.get(s[0], 0) * 10.0
    return None


def parse_amount(
    text: str, currencies: dict[str, str], undisclosed: list[str] | None = None
) -> dict[str, Any]:
    """``{"amount": "10亿美元", "amount_value": 1e9, "currency": "USD"}`` from free text.

    The text form is kept verbatim; the value is only given when the number is exact
    (数亿元 has none). 未披露 yields ``{"amount": "未披露"}``.
    """
    t = (text or "").strip()
    if not t:
        return {}
    if undisclosed and t in undisclosed:
        return {"amount": t} if t not in ("-", "—", "--") else {}
    m = AMOUNT_RE.search(t)
    if not m:
        return {}
    out: dict[str, Any] = {"amount": m.group(0).strip()}
    cur = m.group("cur")
    out["currency"] = currencies.get(cur, "CNY") if cur != "元" or "人民币" not in t else "CNY"
    if "美元" in t or "美金" in t:
        out["currency"] = "USD"
    num = m.group("num")
    if num and not m.group("approx"):
        value = _cn_number(num) if not re.match(r"\d", num) else float(num.replace(",", ""))
        if value is not None:
            unit = m.group("unit")
            out["amount_value"] = value * (_UNITS[unit] if unit else 1)
    return out


DATE_FULL = re.compile(r"(?P<y>20\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?")
DATE_YM = re.compile(r"(?P<y>20\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?")
DATE_MD = re.compile(r"^(?P<m>\d{1,2})\s*[./月]\s*(?P<d>\d{1,2})\s*日?$")
DATE_MD_CN = re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")


def parse_date(text: str, year: int | None = None) -> str | None:
    """ISO date from 2024-12-16, 2024年12月16日, 2023年8月 (-> 2023-08) or 10.28 with the document year."""
    t = (text or "").strip()
    if not t:
        return None
    m = DATE_FULL.search(t)
    if m:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    m = DATE_YM.search(t)
    if m and 1 <= int(m["m"]) <= 12:
        return f"{int(m['y']):04d}-{int(m['m']):02d}"
    m = DATE_MD.match(t) or DATE_MD_CN.search(t)
    if m and year:
        mo, d = int(m["m"]), int(m["d"])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{year:04d}-{mo:02d}-{d:02d}"
    return None


# a relative year in news (今年3月, 去年12月, 前年) and a bare year (2023年, not 2023年8月)
DATE_REL = re.compile(r"(?P<rel>今年|去年|前年)(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?")
DATE_Y = re.compile(r"(?<!\d)(?P<y>20\d\d)\s*年(?!\s*\d|度)")
DATE_M = re.compile(r"(?<![\d.])(?P<m>\d{1,2})\s*月(?!份?以来|\s*\d)")
_REL_YEARS = {"今年": 0, "去年": 1, "前年": 2}


def parse_event_date(text: str, year: int | None = None) -> str | None:
    """The date of an event a sentence states: :func:`parse_date`, else 今年/去年/前年 (with a
    month when given) counted from the document year, else a bare year, else a month of the
    document year.

    >>> parse_event_date("去年12月完成融资", 2025), parse_event_date("2023年完成多轮融资")
    ('2024-12', '2023')
    >>> parse_event_date("于3月完成融资", 2025)
    '2025-03'
    """
    d = parse_date(text, year)
    if d:
        return d
    m = DATE_REL.search(text or "")
    if m and year:
        y = year - _REL_YEARS[m["rel"]]
        if m["m"] and 1 <= int(m["m"]) <= 12:
            if m["d"] and 1 <= int(m["d"]) <= 31:
                return f"{y:04d}-{int(m['m']):02d}-{int(m['d']):02d}"
            return f"{y:04d}-{int(m['m']):02d}"
        return f"{y:04d}"
    m = DATE_Y.search(text or "")
    if m:
        return m["y"]
    m = DATE_M.search(text or "")
    if m and year and 1 <= int(m["m"]) <= 12:  # 于3月完成: the month of the document year
        return f"{year:04d}-{int(m['m']):02d}"
    return None


LEAD_RE = re.compile(r"(?:联合)?领投")
FOLLOW_RE = re.compile(r"(?:继续|超额)?(?:跟投|参投)|战略投资|老股东")
# separators inside an investor cell; a space separates two Chinese names (PDF cells: 德虎资本 元钛基金)
SPLIT_RE = re.compile(
    r"\s*(?:、|，|,|；|;|/|\n|<br\s*/?>)\s*|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
    # 和/与/及 join two names only when a name follows: 中泰仁和、华登国际 keeps 中泰仁和 whole
    r"|\s*(?:以及|及|和|与)\s*(?=[^\s、，,；;/<])(?!$)"
)
# a marker in brackets after one name: 甲资本（领投）, 乙基金(跟投方) -> the marker closes that name's group
PAREN_MARK = re.compile(
    r"\s*[（(]\s*((?:联合)?领投|(?:继续|超额)?(?:跟投|参投)|战略投资|老股东)(?:方|机构)?\s*[)）]\s*(?:<br\s*/?>)?\s*"
)


def split_investors(cell: str) -> list[tuple[str, bool]]:
    """Investor names in one cell with their lead flag.

    ``"北汽产业投资领投、上海石雀跟投"`` -> ``[("北汽产业投资", True), ("上海石雀", False)]``.
    A 领投 marker after a group applies to every name of that group.
    """
    out: list[tuple[str, bool]] = []
    cell = PAREN_MARK.sub(lambda m: m.group(1) + "，", cell or "")
    # groups end at a lead/follow marker: "A、B领投，C、D跟投"
    pos = 0
    for m in re.finditer(r"(?:联合)?领投|(?:继续|超额)?(?:跟投|参投)|战略投资|老股东", cell):
        group = cell[pos : m.start()]
        lead = "领投" in m.group(0)
        for name in SPLIT_RE.split(group):
            name = _clean_investor(name)
            if name:
                out.append((name, lead))
        pos = m.end()
    for name in SPLIT_RE.split(cell[pos:]):
        name = _clean_investor(name)
        if name:
            out.append((name, False))
    return out


def _clean_investor(name: str) -> str:
    name = re.sub(r"^(?:由|获|及|和|与|以及|老股东|新股东|股东)", "", name.strip())
    name = re.sub(r"(?:等(?:机构|投资方|多家机构)?|多家机构|共同|联合|继续|持续|追加|的)$", "", name).strip()
    name = re.sub(r"[\(（]\d{4,6}[\)）]$", "", name).strip()  # 阿里巴巴(09988)
    if not name or name in {"-", "—", "未披露", "未公开"} or len(name) > 30:
        return ""
    return name
