"""Helpers the extraction tests share: extract one invented text, read its relations."""

from __future__ import annotations

from graph.extract import get_extractor
from graph.ingest import document_from_text


def run(text: str, year: int | None = 2025) -> dict:
    """The extraction contract's JSON for ``text`` as a document ``t.txt`` (``year`` when it names none)."""
    doc = document_from_text("t.txt", text)
    doc.year = doc.year or year
    return get_extractor().extract(doc).to_json()


def rels(out: dict) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of every relation in ``out``."""
    return {(r["s"], r["p"], r["o"]) for r in out["relations"]}


def invest(out: dict) -> dict[str, dict]:
    """The investsIn relations of ``out`` by investor."""
    return {r["s"]: r for r in out["relations"] if r["p"] == "investsIn"}
