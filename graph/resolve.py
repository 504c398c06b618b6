"""Entity resolution: one entity, one stable IRI, across names, aliases and documents.

Every name goes through :func:`name_key` (NFKC, lower case, Traditional to
Simplified, spaces and punctuation dropped), so 宇树科技 / 宇樹科技, ＧＰＴ-４ / gpt 4,
BOSS 直聘 / Boss直聘 fold to one key. An incoming entity joins an existing one when

1. any of its names or aliases has the key of an existing name or alias (any type);
2. one is the short form of the other and they share a type (掌阅科技 / 掌阅,
   日日新大模型 / 日日新, Stability AI / Stability);
3. rapidfuzz ``fuzz.ratio`` of the keys reaches :data:`FUZZY_THRESHOLD`, they share
   a type, and the guards of :func:`fuzzy_allowed` pass (no fuzzy merge of 2–3
   character Chinese names, nor of names that differ around a version number:
   GPT-4 / GPT-4o, DeepSeek-V3 / DeepSeek-R1, Llama 3 / Llama 3.1).

Otherwise it gets a new IRI minted from the key of its name (:func:`mint_iri`), so
the same report imported into a fresh database gets the same IRIs.

The threshold comes from ``tests/resolve/resolve_sweep.py`` over the labelled pairs in
``tests/resolve/pairs.tsv``; see :data:`FUZZY_THRESHOLD` for the figures.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from graph.textnorm import fold, has_cjk, t2s
from ontology import ZTID

# Chosen by measurement (tests/resolve/resolve_sweep.py, 173 hand-labelled pairs, 90 same /
# 83 different): 91-92 is the lowest plateau with no false merge (P 1.000, R 0.867, F1 0.929);
# the nearest wrong merge scores 90.9 (认知智能全国/国家重点实验室), the weakest typo
# joined 92.3 (GitHub Copliot). At 85 recall is 0.900 but one wrong merge appears; the
# guards matter more than the threshold: without them 92 makes 10 wrong merges.
FUZZY_THRESHOLD = 92.0
# Policies and government bodies differ by a word or a place name (浙江省/江苏省经济和信息化厅,
# 暂行办法/管理办法), people by one character: for them only exact and short-form matches.
FUZZY_TYPES = frozenset({"Company", "Investor", "ResearchInstitution", "AIModel", "Product", "Technology"})
CJK_MIN_FUZZY = 4  # Chinese names shorter than this never fuzzy-merge
LATIN_MIN_FUZZY = 7  # short Latin names are often distinct words: Runway/Runaway, Gemma/Gemini

_LATIN = re.compile(r"[A-Za-z]")
# everything that does not tell two names apart; '.' only between digits (GPT-3.5)
_NOISE = re.compile(
    r"[\s\u200b\u00b7\u2022\u30fb\u2027\-\u2010-\u2015_/\\'\"\u201c\u201d\u2018\u2019\u300c-\u300f"
    r"\u300a\u300b\u3008\u3009\u3010\u3011\[\]()\uff08\uff09,\uff0c\u3001\u3002:\uff1a;\uff1b!\uff01?\uff1f~*#|]+"
)
_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_TAG = re.compile(r"<[^>]{0,40}>")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The resolution and search key of a name: :func:`fold`, then spaces and punctuation dropped.

    >>> name_key("BOSS 直聘") == name_key("Boss直聘")
    True
    >>> name_key("GPT-3.5"), name_key("《生成式人工智能服务管理暂行办法》")
    ('gpt3.5', '生成式人工智能服务管理暂行办法')
    """
    return _DOT.sub("", _NOISE.sub("", fold(_TAG.sub(" ", name))))


def lang_of(name: str) -> str:
    """BCP 47 tag for an alias: zh, zh-Hant (Traditional form), en, or ''.

    >>> lang_of("字節跳動"), lang_of("字节跳动"), lang_of("Unitree"), lang_of("360")
    ('zh-Hant', 'zh', 'en', '')
    """
    if has_cjk(name):
        return "zh-Hant" if t2s(name) != name else "zh"
    return "en" if _LATIN.search(name) else ""


_STOCK = re.compile(
    r"^\s*(?:\d{6}\.(?:SZ|SH|BJ)|\d{4,5}\.HK|[A-Z]{1,5}\.(?:US|N|O)|(?:NASDAQ|NYSE|HK|SH|SZ)[:：]?\s*[A-Z0-9.]+)\s*$",
    re.I,
)
_PAREN = re.compile(r"^(?P<a>[^（(]+?)\s*[（(](?P<b>[^）)]+)[）)]\s*(?P<c>.*)$")
_BR = re.compile(r"<br\s*/?>|\n|\r", re.I)


