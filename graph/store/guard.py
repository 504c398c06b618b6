"""Damage in the database file becomes a :class:`StoreError` with a plain message.

A dropped table, a missing column or a row whose JSON does not parse used to escape
as ``sqlite3.OperationalError`` / ``json.JSONDecodeError`` tracebacks from build,
stats, export and the GUI. :func:`guard_methods` wraps the store's public methods
so that whatever the file holds, the caller sees one exception type that names the
file and says what to do.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

REBUILD = "rebuild the graph from the reports with `zhitu build` (or restore a backup)"


def damaged(path: object, what: str) -> str:
    return f"{path} is damaged: {what}; {REBUILD}"


def explain(path: object, e: BaseException) -> str | None:
    """The message for an exception that means the file is damaged, else ``None``."""
    if isinstance(e, json.JSONDecodeError):
        return damaged(path, f"a stored JSON value does not parse ({e.msg} at char {e.pos})")
    msg = str(e)
    if isinstance(e, sqlite3.Error) and ("no such table" in msg or "no such column" in msg):
        return damaged(path, f"part of the graph is missing ({msg})")
    return None


def _guarded(fn: Callable[..., Any], error_type: type[Exception]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except error_type:
            raise
        except (json.JSONDecodeError, sqlite3.Error) as e:
            text = explain(self.path, e)
            if text is None:
                raise self._error(e, fn.__name__.replace("_", " ")) from e
            raise error_type(text) from e

    return wrapper


def guard_methods(cls: type, names: Iterable[str], error_type: type[Exception]) -> None:
    """Wrap ``cls.<name>`` for each name (done once, at import)."""
    for name in names:
        setattr(cls, name, _guarded(getattr(cls, name), error_type))


def missing_tables(conn: sqlite3.Connection, expected: Iterable[str]) -> list[str]:
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    return [t for t in expected if t not in have]
