"""Rule data for the extractor, loaded once from ``assets/`` (gazetteer and patterns).

Everything the rules know lives in JSONL/JSON files under ``assets/patterns`` and
``assets/gazetteer``; this module only parses them into fast lookup structures.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).resolve().parents[2] / "assets"
PATTERNS = ASSETS / "patterns"
GAZETTEER = ASSETS / "gazetteer"

CJK = "\u4e00-\u9fff"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSONL file, skipping the leading ``{"comment": ...}`` header rows."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        row = json.loads(line)
        if set(row) <= {"comment"}:
            continue
        rows.append(row)
    return rows


_KEY_DROP = re.compile(r"[\s《》“”\"'‘’「」()（）\[\]【】·・•,，、:：;；.。!！?？\-_/]+")


@lru_cache(maxsize=1 << 16)  # the same few thousand names are keyed again and again
def norm_key(name: str) -> str:
    """Case-, width- and space-insensitive key for a name."""
    return _KEY_DROP.sub("", unicodedata.normalize("NFKC", name).lower())


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for a set of literal words, factored as a trie.

    Matches exactly what the alternation of the words sorted longest first matches (at each
    position only one branch can continue, and the greedy optional tail tries the longer word
    first), but the engine walks one path instead of trying every word at every position.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def required_chars(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-character class every match of ``rx`` contains, as a pattern to ``search`` first.

    Read from the parsed pattern: a literal or a small character class the match must
    consume (not inside a look-around, an optional part or only some branches). A text
    without any of these characters cannot match, so skipping it changes nothing; a
    scan for one character class is far cheaper than trying a pattern at every position.
    None when nothing is certain (case-insensitive patterns, only broad classes).
    """
    try:
        from re import _constants as C
        from re import _parser as P
    except ImportError:  # pragma: no cover - the private modules moved
        return None
    if rx.flags & re.IGNORECASE:
        return None

    def chars(op: object, av: object) -> set[str] | None:
        if op is C.LITERAL:
            return {chr(av)}  # type: ignore[arg-type]
        if op is C.IN:
            out: set[str] = set()
            for o, a in av:  # type: ignore[attr-defined]
                if o is C.LITERAL:
                    out.add(chr(a))
                elif o is C.RANGE and a[1] - a[0] < 64:
                    out.update(chr(c) for c in range(a[0], a[1] + 1))
                else:  # negation, categories (\s, \d), wide ranges
                    return None
            return out
        return None

    def seq(items: Iterable[tuple[object, object]]) -> set[str] | None:
        """The smallest required set among the items of a sequence."""
        best: set[str] | None = None
        for op, av in items:
            got: set[str] | None
            if op is C.SUBPATTERN:
                _group, add, _del, sub = av  # type: ignore[misc]
                got = None if add & re.IGNORECASE else seq(sub)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
                lo, _hi, sub = av  # type: ignore[misc]
                got = seq(sub) if lo >= 1 else None
            elif op is C.BRANCH:
                parts = [seq(b) for b in av[1]]  # type: ignore[index]
                got = set().union(*parts) if parts and all(p is not None for p in parts) else None
            else:
                got = chars(op, av)
            if got and (best is None or len(got) < len(best)):
                best = got
        return best

    need = seq(P.parse(rx.pattern, rx.flags))
    if not need:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(need)) + "]")


@dataclass(slots=True)
class GazEntry:
    name: str
    type: str
    aliases: list[str]
    weak: bool = False
    guarded: frozenset[str] = frozenset()  # norm keys of forms that count only in context
    developer: str | None = None  # models: the organisation that develops it (knowledge for relations)
    model_lines: bool = False  # carmakers, phone makers: a model code after the name is a product line


