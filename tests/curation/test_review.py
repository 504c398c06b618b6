"""Duplicate review on a real store: a wrong alias (a table row read one column off) is
suggested, dropping it survives re-import, and a rejection is remembered in the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from graph.api import Workspace
from graph.model import DocExtraction, Entity, SourceDocument

TEXT = "远川资本参与了本轮融资。"


def _extraction(text: str = TEXT) -> DocExtraction:
    doc = SourceDocument("t.txt", text, hashlib.sha256(text.encode()).hexdigest(), year=2024, title="t")
    return DocExtraction(
        doc,
        [
            Entity("远川资本", ["Investor"], {"远川资本", "逐光机器人"}),
            Entity("百度", ["Company"]),
        ],
        [],
    )


def test_wrong_alias_is_suggested_dropped_and_stays_dropped(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "g.db")
    ws.store.import_extraction(_extraction())
    sugg = {(s.reason, s.detail) for s in ws.duplicate_suggestions()}
    assert ("foreign_alias", "逐光机器人") in sugg
    iri = ws.search("远川资本")[0].iri
    assert [h.iri for h in ws.search("逐光机器人")] == [iri]
    ws.drop_alias(iri, "逐光机器人")
    assert "逐光机器人" not in ws.node(iri).aliases
    assert ws.search("逐光机器人") == [] and ws.search("逐光") == []  # search no longer finds it by that name
    assert [h.iri for h in ws.search("远川")] == [iri]
    ws.store.import_extraction(_extraction(TEXT + "\n"), force=True)  # the extractor says it again
    assert "逐光机器人" not in ws.node(iri).aliases
    assert all(s.detail != "逐光机器人" for s in ws.duplicate_suggestions())
    ws.undo()
    assert "逐光机器人" in ws.node(iri).aliases
    assert [h.iri for h in ws.search("逐光机器人")] == [iri]
    ws.close()


def test_rejection_is_kept_in_the_graph_file(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "g.db")
    ws.store.import_extraction(_extraction())
    same = next(s for s in ws.duplicate_suggestions() if s.reason == "foreign_alias")
    ws.dismiss_duplicate(same.a, same.a, same.reason, alias=same.detail)  # the alias is right
    ws.close()
    ws = Workspace(tmp_path / "g.db")
    assert all(s.pair != same.pair for s in ws.duplicate_suggestions())
    assert ws.edits()[-1]["op"] == "dismiss_duplicate"
    ws.close()


def test_an_added_entity_is_searchable_teaches_the_extractor_and_undoes(tmp_path: Path) -> None:
    from graph.model import Mention, Relation

    ws = Workspace(tmp_path / "g.db")
    ws.store.import_extraction(_extraction())
    iri = ws.add_entity("墨羽机器人", ["Product"])
    assert ws.node(iri).types == ("Product",) and [h.iri for h in ws.search("墨羽")] == [iri]
    assert ws.user_lexicon().types_of("墨羽机器人") == ("Product",)
    with pytest.raises(ValueError):
        ws.add_entity("墨羽机器人", ["Company"])  # already there
    baidu = ws.search("百度")[0].iri
    ws.add_edge(baidu, "offers", iri)
    # a report that names it later attaches to the same entity
    text = "百度推出墨羽机器人。"
    doc = SourceDocument(name="n.txt", text=text, sha256="n" * 64)
    ws.store.import_extraction(
        DocExtraction(
            doc,
            [
                Entity("百度", ["Company"], mentions=[Mention(0, 0, 2)]),
                Entity("墨羽机器人", ["Product"], mentions=[Mention(0, 4, 9)]),
            ],
            [Relation("百度", "offers", "墨羽机器人", 0.8, text, "n.txt", block=0)],
        )
    )
    assert [n.iri for n in ws.snapshot().nodes.values() if n.label == "墨羽机器人"] == [iri]
    ws.undo()  # the added edge
    ws.undo()  # the entity: still named by the new report, so it stays, with its extracted types
    assert ws.node(iri).types == ("Product",) and ws.user_lexicon().types_of("墨羽机器人") is None
    ws.close()


def test_an_added_entity_without_reports_goes_with_undo(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "g.db")
    ws.store.import_extraction(_extraction())
    iri = ws.add_entity("墨羽机器人", ["Product"])
    ws.undo()
    assert ws.node(iri) is None and ws.search("墨羽") == []
    ws.redo()
    assert ws.node(iri).label == "墨羽机器人" and ws.search("墨羽")[0].iri == iri
    ws.close()
