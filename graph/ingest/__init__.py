"""Ingestion: report files in, :class:`~graph.model.SourceDocument` with blocks out.

Public API::

    read_document(path) -> SourceDocument      # .txt .md .html .htm .pdf .docx .tsv .csv
    document_from_text(name, text) -> SourceDocument
    iter_inputs(paths) -> list[Path]           # folders expanded, sorted, hidden skipped
    IngestError                                # str() names the file and the problem
    source_span(block, i, j) -> (start, end)   # block.text[i:j] -> offsets in doc.text

Every block keeps ``doc.text[block.start:block.end] == block.original``; ``text``
is the cleaned form the extractor reads (markup stripped, Traditional folded to
Simplified, PDF line breaks inside sentences joined).
"""

from .align import source_span
from .errors import IngestError
from .reader import (
    MAX_BINARY_BYTES,
    MAX_TEXT_BYTES,
    MAX_TEXT_CHARS,
    SUPPORTED_SUFFIXES,
    document_from_text,
    iter_inputs,
    read_document,
)

__all__ = [
    "IngestError",
    "MAX_BINARY_BYTES",
    "MAX_TEXT_BYTES",
    "MAX_TEXT_CHARS",
    "SUPPORTED_SUFFIXES",
    "document_from_text",
    "iter_inputs",
    "read_document",
    "source_span",
]
