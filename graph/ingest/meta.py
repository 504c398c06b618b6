"""Document title and publication year, read from the text (best effort)."""

from __future__ import annotations

import re

from graph.textnorm import strip_markup

_TAG_PREFIX = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")  # "[table_main] ..." template debris
_HEADING = re.compile(r"^\s*#{1,6}\s*")
_FULL_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
_TITLE_SKIP = re.compile(r"模板|^(?:目录|contents?)$|^\W*$", re.I)

TOP = 1500  # characters at the top where a report states its date


def title_of(text: str) -> str:
    """The first meaningful line: markup stripped, at least 4 letters, not template debris."""
    for raw in text[:20_000].splitlines():
        line = strip_markup(_HEADING.sub("", _TAG_PREFIX.sub("", raw)), br=" ").strip()
        if "\t" in line or line.startswith("|"):
            continue
        if sum(1 for c in line if c.isalpha()) < 4 or _TITLE_SKIP.search(line):
            continue
        return re.sub(r"\s+", " ", line)[:200]
    return ""


def year_of(text: str, title: str = "") -> int | None:
    """Publication year: a full date near the top, else a year in the title, else the
    latest full date (year, month and day) anywhere; None when nothing says."""
    top = text[:TOP]
    m = _FULL_DATE.search(top) or _ISO_DATE.search(top)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1))
    t = re.sub(r"\s+", "", title)  # "2024 年 度 AI 报 告"
    m = _YEAR.search(t) or re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", t)
    if m:
        return int(m.group(1))
    # a report cites events up to its own date: the latest full date (with a day) it states
    dates = [int(m.group(1)) for m in _FULL_DATE.finditer(text)]
    if dates:
        return max(dates)
    # next best: the latest year with a month (2023年8月, 第四批（2024 年 1 月）): a month
    # names a past event far more often than a forecast does
    months = [int(m.group(1)) for m in _YEAR_MONTH.finditer(text) if 1 <= int(m.group(2)) <= 12]
    if months:
        return max(months)
    # years merely mentioned ("到 2025 年…") are forecasts as often as dates: no guess
    return None
