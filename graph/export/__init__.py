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
| ``jsonld`` | ``.jsonld`` | JSON-LD tools, with named graphs | streaming writer (:mod:`.jsonld`) |
| ``graphml`` | ``.graphml`` | Gephi, Cytoscape, yEd | networkx |
| ``gexf`` | ``.gexf`` | Gephi (``viz:color``, edge ``kind``) | ElementTree |
| ``csv`` | dir or ``base.csv`` | Neo4j ``neo4j-admin import`` | csv |
| ``cyjs`` | ``.cyjs`` | Cytoscape.js / Cytoscape desktop | json |
| ``html`` | ``.html`` | a browser, offline | vis-network data written by us |

Turtle and N-Triples hold the union of all graphs; TriG, N-Quads and JSON-LD keep the
default graph (entities, documents), one graph per document and the user graph
(see :mod:`graph.rdf`). RDF keeps one assertion per statement; the graph and table
formats write one edge per fact (:mod:`graph.facts`) with its mention count.

Every file is written to a temporary file beside the target and renamed over it when
complete (:mod:`.atomic`): an export that is killed or fails leaves the previous file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.export import rdf_text
from graph.export.atomic import ExportWriteError, atomic_text
from graph.export.html_page import write_html
from graph.export.jsonld import write_jsonld
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
        with atomic_text(out_path) as f:
            fn(snapshot, f)
        return [out_path]

    return write


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
        Format("jsonld", ".jsonld", "JSON-LD (RDF, one graph per document)", _stream(write_jsonld), rdf=True),
        Format("graphml", ".graphml", "GraphML (Gephi, Cytoscape, yEd)", write_graphml),
        Format("gexf", ".gexf", "GEXF 1.2 with viz colours (Gephi)", write_gexf),
        Format("csv", "", "CSV nodes + edges with neo4j-admin import headers", _csv),
        Format("cyjs", ".cyjs", "Cytoscape.js JSON", write_cyjs),
        Format("html", ".html", "Interactive offline HTML page (vis-network)", write_html),
    )
}
ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "json-ld": "jsonld",
    "cytoscape": "cyjs",
    "neo4j": "csv",
    "cyto": "cyjs",
    "htm": "html",
}
# file suffix -> format, for `-o graph.ttl` without `-f`
SUFFIXES: dict[str, str] = {f.suffix: f.name for f in FORMATS.values() if f.suffix}
SUFFIXES.update({".csv": "csv", ".json-ld": "jsonld", ".htm": "html", ".json": "cyjs", ".xml": "graphml"})


class ExportError(ValueError):
    """Unknown format or unusable output path."""


def resolve_format(fmt: str | None, out_path: str | Path | None = None) -> str:
    """The format key for ``fmt`` (a name or alias), or inferred from ``out_path``'s suffix.

    >>> resolve_format("ttl"), resolve_format("NT"), resolve_format(None, "ai.graphml")
    ('turtle', 'ntriples', 'graphml')
    >>> resolve_format(None, "out/")
    Traceback (most recent call last):
    ...
    graph.export.ExportError: cannot tell the format from 'out/': give one of turtle, ntriples, nquads, trig, jsonld, graphml, gexf, csv, cyjs, html
    """
    if fmt:
        key = ALIASES.get(fmt.lower(), fmt.lower())
        if key not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return key
    suffix = Path(str(out_path or "")).suffix.lower()
    if suffix in SUFFIXES and not str(out_path).endswith(("/", "\\")):
        return SUFFIXES[suffix]
    raise ExportError(f"cannot tell the format from {str(out_path)!r}: give one of {', '.join(FORMATS)}")


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def export(
    snapshot: Snapshot,
    fmt: str,
    out_path: str | Path,
    positions: Pos | None = None,
    protect: Iterable[str | Path] = (),
) -> list[Path]:
    """Write ``snapshot`` as ``fmt`` to ``out_path``; returns the files written.

    ``fmt`` is a key of :data:`FORMATS` (or an alias such as ``ttl``, ``nt``, ``json-ld``).
    For ``csv``, ``out_path`` is a directory receiving ``nodes.csv`` and ``edges.csv``, or a
    base name ``NAME.csv`` giving ``NAME_nodes.csv`` and ``NAME_edges.csv``.
    ``positions`` (``{iri: (x, y)}``, e.g. the canvas layout) are written where the
    format has a place for them (GraphML x/y, GEXF viz:position, Cytoscape, HTML).
    ``protect``: files that must never be overwritten (the open graph database);
    :class:`ExportError` if a target is one of them. A target that cannot be written
    raises :class:`~graph.export.atomic.ExportWriteError` naming it.
    """
    key = resolve_format(fmt)
    spec = FORMATS[key]
    path = Path(out_path)
    if path.is_dir() and key != "csv":
        path = path / f"zhitu{spec.suffix}"
    targets = [path]
    if key == "csv":
        from graph.export.tables import csv_paths

        targets = list(csv_paths(path))
    for target in targets:
        for keep in protect:
            if _same_file(target, Path(keep)):
                raise ExportError(f"refusing to export over {target}: it is the open graph database")
    try:
        return spec.write(snapshot, path, positions)
    except ExportWriteError:
        raise
    except OSError as e:  # mkdir of a CSV folder, and the like
        from graph.export.atomic import describe_os_error

        raise ExportWriteError(e.errno or 0, describe_os_error(Path(e.filename or path), e)) from e


__all__ = [
    "ALIASES",
    "FORMATS",
    "SUFFIXES",
    "ExportError",
    "ExportWriteError",
    "Format",
    "export",
    "resolve_format",
]
