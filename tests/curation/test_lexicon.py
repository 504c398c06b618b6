"""Corrections teach the extractor: the user lexicon on the next import and on re-extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.api import Workspace

FIRST = "2024年3月，青穹科技发布了青穹大模型。百度发布了文心一言。\n"
SECOND = "据报道，青穹科技近日领投了百川智能的新一轮融资。\n"
THIRD = "据悉，星穹宣布与百度合作。\n"


def _types_in(ws: Workspace, doc: str) -> dict[str, list[str]]:
    import json

    rows = ws.store._read(
        "SELECT ed.name, ed.types FROM entity_docs ed JOIN documents d ON d.id = ed.doc WHERE d.name = ?",
        (doc,),
    )
    return {n: json.loads(t) for n, t in rows}


@pytest.fixture
def ws(tmp_path: Path):
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    w = Workspace(tmp_path / "g.db")
    assert w.import_paths([tmp_path / "a.txt"])[0].status == "imported"
    yield w
    w.close()


def test_retype_changes_the_next_import(ws: Workspace, tmp_path: Path) -> None:
    from graph.extract import get_extractor
    from graph.ingest import read_document

    iri = ws.search("青穹科技")[0].iri
    ws.retype(iri, ["Investor"])
    assert ws.user_lexicon().types_of("青穹科技") == ("Investor",)
    (tmp_path / "b.txt").write_text(SECOND, encoding="utf-8")
    # the extractor alone types it otherwise
    alone = {e.name: e.types for e in get_extractor().extract(read_document(tmp_path / "b.txt")).entities}
    assert alone["青穹科技"] != ["Investor"]
    assert ws.import_paths([tmp_path / "b.txt"])[0].status == "imported"
    assert _types_in(ws, "b.txt")["青穹科技"] == ["Investor"]
    # the shared extractor does not keep this graph's lexicon afterwards
    again = {e.name: e.types for e in get_extractor().extract(read_document(tmp_path / "b.txt")).entities}
    assert again == alone
    # undoing the retype unteaches it
    ws.undo()
    assert not ws.user_lexicon()


def test_rename_makes_a_new_name_found_and_reextract_reruns(ws: Workspace, tmp_path: Path) -> None:
    iri = ws.search("青穹科技")[0].iri
    ws.rename(iri, "星穹")
    (tmp_path / "c.txt").write_text(THIRD, encoding="utf-8")
    from graph.extract import get_extractor
    from graph.ingest import read_document

    alone = {e.name for e in get_extractor().extract(read_document(tmp_path / "c.txt")).entities}
    assert "星穹" not in alone
    ws.import_paths([tmp_path / "c.txt"])
    assert "星穹" in _types_in(ws, "c.txt")
    assert ws.search("星穹")[0].iri == iri  # the new mention joined the renamed entity
    results = ws.reextract()
    assert {r.doc: r.status for r in results} == {"a.txt": "replaced", "c.txt": "replaced"}
    assert "星穹" in _types_in(ws, "c.txt")


def test_merge_teaches_the_dropped_name_as_an_alias(ws: Workspace) -> None:
    keep, drop = ws.search("青穹科技")[0].iri, ws.search("青穹大模型")[0].iri
    ws.merge(keep, drop)
    lex = ws.user_lexicon()
    types, aliases = lex.entries["青穹科技"]
    assert "青穹大模型" in aliases and lex.types_of("青穹大模型") == types
    assert [c.name for c in lex.find("青穹大模型上线")] == ["青穹科技"]


def test_worker_processes_get_the_lexicon_too(ws: Workspace, tmp_path: Path) -> None:
    """--jobs N extracts in other processes: a rename still finds the new name there, and
    every result is reported as it is committed."""
    iri = ws.search("青穹科技")[0].iri
    ws.rename(iri, "星穹")
    (tmp_path / "c.txt").write_text(THIRD, encoding="utf-8")
    (tmp_path / "d.txt").write_text(SECOND, encoding="utf-8")
    from graph.pipeline import build

    seen: list[str] = []
    results = build(
        [tmp_path / "c.txt", tmp_path / "d.txt"], ws.store, jobs=2, on_result=lambda r: seen.append(r.doc)
    )
    assert [r.status for r in results] == ["imported", "imported"] and seen == ["c.txt", "d.txt"]
    assert "星穹" in _types_in(ws, "c.txt")
