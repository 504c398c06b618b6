"""Tabular and JSON exports: neo4j-admin CSV, Cytoscape.js JSON, GraphML and GEXF.

Edges are one per *fact* (:func:`graph.facts.group_facts`): a relation stated in three
sentences is one edge with ``mentions`` = 3, the strongest confidence, the first
evidence and the list of all evidence. Funding rounds carry the amount as stated and
as a number (``amount_value``, in units of ``currency``) so that a spreadsheet, Gephi
or Cytoscape can add them up.

All text goes through :func:`xml_safe` (XML formats) or :func:`csv_cell` (CSV), so a
hostile name comes out as inert data: quotes and ``<script>`` are escaped by the
csv/json/XML writers, characters XML 1.0 forbids (``\\x00``, ``\\x1f``...) are removed,
and a CSV cell that a spreadsheet would run as a formula gets a leading ``'``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from graph.export.atomic import atomic_binary, atomic_files, atomic_text
from graph.export.palette import color_for, edge_color, rgb
from graph.facts import Fact, group_facts
from graph.model import FUNDING_KEYS, Snapshot
from graph.rdf import amount_number, clean_text, local_name

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


def funding(fact: Fact) -> dict[str, Any]:
    """Funding qualifiers of a fact: ``lead`` as a bool, ``amount_value`` as a float
    (the number in units of ``currency``, when known), the others as strings.

    >>> from graph.model import Edge
    >>> f = group_facts([Edge("r1", "a", "investsIn", "b", 0.9, attrs=(("amount", "10亿美元"),
    ...     ("amount_value", 1e9), ("currency", "USD"), ("lead", "领投")))])[0]
    >>> funding(f)
    {'amount': '10亿美元', 'currency': 'USD', 'lead': True, 'amount_value': 1000000000.0}
    """
    attrs = fact.attrs
    out: dict[str, Any] = {}
    for k in FUNDING_KEYS:
        v = attrs.get(k)
        if v is None or v == "":
            continue
        if k == "lead":
            flag = lead_flag(v)
            if flag is not None:
                out[k] = flag
        else:
            out[k] = str(v)
    number = amount_number(attrs) if fact.p == "investsIn" or "amount" in out else None
    if number is not None:
        out["amount_value"] = float(number)
    return out


def export_facts(snapshot: Snapshot) -> list[Fact]:
    """One :class:`~graph.facts.Fact` per (s, p, o) whose two ends are in the snapshot."""
    nodes = snapshot.nodes
    return group_facts(e for e in snapshot.edges if e.s in nodes and e.o in nodes)


def evidence_list(fact: Fact, names: dict[int, str]) -> list[dict[str, Any]]:
    """Every statement behind a fact: ``[{"id", "doc", "document", "confidence", "text"}]``."""
    return [
        {
            "id": e.id,
            "doc": e.doc,
            "document": names.get(e.doc, "") if e.doc is not None else "",
            "confidence": float(e.confidence),
            "text": clean_text(e.evidence),
        }
        for e in fact.edges
    ]


def first_evidence(fact: Fact) -> str:
    """The evidence of the strongest statement that has one."""
    for e in sorted(fact.edges, key=lambda e: -e.confidence):
        if e.evidence:
            return e.evidence
    return ""


# --- neo4j-admin CSV ------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: Any) -> str:
    """A CSV text cell: one line, and inert in a spreadsheet.

    A cell starting with ``= + - @`` (or tab/CR) is read as a formula by Excel, Calc and
    Sheets (``=HYPERLINK(...)``, ``@SUM(...)``); OWASP's advice is a leading ``'``.

    >>> csv_cell("=1+1"), csv_cell("-2"), csv_cell("@SUM(A1)"), csv_cell("百度\\n公司")
    ("'=1+1", "'-2", "'@SUM(A1)", '百度 公司')
    """
    text = one_line(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


NODE_FIXED = ["iri:ID", "label", ":LABEL", "aliases:string[]", "docs:int[]", "color"]
EDGE_HEADER = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "id",
    "confidence:float",
    "mentions:int",
    "docs:int[]",
    "documents:string[]",
    "year:int",
    "origin",
    "evidence",
    "evidence_all",
    "round",
    "amount",
    "amount_value:double",
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
    return ";".join(csv_cell(x).replace(";", "；") for x in items)


def write_csv(snapshot: Snapshot, out_path: Path) -> list[Path]:
    """``nodes.csv`` + ``edges.csv`` with neo4j-admin import headers (see :func:`csv_paths`).

    Import with::

        neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv neo4j

    Labels (``:LABEL``) are the entity types, ``;``-separated; relationship types are the
    predicate names, one relationship per fact (``mentions``, ``evidence`` of the strongest
    statement, ``evidence_all`` a JSON list of every statement). ``amount_value`` is the
    round's amount as a number. Text is one line per record (control characters become
    spaces). Both files are written to temporary files and renamed together at the end.
    """
    nodes_path, edges_path = csv_paths(out_path)
    if out_path.suffix.lower() != ".csv":
        out_path.mkdir(parents=True, exist_ok=True)
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
    names = _doc_names(snapshot)
    with atomic_files([nodes_path, edges_path], newline="") as (fn, fe):
        w = csv.writer(fn)
        w.writerow(NODE_FIXED + list(attr_cols.values()))
        for n in snapshot.nodes.values():
            attrs = dict(n.attrs)
            w.writerow(
                [
                    one_line(n.iri),
                    csv_cell(n.label),
                    _array(t for t in n.types if t),
                    _array(n.aliases),
                    ";".join(str(d) for d in n.docs),
                    color_for(n.types),
                    *(csv_cell(attrs.get(k, "")) for k in attr_cols),
                ]
            )
        w = csv.writer(fe)
        w.writerow(EDGE_HEADER)
        for f in export_facts(snapshot):  # dangling edges dropped: neo4j-admin would reject them
            fund = funding(f)
            lead = fund.get("lead")
            amount = fund.get("amount_value")
            w.writerow(
                [
                    one_line(f.s),
                    one_line(f.o),
                    one_line(f.p),
                    one_line(f.id),
                    repr(float(f.confidence)),
                    f.count,
                    ";".join(str(d) for d in f.docs),
                    _array(names.get(d, "") for d in f.docs),
                    "" if f.year is None else f.year,
                    f.origin,
                    csv_cell(first_evidence(f)),
                    csv_cell(json.dumps([x["text"] for x in evidence_list(f, names)], ensure_ascii=False)),
                    csv_cell(fund.get("round", "")),
                    csv_cell(fund.get("amount", "")),
                    "" if amount is None else repr(amount),
                    csv_cell(fund.get("currency", "")),
                    csv_cell(fund.get("date", "")),
                    "" if lead is None else str(lead).lower(),
                ]
            )
    return [nodes_path, edges_path]


# --- Cytoscape.js JSON ----------------------------------------------------------------


def cyjs_dict(snapshot: Snapshot, positions: Pos | None = None) -> dict[str, Any]:
    """``{"elements": {"nodes": [{"data": {...}, "position"?: {...}}], "edges": [...]}}``.

    Loadable by ``cytoscape({elements: ...})`` and by Cytoscape desktop (File > Import >
    Network from File, ``.cyjs``). Attributes are flat scalars (Cytoscape desktop drops
    nested objects): entity attributes as ``attr_<name>``, lists ``;``-joined besides the
    JSON arrays that cytoscape.js reads. Edges carry ``interaction`` = the predicate
    (Cytoscape's edge type column), ``mentions`` and ``amount_value`` as numbers.
    """
    names = _doc_names(snapshot)
    nodes_out = []
    for n in snapshot.nodes.values():
        data: dict[str, Any] = {
            "id": clean_text(n.iri),
            "label": clean_text(n.label),
            "name": clean_text(n.label),
            "type": n.type,
            "types": ";".join(n.types),
            "aliases": ";".join(clean_text(a) for a in n.aliases),
            "docs": ";".join(str(d) for d in n.docs),
            "color": color_for(n.types),
        }
        for k, v in n.attrs:
            data.setdefault("attr_" + local_name(k), clean_text(str(v)))
        item: dict[str, Any] = {"data": data}
        if positions and n.iri in positions:
            x, y = positions[n.iri]
            item["position"] = {"x": float(x), "y": float(y)}
        nodes_out.append(item)
    edges_out = []
    for f in export_facts(snapshot):
        ev = evidence_list(f, names)
        edata: dict[str, Any] = {
            "id": clean_text(f.id),
            "source": clean_text(f.s),
            "target": clean_text(f.o),
            "label": f.p,
            "interaction": f.p,
            "predicate": f.p,
            "confidence": float(f.confidence),
            "mentions": f.count,
            "docs": ";".join(str(d) for d in f.docs),
            "documents": ";".join(clean_text(names.get(d, "")) for d in f.docs),
            "year": f.year,
            "origin": f.origin,
            "evidence": clean_text(first_evidence(f)),
            "evidence_all": json.dumps([x["text"] for x in ev], ensure_ascii=False),
            "color": edge_color(f.p),
        }
        for k, v in funding(f).items():
            edata[k] = v if isinstance(v, bool | float) else clean_text(v)
        edges_out.append({"data": edata})
    return {
        "format_version": "1.0",
        "generated_by": "zhitu",
        "data": {"name": "zhitu"},
        "elements": {"nodes": nodes_out, "edges": edges_out},
    }


def write_cyjs(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    # ensure_ascii keeps U+2028/U+2029 escaped too, so the file is also safe to paste into JS
    data = cyjs_dict(snapshot, positions)
    with atomic_text(out_path) as f:
        json.dump(data, f, ensure_ascii=True, indent=1)
    return [out_path]


# --- GraphML via networkx, GEXF by hand ----------------------------------------------


def _edge_attrs(f: Fact, names: dict[int, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "label": f.p,
        "predicate": xml_safe(f.p),
        "confidence": float(f.confidence),
        "weight": float(f.count),
        "mentions": int(f.count),
        "origin": f.origin,
        "evidence": xml_safe(first_evidence(f)),
        "evidence_all": xml_safe(
            json.dumps([x["text"] for x in evidence_list(f, names)], ensure_ascii=False)
        ),
        "color": edge_color(f.p),
    }
    if f.docs:
        data["docs"] = ";".join(str(d) for d in f.docs)
        data["documents"] = xml_safe(";".join(names.get(d, "") for d in f.docs))
    if f.year is not None:
        data["year"] = int(f.year)
    for k, v in funding(f).items():
        data["funding_" + k] = v if isinstance(v, bool | float) else xml_safe(v)
    return data


def _node_attrs(n: Any) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "label": xml_safe(n.label),
        "type": xml_safe(n.type),
        "types": xml_safe(";".join(n.types)),
        "aliases": xml_safe(";".join(n.aliases)),
        "docs": ";".join(str(d) for d in n.docs),
        "color": color_for(n.types),
    }
    for key, value in n.attrs:
        attrs["attr_" + local_name(key)] = xml_safe(value)
    return attrs


def export_graph(snapshot: Snapshot, positions: Pos | None = None) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` with only XML-safe scalar attributes (what GraphML can hold).

    Nodes: ``label``, ``type``, ``types`` and ``aliases`` (``;``-joined), ``color`` (hex) and
    ``r``/``g``/``b`` (Gephi reads these from GraphML), ``x``/``y`` when positions are given,
    ``docs``. Edges, one per fact (key = the fact's first statement id): ``label`` and
    ``predicate``, ``confidence``, ``mentions`` (also as ``weight``), ``docs``/``documents``,
    ``year``, ``origin``, ``evidence`` and ``evidence_all``, ``funding_*`` with the numeric
    ``funding_amount_value``.
    """
    G = nx.MultiDiGraph(name="zhitu")
    for n in snapshot.nodes.values():
        attrs = _node_attrs(n)
        r, g, b = rgb(attrs["color"])
        attrs.update(r=r, g=g, b=b)
        pos = positions.get(n.iri) if positions else None
        if pos:
            attrs.update(x=float(pos[0]), y=float(pos[1]))
        G.add_node(xml_safe(n.iri), **attrs)
    names = _doc_names(snapshot)
    for f in export_facts(snapshot):
        G.add_edge(xml_safe(f.s), xml_safe(f.o), key=xml_safe(f.id), **_edge_attrs(f, names))
    return G


def write_graphml(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    """GraphML; key ids are ``d0``, ``d1``... so a node and an edge attribute of the same
    name (``label``, ``color``) get distinct ids, as the GraphML schema requires."""
    G = export_graph(snapshot, positions)
    with atomic_binary(out_path) as f:
        nx.write_graphml(G, f, encoding="utf-8", named_key_ids=False)
    return [out_path]


GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_VIZ = "http://www.gexf.net/1.2draft/viz"


def _gexf_type(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _gexf_value(v: Any) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def write_gexf(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    """GEXF 1.2draft for Gephi: ``viz`` colours, sizes and positions, typed attributes.

    Written with ElementTree rather than networkx, whose writer leaves ``name=""`` on the
    graph (invalid in the schema), adds a ``networkx_key`` column for multigraphs and
    cannot set an edge's ``kind``: here ``kind`` is the predicate, so Gephi keeps two
    relations between the same pair apart.
    """
    import xml.etree.ElementTree as ET

    names = _doc_names(snapshot)
    node_rows = []
    for n in snapshot.nodes.values():
        attrs = _node_attrs(n)
        label = attrs.pop("label")
        color = attrs["color"]
        node_rows.append((n.iri, label, color, attrs))
    facts = export_facts(snapshot)
    edge_rows = []
    for f in facts:
        attrs = _edge_attrs(f, names)
        attrs.pop("label")
        attrs.pop("weight")
        edge_rows.append((f, attrs))

    def declare(parent: ET.Element, cls: str, rows: list[dict[str, Any]]) -> dict[str, str]:
        values: dict[str, list[Any]] = {}
        for attrs in rows:
            for k, v in attrs.items():
                values.setdefault(k, []).append(v)
        el = ET.SubElement(parent, "attributes", {"class": cls, "mode": "static"})
        ids = {}
        for i, (k, vs) in enumerate(values.items()):
            ids[k] = f"{cls[0]}{i}"
            ET.SubElement(el, "attribute", {"id": ids[k], "title": k, "type": _gexf_type(vs)})
        return ids

    def attvalues(parent: ET.Element, ids: dict[str, str], attrs: dict[str, Any]) -> None:
        if attrs:
            av = ET.SubElement(parent, "attvalues")
            for k, v in attrs.items():
                ET.SubElement(av, "attvalue", {"for": ids[k], "value": _gexf_value(v)})

    root = ET.Element("gexf", {"xmlns": GEXF_NS, "xmlns:viz": GEXF_VIZ, "version": "1.2"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "zhitu"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static", "name": "zhitu"})
    node_ids = declare(graph, "node", [a for *_, a in node_rows])
    edge_ids = declare(graph, "edge", [a for _, a in edge_rows])
    nodes_el = ET.SubElement(graph, "nodes")
    for iri, label, color, attrs in node_rows:
        el = ET.SubElement(nodes_el, "node", {"id": xml_safe(iri), "label": label})
        attvalues(el, node_ids, attrs)
        r, g, b = rgb(color)
        ET.SubElement(el, "viz:color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
        ET.SubElement(el, "viz:size", {"value": "10.0"})
        pos = positions.get(iri) if positions else None
        if pos:
            ET.SubElement(
                el, "viz:position", {"x": repr(float(pos[0])), "y": repr(float(pos[1])), "z": "0.0"}
            )
    edges_el = ET.SubElement(graph, "edges")
    for f, attrs in edge_rows:
        el = ET.SubElement(
            edges_el,
            "edge",
            {
                "id": xml_safe(f.id),
                "source": xml_safe(f.s),
                "target": xml_safe(f.o),
                "label": f.p,
                "kind": f.p,
                "weight": repr(float(f.count)),
            },
        )
        attvalues(el, edge_ids, attrs)
    tree = ET.ElementTree(root)
    ET.indent(tree, space=" ")
    with atomic_binary(out_path) as fh:
        tree.write(fh, encoding="utf-8", xml_declaration=True)
    return [out_path]
