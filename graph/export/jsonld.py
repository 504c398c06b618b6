"""JSON-LD of the dataset: default-graph nodes at the top level, one object per named graph.

rdflib's JSON-LD serializer wraps the default graph in an ``@graph`` object without
``@id``, which spec-conformant readers (pyoxigraph, jsonld.js) take as a *blank-node
named graph*: they then find no entity in the default graph. Here the document is::

    {"@context": {...prefixes...},
     "@graph": [ {"@id": entity, ...},            # default graph: entities, documents
                 {"@id": doc IRI, "@graph": [...]},  # what that document asserts
                 {"@id": ztid:graph/user, "@graph": [...]} ]}

Terms use the expanded value forms (``{"@id"}``, ``{"@value", "@language"|"@type"}``), so
no context-dependent coercion can change a value; keys are compact IRIs (``zt:develops``).

>>> import io, json
>>> from graph.model import Edge, Node, Snapshot
>>> snap = Snapshot({"https://zhitu.app/id/a": Node("https://zhitu.app/id/a", "百度", ("Company",))}, ())
>>> buf = io.StringIO()
>>> write_jsonld(snap, buf)
2
>>> json.loads(buf.getvalue())["@graph"][0]["@type"]
['zt:Company']
"""

from __future__ import annotations

import json
import re
from typing import IO, Any

from rdflib import RDF, XSD, Literal, URIRef

from graph.model import Snapshot
from graph.rdf import PREFIXES, iter_quads, safe_iri

_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_VOCAB = [(p, ns) for p, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])) if p != "ztid"]


def _compact(iri: str, cache: dict[str, str]) -> str:
    out = cache.get(iri)
    if out is None:
        out = iri
        for prefix, ns in _VOCAB:
            if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns) :]):
                out = f"{prefix}:{iri[len(ns) :]}"
                break
        cache[iri] = out
    return out


def _value(o: URIRef | Literal) -> dict[str, Any]:
    if isinstance(o, Literal):
        v: dict[str, Any] = {"@value": str(o)}
        if o.language:
            v["@language"] = o.language
        elif o.datatype is not None and o.datatype != XSD.string:
            v["@type"] = str(o.datatype)
        return v
    return {"@id": safe_iri(str(o))}


def write_jsonld(snapshot: Snapshot, out: IO[str]) -> int:
    """Write the dataset as JSON-LD to a text stream; returns the number of quads."""
    cache: dict[str, str] = {}
    graphs: dict[str | None, dict[str, dict[str, Any]]] = {}
    rdf_type = str(RDF.type)
    n = 0
    for s, p, o, g in iter_quads(snapshot):
        n += 1
        nodes = graphs.setdefault(None if g is None else str(g), {})
        sid = safe_iri(str(s))
        node = nodes.get(sid)
        if node is None:
            node = nodes[sid] = {"@id": sid}
        if str(p) == rdf_type and isinstance(o, URIRef):
            node.setdefault("@type", []).append(_compact(str(o), cache))
        else:
            node.setdefault(_compact(str(p), cache), []).append(_value(o))
    top: list[dict[str, Any]] = list(graphs.pop(None, {}).values())
    for name, nodes in graphs.items():
        top.append({"@id": safe_iri(name), "@graph": list(nodes.values())})
    context = {k: v for k, v in PREFIXES.items()}
    json.dump({"@context": context, "@graph": top}, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return n
