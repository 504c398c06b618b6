"""Build a store from files: ingest, extract, resolve and store, one document at a time.

Each document is its own transaction (see :meth:`graph.store.Store.import_extraction`),
so a file that cannot be read or stored leaves the graph as it was and the
build goes on with the next one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from graph import parallel as _parallel
from graph.model import ImportResult

# progress(done, total, current file name)
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
# called with each file's result as soon as that file is done
OnResult = Callable[[ImportResult], None]


def _failure(name: str, shown: str, stage: str, e: BaseException) -> ImportResult:
    """A per-file failure whatever was raised: the file's name and what went wrong."""
    from graph.ingest import IngestError
    from graph.store import StoreError

    if isinstance(e, IngestError | StoreError):
        return ImportResult(name, "failed", message=str(e))
    if isinstance(e, MemoryError):
        what = "ran out of memory"
    elif isinstance(e, RecursionError):
        what = "is nested too deeply"
    else:
        what = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    return ImportResult(name, "failed", message=f"{shown}: {stage} failed ({what})")


def build(
    paths: Iterable[str | Path],
    store,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    on_result: OnResult | None = None,
    jobs: int | None = 1,
    dask: str | None = None,
) -> list[ImportResult]:
    """Import every supported file under ``paths`` into ``store``.

    Unchanged documents (same name and content hash) are skipped before
    extraction. Returns one :class:`ImportResult` per file, failures included,
    so that callers can report them; it never raises for a bad input file:
    whatever reading, extracting or storing one file raises becomes that file's
    failed result and the build goes on. ``on_result`` sees each result as soon
    as its file is done.

    ``jobs`` > 1 extracts in that many worker processes, ``jobs=None`` uses one per
    core when the input is big enough to pay for starting them, ``dask`` sends
    extraction to a Dask scheduler (see :mod:`graph.parallel`); the result is the
    same as a serial build either way.

    >>> from graph.store import Store                     # doctest: +SKIP
    >>> with Store("demo.db") as st:                      # doctest: +SKIP
    ...     results = build(["assets/demo"], st)
    """
    files = iter_inputs_safely(paths)
    if dask or (jobs is None and _parallel.worth_parallel(files)) or ((jobs or 1) > 1 and len(files) > 1):
        return _parallel.build_parallel(
            files,
            store,
            jobs=jobs,
            dask=dask,
            progress=progress,
            cancelled=cancelled,
            files=files,
            on_result=on_result,
            lexicon=user_lexicon(store),
        )
    # imported here, not above: a parallel build's writer never needs the extractor, and
    # loading it (~0.4 s) would take a core from the workers while they start
    from graph.extract import get_extractor
    from graph.ingest import read_document
    from graph.ingest.reader import display_name

    results: list[ImportResult] = []
    extractor = None
    lexicon = None

    def done(r: ImportResult) -> None:
        results.append(r)
        if on_result is not None:
            on_result(r)

    for i, f in enumerate(files):
        if cancelled is not None and cancelled():
            break
        name, shown = display_name(f.name), display_name(str(f))
        if progress is not None:
            progress(i, len(files), name)
        try:
            doc = read_document(f)
        except Exception as e:  # noqa: BLE001 - a reader bug on one file must not stop the build
            done(_failure(name, shown, "reading", e))
            continue
        try:
            if store.document_status(doc.name, doc.sha256) == "unchanged":
                done(ImportResult(doc.name, "unchanged"))
                continue
            if extractor is None:
                extractor = get_extractor()
                lexicon = user_lexicon(store)
                extractor.finder.set_user_lexicon(lexicon)
            ex = extractor.extract(doc)
            if lexicon:
                lexicon.apply_types(ex)
        except Exception as e:  # noqa: BLE001 - an extractor bug must not lose the rest of the build
            done(_failure(doc.name, shown, "extraction", e))
            continue
        try:
            done(store.import_extraction(ex))
        except Exception as e:  # noqa: BLE001 - the store rolls this document back
            done(_failure(doc.name, shown, "storing", e))
    if extractor is not None:  # the shared extractor must not carry this graph's lexicon elsewhere
        extractor.finder.set_user_lexicon(None)
    if progress is not None:
        progress(len(results), len(files), "")
    return results


def user_lexicon(store):
    """The :class:`graph.lexicon.UserLexicon` of a store's active corrections (empty without edits)."""
    from graph.lexicon import UserLexicon, lexicon_from

    edits = [e for e in store.edits() if e["state"] == "active" and e["op"] in LEXICON_OPS]
    if not edits:
        return UserLexicon()
    named = {e["payload"]["keep" if e["op"] == "merge" else "iri"] for e in edits}
    # only the corrected entities are read, not the whole graph (a million relations at times)
    return lexicon_from(store.subgraph(named), edits, store.canonical)


LEXICON_OPS = ("rename", "retype", "merge", "add_entity")  # the edits that say what a name is


def reextract(
    store,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[ImportResult]:
    """Run the extractor (with the user lexicon) over every stored document again.

    A document is re-read from its file when that still has the stored content, else
    from the text the store kept. Edits stay as they are and apply over the new assertions.
    """
    from pathlib import Path

    from graph.extract import get_extractor
    from graph.ingest import IngestError, document_from_text, read_document
    from graph.store import StoreError

    docs = store.documents()
    extractor = get_extractor()
    lexicon = user_lexicon(store)
    extractor.finder.set_user_lexicon(lexicon)
    results: list[ImportResult] = []
    try:
        for i, d in enumerate(docs):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(i, len(docs), d.name)
            try:
                doc = None
                if d.path and Path(d.path).is_file():
                    doc = read_document(d.path)
                    if doc.sha256 != d.sha256 or doc.name != d.name:
                        doc = None
                if doc is None:
                    text = store.document_text(d.id) or ""
                    doc = document_from_text(d.name, text, sha256=d.sha256)
                ex = extractor.extract(doc)
                if lexicon:
                    lexicon.apply_types(ex)
                results.append(store.import_extraction(ex, force=True))
            except (IngestError, StoreError) as e:
                results.append(ImportResult(d.name, "failed", message=str(e)))
            except Exception as e:  # an extractor bug must not stop the rest
                results.append(ImportResult(d.name, "failed", message=f"{d.name}: extraction failed: {e!r}"))
    finally:
        extractor.finder.set_user_lexicon(None)
    if progress is not None:
        progress(len(results), len(docs), "")
    return results


def iter_inputs_safely(paths: Iterable[str | Path]) -> list[Path]:
    """:func:`graph.ingest.iter_inputs`, each path on its own: one that cannot even be
    looked at becomes an entry read_document reports on, not an exception."""
    from graph.ingest import iter_inputs

    paths = list(paths)
    try:
        return iter_inputs(paths)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop under Path.resolve
        pass
    out: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        try:
            found = iter_inputs([p])
        except (OSError, RuntimeError):
            found = [Path(p)]
        for q in found:
            if q not in seen:
                seen.add(q)
                out.append(q)
    return out
