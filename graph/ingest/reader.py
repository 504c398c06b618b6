"""read_document / document_from_text / iter_inputs."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from graph.model import SourceDocument

from .blocks import FixedTable, make_blocks
from .decode import decode_bytes
from .errors import IngestError
from .meta import title_of, year_of

MAX_TEXT_BYTES = 50 * 1024 * 1024  # a text file above this is refused (50 MB of text)
MAX_BINARY_BYTES = 200 * 1024 * 1024  # PDF / DOCX files above this are refused
MAX_TEXT_CHARS = 50 * 1024 * 1024  # extracted text above this is refused

TEXT_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".tsv": "text/tab-separated-values",
    ".csv": "text/csv",
    ".html": "text/html",
    ".htm": "text/html",
}
BINARY_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MEDIA_TYPES = {**TEXT_TYPES, **BINARY_TYPES}
SUPPORTED_SUFFIXES = frozenset(MEDIA_TYPES)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _read_bytes(path: Path, limit: int) -> bytes:
    shown = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise IngestError(shown, "file not found") from None
    except PermissionError:
        raise IngestError(shown, "permission denied (cannot access the file)") from None
    except OSError as e:
        raise IngestError(shown, f"cannot access the file ({e.strerror or e})") from None
    if path.is_dir():
        raise IngestError(shown, "is a folder, not a file (use iter_inputs to expand folders)")
    if st.st_size > limit:
        raise IngestError(shown, f"too large: {_mb(st.st_size)}, the limit is {_mb(limit)}")
    try:
        with path.open("rb") as f:
            return f.read(limit + 1)
    except PermissionError:
        raise IngestError(shown, "permission denied (the file is not readable)") from None
    except IsADirectoryError:
        raise IngestError(shown, "is a folder, not a file") from None
    except OSError as e:
        if e.errno == errno.ENOENT:
            raise IngestError(shown, "file not found") from None
        raise IngestError(shown, f"cannot read the file ({e.strerror or e})") from None


def read_document(path: str | Path) -> SourceDocument:
    """Read one report file into a :class:`SourceDocument` with its blocks.

    Supported: .txt .md .html/.htm .tsv .csv (encoding detected), .pdf (pypdf text
    layer), .docx (paragraphs and tables). Raises :class:`IngestError` with the
    file name and a plain reason on any failure.
    """
    p = Path(path)
    shown = str(p)
    suffix = p.suffix.lower()
    media_type = MEDIA_TYPES.get(suffix)
    if media_type is None:
        if not p.exists():
            raise IngestError(shown, "file not found")
        known = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise IngestError(shown, f"unsupported file type {suffix or '(no extension)'!r}; supported: {known}")
    raw = _read_bytes(p, MAX_BINARY_BYTES if suffix in BINARY_TYPES else MAX_TEXT_BYTES)
    if not raw.strip():
        raise IngestError(shown, "is empty")
    sha = hashlib.sha256(raw).hexdigest()
    layout = None
    tables: list[FixedTable] | None = None
    if suffix == ".pdf":
        from .pdf import pdf_text

        text = pdf_text(raw, shown)
        encoding = "pdf"
    elif suffix == ".docx":
        from .docx import docx_text

        text, layout, tables = docx_text(raw, shown)
        encoding = "docx"
    else:
        text, encoding = decode_bytes(raw, shown)
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(
            shown, f"too large: {len(text):,} characters of text, the limit is {MAX_TEXT_CHARS:,}"
        )
    doc = _build(p.name, text, sha, media_type, layout, tables, shown)
    doc.path = str(p.resolve()) if p.is_absolute() else os.path.abspath(p)
    doc.encoding = encoding
    return doc


def document_from_text(
    name: str, text: str, *, sha256: str | None = None, media_type: str = "text/plain"
) -> SourceDocument:
    """A :class:`SourceDocument` for text already in memory (tests, the extractor, paste)."""
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _build(name, text, sha256, media_type, None, None, name)


def _build(
    name: str,
    text: str,
    sha: str,
    media_type: str,
    layout: object,
    tables: list[FixedTable] | None,
    shown: str,
) -> SourceDocument:
    if not text.strip():
        raise IngestError(shown, "is empty (no text in it)")
    if media_type == "text/html" and layout is None:
        from .html import html_layout

        layout, tables = html_layout(text)
    elif layout is None and "<table" in text.lower():
        from .html import embedded_tables

        layout, tables = embedded_tables(text)
    blocks = make_blocks(name, text, layout, tables, csv_mode=media_type == "text/csv")  # type: ignore[arg-type]
    if not blocks:
        raise IngestError(shown, "is empty (no readable text in it)")
    title = title_of(blocks[0].text if media_type in ("text/html",) else text) or blocks[0].text[:200]
    return SourceDocument(
        name=name,
        text=text,
        sha256=sha,
        blocks=blocks,
        title=title,
        year=year_of(text if media_type != "text/html" else "\n".join(b.text for b in blocks[:50]), title),
        media_type=media_type,
    )


def iter_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders (recursively) to the supported files in them, sorted; skip hidden
    files and folders. Files named explicitly are kept whatever their suffix (so that
    read_document can say what is wrong with them)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_SUFFIXES:
                        found.append(Path(root) / f)
            candidates = sorted(found)
        else:
            candidates = [p]
        for c in candidates:
            key = c.resolve() if c.exists() else c
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out
