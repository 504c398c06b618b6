"""RDF exports are read back by rdflib with the counts iter_quads promises, hostile text intact."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import RDFS, Dataset, Graph, Literal, URIRef

from graph.export import FORMATS, ExportError, export
from graph.export.rdf_text import escape_string, write_turtle
from graph.export.synthetic import HOSTILE_NAMES, synthetic_snapshot
from graph.model import Snapshot
from graph.rdf import build_graph, iter_quads, iter_triples
from ontology import ZTID

TRIPLE_FORMATS = [("turtle", "turtle"), ("ntriples", "nt")]
QUAD_FORMATS = [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]


@pytest.mark.parametrize(("fmt", "parser"), TRIPLE_FORMATS)
def test_triple_formats_read_back(hostile: Snapshot, tmp_path: Path, fmt: str, parser: str) -> None:
    (out,) = export(hostile, fmt, tmp_path / f"g{FORMATS[fmt].suffix}")
    g = Graph().parse(out, format=parser)
    expected = {(s, p, o) for s, p, o, _ in iter_triples(hostile)}
    assert len(g) == len(list(iter_triples(hostile))) == len(expected)
    assert set(g) == expected  # no blank nodes, so the very same triples


@pytest.mark.parametrize(("fmt", "parser"), QUAD_FORMATS)
def test_quad_formats_read_back(hostile: Snapshot, tmp_path: Path, fmt: str, parser: str) -> None:
    (out,) = export(hostile, fmt, tmp_path / f"g{FORMATS[fmt].suffix}")
    ds = Dataset()
    ds.parse(out, format=parser)
    quads = list(ds.quads((None, None, None, None)))
    assert len(quads) == len(list(iter_quads(hostile)))
    named = {str(c.identifier) for c in ds.graphs() if len(c)} - {str(ds.default_graph.identifier)}
    assert named == {f"{ZTID}doc/{'a' * 16}", f"{ZTID}doc/{'b' * 16}", f"{ZTID}graph/user"}


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig", "nquads", "jsonld"])
def test_hostile_names_survive_exactly(hostile: Snapshot, tmp_path: Path, fmt: str) -> None:
    parser = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[
        fmt
    ]
    (out,) = export(hostile, fmt, tmp_path / f"g{FORMATS[fmt].suffix}")
    g = Dataset(default_union=True)
    g.parse(out, format=parser)
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    for name in HOSTILE_NAMES:
        assert name in labels, repr(name)


def test_turtle_is_one_statement_per_line_and_escaped(hostile: Snapshot) -> None:
    buf = io.StringIO()
    write_turtle(hostile, buf)
    text = buf.getvalue()
    assert '"ctl\\u0000nul\\u001Fus\\u2028ls\\u007Fdel\\ttab\\nnewline\\rcr"@en' in text
    assert '"Quote \\"double\\" \'single\' back\\\\slash"@en' in text
    assert "\x00" not in text and "\u2028" not in text and "\r" not in text
    assert "@prefix zt: <https://zhitu.app/ontology#> ." in text


def test_escape_string() -> None:
    assert escape_string('a"b') == 'a\\"b'
    assert escape_string("a\\b") == "a\\\\b"
    assert escape_string("\n\r\t") == "\\n\\r\\t"
    assert escape_string("\x00\x1f\x7f\x85\u2028\u2029") == "\\u0000\\u001F\\u007F\\u0085\\u2028\\u2029"
    assert escape_string("<script>百度</script>") == "<script>百度</script>"  # nothing to escape in RDF


def test_iris_with_forbidden_characters_are_percent_encoded(tmp_path: Path) -> None:
    from graph.model import Node

    bad = 'https://zhitu.app/id/e/a b<c>"{d}|^`\\'
    snap = Snapshot({bad: Node(bad, "x", ("Company",))}, ())
    for fmt, parser in TRIPLE_FORMATS:
        (out,) = export(snap, fmt, tmp_path / f"i{FORMATS[fmt].suffix}")
        g = Graph().parse(out, format=parser)
        (s,) = set(g.subjects())
        assert s == URIRef("https://zhitu.app/id/e/a%20b%3Cc%3E%22%7Bd%7D%7C%5E%60%5C")


def test_streaming_turtle_matches_rdflib_on_a_larger_graph(tmp_path: Path) -> None:
    snap = synthetic_snapshot(n_nodes=400, n_edges=500, seed=3)
    (out,) = export(snap, "turtle", tmp_path / "big.ttl")
    ours = Graph().parse(out, format="turtle")
    theirs = build_graph(snap)
    assert len(ours) == len(theirs) > 5000
    assert set(ours) == set(theirs)
    assert (None, RDFS.label, Literal("Entity-0 AI", lang="en")) in ours


def test_unknown_format_and_directory_target(hostile: Snapshot, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown format 'xls'"):
        export(hostile, "xls", tmp_path / "x")
    (out,) = export(hostile, "ttl", tmp_path)  # an alias, into a directory
    assert out == tmp_path / "zhitu.ttl" and out.stat().st_size > 0