def split_name(name: str) -> tuple[str, list[str], dict[str, str]]:
    """Split a raw name into (primary name, aliases, attrs).

    Handles bilingual table cells (``宇树科技<br>Unitree``), a parenthesised alias
    (``月之暗面（MoonShot AI）``) and a parenthesised stock code, which becomes an attribute.

    >>> split_name("宇树科技<br>Unitree")
    ('宇树科技', ['Unitree'], {})
    >>> split_name("月之暗面（MoonShot AI）")
    ('月之暗面', ['MoonShot AI'], {})
    >>> split_name("科大讯飞（002230.SZ）")
    ('科大讯飞', [], {'stock_code': '002230.SZ'})
    """
    parts = [re.sub(r"\s+", " ", _TAG.sub("", p)).strip() for p in _BR.split(name)]
    parts = [p for p in parts if p]
    if not parts:
        return name.strip(), [], {}
    primary, aliases, attrs = parts[0], parts[1:], {}
    m = _PAREN.match(primary)
    if m and not m.group("c"):
        inner = m.group("b").strip()
        primary = m.group("a").strip()
        if _STOCK.match(inner):
            attrs["stock_code"] = inner.strip()
        elif inner:
            aliases.append(inner)
    return primary, aliases, attrs


# Suffixes whose removal gives a short form of the same thing, by type. Only used
# between entities that share the type, and only one way round (see Resolver).
_ORG_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "集团股份", "控股集团", "集团", "控股", "公司",
    "科技", "技术", "智能", "网络", "信息",
    "incorporated", "inc", "ltd", "limited", "corporation", "corp", "co", "group", "holdings",
    "technologies", "technology", "tech", "ai",
)  # fmt: skip
_MODEL_SUFFIXES = ("大语言模型", "语言大模型", "大模型", "模型", "llm", "model")
SHORT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "Company": _ORG_SUFFIXES,
    "Investor": _ORG_SUFFIXES + ("资本", "创投", "投资", "基金", "capital", "ventures"),
    "ResearchInstitution": ("研究院", "研究所", "实验室", "lab", "labs"),
    "GovernmentBody": (),
    "AIModel": _MODEL_SUFFIXES,
    "Product": ("app", "小程序", "平台"),
    "Technology": ("技术", "架构", "算法"),
    "Policy": (),
    "Person": (),
}


# Registered names often start with the city or province of registration (北京字节跳动科技有限公司).
_PLACE_PREFIXES = (
    "北京", "上海", "天津", "重庆", "深圳", "广州", "杭州", "南京", "苏州", "成都", "武汉", "西安",
    "合肥", "厦门", "长沙", "青岛", "珠海", "东莞", "浙江", "江苏", "广东", "安徽", "湖北", "四川",
)  # fmt: skip
_PLACE_TYPES = frozenset({"Company", "Investor"})


def _long_enough(short: str) -> bool:
    return (len(short) >= 2 and has_cjk(short)) or len(short) >= 3


def _by_length(words: Iterable[str]) -> tuple[tuple[int, frozenset[str]], ...]:
    """Words grouped by length: a key is tested with one slice and set lookup per length."""
    groups: dict[int, set[str]] = {}
    for w in words:
        groups.setdefault(len(w), set()).add(w)
    return tuple((n, frozenset(ws)) for n, ws in sorted(groups.items()))


_SUFFIXES_BY_LEN = {t: _by_length(sufs) for t, sufs in SHORT_SUFFIXES.items()}
_PLACES_BY_LEN = _by_length(_PLACE_PREFIXES)


def short_forms(key: str, types: Iterable[str]) -> set[tuple[str, str]]:
    """(type, short key) pairs: ``key`` without up to two type suffixes (and, for companies,
    a leading place of registration), long enough to mean something.

    >>> sorted(short_forms(name_key("掌阅科技"), ["Company"]))
    [('Company', '掌阅')]
    >>> ("Company", "字节跳动") in short_forms(name_key("北京字节跳动科技有限公司"), ["Company"])
    True
    """
    out: set[tuple[str, str]] = set()
    for t in types:
        out.update((t, s) for s in _short_keys(key, t))
    return out


@lru_cache(maxsize=200_000)
def _short_keys(key: str, t: str) -> frozenset[str]:
    """The short keys of ``key`` for one type (cached: imports ask for the same names again)."""
    out: set[str] = set()
    sufs = _SUFFIXES_BY_LEN.get(t, ())
    starts = [key]
    if t in _PLACE_TYPES:
        starts += [key[n:] for n, places in _PLACES_BY_LEN if key[:n] in places and _long_enough(key[n:])]
    frontier = set(starts)
    for _ in range(2):
        nxt = set()
        for k in frontier:
            for n, words in sufs:
                if n < len(k) and k[-n:] in words and _long_enough(k[:-n]):
                    nxt.add(k[:-n])
        out.update(nxt)
        frontier = nxt
    out.update(starts[1:])
    out.discard(key)
    return frozenset(out)


