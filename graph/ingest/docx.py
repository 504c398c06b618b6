"""DOCX through python-docx: paragraphs and tables in body order.

The document text is built here (one line per paragraph, headings as Markdown
``#`` lines so sections work, one line per table row with tab-separated cells);
tables are handed to the block splitter as :class:`FixedTable`s with their cell
spans, so cells may hold several paragraphs (kept apart by ``\\n``).
"""

from __future__ import annotations

import io
import re
import zipfile

from .blocks import FixedTable
from .errors import IngestError

# bounds checked on the zip directory before anything is inflated (zipfile stops at the
# declared size, so these hold even when the sizes lie): a 2 MB bomb reached 4.2 GB in lxml
MAX_PART_BYTES = 64 * 1024 * 1024  # one XML part; a 500-page text document is ~10 MB
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all parts, images included
MAX_RATIO = 200  # real Word XML deflates 5-30x; bombs deflate ~1000x
MAX_MEMBERS = 10_000


def check_package(raw: bytes, shown: str) -> None:
    """Refuse a .docx whose zip would expand beyond what a real document needs.

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("word/document.xml", "<w:t>x</w:t>" * 2_000_000)
    >>> check_package(buf.getvalue(), "bomb.docx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.ingest.errors.IngestError: bomb.docx: refused: word/document.xml would expand from ... KB to 23 MB (...x); a Word file is at most 200x: a decompression bomb?
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise IngestError(shown, f"malformed DOCX (not a valid Word .docx package): {e}") from None
    if len(infos) > MAX_MEMBERS:
        raise IngestError(shown, f"refused: the package holds {len(infos):,} parts (a Word file has dozens)")
    total = 0
    for info in infos:
        size, packed = info.file_size, max(info.compress_size, 1)
        total += size
        if size > 1024 * 1024 and size / packed > MAX_RATIO:
            raise IngestError(
                shown,
                f"refused: {info.filename} would expand from {_kb(packed)} to {_kb(size)} "
                f"({size // packed}x); a Word file is at most {MAX_RATIO}x: a decompression bomb?",
            )
        if info.filename.lower().endswith((".xml", ".rels")) and size > MAX_PART_BYTES:
            raise IngestError(
                shown, f"refused: {info.filename} is {_kb(size)} of XML, the limit is {_kb(MAX_PART_BYTES)}"
            )
    if total > MAX_TOTAL_BYTES:
        raise IngestError(shown, f"refused: the package expands to {_kb(total)}, the limit is {_kb(MAX_TOTAL_BYTES)}")


def _kb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.I)
_CELL_WS = re.compile(r"[\t\r]")


def docx_text(raw: bytes, shown: str) -> tuple[str, None, list[FixedTable]]:
    check_package(raw, shown)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IngestError(shown, f"malformed DOCX (not a valid Word .docx package): {e}") from None
    except Exception as e:  # noqa: BLE001 - python-docx raises many types on broken files
        raise IngestError(shown, f"malformed DOCX: {type(e).__name__}: {e}") from None

    parts: list[str] = []
    tables: list[FixedTable] = []
    pos = 0

    def emit(s: str) -> tuple[int, int]:
        nonlocal pos
        a = pos
        parts.append(s)
        pos += len(s)
        return a, pos

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.replace("\r", "")
            if not text.strip():
                continue
            style = item.style.name if item.style is not None else ""
            m = _HEADING_STYLE.match(style or "")
            if m or style == "Title":
                text = "#" * (int(m.group(1)) if m else 1) + " " + text.replace("\n", " ")
            emit(text + "\n\n")
        elif isinstance(item, Table):
            rows: list[list[tuple[int, int]]] = []
            t_start = pos
            for row in item.rows:
                spans: list[tuple[int, int]] = []
                seen: set[int] = set()
                for k, cell in enumerate(row.cells):
                    if k:
                        emit("\t")
                    if id(cell._tc) in seen:  # a merged cell repeats: keep it once, leave ""
                        spans.append((pos, pos))
                        continue
                    seen.add(id(cell._tc))
                    cell_text = _CELL_WS.sub(" ", "\n".join(p.text for p in cell.paragraphs).strip())
                    spans.append(emit(cell_text))
                emit("\n")
                rows.append(spans)
            tables.append(
                FixedTable(start=t_start, end=pos, rows=rows, header_rows=1 if len(rows) > 1 else 0)
            )
            emit("\n")
    return "".join(parts), None, tables
