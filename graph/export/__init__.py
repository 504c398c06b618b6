"""Export a :class:`~graph.model.Snapshot` to the tools researchers already use.

>>> import tempfile, pathlib
>>> from graph.model import Node, Snapshot
>>> snap = Snapshot({"https://zhitu.app/id/a": Node("https://zhitu.app/id/a", "百度", ("Company",))}, ())
>>> out = pathlib.Path(tempfile.mkdtemp()) / "g.ttl"
>>> [p.name for p in export(snap, "turtle", out)]
['g.ttl']
>>> sorted(FORMATS)[:4]
['csv', 'cyjs', 'gexf', 'graphml']

| name | file | for | written by |
|---|---|---|---|
| ``turtle`` | ``.ttl`` | Protégé, GraphDB | streaming writer (:mod:`.rdf_text`) |
| ``ntriples`` | ``.nt`` | any RDF store | streaming writer |
| ``nquads`` | ``.nq`` | RDF stores, keeps per-document graphs | streaming writer |
| ``trig`` | ``.trig`` | GraphDB, keeps per-document graphs | streaming writer |
| ``jsonld`` | ``.jsonld`` | JSON-LD tools, with named graphs | rdflib |
| ``graphml`` | ``.graphml`` | Gephi, Cytoscape, yEd | networkx |
| ``gexf`` | ``.gexf`` | Gephi (``viz:color``) | networkx |
| ``csv`` | dir or ``base.csv`` | Neo4j ``neo4j-admin import`` | csv |
| ``cyjs`` | ``.cyjs`` | Cytoscape.js / Cytoscape desktop | json |
| ``html`` | ``.html`` | a browser, offline | pyvis |

Turtle and N-Triples hold the union of all graphs; TriG, N-Quads and JSON-LD keep the
default graph (entities, documents), one graph per document and the user graph
(see :mod:`graph.rdf`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.export import rdf_text
from graph.export.html_page import write_html
from graph.export.tables import write_csv, write_cyjs, write_gexf, write_graphml
from graph.model import Snapshot

Pos = dict[str, tuple[float, float]]


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str  # default file suffix ("" for the CSV directory)
    description: str
    write: Callable[[Snapshot, Path, Pos | None], list[Path]]
    rdf: bool = False


def _stream(fn: Callable[[Snapshot, Any], int]) -> Callable[[Snapshot, Path, Pos | None], list[Path]]:
    def write(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with rdf_text.open_text(out_path) as f:
            fn(snapshot, f)
        return [out_path]

    return write


def _jsonld(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    from graph.rdf import PREFIXES, build_dataset

    out_path.parent.mkdir(parents=True, exist_ok=True)
    data = build_dataset(snapshot).serialize(
        format="json-ld", context=dict(PREFIXES), indent=1, ensure_ascii=False
    )
    # lone surrogates were cleaned in graph.rdf; errors="replace" is belt and braces
    out_path.write_text(data, encoding="utf-8", errors="replace")
    return [out_path]


def _csv(snapshot: Snapshot, out_path: Path, positions: Pos | None = None) -> list[Path]:
    return write_csv(snapshot, out_path)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "turtle", ".ttl", "Turtle (RDF, union of all graphs)", _stream(rdf_text.write_turtle), rdf=True
        ),
        Format(
            "ntriples",
            ".nt",
            "N-Triples (RDF, union of all graphs)",
            _stream(rdf_text.write_ntriples),
            rdf=True,
        ),
        Format(
            "nquads", ".nq", "N-Quads (RDF, one graph per document)", _stream(rdf_text.write_nquads), rdf=True
        ),
        Format("trig", ".trig", "TriG (RDF, one graph per document)", _stream(rdf_text.write_trig), rdf=True),
        Format("jsonld", ".jsonld", "JSON-LD (RDF, one graph per document)", _jsonld, rdf=True),
        Format("graphml", ".graphml", "GraphML (Gephi, Cytoscape, yEd)", write_graphml),
        Format("gexf", ".gexf", "GEXF 1.2 with viz colours (Gephi)", write_gexf),
        Format("csv", "", "CSV nodes + edges with neo4j-admin import headers", _csv),
        Format("cyjs", ".cyjs", "Cytoscape.js JSON", write_cyjs),
        Format("html", ".html", "Interactive offline HTML page (pyvis)", write_html),
    )
}
ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "json-ld": "jsonld",
    "cytoscape": "cyjs",
    "neo4j": "csv",
}


class ExportError(ValueError):
    """Unknown format or unusable output path."""


def export(snapshot: Snapshot, fmt: str, out_path: str | Path, positions: Pos | None = None) -> list[Path]:
    """Write ``snapshot`` as ``fmt`` to ``out_path``; returns the files written.

    ``fmt`` is a key of :data:`FORMATS` (or an alias such as ``ttl``, ``nt``, ``json-ld``).
    For ``csv``, ``out_path`` is a directory receiving ``nodes.csv`` and ``edges.csv``, or a
    base name ``NAME.csv`` giving ``NAME_nodes.csv`` and ``NAME_edges.csv``.
    ``positions`` (``{iri: (x, y)}``, e.g. the canvas layout) are written where the
    format has a place for them (GraphML x/y, GEXF viz:position, Cytoscape, HTML).
    """
    key = ALIASES.get(fmt.lower(), fmt.lower())
    spec = FORMATS.get(key)
    if spec is None:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(out_path)
    if path.is_dir() and key != "csv":
        path = path / f"zhitu{spec.suffix}"
    return spec.write(snapshot, path, positions)


__all__ = ["ALIASES", "FORMATS", "ExportError", "Format", "export"]
