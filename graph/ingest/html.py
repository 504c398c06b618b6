"""HTML to a line-oriented layout text that keeps offsets into the raw HTML.

Block-level tags become line breaks, script/style/head vanish, source newlines
inside text become spaces (HTML whitespace is not layout). ``<table>`` elements
become :class:`FixedTable`s whose cells are the raw inner HTML of ``<td>/<th>``
(``strip_markup`` cleans them later, so ``<br>`` in a cell stays a separator).
"""

from __future__ import annotations

import re

from graph.textnorm import ElementPattern, MappedText

from .blocks import FixedTable

# dropped with their content; linear even when unclosed (see ElementPattern)
_DROP = ElementPattern(
    ["script", "style", "head", "noscript", "template", "svg"],
    comments=True,
    extra=r"<!DOCTYPE[^<>]*>|<\?xml[^<>]*\?>",
)
_TABLE = ElementPattern(["table"])
_ROW = re.compile(r"<tr\b[^<>]*>(.*?)(?=<tr\b|</tbody|</thead|</tfoot|$)", re.I | re.S)
_CELL = re.compile(r"<(t[dh])\b[^<>]*>(.*?)(?=<t[dh]\b|</tr\s*>|$)", re.I | re.S)
_CELL_END = re.compile(r"</t[dh]\s*>\s*$", re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|dl|dt|dd|tr|table|thead|tbody|tfoot|section|article|header|footer|"
    r"nav|aside|main|blockquote|pre|figure|figcaption|caption|hr|body|html|title)\b[^<>]*>",
    re.I,
)
_HEADING_OPEN = re.compile(r"<h([1-6])\b[^<>]*>", re.I)
_WS_NL = re.compile(r"[\r\n\t]")


def _cells_of_table(inner: str, base: int) -> tuple[list[list[tuple[int, int]]], int]:
    """Cell spans (raw offsets) per row, and how many leading rows are header rows."""
    rows: list[list[tuple[int, int]]] = []
    header_rows = 0
    all_th = True
    for rm in _ROW.finditer(inner):
        body = rm.group(1)
        body_start = base + rm.start(1)
        cells: list[tuple[int, int]] = []
        kinds: list[str] = []
        for cm in _CELL.finditer(body):
            content = cm.group(2)
            end_tag = _CELL_END.search(content)
            stop = cm.start(2) + (end_tag.start() if end_tag else len(content))
            cells.append((body_start + cm.start(2), body_start + stop))
            kinds.append(cm.group(1).lower())
        if not cells:
            continue
        rows.append(cells)
        if all_th and all(k == "th" for k in kinds):
            header_rows += 1
        else:
            all_th = False
    if header_rows == 0 and len(rows) > 1:
        header_rows = 1  # like TSV: without <th>, the first row is the header
    return rows, header_rows


def _layout(text: str, full_html: bool) -> tuple[MappedText, list[FixedTable]]:
    src = MappedText.of(text)
    pieces: list[MappedText] = []
    seps: list[tuple[str, int, int]] = []
    tables: list[FixedTable] = []
    pos = 0
    out_len = 0

    def add(part: MappedText, sep: str, at: int) -> None:
        nonlocal out_len
        if pieces:
            seps.append((sep, at, at))
            out_len += len(sep)
        pieces.append(part)
        out_len += len(part)

    def prose(a: int, b: int) -> MappedText:
        part = src[a:b]
        if full_html:
            part = part.sub(_DROP, "")
            part = part.sub(_WS_NL, " ")
            part = part.sub(_HEADING_OPEN, lambda m: "\n" + "#" * int(m.group(1)) + " ")
            part = part.sub(_BLOCK_TAG, "\n")
        return part

    for tm in _TABLE.finditer(text):
        add(prose(pos, tm.start()), "", tm.start())
        rows, header_rows = _cells_of_table(tm.group(1), tm.start(1))
        t_start = out_len + 1  # after the "\n" separator below
        table_rows: list[list[tuple[int, int]]] = []
        first = True
        for cells in rows:
            spans: list[tuple[int, int]] = []
            for a, b in cells:
                # one cell = raw inner HTML on one line: newlines/tabs become spaces 1:1
                part = src[a:b].sub(_WS_NL, " ")
                add(part, "\n" if first else ("\t" if spans else "\n"), a)
                first = False
                spans.append((out_len - len(part), out_len))
            table_rows.append(spans)
        if table_rows:
            tables.append(FixedTable(start=t_start, end=out_len, rows=table_rows, header_rows=header_rows))
            add(MappedText.of(""), "\n", tm.end())
        pos = tm.end()
    add(prose(pos, len(text)), "\n" if tables else "", pos)
    return MappedText.join(pieces, seps), tables


def html_layout(text: str) -> tuple[MappedText, list[FixedTable]]:
    """Layout of a whole HTML document."""
    return _layout(text, full_html=True)


def embedded_tables(text: str) -> tuple[MappedText, list[FixedTable]]:
    """Layout of plain text / Markdown holding ``<table>`` elements: only tables change."""
    return _layout(text, full_html=False)
