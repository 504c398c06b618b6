"""read_document / document_from_text / iter_inputs."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from graph.model import SourceDocument

from .blocks import FixedTable, make_blocks
from .decode import _common_han, decode_bytes
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


def _kind(mode: int) -> str:
    for test, what in (
        (stat.S_ISFIFO, "named pipe (FIFO)"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return what
    return "special file"


def display_name(name: str) -> str:
    """A file name as text. Names that are not valid UTF-8 (GBK bytes from a Windows zip)
    reach Python with surrogate escapes, which cannot be printed or stored: decode those
    bytes as GB18030 when that works, else replace what does not decode.

    >>> display_name(os.fsdecode("百度报告.txt".encode("gbk")))
    '百度报告.txt'
    >>> display_name("plain.txt")
    'plain.txt'
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def _read_bytes(path: Path, limit: int) -> bytes:
    shown = display_name(str(path))
    try:
        st = path.stat()
    except FileNotFoundError:
        raise IngestError(shown, "file not found") from None
    except PermissionError:
        raise IngestError(shown, "permission denied (cannot access the file)") from None
    except OSError as e:
        raise IngestError(shown, f"cannot access the file ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        try:
            os.listdir(path)
        except OSError as e:
            raise IngestError(shown, f"cannot open the folder ({e.strerror or e}); nothing in it was read") from None
        raise IngestError(shown, "is a folder, not a file (use iter_inputs to expand folders)")
    if not stat.S_ISREG(st.st_mode):  # opening a FIFO blocks forever, a device never ends
        raise IngestError(shown, f"skipped: a {_kind(st.st_mode)}, not a regular file")
    if st.st_size > limit:
        raise IngestError(shown, f"too large: {_mb(st.st_size)}, the limit is {_mb(limit)}")
    try:
        with path.open("rb") as f:
            # read(n) allocates n bytes up front: ask for the size stat saw (a growing file is cut there)
            return f.read(min(limit, st.st_size) + 1)
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
    shown = display_name(str(p))
    suffix = p.suffix.lower()
    media_type = MEDIA_TYPES.get(suffix)
    if media_type is None:
        if p.is_dir():
            _read_bytes(p, 0)  # raises: the folder cannot be opened, or is a folder
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
        if len(raw) < _MIN_BYTES and text.strip():
            raise IngestError(shown, f"only {len(raw)} byte(s): too short to be a report")
        _check_plausible(text, shown)
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(
            shown, f"too large: {len(text):,} characters of text, the limit is {MAX_TEXT_CHARS:,}"
        )
    doc = _build(display_name(p.name), text, sha, media_type, layout, tables, shown)
    doc.path = display_name(str(p.resolve()) if p.is_absolute() else os.path.abspath(p))
    doc.encoding = encoding
    return doc


_MIN_BYTES = 8  # 1-7 random bytes decode to "text" under some codec; no report is that short
_MIN_WORD_CHARS = 4  # fewer letters, digits and Han characters than this say nothing
_MIN_PLAUSIBLE = 0.85  # share of characters that text in Chinese or English is made of


def _plausible_char(c: str) -> bool:
    return (
        " " <= c <= "~"
        or c in "\t\n\r\f"
        or "\u3000" <= c <= "\u30ff"  # CJK punctuation, kana
        or "\uff00" <= c <= "\uffef"  # full-width forms
        or "\u2000" <= c <= "\u206f"  # general punctuation: “” — …
        or c in _common_han()
        or c in "·×°±¥€£%"
    )


def _check_plausible(text: str, shown: str) -> None:
    """Refuse decoded bytes that are not text a report is made of (random or binary data
    decodes to rare Han characters or accented letters under some codec)."""
    sample = text[:20_000]
    chars = [c for c in sample if not c.isspace()]
    if not chars:
        return  # blank: _build says "is empty"
    words = sum(1 for c in chars if c.isalnum() and (c < "\x80" or c in _common_han()))
    if words < _MIN_WORD_CHARS:
        raise IngestError(
            shown, f"does not look like text: {len(text)} character(s) with {words} letter(s), digit(s) or Han character(s)"
        )
    share = sum(1 for c in chars if _plausible_char(c)) / len(chars)
    if share < _MIN_PLAUSIBLE:
        raise IngestError(
            shown,
            f"does not look like text: only {share:.0%} of its characters are ones Chinese or English text uses "
            "(random or binary data, or an encoding that cannot be recognised)",
        )


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
    files and folders. Files named explicitly are kept whatever their suffix, and so are
    folders that cannot be listed and special files (FIFOs, devices) with a supported
    suffix, so that read_document can say what is wrong with them."""
    out: list[Path] = []
    seen: set[Path] = set()
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found: list[Path] = []

            def unreadable(e: OSError, found: list[Path] = found) -> None:
                # kept in the list: read_document then says the folder cannot be opened
                if e.filename is not None:
                    found.append(Path(os.fsdecode(e.filename)))

            for root, dirs, files in os.walk(p, onerror=unreadable):
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
