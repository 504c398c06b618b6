"""Extraction in worker processes or on a Dask cluster, with one writer in the calling process.

Workers read and extract documents; the caller's store commits each one as its own
transaction **in input order**, so the graph (entities, IRIs, relations) is the same
whatever the number of workers and whichever worker finishes first: resolution, which
depends on what is already stored, only ever runs in the writer.

Two engines share :func:`build_parallel`:

* ``jobs=N``: a :class:`concurrent.futures.ProcessPoolExecutor` (spawn/forkserver start,
  never fork: the GUI calls this from a Qt thread); each worker builds the extractor once.
* ``dask=ADDRESS``: a running ``dask.distributed`` scheduler (``"local"`` starts a
  two-process ``LocalCluster`` on loopback). Workers get the document's bytes and name,
  not its path, so they need no shared disk.

>>> from graph.store import Store                                  # doctest: +SKIP
>>> with Store("ai.db") as st:                                     # doctest: +SKIP
...     results = build_parallel(["reports/"], st, jobs=4)
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from graph.model import DocExtraction, ImportResult

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

# below this much input, starting workers (each loads the extractor, ~2 s) costs more than it saves
AUTO_MIN_BYTES = 400_000
DASK_INSTALL = (
    "the Dask engine is an optional extra: pip install 'zhitu[cluster]' (or pip install 'dask[distributed]')"
)

# what a worker returns: ("ok", DocExtraction) or ("failed", message naming the file)
Outcome = tuple[str, Any]
# documents in flight beyond two per worker. The writer commits in input order and shares
# the cores with the workers, so it falls behind for a while (a long document at the head, a
# slow import); with two per worker only, extracted documents waiting for it filled the
# window and the workers sat idle (~10% of a --jobs 2 build); with 8 more they did not.
# Bounded, so a writer slower than many workers holds a few documents in memory, not all.
AHEAD = 8


def default_jobs() -> int:
    """Worker processes to use when none are asked for: one per core."""
    return os.cpu_count() or 1


# -- worker side (module-level functions: picklable by reference) ---------------------------


def _worker_init(lexicon: Any = None) -> None:
    """Build the extractor once per worker process, before its first document, with the
    graph's user lexicon (corrections teach every worker, as they teach a serial build)."""
    from graph.extract import get_extractor

    get_extractor().finder.set_user_lexicon(lexicon or None)


class BlockCount(Sequence):
    """What a worker sends back instead of a document's blocks: how many there were.

    The writer stores only that number (``documents.n_blocks``); the blocks' text and
    original slices were 60% of the pickled result and most of the writer's unpickling
    (0.4 s of a 55-document build, on a core the workers need). Reading a block fails loudly.

    >>> b = BlockCount(3); len(b)
    3
    """

    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: Any) -> Any:
        raise TypeError("a parallel build's writer gets only the number of a document's blocks")

    def __iter__(self) -> Iterator[Any]:
        return self.__getitem__(0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BlockCount) and other.n == self.n

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BlockCount({self.n})"


def _extract(doc: Any, shown: str) -> Outcome:
    from graph.extract import get_extractor

    try:
        ex = get_extractor().extract(doc)
    except Exception as e:  # an extractor bug fails this file, not the build
        return "failed", f"{shown}: extraction failed: {e!r}"
    ex.doc.blocks = BlockCount(len(ex.doc.blocks))  # type: ignore[assignment]
    return "ok", ex


def extract_path(path: str) -> Outcome:
    """Worker task: read and extract one file on the worker's disk."""
    from graph.ingest import IngestError, read_document

    try:
        doc = read_document(path)
    except IngestError as e:
        return "failed", str(e)
    return _extract(doc, path)


def extract_bytes(name: str, data: bytes, path: str | None = None, lexicon: Any = None) -> Outcome:
    """Worker task: read and extract a document sent as bytes (no shared disk needed).

    The bytes go through :func:`graph.ingest.read_document` from a private temporary
    file named ``name`` (so the suffix picks the reader); ``doc.path`` is set back to
    the caller's ``path``.

    >>> status, ex = extract_bytes("a.txt", "百度发布了文心一言。".encode())   # doctest: +SKIP
    """
    from graph.ingest import IngestError, read_document

    shown = path or name
    with tempfile.TemporaryDirectory(prefix="zhitu-") as tmp:
        local = Path(tmp) / Path(name).name
        local.write_bytes(data)
        try:
            doc = read_document(local)
        except IngestError as e:
            return "failed", str(e).replace(str(local), shown)
    doc.path = path
    if not lexicon:
        return _extract(doc, shown)
    from graph.extract import get_extractor

    finder = get_extractor().finder  # a Dask worker serves many builds: set and reset per task
    finder.set_user_lexicon(lexicon)
    try:
        return _extract(doc, shown)
    finally:
        finder.set_user_lexicon(None)


# -- engines ----------------------------------------------------------------------------------


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork would copy a Qt/threaded parent; forkserver is the cheap safe start on POSIX
    # a frozen app (PyInstaller) re-enters itself through freeze_support: spawn is what it supports
    if (
        not getattr(sys, "frozen", False)
        and sys.platform != "win32"
        and "forkserver" in multiprocessing.get_all_start_methods()
    ):
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


