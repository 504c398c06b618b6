"""Entity mentions in one block of text: gazetteer, name shapes, cue words.

Every finder works on the block's (Simplified) text with regular expressions and
returns :class:`Cand` spans; :func:`resolve_overlaps` keeps the best non-overlapping
set. Regex over the text rather than token patterns because jieba splits unknown
names (PITFALLS): the spaCy components map these spans onto tokens afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.extract.resources import CJK, GazEntry, Resources, norm_key, trie_pattern

LATIN_TOKEN = r"[A-Za-z][A-Za-z0-9]*(?:[-.·•'][A-Za-z0-9]+)*"
# a Latin name: first token, then more tokens that start upper-case or with a digit (Stable Diffusion, GPT-3 175B)
LATIN_RUN = re.compile(
    rf"(?<![A-Za-z0-9.\-])(?P<name>{LATIN_TOKEN}(?:[ ](?:[A-Z0-9][A-Za-z0-9]*(?:[-.·•][A-Za-z0-9]+)*|AI|ai|mini))*)(?![A-Za-z0-9])"
)
QUOTED = re.compile(r"[“\"「](?P<name>[^”\"」\n]{1,24})[”\"」]")
_HAS_LATIN = re.compile(r"[A-Za-z]")
_LATIN_STEM = re.compile(r"[A-Za-z0-9 .\-·]+")
# a leading date (2016年, 2023 年 12 月) or bare number before a name
_LEADING_DATE = re.compile(r"\s*\d{1,4}\s*(?:年|月|日|号)(?:\s*\d{1,2}\s*(?:月|日))*(?:起|以来|初|底|末)?\s*")
# a count before a name (70亿参数魔法大模型, 3 款): never part of it
_LEADING_COUNT = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:[亿万千百十]+)?\s*(?:参数|个|款|家|种|项|位)?\s*(?=[\u4e00-\u9fff])")
# a release after a product or model name: 9.0, V12, v2.1, 3.5 (a bare integer only before a boundary)
_VERSION = re.compile(r"[ \-]?(?:[vV]\d+(?:\.\d+)*|\d+\.\d+(?:\.\d+)*|\d{1,2}(?=[\s，。；、,）)]|$))(?![A-Za-z0-9.%])")
# a model code after a carmaker or phone maker: i8, L60, M9, SU7, P70, 001 (not a count: 100万辆, 3款)
_MODEL_CODE = re.compile(
    r"[ ]?(?:[A-Za-z]{1,3}\d{1,3}[A-Za-z]?|0\d{2})(?:[ ](?:Pro|Max|Ultra|Plus|EV|Turbo))?(?![A-Za-z0-9.%])"
)
_SIZE_TOKEN = re.compile(r"[\d.]+(?:[BbMKkT]|亿|万|千亿|百亿)?")
_CACHE_MAX = 50_000  # entries per cache; cleared when full (a long GUI session reads many reports)


def _skip_left(text: str, i: int) -> int:
    """``len(text[:i].rstrip(" "))`` without copying the text."""
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i


def _skip_right(text: str, i: int) -> int:
    """``len(text) - len(text[i:].lstrip(" "))`` without copying the text."""
    n = len(text)
    while i < n and text[i] == " ":
        i += 1
    return i


@dataclass(slots=True)
class Cand:
    """A candidate mention: ``text[start:end]`` names ``name`` of type ``type``."""

    start: int
    end: int
    name: str
    type: str
    conf: float
    rule: str
    aliases: set[str] = field(default_factory=set)
    attrs: dict[str, Any] = field(default_factory=dict)
    weak: bool = False  # the type may be overridden by context (table column, cue)
    gaz: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start

    def copy(self) -> Cand:
        """A fresh candidate: callers add aliases and retype, so cached ones are handed out as copies."""
        return Cand(
            self.start,
            self.end,
            self.name,
            self.type,
            self.conf,
            self.rule,
            set(self.aliases),
            dict(self.attrs),
            self.weak,
            self.gaz,
        )


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` starts with a character of ``CJK`` (a range test: no regex call per character)."""
    return bool(ch) and "\u4e00" <= ch[0] <= "\u9fff"


