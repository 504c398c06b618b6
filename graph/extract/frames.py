"""Event frames over prose: roles filled from a sentence, relations built from the roles.

A frame is data (``assets/patterns/frames.jsonl``): an *event* line names its roles (slot
type, whether a missing role carries over from the context) and the relations its roles
state; *pattern* lines are regexes over the sentence with every mention masked as its
type, whose named groups fill roles. The pieces the code adds to a plain trigger rule:

- **Slots type their fillers.** A list slot (``{L:role}``) accepts, besides mentions, a
  name no finder knew (华登国际, 芯岚微) once it passes a shape check (length, no verb or
  function word, not a generic or common word); it becomes a mention of the slot's type.
- **Lists distribute.** ``A、B和C等机构`` fills the slot with every member.
- **Subjects carry.** A role left empty, or filled by 该公司/其/公司, resolves to the
  clause's subject, the last event of the same kind in the paragraph, or the heading's
  organisation.
- **Funding qualifiers.** round, amount, currency and date are read from the sentence
  (or carried from the sentence that opened the event: 本轮融资由…); lead from the role.
- **Units.** An organisation named as a known organisation plus a unit tail (百度智能云,
  腾讯云, vivo AI全球研究院) is a subsidiary of it.

>>> expand("由{L:lead}领投").startswith("由(?P<lead>")
True
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from graph.extract.developers import ModelDevelopers, name_prefix
from graph.extract.mentions import Cand, MentionFinder
from graph.extract.normalize import AMOUNT_RE, parse_amount, parse_event_date
from graph.extract.resources import Resources, required_chars
from graph.model import ORGANISATION_TYPES as ORG
from graph.model import allowed

if TYPE_CHECKING:
    from graph.extract.relations import Context, RelCand

MASK_ONE = r"\ue000\d+:\w+\ue001"
_VERSION = re.compile(r"\s?(?:[Vv]?\d+(?:\.\d+)*[A-Za-z]?|Pro|Max|Turbo|Plus)")
_CLAUSE_END = re.compile(r"[，,；;。！？!?]")
_VALUATION = re.compile(r"\s*(?:的)?(?:估值|市值)")
_BACK_REF = re.compile(r"本轮|此轮|该轮|这轮|此次|本次|这笔|该笔|这次")
_BOUNDARY = frozenset("，,。；;：:、（(“\"「 \n—-•")
_CLAUSE_SPLIT = re.compile(r"[，,；;。]")
# a clause stating a plan, an industry statistic or an earlier event (继 … 后): it qualifies no
# funding round of the sentence
_FOREIGN_CLAUSE = re.compile(r"计划|预计|将于|有望|规模达|总规模|融资事件|投资事件|同比|累计|^继.+后$|成立以来$")
# a sentence announcing a round of its own (完成/获得…融资), not one referring back (本轮)
_NEW_ROUND = re.compile(r"(?:完成|获得|拿下|斩获|迎来)(?:了)?[^，,。；;]{0,20}?融资")
_SEMI = re.compile(r"[；;]")
_EDGE_PUNCT = " \t\u3000-–—•·●▪*#>|/\\,，。；;:：、!！?？~…"
_CLAUSE_PRONOUN = re.compile(r"(?:^|[，,：:])\s*(?:该公司|公司|其|这家公司)(?=[^\u4e00-\u9fff]|已|将|还|也|在|于|正|近日|今日|日前|通过|透过)")
# a name cited as the source of what follows (据天眼查信息显示, 据36氪报道): never the subject
_SOURCE_BEFORE = re.compile(r"(?:据|根据|援引|来源[:：]?)\s*$")
_SOURCE_AFTER = re.compile(r"\s*(?:的)?(?:信息|数据|资料|消息|公开资料)?(?:显示|报道|获悉|消息称|查询|披露)|讯\s*[:：]")


def _source(text: str, c: Cand) -> bool:
    """``c`` is cited as the source of the sentence (据X显示, X报道, a dateline X讯：)."""
    return bool(_SOURCE_BEFORE.search(text, max(0, c.start - 4), c.start) or _SOURCE_AFTER.match(text, c.end))


def _left_orgs(text: str, ms: list[Cand], pos: int, taken: set[int]) -> list[Cand]:
    """The organisations named before ``pos``, not yet in a role and not cited as a source."""
    return [c for c in ms if c.end <= pos and c.type in ORG and id(c) not in taken and not _source(text, c)]


_MASK_IDX = re.compile(r"\ue000(\d+):(\w+)\ue001")
# characters that never sit inside a raw list item
_RAW = (
    r"(?:[^\ue000\ue001\s，,。；;、：:！？!?“”\"《》（）()「」—\-和与及以等]"
    r"|和(?=信息化|城乡|社会保障|改革|科技|技术|国际))"  # 经济和信息化委员会, 住房和城乡建设部
)
_SEP = r"\s*(?:、|和|与|及|以及|/)\s*"
_PAREN = r"(?:\s*[（(](?:[^）)\ue000\ue001]|\ue000\d+:\w+\ue001){0,24}[）)])?"
# a list's closing words: 等机构, 等老股东, 在内的约20家车企, 等20余家车企
_ETC = (
    r"(?:\s*(?:等+|在内的?)?\s*(?:约|超过?|近|逾)?(?:\d+|[一二两三四五六七八九十多数几]+)余?(?:家|个|位)"
    r"[^\ue000\ue001，,。；;！？!?]{0,8}?|\s*等+[^\ue000\ue001，,。；;！？!?]{0,12}?)?"
)
_TYPES = {
    "ORG": "(?:Company|Investor|GovernmentBody|ResearchInstitution)",
    "ART": "(?:AIModel|Product)",
    "MODEL": "AIModel",
    "PERSON": "Person",
    "POLICY": "Policy",
    "GOV": "GovernmentBody",
    "ANY": r"\w+",
}


# a Latin name with versions and spaced words: MagicOS 9.0, GR-2, Kimi K2
_LATIN = r"[A-Za-z][A-Za-z0-9.+]*(?:[\-·][A-Za-z0-9.+]+)*(?: (?:[A-Z0-9][A-Za-z0-9.+]*(?:[\-·][A-Za-z0-9.+]+)*|AI))*"


def _item(raw_max: int) -> str:
    # a mention (maybe with a short tail: 高瓴 创投) or a raw name, maybe with a bracket after it
    return rf"(?:{_RAW}{{0,6}}?{MASK_ONE}{_RAW}{{0,4}}?|{_LATIN}|{_RAW}{{2,{raw_max}}}?){_PAREN}"


def expand(pattern: str) -> str:
    """Frame macros -> regex over the masked sentence.

    ``{L:role}`` a list of mentions or raw names, ``{M:role}`` a list of mentions of any type,
    ``{ORG:role}``/``{ART:role}``/``{MODEL:role}``/``{PERSON:role}`` one typed mention,
    ``{ETC}`` a list's closing words, ``{W}`` a non-name character of the clause.
    """
    item = _item(14)

    def lst(m: re.Match[str]) -> str:
        return rf"(?P<{m.group(1)}>{item}(?:{_SEP}{item})*)"

    pattern = re.sub(r"\{L:(\w+)\}", lst, pattern)
    # a right-open list: greedy raw items, closed by 等 or the clause's end
    greedy = rf"(?:{_RAW}{{0,4}}?{MASK_ONE}{_RAW}{{0,12}}|{_LATIN}|{_RAW}{{2,14}}){_PAREN}"
    pattern = re.sub(
        r"\{R:(\w+)\}",
        lambda m: rf"(?P<{m.group(1)}>{greedy}(?:{_SEP}{greedy})*)(?=\s*(?:等|[，,。；;！？!?]|$))",
        pattern,
    )
    pattern = re.sub(r"\{PRON:(\w+)\}", lambda m: rf"(?P<{m.group(1)}>该公司|这家公司|其|该企业)", pattern)
    pattern = re.sub(
        r"\{MPRON:(\w+)\}", lambda m: rf"(?P<{m.group(1)}>(?<![\u4e00-\u9fff])它|该模型|这一模型|该系列|这款模型)", pattern
    )
    pattern = re.sub(
        r"\{M:(\w+)\}", lambda m: rf"(?P<{m.group(1)}>{MASK_ONE}(?:{_SEP}{MASK_ONE})*)", pattern
    )
    for k, t in _TYPES.items():
        pattern = re.sub(
            r"\{" + k + r":(\w+)\}", lambda m, t=t: rf"(?P<{m.group(1)}>\ue000\d+:{t}\ue001)", pattern
        )
    pattern = pattern.replace("{ETC}", _ETC)
    return pattern.replace("{W}", r"[^\ue000\ue001。；;！？!?，,]")


@dataclass
class _Masked:
    text: str
    orig: list[int]  # masked position -> original position (a mask maps to its mention's start)
    ms: list[Cand] = field(default_factory=list)  # the mentions as masked (ms may change after)

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.orig[a], self.orig[b - 1] + 1 if b > a else self.orig[a]


def mask(text: str, ms: list[Cand]) -> _Masked:
    """The sentence with every mention replaced by ``\\ue000i:Type\\ue001``, and the position map."""
    parts: list[str] = []
    orig: list[int] = []
    pos = 0
    for i, m in enumerate(ms):
        if m.start < pos:
            continue
        parts.append(text[pos : m.start])
        orig.extend(range(pos, m.start))
        tok = f"\ue000{i}:{m.type}\ue001"
        parts.append(tok)
        orig.extend([m.start] * (len(tok) - 1) + [m.end - 1])
        pos = m.end
    parts.append(text[pos:])
    orig.extend(range(pos, len(text)))
    orig.append(len(text))
    return _Masked("".join(parts), orig, list(ms))


@dataclass
class _Event:
    spec: dict[str, Any]
    start: int
    fills: dict[str, list[Cand]] = field(default_factory=dict)
    pron: set[str] = field(default_factory=set)  # roles filled by 该公司/其: resolve from context
    rules: list[str] = field(default_factory=list)
    conf: float = 0.0
    spans: list[tuple[int, int]] = field(default_factory=list)  # its frame matches in the sentence
    segment: tuple[int, int] | None = None  # the part of the sentence between ； that holds it


class EventFrames:
    """Interprets ``frames.jsonl`` on one sentence: :meth:`run` -> relation candidates.

    New names that fill a slot are appended to the sentence's mention list ``ms`` (and
    mentions they overlap are dropped), so they become entities like any other mention.
    """

    def __init__(self, res: Resources, finder: MentionFinder | None = None) -> None:
        self.res = res
        self._finder = finder
        self._slot_names: dict[str, str] = {}  # names slots typed in the current sentence
        self.spans: list[tuple[str, int, int]] = []
        rows = list(getattr(res, "frames", []) or [])
        self.lex: dict[str, Any] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.patterns: dict[str, list[tuple[re.Pattern[str], dict[str, Any], re.Pattern[str] | None]]] = {}
        for r in rows:
            kind = r.get("kind")
            if kind == "lexicon":
                self.lex[r["id"]] = r
            elif kind == "event":
                r["_trigger"] = re.compile(r["trigger"])
                self.events[r["event"]] = r
                self.patterns.setdefault(r["event"], [])
        for r in rows:
            if r.get("kind") == "pattern":
                rx = re.compile(expand(r["pattern"]))
                self.patterns.setdefault(r["event"], []).append((rx, r, required_chars(rx)))
        names = self.lex.get("names", {})
        self.strip_prefix = re.compile(names.get("strip_prefix", "(?!)"))
        self.strip_suffix = re.compile(names.get("strip_suffix", "(?!)"))
        self.descriptor = re.compile(names.get("descriptor_cut", "(?!)"))
        self.reject = re.compile(names.get("reject", "(?!)"))
        self.org_tails = tuple(names.get("org_tails", ()))
        self.company_tails = tuple(names.get("company_tails", ()))
        self.modifier_tail = re.compile(names.get("modifier_tails", "(?!)"))
        self.gov_tail = re.compile(names.get("gov_tails", "(?!)"))
        self.pronouns = frozenset(self.lex.get("pronouns", {}).get("words", ()))
        units = self.lex.get("units", {})
        tails = sorted(units.get("tails", ()), key=len, reverse=True)
        self.unit_re = re.compile("(?:" + "|".join(map(re.escape, tails)) + ")") if tails else None
        self.unit_not_after = re.compile(units.get("not_after", "(?!)"))
        self.unit_tails = tails
        model_tails = sorted(self.lex.get("model_stems", {}).get("tails", ()), key=len, reverse=True)
        self.model_tails = tuple(model_tails)
        self.surnames = frozenset(res.words("surnames")) if "surnames" in res.lexicon else frozenset()
        self.any_trigger = (
            re.compile("|".join(f"(?:{e['trigger']})" for e in self.events.values())) if self.events else None
        )

    @cached_property
    def developers(self) -> ModelDevelopers:
        return ModelDevelopers(self.res)

    @property
    def finder(self) -> MentionFinder:
        if self._finder is None:
            import jieba

            self._finder = MentionFinder(self.res, lambda s: jieba.lcut(s, HMM=False))
        return self._finder

    # -- public ----------------------------------------------------------------
    def run(self, text: str, ms: list[Cand], block: int, ctx: Context) -> list[RelCand]:
        """Relations the frames state in ``text``; ``ms`` (sorted mentions) may gain slot fillers."""
        out: list[RelCand] = []
        self.spans: list[tuple[str, int, int]] = []  # (event, start, end) of every frame match
        if self.unit_re is not None:
            out += self._units(text, ms, block, ctx)
        if self.any_trigger is None or not self.any_trigger.search(text):
            self._remember(ms, ctx)
            return out
        if ctx.slot_names or ctx.orgs:  # only where a frame may read them
            self._known_names(text, ms, ctx)
        mk = mask(text, ms)
        found: list[_Event] = []
        for name, spec in self.events.items():
            if not spec["_trigger"].search(text):
                continue
            # a merging event (a funding round) is one event per segment of the sentence: the
            # segments split at ；(A+轮由甲领投；A轮投资方包括乙: two rounds, two events)
            cuts = [m.start() for m in _SEMI.finditer(mk.text)]
            merged: dict[int, _Event] = {}
            for rx, pat, need in self.patterns.get(name, []):
                if need is not None and not need.search(mk.text):
                    continue  # a character every match holds is missing
                for m in rx.finditer(mk.text):
                    seg = bisect.bisect_right(cuts, m.start())
                    prior = merged.get(seg) if spec.get("merge") else None
                    ev = prior if prior is not None else _Event(spec, mk.orig[m.start()])
                    got = self._fill(text, mk, m, ms, spec, ev)
                    if not got:
                        continue
                    ev.rules.append(pat["id"])
                    ev.conf = max(ev.conf, pat.get("conf", 0.7))
                    span = (mk.orig[m.start()], mk.orig[max(m.start(), m.end() - 1)] + 1)
                    self.spans.append((name, *span))
                    ev.spans.append(span)
                    if spec.get("merge"):
                        if prior is None:
                            merged[seg] = ev
                            ev.segment = (
                                mk.orig[cuts[seg - 1]] + 1 if seg else 0,
                                mk.orig[cuts[seg]] if seg < len(cuts) else len(text),
                            )
                    else:
                        found.append(ev)
            found += [merged[k] for k in sorted(merged)]
        fresh = _NEW_ROUND.search(text) is not None and not _BACK_REF.search(text)
        for ev in found:
            if fresh and ev.spec.get("qualifiers") == "funding" and not ev.fills.get("company"):
                self._unresolved(ctx)  # a new round of a company not resolved here
            out += self._relations(text, ms, block, ctx, ev)
        if fresh and not any(ev.spec.get("qualifiers") == "funding" for ev in found):
            # X 完成 B 轮融资 with X unresolved: the next 本轮融资 belongs to X, not to the
            # company of an earlier round
            self._unresolved(ctx)
        self._remember(ms, ctx)
        return out

    # -- filling -----------------------------------------------------------------
    def _fill(
        self, text: str, mk: _Masked, m: re.Match[str], ms: list[Cand], spec: dict[str, Any], ev: _Event
    ) -> bool:
        got = False
        roles = spec["roles"]
        for group, val in m.groupdict().items():
            role = group.split("__")[0]  # investor__2: a second span of the same role
            if val is None or role not in roles:
                continue
            rs = roles[role]
            a, b = m.span(group)
            if val.strip() in self.pronouns:
                ev.pron.add(role)
                got = True
                continue
            members = self._members(text, mk, a, b, ms, rs)
            if members:
                lst = ev.fills.setdefault(role, [])
                for c in members:
                    if all(c is not x for x in lst):
                        lst.append(c)
                got = True
        return got

    def _members(
        self, text: str, mk: _Masked, a: int, b: int, ms: list[Cand], rs: dict[str, Any]
    ) -> list[Cand]:
        """Every member of the list ``mk.text[a:b]``: its mentions, and raw names that pass the shape check."""
        span = mk.text[a:b]
        typ = rs["type"]
        fam = ORG if typ in ORG else frozenset(rs.get("types", [typ]))
        # items: split on separators outside brackets and masks
        items: list[tuple[int, int]] = []
        depth, start, i = 0, 0, 0
        while i < len(span):
            ch = span[i]
            if ch in "（(":
                depth += 1
            elif ch in "）)":
                depth = max(0, depth - 1)
            elif ch == "\ue000":
                i = span.index("\ue001", i)
            elif depth == 0:
                sep = re.match(_SEP, span[i:])
                if sep and sep.end() > 0 and (ch in "、/" or i > start):
                    items.append((start, i))
                    i += sep.end()
                    start = i
                    continue
            i += 1
        items.append((start, len(span)))
        raw_ok = rs.get("raw", False) and (len(items) >= 2 or rs.get("raw_single", False))
        gov_ok = rs.get("raw", False) and typ in ORG  # a lone raw name that ends like a body (…人民政府)
        out: list[Cand] = []
        loose: list[tuple[int, int, str]] = []  # raw items that are common words (长安, 长城)
        strict = 0
        for k, (x, y) in enumerate(items):
            item = re.sub(r"\s*[（(].*[）)]\s*$", "", span[x:y])  # a bracket after a name is no member
            idx = [(int(g.group(1)), g.group(2)) for g in _MASK_IDX.finditer(item)]
            if idx:
                j, _t = idx[-1] if rs.get("pick") == "last" else idx[0]
                c = mk.ms[j]
                head, _, tail = _MASK_IDX.sub("\ue000", item).partition("\ue000")
                tail = tail.strip()
                if tail and self.modifier_tail.match(tail):
                    continue  # 豪华投资 + 团队: the mention modifies a collective noun, it names nobody
                # a tail joins the name when it is an org tail (高瓴 + 创投) or the mention alone
                # does not fit the slot (搜狗 + 输入法 in a product list)
                version = typ in ("AIModel", "Product") and c.type in fam and _VERSION.fullmatch(tail)
                if not (tail in self.org_tails and typ in ORG) and not (typ not in ORG and c.type not in fam):
                    tail = "" if not version else tail  # 文心大模型 + 4.5: the version is part of the name
                p = self.strip_prefix.match(head)
                head = head[p.end() :] if p else head
                # a head joins only where the item starts at a boundary (中益仁资本 after 、), never
                # inside a word a left-open list began in (智能助手 小朵)
                if head and not (k > 0 or (p and p.end() > 0) or a + x == 0 or mk.text[a + x - 1] in _BOUNDARY):
                    head = ""
                if (head or tail) and len(idx) == 1 and (typ in ORG or tail):
                    # 高瓴 + 创投, 中 + 益仁资本: the mention and the characters next to it are one name
                    name = text[c.start - len(head) : c.end + len(tail)]
                    ok = self._gov_shape(name) if typ == "GovernmentBody" else self._shape(name)
                    if ok and (not c.gaz or c.type not in fam):
                        t2 = c.type if c.type in fam else typ
                        out.append(self._new(ms, c.start - len(head), c.end + len(tail), name, t2))
                        continue
                if rs.get("name_re") and not re.search(rs["name_re"], c.name):
                    continue
                if c.type in fam:
                    out.append(c)
                elif c.weak and c.type != "Person" and typ != "Person":
                    c.type, c.weak = typ, False  # an open-typed name takes its slot's type
                    out.append(c)
                continue
            if not raw_ok and not gov_ok:
                continue
            oa, ob = mk.span(a + x, a + y)
            name, na = self._clean(text, oa, ob, first=(k == 0))
            if name is None:
                continue
            if not raw_ok:
                if self._gov_shape(name):
                    out.append(self._new(ms, na, na + len(name), name, "GovernmentBody"))
                continue
            if rs.get("raw_single") == "latin" and len(items) == 1 and not re.fullmatch(_LATIN, name):
                continue  # a lone raw name after a descriptor is a coined Latin name (MagicOS 9.0)
            if typ == "Person":
                if not (2 <= len(name) <= 3 and name[0] in self.surnames):
                    continue
            elif typ == "GovernmentBody":
                if not self._gov_shape(name):
                    continue
            elif typ == "Technology" and not re.fullmatch(_LATIN, name):
                continue  # a raw technique is a coined Latin name (FluxClip); Chinese ones are words (多阶段)
            elif not self._shape(name):
                if self._shape(name, loose=True) or (
                    typ in ORG and (self._coined_org(name) or self._coined_org(name, self.company_tails))
                ):
                    loose.append((na, len(out), name))
                continue
            strict += 1
            out.append(self._new(ms, na, na + len(name), name, self._raw_type(name, typ)))
        # lists distribute: among two or more names, a common word in a name's place is a name too
        if strict + sum(1 for c in out if c.rule != "frame.slot") >= 2:
            for na, pos, name in reversed(loose):
                out.insert(pos, self._new(ms, na, na + len(name), name, self._raw_type(name, typ)))
        return out

    def _raw_type(self, name: str, typ: str) -> str:
        if typ == "Investor":
            found = self.finder.find(name)
            if found and found[0].length >= len(name) - 1 and found[0].type in ORG:
                return found[0].type
        return typ

    def _clean(self, text: str, a: int, b: int, first: bool) -> tuple[str | None, int]:
        """A raw item trimmed of list words (包括, 老股东, 等…) and, for the first item of a
        left-open list, of the clause words before the name (…已完成 → cut after the verb)."""
        s = text[a:b]
        s = re.sub(r"\s*[（(][^）)]*[）)]\s*$", "", s)
        for _ in range(3):
            p = self.strip_prefix.match(s)
            if p and p.end() > 0:
                a += p.end()
                s = s[p.end() :]
            q = self.strip_suffix.search(s)
            if q and q.start() > 0:
                s = s[: q.start()]
        d = self.descriptor.match(s)
        if d and len(s) - d.end() >= 2:
            a += d.end()
            s = s[d.end() :]
        if first and len(s) > 2:
            cut = self.finder._pos_cut(s)  # past the last verb or function word
            if cut and len(s) - cut >= 2:
                a += cut
                s = s[cut:]
        s2 = s.strip(_EDGE_PUNCT)  # a name never starts or ends with a bullet, dash or mark
        a += len(s) - len(s.lstrip(_EDGE_PUNCT))
        return (s2 or None), a

    def _gov_shape(self, name: str) -> bool:
        """A raw government body: a place or ministry stem and a body tail (…委员会, …局, …人民政府)."""
        return bool(self.gov_tail.search(name)) and 3 <= len(name) <= 18 and not self.reject.search(name)

    def _shape(self, name: str, loose: bool = False) -> bool:
        """A raw slot filler looks like a name: 2-16 characters, no verb or function word,
        not a generic, common or place word, no number with a unit (``loose``: a common
        word is allowed, for a member of a list of names)."""
        n = name.replace(" ", "")
        if re.fullmatch(_LATIN, name):
            return self.finder._latin_ok(name) and not self.reject.search(name)
        if not 2 <= len(n) <= 16 or self.reject.search(name):
            return False
        if re.search(r"[\u4e00-\u9fff]", n) and len(re.findall(r"[\u4e00-\u9fff]", n)) > 10:
            return False
        if self.finder._place_stem(n) or self.finder.generic(n):
            return False
        if loose:
            return n[0] not in "的了在和与及或等这那该其此各某一个们" and self.finder._pos_cut(n) == 0
        core = re.sub(r"(?:股份)?(?:有限)?公司$|集团$", "", n)  # 搜狗公司: the stem before a legal form
        return self.finder._name_like(core if len(core) >= 2 else n)

    def _coined_org(self, name: str, tails: tuple[str, ...] = ()) -> bool:
        """A coined name with an organisation tail whose stem reads like a phrase (小即是大创投):
        a list member when the list holds other names; 是/即 may sit inside, no other function word.
        ``tails`` replaces the investor tails, e.g. by company tails (富临 + 精工 among listed firms)."""
        tail = next((t for t in (tails or self.org_tails) if name.endswith(t)), None)
        if tail is None or not 2 <= len(name) - len(tail) <= 6:
            return False
        stem = name[: -len(tail)]
        return (
            bool(re.fullmatch(r"[\u4e00-\u9fff]+", stem))
            and not re.search(r"[的了在将把被对为和与及等]", stem)
            and not self.reject.search(re.sub(r"[是即]", "", name))
        )

    def _new(self, ms: list[Cand], s: int, e: int, name: str, typ: str) -> Cand:
        """A slot filler as a mention: replaces the mentions it overlaps."""
        for x in ms:
            if x.start == s and x.end == e:
                if x.type not in ORG or not x.gaz:
                    x.type, x.weak = typ, False
                return x
        c = Cand(s, e, name, typ, 0.7, "frame.slot", {name})
        self._slot_names[name] = typ
        ms[:] = [x for x in ms if x.end <= s or x.start >= e]
        ms.append(c)
        ms.sort(key=lambda x: x.start)
        return c

    # -- relations ---------------------------------------------------------------
    @staticmethod
    def _unresolved(ctx: Context) -> None:
        """A round was announced whose company no rule resolved: nothing carries to it."""
        ctx.events.pop("funding", None)
        ctx.events["funding?"] = (ctx.paragraph, None, {})

    def _carry(self, text: str, ms: list[Cand], ev: _Event, role: str, ctx: Context) -> Cand | None:
        from graph.extract.relations import sentence_subject

        rs = ev.spec["roles"][role]
        gap = ctx.events.get(ev.spec["event"] + "?")
        if gap is not None and ctx.paragraph - gap[0] <= 2 and ev.spec.get("qualifiers") == "funding":
            if sentence_subject(text, ms, ev.start) is None:
                return None  # 本轮融资由 A 领投 after a round of an unknown company: A's target is unknown
        taken = {id(c) for k, v in ev.fills.items() for c in v}
        prev = ctx.events.get(ev.spec["event"])
        if rs.get("carry") == "person":  # 他/她: the last person named
            c = ctx.last_person
            return c if c is not None and id(c) not in taken and role in ev.pron else None
        if rs.get("carry") == "left_model":  # the model named before the frame in the same sentence
            left = [c for c in ms if c.end <= ev.start and c.type == "AIModel" and id(c) not in taken]
            return left[-1] if left else None
        if rs.get("carry") == "left_only":  # an organisation named before the frame in the same sentence
            left = _left_orgs(text, ms, ev.start, taken)
            return left[-1] if left else None
        if rs["type"] in ("AIModel", "Product"):  # 它/该模型 or a dropped subject: the last model named
            c = ctx.last_model
            return c if c is not None and id(c) not in taken else None
        if rs.get("carry") == "left":  # the nearest organisation before the frame, else the paragraph's
            left = _left_orgs(text, ms, ev.start, taken)
            c = left[-1] if left else ctx.last_org
            return c if c is not None and id(c) not in taken and c.type in ORG else None
        if rs.get("carry") == "subject":  # only the organisation opening the sentence
            subj = sentence_subject(text, ms, ev.start)
            if subj is None and _CLAUSE_PRONOUN.search(text, 0, ev.start) and ctx.last_org is not None:
                subj = ctx.last_org  # …宣布，公司已透过…: 公司 opening a clause is the paragraph's organisation
            if subj is None and rs.get("carry_event") and prev is not None and ctx.paragraph - prev[0] <= 1:
                subj = prev[1]  # 它包括…: the organisation of the event just stated
            return subj if subj is not None and id(subj) not in taken else None
        subj = sentence_subject(text, ms, ev.start)
        if subj is not None and id(subj) not in taken:
            return subj
        if role in ev.pron:  # 我们/其 inside a quote or clause: the organisation named before it
            left = _left_orgs(text, ms, ev.start, taken)
            if left:
                return left[-1]
        if rs.get("carry_event") and prev is not None and ctx.paragraph - prev[0] <= 2:
            return prev[1]
        if rs.get("carry_event") and prev is not None and _BACK_REF.search(text) and id(prev[1]) not in taken:
            return prev[1]  # 本轮是甲的首次领投, paragraphs after the round: that round's company
        recent = ctx.recent_org[1] if ctx.recent_org and ctx.paragraph - ctx.recent_org[0] <= 2 else None
        for c in (ctx.last_org, ctx.topic_org, recent):  # recent: 这家公司 across a paragraph break
            if c is not None and id(c) not in taken and c.type in ORG:
                return c
        return None

    def _relations(self, text: str, ms: list[Cand], block: int, ctx: Context, ev: _Event) -> list[RelCand]:
        from graph.extract.relations import RelCand

        spec = ev.spec
        coref = False
        for role, rs in spec["roles"].items():
            if ev.fills.get(role) or not rs.get("carry"):
                continue
            c = self._carry(text, ms, ev, role, ctx)
            if c is not None:
                ev.fills[role] = [c]
                coref = True
        if spec["event"] == "partner" and len(ev.fills.get("a", [])) > 1:
            # A 与 B 和 C 签署…: 与 joins the parties, 和 only the list after it (A partners B and C)
            a = sorted(ev.fills["a"], key=lambda c: c.start)
            for i in range(len(a) - 1):
                if text[a[i].end : a[i + 1].start].strip() in ("与", "同", "跟"):
                    ev.fills["a"], ev.fills["b"] = a[: i + 1], [*a[i + 1 :], *ev.fills.get("b", [])]
                    break
        attrs: dict[str, Any] = {}
        if spec.get("qualifiers") == "funding":
            prev = ctx.events.get("funding")
            carried = bool(coref and prev is not None and any(c is prev[1] for c in ev.fills.get("company", [])))
            # the frame matches from the event's first (by pattern order) on: a match before it
            # (获甲入股 inside 继…后) is an earlier event's
            spans = [(a, b) for a, b in ev.spans if a >= ev.start] or [
                (a, b) for e, a, b in self.spans if e == "funding" and a >= ev.start
            ]
            span = (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None
            if ev.segment is not None and ev.segment != (0, len(text)) and span is not None:
                # one round of several in the sentence: its qualifiers come from its own segment
                a0 = ev.segment[0]
                attrs = self._funding_attrs(text[a0 : ev.segment[1]], ctx, carried, (span[0] - a0, span[1] - a0))
            else:
                attrs = self._funding_attrs(text, ctx, carried, span)
        out: list[RelCand] = []
        conf = ev.conf or 0.7
        for r in spec["relations"]:
            for s in ev.fills.get(r["s"], []):
                for o in ev.fills.get(r["o"], []):
                    if r.get("o_developer"):
                        o = self._developer(o, ms, ctx)
                        if o is None:
                            continue
                    if s is o or s.name == o.name:
                        continue
                    # the first predicate the argument types allow (develops a model, offers a product)
                    p = next((q for q in r["p"].split("|") if allowed(q, {s.type}, {o.type})), None)
                    if p is None:
                        continue
                    a = dict(attrs)
                    if p == "investsIn":
                        a["lead"] = bool(r.get("lead"))
                    out.append(
                        RelCand(s, o, [p], conf, ev.rules[0], block, a, kind="coref" if coref else "")
                    )
        if spec.get("remember"):
            role = spec["remember"]
            if ev.fills.get(role):
                ctx.events[spec["event"]] = (ctx.paragraph, ev.fills[role][0], attrs)
                ctx.events.pop(spec["event"] + "?", None)
        return out

    def _funding_attrs(
        self,
        text: str,
        ctx: Context,
        carried: bool = False,
        span: tuple[int, int] | None = None,
        lend: bool = True,
    ) -> dict[str, Any]:
        """round, amount (+ currency, value) and date of the round a sentence states, read from
        the clauses of the frame first (a sentence may list several rounds), then the sentence;
        a round the sentence refers back to (本轮/这笔融资, or a carried company) lends its own."""
        if span is not None:
            a = max((m.end() for m in _CLAUSE_END.finditer(text, 0, span[0])), default=0)
            z = next((m.start() for m in _CLAUSE_END.finditer(text, span[1])), len(text))
            # the earlier round lends only to what the whole part leaves open (此次融资由… after
            # a clause of its own date: the clause's date wins)
            local = self._funding_attrs(text[a:z], ctx, lend=False)
            # the rest of the sentence lends qualifiers, save clauses of a plan or a statistic
            # (计划2025年量产, 规模达数十亿元): their years and sums are no round's
            rest = "，".join(
                c for c in _CLAUSE_SPLIT.split(text) if c and (c in text[a:z] or not _FOREIGN_CLAUSE.search(c))
            )
            whole = self._funding_attrs(rest, ctx, carried)
            return {**whole, **local}
        attrs: dict[str, Any] = {}
        rm = self.res.round_re.search(re.sub(r"(?<=[A-Za-z0-9+])\s+(?=轮)", "", text))  # B+ 轮
        if rm:
            attrs["round"] = rm.group(0)
        for am in AMOUNT_RE.finditer(text):
            # a number is required (智元 holds 元), and a valuation is no amount raised
            if not am.group("num") or _VALUATION.search(text, am.end(), am.end() + 4):
                continue
            if "估值" in text[max(0, am.start() - 4) : am.start()]:
                continue
            attrs.update(parse_amount(am.group(0), self.res.currencies))
            break
        d = parse_event_date(text, ctx.year)
        if d:
            attrs["date"] = d
        prev = ctx.events.get("funding")
        # 此次融资 after a round of its own (完成又一轮融资，此次融资由…) refers to that round
        back = _BACK_REF.search(text) is not None and _NEW_ROUND.search(text) is None
        if lend and prev is not None and ctx.paragraph - prev[0] <= 2 and (carried or back):
            for k, v in prev[2].items():
                attrs.setdefault(k, v)
        return attrs

    def _developer(self, o: Cand, ms: list[Cand], ctx: Context) -> Cand | None:
        """The organisation behind an adopted model: itself when it is one (DeepSeek), else the
        organisation its name starts with (DeepSeek大模型 -> DeepSeek) when that is known."""
        if o.type in ORG:
            return o
        if o.type != "AIModel":
            return None
        stem = o.name
        for t in self.model_tails:
            if stem.endswith(t) and len(stem) > len(t) + 1:
                stem = stem[: -len(t)].strip()
                break
        for c in ms:
            if c.type in ORG and c.name == stem:
                return c
        known = ctx.orgs.get(stem)
        g = self.res.lookup(stem)
        # an open-typed gazetteer name (DeepSeek: company and model) is the organisation here
        if known is not None or (g is not None and (g.type in ORG or g.weak)):
            typ = known.type if known is not None else g.type if g.type in ORG else "Company"  # type: ignore[union-attr]
            return Cand(o.start, o.start + len(stem), stem, typ, 0.7, "frame.developer", {stem})
        # a version (DeepSeek-R1) starts with its developer's name, or the KB knows the developer
        for c in [*ms, *ctx.orgs.values()]:
            if c.type in ORG and name_prefix(stem, c.name):
                return c
        dev = self.developers.kb_developer(stem)
        if dev is None:
            return None
        for c in [*ms, *ctx.orgs.values()]:
            if c.type in ORG and self.developers._is(c, dev):  # DeepSeek named, 深度求索 in the KB
                return c
        g = self.res.lookup(dev)
        typ = g.type if g is not None and g.type in ORG else "Company"
        return Cand(o.start, o.end, dev, typ, 0.6, "frame.developer", {dev})

    def _unit_parent(self, name: str, ctx: Context) -> tuple[str, str] | None:
        """(parent name, type) when ``name`` is a known organisation plus unit tails
        (百度智能云 -> 百度, OPPO研究院AI实验室 -> OPPO)."""
        stem = name
        found: tuple[str, str] | None = None
        for _ in range(2):
            for t in self.unit_tails:
                if stem.endswith(t) and len(stem) > len(t) + 1:
                    stem = stem[: -len(t)].strip()
                    break
            else:
                return found
            known = ctx.orgs.get(stem)
            g = self.res.lookup(stem)
            if known is not None and known.name != name:
                found = stem, known.type
            elif g is not None and g.type in ORG and g.name != name:
                found = stem, g.type
            elif re.fullmatch(r"[A-Za-z][A-Za-z0-9]{2,}", stem) and self.finder._latin_ok(stem):
                found = stem, "Company"  # vivo AI全球研究院: a Latin brand before a unit tail
            elif found is not None:
                return found
            # a known unit (OPPO研究院) of a known organisation: the organisation is the parent
        return found

    def _units(self, text: str, ms: list[Cand], block: int, ctx: Context) -> list[RelCand]:
        """百度智能云 / 腾讯 + 云 / vivo AI全球研究院: a unit of the organisation its name starts with."""
        from graph.extract.relations import RelCand

        out: list[RelCand] = []
        for c in list(ms):
            if c.type not in ("Company", "ResearchInstitution"):
                continue
            unit = c
            if not c.name.endswith(tuple(self.unit_tails)):
                # 腾讯 followed by 云: the mention and the tail are the unit's name
                tm = self.unit_re.match(text, c.end) if c.type == "Company" and self.unit_re else None
                if tm is None or self.unit_not_after.match(text, tm.end()):
                    continue
                if any(x is not c and x.start < tm.end() and x.end > c.end for x in ms):
                    continue
                name = text[c.start : tm.end()]
                if self._unit_parent(name, ctx) is None and not c.gaz:
                    continue
                unit = self._new(ms, c.start, tm.end(), name, "Company")
            got = self._unit_parent(unit.name, ctx)
            if got is None:
                if unit is c:
                    continue
                got = (c.name, c.type)  # the mention the tail followed is the parent
            stem, typ = got
            parent = Cand(unit.start, unit.start + len(stem), stem, typ, 0.8, "frame.unit", {stem})
            out.append(RelCand(unit, parent, ["subsidiaryOf"], 0.7, "frame.unit", block))
        return out

    def _known_names(self, text: str, ms: list[Cand], ctx: Context) -> None:
        """Names a slot typed earlier in the document are mentions wherever they recur
        (傅利叶 after 具身智能公司傅利叶完成…融资), unless a mention already covers the place."""
        added = False
        names = dict(ctx.slot_names)
        for name, c in ctx.orgs.items():  # 'Ampere Computing', named with a cue once, recurs bare
            if not c.gaz and (len(name) >= 3 if not name.isascii() else len(name) >= 4 and " " in name):
                names.setdefault(name, c.type)
        for name, typ in names.items():
            i = text.find(name)
            while i >= 0:
                j = i + len(name)
                latin_cut = name.isascii() and (
                    (i > 0 and text[i - 1].isascii() and text[i - 1].isalnum())
                    or (j < len(text) and text[j].isascii() and text[j].isalnum())
                )
                if not latin_cut and not any(x.start < j and i < x.end for x in ms):
                    ms.append(Cand(i, j, name, typ, 0.6, "frame.doc_name", {name}))
                    added = True
                i = text.find(name, j)
        if added:
            ms.sort(key=lambda x: x.start)

    def _remember(self, ms: list[Cand], ctx: Context) -> None:
        ctx.slot_names.update(self._slot_names)
        self._slot_names.clear()
        first = next((c for c in ms if c.type == "Company"), None)
        if first is not None:
            ctx.recent_org = (ctx.paragraph, first)
        for c in ms:
            if c.type in ORG and len(c.name) >= 2:
                ctx.orgs.setdefault(c.name, c)
