"""Read-only SPARQL over a snapshot (or an rdflib Dataset/Graph you already built).

>>> from graph.model import Node, Snapshot
>>> snap = Snapshot({"https://zhitu.app/id/a": Node("https://zhitu.app/id/a", "百度", ("Company",))}, ())
>>> r = run_query(snap, "SELECT ?name WHERE { ?c a zt:Company ; rdfs:label ?name }")
>>> r.variables, r.rows
(('name',), [('百度',)])
>>> run_query(snap, "ASK { ?c rdfs:label 'delete me' }")
False
>>> run_query(snap, "DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
graph.sparql.SparqlError: refused: this is a SPARQL update (DELETE WHERE); Zhitu's queries are read-only. Edit the graph in the app or with `zhitu edit`.

Queries run under a time limit (``timeout`` seconds, default 5) and a cap on result rows
(``max_rows``, default 10,000; a capped SELECT says ``truncated``); a query that runs past
its limit, or whose evaluation grows the process by more than ``max_memory_mb``, is
stopped and refused with a :class:`SparqlError`.

Prefixes ``zt:``, ``ztid:``, ``rdf:``, ``rdfs:``, ``xsd:``, ``skos:`` and ``prov:`` are
predeclared. The default graph is the union of all graphs; ``GRAPH ?doc { ... }``
matches what one document asserts (see :mod:`graph.rdf`).
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rdflib import Dataset, Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result

from graph.model import Snapshot
from graph.rdf import PREFIXES, build_dataset


class SparqlError(ValueError):
    """A query that is refused (update, remote access) or does not parse."""


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT: each value is the term's string (IRI, lexical form) or ``None`` if unbound."""

    variables: tuple[str, ...]
    rows: list[tuple[str | None, ...]] = field(default_factory=list)
    truncated: bool = False  # more rows matched than ``max_rows``; only the first ones are here

    def as_dicts(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.variables, r, strict=True)) for r in self.rows]


QueryResult = SelectResult | bool | Graph

DEFAULT_TIMEOUT = 5.0  # seconds of evaluation
DEFAULT_MAX_ROWS = 10_000  # SELECT rows / CONSTRUCT triples kept
DEFAULT_MAX_MEMORY_MB = 1024  # growth of the process while one query runs

T = TypeVar("T")


class _Stop(BaseException):
    """Raised inside the evaluating thread to stop it (BaseException: rdflib's ``except
    Exception`` must not swallow it)."""


def _rss_mb() -> float | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except (OSError, ValueError, IndexError, AttributeError):
        return None  # not Linux: the time limit still holds


