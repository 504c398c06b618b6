"""Relations from prose (trigger words with typed arguments) and from table rows (header maps).

Both produce :class:`RelCand` between :class:`~graph.extract.mentions.Cand` mentions; the
predicate is chosen against ``DOMAIN_RANGE`` (first allowed of the rule's list) and
checked again once entity types are settled for the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.extract.developers import ModelDevelopers
from graph.extract.frames import EventFrames
from graph.extract.frames import _source as frame_source
from graph.extract.mentions import QUOTED, Cand, MentionFinder, resolve_overlaps
from graph.extract.normalize import parse_amount, parse_date, parse_event_date, split_investors
from graph.extract.resources import Resources
from graph.model import ORGANISATION_TYPES, allowed

ORG = ORGANISATION_TYPES
COORD = re.compile(
    r"^[\s、，,和与及以及同跟]*$|^[\s]*[、，,]?\s*(?:以及|及|和|与)?\s*[^，。；、“”]{0,10}?[“\"]?$"
)
PRONOUN = re.compile(
    r"(?:该公司|公司|其|它|该企业|该集团|他们|后者)\s*(?:还|也|已|则|此前|近日|目前|正式|将|又|已经|同时|并)?\s*$"
)
CLAUSE_BREAK = re.compile(r"[。；;！？!?]")
# between coordinated objects: a list separator first, then at most a short cue noun (、智能对话机器人“)
COORD_GAP = re.compile(
    r"^[\s”\"」]*(?:(?:、|以及|及|和|与)\s*[^，,。；;、“”与和及]{0,10}?[“\"「]?|[，,]\s*[“\"「]?)\s*$"
)
COMMA_GAP = re.compile(r"[，,]")
# what may follow a list item: another separator, 等, a closing quote, the clause's end
LIST_END = re.compile(r"[\s”\"」）)]*(?:[、，,。；;！？!?]|等|$)")
# a comma followed by words is a new clause (…拍拍镜，支持如豆包), not the next list item
SUBJ_COORD = re.compile(r"^\s*(?:、|和|与|及|以及|联合|会同)\s*$")
# between a trigger and its object: a comma ends the clause; 与/和/由/将/类似 mean the next name is not the object
OBJ_GAP_BREAK = re.compile(r"[。；;！？!?，,]|与|和|由|将|把|对|类似|像")


# a second name after the pair (腾讯阿里字节…): a run of names, not a brand and its product
ADJ_LIST = re.compile(r"[、，,和与及]")
LEAD_AFTER = re.compile(r"[」”\"』]?\s*(?:联合|共同)?领投")


# 来自/出身于 X (和 Y): the clause names where people come from, not an organisation they run
_ORIGIN_BEFORE = re.compile(r"(?:来自|出自|源自|出身于?|毕业于|就职于|任职于)[^，,。；;]{0,12}$")


# windowed rules whose trigger a frame reads with roles: rule id -> the frames' events
_SUPERSEDED_BY: dict[str, tuple[str, ...]] = {"rel.partner": ("partner",), "rel.powered": ("built_on_it",)}


@dataclass(slots=True)
class RelCand:
    s: Cand
    o: Cand
    preds: list[str]  # candidate predicates, first allowed wins; "x:inverse" swaps s and o
    conf: float
    rule: str
    block: int
    attrs: dict[str, Any] = field(default_factory=dict)
    # how the evidence was found, for confidence: "coref" when an argument is 该公司/其/他 resolved
    # from context; "" leaves it to the rule id (tab.* table row, frame.* frame, rel.* trigger)
    kind: str = ""
    gap: int = 0  # characters of plain text (names not counted) between the arguments in prose


def plain_gaps(text: str, ms: list[Cand], rels: list[RelCand]) -> list[RelCand]:
    """Set each prose relation's gap: the characters between its arguments that belong to no
    mention (a coordinated list of names between them does not make them distant)."""
    ids = {id(m) for m in ms}
    for r in rels:
        if id(r.s) in ids and id(r.o) in ids:
            lo, hi = min(r.s.end, r.o.end), max(r.s.start, r.o.start)
            covered = sum(max(0, min(m.end, hi) - max(m.start, lo)) for m in ms if m is not r.s and m is not r.o)
            r.gap = max(0, hi - lo - covered)
    return rels


def _types(c: Cand) -> set[str]:
    return {c.type}


def choose(
    preds: list[str], s: Cand, o: Cand, s_types: set[str] | None = None, o_types: set[str] | None = None
):
    """First predicate of ``preds`` that the argument types allow, as (s, p, o) or None."""
    st, ot = s_types or _types(s), o_types or _types(o)
    for p in preds:
        if p.endswith(":inverse"):
            q = p.split(":")[0]
            if allowed(q, ot, st):
                return o, q, s
        elif allowed(p, st, ot):
            return s, p, o
    return None


class ProseRelations:
    """Trigger rules over one sentence's mentions."""

    def __init__(self, res: Resources, finder: MentionFinder | None = None) -> None:
        self.res = res
        self.events = EventFrames(res, finder)
        self.rules = []
        self.clause_open = re.compile(r"[，,]\s*(?:" + "|".join(res.words("clause_openers")) + ")")
        self.pron_poss = [
            (re.compile(r["pattern"]), r) for r in res.relation_rules if r.get("kind") == "pronoun_possessive"
        ]
        self.developers = ModelDevelopers(res)
        self.frames = [
            (re.compile(expand_frame(r["pattern"])), r)
            for r in res.relation_rules
            if r.get("kind") == "frame"
        ]
        for r in res.relation_rules:
            if r.get("kind"):
                continue
            trig = sorted(r["triggers"], key=len, reverse=True)
            nb = r.get("trigger_not_before")
            tail = "(?!" + "|".join(re.escape(x) for x in nb) + ")" if nb else ""
            r["_re"] = re.compile("(?:" + "|".join(re.escape(t) for t in trig) + ")" + tail)
            for k in ("obj_after", "obj_not_after", "trigger_not_after"):
                if k in r:
                    r["_" + k] = re.compile(r[k])
            self.rules.append(r)

    def run(self, text: str, ms: list[Cand], block: int, ctx: Context) -> list[RelCand]:
        rels = self._run(text, ms, block, ctx)  # event frames may add slot fillers to ms
        return plain_gaps(text, list(ms), rels)

    def _run(self, text: str, ms: list[Cand], block: int, ctx: Context) -> list[RelCand]:
        out: list[RelCand] = []
        # event frames first: their slots may name what no finder knew (raw names join ms)
        events = self.events.run(text, ms, block, ctx)
        if not ms:
            return events
        framed = [(a, b) for ev, a, b in self.events.spans if ev == "funding"]
        # a trigger inside a frame that read the same statement with its roles is not read again
        # by the windowed rule (which would pair the wrong names: list members, the model before 在其上)
        superseded = {
            rid: [(a, b) for ev, a, b in self.events.spans if ev in evs] for rid, evs in _SUPERSEDED_BY.items()
        }
        # the funding frame reads the sentence's roles; the older investor-group reading is a fallback
        funding = [] if framed else funding_sentence(text, ms, block, self.res, ctx.year)
        if funding:
            # a funding sentence: its investor groups replace the generic 投资/领投 trigger
            return funding + events + self._parentheses(text, ms, block)
        out += events
        out += self._parentheses(text, ms, block)
        # GPT-4 级主力模型 / GPT-4 水平: a yardstick, not an argument
        ms = [m for m in ms if not YARDSTICK.match(text, m.end)]
        out += self._possessive(text, ms, block)
        out += self._pronoun_possessive(text, ms, block, ctx)
        out += self._frames(text, ms, block, ctx)
        for rule in self.rules:
            for t in rule["_re"].finditer(text):
                ts, te = t.span()
                if any(m.start <= ts < m.end or m.start < te <= m.end for m in ms):
                    continue  # the trigger is part of a name (开发套件)
                if rule["id"] == "rel.invest" and any(a <= ts < b for a, b in framed):
                    continue  # a funding frame read this 领投/参投 with its roles
                if "_trigger_not_after" in rule and rule["_trigger_not_after"].search(
                    text[max(0, ts - 16) : ts]
                ):
                    continue  # 获亿元投资: the company received it
                if any(a <= ts < b for a, b in superseded.get(rule["id"], ())):
                    continue
                if rule.get("symmetric"):
                    out += self._symmetric(text, ms, ts, te, rule, block, ctx)
                    continue
                out += self._directed(text, ms, ts, te, rule, block, ctx)
        self._trigger_funding_attrs(text, out, ctx)
        out += self.developers.run(text, ms, block, ctx)
        # a name cited as the source (观点网讯：…, 据X报道) states nothing about itself
        sources = {id(m) for m in ms if frame_source(text, m)}
        if sources:
            out = [r for r in out if id(r.s) not in sources and id(r.o) not in sources]
        return self.developers.veto(out, ms, ctx)

    def _trigger_funding_attrs(self, text: str, rels: list[RelCand], ctx: Context) -> None:
        """An investsIn a plain trigger found (A 和 B 战略入股 X, 由「A」领投…提供 A 轮融资) carries
        the round, amount and date its sentence states, and lead when 领投 follows the investor."""
        todo = [r for r in rels if r.rule == "rel.invest" and "investsIn" in r.preds and not r.attrs]
        if not todo:
            return
        attrs = self.events._funding_attrs(text, ctx)
        for r in todo:
            r.attrs = dict(attrs)
            r.attrs["lead"] = bool(LEAD_AFTER.match(text, r.s.end))

    # -- pieces ---------------------------------------------------------------
    def _frames(self, text: str, ms: list[Cand], block: int, ctx: Context) -> list[RelCand]:
        """Frames: regexes over the sentence with every mention masked as its type
        ({Person}是{ORG}的创始人); groups s and o hold the arguments (all mentions inside)."""
        if not self.frames:
            return []
        parts, pos = [], 0
        for i, m in enumerate(ms):
            parts.append(text[pos : m.start])
            parts.append(f"\ue000{i}:{m.type}\ue001")
            pos = m.end
        parts.append(text[pos:])
        masked = "".join(parts)
        out: list[RelCand] = []
        for rx, rule in self.frames:
            for mt in rx.finditer(masked):
                args = {}
                coref = False
                for g in ("s", "o"):
                    txt = mt.groupdict().get(g)
                    if txt is None:
                        args[g] = []
                    elif MASK.search(txt):
                        args[g] = [ms[int(x)] for x in MASK.findall(txt)]
                    else:  # a pronoun: 该公司/其 -> the sentence's or paragraph's organisation, 他/她 -> person
                        coref = True
                        ref = (
                            sentence_subject(text, ms, mt.start())
                            if txt in ("该公司", "其", "公司")
                            else None
                        )
                        ref = ref or (
                            ctx.last_person
                            if txt in ("他", "她")
                            else ctx.last_model
                            if "模型" in txt or "系列" in txt
                            else ctx.last_org
                        )
                        args[g] = [ref] if ref is not None else []
                for s_ in args["s"]:
                    for o_ in args["o"]:
                        if s_ is o_:
                            continue
                        ch = choose(rule["predicates"], s_, o_)
                        if ch:
                            out.append(
                                RelCand(
                                    ch[0], ch[2], [ch[1]], rule["conf"], rule["id"], block,
                                    kind="coref" if coref else "",
                                )
                            )
        return out

    def _objects(self, text: str, ms: list[Cand], te: int, max_gap: int) -> list[Cand]:
        right = [m for m in ms if m.start >= te]
        if not right or right[0].start - te > max_gap or OBJ_GAP_BREAK.search(text[te : right[0].start]):
            return []
        objs = [right[0]]
        for m in right[1:]:
            gap = text[objs[-1].end : m.start]
            if not COORD_GAP.match(gap):
                break
            # after a comma, a name followed by words of its own opens a new clause
            # (…押注甲科技，乙集团1亿元领投丙: 乙集团 is the next subject, not an object)
            if COMMA_GAP.search(gap) and not LIST_END.match(text, m.end):
                break
            objs.append(m)
        return objs

    def _directed(self, text, ms, ts, te, rule, block, ctx) -> list[RelCand]:
        out: list[RelCand] = []
        preds = rule["predicates"]
        max_left = rule.get("max_left", 30)
        before = text[max(0, ts - max_left) : ts]
        # passive: 由 S <trigger>的 O  /  O 由 S <trigger>
        u = before.rfind("由")
        subj: list[Cand] = []
        objs: list[Cand] = []
        kind = ""
        if rule.get("passive"):
            # 由 O 支持的 S: the mention before the trigger is the object, the one after it the subject
            left = [m for m in ms if m.end <= ts and ts - m.end <= max_left]
            objs = left[-1:]
            subj = self._objects(text, ms, te, rule.get("max_gap", 20))
            for s in subj:
                for o in objs:
                    ch = choose(preds, s, o)
                    if ch:
                        out.append(RelCand(ch[0], ch[2], [ch[1]], rule["conf"], rule["id"], block))
            return out
        if u >= 0 and not CLAUSE_BREAK.search(before[u:]) and not rule.get("inverse_nominal"):
            ua = ts - len(before) + u
            after_u = [m for m in ms if ua < m.start and m.end <= ts]
            if after_u:
                if text[te : te + 1] == "的":
                    objs = self._objects(text, ms, te, rule.get("max_gap", 30))
                else:
                    objs = [m for m in ms if m.end <= ua and ua - m.end <= 20][-1:]
                # 由幻方量化创始人梁文锋创立: the agent is the nearest mention before the trigger that fits
                fit = [m for m in reversed(after_u) if any(choose(preds, m, o) for o in objs)]
                subj = fit[:1]
                if not subj:
                    objs = []
        if not subj:
            if rule.get("inverse_nominal"):
                # X 创始人 P
                # a name the people come from (核心成员来自 A 和 B，创始人 P) is no founded organisation
                left = [
                    m
                    for m in ms
                    if m.end <= ts and ts - m.end <= max_left and not _ORIGIN_BEFORE.search(text, 0, m.start)
                ]
                objs = self._objects(text, ms, te, rule.get("max_gap", 6))
                for o in objs:
                    for s in reversed(left):
                        ch = choose(preds, o, s)
                        if ch:
                            out.append(RelCand(ch[0], ch[2], [ch[1]], rule["conf"], rule["id"], block))
                            break
                return out
            objs = self._objects(text, ms, te, rule.get("max_gap", 30))
            if objs and ("_obj_after" in rule or "_obj_not_after" in rule):
                tail = text[objs[-1].end : objs[-1].end + 40]
                if "_obj_after" in rule and not rule["_obj_after"].match(tail):
                    objs = []
                if "_obj_not_after" in rule and rule["_obj_not_after"].match(tail):
                    objs = []
            if not objs:
                return out
            left = [
                m
                for m in ms
                if m.end <= ts
                and ts - m.end <= max_left
                and not CLAUSE_BREAK.search(text[m.end : ts])
                and not self.clause_open.search(text, m.end, ts)
            ]
            # the subject is the nearest left mention that fits; 该公司/其 resolve to the paragraph's organisation
            pron = PRONOUN.search(text[max(0, ts - 12) : ts])
            cands = list(reversed(left))
            ref = (sentence_subject(text, ms, ts) or ctx.last_org) if pron else None
            if ref is not None and (not left or left[-1].end <= ts - 12 + pron.start()):
                cands = [ref, *cands]
            for s in cands:
                if s in objs:
                    continue
                if any(choose(preds, s, o) for o in objs):
                    subj = [s]
                    kind = "coref" if s is ref else ""
                    break
        # 国家发改委、国家数据局、财政部等六部门发布《…》: every coordinated subject states it
        if subj and rule.get("coord_subjects", True):
            k = ms.index(subj[0]) if subj[0] in ms else -1
            while (
                k > 0
                and SUBJ_COORD.match(text[ms[k - 1].end : ms[k].start])
                and ms[k - 1].type == subj[0].type
            ):
                k -= 1
                subj.append(ms[k])
        for s in subj:
            for o in objs:
                if o is s:
                    continue
                if choose(preds, s, o):
                    out.append(RelCand(s, o, list(preds), rule["conf"], rule["id"], block, kind=kind))
        return out

    def _symmetric(self, text, ms, ts, te, rule, block, ctx) -> list[RelCand]:
        max_left = rule.get("max_left", 40)
        seg_start = max(0, ts - max_left)
        m = list(CLAUSE_BREAK.finditer(text[seg_start:ts]))
        if m:
            seg_start += m[-1].end()
        orgs = [x for x in ms if seg_start <= x.start and x.end <= ts and x.type in ORG]
        pron = PRONOUN.search(text[seg_start : seg_start + 6].rstrip() + "") or re.search(
            r"公司作为", text[seg_start:ts]
        )
        kind = ""
        if len(orgs) == 1 and pron and ctx.last_org is not None and ctx.last_org.name != orgs[0].name:
            orgs = [ctx.last_org, *orgs]
            kind = "coref"
        out = []
        if len(orgs) >= 2:
            for o in orgs[1:4]:
                if orgs[0].type == "GovernmentBody" and o.type == "GovernmentBody":
                    continue  # bodies that jointly issue a policy: issues, not a partnership
                out.append(RelCand(orgs[0], o, rule["predicates"], rule["conf"], rule["id"], block, kind=kind))
        return out

    def _parentheses(self, text: str, ms: list[Cand], block: int) -> list[RelCand]:
        """ORG（MODEL） states develops; X（LatinName） gives X an alias."""
        out = []
        drop = []
        for a, b in zip(ms, ms[1:], strict=False):
            between = text[a.end : b.start]
            if between.strip() in ("（", "(") and text[b.end : b.end + 1] in ("）", ")"):
                if a.type in ORG and b.weak and b.name.isascii():
                    # 深度求索（DeepSeek）: an open-typed Latin name in brackets is the organisation's own name
                    a.aliases.add(b.name)
                    drop.append(b)
                    continue
                ch = choose(["develops", "offers"], a, b)
                if ch and a.type in ORG:
                    out.append(RelCand(ch[0], ch[2], ["develops", "offers"], 0.75, "rel.paren", block))
        for b in drop:
            ms.remove(b)
        return out

    def _pronoun_possessive(self, text: str, ms: list[Cand], block: int, ctx: Context) -> list[RelCand]:
        """公司最新的 X / 其 X: the paragraph's organisation offers or develops X."""
        if not self.pron_poss:
            return []
        out = []
        prev_end = 0
        for m in ms:
            # the organisation named earlier in the sentence, else the paragraph's
            left = [x for x in ms if x.end <= m.start and x.type in ("Company", "ResearchInstitution")]
            org = sentence_subject(text, ms, m.start) or (left[-1] if left else ctx.last_org)
            if org is None:
                continue
            before = text[max(prev_end, m.start - 12) : m.start]
            prev_end = m.end
            if m.type not in ("Product", "AIModel"):
                continue
            for rx, rule in self.pron_poss:
                if rx.search(before):
                    ch = choose(rule["predicates"], org, m)
                    if ch:
                        out.append(
                            RelCand(
                                org, m, list(rule["predicates"]), rule["conf"], rule["id"], block,
                                kind="coref",
                            )
                        )
                    break
        return out

    def _possessive(self, text: str, ms: list[Cand], block: int) -> list[RelCand]:
        """ORG的PRODUCT / ORG的“PRODUCT”: offers or develops, low confidence."""
        out = []
        for a, b in zip(ms, ms[1:], strict=False):
            between = text[a.end : b.start].strip()
            if (
                between in ("的", "的“", '的"', "所开发的", "开发的", "推出的", "自研的", "旗下的", "自己的", "自家的")
                and a.type in ORG
            ):
                ch = choose(["offers", "develops"], a, b)
                if ch:
                    out.append(RelCand(ch[0], ch[2], ["offers", "develops"], 0.5, "rel.possessive", block))
            elif (
                a.end == b.start
                and a.type in ("Company", "ResearchInstitution")
                and b.type in ("Product", "AIModel")
                and not ADJ_LIST.match(text, b.end)
            ):
                # 百度智能云千帆大模型平台, 比亚迪璇玑架构: a brand written before its product, no 的
                ch = choose(["offers", "develops"], a, b)
                if ch:
                    out.append(RelCand(ch[0], ch[2], ["offers", "develops"], 0.5, "rel.juxtaposed", block))
        return out


