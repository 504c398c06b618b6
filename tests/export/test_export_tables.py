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
from graph.model import ENTITY_TYPES, Snapshot
from graph.rdf import clean_text

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return XML_ILLEGAL.sub("", clean_text(text)).replace("\x7f", "")


def test_palette_covers_every_type() -> None:
    pal = load_palette()
    for t in (*ENTITY_TYPES, "Document", "FundingRound"):
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", pal["types"][t]), t
    assert color_for(("Nope", "AIModel")) == pal["types"]["AIModel"]


def test_graphml(hostile: Snapshot, tmp_path: Path) -> None:
    (out,) = export(hostile, "graphml", tmp_path / "g.graphml")
    G = nx.read_graphml(out)
    assert G.number_of_nodes() == len(hostile.nodes)
    assert G.number_of_edges() == len(hostile.edges)
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
    assert "\x00" not in out.read_text(encoding="utf-8")


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
    assert G.number_of_nodes() == len(hostile.nodes) and G.number_of_edges() == len(hostile.edges)
    d = G.nodes["https://zhitu.app/id/e/ernie"]
    r, g, b = rgb(color_for(("AIModel",)))
    assert d["viz"]["color"]["r"] == r and d["viz"]["color"]["g"] == g and d["viz"]["color"]["b"] == b
    assert d["viz"]["position"]["x"] == 1.5
    assert d["types"] == "AIModel"
    labels = {d["label"] for _, d in G.nodes(data=True)}
    for name in HOSTILE_NAMES:
        assert _xml(name) in labels
    ids = {d["id"] for *_, d in G.edges(data=True)}
    assert ids == {e.id for e in hostile.edges}


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
    assert len(erows) == len(hostile.edges)
    r2 = next(r for r in erows if r["id"] == "r2")
    assert r2[":TYPE"] == "investsIn" and r2["lead:boolean"] == "true" and r2["round"] == "A轮"
    assert r2["document"] == "report <1>.txt" and float(r2["confidence:float"]) == 0.75
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
    assert len(nodes) == len(hostile.nodes) and len(edges) == len(hostile.edges)
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
