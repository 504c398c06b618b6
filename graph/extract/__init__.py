"""Extraction: a spaCy pipeline with rule components configured by data under ``assets/``.

Public API: :class:`Extractor` (``extract(doc) -> DocExtraction``), :func:`get_extractor`
(cached) and :func:`extract_paths`.
"""

from graph.extract.extractor import Extractor, build_nlp, extract_paths, get_extractor

__all__ = ["Extractor", "build_nlp", "extract_paths", "get_extractor"]