# what may precede a sentence's subject: a date, list marks, brackets, emphasis
SENT_OPEN = re.compile(r"[\s\d年月日号初底中旬前后以来起，,、：:*#（）()\-—.。【】]*")


def sentence_subject(text: str, ms: list[Cand], pos: int) -> Cand | None:
    """The organisation that opens the sentence or its clause (after a date or a short
    time phrase: 同一天，X), if it comes before ``pos``."""
    brk = [b.end() for b in CLAUSE_BREAK.finditer(text, 0, pos)]
    cs = brk[-1] if brk else 0
    for m in ms:
        if m.start < cs:
            continue
        if m.start >= pos:
            return None
        prefix = text[cs : m.start]
        opens = SENT_OPEN.fullmatch(prefix) or CLAUSE_OPEN.fullmatch(prefix)
        if m.type in ("Company", "ResearchInstitution"):
            return m if opens else None
        if not opens:
            return None
    return None


CLAUSE_OPEN = re.compile(r"\s*[^，,。；;]{0,8}[，,]\s*")


YARDSTICK = re.compile(r"\s*(?:级|同级|级别|量级|水平|水准|同等)")
MASK = re.compile(r"\ue000(\d+):")
_FRAME_MACROS = {
    "{ORG}": r"\ue000\d+:(?:Company|Investor|GovernmentBody|ResearchInstitution)\ue001",
    "{ART}": r"\ue000\d+:(?:AIModel|Product)\ue001",
    "{NAMED}": r"\ue000\d+:(?:Company|Investor|GovernmentBody|ResearchInstitution|AIModel|Product)\ue001",
    "{Person}": r"\ue000\d+:Person\ue001",
    "{GOV}": r"\ue000\d+:GovernmentBody\ue001",
    "{MODEL}": r"\ue000\d+:AIModel\ue001",
    "{TECH}": r"\ue000\d+:Technology\ue001",
    "{ANYNAME}": r"\ue000\d+:\w+\ue001",
    # a character of the same clause that is not part of a name
    "{W}": r"[^\ue000\ue001。；;！？!?，,]",
    # anything up to the sentence end except a person's name
    "{ANY}": r"(?:[^\ue000\ue001。；;！？!?]|\ue000\d+:(?!Person)\w+\ue001)",
}


