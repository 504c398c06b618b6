"""Split a decoded document into :class:`~graph.model.Block` units.

Input is a *layout* text: a :class:`~graph.textnorm.MappedText` whose characters
point into ``SourceDocument.text`` (for plain text and Markdown it is the text
itself; HTML, DOCX and PDF readers build one). The layout is read line by line:

* runs of tab-separated lines are TSV tables (first row = header; a line holding
  only a last cell, after a page break, continues the previous row);
* runs of ``|``-lines are Markdown tables (rows above ``|---|`` are the header);
* :class:`FixedTable` ranges are tables whose cells a reader already knows (HTML,
  DOCX);
* everything else is prose: lines are grouped into paragraphs, hard-wrapped lines
  (PDF text) are joined when the break falls inside a sentence, and paragraphs are
  cut into sentences.
"""

from __future__ import annotations

import bisect
import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.model import Block
from graph.textnorm import MappedText, strip_markup_mapped, to_simplified

# longer "sentences" (unpunctuated dumps) are cut at a comma or space. The longest real sentence
# in the seeds and the demo corpus is 309 characters; relation finding costs grow with the square
# of the names in a sentence, so a 3000-character cap made a 1 MB line of names take 92 s
MAX_SENTENCE = 600

TERMINATORS = frozenset("。！？!?；;：:")
CLOSERS = frozenset("”’\"'」』）)】]》>")
_SENT_END = re.compile(r"[。！？!?]+[”’\"」』）)】]*|(?<=[a-z\d%])[.!?](?=\s+[A-Z“\"])|\n")
_CAP_CUT = re.compile(r"[；;，,、\s]")
# Inside one line, a summary's " - " / " • " bullets and "[3]" citation marks end a sentence too
# (the separator itself is dropped); a dash between digits ("2020 - 2025") stays a range.
_INLINE_SEP = re.compile(r"\s*\[\d{1,3}\]\s*(?:[-–—•·●▪]\s+)?|(?<!\d)\s+[-–—•·●▪]\s+(?!\d)")


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# a line starting like this begins something new: never glue it to the line above
_NEW_ITEM = re.compile(
    r"^\s*(?:[-*+•·●○■□◆◇▪▶►➢✓√\ue000-\uf8ff]"
    r"|\d{1,2}[.、)）](?!\d)|[（(]\d{1,2}[)）]"
    r"|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]"
    r"|第[一二三四五六七八九十\d]+[章节部分篇]|[表图]\s*\d|(?:资料|数据)来源|注\s*[:：]|#)"
)
_BULLET = re.compile(r"^\s*(?:[-*+>]\s+|[•·●○■□◆◇▪▶►➢✓√\ue000-\uf8ff]\s*)")
_NUMBERED_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十\d]+[章节部分篇]"
    r"|PART\s*\d|\d{1,2}(?:\.\d{1,2})*[、.．\s]\s*(?=[^\d\s年月日万亿%]))"
)
_CAPTION = re.compile(r"^[表图]\s*\d+(?:[-.]\d+)?\s*[:：]")
_MD_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_TSV_SEP = re.compile(r"^[\s\-=:|]*$")
_PIPE = re.compile(r"(?<!\\)\|")
_DATEISH = re.compile(r"^[\d\s年月日./\-:：]+$")
_SENT_PUNCT = re.compile(r"[。！？!?，,；;：:]")


@dataclass
class FixedTable:
    """A table whose cells a reader already located in the layout text."""

    start: int  # layout offsets of the whole table
    end: int
    rows: list[list[tuple[int, int]]]  # per row, the layout span of each cell
    header_rows: int = 1  # leading rows that form the header (0: no header)


@dataclass
class _Row:
    cells: list[MappedText]
    start: int  # layout span of the row's line(s)
    end: int