def _bounded(fn: Callable[[], T], timeout: float | None, max_memory_mb: float | None) -> T:
    """``fn()`` in a worker thread, stopped by an asynchronous exception when it runs past
    ``timeout`` seconds or grows the process by ``max_memory_mb``. rdflib evaluates in pure
    Python, so the exception lands within a few bytecodes and the stack unwinds, freeing
    what the query built."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except _Stop:
            pass
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = e

    base = _rss_mb()
    worker = threading.Thread(target=work, name="zhitu-sparql", daemon=True)
    start = time.monotonic()
    worker.start()
    why = None
    while worker.is_alive():
        worker.join(0.05)
        if not worker.is_alive():
            break
        if timeout is not None and time.monotonic() - start > timeout:
            why = f"it ran past the {timeout:g} s time limit"
        elif max_memory_mb is not None and base is not None:
            now = _rss_mb()
            if now is not None and now - base > max_memory_mb:
                why = f"its evaluation grew past the {max_memory_mb:g} MB memory limit"
        if why:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_Stop))
            worker.join(5.0)
            raise SparqlError(
                f"stopped: {why}; narrow the query (more specific patterns, LIMIT), "
                "or raise the limit (zhitu query --timeout SECONDS)"
            )
    if "error" in box:
        raise box["error"]
    return box["value"]


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


_PROLOGUE_OR_COMMENT = re.compile(r"\A(?:\s+|#[^\n]*|(?:PREFIX|BASE)\b[^<]*<[^>]*>)*", re.I)
_UPDATE_START = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def _update_kind(query: str) -> str | None:
    """The update keyword a request starts with, after its prologue and comments."""
    body = query[_PROLOGUE_OR_COMMENT.match(query).end() :]  # type: ignore[union-attr]
    m = _UPDATE_START.match(body)
    if not m:
        return None
    words = body[m.start() :].split(None, 2)
    if words[0].upper() in ("INSERT", "DELETE") and len(words) > 1 and words[1].upper() in ("DATA", "WHERE"):
        return f"{words[0].upper()} {words[1].upper()}"
    return m.group(0).upper()


def _check(query: str) -> CompValue:
    """Parse as a query; refuse updates (by parsing, so "delete" inside a literal is fine)."""
    if not query.strip():
        raise SparqlError("empty query")
    try:
        return parseQuery(query)
    except Exception as query_error:
        message = str(query_error).strip() or type(query_error).__name__
        try:
            is_update = bool(parseUpdate(query).request)
        except Exception:
            is_update = False
        kind = _update_kind(query)
        if is_update or kind:
            raise SparqlError(
                f"refused: this is a SPARQL update ({kind or 'update'}); Zhitu's queries are read-only. "
                "Edit the graph in the app or with `zhitu edit`."
            ) from None
        raise SparqlError(f"SPARQL syntax error: {message}") from None


def _has_service(algebra: CompValue) -> bool:
    found = []

    def visit(node: object) -> None:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            found.append(node)

    traverse(algebra, visitPre=visit)
    return bool(found)


def _dataset_clause_iris(algebra: CompValue) -> list[str]:
    clauses = algebra.get("datasetClause") or []
    # CompValue.get(key) returns the key itself when missing: test membership instead
    return [str(c["default"] if "default" in c else c["named"]) for c in clauses]


def run_query(
    source: Snapshot | Graph,
    query: str,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    max_memory_mb: float | None = DEFAULT_MAX_MEMORY_MB,
) -> QueryResult:
    """Run a read-only SPARQL query.

    Returns a :class:`SelectResult` for SELECT, a ``bool`` for ASK, an rdflib ``Graph``
    for CONSTRUCT and DESCRIBE. Raises :class:`SparqlError` for updates (INSERT,
    DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY), ``SERVICE`` (no network),
    ``FROM``/``FROM NAMED`` naming a graph the data does not hold (rdflib would fetch
    it), and syntax errors (with the parser's message).

    ``source`` is a Snapshot (an rdflib Dataset is built from it) or any rdflib
    Graph/Dataset. ``timeout``, ``max_rows`` and ``max_memory_mb`` bound the evaluation
    (``None``: no bound); see the module docstring.
    """
    _check(query)
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except Exception as e:  # unknown prefix, bad IRI...
        raise SparqlError(f"SPARQL error: {_first_line(e)}") from None
    if _has_service(prepared.algebra):
        raise SparqlError(
            "refused: SERVICE (federated query) needs the network; Zhitu queries local data only"
        )

    graph = build_dataset(source) if isinstance(source, Snapshot) else source  # default graph = union
    held: set[str] = set()
    if isinstance(graph, Dataset):
        held = {str(g.identifier) for g in graph.graphs()}
    for iri in _dataset_clause_iris(prepared.algebra):
        if iri not in held:
            raise SparqlError(
                f"refused: FROM <{iri}> names a graph that is not in the data "
                "(rdflib would try to download or read it); use a document graph IRI or GRAPH ?g { ... }"
            )
    cap = None if max_rows is None else max(0, max_rows)

    def evaluate() -> QueryResult:
        result: Result = graph.query(prepared)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            g = Graph()
            for prefix, ns in PREFIXES.items():
                g.bind(prefix, ns)
            for k, t in enumerate(result):
                if cap is not None and k >= cap:
                    break
                g.add(t)  # type: ignore[arg-type]
            return g
        variables = tuple(str(v) for v in (result.vars or ()))
        rows: list[tuple[str | None, ...]] = []
        truncated = False
        for row in result:  # rdflib yields SELECT rows lazily: the cap bounds memory too
            if cap is not None and len(rows) >= cap:
                truncated = True
                break
            rows.append(tuple(None if v is None else str(v) for v in row))  # type: ignore[union-attr]
        return SelectResult(variables, rows, truncated)

    try:
        return _bounded(evaluate, timeout, max_memory_mb)
    except SparqlError:
        raise
    except Exception as e:  # evaluation errors (bad function arguments, ...)
        raise SparqlError(f"SPARQL evaluation error: {_first_line(e)}") from None


__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "QueryResult",
    "SelectResult",
    "SparqlError",
    "run_query",
]
