"""``zhitu``: a thin command line over the library, one function per command.

Every command that reads or writes a graph takes ``--db FILE`` (default: the
user's data directory). Errors go to stderr and exit non-zero.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from graph import __version__

EXIT_USAGE = 2
EXIT_FAILED = 1


class CliError(Exception):
    """An error the user can act on: printed without a traceback."""


def _db(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    from graph.api import default_db_path

    return default_db_path()


def _open(args: argparse.Namespace, *, readonly: bool = False):
    from graph.store import Store

    path = _db(args)
    if readonly and not path.exists():
        raise CliError(f"no graph at {path}: build one with `zhitu build PATH --db {path}`")
    return Store(path, readonly=readonly)


def _progress_bar(stream=sys.stderr) -> Callable[[int, int, str], None] | None:
    if not stream.isatty():
        return None

    def show(done: int, total: int, name: str) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


# -- commands -----------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    """Import files and folders into the graph database."""
    from graph.ingest import SUPPORTED_SUFFIXES
    from graph.parallel import DaskConnectError, DaskUnavailable
    from graph.pipeline import build

    if args.jobs is not None and args.jobs < 1:
        print("zhitu: error: --jobs needs a number of worker processes, 1 or more", file=sys.stderr)
        return EXIT_USAGE
    bar = _progress_bar()

    def report(r) -> None:  # each file's line as soon as it is done
        if bar is not None:
            sys.stderr.write("\r\033[K")  # clear the progress bar's line first
        line = f"{r.status:9} {r.doc}"
        if r.status in ("imported", "replaced"):
            line += f"  ({r.entities} entities, {r.relations} relations)"
        out = sys.stderr if r.status == "failed" else sys.stdout
        if r.status == "failed":  # the message names the file with its whole path: say it once
            msg = str(r.message)
            line = f"{r.status:9} {msg}" if str(r.doc) in msg.split(":", 1)[0] else f"{line}: {msg}"
        print(line, file=out, flush=True)

    try:
        with _open(args) as store:
            if store.readonly:
                raise CliError(
                    f"{store.path} is read-only (no permission to write it or its folder): cannot import into it"
                )
            results = build(args.paths, store, progress=bar, on_result=report, jobs=args.jobs, dask=args.dask)
            stats = _built_stats(store)
    except DaskUnavailable as e:
        print(f"zhitu: error: --dask: {e}", file=sys.stderr)
        return EXIT_USAGE
    except DaskConnectError as e:
        raise CliError(str(e)) from None
    failed = [r for r in results if r.status == "failed"]
    if not results:
        raise CliError(
            f"no supported files ({' '.join(sorted(SUPPORTED_SUFFIXES))}) under: " + " ".join(args.paths)
        )
    print(f"graph: {stats.get('entities', 0)} entities, {stats.get('relations', 0)} relations in {_db(args)}")
    if "metrics_seconds" in stats:
        print(f"graph: centrality and communities cached for the explorer's overview ({stats['metrics_seconds']:.1f} s)")
    return EXIT_FAILED if failed and len(failed) == len(results) else 0


def _built_stats(store: Any) -> dict[str, Any]:
    """Counts for the closing line; a big graph gets stored counts (no snapshot) and its metrics cache refreshed."""
    from graph.api import LARGE_ENTITIES, LARGE_STATEMENTS
    from graph.store import metrics

    n_ent, n_rel, _ = store.totals()
    if n_ent <= LARGE_ENTITIES and n_rel <= LARGE_STATEMENTS:
        return store.stats()
    out: dict[str, Any] = {"entities": n_ent, "relations": n_rel}
    if not metrics.is_fresh(store):
        m = metrics.compute(store)
        if metrics.save(store, m):
            out["metrics_seconds"] = m.seconds
    return out


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract entities and relations and print them; no database is touched."""
    from graph.extract import get_extractor
    from graph.ingest import IngestError, iter_inputs, read_document

    files = iter_inputs(args.paths)
    if not files:
        raise CliError("no supported files under: " + " ".join(args.paths))
    extractor = get_extractor()
    docs, errors = [], 0
    for f in files:
        try:
            docs.append(extractor.extract(read_document(f)).to_json())
        except IngestError as e:
            print(f"error: {e}", file=sys.stderr)
            errors += 1
        except Exception as e:  # an extractor bug on one file: that file's error line, go on
            print(f"error: {f}: extraction failed ({type(e).__name__}: {e})", file=sys.stderr)
            errors += 1
    if args.format == "json":
        json.dump({"documents": docs}, sys.stdout, ensure_ascii=False, indent=1 if args.pretty else None)
        sys.stdout.write("\n")
    else:
        for d in docs:
            print(f"# {d['doc']}")
            for e in d["entities"]:
                print(f"E\t{e['type']}\t{e['name']}\t{'|'.join(e['aliases'])}")
            for r in d["relations"]:
                print(f"R\t{r['s']}\t{r['p']}\t{r['o']}\t{r['confidence']}")
    return EXIT_FAILED if errors and not docs else 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write the graph in an interchange format (the format follows -o's extension unless -f is given)."""
    from graph.export import FORMATS, ExportError, ExportWriteError, export, resolve_format

    try:
        fmt = resolve_format(args.format, args.output)
    except ExportError as e:
        raise CliError(str(e)) from None
    db = _db(args)
    with _open(args, readonly=True) as store:
        snap = store.snapshot()
    if args.min_confidence:
        from graph.analytics import filter_snapshot

        snap = filter_snapshot(snap, min_confidence=args.min_confidence)
    positions = None
    if fmt in ("graphml", "gexf", "cyjs", "html"):  # graph formats carry a layout
        from graph.export.html_page import MAX_NODES, trim_for_page
        from graph.export.positions import export_layout

        shown = snap
        if fmt == "html" and len(snap.nodes) > MAX_NODES:
            shown, note = trim_for_page(snap)  # the page trims the same way, and says so too
            print(f"note: the HTML page is {note}", file=sys.stderr)
        positions = export_layout(shown)
    try:
        written = export(snap, fmt, args.output, positions=positions, protect=[db])
    except (ExportError, ExportWriteError) as e:
        raise CliError(str(e)) from None
    for path in written:
        print(f"wrote {path} ({FORMATS[fmt].description})", file=sys.stderr)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
    from graph.sparql import SparqlError, run_query

    if args.endpoint:
        from graph.remote import RemoteError, query

        try:
            result = query(args.endpoint, args.sparql)
        except (SparqlError, RemoteError) as e:
            raise CliError(str(e)) from e
        _print_result(result, args.format)
        return 0
    with _open(args, readonly=True) as store:
        snap = store.snapshot()
    try:
        result = run_query(
            snap, args.sparql, timeout=args.timeout or None, max_rows=args.max_rows or None
        )
    except SparqlError as e:
        raise CliError(str(e)) from e
    _print_result(result, args.format)
    if getattr(result, "truncated", False):
        print(f"zhitu: only the first {args.max_rows:,} rows are shown (--max-rows)", file=sys.stderr)
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    """Send the graph to a SPARQL Graph Store endpoint: one named graph per document, changed ones only."""
    from graph.remote import RemoteError, push

    with _open(args, readonly=True) as store:
        try:
            report = push(store, args.sparql, full=args.full)
        except RemoteError as e:
            raise CliError(str(e)) from e
    print(
        f"pushed to {report.endpoint}: {len(report.sent)} graphs sent ({report.triples_sent} triples),"
        f" {len(report.unchanged)} unchanged, {len(report.deleted)} deleted"
    )
    return 0


def _print_result(result: Any, fmt: str) -> None:
    if isinstance(result, bool):
        print("true" if result else "false")
        return
    if hasattr(result, "serialize"):  # CONSTRUCT / DESCRIBE
        sys.stdout.write(result.serialize(format="turtle"))
        return
    variables, rows = result.variables, result.rows
    if fmt == "json":
        json.dump([dict(zip(variables, r, strict=True)) for r in rows], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    print("\t".join(variables))
    for r in rows:
        print("\t".join("" if v is None else str(v) for v in r))


def cmd_search(args: argparse.Namespace) -> int:
    """Find entities by any fragment of a name or alias."""
    with _open(args, readonly=True) as store:
        hits = store.search(args.text, limit=args.limit)
    if args.format == "json":
        json.dump([asdict(h) for h in hits], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for h in hits:
            via = f"  (via {h.matched})" if h.matched != h.label else ""
            print(f"{h.label}\t{h.type}\t{h.iri}{via}")
    return 0 if hits else EXIT_FAILED


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts of documents, entities by type, relations by predicate, edits."""
    with _open(args, readonly=True) as store:
        stats = store.stats()
    if args.format == "json":
        json.dump(stats, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for k, v in stats.items():
            if isinstance(v, dict):
                print(f"{k}:")
                for k2, v2 in sorted(v.items(), key=lambda kv: -kv[1] if isinstance(kv[1], int) else 0):
                    print(f"  {k2:22} {v2}")
            else:
                print(f"{k:24} {v}")
    return 0


def _resolve(store, name: str) -> str:
    if name.startswith("http"):
        return name
    hits = store.search(name, limit=5)
    if not hits:
        raise CliError(f"no entity matches {name!r}")
    exact = [h for h in hits if h.label == name or h.matched == name]
    return (exact or hits)[0].iri


def cmd_path(args: argparse.Namespace) -> int:
    """Shortest paths between two entities (names or IRIs)."""
    from graph.analytics import shortest_paths, to_networkx

    with _open(args, readonly=True) as store:
        a, b = _resolve(store, args.source), _resolve(store, args.target)
        snap = store.snapshot()
    paths = shortest_paths(to_networkx(snap), a, b, k=args.limit)
    if not paths:
        raise CliError(f"no path between {args.source} and {args.target}")
    for p in paths:
        print(" — ".join(snap.nodes[i].label for i in p))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """Correct the graph: merge, rename, retype, delete-edge, add-edge, undo, redo, history."""
    try:
        return _edit(args)
    except ValueError as e:  # the store says what is wrong with the edit
        raise CliError(f"edit {args.op}: {e}") from None


def _edit(args: argparse.Namespace) -> int:
    with _open(args) as store:
        op = args.op
        if op == "merge":
            keep, drop = _resolve(store, args.args[0]), _resolve(store, args.args[1])
            if keep == drop:
                raise CliError(f"edit merge: {args.args[0]} and {args.args[1]} are the same entity; nothing to merge")
            store.merge(keep, drop)
        elif op == "rename":
            store.rename(_resolve(store, args.args[0]), args.args[1])
        elif op == "retype":
            store.retype(_resolve(store, args.args[0]), args.args[1:])
        elif op == "delete-edge":
            store.delete_edge(args.args[0])
        elif op == "add-edge":
            s, p, o = args.args[:3]
            store.add_edge(_resolve(store, s), p, _resolve(store, o))
        elif op == "undo":
            if not store.undo():
                raise CliError("nothing to undo")
        elif op == "redo":
            if not store.redo():
                raise CliError("nothing to redo")
        elif op == "history":
            for e in store.edits():
                print(json.dumps(e, ensure_ascii=False, default=str))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the desktop explorer."""
    from gui.app import main as gui_main

    return gui_main(["--db", args.db] if args.db else [])


# -- parser -------------------------------------------------------------------

_EDIT_USAGE = {
    "merge": "KEEP DROP",
    "rename": "ENTITY NEW_NAME",
    "retype": "ENTITY TYPE...",
    "delete-edge": "EDGE_ID",
    "add-edge": "SUBJECT PREDICATE OBJECT",
    "undo": "",
    "redo": "",
    "history": "",
}


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="zhitu",
        description="知图 Zhitu: build, query and export a knowledge graph of the Chinese AI industry from reports.",
        epilog="examples:\n  zhitu build reports/ --db ai.db\n  zhitu search 月之暗面 --db ai.db\n"
        "  zhitu export --format graphml -o ai.graphml --db ai.db\n"
        "  zhitu query 'SELECT ?m WHERE { ?c zt:develops ?m }' --db ai.db",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"zhitu {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, fn: Callable[[argparse.Namespace], int], db: bool = True) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=fn.__doc__, description=fn.__doc__)
        if db:
            sp.add_argument("--db", metavar="FILE", help="graph database (default: in the user data directory)")
        sp.set_defaults(func=fn)
        return sp

    sp = add("build", cmd_build)
    from graph.ingest.reader import SUPPORTED_SUFFIXES

    sp.add_argument(
        "paths", nargs="+", metavar="PATH", help=f"files or folders ({' '.join(sorted(SUPPORTED_SUFFIXES))})"
    )
    sp.add_argument(
        "--jobs", "-j", type=int, metavar="N",
        help="extract in N worker processes (default: one per core, serial for small inputs)",
    )  # fmt: skip
    sp.add_argument(
        "--dask", metavar="ADDRESS",
        help="extract on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'; needs zhitu[cluster]",
    )  # fmt: skip

    sp = add("extract", cmd_extract, db=False)
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument("--format", choices=["json", "tsv"], default="json")
    sp.add_argument("--pretty", action="store_true", help="indent the JSON")

    sp = add("export", cmd_export)
    sp.add_argument(
        "--format",
        "-f",
        metavar="FORMAT",
        help="turtle (ttl), ntriples (nt), nquads (nq), trig, jsonld, graphml, gexf, csv, cyjs, html;"
        " default: from the extension of OUT",
    )
    sp.add_argument("-o", "--output", required=True, metavar="OUT", help="output file (a folder or NAME.csv for csv)")
    sp.add_argument("--min-confidence", type=float, default=0.0)

    sp = add("query", cmd_query)
    sp.add_argument("sparql", metavar="SPARQL", help="a read-only query; prefixes zt:, rdfs:, skos:, prov: are predeclared")
    sp.add_argument("--format", choices=["tsv", "json"], default="tsv")
    sp.add_argument(
        "--timeout", type=float, default=5.0, metavar="SECONDS", help="stop the query after this long (0: no limit)"
    )
    sp.add_argument(
        "--max-rows", type=int, default=10_000, metavar="N", help="print at most N rows (0: no limit)"
    )
    sp.add_argument(
        "--endpoint", metavar="URL",
        help="query a SPARQL server instead of the local graph (e.g. http://host:7878/query), read-only",
    )  # fmt: skip

    sp = add("push", cmd_push)
    sp.add_argument(
        "--sparql", required=True, metavar="URL",
        help="SPARQL 1.1 Graph Store endpoint (Oxigraph http://host:7878/store, Fuseki http://host:3030/ds/data)",
    )  # fmt: skip
    sp.add_argument("--full", action="store_true", help="send every graph, ignoring what was pushed before")

    sp = add("search", cmd_search)
    sp.add_argument("text")
    sp.add_argument("--limit", type=int, default=20)
    sp.add_argument("--format", choices=["tsv", "json"], default="tsv")

    sp = add("stats", cmd_stats)
    sp.add_argument("--format", choices=["text", "json"], default="text")

    sp = add("path", cmd_path)
    sp.add_argument("source")
    sp.add_argument("target")
    sp.add_argument("--limit", type=int, default=5)

    sp = add("edit", cmd_edit)
    sp.add_argument("op", choices=list(_EDIT_USAGE), help="; ".join(f"{k} {v}".strip() for k, v in _EDIT_USAGE.items()))
    sp.add_argument("args", nargs="*")

    add("gui", cmd_gui)
    from graph.cli_analysis import add_commands

    add_commands(add)  # top, review, reextract
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command == "edit" and len(args.args) < len(_EDIT_USAGE[args.op].split()):
        parser.error(f"edit {args.op} needs: {_EDIT_USAGE[args.op]}")
    try:
        return args.func(args)
    except CliError as e:
        print(f"zhitu: error: {e}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("zhitu: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `zhitu search ... | head`: the reader has all it wanted
        _silence_stdout()
        return 0
    except Exception as e:  # store and ingest errors carry their own clear message
        from graph.ingest import IngestError
        from graph.store import StoreError

        if isinstance(e, StoreError | IngestError):
            print(f"zhitu: error: {e}", file=sys.stderr)
            return EXIT_FAILED
        raise


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that the interpreter's final
    flush does not raise again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