def expand_frame(pattern: str) -> str:
    """Frame macros -> regex over the masked sentence (a list macro {ORGS} is {ORG}、{ORG}…)."""
    for k in ("ORG", "ART", "NAMED", "GOV", "MODEL", "TECH"):
        one = "{" + k + "}"
        pattern = pattern.replace("{" + k + "S}", f"{one}(?:\\s*(?:、|和|与|及|以及|，|,)\\s*{one})*")
    for k, v in _FRAME_MACROS.items():
        pattern = pattern.replace(k, v)
    return pattern


@dataclass
class Context:
    """Per-document state: the paragraph's last organisation for 该公司/其."""

    last_org: Cand | None = None
    last_person: Cand | None = None
    last_model: Cand | None = None
    paragraph: int = -1
    topic_org: Cand | None = None
    year: int | None = None
    # the last event of each kind: (paragraph, its subject, its qualifiers), for 本轮融资由…
    events: dict[str, tuple[int, Cand, dict[str, Any]]] = field(default_factory=dict)
    orgs: dict[str, Cand] = field(default_factory=dict)  # organisations named so far, by name
    slot_names: dict[str, str] = field(default_factory=dict)  # names event slots typed, by name
    recent_org: tuple[int, Cand] | None = None  # (paragraph, first company) of the last sentence naming one


