"""A team graph on a SPARQL server: push over the Graph Store Protocol, query read-only.

This is the only module that talks to a network, and only to the URL the user names
(stdlib ``urllib``; nothing runs at import time).

* :func:`push` sends the graph to a SPARQL 1.1 Graph Store Protocol endpoint
  (Oxigraph ``http://host:7878/store``, Fuseki ``http://host:3030/ds/data``, GraphDB
  ``http://host:7200/repositories/R/rdf-graphs/service``): one named graph per
  document (named by the document's IRI, see :mod:`graph.rdf`), the user graph, and
  the default graph with the entity and document descriptions. Each graph is sent
  as N-Triples with ``PUT`` (which replaces it) only when its content differs from
  what was last pushed to that endpoint; graphs of documents that are gone (or whose
  content changed, which changes their IRI) are ``DELETE``\\ d. What was pushed is
  recorded per endpoint in the graph file (table ``remote_pushes``).
* :func:`query` runs a read-only query on a SPARQL endpoint (Oxigraph
  ``http://host:7878/query``) with the guards of local ``zhitu query``: updates and
  ``SERVICE`` are refused before anything is sent.

>>> from graph.store import Store                                            # doctest: +SKIP
>>> with Store("ai.db", readonly=True) as st:                                # doctest: +SKIP
...     report = push(st, "http://127.0.0.1:7878/store")
>>> query("http://127.0.0.1:7878/query", "ASK { ?s a zt:Company }")          # doctest: +SKIP
True
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph

from graph.rdf import PREFIXES, iter_quads
from graph.sparql import QueryResult, SelectResult, SparqlError

TIMEOUT = 120.0  # seconds for one HTTP request (a large document graph, a slow query)
DEFAULT = "default"  # key of the default graph in the push record

PUSH_DDL = """
CREATE TABLE IF NOT EXISTS remote_pushes (
    endpoint TEXT NOT NULL,   -- the Graph Store URL as given
    graph TEXT NOT NULL,      -- a named graph IRI, or 'default'
    sha256 TEXT NOT NULL,     -- of the sorted N-Triples lines sent
    triples INTEGER NOT NULL,
    pushed_at TEXT NOT NULL,
    PRIMARY KEY (endpoint, graph)
) WITHOUT ROWID;
"""


class RemoteError(Exception):
    """The server could not be reached or answered with an error; str() says which and why."""


@dataclass
class PushReport:
    endpoint: str
    sent: list[str] = field(default_factory=list)  # graphs PUT (named IRIs, or 'default')
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    triples_sent: int = 0


# -- HTTP ---------------------------------------------------------------------------------


def _check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteError(f"not an http(s) URL: {url!r} (e.g. http://127.0.0.1:7878/store)")
    return url


def _request(
    method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> bytes:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            return resp.read()
    except urllib.error.HTTPError as e:
        detail = e.read()[:300].decode("utf-8", "replace").strip()
        raise RemoteError(f"{method} {url}: the server answered {e.code} {e.reason}: {detail}") from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise RemoteError(f"{method} {url}: cannot reach the server ({reason})") from None


def _graph_url(endpoint: str, graph: str) -> str:
    sep = "&" if "?" in endpoint else "?"
    if graph == DEFAULT:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"


# -- push ---------------------------------------------------------------------------------


def graph_payloads(snapshot: Any) -> dict[str, list[str]]:
    """N-Triples lines of each graph of the snapshot, sorted (so that equal graphs hash equal).

    Keys are named-graph IRIs (documents, the user graph) and :data:`DEFAULT`.
    """
    from graph.export.rdf_text import _Formatter

    f = _Formatter(prefixed=False)
    term, iri = f.term, f.iri
    out: dict[str, list[str]] = {}
    for s, p, o, g in iter_quads(snapshot):
        out.setdefault(DEFAULT if g is None else str(g), []).append(f"{iri(s)} {iri(p)} {term(o)} .\n")
    for lines in out.values():
        lines.sort()
    return out


def _record(db: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db), timeout=10)
    conn.executescript(PUSH_DDL)
    return conn


def pushed(db: str | Path, endpoint: str) -> dict[str, str]:
    """graph -> sha256 of what was last pushed from the graph file ``db`` to ``endpoint``."""
    conn = _record(db)
    try:
        return dict(conn.execute("SELECT graph, sha256 FROM remote_pushes WHERE endpoint = ?", (endpoint,)))
    finally:
        conn.close()


def push(store: Any, endpoint: str, *, full: bool = False) -> PushReport:
    """Send ``store``'s graph to the Graph Store endpoint; only changed graphs unless ``full``.

    ``full`` ignores the record (use it when the server was emptied or restored).
    Each graph that is sent is recorded as soon as the server accepts it, so a push
    that fails half way resumes where it stopped.
    """
    endpoint = _check_url(endpoint)
    payloads = graph_payloads(store.snapshot())
    before = {} if full else pushed(store.path, endpoint)
    report = PushReport(endpoint)
    conn = _record(store.path)
    try:
        # named graphs first, the default graph (which names the documents) last
        for graph in sorted(payloads, key=lambda g: (g == DEFAULT, g)):
            lines = payloads[graph]
            body = "".join(lines).encode("utf-8")
            digest = hashlib.sha256(body).hexdigest()
            if before.get(graph) == digest:
                report.unchanged.append(graph)
                continue
            _request("PUT", _graph_url(endpoint, graph), body, {"Content-Type": "application/n-triples"})
            report.sent.append(graph)
            report.triples_sent += len(lines)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(
                "INSERT OR REPLACE INTO remote_pushes VALUES (?, ?, ?, ?, ?)",
                (endpoint, graph, digest, len(lines), now),
            )
            conn.commit()
        gone = set(pushed(store.path, endpoint)) - set(payloads)  # only graphs we know we sent
        for graph in sorted(gone):
            try:
                _request("DELETE", _graph_url(endpoint, graph))
            except RemoteError as e:
                if " 404 " not in str(e):  # already gone on the server
                    raise
            report.deleted.append(graph)
            conn.execute("DELETE FROM remote_pushes WHERE endpoint = ? AND graph = ?", (endpoint, graph))
            conn.commit()
    finally:
        conn.close()
    return report


# -- query --------------------------------------------------------------------------------

_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.I)


def _with_prefixes(q: str) -> str:
    """The query with Zhitu's predeclared prefixes added where it does not declare them."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(q)}
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return head + q


