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


def build(
    paths: Iterable[str | Path],
    store,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    jobs: int | None = 1,
    dask: str | None = None,
) -> list[ImportResult]:
    """Import every supported file under ``paths`` into ``store``.

    Unchanged documents (same name and content hash) are skipped before
    extraction. Returns one :class:`ImportResult` per file, failures included,
    so that callers can report them; it never raises for a bad input file.

    ``jobs`` > 1 extracts in that many worker processes, ``jobs=None`` uses one per
    core when the input is big enough to pay for starting them, ``dask`` sends
    extraction to a Dask scheduler (see :mod:`graph.parallel`); the result is the
    same as a serial build either way.

    >>> from graph.store import Store                     # doctest: +SKIP
    >>> with Store("demo.db") as st:                      # doctest: +SKIP
    ...     results = build(["assets/demo"], st)
    """
    from graph.extract import get_extractor
    from graph.ingest import IngestError, iter_inputs, read_document
    from graph.store import StoreError

    files = iter_inputs(paths)
    if dask or (jobs is None and _parallel.worth_parallel(files)) or ((jobs or 1) > 1 and len(files) > 1):
        return _parallel.build_parallel(
            files, store, jobs=jobs, dask=dask, progress=progress, cancelled=cancelled, files=files
        )
    results: list[ImportResult] = []
    extractor = None
    for i, f in enumerate(files):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(i, len(files), f.name)
        try:
            doc = read_document(f)
        except IngestError as e:
            results.append(ImportResult(f.name, "failed", message=str(e)))
            continue
        if store.document_status(doc.name, doc.sha256) == "unchanged":
            results.append(ImportResult(doc.name, "unchanged"))
            continue
        extractor = extractor or get_extractor()
        try:
            ex = extractor.extract(doc)
            results.append(store.import_extraction(ex))
        except StoreError as e:
            results.append(ImportResult(doc.name, "failed", message=str(e)))
        except Exception as e:  # an extractor bug must not lose the rest of the build
            results.append(ImportResult(doc.name, "failed", message=f"{f}: extraction failed: {e!r}"))
    if progress is not None:
        progress(len(results), len(files), "")
    return results
