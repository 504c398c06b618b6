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

_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.I)
_CELL_WS = re.compile(r"[\t\r]")


def docx_text(raw: bytes, shown: str) -> tuple[str, None, list[FixedTable]]:
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
