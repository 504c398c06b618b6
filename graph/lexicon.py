"""The user lexicon: what the user's corrections teach the extractor.

Every active rename, retype and merge names an entity whose name, types and aliases the
user has vouched for. Those entities form the lexicon (kept in the graph file as the
edits themselves, so undoing an edit also unteaches it). On the next import the mention
finder consults it like the gazetteer (:meth:`UserLexicon.find`), and
:meth:`UserLexicon.apply_types` gives the entities it names the user's types.

>>> lex = UserLexicon({"青穹智算": (("Investor",), ("Qingqiong",))})
>>> [(c.name, c.type, c.start) for c in lex.find("据悉，青穹智算领投。")]
[('青穹智算', 'Investor', 3)]
>>> [c.name for c in lex.find("Qingqiong Capital 宣布")]
['青穹智算']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.resolve import name_key

USER_CONF = 0.99  # a name the user vouched for: as sure as a gazetteer hit
MIN_NAME_CHARS = 2  # one-character names would match everywhere


@dataclass
class UserLexicon:
    """name -> (types, aliases). Aliases find the entity too; the name is what it is called."""

    entries: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    _re: re.Pattern[str] | None = field(default=None, init=False, repr=False)
    _by_form: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        forms: dict[str, str] = {}
        for name, (_types, aliases) in self.entries.items():
            for f in (name, *aliases):
                f = f.strip()
                if len(f) >= MIN_NAME_CHARS and "\n" not in f:
                    forms.setdefault(f, name)
        self._by_form = forms
        self._keys = {name_key(f): n for f, n in forms.items() if name_key(f)}
        if forms:
            alts = sorted(forms, key=len, reverse=True)
            self._re = re.compile(
                "|".join(
                    (r"(?<![A-Za-z0-9])" + re.escape(f) + r"(?![A-Za-z0-9])") if f.isascii() else re.escape(f)
                    for f in alts
                )
            )

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def types_of(self, name: str) -> tuple[str, ...] | None:
        """The user's types for a name or alias (compared by resolution key)."""
        n = self._keys.get(name_key(name))
        return self.entries[n][0] if n is not None else None

    def find(self, text: str) -> list[Any]:
        """Mentions of lexicon names in ``text``, as the mention finder's candidates."""
        if self._re is None:
            return []
        from graph.extract.mentions import Cand

        out = []
        for m in self._re.finditer(text):
            name = self._by_form[m.group(0)]
            types = self.entries[name][0]
            out.append(Cand(m.start(), m.end(), name, types[0], USER_CONF, "user", {m.group(0)}, gaz=True))
        return out

    def apply_types(self, ex: Any) -> int:
        """Give the entities of a :class:`graph.model.DocExtraction` the user's types; returns
        how many changed (a retype beats the extractor's vote)."""
        changed = 0
        for e in ex.entities:
            for form in (e.name, *sorted(e.aliases)):
                types = self.types_of(form)
                if types:
                    if list(types) != list(e.types):
                        e.types = list(types)
                        changed += 1
                    break
        return changed


def lexicon_from(snapshot: Any, edits: list[dict], canonical: Any = None) -> UserLexicon:
    """The lexicon of a graph: entities named by active rename, retype, merge and add-entity edits.

    ``edits`` as :meth:`graph.store.Store.edits` gives them; ``canonical(iri)`` maps an IRI
    merged away to the one it went into (default: itself).
    """
    find = canonical or (lambda i: i)
    iris: list[str] = []
    for ed in edits:
        if ed.get("state", "active") != "active":
            continue
        p = ed["payload"]
        if ed["op"] in ("rename", "retype", "add_entity"):
            iris.append(p["iri"])
        elif ed["op"] == "merge":
            iris.append(p["keep"])
    entries: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for iri in dict.fromkeys(iris):
        n = snapshot.nodes.get(find(iri))
        if n is None or not n.types:
            continue
        entries[n.label] = (tuple(n.types), tuple(a for a in n.aliases if a != n.label))
    return UserLexicon(entries)