def _kind(parsed: Any) -> str:
    return str(parsed[1].name)  # SelectQuery, AskQuery, ConstructQuery, DescribeQuery


def query(endpoint: str, q: str) -> QueryResult:
    """Run a read-only query on a SPARQL 1.1 query endpoint; results as local ``run_query`` gives.

    Raises :class:`SparqlError` for updates, ``SERVICE`` and syntax errors (nothing is
    sent), :class:`RemoteError` when the server fails.
    """
    from rdflib.plugins.sparql import prepareQuery

    from graph.sparql import _check, _first_line, _has_service

    endpoint = _check_url(endpoint)
    parsed = _check(q)
    try:
        prepared = prepareQuery(q, initNs=PREFIXES)
    except Exception as e:
        raise SparqlError(f"SPARQL error: {_first_line(e)}") from None
    if _has_service(prepared.algebra):
        raise SparqlError("refused: SERVICE (federated query) would make the server fetch other endpoints")
    kind = _kind(parsed)
    graph_result = kind in ("ConstructQuery", "DescribeQuery")
    accept = "application/n-triples" if graph_result else "application/sparql-results+json"
    raw = _request(
        "POST",
        endpoint,
        _with_prefixes(q).encode("utf-8"),
        {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
    )
    if graph_result:
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        g.parse(data=raw.decode("utf-8"), format="nt")
        return g
    try:
        data = json.loads(raw)
    except ValueError:
        raise RemoteError(f"{endpoint}: the answer is not SPARQL JSON results: {raw[:200]!r}") from None
    if "boolean" in data:
        return bool(data["boolean"])
    variables = tuple(data.get("head", {}).get("vars", ()))
    rows = [tuple(_value(b.get(v)) for v in variables) for b in data.get("results", {}).get("bindings", ())]
    return SelectResult(variables, rows)


def _value(binding: dict[str, Any] | None) -> str | None:
    return None if binding is None else str(binding.get("value", ""))
