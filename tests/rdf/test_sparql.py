"""Read-only SPARQL: results as plain data, updates and remote access refused."""

from __future__ import annotations

import pytest
from rdflib import Graph

from graph.model import Snapshot
from graph.rdf import build_dataset
from graph.sparql import SelectResult, SparqlError, run_query


def test_select_returns_strings_with_variable_names(hostile: Snapshot) -> None:
    r = run_query(hostile, "SELECT ?name WHERE { ?m a zt:AIModel ; rdfs:label ?name } ORDER BY ?name")
    assert isinstance(r, SelectResult)
    assert r.variables == ("name",)
    assert ("文心一言",) in r.rows
    assert all(isinstance(v, str) for row in r.rows for v in row)
    assert r.as_dicts()[0].keys() == {"name"}


def test_unbound_is_none(hostile: Snapshot) -> None:
    r = run_query(
        hostile, "SELECT ?n ?alias WHERE { ?x rdfs:label ?n . OPTIONAL { ?x skos:altLabel ?alias } }"
    )
    assert any(row[1] is None for row in r.rows)


def test_graph_per_document(hostile: Snapshot) -> None:
    r = run_query(
        hostile,
        "SELECT ?file (COUNT(*) AS ?n) WHERE { GRAPH ?doc { ?s zt:develops ?o } ?doc zt:fileName ?file }"
        " GROUP BY ?file ORDER BY ?file",
    )
    assert r.rows == [("news\x00.md", "2"), ("report <1>.txt", "1")]


def test_ask_construct_describe(hostile: Snapshot) -> None:
    assert run_query(hostile, "ASK { ?s zt:investsIn ?o }") is True
    assert run_query(hostile, "ASK { ?s zt:acquires ?o }") is False
    g = run_query(hostile, "CONSTRUCT { ?s zt:develops ?o } WHERE { ?s zt:develops ?o }")
    assert isinstance(g, Graph) and len(g) == 2  # r1 and r4 state the same fact
    d = run_query(hostile, "DESCRIBE <https://zhitu.app/id/e/ernie>")
    assert isinstance(d, Graph) and len(d) >= 3


def test_runs_on_a_prebuilt_dataset(hostile: Snapshot) -> None:
    ds = build_dataset(hostile)
    assert run_query(ds, "ASK { ?s zt:develops ?o }") is True


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "DELETE DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX x: <http://x/>\n# a comment\nDELETE { ?s ?p ?o } INSERT { ?s x:q ?o } WHERE { ?s ?p ?o }",
        "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://x/g>",
        "CREATE GRAPH <http://x/g>",
        "ADD DEFAULT TO <http://x/g>",
        "MOVE DEFAULT TO <http://x/g>",
        "COPY DEFAULT TO <http://x/g>",
        "  delete {",  # broken update: still an update, still refused
    ],
)
def test_updates_are_refused(hostile: Snapshot, query: str) -> None:
    with pytest.raises(SparqlError, match="refused: this is a SPARQL update.*read-only"):
        run_query(hostile, query)


def test_the_word_delete_in_a_literal_is_not_an_update(hostile: Snapshot) -> None:
    r = run_query(hostile, 'SELECT ?s WHERE { ?s rdfs:label "delete" } # DROP ALL')
    assert isinstance(r, SelectResult) and r.rows == []
    r = run_query(hostile, "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, 'INSERT DATA')) }")
    assert r.rows == []


def test_syntax_error_carries_the_parser_message(hostile: Snapshot) -> None:
    with pytest.raises(SparqlError, match=r"syntax error: .*\(at char 0\)"):
        run_query(hostile, "SELEC ?x WHERE { ?x ?p ?o }")
    with pytest.raises(SparqlError, match="syntax error"):
        run_query(hostile, "SELECT ?x WHERE { ?x ?p }")
    with pytest.raises(SparqlError, match="Unknown namespace prefix"):
        run_query(hostile, "SELECT ?x WHERE { ?x nope:p ?o }")
    with pytest.raises(SparqlError, match="empty"):
        run_query(hostile, "   ")


def test_remote_access_is_refused(hostile: Snapshot) -> None:
    with pytest.raises(SparqlError, match="SERVICE"):
        run_query(hostile, "SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(SparqlError, match="not in the data"):
        run_query(hostile, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    # FROM a graph we hold is fine
    r = run_query(
        hostile, "SELECT ?o FROM <https://zhitu.app/id/doc/aaaaaaaaaaaaaaaa> WHERE { ?s zt:develops ?o }"
    )
    assert r.rows == [("https://zhitu.app/id/e/ernie",)]
