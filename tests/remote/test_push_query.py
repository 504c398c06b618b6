"""`zhitu push --sparql` and `zhitu query --endpoint` against a local Oxigraph server."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.oxigraph import oxigraph_server
from graph.cli import main
from graph.pipeline import build
from graph.remote import DEFAULT, graph_payloads, push, query
from graph.sparql import SparqlError, run_query
from graph.store import Store

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A fresh Oxigraph server on loopback; yields its base URL."""
    with oxigraph_server(tmp_path) as base:
        if base is None:
            pytest.skip("the oxigraph server (PyPI oxigraph) is not installed")
        yield base


@pytest.fixture
def corpus_db(tmp_path: Path, demo_dir: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(demo_dir, corpus)
    db = tmp_path / "g.db"
    with Store(db) as st:
        build([corpus], st)
    return corpus, db


def _counts(rows) -> dict[str, int]:
    return {g: int(n) for g, n in rows}


def test_push_then_query_counts_match_local(server: str, corpus_db: tuple[Path, Path], capsys) -> None:
    _, db = corpus_db
    assert main(["push", "--sparql", f"{server}/store", "--db", str(db)]) == 0
    assert "0 unchanged" in capsys.readouterr().out
    with Store(db, readonly=True) as st:
        snap = st.snapshot()
    local = _counts(run_query(snap, PER_GRAPH).rows)
    remote = _counts(query(f"{server}/query", PER_GRAPH).rows)
    assert len(remote) == len(snap.documents) and remote == local
    # the default graph (Oxigraph's is not the union) holds the entity descriptions
    n_default = query(f"{server}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(n_default) == len(graph_payloads(snap)[DEFAULT])
    for q in (
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a zt:Company }",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m zt:develops ?x } }",
    ):
        assert query(f"{server}/query", q).rows == run_query(snap, q).rows
    assert query(f"{server}/query", "ASK { ?c a zt:AIModel }") is True
    # the CLI prints the server's rows as it prints local ones
    assert main(["query", "--endpoint", f"{server}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]) == 0
    assert capsys.readouterr().out.split() == ["n", n_default]


def test_second_push_replaces_only_the_changed_document(server: str, corpus_db: tuple[Path, Path]) -> None:
    corpus, db = corpus_db
    with Store(db) as st:
        first = push(st, f"{server}/store")
        docs_before = {d.name: d for d in st.documents()}
    assert not first.unchanged and len(first.sent) == len(docs_before) + 1  # + the default graph
    changed = sorted(corpus.iterdir())[2]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n字节跳动发布了豆包大模型。\n", encoding="utf-8"
    )
    with Store(db) as st:
        assert [r.status for r in build([corpus], st) if r.status != "unchanged"] == ["replaced"]
        second = push(st, f"{server}/store")
        new_doc = next(d for d in st.documents() if d.name == changed.name)
        local = _counts(run_query(st.snapshot(), PER_GRAPH).rows)
    from graph.rdf import doc_iri

    old_iri, new_iri = str(doc_iri(docs_before[changed.name])), str(doc_iri(new_doc))
    assert old_iri != new_iri  # a document's graph is named by its content hash
    assert second.sent == [new_iri, DEFAULT]
    assert second.deleted == [old_iri]
    assert len(second.unchanged) == len(docs_before) - 1
    remote = _counts(query(f"{server}/query", PER_GRAPH).rows)
    assert old_iri not in remote and remote == local
    # nothing changed: nothing sent
    with Store(db, readonly=True) as st:
        third = push(st, f"{server}/store")
    assert not third.sent and not third.deleted


def test_remote_query_refuses_updates_before_sending() -> None:
    # port 9 (discard) is not listening: a refusal must come before any connection
    with pytest.raises(SparqlError, match="read-only"):
        query("http://127.0.0.1:9/query", "DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(SparqlError, match="SERVICE"):
        query(
            "http://127.0.0.1:9/query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
        )


def test_unreachable_server_is_a_clear_error(corpus_db: tuple[Path, Path], capsys) -> None:
    _, db = corpus_db
    assert main(["push", "--sparql", f"http://127.0.0.1:{_free_port()}/store", "--db", str(db)]) == 1
    assert "cannot reach the server" in capsys.readouterr().err
    assert main(["query", "--endpoint", "ftp://example.org/q", "ASK {}"]) == 1
    assert "not an http(s) URL" in capsys.readouterr().err
