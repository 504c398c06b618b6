"""Tabular and JSON exports: neo4j-admin CSV, Cytoscape.js JSON, GraphML and GEXF.

All text goes through :func:`xml_safe` (XML formats) or :func:`one_line` (CSV), so a
hostile name comes out as inert data: quotes and ``<script>`` are escaped by the
csv/json/XML writers, and characters XML 1.0 forbids (``\\x00``, ``\\x1f``...) are removed.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from graph.export.palette import color_for, edge_color, rgb
from graph.model import FUNDING_KEYS, Edge, Snapshot
from graph.rdf import clean_text, local_name

Pos = dict[str, tuple[float, float]]

# XML 1.0 Char production, minus the discouraged C1 controls
_XML_BAD = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def xml_safe(text: Any) -> str:
    """Text that any XML 1.0 writer and parser accepts: forbidden characters removed.

    >>> xml_safe("a\\x00b\\x1fc\\u2028d\\ud800")
    'abc\\u2028d'
    """
    text = str(text)
    return _XML_BAD.sub("", text) if _XML_BAD.search(text) else text


def one_line(text: Any) -> str:
    """Control characters (newlines included) -> one space, so each CSV record is one line.

    >>> one_line("a\\nb\\x00c")
    'a b c'
    """
    text = clean_text(str(text))
    return _CONTROL.sub(" ", text) if _CONTROL.search(text) else text


def _doc_names(snapshot: Snapshot) -> dict[int, str]:
    return {d.id: d.name for d in snapshot.documents}


def lead_flag(value: Any) -> bool | None:
    """Normalise a ``lead`` qualifier (bool, "true", "领投", "跟投"...) to a bool."""
    if value is None or value == "" or isinstance(value, bool):
        return value if isinstance(value, bool) else None
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "y", "lead", "领投"):
        return True
    if text in ("false", "0", "no", "n", "follow", "跟投"):
        return False
    return None


def _funding(e: Edge) -> dict[str, Any]:
    """Funding qualifiers of an edge, ``lead`` as a bool, the others as strings."""
    out: dict[str, Any] = {}
    for k, v in e.attrs:
        if k not in FUNDING_KEYS or v is None or v == "":
            continue
        if k == "lead":
            flag = lead_flag(v)
            if flag is not None:
                out[k] = flag
        else:
            out[k] = str(v)
    return out


# --- neo4j-admin CSV ------------------------------------------------------------------

NODE_FIXED = ["iri:ID", "label", ":LABEL", "aliases:string[]", "docs:int[]", "color"]
EDGE_HEADER = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "id",
    "confidence:float",
    "doc:int",
    "document",
    "year:int",
    "origin",
    "evidence",
    "round",
    "amount",
    "currency",
    "date",
    "lead:boolean",
]


def csv_paths(out_path: Path) -> tuple[Path, Path]:
    """Where the CSV export goes.

    A path ending in ``.csv`` is a base name: ``out/graph.csv`` -> ``out/graph_nodes.csv``
    and ``out/graph_edges.csv``. Anything else is a directory (created if needed) that
    receives ``nodes.csv`` and ``edges.csv``.

    >>> [p.as_posix() for p in csv_paths(Path("out/graph.csv"))]
    ['out/graph_nodes.csv', 'out/graph_edges.csv']
    >>> [p.as_posix() for p in csv_paths(Path("out"))]
    ['out/nodes.csv', 'out/edges.csv']
    """
    if out_path.suffix.lower() == ".csv":
        stem = out_path.with_suffix("")
        return stem.with_name(stem.name + "_nodes.csv"), stem.with_name(stem.name + "_edges.csv")
    return out_path / "nodes.csv", out_path / "edges.csv"


def _array(items: Any) -> str:
    # neo4j-admin has no escape for the array delimiter: a ';' inside an element becomes '；'
    return ";".join(one_line(x).replace(";", "；") for x in items)


def write_csv(snapshot: Snapshot, out_path: Path) -> list[Path]:
    """``nodes.csv`` + ``edges.csv`` with neo4j-admin import headers (see :func:`csv_paths`).

    Import with::

        neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv neo4j

    Labels (``:LABEL``) are the entity types, ``;``-separated; relationship types are the
    predicate names. Text is one line per record (control characters become spaces).
    """
    nodes_path, edges_path = csv_paths(out_path)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    attr_cols: dict[str, str] = {}  # attr key -> column header
    taken = {h.split(":")[0] for h in NODE_FIXED}
    for n in snapshot.nodes.values():
        for key, _ in n.attrs:
            if key not in attr_cols:
                col = local_name(key)
                while col in taken:
                    col = "attr_" + col
                taken.add(col)
                attr_cols[key] = col
    with nodes_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(NODE_FIXED + list(attr_cols.values()))
        for n in snapshot.nodes.values():
            attrs = dict(n.attrs)
            w.writerow(
                [
                    one_line(n.iri),
                    one_line(n.label),
                    _array(t for t in n.types if t),
                    _array(n.aliases),
                    ";".join(str(d) for d in n.docs),
                    color_for(n.types),
                    *(one_line(attrs.get(k, "")) for k in attr_cols),
                ]
            )
    names = _doc_names(snapshot)
    nodes = snapshot.nodes
    with edges_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(EDGE_HEADER)
        for e in snapshot.edges:
            if e.s not in nodes or e.o not in nodes:
                continue  # neo4j-admin would reject a dangling edge
            fund = _funding(e)
            lead = fund.get("lead")
            w.writerow(
                [
                    one_line(e.s),
                    one_line(e.o),
                    one_line(e.p),
                    one_line(e.id),
                    repr(float(e.confidence)),
                    "" if e.doc is None else e.doc,
                    one_line(names.get(e.doc, "")) if e.doc is not None else "",
                    "" if e.year is None else e.year,
                    e.origin,
                    one_line(e.evidence),
                    one_line(fund.get("round", "")),
                    one_line(fund.get("amount", "")),
                    one_line(fund.get("currency", "")),
                    one_line(fund.get("date", "")),
                    "" if lead is None else str(lead).lower(),
                ]
            )
    return [nodes_path, edges_path]


# --- Cytoscape.js JSON ----------------------------------------------------------------


def cyjs_dict(snapshot: Snapshot, positions: Pos | None = None) -> dict[str, Any]:
    """``{"elements": {"nodes": [{"data": {...}, "position"?: {...}}], "edges": [...]}}``.

    Loadable by ``cytoscape({elements: ...})`` and by Cytoscape desktop (File > Import >
    Network from File, ``.cyjs``).
    """
    names = _doc_names(snapshot)
    nodes_out = []
    for n in snapshot.nodes.values():
        item: dict[str, Any] = {
            "data": {
                "id": clean_text(n.iri),
                "label": clean_text(n.label),
                "name": clean_text(n.label),
                "type": n.type,
                "types": list(n.types),
                "aliases": [clean_text(a) for a in n.aliases],
                "attrs": {clean_text(k): clean_text(str(v)) for k, v in n.attrs},
                "docs": list(n.docs),
                "color": color_for(n.types),
            }
        }
        if positions and n.iri in positions:
            x, y = positions[n.iri]
            item["position"] = {"x": float(x), "y": float(y)}
        nodes_out.append(item)
    edges_out = []
    for e in snapshot.edges:
        if e.s not in snapshot.nodes or e.o not in snapshot.nodes:
            continue
        data: dict[str, Any] = {
            "id": clean_text(e.id),
            "source": clean_text(e.s),
            "target": clean_text(e.o),
            "label": e.p,
            "predicate": e.p,
            "confidence": float(e.confidence),
            "doc": e.doc,
            "document": names.get(e.doc, "") if e.doc is not None else "",
            "year": e.year,
            "origin": e.origin,
            "evidence": clean_text(e.evidence),
            "color": edge_color(e.p),
        }
        for k, v in _funding(e).items():
            data[k] = v if isinstance(v, bool) else clean_text(v)
        edges_out.append({"data": data})
    return {
        "format_version": "1.0",
        "generated_by": "zhitu",
        "elements": {"nodes": nodes_out, "edges": edges_out},
    }


def write_cyjs(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    # ensure_ascii keeps U+2028/U+2029 escaped too, so the file is also safe to paste into JS
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8") as f:
        json.dump(cyjs_dict(snapshot, positions), f, ensure_ascii=True, indent=1)
    return [out_path]


# --- GraphML / GEXF via networkx -----------------------------------------------------


def export_graph(snapshot: Snapshot, positions: Pos | None = None, viz: bool = False) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` with only XML-safe scalar attributes (what GraphML/GEXF can hold).

    Nodes: ``label``, ``type``, ``types`` and ``aliases`` (``;``-joined), ``color`` (hex) and
    ``r``/``g``/``b`` (Gephi reads these from GraphML), ``x``/``y`` when positions are given,
    ``docs``. With ``viz=True`` (GEXF) colours and positions go in ``viz`` instead.
    Edges (key ``Edge.id``): ``label`` and ``predicate``, ``confidence`` and ``weight``,
    ``doc``/``document``, ``year``, ``origin``, ``evidence``, funding keys.
    """
    G = nx.MultiDiGraph()
    for n in snapshot.nodes.values():
        color = color_for(n.types)
        r, g, b = rgb(color)
        attrs: dict[str, Any] = {
            "label": xml_safe(n.label),
            "type": xml_safe(n.type),
            "types": xml_safe(";".join(n.types)),
            "aliases": xml_safe(";".join(n.aliases)),
            "docs": ";".join(str(d) for d in n.docs),
        }
        for key, value in n.attrs:
            name = "attr_" + local_name(key)
            attrs[name] = xml_safe(value)
        pos = positions.get(n.iri) if positions else None
        if viz:
            attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": 10.0}
            if pos:
                attrs["viz"]["position"] = {"x": float(pos[0]), "y": float(pos[1]), "z": 0.0}
            attrs["color"] = color
        else:
            attrs.update(color=color, r=r, g=g, b=b)
            if pos:
                attrs.update(x=float(pos[0]), y=float(pos[1]))
        G.add_node(xml_safe(n.iri), **attrs)
    names = _doc_names(snapshot)
    for e in snapshot.edges:
        if e.s not in snapshot.nodes or e.o not in snapshot.nodes:
            continue
        data: dict[str, Any] = {
            "label": e.p,
            "predicate": xml_safe(e.p),
            "confidence": float(e.confidence),
            "weight": float(e.confidence),
            "origin": e.origin,
            "evidence": xml_safe(e.evidence),
            "color": edge_color(e.p),
        }
        if e.doc is not None:
            data["doc"] = int(e.doc)
            data["document"] = xml_safe(names.get(e.doc, ""))
        if e.year is not None:
            data["year"] = int(e.year)
        for k, v in _funding(e).items():
            data["funding_" + k] = v if isinstance(v, bool) else xml_safe(v)
        if viz:  # the GEXF writer numbers edges itself unless given an id
            data["id"] = xml_safe(e.id)
        G.add_edge(xml_safe(e.s), xml_safe(e.o), key=xml_safe(e.id), **data)
    return G


def write_graphml(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(export_graph(snapshot, positions), out_path, encoding="utf-8", named_key_ids=True)
    return [out_path]


def write_gexf(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(export_graph(snapshot, positions, viz=True), out_path, encoding="utf-8", version="1.2draft")
    return [out_path]
