"""Writes that never leave a half-written file at the target.

Every export writes to a temporary file in the target's folder (same file system, so
the final :func:`os.replace` is atomic), flushes and fsyncs it, and only then renames
it over the target. A process killed mid-write leaves the previous file intact plus at
most a stray ``.NAME.*.part`` file, which the next export of the same file removes; an
error removes the temporary file.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_text(d / "a.txt") as f:
...     _ = f.write("new")
>>> (d / "a.txt").read_text(), sorted(p.name for p in d.iterdir())
('new', ['a.txt'])
>>> with atomic_files([d / "n.csv", d / "e.csv"]) as (fn, fe):
...     _ = fn.write("n"); _ = fe.write("e")
>>> sorted(p.name for p in d.iterdir())
['a.txt', 'e.csv', 'n.csv']
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO


class ExportWriteError(OSError):
    """The target cannot be written (missing folder, no permission, disk full...)."""

    def __str__(self) -> str:  # the message alone, without "[Errno N]"
        return str(self.strerror)


def describe_os_error(path: Path, e: OSError) -> str:
    """A one-line reason naming the path, e.g. ``cannot write /x/y.ttl: folder /x does not exist``."""
    if isinstance(e, ExportWriteError):
        return str(e)
    reason = {
        errno.ENOENT: f"folder {path.parent} does not exist",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "no space left on the device",
        errno.EROFS: "read-only file system",
        errno.EISDIR: "it is a folder",
        errno.ENOTDIR: f"{path.parent} is not a folder",
    }.get(e.errno or 0, e.strerror or str(e))
    return f"cannot write {path}: {reason}"


def _check_target(path: Path) -> None:
    if path.exists() and not path.is_file():
        # /dev/full, a FIFO, a folder: renaming over it would not write "into" it
        kind = "a folder" if path.is_dir() else "not a regular file"
        raise ExportWriteError(errno.EINVAL, f"cannot write {path}: it is {kind}")
    if not path.parent.is_dir():
        raise ExportWriteError(errno.ENOENT, f"cannot write {path}: folder {path.parent} does not exist")


def _temp_for(path: Path, binary: bool) -> tuple[IO, Path]:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    # mkstemp creates 0600; give the file the permissions a plain open() would
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(fd, 0o666 & ~umask)
    if binary:
        return os.fdopen(fd, "wb"), Path(name)
    return os.fdopen(fd, "w", encoding="utf-8", newline="\n", errors="replace", buffering=1 << 20), Path(name)


STALE_SECONDS = 600  # a temporary file untouched this long belongs to no export still running


def _sweep_leftovers(path: Path) -> None:
    """Remove ``.NAME.*.part`` files a killed export of ``path`` left behind (not a running one's)."""
    import glob
    import time

    now = time.time()
    for stray in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        with contextlib.suppress(OSError):
            if stray.is_file() and now - stray.stat().st_mtime > STALE_SECONDS:
                stray.unlink()


@contextlib.contextmanager
def atomic_files(
    paths: Sequence[Path], binary: bool = False, newline: str | None = "\n"
) -> Iterator[list[IO]]:
    """Open temporary files for ``paths``; on success rename each over its target.

    All files are complete before the first rename, so a multi-file export (CSV nodes +
    edges) is never left with a new nodes file and a missing edges file because of a
    failed write. ``newline=""`` is what the csv module wants.
    """
    paths = [Path(p) for p in paths]
    opened: list[tuple[IO, Path, Path]] = []
    try:
        for p in paths:
            try:
                _check_target(p)
                f, tmp = _temp_for(p, binary)
            except ExportWriteError:
                raise
            except OSError as e:
                raise ExportWriteError(e.errno or 0, describe_os_error(p, e)) from e
            if not binary and newline != "\n":
                f.reconfigure(newline=newline)
            opened.append((f, tmp, p))
        yield [f for f, _, _ in opened]
        for f, _tmp, p in opened:
            try:
                f.flush()
                os.fsync(f.fileno())
                f.close()
            except OSError as e:
                raise ExportWriteError(e.errno or 0, describe_os_error(p, e)) from e
        for _f, tmp, p in opened:
            os.replace(tmp, p)
        for p in paths:
            _sweep_leftovers(p)
    except BaseException as e:
        for f, tmp, _p in opened:
            with contextlib.suppress(OSError):
                f.close()
            with contextlib.suppress(OSError):
                tmp.unlink()
        if isinstance(e, OSError) and not isinstance(e, ExportWriteError):
            # a write inside the body failed (disk full, quota): say which target
            raise ExportWriteError(e.errno or 0, describe_os_error(paths[0], e)) from e
        raise


@contextlib.contextmanager
def atomic_text(path: Path, newline: str | None = "\n") -> Iterator[IO[str]]:
    """One text file written atomically (UTF-8, ``\\n`` line ends, 1 MiB buffer)."""
    with atomic_files([path], newline=newline) as (f,):
        yield f


@contextlib.contextmanager
def atomic_binary(path: Path) -> Iterator[IO[bytes]]:
    """One binary file written atomically (what networkx's XML writers take)."""
    with atomic_files([path], binary=True) as (f,):
        yield f
