"""Helpers the extraction tests share: extract one invented text, read its relations."""

from __future__ import annotations

from graph.extract import get_extractor
from graph.ingest import document_from_text


def run(text: str) -> dict:
    """The extraction contract's JSON for ``text`` as a document ``t.txt`` (year 2025 when it names none)."""
    doc = document_from_text("t.txt", text)
    doc.year = doc.year or 2025
    return get_extractor().extract(doc).to_json()


def rels(out: dict) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of every relation in ``out``."""
    return {(r["s"], r["p"], r["o"]) for r in out["relations"]}