@dataclass
class _State:
    name: str
    source: str
    layout: MappedText
    blocks: list[Block] = field(default_factory=list)
    section: str = ""
    paragraph: int = 0
    table: int = 0
    wrapped: bool = False  # hard-wrapped (PDF-like) text
    last_header: tuple[str, ...] = ()  # the previous table's header (a blank header continues it)
    last_table_end: int = -1  # len(blocks) after the previous table's last row


def _width(s: str) -> int:
    """Display width, CJK counted double (UTF-8 length of a Han character is 3)."""
    return (len(s.encode("utf-8")) + len(s)) // 2


def _clean(t: MappedText) -> MappedText:
    t = strip_markup_mapped(t)
    return t.map_text(to_simplified) if not t.text.isascii() else t


def _ascii_word(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _wrap_sep(left: str, right: str) -> str:
    """What a joined line break becomes: nothing between Han characters, a space when
    a Latin word or number touches the break (reports write "有 Bert 和 GPT")."""
    if (_ascii_word(left) or _ascii_word(right)) and (left.isalnum() and right.isalnum()):
        return " "
    return ""


def _ends_sentence(line: str) -> bool:
    s = line.rstrip()
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in TERMINATORS


# --- emitting ----------------------------------------------------------------------


def _emit(st: _State, kind: str, text: str, start: int, end: int, **kw: object) -> None:
    """Emit a block whose span is given in layout offsets."""
    _emit_doc(st, kind, text, st.layout.src_start(start), st.layout.src_end(end - 1), **kw)


def _emit_doc(st: _State, kind: str, text: str, start: int, end: int, **kw: object) -> None:
    st.blocks.append(
        Block(
            doc=st.name,
            index=len(st.blocks),
            kind=kind,  # type: ignore[arg-type]
            text=text,
            original=st.source[start:end],
            start=start,
            end=end,
            section=st.section,
            **kw,  # type: ignore[arg-type]
        )
    )


def _emit_table(st: _State, rows: list[_Row], header_rows: int) -> None:
    if not rows:
        return
    st.table += 1
    header: tuple[str, ...] = ()
    if header_rows and len(rows) > header_rows:
        hdr = [_clean(c).text for c in rows[0].cells]
        for extra in rows[1:header_rows]:  # multi-row headers: join column-wise
            for k, c in enumerate(extra.cells):
                t = _clean(c).text
                if k < len(hdr):
                    hdr[k] = (hdr[k] + " " + t).strip() if t else hdr[k]
                else:
                    hdr.append(t)
        header = tuple(hdr)
        rows = rows[header_rows:]
        # a table split by a page break repeats an empty header row (|  |  |): it continues the
        # previous table when the column counts agree
        # and nothing but short lines (page numbers, a caption) came between the two
        between = st.blocks[st.last_table_end :] if st.last_table_end >= 0 else None
        if (
            not any(header)
            and len(header) == len(st.last_header)
            and between is not None
            and all(len(b.text.strip()) <= 20 for b in between)
        ):
            header = st.last_header
    st.last_header = header
    for r in rows:
        cells = tuple(_clean(c).text for c in r.cells)
        if not any(cells):
            continue
        st.paragraph += 1
        _emit(
            st,
            "row",
            "\t".join(cells),
            r.start,
            r.end,
            cells=cells,
            header=header,
            table=st.table,
            paragraph=st.paragraph,
        )
    st.last_table_end = len(st.blocks)


# --- tables in the layout ----------------------------------------------------------


def _split_cells(layout: MappedText, a: int, b: int, sep: str) -> list[MappedText]:
    line = layout.text[a:b]
    cells: list[MappedText] = []
    pos = 0
    for i, ch in enumerate(line):
        if ch == sep:
            cells.append(layout[a + pos : a + i])
            pos = i + 1
    cells.append(layout[a + pos : b])
    return cells


def _md_cells(layout: MappedText, a: int, b: int) -> list[MappedText]:
    line = layout.text[a:b]
    bounds = [m.start() for m in _PIPE.finditer(line)]
    lead = line[: len(line) - len(line.lstrip())]
    edges = [-1, *bounds, len(line)]
    cells = [layout[a + edges[k] + 1 : a + edges[k + 1]] for k in range(len(edges) - 1)]
    if line.lstrip().startswith("|") and cells and not cells[0].text.strip():
        cells = cells[1:]
    if line.rstrip().endswith("|") and cells and not cells[-1].text.strip():
        cells = cells[:-1]
    del lead
    return cells


def _tsv_table(st: _State, lines: list[tuple[int, int]], i: int) -> int:
    """Consume a TSV run starting at line ``i``; returns the next line index."""
    text = st.layout.text
    rows: list[_Row] = []
    blank_before = False
    n = len(lines)
    while i < n:
        a, b = lines[i]
        line = text[a:b]
        if not line.strip():
            # blank lines (page breaks) may sit inside a table: continue if a tab line follows
            j = i
            while j < n and not text[lines[j][0] : lines[j][1]].strip():
                j += 1
            if j < n and "\t" in text[lines[j][0] : lines[j][1]].strip("\r\n "):
                blank_before, i = True, j
                continue
            break
        if "\t" not in line:
            break
        if _TSV_SEP.match(line):  # ------\t----- rules
            i += 1
            continue
        cells = _split_cells(st.layout, a, b, "\t")
        filled = [k for k, c in enumerate(cells) if c.text.strip()]
        if rows and len(filled) == 1 and filled[0] == len(cells) - 1 and filled[0] > 0:
            prev = rows[-1]
            k = filled[0]
            if k < len(prev.cells) and prev.cells[k].text.strip():
                prev_text = prev.cells[k].text.rstrip()
                # only after a page break (blank line): otherwise it is a row with merged cells
                if blank_before and not _ends_sentence(prev_text):
                    left, right = prev.cells[k].strip(), cells[k].strip()
                    sep = _wrap_sep(left.text[-1], right.text[0])
                    prev.cells[k] = MappedText.join(
                        [left, right], [(sep, left.src_end(len(left) - 1), right.src_start(0))]
                    )
                    prev.end = b
                    blank_before = False
                    i += 1
                    continue
        rows.append(_Row(cells=cells, start=a, end=b))
        blank_before = False
        i += 1
    _emit_table(st, rows, header_rows=1 if len(rows) > 1 else 0)
    return i


def _md_table(st: _State, lines: list[tuple[int, int]], i: int) -> int:
    text = st.layout.text
    rows: list[_Row] = []
    header_rows = -1
    n = len(lines)
    while i < n:
        a, b = lines[i]
        line = text[a:b]
        if not line.lstrip().startswith("|"):
            break
        if _MD_SEP.match(line) and "-" in line:
            if header_rows < 0:
                header_rows = len(rows)
            i += 1
            continue
        s = line.strip()
        off = line.index(s[0]) if s else 0
        rows.append(_Row(cells=_md_cells(st.layout, a, b), start=a + off, end=a + off + len(s)))
        i += 1
    if header_rows < 0:
        header_rows = 1 if len(rows) > 1 else 0
    # an empty header row (|   |   |) is still the header: its cells stay ""
    _emit_table(st, rows, header_rows)
    return i


def _fixed_table(st: _State, ft: FixedTable) -> None:
    rows = [
        _Row(cells=[st.layout[a:b] for a, b in cells], start=cells[0][0], end=cells[-1][1])
        for cells in ft.rows
        if cells
    ]
    _emit_table(st, rows, ft.header_rows if len(rows) > ft.header_rows else 0)


# --- space-aligned tables (PDF text) ---------------------------------------------

_PATTERNS = Path(__file__).resolve().parents[2] / "assets" / "patterns" / "table_headers.jsonl"


@lru_cache(maxsize=1)
def _layout_header() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Header words and end words for space-aligned tables (data: table_headers.jsonl)."""
    for line in _PATTERNS.read_text(encoding="utf-8").splitlines():
        if '"layout_header"' in line:
            row = json.loads(line)
            return tuple(row["words"]), tuple(row["end_words"])
    return (), ()


def _space_header(line: str) -> list[str] | None:
    """The header cells when ``line`` is the header of a space-aligned table."""
    s = line.strip()
    if not s or _SENT_PUNCT.search(s) or len(s) > 60 or _CAPTION.match(s):
        return None
    toks = s.split()
    if len(toks) < 3 or any(len(t) > 10 for t in toks):
        return None
    words, _ = _layout_header()
    hits = sum(1 for t in toks if any(w in t for w in words))
    return toks if hits >= 2 and hits >= len(toks) - 2 else None


def _space_table(st: _State, lines: list[tuple[int, int]], i: int, header: list[str]) -> int:
    """Rows of a space-aligned table after its header line ``i``: every non-blank line up to a
    source line, a caption or a long sentence is one row whose cells are its space-separated
    chunks (merged cells and wrapped names make column positions unreliable, so the
    extractor regroups them)."""
    text = st.layout.text
    _, ends = _layout_header()
    st.table += 1
    hdr = tuple(header)
    n = len(lines)
    i += 1
    while i < n:
        a, b = lines[i]
        line = text[a:b]
        s = line.strip()
        if not s:
            i += 1
            continue
        if s.startswith(ends) or _CAPTION.match(s) or (len(s) > 60 and _SENT_END.search(s)):
            break
        if "\t" in line or s.startswith("|"):
            break
        off = line.index(s[0])
        t = _clean(st.layout[a + off : a + off + len(s)])
        cells = tuple(t.text.split())
        st.paragraph += 1
        _emit(
            st,
            "row",
            t.text,
            a + off,
            a + off + len(s),
            cells=cells,
            header=hdr,
            table=st.table,
            paragraph=st.paragraph,
        )
        i += 1
    return i


# --- prose -----------------------------------------------------------------------


def _wrap_width(st: _State, lines: list[tuple[int, int]], kinds: list[str]) -> int:
    """Width a hard-wrapped text (PDF) was wrapped at, or 0 when lines are paragraphs."""
    text = st.layout.text
    widths = sorted(
        w
        for (a, b), k in zip(lines, kinds, strict=True)
        if k == "text" and (w := _width(text[a:b].strip())) >= 8
    )
    if len(widths) < 8:
        return 0
    w = widths[int(len(widths) * 0.9)]
    if w > 200:
        return 0
    full = sum(1 for x in widths if x >= 0.8 * w)
    return w if full >= 0.3 * len(widths) else 0


def _is_heading(text: str, wrapped: bool) -> bool:
    """Numbered headings and captions anywhere; bare short lines only in documents that
    are not PDF text (there they are mostly figure labels and running heads)."""
    if _CAPTION.match(text):
        return len(text) <= 60
    if _NUMBERED_HEADING.match(text):
        return len(text) <= 50 and not _ends_sentence(text)
    return (
        not wrapped
        and len(text) <= 20
        and not _SENT_PUNCT.search(text)
        and not _DATEISH.match(text)
        and any(c.isalpha() for c in text)
    )


def _prose(st: _State, para: list[tuple[int, int]], heading_level: int) -> None:
    """Clean one paragraph (its lines already decided to belong together) and emit sentences."""
    layout = st.layout
    parts: list[MappedText] = []
    seps: list[tuple[str, int, int]] = []
    for k, (a, b) in enumerate(para):
        part = layout[a:b]
        if k == 0:
            if heading_level:
                m = _MD_HEADING.match(part.text)
                part = part[m.start(2) : m.end(2)] if m else part
            else:
                m = _BULLET.match(part.text)
                if m:
                    part = part[m.end() :]
        part = part.strip()
        if not part.text:
            continue
        if parts:
            sep = _wrap_sep(parts[-1].text[-1], part.text[0])
            seps.append((sep, parts[-1].src_end(len(parts[-1]) - 1), part.src_start(0)))
        parts.append(part)
    if not parts:
        return
    para_text = _clean(MappedText.join(parts, seps))
    if not para_text.text:
        return
    st.paragraph += 1
    if heading_level or (len(para) <= 2 and _is_heading(para_text.text, st.wrapped)):
        st.section = para_text.text.replace("\n", " ")
        if heading_level or _NUMBERED_HEADING.match(para_text.text) or len(para_text.text) <= 20:
            _sentence(st, para_text)
            return
    for piece in _sentences(para_text):
        _sentence(st, piece)


def _sentences(t: MappedText) -> Iterator[MappedText]:
    pos = 0
    text = t.text
    for m in _SENT_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        if end > pos:
            yield from _inline_split(t[pos:end])
        pos = m.end()
    if pos < len(text):
        yield from _inline_split(t[pos:])


def _inline_split(t: MappedText) -> Iterator[MappedText]:
    """Cut one sentence at inline bullets and citation marks, dropping the separators."""
    pos = 0
    for m in _INLINE_SEP.finditer(t.text):
        if m.start() > pos:
            yield from _cap(t[pos : m.start()])
        pos = m.end()
    if pos == 0:
        yield from _cap(t)
    elif pos < len(t.text):
        yield from _cap(t[pos:])


def _cap(t: MappedText) -> Iterator[MappedText]:
    # cut by offset: re-slicing the remainder each time made a 10 MB line quadratic
    text, pos = t.text, 0
    while len(text) - pos > MAX_SENTENCE:
        cut = -1
        for m in _CAP_CUT.finditer(text, pos + MAX_SENTENCE // 2, pos + MAX_SENTENCE):
            cut = m.end()
        if cut < 0:
            cut = pos + MAX_SENTENCE
        yield t[pos:cut]
        pos = cut
    yield t[pos:] if pos else t


def _sentence(st: _State, t: MappedText) -> None:
    t = t.strip()
    if not t.text or not any(c.isalnum() for c in t.text):
        return
    _emit_doc(st, "sentence", t.text, t.src_start(0), t.src_end(len(t) - 1), paragraph=st.paragraph)


# --- driver -----------------------------------------------------------------------


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        j = text.find("\n", pos)
        if j < 0:
            j = n
        b = j - 1 if j > pos and text[j - 1] == "\r" else j
        spans.append((pos, b))
        pos = j + 1
    return spans


def _classify(line: str) -> str:
    s = line.strip()
    if not s:
        return "blank"
    if s.startswith("|") and s.count("|") >= 2:
        return "md"
    stripped = line.strip("\r\n ")
    if "\t" in stripped and sum(1 for c in line.split("\t") if c.strip()) >= 2:
        return "tsv"
    if _MD_HEADING.match(line):
        return "heading"
    return "text"


def make_blocks(
    name: str,
    source: str,
    layout: MappedText | None = None,
    tables: list[FixedTable] | None = None,
    *,
    csv_mode: bool = False,
) -> list[Block]:
    """Blocks of ``source`` in document order (see the module docstring)."""
    layout = layout if layout is not None else MappedText.of(source)
    st = _State(name=name, source=source, layout=layout)
    text = layout.text
    lines = _line_spans(text)
    if csv_mode:
        _csv(st, lines)
        return st.blocks
    fixed = sorted(tables or [], key=lambda t: t.start)
    fixed_starts = [t.start for t in fixed]
    kinds = ["fixed" if _in_fixed(fixed, fixed_starts, a, b) else _classify(text[a:b]) for a, b in lines]
    wrap = _wrap_width(st, lines, kinds)
    st.wrapped = bool(wrap)
    n = len(lines)
    i = 0
    fi = 0
    para: list[tuple[int, int]] = []
    para_idx: list[int] = []
    widths = (
        [_width(text[a:b].strip()) if k == "text" else 0 for (a, b), k in zip(lines, kinds, strict=True)]
        if wrap
        else []
    )

    def flush(level: int = 0) -> None:
        if para:
            _prose(st, para, level)
            para.clear()
            para_idx.clear()

    while i < n:
        kind = kinds[i]
        a, b = lines[i]
        if kind == "fixed":
            flush()
            while fi < len(fixed) and fixed[fi].start < b:
                _fixed_table(st, fixed[fi])
                fi += 1
            while i < n and kinds[i] == "fixed":
                i += 1
            continue
        if kind == "md":
            flush()
            i = _md_table(st, lines, i)
            continue
        if kind == "tsv":
            flush()
            i = _tsv_table(st, lines, i)
            continue
        if kind == "blank":
            i += 1
            continue
        if kind == "heading":
            flush()
            para.append((a, b))
            flush(level=1)
            i += 1
            continue
        hdr = _space_header(text[a:b]) if kind == "text" else None
        if hdr:
            flush()
            i = _space_table(st, lines, i, hdr)
            continue
        # prose line: continue the paragraph only across a hard wrap inside a sentence
        if para and not (
            (wrap and _joins(text, lines, widths, wrap, para_idx[-1], i))
            or (para_idx[-1] == i - 1 and _soft_break(text[lines[i - 1][0] : lines[i - 1][1]], text[a:b]))
        ):
            flush()
            para_idx.clear()
        para.append((a, b))
        para_idx.append(i)
        i += 1
    flush()
    while fi < len(fixed):  # tables after the last line (defensive)
        _fixed_table(st, fixed[fi])
        fi += 1
    return st.blocks


def _in_fixed(fixed: list[FixedTable], starts: list[int], a: int, b: int) -> bool:
    # tables do not overlap: only the last ones starting at or before ``a`` can hold the line
    # (a scan over every table per line was quadratic in pages of many small tables)
    k = bisect.bisect_right(starts, a)
    return any(t.start <= a and b <= t.end and (a < b or t.start < a) for t in fixed[max(0, k - 2) : k])


def _joins(
    text: str, lines: list[tuple[int, int]], widths: list[int], wrap: int, i_prev: int, i_next: int
) -> bool:
    """Is the break between two prose lines a hard wrap inside a sentence?"""
    p = text[lines[i_prev][0] : lines[i_prev][1]].strip()
    q = text[lines[i_next][0] : lines[i_next][1]]
    if not p or _ends_sentence(p) or _NEW_ITEM.match(q) or _MD_HEADING.match(p):
        return False
    # wrap width around here: PDF pages mix columns of different widths
    local = max(max(widths[max(0, i_prev - 6) : i_next + 7]), 0.6 * wrap)
    w = widths[i_prev]
    first = re.match(r"\s*([A-Za-z0-9%.\-/]+|\S)", q)
    tok = _width(first.group(1)) if first else 0
    if w >= 0.7 * local or w + tok + 1 >= 0.9 * local:
        return True
    # a numbered heading spilling one short line: "一、ChatGPT 开启…的技" + "术方向"
    return bool(_NUMBERED_HEADING.match(p)) and len(q.strip()) <= 12


def _soft_break(prev: str, nxt: str) -> bool:
    """Adjacent lines (no blank between) where a long line stops mid-sentence: a soft wrap,
    as in Markdown paragraphs. Short lines are left alone, they are lists of names."""
    p = prev.strip()
    return (
        _width(p) >= 40
        and not _ends_sentence(p)
        and not _NEW_ITEM.match(nxt)
        and not _MD_HEADING.match(prev)
        and not p.endswith(("|", "\\"))
    )


def _csv(st: _State, lines: list[tuple[int, int]]) -> None:
    text = st.layout.text
    rows: list[_Row] = []
    for a, b in lines:
        line = text[a:b]
        if not line.strip():
            continue
        try:
            values = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            values = [line]
        # parsed values lose their offsets: give every cell the row's span
        cells = [
            MappedText(v, [st.layout.src_start(a)] * len(v), [st.layout.src_end(b - 1)] * len(v))
            for v in values
        ]
        rows.append(_Row(cells=cells, start=a, end=b))
    _emit_table(st, rows, header_rows=1 if len(rows) > 1 else 0)