class _Pool:
    """Local worker processes behind the small submit/close interface both engines share."""

    sends_bytes = False

    def __init__(self, workers: int, lexicon: Any = None) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.window = 2 * workers + AHEAD
        self._lexicon = lexicon
        self._ex: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=workers, mp_context=_mp_context(), initializer=_worker_init, initargs=(lexicon,)
        )

    def submit(self, path: Path, data: bytes | None) -> Any:
        if self._ex is not None:
            try:
                return self._ex.submit(extract_path, str(path))
            except (RuntimeError, OSError) as e:
                # workers cannot start here (an unguarded __main__, no semaphores, a process limit):
                # extract in this process instead, the results are the same
                why = (str(e).strip().splitlines() or [""])[0][:100]
                print(f"zhitu: note: no worker processes ({type(e).__name__}: {why}); extracting in this one",
                      file=sys.stderr)  # fmt: skip
                self._ex.shutdown(wait=False, cancel_futures=True)
                self._ex = None
        done: Future = Future()
        _worker_init(self._lexicon)
        try:
            done.set_result(extract_path(str(path)))
        finally:
            _worker_init(None)
        return done

    def close(self) -> None:
        if self._ex is not None:
            self._ex.shutdown(wait=True, cancel_futures=True)


class DaskUnavailable(RuntimeError):
    """``--dask`` without dask.distributed installed; str() says how to install it."""


class DaskConnectError(RuntimeError):
    """The Dask scheduler named by ``--dask`` could not be reached or started."""


class _Dask:
    sends_bytes = True

    def __init__(self, address: str, lexicon: Any = None) -> None:
        self._lexicon = lexicon or None
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise DaskUnavailable(DASK_INSTALL) from None
        self._cluster = None
        try:
            if address == "local":
                self._cluster = LocalCluster(
                    n_workers=2,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout="20s")
        except Exception as e:  # OSError, TimeoutError, a malformed address...
            if self._cluster is not None:
                self._cluster.close()
            raise DaskConnectError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        workers = len(self._client.scheduler_info().get("workers", {})) or 1
        self.window = 2 * workers + 2 + AHEAD

    def submit(self, path: Path, data: bytes | None) -> Any:
        # pure=False: the same bytes under two names are two documents
        return self._client.submit(extract_bytes, path.name, data, _abspath(path), self._lexicon, pure=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _abspath(p: Path) -> str:
    return str(p.resolve()) if p.is_absolute() else os.path.abspath(p)


def _raw(path: Path) -> bytes | None:
    """The file's bytes for the unchanged check (and for Dask); None lets the reader say why not."""
    from graph.ingest import MAX_BINARY_BYTES

    try:
        if not path.is_file() or path.stat().st_size > MAX_BINARY_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def worth_parallel(files: list[Path]) -> bool:
    """Whether ``jobs=None`` (automatic) should start workers for ``files``."""
    if default_jobs() < 2 or len(files) < 2:
        return False
    total = 0
    for f in files:
        try:
            total += f.stat().st_size
        except OSError:
            continue
        if total >= AUTO_MIN_BYTES:
            return True
    return False


def build_parallel(
    paths: Iterable[str | Path],
    store: Any,
    *,
    jobs: int | None = None,
    dask: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    files: list[Path] | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
    lexicon: Any = None,
) -> list[ImportResult]:
    """Like :func:`graph.pipeline.build`, with extraction in ``jobs`` processes or on Dask.

    Results come back in input order, one per file; a file that fails in a worker
    (unreadable, extractor error, even a crashed worker) becomes its own ``failed``
    result and the build goes on. Raises :class:`DaskUnavailable` when ``dask`` is
    given and dask.distributed is not installed. ``on_result`` sees each result as its
    file is committed; ``lexicon`` (a :class:`graph.lexicon.UserLexicon`) goes to every
    worker and types the extraction before it is stored.
    """
    from graph.ingest import iter_inputs
    from graph.store import StoreError

    files = iter_inputs(paths) if files is None else files
    engine: _Pool | _Dask = (
        _Dask(dask, lexicon) if dask else _Pool(max(1, min(jobs or default_jobs(), len(files))), lexicon)
    )
    results: list[ImportResult] = []

    def done(r: ImportResult) -> None:
        results.append(r)
        if on_result is not None:
            on_result(r)

    queue: deque[tuple[Path, Any]] = deque()  # (file, future or a ready ImportResult), input order
    todo = iter(files)
    in_flight = 0

    def fill() -> None:
        nonlocal in_flight
        while in_flight < engine.window:
            f = next(todo, None)
            if f is None:
                return
            data = _raw(f)
            if (
                data is not None
                and store.document_status(f.name, hashlib.sha256(data).hexdigest()) == "unchanged"
            ):
                queue.append((f, ImportResult(f.name, "unchanged")))
                continue
            queue.append((f, engine.submit(f, data if engine.sends_bytes else None)))
            in_flight += 1

    try:
        fill()
        while queue:
            if cancelled is not None and cancelled():
                break
            f, item = queue.popleft()
            if progress is not None:
                progress(len(results), len(files), f.name)
            if isinstance(item, ImportResult):
                done(item)
                fill()
                continue
            in_flight -= 1
            try:
                status, payload = item.result()
            except Exception as e:  # a worker died or the cluster went away: this file fails
                status, payload = "failed", f"{f}: extraction failed in a worker: {e!r}"
            fill()
            if status != "ok":
                done(ImportResult(f.name, "failed", message=payload))
                continue
            ex: DocExtraction = payload
            if ex.doc.path is None:
                ex.doc.path = _abspath(f)
            if lexicon:
                lexicon.apply_types(ex)
            try:
                done(store.import_extraction(ex))
            except StoreError as e:
                done(ImportResult(ex.doc.name, "failed", message=str(e)))
    finally:
        for _, item in queue:
            if not isinstance(item, ImportResult):
                item.cancel()
        engine.close()
    if progress is not None:
        progress(len(results), len(files), "")
    return results
