"""Streaming Turtle, TriG, N-Triples and N-Quads writers over :func:`graph.rdf.iter_quads`.

rdflib's Turtle serializer needs the whole graph in memory and takes seconds per
100k triples (it sorts and looks for lists); these writers format each term once,
cache IRIs, and group consecutive statements that share a subject (``;``) or a
subject and predicate (``,``), which :func:`graph.rdf.iter_quads` emits together.

Escaping follows the RDF 1.1 grammars: in literals ``"``, ``\\``, newline and
carriage return must be escaped; we also escape every other C0/C1 control
character and U+2028/U+2029 as ``\\uXXXX`` so the file stays one statement per line
and safe to view. IRIs were already percent-encoded by :func:`graph.rdf.safe_iri`;
the writer re-checks once per distinct IRI.

>>> import io
>>> from graph.model import Node, Snapshot
>>> snap = Snapshot({"https://zhitu.app/id/q": Node("https://zhitu.app/id/q", 'say "hi"\\n', ("Person",))}, ())
>>> buf = io.StringIO()
>>> write_ntriples(snap, buf)
2
>>> print(buf.getvalue().splitlines()[1])
<https://zhitu.app/id/q> <http://www.w3.org/2000/01/rdf-schema#label> "say \\"hi\\"\\n"@en .
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from rdflib import RDF, XSD, Literal, URIRef

from graph.model import Snapshot
from graph.rdf import PREFIXES, Quad, iter_quads, iter_triples, safe_iri

_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f"}
_TABLE: dict[int, str] = {c: f"\\u{c:04X}" for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}
_TABLE.update(_ESCAPES)
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f-\x9f\u2028\u2029]')
_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_FLUSH = 4096


def escape_string(text: str) -> str:
    """Body of a ``"..."`` literal in Turtle/N-Triples.

    >>> escape_string('a"b\\\\c\\nd\\x00\\u2028<script>')
    'a\\\\"b\\\\\\\\c\\\\nd\\\\u0000\\\\u2028<script>'
    """
    return text.translate(_TABLE) if _NEEDS_ESCAPE.search(text) else text


class _Formatter:
    """Term -> text, with a cache per distinct IRI (entities recur in many triples)."""

    def __init__(self, prefixed: bool) -> None:
        self.prefixed = prefixed
        self.iris: dict[str, str] = {}
        self.namespaces = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

    def iri(self, u: str) -> str:
        text = self.iris.get(u)
        if text is None:
            text = self.iris[u] = self._iri(u)
        return text

    def _iri(self, u: str) -> str:
        u = str(u)  # URIRef.startswith is a slow Python override
        if self.prefixed:
            for prefix, ns in self.namespaces:
                if u.startswith(ns) and _PN_LOCAL.match(u[len(ns) :]):
                    return f"{prefix}:{u[len(ns) :]}"
        return f"<{safe_iri(u)}>"

    def literal(self, o: Literal) -> str:
        body = '"' + escape_string(o) + '"'
        lang = o.language
        if lang:
            return body + "@" + lang
        dt = o.datatype
        if dt is None or dt == XSD.string:
            return body
        return body + "^^" + self.iri(dt)

    def term(self, o: URIRef | Literal) -> str:
        if isinstance(o, Literal):
            return self.literal(o)
        return self.iri(o)


def _prefix_lines() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"


def _write_grouped(quads: Iterable[Quad], out: IO[str], trig: bool) -> int:
    """Turtle (``trig=False``, graphs ignored) or TriG body, grouping by subject and predicate."""
    f = _Formatter(prefixed=True)
    term, iri = f.term, f.iri
    rdf_type = RDF.type
    buf: list[str] = [_prefix_lines()]
    prev_s = prev_p = prev_g = None
    in_block = False
    n = 0
    for s, p, o, g in quads:
        if trig and (g is not prev_g and g != prev_g or n == 0):
            if n:
                buf.append(" .\n")
            if in_block:
                buf.append("}\n\n")
                in_block = False
            if g is not None:
                buf.append(f"{iri(g)} {{\n")
                in_block = True
            prev_g, prev_s, prev_p = g, None, None
        # identity, not equality: graph.rdf reuses one term object per IRI, and rdflib's
        # __eq__ costs a Python call; a missed match only starts a new (valid) statement
        if s is prev_s:
            if p is prev_p:
                buf.append(" ,\n        " + term(o))
            else:
                buf.append(" ;\n    " + ("a" if p is rdf_type else iri(p)) + " " + term(o))
        else:
            if prev_s is not None:
                buf.append(" .\n\n")
            buf.append(iri(s) + " " + ("a" if p is rdf_type else iri(p)) + " " + term(o))
        prev_s, prev_p = s, p
        n += 1
        if len(buf) >= _FLUSH:
            out.write("".join(buf))
            buf.clear()
    if n:
        buf.append(" .\n")
    if in_block:
        buf.append("}\n")
    out.write("".join(buf))
    return n


def _write_lines(quads: Iterable[Quad], out: IO[str], with_graph: bool) -> int:
    f = _Formatter(prefixed=False)
    term, iri = f.term, f.iri
    buf: list[str] = []
    n = 0
    for s, p, o, g in quads:
        if with_graph and g is not None:
            buf.append(f"{iri(s)} {iri(p)} {term(o)} {iri(g)} .\n")
        else:
            buf.append(f"{iri(s)} {iri(p)} {term(o)} .\n")
        n += 1
        if len(buf) >= _FLUSH:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))
    return n


def write_turtle(snapshot: Snapshot, out: IO[str]) -> int:
    """Write the union graph as Turtle to a text stream; returns the number of triples."""
    return _write_grouped(iter_triples(snapshot), out, trig=False)


def write_trig(snapshot: Snapshot, out: IO[str]) -> int:
    """Write the dataset (default graph, one graph per document, user graph) as TriG; returns quads."""
    return _write_grouped(iter_quads(snapshot), out, trig=True)


def write_ntriples(snapshot: Snapshot, out: IO[str]) -> int:
    """Write the union graph as N-Triples (one triple per line); returns the number of triples."""
    return _write_lines(iter_triples(snapshot), out, with_graph=False)


def write_nquads(snapshot: Snapshot, out: IO[str]) -> int:
    """Write the dataset as N-Quads; returns the number of quads."""
    return _write_lines(iter_quads(snapshot), out, with_graph=True)


def open_text(path: Path) -> IO[str]:
    """UTF-8, ``\\n`` line ends on every OS, 1 MiB buffer."""
    return open(path, "w", encoding="utf-8", newline="\n", errors="replace", buffering=1 << 20)