def paren_aliases(text: str, ms: list[Cand]) -> None:
    """月之暗面（MoonShot AI）, 九章大模型(MathGPT): the bracketed Latin name is an alias."""
    for m in ms:
        tail = text[m.end : m.end + 40]
        pm = re.match(r"\s*[（(]\s*([A-Za-z][A-Za-z0-9 .\-·&]{1,30}?)\s*[）)]", tail)
        if pm and not re.fullmatch(r"[A-Z]{1,3}\d*|\d+[A-Z]*", pm.group(1)):
            alias = pm.group(1).strip()
            if alias.upper() not in ("AI", "AIGC", "NLP", "LLM", "CV", "ML", "AGI", "API", "CEO"):
                m.aliases.add(alias)


class TableRelations:
    """Header maps: columns get roles, rows state relations between their cells."""

    def __init__(self, res: Resources, finder: MentionFinder) -> None:
        self.res = res
        self.finder = finder
        spec = next(r for r in res.table_rules if r["id"] == "roles")
        self.role_words: dict[str, list[str]] = spec["roles"]
        self.role_types: dict[str, str] = spec["types"]
        self.maps = [r for r in res.table_rules if "requires" in r]
        self.product_tails = set(res.words("product_cue_tails"))
        self.org_tails = frozenset(res.words("latin_org_tails"))
        self.places = frozenset(res.words("place_names")) if "place_names" in res.lexicon else frozenset()
        self.collective = re.compile("|".join(map(re.escape, res.words("collective_words"))) or "(?!)")
        self.gov_tails = tuple(res.words("gov_tail_chars"))
        self.tails = sorted(set(res.words("quote_strip_tails")) | self.product_tails, key=len, reverse=True)
        self._cache: dict[tuple[str, ...], dict[str, int]] = {}

    def roles(self, header: tuple[str, ...]) -> dict[str, int]:
        if header in self._cache:
            return self._cache[header]
        out: dict[str, int] = {}
        cells = [re.sub(r"\s+", "", h) for h in header]
        for i, h in enumerate(cells):  # exact header words first
            for role, words in self.role_words.items():
                if role not in out and h in [w.replace(" ", "") for w in words]:
                    out[role] = i
                    break
        used = set(out.values())
        for i, h in enumerate(cells):
            if i in used or re.search(r"简介|介绍|描述|说明|代码|场景|数量|备注|类型|赛道|估值", h):
                continue
            for role, words in self.role_words.items():
                if (
                    role not in out
                    and any(w in h for w in words)
                    and len(h) <= max(len(w) for w in words) + 3
                ):
                    out[role] = i
                    used.add(i)
                    break
        self._cache[header] = out
        return out

    def cell_entity(self, raw: str, role: str, start: int) -> Cand | None:
        """The entity a role cell names, typed by the column unless a cue says otherwise."""
        cell = raw.strip()
        if not cell or cell in ("-", "—", "--", "/", "未披露", "未对外公布名称"):
            return None
        if len(cell) > (60 if role == "policy" else 40):  # policy titles run long (…行动方案(2024—2026年))
            return None
        if role in ("investor", "investee", "org", "gov") and self.collective.search(cell):
            return None
        typ = self.role_types[role]
        aliases: set[str] = {cell}
        # “AI 改简历”新功能 -> AI 改简历 (Product)
        q = QUOTED.search(cell)
        if q:
            tail = cell[q.end() :].strip()
            if any(tail.startswith(t) for t in self.tails) or not tail:
                name = q.group("name").strip()
                if tail and typ == "AIModel":
                    typ = "Product"
                cell = name
        else:
            for t in self.tails:
                if (
                    cell.endswith(t)
                    and len(cell) > len(t) + 1
                    and typ == "AIModel"
                    and t in self.product_tails
                ):
                    typ = "Product"
        # bilingual cells: 宇树科技\nUnitree, 九章大模型(MathGPT)
        parts = [p.strip() for p in re.split(r"\n|<br\s*/?>", cell) if p.strip()]
        if len(parts) > 1:
            cjk = [p for p in parts if re.search(r"[\u4e00-\u9fff]", p)]
            cell = cjk[0] if cjk else parts[0]
            aliases |= {p for p in parts if p != cell}
        pm = re.match(r"^(.+?)\s*[（(]([^）)]+)[）)]$", cell)
        if pm:
            cell = pm.group(1).strip()
            aliases.add(pm.group(2).strip())
        if role == "policy":
            cell = cell.strip("《》 ")
        if not cell:
            return None
        g = self.res.lookup(cell)
        if g is not None:
            if not g.weak or typ not in ("AIModel", "Product"):
                typ = g.type if role not in ("investor",) or g.type != "Company" else "Company"
            c = Cand(
                start, start + len(raw), g.name, typ, 0.95, f"tab.{role}+gaz", aliases | {cell}, gaz=True
            )
            return c
        if role in ("investor", "investee", "org"):
            # a name shape beats the column default (a 资本 in a company column is an Investor)
            found = self.finder.find(cell)
            if len(found) == 1 and found[0].length >= len(cell) - 1 and found[0].type in ORG:
                typ = found[0].type if role != "investee" else "Company"
        return Cand(start, start + len(raw), cell, typ, 0.85, f"tab.{role}", aliases | {cell})

    def gov_pieces(self, cell: str) -> list[str]:
        """The bodies of a 部门 cell. A PDF cell wraps inside names (中国人民 银行, 金融监管总 局):
        a space joins the fragments unless the left one ends like a body (lexicon.gov_tail_chars)."""
        cell = cell.strip()
        if not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", cell):
            return [cell]
        pieces: list[str] = []
        for frag in cell.split():
            if pieces and not pieces[-1].endswith(self.gov_tails) and re.match(r"[\u4e00-\u9fff]", frag):
                pieces[-1] += frag
            else:
                pieces.append(frag)
        return pieces

    def pair_cell(self, cell: str, start: int, block: int) -> tuple[list[Cand], list[RelCand]]:
        """``字节跳动-AnyDoor 百度-SynClub``: a cell listing maker-product pairs -> offers per pair."""
        cell = re.sub(r"<[^>]+>", " ", cell).strip()
        if "-" not in cell or re.search(r"[()（）,，。：:;；/+|]|\d{4}", cell):
            return [], []
        hy = [m.start() for m in re.finditer(r"(?<=\S)-(?=[A-Za-z\u4e00-\u9fff])", cell)]
        if not hy or (len(hy) < 2 and cell.count(" ") > 0):
            return [], []
        toks_before = cell[: hy[0]].split()
        if len(hy) < 2 and not re.search(r"[\u4e00-\u9fff]", cell[: hy[0]]):
            return [], []
        ents: list[Cand] = []
        rels: list[RelCand] = []
        org_start = hy[0] - len(toks_before[-1]) if toks_before else 0
        if len(toks_before) >= 2 and toks_before[-1] in self.org_tails:
            org_start -= len(toks_before[-2]) + 1
        if cell[:org_start].strip():
            return [], []  # text before the first pair: not a pair list
        for k, h in enumerate(hy):
            org = cell[org_start:h].strip()
            nxt = hy[k + 1] if k + 1 < len(hy) else None
            seg = cell[h + 1 : nxt] if nxt is not None else cell[h + 1 :]
            parts = seg.split()
            if nxt is not None:
                if not parts:
                    return [], []
                take = 2 if len(parts) >= 3 and parts[-1] in self.org_tails else 1
                prod = " ".join(parts[:-take])
                org_start = nxt - len(" ".join(parts[-take:]))
            else:
                prod = " ".join(parts)
            prod = re.sub(r"等$", "", prod).strip()
            if re.match(r"[A-Za-z]{0,2}\d", prod) or re.fullmatch(r"[A-Z]{1,3}", prod) or len(org) < 2:
                return [], []  # DeepSeek-V3, GPT-4: a versioned name, not a maker-product pair
            if not org or not prod or len(org) > 20 or len(prod) > 30:
                continue
            o = self.cell_entity(org, "org", start)
            p = self.cell_entity(prod, "product", start)
            if o is None or p is None or o.type not in ORG:
                continue
            ents += [o, p]
            rels.append(RelCand(o, p, ["offers", "develops"], 0.75, "tab.pair_cell", block))
        return ents, rels

    def run(self, cells: tuple[str, ...], header: tuple[str, ...], block: int, start: int, year: int | None):
        """(entities, relations, handled-cell indexes) for one row."""
        pe: list[Cand] = []
        pr: list[RelCand] = []
        handled_pairs: set[int] = set()
        for i, cell in enumerate(cells):
            e, r = self.pair_cell(cell, start, block)
            if r:
                pe += e
                pr += r
                handled_pairs.add(i)
        if handled_pairs:  # a matrix of maker-product pairs: the header names categories, not roles
            return pe, pr, handled_pairs
        roles = self.roles(header)
        ents: list[Cand] = []
        rels: list[RelCand] = []
        by_role: dict[str, list[Cand]] = {}
        handled: set[int] = set()
        n = len(cells)
        for role, i in roles.items():
            if role not in self.role_types or i >= n:
                continue
            handled.add(i)
            if role == "investor":
                lst = []
                for name, lead in split_investors(cells[i]):
                    if name in self.places:
                        continue
                    c = self.cell_entity(name, role, start)
                    if c:
                        c.attrs["lead"] = lead
                        lst.append(c)
                by_role[role] = lst
            elif role == "gov":
                found = []
                for piece in self.gov_pieces(cells[i]):
                    got = [m for m in self.finder.find(piece) if m.type == "GovernmentBody"]
                    if not got:
                        c = self.cell_entity(piece, role, start)
                        got = [c] if c else []
                    found += got
                by_role[role] = found
            else:
                c = self.cell_entity(cells[i], role, start)
                if c:
                    by_role[role] = [c]
        # a shifted row: the model column is empty but another unassigned cell holds a model-shaped name
        if "model" in roles and not by_role.get("model"):
            for j, cell in enumerate(cells):
                if j in roles.values() or not cell.strip():
                    continue
                found = self.finder.find(cell)
                if (
                    found
                    and found[0].type in ("AIModel", "Product")
                    and found[0].length >= len(cell.strip()) - 2
                ):
                    c = self.cell_entity(cell, "model", start)
                    if c:
                        by_role["model"] = [c]
                        handled.add(j)
                        break
        for lst in by_role.values():
            ents += lst
        funding: dict[str, Any] = {}
        if "round" in roles and roles["round"] < n:
            rc = cells[roles["round"]].strip()
            if rc and rc not in ("-", "—"):
                funding["round"] = rc
        if "amount" in roles and roles["amount"] < n:
            funding.update(
                parse_amount(
                    cells[roles["amount"]], self.res.currencies, self.res.words("undisclosed_amounts")
                )
            )
        if "date" in roles and roles["date"] < n:
            d = parse_date(cells[roles["date"]], year)
            if d:
                funding["date"] = d
        for spec in self.maps:
            if not all(by_role.get(r) for r in spec["requires"]):
                continue
            for rel in spec["relations"]:
                for s in by_role.get(rel["s"], []):
                    for o in by_role.get(rel["o"], []):
                        preds = [
                            x["p"] for x in spec["relations"] if x["s"] == rel["s"] and x["o"] == rel["o"]
                        ]
                        ch = choose(preds, s, o)
                        if not ch:
                            continue
                        attrs = {}
                        if ch[1] == "investsIn":
                            attrs = dict(funding)
                            attrs["lead"] = bool(s.attrs.get("lead"))
                        rels.append(RelCand(ch[0], ch[2], preds, spec["conf"], spec["id"], block, attrs))
            break  # the first map whose roles are all present describes the table
        return resolve_overlaps_none(ents), rels, handled


