"""A part of a big graph read from the store, and the whole-graph metrics cached in the file.

Both are checked against the whole snapshot of a real graph (the demo corpus) with
user edits on it: a merge, a deleted and an added edge, a retype and a rename.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from graph.analytics import pagerank, subsnapshot, to_networkx
from graph.store import Store, metrics


@pytest.fixture
def edited(demo_db: Path, tmp_path: Path) -> Store:
    db = tmp_path / "g.db"
    shutil.copy(demo_db, db)
    st = Store(db)
    snap = st.snapshot()
    deg = Counter(x for e in snap.edges for x in (e.s, e.o))
    (a, _), (b, _), (c, _) = deg.most_common(3)
    st.merge(a, b)  # two hubs become one: their edges join, an edge between them disappears
    first = st.snapshot().edges[0]
    st.delete_edge(first.id)
    st.add_edge(a, "partnersWith", c)
    st.retype(c, ["Investor"])
    st.rename(a, "合并后的枢纽")
    yield st
    st.close()


def test_subgraph_equals_the_snapshot_cut_down(edited: Store):
    full = edited.snapshot()
    rng = random.Random(3)
    nodes = sorted(full.nodes)
    merged_away = {i for i in edited._edit_state().parent}
    for k in (1, 5, 40, len(nodes) // 2, len(nodes)):
        keep = set(rng.sample(nodes, k))
        sub = edited.subgraph(keep | {"https://zhitu.app/id/e/unknown"})
        ref = subsnapshot(full, keep)
        assert sub.nodes == ref.nodes
        assert sub.edges == ref.edges  # same ids, ends, attrs, order
        assert sub.documents == full.documents
    # a merged-away IRI stands for the entity it went into
    (gone,) = merged_away
    keeper = edited.canonical(gone)
    assert set(edited.subgraph({gone}).nodes) == {keeper}


def test_edge_ends_follow_merges(edited: Store):
    full = edited.snapshot()
    for e in full.edges[:50]:
        assert edited.edge_ends(e.id) == (e.s, e.o)
    assert edited.edge_ends("r999999") is None
    assert edited.edge_ends("x1") is None


def test_metrics_match_the_whole_graph(edited: Store):
    full = edited.snapshot()
    m = metrics.compute(edited)
    assert set(m.iris) == set(full.nodes)
    degree, pr, comm = m.as_dicts()
    # statements touching it, a self-loop twice (as the explorer's tooltip counts)
    assert degree == {i: sum((e.s == i) + (e.o == i) for e in full.edges) for i in full.nodes}
    ref = pagerank(to_networkx(full))
    assert max(abs(pr[i] - ref[i]) for i in full.nodes) < 1e-6
    # community ids run 0.. from the largest down
    sizes = Counter(comm.values())
    assert sorted(sizes) == list(range(len(sizes)))
    assert [sizes[k] for k in range(len(sizes))] == sorted(sizes.values(), reverse=True)
    # the retyped entity is found under its new type
    types = dict(zip(m.iris, m.types, strict=True))
    retyped = next(i for i, n in full.nodes.items() if n.types == ("Investor",) and types[i] == ["Investor"])
    assert retyped


def test_cache_knows_when_it_is_stale(edited: Store, demo_db: Path):
    assert not metrics.is_fresh(edited) and metrics.load(edited) == {}
    m = metrics.compute(edited)
    assert metrics.save(edited, m) and metrics.is_fresh(edited)
    assert metrics.load(edited, m.iris[:3]).keys() == set(m.iris[:3])
    # an edit, its undo and its redo each move the stamp; metrics of an older graph are refused
    stamps = {metrics.graph_stamp(edited)}
    iri = m.iris[0]
    edited.retype(iri, ["Person"])
    stamps.add(metrics.graph_stamp(edited))
    assert not metrics.is_fresh(edited)
    assert metrics.save(edited, m) is False
    edited.undo()
    assert metrics.graph_stamp(edited) in stamps  # undone: the graph is what the cache describes
    assert metrics.is_fresh(edited)
    edited.redo()
    assert not metrics.is_fresh(edited)
    # removing a document
    doc = edited.documents()[0]
    edited.remove_document(doc.id)
    assert metrics.graph_stamp(edited) not in stamps


def test_top_ranks_by_cached_pagerank_and_filters(edited: Store):
    full = edited.snapshot()
    # no cache yet: ranked by statement count
    deg = Counter(x for e in full.edges for x in (e.s, e.o))
    top5 = metrics.top(edited, 5)
    assert len(top5) == 5 and all(i in full.nodes for i in top5)
    assert deg[top5[0]] >= deg.most_common(10)[-1][1]
    m = metrics.compute(edited)
    metrics.save(edited, m)
    _, pr, _ = m.as_dicts()
    assert metrics.top(edited, 10) == sorted(pr, key=lambda i: -pr[i])[:10]
    inv = metrics.top(edited, 50, types={"Investor"})
    assert inv and all("Investor" in full.nodes[i].types for i in inv)
    doc = full.documents[0]
    named = metrics.top(edited, 1000, docs={doc.id})
    assert named and all(doc.id in full.nodes[i].docs or i == edited.canonical(i) for i in named)


def test_refresh_in_its_own_connection_and_read_only_files(edited: Store, demo_db: Path, tmp_path: Path):
    assert metrics.refresh(edited.path)["status"] == "saved"
    assert metrics.refresh(edited.path) == {"status": "fresh"}
    assert metrics.is_fresh(edited)
    # a file that never had the cache, opened read-only: no table, nothing breaks
    ro = tmp_path / "ro.db"
    shutil.copy(demo_db, ro)
    con = sqlite3.connect(ro)
    assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'entity_metrics'").fetchall()
    con.close()
    ro.chmod(0o444)
    with Store(ro, readonly=True) as st:
        assert metrics.load(st) == {} and metrics.stored_stamp(st) is None
        assert len(metrics.top(st, 7)) == 7
        assert metrics.save(st, metrics.compute(st)) is False


def test_subgraph_around_one_entity_has_just_its_edges(edited: Store):
    full = edited.snapshot()
    deg = Counter(x for e in full.edges for x in (e.s, e.o))
    for hub, _ in deg.most_common(3):  # the merged hub among them
        part = edited.subgraph(edited.neighbourhood(hub, 1), around=hub)
        assert part.edges == tuple(e for e in full.edges if hub in (e.s, e.o))
        assert set(part.nodes) == {x for e in part.edges for x in (e.s, e.o)} | {hub}
