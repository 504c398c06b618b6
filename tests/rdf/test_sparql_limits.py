"""SPARQL stops at its time limit and keeps at most ``max_rows`` rows."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from graph.sparql import SparqlError, run_query
from graph.store import Store

CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def snap(demo_db: Path):
    with Store(demo_db, readonly=True) as st:
        return st.snapshot()


def test_a_runaway_query_is_stopped(snap) -> None:
    with pytest.raises(SparqlError, match="time limit"):
        run_query(snap, CARTESIAN_COUNT, timeout=0.3)
    # the worker thread was stopped, not left running
    assert not [t for t in threading.enumerate() if t.name == "zhitu-sparql" and t.is_alive()]


def test_rows_are_capped_and_say_so(snap) -> None:
    r = run_query(snap, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", max_rows=50)
    assert len(r.rows) == 50 and r.truncated
    full = run_query(snap, "SELECT ?c WHERE { ?c a zt:Company }", max_rows=None)
    assert not full.truncated and len(full.rows) > 5
    g = run_query(snap, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", max_rows=7)
    assert len(g) <= 7


def test_errors_inside_the_worker_still_reach_the_caller() -> None:
    from rdflib import Graph

    class Broken(Graph):
        def query(self, *a, **k):
            raise RuntimeError("evaluator bug")

    with pytest.raises(SparqlError, match="evaluation error: evaluator bug"):
        run_query(Broken(), "SELECT ?x WHERE { ?x ?p ?o }")


def test_workspace_passes_the_limits(demo_db: Path, tmp_path: Path) -> None:
    import shutil

    from graph.api import Workspace

    db = tmp_path / "g.db"
    shutil.copy(demo_db, db)
    ws = Workspace(db)
    assert ws.sparql("SELECT * WHERE { ?s ?p ?o }", max_rows=4).truncated
    with pytest.raises(SparqlError, match="time limit"):
        ws.sparql(CARTESIAN_COUNT, timeout=0.3)
