"""User edits replayed over extracted assertions: merges, renames, retypes, edge edits.

The store keeps every edit as a row (op + JSON payload); :class:`EditState` replays
the active ones in order. Only entities an edit touches are looked at, so replay
costs nothing on a big graph with few edits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# dismiss_duplicate: a duplicate suggestion the user rejected (graph/review.py); it changes no entity.
# drop_alias: a wrong alias hidden from an entity (a misaligned table row gave it another's name).
OPS = ("merge", "rename", "retype", "delete_edge", "add_edge", "dismiss_duplicate", "drop_alias")


@dataclass
class EditState:
    """The effect of the active edits.

    >>> st = EditState()
    >>> st.apply("merge", {"keep": "a", "drop": "b"}, 1, lambda i: ["Company"])
    >>> st.find("b"), st.members("a")
    ('a', ['a', 'b'])
    """

    parent: dict[str, str] = field(default_factory=dict)  # dropped iri -> kept iri
    label: dict[str, str] = field(default_factory=dict)  # canonical iri -> label
    types: dict[str, list[str]] = field(default_factory=dict)  # canonical iri -> types
    deleted_r: set[tuple[str, str, str, str]] = field(default_factory=set)  # (s, p, o, doc name)
    deleted_u: set[int] = field(default_factory=set)  # user_edges ids
    user_edits: set[int] = field(default_factory=set)  # edit ids of active add_edge edits
    touched: set[str] = field(default_factory=set)  # iris named by any edit (kept alive)
    dropped_aliases: dict[str, set[str]] = field(default_factory=dict)  # canonical iri -> aliases hidden
    _members: dict[str, list[str]] = field(default_factory=dict)

    def find(self, iri: str) -> str:
        """The iri ``iri`` was merged into (itself if not merged)."""
        seen = []
        while iri in self.parent:
            seen.append(iri)
            iri = self.parent[iri]
        for s in seen[:-1]:  # path compression
            self.parent[s] = iri
        return iri

    def members(self, iri: str) -> list[str]:
        c = self.find(iri)
        return self._members.get(c, [c])

    def apply(self, op: str, p: dict[str, Any], edit_id: int, raw_types: Callable[[str], list[str]]) -> None:
        """Replay one edit. ``raw_types(iri)`` gives an entity's extracted types."""
        if op == "merge":
            k, d = self.find(p["keep"]), self.find(p["drop"])
            self.touched.update((p["keep"], p["drop"]))
            if k == d:
                return
            if k in self.types or d in self.types:
                merged = list(self.effective_types(k, raw_types))
                merged += [t for t in self.effective_types(d, raw_types) if t not in merged]
                self.types[k] = merged
            self.types.pop(d, None)
            self.label.pop(d, None)
            self._members[k] = self.members(k) + self.members(d)
            self._members.pop(d, None)
            self.parent[d] = k
        elif op == "rename":
            c = self.find(p["iri"])
            self.touched.add(p["iri"])
            self.label[c] = p["label"]
        elif op == "retype":
            c = self.find(p["iri"])
            self.touched.add(p["iri"])
            self.types[c] = list(p["types"])
        elif op == "delete_edge":
            if p["edge"].startswith("u"):
                self.deleted_u.add(int(p["edge"][1:]))
            else:
                self.deleted_r.add((p["s"], p["p"], p["o"], p["doc_name"]))
        elif op == "add_edge":
            self.user_edits.add(edit_id)
            self.touched.update((p["s"], p["o"]))
        elif op == "add_entity":
            self.touched.add(p["iri"])
            self.label[p["iri"]] = p["label"]
            self.types[p["iri"]] = list(p["types"])
        elif op == "drop_alias":
            self.touched.add(p["iri"])
            self.dropped_aliases.setdefault(self.find(p["iri"]), set()).add(p["alias"])

    def effective_types(self, iri: str, raw_types: Callable[[str], list[str]]) -> list[str]:
        """Types of the merged group of ``iri``: a retype wins, else the union (kept entity first)."""
        c = self.find(iri)
        if c in self.types:
            return list(self.types[c])
        out: list[str] = []
        for m in self.members(c):
            out += [t for t in raw_types(m) if t not in out]
        return out

    def groups(self) -> dict[str, list[str]]:
        """canonical iri -> members, for every merged group."""
        return {self.find(c): self.members(c) for c in list(self._members)}

    def iris(self) -> Iterable[str]:
        """Every iri any edit refers to (to fetch their raw rows)."""
        yield from self.touched
        yield from self.parent
        yield from self.parent.values()