@dataclass
class Resources:
    """Parsed rule data. Build with :func:`load_resources`."""

    gazetteer: list[GazEntry]
    entity_rules: list[dict[str, Any]]
    relation_rules: list[dict[str, Any]]
    table_rules: list[dict[str, Any]]
    lexicon: dict[str, Any]
    form_index: dict[str, GazEntry] = field(default_factory=dict)
    confidence: dict[str, Any] = field(default_factory=dict)  # confidence.json: evidence weights
    frames: list[dict[str, Any]] = field(default_factory=list)  # frames.jsonl: event frames

    def words(self, key: str) -> list[str]:
        return list(self.lexicon[key]["words"])

    @cached_property
    def left_stops(self) -> list[str]:
        return sorted(self.words("left_stop_words"), key=len, reverse=True)

    @cached_property
    def generic_stems(self) -> frozenset[str]:
        return frozenset(self.words("generic_stem_words"))

    @cached_property
    def generic_acronyms(self) -> frozenset[str]:
        return frozenset(self.words("generic_acronyms"))

    @cached_property
    def weak_latin(self) -> frozenset[str]:
        return frozenset(self.words("weak_latin_words"))

    @cached_property
    def currencies(self) -> dict[str, str]:
        return dict(self.lexicon["currencies"]["map"])

    @cached_property
    def round_re(self) -> re.Pattern[str]:
        return re.compile(self.lexicon["round_pattern"]["regex"])

    @cached_property
    def gaz_cjk_re(self) -> re.Pattern[str] | None:
        forms = [f for f in self.form_index_raw if f and not re.match(r"[A-Za-z0-9]", f)]
        if not forms:
            return None
        return re.compile(trie_pattern(forms))

    @cached_property
    def gaz_latin_re(self) -> re.Pattern[str] | None:
        forms = [f for f in self.form_index_raw if re.match(r"[A-Za-z0-9]", f)]
        if not forms:
            return None
        # case-folded trie: the match is case-insensitive anyway; the look-ahead up front lets
        # the scan skip non-Latin characters before it tries the look-behind
        folded = {f.lower() for f in forms}
        if any(len(f.lower()) != len(f) for f in forms):  # folding would change the spans
            folded = set(forms)
        return re.compile(
            rf"(?=[A-Za-z0-9])(?<![A-Za-z0-9])(?:{trie_pattern(folded)})(?![A-Za-z0-9]|-[A-Za-z0-9])", re.IGNORECASE
        )

    @cached_property
    def form_index_raw(self) -> dict[str, GazEntry]:
        out: dict[str, GazEntry] = {}
        for e in self.gazetteer:
            for f in [e.name, *e.aliases]:
                out.setdefault(f, e)
        return out

    @cached_property
    def developers(self) -> dict[str, str]:
        """Model name -> developer name, from the knowledge base (kb_models.jsonl)."""
        return {e.name: e.developer for e in self.gazetteer if e.developer}

    def lookup(self, form: str) -> GazEntry | None:
        """The gazetteer entry for a surface form (case/width/space-insensitive)."""
        return self.form_index.get(norm_key(form))


def load_resources(patterns: Path = PATTERNS, gazetteer: Path = GAZETTEER) -> Resources:
    gaz = [
        GazEntry(
            r["name"],
            r["type"],
            list(r.get("aliases", [])),
            bool(r.get("weak", False)),
            frozenset(norm_key(g) for g in r.get("guarded", ())),
            r.get("developer"),
            bool(r.get("model_lines", False)),
        )
        for f in sorted(gazetteer.glob("*.jsonl"))
        for r in read_jsonl(f)
    ]
    res = Resources(
        gazetteer=gaz,
        entity_rules=read_jsonl(patterns / "entity_rules.jsonl"),
        relation_rules=read_jsonl(patterns / "relation_rules.jsonl"),
        table_rules=read_jsonl(patterns / "table_headers.jsonl"),
        lexicon=json.loads((patterns / "lexicon.json").read_text(encoding="utf-8")),
    )
    conf_file = patterns / "confidence.json"
    if conf_file.exists():
        res.confidence = json.loads(conf_file.read_text(encoding="utf-8"))
    if (patterns / "frames.jsonl").exists():
        res.frames = read_jsonl(patterns / "frames.jsonl")
    for e in gaz:
        for f in [e.name, *e.aliases]:
            res.form_index.setdefault(norm_key(f), e)
    for rule in res.entity_rules:
        if rule.get("pattern"):
            rule["_re"] = re.compile(rule["pattern"])
            rule["_need"] = required_chars(rule["_re"])
    return res