_DIGITS = re.compile(r"\d+")


def _version_signature(key: str) -> tuple[str, ...]:
    """Digit runs plus the Latin letter runs touching them: what tells model versions apart."""
    toks = re.findall(r"[a-z]+|\d+|.", key)
    sig: list[str] = []
    for i, t in enumerate(toks):
        if t.isdigit():
            if i > 0 and toks[i - 1].isalpha() and toks[i - 1].isascii():
                sig.append(toks[i - 1])
            sig.append(t)
            if i + 1 < len(toks) and toks[i + 1].isalpha() and toks[i + 1].isascii():
                sig.append(toks[i + 1])
        elif t == ".":
            sig.append(t)
    return tuple(sig)


def fuzzy_allowed(a: str, b: str) -> bool:
    """Guards before a fuzzy merge of two keys (see the module docstring).

    >>> fuzzy_allowed(name_key("GPT-4"), name_key("GPT-4o"))
    False
    >>> fuzzy_allowed(name_key("DeepSeek-V3"), name_key("DeepSeek-R1"))
    False
    >>> fuzzy_allowed(name_key("Anthropic"), name_key("Antrhopic"))
    True
    """
    if has_cjk(a) or has_cjk(b):
        if min(len(a), len(b)) < CJK_MIN_FUZZY:
            return False
    elif min(len(a), len(b)) < LATIN_MIN_FUZZY:
        return False
    if (_DIGITS.search(a) or _DIGITS.search(b)) and _version_signature(a) != _version_signature(b):
        return False
    # one name extending the other is a variant (Stable Diffusion XL, Amazon Lexi), not a typo;
    # real short forms are handled by SHORT_SUFFIXES
    if a.startswith(b) or b.startswith(a):
        return False
    return True


def mint_iri(key: str) -> str:
    """A stable IRI for a resolution key: readable ASCII slug (if any) plus a hash.

    >>> mint_iri(name_key("OpenAI"))
    'https://zhitu.app/id/e/openai-7d3bbb5cbb'
    >>> mint_iri(name_key("百度")).startswith("https://zhitu.app/id/e/")
    True
    """
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")[:40].strip("-")
    return str(ZTID[f"e/{slug}-{digest}" if slug else f"e/{digest}"])


@dataclass(frozen=True, slots=True)
class Match:
    iri: str
    how: str  # "exact", "short", "fuzzy"
    score: float = 100.0
    matched: str = ""  # the existing key it matched


def match_in_order(
    keys: list[str],
    types: list[str],
    *,
    strong: Callable[[str], str | None],
    typed: Callable[[str, str], str | None],
    weak: Callable[[str, str], str | None],
    fuzzy_top: Callable[[str, str, int], Iterable[tuple[str, str, float]]],
    before_short: Callable[[list[tuple[str, str]]], object] | None = None,
) -> Match | None:
    """The resolution order both resolvers share: exact key, then short/long form, then fuzzy.

    The lookups are the caller's (dicts in memory, or the store's name index);
    ``before_short`` sees each key's short forms before they are looked up (the store
    reads their rows in one query).

    >>> match_in_order(["百度"], ["Company"], strong={"百度": "e1"}.get, typed=lambda *a: None,
    ...                weak=lambda *a: None, fuzzy_top=lambda *a: []).how
    'exact'
    """
    for k in keys:
        iri = strong(k)
        if iri is not None:
            return Match(iri, "exact", 100.0, k)
    for k in keys:
        for t in types:
            # incoming is the long form of an existing name, or its short form
            forms = short_forms(k, [t])
            if before_short is not None:
                before_short(forms)
            for st, short in forms:
                iri = typed(st, short)
                if iri is not None:
                    return Match(iri, "short", 100.0, short)
            iri = weak(t, k)
            if iri is not None:
                return Match(iri, "short", 100.0, k)
    best: Match | None = None
    for t in types:
        if t not in FUZZY_TYPES:
            continue
        for k in keys:
            for cand, iri, score in fuzzy_top(t, k, 5):
                if fuzzy_allowed(k, cand) and (best is None or score > best.score):
                    best = Match(iri, "fuzzy", float(score), cand)
                    break
    return best