_LATIN_CELL = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9.\-·•'&+]*|-)$")


class SpaceRows:
    """Rows of space-aligned PDF tables (ingest gives their space-separated chunks): regroup
    the chunks into name / organisation / remark cells, then read them like any table row.

    ``Ghostwriter Replit``, ``Notion AI Notion``, ``Copy.ai Copy.ai 使用 GPT3 模型``,
    ``GitHub Copilot 微软与 OpenAI 共同推出``: the first run of Latin words holds the
    name and its maker; duplicated halves are one name (an app named after its maker), a
    name that extends the other (Rosebud.ai / Rosebud) marks the split, otherwise the maker
    is the last word (two with a tail such as Labs or AI).
    """

    def __init__(self, tables: TableRelations, prose: ProseRelations) -> None:
        self.tables = tables
        self.prose = prose
        res = tables.res
        self.org_tails = frozenset(res.words("latin_org_tails"))
        self.places = frozenset(res.words("place_names")) if "place_names" in res.lexicon else frozenset()
        self.variants = tuple(v.lower() for v in res.words("latin_suffix_variants"))

    @staticmethod
    def is_space_row(text: str, cells: tuple[str, ...]) -> bool:
        return "\t" not in text and "|" not in text and list(cells) == text.split()

    def _extends(self, a: str, b: str) -> bool:
        """``a`` is ``b`` plus an app ending (Rosebud.ai / Rosebud, Notion AI / Notion)."""
        x, y = a.lower(), b.lower()
        if not x.startswith(y) or x == y:
            return False
        rest = x[len(y) :].strip()
        return rest in self.variants or rest.lstrip(".") in self.variants

    def _split(self, toks: list[str], art_first: bool) -> tuple[str, str, list[str]]:
        low = [t.lower() for t in toks]
        n = len(toks)
        for k in range(1, n // 2 + 1):
            if low[:k] == low[k : 2 * k]:
                return " ".join(toks[:k]), " ".join(toks[k : 2 * k]), toks[2 * k :]
        # a trailing model or technique name, or a lower-case word, is the remark (Bard Google LaMDA …)
        while n > 2:
            g = self.tables.res.lookup(toks[n - 1])
            if (g is not None and g.type in ("AIModel", "Technology")) or toks[n - 1].islower():
                n -= 1
            else:
                break
        rest = toks[n:]
        toks = toks[:n]
        if n == 1:
            return (toks[0], "", rest) if art_first else ("", toks[0], rest)
        for k in range(1, n):
            a, b = " ".join(toks[:k]), " ".join(toks[k:])
            if self._extends(a, b) or self._extends(b, a):
                return (a, b, rest) if art_first else (b, a, rest)
        if art_first:
            k = n - 2 if n >= 3 and toks[-1] in self.org_tails else n - 1
            return " ".join(toks[:k]), " ".join(toks[k:]), rest
        k = 2 if n >= 3 and toks[1] in self.org_tails else 1
        return " ".join(toks[k:]), " ".join(toks[:k]), rest

    def run(self, cells: tuple[str, ...], header: tuple[str, ...], block: int, start: int, ctx: Context):
        """(entities, relations) of one space-aligned row; ([], []) when it names nothing."""
        roles = self.tables.roles(header)
        art = "product" if "product" in roles else "model" if "model" in roles else None
        if art is None or "org" not in roles:
            return [], []
        art_first = roles[art] < roles["org"]
        toks = list(cells)
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(toks):
            if _LATIN_CELL.match(toks[i]):
                j = i
                while j < len(toks) and _LATIN_CELL.match(toks[j]):
                    j += 1
                runs.append((i, j))
                i = j
            else:
                i += 1
        finder = self.tables.finder
        pick = None
        orgs_after: list[Cand] = []
        for a, b in runs:
            if a > 0 and toks[a - 1].endswith("的"):
                continue  # 推出的 stable AI 能…: a noun phrase inside a wrapped sentence, not a row
            rest = " ".join(toks[b:])
            found = finder.find(rest) if rest else []
            if found and found[0].start == 0 and found[0].type in ORG:
                # NUWA 微软 / GitHub Copilot 微软与 OpenAI 共同推出: the makers are the names after the run
                orgs_after = [found[0]]
                for m in found[1:]:
                    if COORD_GAP.match(rest[orgs_after[-1].end : m.start]) and m.type in ORG:
                        orgs_after.append(m)
                    else:
                        break
                pick = (a, b)
                break
            if b - a >= 2:
                pick = (a, b)
                break
        if pick is None:
            return [], []
        a, b = pick
        if orgs_after:
            name, org_names = " ".join(toks[a:b]), [m.name for m in orgs_after]
            rest = " ".join(toks[b:])
            remark = rest[orgs_after[-1].end :].strip()
        else:
            name, org, rest_toks = self._split(toks[a:b], art_first)
            org_names = [org] if org and org != "-" else []
            remark = " ".join(rest_toks + toks[b:]).strip()
        if name in ("-", ""):
            name = ""
        if name and org_names and name.lower() == org_names[0].lower():
            org_names = []  # an app named after its maker: one entity (Copy.ai Copy.ai)
        ents: list[Cand] = []
        rels: list[RelCand] = []
        n = max(roles.values()) + 1
        for org in org_names or [""]:
            row = [""] * n
            row[roles[art]] = name
            row[roles["org"]] = org
            e, r, _ = self.tables.run(tuple(row), header, block, start, ctx.year)
            ents += e
            rels += r
        if not name:
            return ents, rels
        subj = next((e for e in ents if e.name == name or name in e.aliases), None)
        if subj is None:
            c = self.tables.cell_entity(name, art, start)
            if c is None:
                return ents, rels
            subj = c
            ents.append(c)
        # the remark is about the row's name: 使用 GPT3 模型，使用 TTS 技术 -> one clause at a time
        for clause in re.split(r"[，,；;。]", remark):
            clause = clause.strip()
            if not clause:
                continue
            text = f"{name} {clause}"
            ms = finder.find(clause)
            off = len(name) + 1
            for m in ms:
                m.start += off
                m.end += off
            head = Cand(0, len(name), subj.name, subj.type, subj.conf, subj.rule, set(subj.aliases))
            found = [head, *ms]
            for r in self.prose.run(text, found, block, ctx):
                if r.s is head:
                    r.s = subj
                if r.o is head:
                    r.o = subj
                rels.append(r)
            ents += [m for m in ms if any(r.o is m or r.s is m for r in rels)]
        return ents, rels


def resolve_overlaps_none(ents: list[Cand]) -> list[Cand]:
    """Table cells are separate strings: keep every entity (no overlap resolution)."""
    return ents


__all__ = [
    "Context",
    "ProseRelations",
    "RelCand",
    "TableRelations",
    "choose",
    "paren_aliases",
    "resolve_overlaps",
]


FUNDING_MARK = re.compile(r"(?:联合)?领投|(?:继续|超额)?(?:跟投|参投)|战略投资")
INVESTEE_CUE = re.compile(r"^\s*(?:宣布)?(?:完成|获得|获|拿下|斩获)")
# an investor list that follows its cue: 投资方包括 A、B、C / 投资方为 A 和 B
INVESTOR_LIST_CUE = re.compile(r"(?:投资方|投资机构|投资人|出资方|股东)(?:包括|包含|为|有|是)[：:]?")
RAISED = re.compile(r"(?:完成|获得|获|拿下|斩获)[^，。；]{0,24}?融资")


def funding_sentence(
    text: str, ms: list[Cand], block: int, res: Resources, year: int | None
) -> list[RelCand]:
    """X 完成 A 轮 10 亿美元融资，由 A 领投，B、C 跟投: one investsIn per investor, with lead flags.

    The investee is the company right before 完成/获得/获; investors are the organisations
    in each group closed by a 领投/跟投/参投 marker (a group never crosses a clause end).
    """
    marks = list(FUNDING_MARK.finditer(text))
    lst = INVESTOR_LIST_CUE.search(text)
    if not marks and not lst:
        return []
    orgs = [m for m in ms if m.type in ORG]
    investee = next((m for m in orgs if INVESTEE_CUE.match(text[m.end : m.end + 6])), None)
    if investee is None and lst:
        # 甲公司对外披露，公司当年获得…融资，投资方包括…: the sentence's first organisation raised it
        rz = RAISED.search(text)
        if rz and rz.start() < lst.start():
            investee = next((m for m in orgs if m.end <= rz.start()), None)
    if investee is None:
        return []
    attrs: dict[str, Any] = {}
    rm = res.round_re.search(text)
    if rm:
        attrs["round"] = rm.group(0)
    attrs.update(parse_amount(text, res.currencies))
    d = parse_event_date(text, year)
    if d:
        attrs["date"] = d
    out = []
    prev = investee.end
    for mk in marks:
        seg_start = prev
        seg = text[seg_start : mk.start()]
        cut = max(seg.rfind("，"), seg.rfind(","), seg.rfind("由"), seg.rfind("；"))
        if cut >= 0:
            seg_start += cut + 1
        group = [m for m in orgs if seg_start <= m.start and m.end <= mk.start() and m is not investee]
        for inv in group:
            a = dict(attrs)
            a["lead"] = "领投" in mk.group(0)
            out.append(RelCand(inv, investee, ["investsIn"], 0.7, "rel.funding", block, a))
        prev = mk.end()
    if lst and lst.start() > investee.end:
        group = [m for m in orgs if m.start >= lst.end() and m is not investee]
        k = 0
        while k < len(group) and (
            k == 0
            and not CLAUSE_BREAK.search(text[lst.end() : group[0].start])
            and group[0].start - lst.end() <= 4
            or k > 0
            and SUBJ_COORD.match(text[group[k - 1].end : group[k].start])
        ):
            a = dict(attrs)
            a["lead"] = False
            out.append(RelCand(group[k], investee, ["investsIn"], 0.7, "rel.funding_list", block, a))
            k += 1
    return out