class MentionFinder:
    """Finds entity mentions in text using the rule data in :class:`Resources`."""

    def __init__(self, res: Resources, tokenize: Callable[[str], list[str]]) -> None:
        self.res = res
        self.tokenize = tokenize
        self.suffix_rules = []
        for rule in res.entity_rules:
            if rule["kind"] == "suffix":
                sufs = sorted(rule["suffixes"], key=len, reverse=True)
                rule["_suf_re"] = re.compile("|".join(re.escape(s) for s in sufs))
                rule["_not_followed"] = tuple(rule.get("not_followed_by", ()))
                self.suffix_rules.append(rule)
        places = res.lexicon.get("place_names", {}).get("words", ())
        for rule in self.suffix_rules:
            if rule.get("require_stem_words"):  # stems built of places and portfolios keep them whole
                words = [w for w in [*rule["require_stem_words"], *places] if len(w) >= 2]
                rule["_keep_re"] = re.compile(trie_pattern(words))
        self.regex_rules = [r for r in res.entity_rules if r["kind"] == "regex"]
        self.cue_latin = [r for r in res.entity_rules if r["kind"] == "cue_latin"]
        self.cue_quote = [r for r in res.entity_rules if r["kind"] == "cue_quote"]
        self.role_rules = [
            (x["type"], re.compile(x["after"]), r["conf"])
            for r in res.entity_rules
            if r["kind"] == "role_context"
            for x in r["rules"]
        ]
        spec = res.lexicon.get("pos_cut", {})
        self._pos_multi = frozenset(spec.get("multi", ()))
        self._pos_single = frozenset(spec.get("single", ()))
        self._pos_lead_multi = frozenset(spec.get("lead_multi", ()))
        self._pos_lead_single = frozenset(spec.get("lead_single", ()))
        self._pos_lead_chars = frozenset(spec.get("lead_chars", ()))
        self._pos_lead_freq = int(spec.get("lead_min_freq", 500))
        self._pos_lead_always = frozenset(spec.get("lead_always", ()))
        self.list_carry = [r for r in res.entity_rules if r["kind"] == "list_carry"]
        for r in self.list_carry:
            # the rest of the list up to the closing cue: only names and separators
            r["_tails"] = [
                (t, re.compile(r"[^，。；,;]{0,30}?(" + "|".join(map(re.escape, cues)) + ")"))
                for t, cues in r.get("tail_cues", {}).items()
            ]
        self.person_rules = [r for r in res.entity_rules if r["kind"] == "person_cue"]
        for r in self.person_rules:
            titles = sorted(r["titles_before"], key=len, reverse=True)
            joiners = "|".join(re.escape(j) for j in r["title_joiners"])
            alt = "|".join(re.escape(t) for t in titles)
            nf = "|".join(re.escape(w) for w in r.get("title_not_followed_by", ())) or "(?!)"
            r["_title_re"] = re.compile(rf"(?:{alt})(?:(?:{joiners})(?:{alt}))*(?!{nf})\s?(?=[{CJK}])")
            verbs = sorted(r["verbs_after"], key=len, reverse=True)
            r["_verb_re"] = re.compile(
                "|".join([re.escape(v) for v in verbs] + [f"(?:{f})" for f in r.get("frames_after", [])])
            )
        self.surnames = frozenset(res.words("surnames")) if "surnames" in res.lexicon else frozenset()
        self.name_end = (
            frozenset(res.words("name_end_chars")) if "name_end_chars" in res.lexicon else frozenset()
        )
        for r in self.cue_latin:  # longest cue first, sorted once
            r["_cues"] = [(t, sorted(cs, key=len, reverse=True)) for t, cs in r["cues"].items()]
            # every cue of the rule, by length: most Latin names have none next to them
            every = {c for cs in r["cues"].values() for c in cs}
            r["_any"] = (frozenset(every), sorted({len(c) for c in every}))
        self._stop_set = frozenset(res.left_stops)
        self._generic_chars = frozenset("".join(res.generic_stems) + "".join(res.generic_acronyms) + ".")
        self._stop_lens = sorted({len(w) for w in res.left_stops})
        self._unit_chars = frozenset(res.lexicon.get("unit_chars", {}).get("words", ()))
        self._places = frozenset(res.lexicon.get("place_names", {}).get("words", ()))
        self.doc_names: dict[str, str] = {}
        self._doc_re: re.Pattern[str] | None = None
        self._doc_any: re.Pattern[str] | None = None
        # Results by text. A report repeats headings, table cells and boilerplate, and the
        # document-name pre-pass reads the same blocks as the main pass. Every finder below is
        # a pure function of the text (and the document's names, which are part of the key).
        self._base_cache: dict[str, tuple[list[Cand], ...]] = {}
        self._find_cache: dict[tuple[str, tuple[tuple[int, int, str], ...]], list[Cand]] = {}
        self._generic_cache: dict[str, bool] = {}
        self._latin_cache: dict[str, bool] = {}
        self._token_cache: dict[str, tuple[str, ...]] = {}
        self.user_lexicon: Any = None  # graph.lexicon.UserLexicon: names the user's corrections vouch for

    def set_user_lexicon(self, lexicon: Any) -> None:
        """Consult ``lexicon`` (or nothing, for None) like the gazetteer from now on."""
        self.user_lexicon = lexicon or None
        self._find_cache.clear()

    def clear_caches(self) -> None:
        """Forget every text seen (a benchmark measuring a first read, a test isolating runs)."""
        caches = (
            self._base_cache,
            self._find_cache,
            self._generic_cache,
            self._latin_cache,
            self._token_cache,
        )
        for c in caches:
            c.clear()
        _pos_tags.cache_clear()
        _pos_cut_cached.cache_clear()

    # -- finders -------------------------------------------------------------
    def set_doc_names(self, names: dict[str, str]) -> None:
        """Names typed by a cue elsewhere in the current document (see Extractor._doc_names)."""
        self.doc_names = names
        alts = sorted(names, key=len, reverse=True)
        # most blocks hold none of the names: one trie scan says so before the alternation runs
        self._doc_any = re.compile(trie_pattern(n for n in names if n)) if any(names) else None
        self._doc_re = (
            re.compile(
                "|".join(
                    (r"(?<![A-Za-z0-9])" + re.escape(n) + r"(?![A-Za-z0-9])") if n.isascii() else re.escape(n)
                    for n in alts
                )
            )
            if alts
            else None
        )

    def _doc_mentions(self, text: str) -> list[Cand]:
        if self._doc_re is None or (self._doc_any is not None and not self._doc_any.search(text)):
            return []
        return [
            Cand(m.start(), m.end(), m.group(0), self.doc_names[m.group(0)], 0.55, "doc.name", {m.group(0)})
            for m in self._doc_re.finditer(text)
        ]

    def _base(self, text: str) -> tuple[list[Cand], list[Cand], list[Cand], list[Cand]]:
        """Copies of the document-independent finders' results: gazetteer, regex, cues, persons."""
        hit = self._base_cache.get(text)
        if hit is None:
            if len(self._base_cache) > _CACHE_MAX:
                self._base_cache.clear()
            hit = self._base_cache[text] = (
                self.gazetteer(text),
                self.regex(text),
                self.cues(text),
                self.persons(text),
            )
        return tuple([c.copy() for c in part] for part in hit)  # type: ignore[return-value]

    def find_cued(self, text: str) -> list[Cand]:
        """Only the names that cue words type (cheap pre-pass for the document's own names)."""
        _, regex, cues, persons = self._base(text)
        out = resolve_overlaps(regex + cues + persons)
        if self.list_carry and _HAS_LATIN.search(text):
            out = self._carry(text, out)
        return out

    def find(self, text: str) -> list[Cand]:
        doc = self._doc_mentions(text)
        key = (text, tuple((c.start, c.end, c.type) for c in doc))  # a doc mention is its span and type
        hit = self._find_cache.get(key)
        if hit is None:
            if len(self._find_cache) > _CACHE_MAX:
                self._find_cache.clear()
            hit = self._find_cache[key] = self._find(text, doc)
        return [c.copy() for c in hit]

    def _find(self, text: str, doc: list[Cand]) -> list[Cand]:
        gaz, regex, cues, persons = self._base(text)
        gaz += doc
        if self.user_lexicon is not None:
            gaz += self.user_lexicon.find(text)
        protected = [(c.start, c.end) for c in gaz]
        cands = gaz + regex + self.suffixes(text, protected) + cues + persons
        out = resolve_overlaps(cands)
        if self.list_carry and _HAS_LATIN.search(text):
            out = self._carry(text, out)
        if self.role_rules:
            for c in out:
                if c.weak:
                    self._role(text, c)
        return out

    def _carry(self, text: str, out: list[Cand]) -> list[Cand]:
        """Latin names inside a 、-list closed by a type cue take that type (华为、X、Y等手机厂商)."""
        occupied = [(c.start, c.end) for c in out]
        added: list[Cand] = []
        for rule in self.list_carry:
            seps = rule["separators"]
            for m in LATIN_RUN.finditer(text):
                s, e = m.span("name")
                before, after = text[max(0, s - 1) : s], text[e : e + 1]
                if before not in seps and after not in seps:
                    continue  # the cheapest test first: most Latin names are in no list
                if any(a < e and s < b for a, b in occupied) or not self._latin_ok(m.group("name")):
                    continue
                typ = None
                for t, tail_re in rule["_tails"]:
                    tail = tail_re.match(text, e)
                    if tail and (after in seps or tail.start(1) == e):
                        typ = t
                        break
                if typ:
                    name = m.group("name")
                    added.append(Cand(s, e, name, typ, rule["conf"], rule["id"], {name}))
                    occupied.append((s, e))
        return sorted(out + added, key=lambda c: c.start) if added else out

    def _role(self, text: str, c: Cand) -> None:
        """A weak (open-typed) name takes the role its sentence gives it (文心一言应用是…产品)."""
        after = text[c.end : c.end + 40]
        for typ, rx, conf in self.role_rules:
            if rx.match(after):
                c.type, c.weak, c.conf, c.rule = typ, False, conf, c.rule + "+role"
                return

    def gazetteer(self, text: str) -> list[Cand]:
        out = []
        guarded: list[Cand] = []
        for rx in (self.res.gaz_cjk_re, self.res.gaz_latin_re):
            if rx is None:
                continue
            for m in rx.finditer(text):
                e = self.res.lookup(m.group(0))
                if e is None:
                    continue
                c = Cand(m.start(), m.end(), e.name, e.type, 0.95, "gaz", {m.group(0)}, weak=e.weak, gaz=True)
                line = self._line(text, m.start(), m.end(), e)
                if line is not None:  # MagicOS 9.0, 理想 i8, 问界M9: a release or a product line of its own
                    out.append(line)
                    if e.guarded:
                        continue  # the code settles the guarded form; the longer span wins anyway
                (guarded if e.guarded and norm_key(m.group(0)) in e.guarded else out).append(c)
        if guarded:
            out += self._guard(text, out, guarded)
        return out

    def _line(self, text: str, start: int, end: int, e: GazEntry) -> Cand | None:
        """A version after a product or model (MagicOS 9.0, FSD V12, 天工3.5) names that release; a
        model code after a carmaker or phone maker (理想 i8, 问界M9, 极氪001) names a product line."""
        if e.type in ("Product", "AIModel"):
            v, typ = _VERSION.match(text, end), e.type
            if v is None and e.type == "Product":
                v = _MODEL_CODE.match(text, end)  # a car line's model: 问界M9
        elif e.model_lines:
            v, typ = _MODEL_CODE.match(text, end), "Product"
        else:
            return None
        if v is None:
            return None
        name = text[start : v.end()]
        return Cand(start, v.end(), name, typ, 0.85, "gaz.line", {name})

    def _guard(self, text: str, sure: list[Cand], guarded: list[Cand]) -> list[Cand]:
        """Gazetteer forms that are also common words or places (长城, 理想, 纳米, 联想) count only in
        context: a cue word next to them (lexicon.guard_context: 长城汽车, 据投资界报道), or a list
        separator between them and a name already accepted (吉利、长城、长安): acceptance spreads
        along the list, so a list of guarded words alone (3纳米、5纳米) stays out."""
        spec = self.res.lexicon.get("guard_context", {})
        after, before = tuple(spec.get("after", ())), tuple(spec.get("before", ()))
        seps = spec.get("separators", "、，,和与及/")
        ends = {c.end for c in sure}
        starts = {c.start for c in sure}
        kept: list[Cand] = []
        todo = list(guarded)
        changed = True
        while todo and changed:
            changed = False
            for c in list(todo):
                a, b = _skip_right(text, c.end), _skip_left(text, c.start)
                ok = text.startswith(after, a) or text.endswith(before, 0, b)
                if not ok and a < len(text) and text[a] in seps:
                    ok = _skip_right(text, a + 1) in starts
                if not ok and b > 0 and text[b - 1] in seps:
                    ok = _skip_left(text, b - 1) in ends
                if ok:
                    kept.append(c)
                    todo.remove(c)
                    ends.add(c.end)
                    starts.add(c.start)
                    changed = True
        return kept

    def regex(self, text: str) -> list[Cand]:
        out = []
        for rule in self.regex_rules:
            need = rule.get("_need")
            if need is not None and not need.search(text):
                continue  # a character every match holds is missing
            for m in rule["_re"].finditer(text):
                s, e = m.span("name")
                name = m.group("name")
                if rule["type"] == "Company" and "stock_code" in m.groupdict():
                    s2 = self._cut_left(text, s, e)
                    if s2 is None:
                        continue
                    s, name = s2, text[s2:e]
                    if self._generic(name):
                        continue
                name = name.strip()
                if rule.get("check_name") and not self._name_like(name):
                    continue
                stem = m.groupdict().get("stem")
                if rule.get("check_stem") and stem and (self._generic(stem) or not self._name_like(stem)):
                    continue  # 推出人形机器人: a generic stem before the tail names nothing
                if rule.get("stem_not_word") and self._common_word(name[:2], 100):
                    continue
                if rule["type"] == "Policy" and (name.count("“") != name.count("”") or name.count('"') % 2):
                    name = name.strip('“”"')  # an unbalanced quote is debris; “人工智能+”行动 keeps its pair
                attrs = {k: v for k, v in m.groupdict().items() if k not in ("name", "stem") and v}
                g = self.res.lookup(name)
                typ, weak = rule["type"], False
                if g is not None and rule["type"] not in ("Company",) and g.type != rule["type"]:
                    typ, weak = g.type, g.weak
                out.append(
                    Cand(
                        s,
                        e,
                        g.name if g else name,
                        typ,
                        rule["conf"],
                        rule["id"],
                        {name},
                        attrs,
                        weak,
                        g is not None,
                    )
                )
        return out

    def suffixes(self, text: str, protected: list[tuple[int, int]]) -> list[Cand]:
        out = []
        for rule in self.suffix_rules:
            for m in rule["_suf_re"].finditer(text):
                stem_end = m.start()
                if any(ps < m.end() < pe for ps, pe in protected):
                    continue  # the suffix sits inside a known longer name (千帆大模型平台)
                after = text[m.end() : m.end() + 1]
                if m.group(0)[-1].isascii() and after.isascii() and after.isalnum():
                    continue  # "App" inside "Applications"
                if (
                    m.group(0)[0].isascii()
                    and stem_end > 0
                    and text[stem_end - 1].isascii()
                    and text[stem_end - 1].isalpha()
                ):
                    continue
                if text.startswith(rule["_not_followed"], m.end()):
                    continue
                if rule.get("latin_stem_only") and rule["min_stem"] >= 1:
                    # the stem ends with the character before the suffix (unless it is space, or
                    # the stem is empty and too short): settled here, before the stem is cut
                    last = text[stem_end - 1] if stem_end > 0 else ""
                    if not last or not (last.isspace() or _LATIN_STEM.fullmatch(last)):
                        continue
                start = self._extend_left(
                    text, stem_end, rule["max_stem"], rule.get("allow_latin_stem", True)
                )
                keep = rule.get("_keep_re")
                if keep is not None:  # 成都 holds the stop word 都, 经济和信息化 holds 和: never cut inside
                    protected = protected + [k.span() for k in keep.finditer(text, start, stem_end)]
                start, cut = self._cut_stops(text, start, stem_end, protected)
                start = self._align(text, start, stem_end, cut)
                if rule.get("pos_cut") and stem_end - start > 2:
                    start += self._pos_cut(text[start:stem_end])
                if rule.get("pos_cut") and self._pos_lead_multi and self.res.lookup(text[start : m.end()]) is None:
                    start += self._lead_cut(text[start:stem_end])
                stem = text[start:stem_end].strip()
                start = stem_end - len(text[start:stem_end].lstrip()) if stem else stem_end
                if stem and stem[0] in self._unit_chars and start > 0:
                    # 12月人工智能, A 股人工智能: the unit closes the number before it
                    prev = text[:start].rstrip()[-1:]
                    if prev and prev.isascii() and prev.isalnum():
                        start += 1
                        stem = stem[1:]
                if len(stem.replace(" ", "")) < rule["min_stem"]:
                    continue
                if rule.get("reject_place_stem") and self._place_stem(stem):
                    continue
                if rule.get("latin_stem_only") and not _LATIN_STEM.fullmatch(stem):
                    continue
                if (
                    rule.get("strict_left")
                    and not cut
                    and start > 0
                    and (is_cjk(text[start - 1]) or text[start - 1].isalnum())
                ):
                    continue
                if self._generic(stem):
                    continue
                if stem.endswith(("轮", "战略")):
                    continue  # 天使+轮 投资, 阿里巴巴战略 投资了: a round or a verb, not a name
                if stem.endswith(tuple(rule.get("reject_stem_tails", ()))):
                    continue
                sg = self.res.lookup(stem)
                if sg is not None and sg.type == "Technology" and rule["type"] == "AIModel":
                    continue  # Diffusion 模型 is the technique
                req = rule.get("require_stem_words")
                if req and not any(w in stem for w in req):
                    continue
                end = m.end() if rule.get("keep_suffix", True) else stem_end
                name = text[start:end].strip()
                end = start + len(name)
                if name[:1] in "原前" and len(name) >= 3 and self.res.lookup(name) is None:
                    if self.res.lookup(name[1:]) is not None:  # 原美团联合创始人: "former", not the name
                        start, name = start + 1, name[1:]
                g = self.res.lookup(name)
                if g is not None:
                    out.append(Cand(start, end, g.name, g.type, 0.95, "gaz", {name}, weak=g.weak, gaz=True))
                    continue
                weak = bool(rule.get("weak"))
                out.append(Cand(start, end, name, rule["type"], rule["conf"], rule["id"], {name}, weak=weak))
        return out

    def cues(self, text: str) -> list[Cand]:
        out: list[Cand] = []
        if self.cue_latin and _HAS_LATIN.search(text):
            for m in LATIN_RUN.finditer(text):
                name = m.group("name")
                toks = name.split()
                if len(toks) % 2 == 0 and toks[: len(toks) // 2] == toks[len(toks) // 2 :]:
                    continue  # "Copy.ai Copy.ai": two table cells run together, not one name
                if not self._latin_ok(name):
                    continue
                # text[:b] is the text before, text[a:] after, spaces next to the name skipped
                b, a = _skip_left(text, m.start()), _skip_right(text, m.end())
                if text.endswith(("（", "("), 0, b) and text.startswith(("）", ")"), a):
                    a = _skip_right(text, a + 1)  # 混合专家（MoE）架构
                for rule in self.cue_latin:
                    hit = None
                    before = rule["side"] == "before"
                    after = rule["side"] == "after"
                    every, lens = rule["_any"]
                    if before:
                        touched = any(b >= n and text[b - n : b] in every for n in lens)
                    else:
                        touched = after and any(text[a : a + n] in every for n in lens)
                    if not touched:
                        continue  # no cue of this rule touches the name
                    for typ, cues in rule["_cues"]:
                        for cue in cues:
                            if (before and text.endswith(cue, 0, b)) or (after and text.startswith(cue, a)):
                                hit = typ
                                break
                        if hit:
                            break
                    if hit:
                        g = self.res.lookup(name)
                        if g is not None:
                            out.append(
                                Cand(
                                    m.start(),
                                    m.end(),
                                    g.name,
                                    g.type,
                                    0.95,
                                    "gaz",
                                    {name},
                                    weak=g.weak,
                                    gaz=True,
                                )
                            )
                            if g.weak:  # context beats a weak gazetteer type (DeepSeek成立于 -> Company)
                                out[-1].type, out[-1].rule = hit, rule["id"] + "+gaz"
                                out[-1].conf = 0.96
                        else:
                            out.append(Cand(m.start(), m.end(), name, hit, rule["conf"], rule["id"], {name}))
                        break
        for rule in self.cue_quote:
            for m in QUOTED.finditer(text):
                b = _skip_left(text, m.start())
                name = m.group("name").strip()
                if not name or self._generic(name):
                    continue
                if text.startswith(("之一", "之列", "中的", "阵营"), m.end()):
                    continue  # 大模型“六小龙”之一: a nickname of a group, no model
                for typ, cues in rule["cues"].items():
                    if any(text.endswith(c, 0, b) for c in cues):
                        g = self.res.lookup(name)
                        if g is not None and not g.weak:
                            typ = g.type
                        out.append(
                            Cand(
                                m.start("name"),
                                m.end("name"),
                                g.name if g else name,
                                typ,
                                rule["conf"],
                                rule["id"],
                                {name},
                            )
                        )
                        break
        return out

    def persons(self, text: str) -> list[Cand]:
        """Chinese person names by context: after a title (创始人兼CEO杨植麟) or before 创立/创办."""
        out: list[Cand] = []
        for rule in self.person_rules:
            for m in rule["_title_re"].finditer(text):
                name = self._name_after(text, m.end(), rule.get("min_freq_word", 100))
                if name:
                    out.append(
                        Cand(m.end(), m.end() + len(name), name, "Person", rule["conf"], rule["id"], {name})
                    )
            for m in rule["_verb_re"].finditer(text):
                p = m.start()
                for n in (3, 2):
                    a = p - n
                    if a < 0 or not all(is_cjk(ch) for ch in text[a:p]) or text[a] not in self.surnames:
                        continue
                    name = text[a:p]
                    if self._common_word(name[-2:], rule.get("min_freq_word", 100)) and n == 2:
                        continue
                    out.append(Cand(a, p, name, "Person", rule["conf"], rule["id"], {name}))
                    break
        return out

    def _name_after(self, text: str, i: int, min_freq: int) -> str | None:
        run = re.match(f"[{CJK}]{{2,3}}", text[i : i + 3])
        if not run:
            return None
        name = run.group(0)
        if len(name) == 3 and (name[2] in self.name_end or self._common_word(text[i + 2 : i + 4], 50)):
            name = name[:2]
        if len(name) == 2 and name[0] not in self.surnames and self._common_word(name, min_freq):
            return None
        if len(name) == 2 and self._common_word(name, 5000):
            return None  # 表示, 团队: a word, not a name
        if name[0] in self.name_end or self._common_word(name[:2], 1000):
            return None  # 发布了, 表示: a verb after the title, not a name
        return name

    def _lead_cut(self, stem: str) -> int:
        """Offset in ``stem`` past the words that open it but never open a name (lexicon.pos_cut
        lead_multi / lead_single): a time word, a verb or a number before the name (今天大模型,
        使文心大模型, 评估大语言模型, 有壁仞科技, 70亿参数魔法大模型). A stem that is only such
        words is cut whole, so the shape is no name."""
        num = _LEADING_COUNT.match(stem)
        cut = num.end() if num else 0
        cut += len(stem[cut:]) - len(stem[cut:].lstrip())
        for word, flag in _pos_tags(stem[cut:].rstrip()):
            if len(word) >= 2:
                lead = flag in self._pos_lead_always or (
                    flag in self._pos_lead_multi and self._common_word(word, self._pos_lead_freq)
                )
            else:
                lead = flag in self._pos_lead_single
            lead = lead or word.isdecimal() or word.isspace() or word in self._pos_lead_chars
            if not lead or stem.startswith("级", cut + len(word)):
                break  # 消费级 / 车规级: the word is part of a grade, not a verb before the name
            cut += len(word)
        return cut + (len(stem[cut:]) - len(stem[cut:].lstrip()))

    def _pos_cut(self, stem: str) -> int:
        """Offset in ``stem`` just past its last verb/adverb/function word (lexicon.pos_cut)."""
        return _pos_cut_cached(stem, self._pos_multi, self._pos_single)

    @staticmethod
    def _common_word(w: str, min_freq: int) -> bool:
        import jieba

        return len(w) >= 2 and (jieba.dt.FREQ.get(w) or 0) >= min_freq

    # -- helpers ---------------------------------------------------------------
    def _latin_ok(self, name: str) -> bool:
        ok = self._latin_cache.get(name)
        if ok is None:
            ok = self._latin_cache[name] = self._latin_ok_uncached(name)
        return ok

    def _latin_ok_uncached(self, name: str) -> bool:
        toks = name.split()
        if all(t in self.res.generic_acronyms for t in toks):
            return False
        # English words alone are no name; two capitalised words before a cue are (World Labs 创立的)
        if all(t in self.res.generic_acronyms or t in self.res.weak_latin for t in toks) and (
            len(toks) < 2 or not all(t[:1].isupper() for t in toks)
        ):
            return False
        if len(name) < 2:
            return False
        return not re.fullmatch(r"[A-Za-z]?\d+[A-Za-z]?", name)

    def _extend_left(self, text: str, end: int, max_units: int, allow_latin: bool) -> int:
        i, units = end, 0
        while i > 0 and units < max_units:
            ch = text[i - 1]
            if is_cjk(ch):
                i -= 1
                units += 1
            elif allow_latin and (ch.isascii() and (ch.isalnum() or ch in "-.·+")):
                j = i
                while j > 0 and text[j - 1].isascii() and (text[j - 1].isalnum() or text[j - 1] in "-.·+"):
                    j -= 1
                i = j
                units += 1
            elif ch == " " and allow_latin and i >= 2 and i < len(text) and text[i - 2] != " ":
                # one space between words of a name: "面壁 Luca 大模型", "GLM 大模型"
                i -= 1
            else:
                break
        while i < end and text[i] == " ":
            i += 1
        return i

    def _cut_stops(
        self, text: str, start: int, end: int, protected: list[tuple[int, int]]
    ) -> tuple[int, bool]:
        """Move ``start`` right past the last stop word inside ``text[start:end]``; say whether it moved."""
        stem = text[start:end]
        cut = 0
        # only the stop words present in the stem, found by its substrings (a stem is a few
        # characters, the list a few hundred words); their order does not matter, ``cut`` is a max
        present = {
            stem[i : i + n] for n in self._stop_lens for i in range(len(stem) - n + 1)
        } & self._stop_set
        for w in present:
            k = stem.rfind(w)
            while k >= 0:
                a = start + k
                if not any(ps <= a < pe for ps, pe in protected):
                    cut = max(cut, k + len(w))
                    break
                k = stem.rfind(w, 0, k)
        new = start + cut
        # a leading date (2016年, 2023 年 12 月) or bare number is not part of a name; 360 奇元 keeps its digits
        m = _LEADING_DATE.match(text, new, end)
        if m:
            new = m.end()
            cut = 1
        return new, cut > 0

    def _tokens(self, s: str) -> tuple[str, ...]:
        """jieba's tokens of a short window (the same windows recur around every repeated name)."""
        toks = self._token_cache.get(s)
        if toks is None:
            if len(self._token_cache) > _CACHE_MAX:
                self._token_cache.clear()
            toks = self._token_cache[s] = tuple(self.tokenize(s))
        return toks

    def _align(self, text: str, start: int, end: int, cut: bool) -> int:
        """Snap ``start`` to a jieba token boundary: a name does not begin inside a word (如何 -> 何)."""
        if start <= 0 or start >= end or not is_cjk(text[start]) or not is_cjk(text[start - 1]):
            return start
        w0 = max(0, start - 6)
        pos, bounds = w0, set()
        for tok in self._tokens(text[w0:end]):
            bounds.add(pos)
            pos += len(tok)
        if start in bounds:
            return start
        nxt = [b for b in sorted(bounds) if b > start]
        return nxt[0] if nxt else end

    def _cut_left(self, text: str, start: int, end: int) -> int | None:
        s = self._extend_left(text, end, 8, True)
        s = max(s, start - 0) if s > start else s
        s, _ = self._cut_stops(text, max(s, start), end, [])
        return s if s < end else None

    def _name_like(self, name: str) -> bool:
        """A short unknown name after a cue (助手小艺, 收购光年之外): not generic, no verb inside,
        not a common word, not starting with a function character."""
        if self.res.lookup(name) is not None:
            return True
        if self._generic(name) or name[0] in "的了在和与及或等这那该其此各某一个们日月年":
            return False
        if any(name.startswith(p) for p in self._places if len(p) >= 2):
            return False  # 收购美国晶片新创公司: a place opens a description, not a short name
        if self._common_word(name, 1500) or self._pos_cut(name) > 0:
            return False
        # one dictionary word that is a verb, idiom, numeral or adjective (领跑, 至关重要, 几类) is no name
        tags = _pos_tags(name)
        if len(tags) == 1 and (
            tags[0][1] in ("l", "i", "m") or (tags[0][1][:1] in "vad" and self._common_word(name, 20))
        ):
            return False
        return not any(name.startswith(w) or name.endswith(w) for w in self.res.left_stops)

    def _place_stem(self, stem: str) -> bool:
        """A stem that is only a place name (上海, 上海市, 浙江省)."""
        s = stem.strip()
        return s in self._places or (s[-1:] in "市省区县" and s[:-1] in self._places)

    def generic(self, stem: str) -> bool:
        """Public form of the generic-stem test (the extractor's settled-entity filter uses it)."""
        return self._generic(stem)

    def _generic(self, stem: str) -> bool:
        g = self._generic_cache.get(stem)
        if g is None:
            if len(self._generic_cache) > _CACHE_MAX:
                self._generic_cache.clear()
            g = self._generic_cache[stem] = self._generic_uncached(stem)
        return g

    def _generic_uncached(self, stem: str) -> bool:
        s = stem.strip().strip('“”"')
        if not s or not any(ch.isalnum() for ch in s):
            return True
        # every non-space character sits in a token that must be generic: a character no
        # generic word, acronym or number has settles it without segmenting
        if any(not (ch in self._generic_chars or ch.isspace() or ch.isdecimal()) for ch in s):
            return False
        toks = [t for t in self._tokens(s) if t.strip()]
        gen = self.res.generic_stems
        # a number, or a parameter count (3B, 70亿参数), describes a model; it names none
        if all(t in gen or t in self.res.generic_acronyms or _SIZE_TOKEN.fullmatch(t) for t in toks):
            return True
        return self._generic_cover(s.replace(" ", ""))

    def _generic_cover(self, s: str) -> bool:
        """``s`` is a run of generic words and sizes even where jieba splits one (3B端侧多模态推理:
        端/侧): a longest-first cover from the left, longest generic word 6 characters."""
        if re.search(r"[A-Za-z]", _SIZE_TOKEN.sub("", s)):
            return False  # a Latin word is judged whole by the tokens above (MiniMax is no Mini + Max)
        gen, acr = self.res.generic_stems, self.res.generic_acronyms
        i = 0
        while i < len(s):
            m = _SIZE_TOKEN.match(s, i)
            if m and m.end() > i:
                i = m.end()
                continue
            for n in range(min(6, len(s) - i), 0, -1):
                w = s[i : i + n]
                if w in gen or w in acr:
                    i += n
                    break
            else:
                return False
        return True


@lru_cache(maxsize=65536)
def _pos_tags(word: str) -> tuple[tuple[str, str], ...]:
    import jieba.posseg as pseg

    return tuple((w.word, w.flag) for w in pseg.lcut(word, HMM=False))


@lru_cache(maxsize=65536)
def _pos_cut_cached(stem: str, multi: frozenset[str], single: frozenset[str]) -> int:
    import jieba.posseg as pseg

    pos, cut = 0, 0
    for w in pseg.lcut(stem, HMM=False):
        pos += len(w.word)
        flags = multi if len(w.word) >= 2 else single
        if w.flag in flags and pos < len(stem):
            cut = pos
    return cut


def resolve_overlaps(cands: list[Cand]) -> list[Cand]:
    """Longest span wins; on a tie the more reliable rule. Spans never overlap afterwards."""
    cands = sorted(cands, key=lambda c: (-c.length, -c.conf, c.start))
    taken: list[Cand] = []
    occupied = bytearray(max((c.end for c in cands), default=0) + 1)
    for c in cands:
        if c.start >= c.end or any(occupied[c.start : c.end]):
            continue
        taken.append(c)
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
    return sorted(taken, key=lambda c: c.start)
