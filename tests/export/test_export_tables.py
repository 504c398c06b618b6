"""GraphML, GEXF, neo4j CSV and Cytoscape JSON, read back by the readers their users use."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from graph.export import export
from graph.export.palette import color_for, load_palette, rgb
from graph.export.synthetic import HOSTILE_NAMES
from graph.facts import group_facts
from graph.model import ENTITY_TYPES, Edge, Node, Snapshot
from graph.rdf import clean_text

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return XML_ILLEGAL.sub("", clean_text(text)).replace("\x7f", "")


def _n_facts(snap: Snapshot) -> int:
    # r1 and r4 state the same fact (百度 develops 文心一言) in two documents
    return len(group_facts(snap.edges))


def test_palette_covers_every_type() -> None:
    pal = load_palette()
    for t in (*ENTITY_TYPES, "Document", "FundingRound"):
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", pal["types"][t]), t
    assert color_for(("Nope", "AIModel")) == pal["types"]["AIModel"]


def test_graphml(hostile: Snapshot, tmp_path: Path) -> None:
    (out,) = export(hostile, "graphml", tmp_path / "g.graphml")
    G = nx.read_graphml(out, force_multigraph=True)
    assert G.number_of_nodes() == len(hostile.nodes)
    assert G.number_of_edges() == _n_facts(hostile) == len(hostile.edges) - 1
    labels = {d["label"] for _, d in G.nodes(data=True)}
    for name in HOSTILE_NAMES:
        assert _xml(name) in labels
    n = G.nodes["https://zhitu.app/id/e/script"]
    assert n["types"] == "Company;Investor" and n["type"] == "Company"
    assert n["color"] == color_for(("Company",)) and (n["r"], n["g"], n["b"]) == rgb(n["color"])
    assert n["attr_stockCode"] == "002230.SZ"
    e = G.edges["https://zhitu.app/id/e/script", "https://zhitu.app/id/e/quote", "r2"]
    assert e["predicate"] == "investsIn" and e["confidence"] == 0.75 and e["year"] == 2024
    assert e["funding_round"] == "A轮" and e["funding_lead"] is True
    assert e["funding_amount_value"] == 1e8  # a number a tool can add up
    fact = G.edges["https://zhitu.app/id/e/百度", "https://zhitu.app/id/e/ernie", "r1"]
    assert fact["mentions"] == 2 and fact["confidence"] == 0.9 and fact["docs"] == "1;2"
    assert json.loads(fact["evidence_all"]) == [_xml("百度发布文心一言<script>x</script>"), "Baidu's ERNIE"]
    text = out.read_text(encoding="utf-8")
    assert "\x00" not in text
    # node and edge attributes of one name (label, color) get distinct key ids
    key_ids = re.findall(r'<key id="([^"]+)" for="(node|edge)" attr.name="([^"]+)"', text)
    assert len({k for k, _, _ in key_ids}) == len(key_ids)
    assert {(f, n) for _, f, n in key_ids} >= {
        ("node", "label"),
        ("edge", "label"),
        ("node", "color"),
        ("edge", "color"),
    }


def test_graphml_positions(hostile: Snapshot, tmp_path: Path) -> None:
    pos = {iri: (float(i), -float(i)) for i, iri in enumerate(hostile.nodes)}
    (out,) = export(hostile, "graphml", tmp_path / "p.graphml", positions=pos)
    G = nx.read_graphml(out)
    iri = next(iter(hostile.nodes))
    assert (G.nodes[iri]["x"], G.nodes[iri]["y"]) == pos[iri]


def test_gexf_with_viz_colours(hostile: Snapshot, tmp_path: Path) -> None:
    pos = {iri: (1.5, 2.5) for iri in hostile.nodes}
    (out,) = export(hostile, "gexf", tmp_path / "g.gexf", positions=pos)
    text = out.read_text(encoding="utf-8")
    assert "viz:color" in text or "<viz:color" in text or "xmlns:viz" in text
    G = nx.read_gexf(out)
    assert G.number_of_nodes() == len(hostile.nodes) and G.number_of_edges() == _n_facts(hostile)
    d = G.nodes["https://zhitu.app/id/e/ernie"]
    r, g, b = rgb(color_for(("AIModel",)))
    assert d["viz"]["color"]["r"] == r and d["viz"]["color"]["g"] == g and d["viz"]["color"]["b"] == b
    assert d["viz"]["position"]["x"] == 1.5
    assert d["types"] == "AIModel"
    labels = {d["label"] for _, d in G.nodes(data=True)}
    for name in HOSTILE_NAMES:
        assert _xml(name) in labels
    ids = {d["id"] for *_, d in G.edges(data=True)}
    assert ids == {f.id for f in group_facts(hostile.edges)}
    r2 = next(d for *_, d in G.edges(data=True) if d["id"] == "r2")
    assert r2["funding_amount_value"] == 1e8 and r2["mentions"] == 1
    # Gephi: a named graph, each edge's kind is its predicate, no networkx_key column
    import xml.etree.ElementTree as ET

    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ET.parse(out).getroot()
    assert root.find("g:graph", ns).get("name") == "zhitu"
    kinds = {e.get("id"): e.get("kind") for e in root.iter("{http://www.gexf.net/1.2draft}edge")}
    assert kinds["r2"] == "investsIn" and kinds["u1"] == "partnersWith"
    assert "networkx_key" not in text


def test_csv_for_neo4j(hostile: Snapshot, tmp_path: Path) -> None:
    nodes_csv, edges_csv = export(hostile, "csv", tmp_path / "neo")
    assert (nodes_csv.name, edges_csv.name) == ("nodes.csv", "edges.csv")
    with nodes_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[:3] == ["iri:ID", "label", ":LABEL"]
    assert "aliases:string[]" in header
    assert len(rows) == 1 + len(hostile.nodes)
    by_iri = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    script = by_iri["https://zhitu.app/id/e/script"]
    assert script["label"] == HOSTILE_NAMES[0]
    assert script[":LABEL"] == "Company;Investor"
    assert by_iri["https://zhitu.app/id/e/quote"]["label"] == HOSTILE_NAMES[1]
    assert by_iri["https://zhitu.app/id/e/quote"]["aliases:string[]"] == "a；b"  # ; is the array delimiter
    ctl = by_iri["https://zhitu.app/id/e/ctl"]["label"]
    assert not re.search("[\x00-\x1f\x7f\u2028]", ctl) and ctl.startswith("ctl nul us")
    # one physical line per record: neo4j-admin needs no --multiline-fields
    assert len(nodes_csv.read_text(encoding="utf-8").splitlines()) == 1 + len(hostile.nodes)
    with edges_csv.open(encoding="utf-8", newline="") as f:
        erows = list(csv.DictReader(f))
    assert list(erows[0])[:5] == [":START_ID", ":END_ID", ":TYPE", "id", "confidence:float"]
    assert len(erows) == _n_facts(hostile)
    r2 = next(r for r in erows if r["id"] == "r2")
    assert r2[":TYPE"] == "investsIn" and r2["lead:boolean"] == "true" and r2["round"] == "A轮"
    assert r2["documents:string[]"] == "report <1>.txt" and float(r2["confidence:float"]) == 0.75
    assert float(r2["amount_value:double"]) == 1e8
    r1 = next(r for r in erows if r["id"] == "r1")
    assert (
        r1["mentions:int"] == "2" and r1["docs:int[]"] == "1;2" and len(json.loads(r1["evidence_all"])) == 2
    )
    assert next(r for r in erows if r["id"] == "u1")["origin"] == "user"
    ids = {r[0] for r in rows[1:]}
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in erows)


def test_csv_base_name(hostile: Snapshot, tmp_path: Path) -> None:
    paths = export(hostile, "csv", tmp_path / "graph.csv")
    assert [p.name for p in paths] == ["graph_nodes.csv", "graph_edges.csv"]
    assert all(p.exists() for p in paths)


def test_cytoscape_json(hostile: Snapshot, tmp_path: Path) -> None:
    (out,) = export(hostile, "cyjs", tmp_path / "g.cyjs", positions={"https://zhitu.app/id/e/ernie": (3, 4)})
    with out.open(encoding="utf-8") as f:
        data = json.load(f)
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert len(nodes) == len(hostile.nodes) and len(edges) == _n_facts(hostile)
    # Cytoscape desktop keeps scalar columns only: nothing nested, interaction = predicate
    for el in nodes + edges:
        assert all(not isinstance(v, dict | list) for v in el["data"].values()), el
    script = next(n for n in nodes if n["data"]["id"].endswith("/script"))
    assert script["data"]["attr_stockCode"] == "002230.SZ" and script["data"]["types"] == "Company;Investor"
    r2 = next(e["data"] for e in edges if e["data"]["id"] == "r2")
    assert r2["interaction"] == "investsIn" and r2["amount_value"] == 1e8 and r2["mentions"] == 1
    labels = {n["data"]["label"] for n in nodes}
    for name in HOSTILE_NAMES:
        assert name in labels
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    ernie = next(n for n in nodes if n["data"]["id"].endswith("/ernie"))
    assert ernie["position"] == {"x": 3.0, "y": 4.0} and ernie["data"]["color"] == color_for(("AIModel",))
    raw = out.read_text(encoding="utf-8")
    assert "\u2028" not in raw and "\x00" not in raw  # escaped by json


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_is_well_formed_for_a_strict_parser(hostile: Snapshot, tmp_path: Path, fmt: str) -> None:
    import xml.etree.ElementTree as ET

    (out,) = export(hostile, fmt, tmp_path / f"g.{fmt}")
    root = ET.parse(out).getroot()
    assert root is not None
    assert "<script>" not in out.read_text(encoding="utf-8")  # escaped as &lt;script&gt;


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    e = "https://zhitu.app/id/e/"
    nodes = {
        e + "a": Node(e + "a", '=HYPERLINK("http://x")', ("Company",), aliases=("+1", "@SUM(A1)")),
        e + "b": Node(e + "b", "-2+3", ("Company",), attrs=(("stock_code", "=1"),)),
    }
    snap = Snapshot(
        nodes, (Edge("r1", e + "a", "partnersWith", e + "b", 0.5, evidence="=cmd|' /C calc'!A0"),)
    )
    nodes_csv, edges_csv = export(snap, "csv", tmp_path / "g.csv")
    with nodes_csv.open(encoding="utf-8", newline="") as f:
        rows = {r["iri:ID"]: r for r in csv.DictReader(f)}
    assert rows[e + "a"]["label"] == '\'=HYPERLINK("http://x")'
    assert rows[e + "a"]["aliases:string[]"] == "'+1;'@SUM(A1)"
    assert rows[e + "b"]["label"] == "'-2+3" and rows[e + "b"]["stockCode"] == "'=1"
    with edges_csv.open(encoding="utf-8", newline="") as f:
        (edge,) = list(csv.DictReader(f))
    assert edge["evidence"].startswith("'=")
    for row in [*rows.values(), edge]:
        assert not any(v[:1] in "=+-@" for v in row.values() if v), row


def test_amount_sums_in_every_table_and_graph_format(tmp_path: Path) -> None:
    """An analyst adds up funding: the numeric amount is in every table and graph format."""
    e = "https://zhitu.app/id/e/"
    nodes = {
        e + k: Node(e + k, k, (t,)) for k, t in (("fund", "Investor"), ("a", "Company"), ("b", "Company"))
    }
    rounds = [("a", "10亿美元", 1e9), ("b", "2.5亿元", 2.5e8)]
    edges = tuple(
        Edge(
            f"r{i}", e + "fund", "investsIn", e + o, 0.9, doc=1, attrs=(("amount", text), ("amount_value", v))
        )
        for i, (o, text, v) in enumerate(rounds)
    )
    snap = Snapshot(nodes, edges)
    total = sum(v for *_, v in rounds)
    _, edges_csv = export(snap, "csv", tmp_path / "g.csv")
    with edges_csv.open(encoding="utf-8", newline="") as f:
        assert sum(float(r["amount_value:double"]) for r in csv.DictReader(f)) == total
    G = nx.read_graphml(export(snap, "graphml", tmp_path / "g.graphml")[0])
    assert sum(d["funding_amount_value"] for *_, d in G.edges(data=True)) == total
    G = nx.read_gexf(export(snap, "gexf", tmp_path / "g.gexf")[0])
    assert sum(d["funding_amount_value"] for *_, d in G.edges(data=True)) == total
    data = json.loads(export(snap, "cyjs", tmp_path / "g.cyjs")[0].read_text(encoding="utf-8"))
    assert sum(x["data"]["amount_value"] for x in data["elements"]["edges"]) == total