@dataclass
class Resolver:
    """An index of known entities that decides where an incoming entity belongs.

    >>> r = Resolver()
    >>> r.add("urn:a", ["月之暗面", "MoonShot AI"], ["Company"])
    >>> r.resolve(["Moonshot AI"], ["Company"]).iri
    'urn:a'
    >>> r.resolve(["百度"], ["Company"]) is None
    True
    """

    threshold: float = FUZZY_THRESHOLD
    strong: dict[str, str] = field(default_factory=dict)  # key -> iri
    weak: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, short key) -> iri
    typed: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, key) -> iri
    types: dict[str, set[str]] = field(default_factory=dict)
    # fuzzy blocking: (type, first two chars) and (type, last two chars) -> {key: iri}.
    # At ratio >= ~90 on names of 4+ characters, one end of the name survives a typo,
    # so comparing within these blocks finds the same pairs as a full scan at a
    # fraction of the cost (a full scan is ~10 ms per name on 100k names).
    _blocks: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    # the same keys by length: (type, side, two chars) -> {len: [key, ...]}; only lengths
    # that can reach the threshold are compared (a block like (Company, $, 科技) is large)
    _by_len: dict[tuple[str, str, str], dict[int, list[str]]] = field(default_factory=dict)
    _order: dict[tuple[str, str], int] = field(default_factory=dict)  # (type, key) -> add order
    _seen: set[tuple[str, str, str]] = field(default_factory=set)

    def add(self, iri: str, names: Iterable[str], types: Iterable[str]) -> None:
        """Index ``names`` (raw) as belonging to ``iri`` with ``types``; first owner of a key wins."""
        tset = self.types.setdefault(iri, set())
        tset.update(types)
        for n in names:
            k = name_key(n)
            if not k:
                continue
            self.add_key(iri, k, tset)

    def add_key(self, iri: str, k: str, types: Iterable[str]) -> None:
        self.strong.setdefault(k, iri)
        for t in types:
            if (iri, k, t) in self._seen:
                continue
            self._seen.add((iri, k, t))
            self.typed.setdefault((t, k), iri)
            if t in FUZZY_TYPES:
                self._order.setdefault((t, k), len(self._order))
                for b in ((t, "^", k[:2]), (t, "$", k[-2:])):
                    block = self._blocks.setdefault(b, {})
                    if k not in block:
                        block[k] = iri
                        self._by_len.setdefault(b, {}).setdefault(len(k), []).append(k)
            for st, short in short_forms(k, [t]):
                self.weak.setdefault((st, short), iri)

    def resolve(self, names: Iterable[str], types: Iterable[str]) -> Match | None:
        """The existing entity that ``names`` (name first, then aliases) refer to, or None."""
        keys = [k for k in dict.fromkeys(name_key(n) for n in names) if k]
        return match_in_order(
            keys,
            list(types),
            strong=self.strong.get,
            typed=lambda st, short: self.typed.get((st, short)),
            weak=lambda t, k: self.weak.get((t, k)),
            fuzzy_top=self._fuzzy_top,
        )

    def _fuzzy_top(self, t: str, k: str, limit: int) -> list[tuple[str, str, float]]:
        """(key, iri, ratio) of the best ``limit`` keys of type ``t`` in the blocks of ``k``.

        The same list, in the same order, as ``process.extract`` over the union of the two
        blocks (head block first, ties by position), but only keys of a length that can
        reach the threshold are compared: a key other than ``k`` is at least
        ``max(|len difference|, 2 if equal lengths)`` edits away, which bounds its ratio.
        """
        head, tail = (t, "^", k[:2]), (t, "$", k[-2:])
        if head not in self._blocks and tail not in self._blocks:
            return []
        n = len(k)
        found: dict[str, tuple[float, int, int, str]] = {}
        for side, b in enumerate((head, tail)):
            by_len = self._by_len.get(b)
            if not by_len:
                continue
            block = self._blocks[b]
            for m, cands in by_len.items():
                d_min = abs(n - m) or 2
                if 100.0 * (1.0 - d_min / (n + m)) < self.threshold - 1e-6:
                    continue
                for cand, score, _ in process.extract(
                    k, cands, scorer=fuzz.ratio, score_cutoff=self.threshold, limit=limit
                ):
                    in_head = side == 0 or cand in self._blocks.get(head, {})
                    rank = (-score, 0 if in_head else 1, self._order[(t, cand)], block[cand])
                    if cand not in found or rank < found[cand]:
                        found[cand] = rank
        top = sorted(found.items(), key=lambda kv: kv[1])[:limit]
        return [(cand, r[3], -r[0]) for cand, r in top]


def same_entity(a: str, b: str, types: Iterable[str], threshold: float = FUZZY_THRESHOLD) -> Match | None:
    """Would ``b`` join an entity known only by the name ``a``? Used by the threshold sweep.

    >>> same_entity("字节跳动", "字節跳動", ["Company"]).how
    'exact'
    >>> same_entity("Llama 3", "Llama 3.1", ["AIModel"]) is None
    True
    """
    a_name, a_alias, _ = split_name(a)
    b_name, b_alias, _ = split_name(b)
    r = Resolver(threshold=threshold)
    r.add("a", [a_name, *a_alias], types)
    return r.resolve([b_name, *b_alias], types)
