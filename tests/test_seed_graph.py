"""The whole pipeline on the seed reports: what the core issue promises of the graph."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.model import ENTITY_TYPES
from graph.pipeline import build
from graph.store import Store

# Relation kinds the seed reports state somewhere (none of them reports an acquisition).
STATED = {"develops", "offers", "poweredBy", "investsIn", "issues", "partnersWith", "subsidiaryOf", "basedOn", "founderOf"}


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store(db) as st:
        results = build([seeds_dir], st)
    assert [r.status for r in results] == ["imported"] * 5, results
    return db


def test_all_nine_types_and_every_stated_relation_kind(seed_db: Path) -> None:
    with Store(seed_db, readonly=True) as st:
        snap = st.snapshot()
    types = Counter(t for n in snap.nodes.values() for t in n.types)
    assert set(ENTITY_TYPES) <= set(types), f"missing types: {set(ENTITY_TYPES) - set(types)}"
    preds = Counter(e.p for e in snap.edges)
    assert STATED <= set(preds), f"missing relation kinds: {STATED - set(preds)}"
    # every edge keeps its provenance
    for e in snap.edges:
        assert e.origin == "extracted" and e.doc is not None and e.evidence and 0 < e.confidence <= 1


def test_rebuild_keeps_iris_and_reimport_is_skipped(seed_db: Path, seeds_dir: Path, tmp_path: Path) -> None:
    with Store(seed_db, readonly=True) as st:
        first = {n.label: n.iri for n in st.snapshot().nodes.values()}
    again = tmp_path / "again.db"
    with Store(again) as st:
        build([seeds_dir], st)
        assert {r.status for r in build([seeds_dir], st)} == {"unchanged"}
        second = {n.label: n.iri for n in st.snapshot().nodes.values()}
    common = set(first) & set(second)
    assert len(common) > 0.95 * len(first)
    assert all(first[k] == second[k] for k in common)


def test_a_bad_file_among_good_ones_is_reported_and_changes_nothing(tmp_path: Path, demo_dir: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = sorted(demo_dir.iterdir())[0]
    (folder / good.name).write_bytes(good.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage that is not a pdf")
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "g.db"
    with Store(db) as st:
        results = {r.doc: r for r in build([folder], st)}
        assert results[good.name].status == "imported"
        for bad in ("broken.pdf", "empty.txt"):
            assert results[bad].status == "failed" and bad in results[bad].message
        assert st.stats()["documents"] == 1


def test_a_failing_store_leaves_the_graph_as_it_was(tmp_path: Path, demo_dir: Path, monkeypatch) -> None:
    files = sorted(demo_dir.iterdir())
    db = tmp_path / "g.db"
    with Store(db) as st:
        build([files[0]], st)
        before = st.snapshot()

        import graph.store.store as store_mod

        def boom(*a, **k):  # late in the transaction: rows are already written
            raise RuntimeError("disk full")

        monkeypatch.setattr(store_mod.Store, "_refresh_entities", boom)
        results = build([files[1]], st)
        assert results[0].status == "failed"
        after = st.snapshot()
    assert set(after.nodes) == set(before.nodes) and len(after.edges) == len(before.edges)
