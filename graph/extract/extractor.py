"""The extractor: rule components configured by data, also packaged as a spaCy pipeline.

Components (registered with ``@Language.factory`` when :func:`build_nlp` first runs):

- ``zhitu_mentions``: gazetteer, name shapes and cue words (``assets/gazetteer``,
  ``assets/patterns/entity_rules.jsonl``) -> ``doc.spans["zhitu"]``;
- ``zhitu_relations``: trigger words with typed arguments
  (``assets/patterns/relation_rules.jsonl``) -> ``doc.user_data["zhitu_relations"]``.

Table rows skip spaCy: their cells already are the units, and the header map
(``assets/patterns/table_headers.jsonl``) assigns roles. Entities are then merged
within the document (one per thing, aliases and mentions collected) and every
relation's predicate is checked against the settled types with ``allowed()``.

:meth:`Extractor.extract` calls the two components' logic on each block's text directly:
the rules read the text, never the tokens, and making a spaCy ``Doc`` per block cost a
fifth of the extraction time. spaCy is imported only when the pipeline itself is built
(``Extractor.nlp``, :func:`build_nlp`), which keeps it out of the app's cold start.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import jieba

from graph.extract.mentions import Cand, MentionFinder
from graph.extract.relations import (
    SENT_OPEN,
    Context,
    ProseRelations,
    RelCand,
    SpaceRows,
    TableRelations,
    choose,
    paren_aliases,
)
from graph.extract.resources import Resources, load_resources, norm_key
from graph.model import ORGANISATION_TYPES as ORG
from graph.model import (
    Block,
    DocExtraction,
    Entity,
    Mention,
    Relation,
    SourceDocument,
    allowed,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

jieba.setLogLevel(60)

_RES: Resources | None = None
# ZHITU_COLD_DOCS=1 (read when the extractor is built): every document is read with empty
# text caches, as if no report shared a sentence with another. For benchmarks: copies of the
# same reports would otherwise be read from the caches almost for free by one process, but
# not by several.
COLD_DOCS_ENV = "ZHITU_COLD_DOCS"


def resources() -> Resources:
    global _RES
    if _RES is None:
        _RES = load_resources()
    return _RES


def _jieba_tokenize(s: str) -> list[str]:
    return jieba.lcut(s, HMM=False)


_FACTORIES = False
# a leading month range or date and joiners inside a model stem (1-12月中国大模型, 逻辑-大模型)
_MODEL_STEM_JUNK = re.compile(r"^[\d\s\-–~至]+(?:月份?|年度?)|[\s\-–~·“”\"]")


def _register_factories() -> None:
    """Register the components with spaCy (imports spaCy: done when a pipeline is built)."""
    global _FACTORIES
    if _FACTORIES:
        return
    from spacy.language import Language
    from spacy.tokens import Span

    if not Span.has_extension("zhitu"):
        Span.set_extension("zhitu", default=None)

    @Language.factory("zhitu_mentions")
    def make_mentions(nlp: Language, name: str) -> MentionComponent:
        return MentionComponent(MentionFinder(resources(), _jieba_tokenize))

    @Language.factory("zhitu_relations")
    def make_relations(nlp: Language, name: str) -> RelationComponent:
        return RelationComponent(ProseRelations(resources()))

    _FACTORIES = True


class MentionComponent:
    """Finds mentions over the text and maps them onto tokens (``alignment_mode="expand"``)."""

    def __init__(self, finder: MentionFinder) -> None:
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get("zhitu_text") or doc.text  # Doc.text re-joins every token
        cands = self.finder.find(text)
        paren_aliases(text, cands)
        spans = []
        for c in cands:
            sp = doc.char_span(c.start, c.end, label=c.type, alignment_mode="expand")
            if sp is not None:
                sp._.zhitu = c
                spans.append(sp)
        doc.spans["zhitu"] = spans
        doc.user_data["zhitu_cands"] = cands
        return doc


class RelationComponent:
    """Trigger rules over the mentions of one sentence."""

    def __init__(self, prose: ProseRelations) -> None:
        self.prose = prose

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc.user_data.get("zhitu_ctx") or Context()
        block = doc.user_data.get("zhitu_block", -1)
        if doc.user_data.get("zhitu_mentions_only"):  # a short table cell: names, no triggers
            doc.user_data["zhitu_relations"] = []
            return doc
        doc.user_data["zhitu_relations"] = self.prose.run(
            doc.user_data.get("zhitu_text") or doc.text, doc.user_data.get("zhitu_cands", []), block, ctx
        )
        return doc


def build_nlp(res: Resources, segmenter: str = "char", *, words_loaded: bool = False) -> Language:
    """The pipeline. The jieba user dictionary is loaded first (PITFALLS: patterns and
    segmentation see it only if it is there before the pipeline is built); pass
    ``words_loaded`` when :func:`load_user_words` already ran (adding a word twice raises
    jieba's total frequency, which shifts its segmentation)."""
    import spacy

    _register_factories()
    if not words_loaded:
        load_user_words(res)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    nlp.add_pipe("zhitu_mentions")
    nlp.add_pipe("zhitu_relations")
    return nlp


def load_user_words(res: Resources) -> None:
    """Gazetteer names and suffixes into jieba's dictionary, before anything segments."""
    for e in res.gazetteer:
        for f in [e.name, *e.aliases]:
            if re.search(r"[\u4e00-\u9fff]", f) and " " not in f:
                jieba.add_word(f, freq=20000)
    for rule in res.entity_rules:  # suffixes stay whole tokens so stems split cleanly
        for s in rule.get("suffixes", []):
            if re.fullmatch(r"[\u4e00-\u9fff]+", s):
                jieba.add_word(s, freq=5000)
    jieba.initialize()


# ---------------------------------------------------------------------------


FAMILY = {
    "Company": "org",
    "Investor": "org",
    "GovernmentBody": "org",
    "ResearchInstitution": "org",
    "AIModel": "art",
    "Product": "art",
    "Policy": "policy",
    "Technology": "tech",
    "Person": "person",
}


@dataclass
class _Ent:
    key: tuple[str, str]
    names: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    votes: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    aliases: set[str] = field(default_factory=set)
    attrs: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    conf: float = 0.0
    gaz_name: str | None = None
    invests: bool = False


def rules_hint() -> str:
    """Cheap pre-filter: a block can only hold a cue-typed name if it has a Latin letter or a cue."""
    return r"[A-Za-z]|助手|助理|应用|产品|公司|企业|厂商|机构|收购|出售|旗下|创立|创办|创始人|董事长|首席"


class Extractor:
    """Reads a :class:`SourceDocument`, returns its :class:`DocExtraction`."""

    def __init__(
        self, res: Resources | None = None, segmenter: str = "char", min_confidence: float = 0.0
    ) -> None:
        self.res = res or resources()
        self.segmenter = segmenter
        load_user_words(self.res)
        self._nlp: Language | None = None
        self.finder = MentionFinder(self.res, _jieba_tokenize)
        self.tables = TableRelations(self.res, self.finder)
        self.prose = ProseRelations(self.res, self.finder)
        self.space_rows = SpaceRows(self.tables, self.prose)
        self.min_confidence = min_confidence
        # per triple of the last document: the (rule id, evidence kind) of every statement of it
        self.last_support: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        self._sections: dict[str, Cand | None] = {}
        self._org_tails = sorted(self.res.words("org_trailing_suffixes"), key=len, reverse=True)
        self._model_tails = sorted(self.res.words("model_trailing_suffixes"), key=len, reverse=True)
        self._tail_keys = {
            "org": [norm_key(t) for t in self._org_tails],
            "art": [norm_key(t) for t in self._model_tails],
        }
        self._keys: dict[tuple[str, str], tuple[str, str]] = {}
        self._places = tuple(sorted(self.res.lexicon.get("place_names", {}).get("words", ()), key=len, reverse=True))
        self._source_prefixes = tuple(self.res.words("source_prefixes"))
        self._cold_docs = os.environ.get(COLD_DOCS_ENV) == "1"

    def clear_caches(self) -> None:
        """Forget the results cached by text (names, shapes, keys): the next run reads cold."""
        self.finder.clear_caches()
        self._keys.clear()
        norm_key.cache_clear()

    @property
    def nlp(self) -> Language:
        """The same components as a spaCy pipeline (built on first use; ``extract`` does not need it)."""
        if self._nlp is None:
            self._nlp = build_nlp(self.res, self.segmenter, words_loaded=True)
            self._nlp.get_pipe("zhitu_mentions").finder = self.finder
            self._nlp.get_pipe("zhitu_relations").prose = self.prose
        return self._nlp

    # -- public ----------------------------------------------------------------
    def extract(self, doc: SourceDocument, *, via_nlp: bool = False) -> DocExtraction:
        """The document's entities and relations. ``via_nlp`` runs every block of text through
        the spaCy pipeline (:attr:`nlp`, the same components) instead of calling the components
        directly: same output, slower (a spaCy Doc per block)."""
        if self._cold_docs:
            self.clear_caches()
        run = self._run_nlp if via_nlp else self._run_direct
        ctx = Context(year=doc.year)
        all_cands: list[tuple[Cand, Block]] = []
        rels: list[RelCand] = []
        blocks = doc.blocks
        blocks = self._content_blocks(blocks)
        prose = [b for b in blocks if not (b.kind == "row" and b.header)]
        rows = [b for b in blocks if b.kind == "row" and b.header]
        shifted = self._column_shifts(rows)
        for b in rows:
            if b.table in shifted:
                b = replace(b, header=shifted[b.table])
            if SpaceRows.is_space_row(b.text, b.cells):
                ents, rr = self.space_rows.run(b.cells, b.header, b.index, b.start, ctx)
                all_cands += [(c, b) for c in ents]
                rels += rr
                if not ents:  # a merged-cell fragment (a category or scene line): read it as prose
                    cands = self.finder.find(b.text)
                    all_cands += [(c, b) for c in cands]
                continue
            ents, rr, handled = self.tables.run(b.cells, b.header, b.index, b.start, doc.year)
            all_cands += [(c, b) for c in ents]
            rels += rr
            # descriptive cells are prose: mentions and triggers inside them
            for i, cell in enumerate(b.cells):
                if i in handled or len(cell) < 4 or re.fullmatch(r"[\d.,%\-+\s]+", cell):
                    continue
                # a cell's triggers are read when it is long enough to be a clause and names something
                cands, cell_rels = run(cell, b.index, ctx, len(cell) > 12 and self._has_names(cell))
                all_cands += [(c, b) for c in cands]
                rels += cell_rels
        by_index = {b.index: b for b in prose}
        self.finder.set_doc_names(self._doc_names(prose))
        texts = ((b.text, b.index) for b in prose)
        for idx, cands, block_rels in self._pipe(texts, ctx, by_index, run):
            b = by_index[idx]
            src = self._sources(b)
            if src:  # a source line: its items replace the shape mentions
                all_cands += [(c, b) for c in src]
                continue
            all_cands += [(c, b) for c in cands]
            rels += block_rels
        self.finder.set_doc_names({})
        return self._finish(doc, all_cands, rels)

    def _doc_names(self, prose: list[Block]) -> dict[str, str]:
        """Names a cue typed somewhere in the document (智能助手 X, X 发布自研…, 华为、X 等厂商):
        their bare mentions elsewhere in the document are the same names."""
        rules = tuple(self.res.words("doc_name_rules"))
        names: dict[str, str] = {}
        for b in prose:
            if not re.search(rules_hint(), b.text):
                continue
            for c in self.finder.find_cued(b.text):
                if c.rule.startswith(rules) and not c.gaz and len(c.name) >= 2:
                    names.setdefault(c.name, c.type)
        return names

    def _fits(self, cell: str, family: str) -> float:
        """How well a cell looks like a value of a column family: 1 yes, 0 no, 0.5 unknown."""
        cell = re.split(r"<br\s*/?>|\n", cell.strip())[0].strip()
        if not cell:
            return 0.5
        g = self.res.lookup(cell)
        found = self.finder.find(cell)
        typ = (
            g.type if g is not None else found[0].type if found and found[0].length >= len(cell) - 1 else None
        )
        if typ is None:
            return 0.5
        return 1.0 if FAMILY.get(typ) == family else 0.0

    def _column_shifts(self, rows: list[Block]) -> dict[int, tuple[str, ...]]:
        """Tables whose values sit one column off their header (a collapsed icon column):
        the organisation/name columns must hold names of their kind, else the header moves."""
        out: dict[int, tuple[str, ...]] = {}
        tables: dict[int, list[Block]] = defaultdict(list)
        for b in rows:
            if b.table >= 0 and not SpaceRows.is_space_row(b.text, b.cells):
                tables[b.table].append(b)
        for t, bs in tables.items():
            header = bs[0].header
            roles = self.tables.roles(header)
            fam = {r: "org" for r in ("org", "investor", "investee") if r in roles}
            fam |= {r: "art" for r in ("product", "model") if r in roles}
            if "org" not in fam or len(bs) < 3:
                continue

            def score(shift: int, roles=roles, fam=fam, bs=bs) -> float:
                vals = [
                    self._fits(b.cells[roles[r] + shift], f)
                    for b in bs
                    for r, f in fam.items()
                    if 0 <= roles[r] + shift < len(b.cells)
                ]
                return sum(vals) / len(vals) if vals else 0.0

            base = score(0)
            if base >= 0.5:
                continue
            best = max((-1, 1), key=score)
            if score(best) >= base + 0.3:
                n = len(header)
                new = [""] * n
                for i, h in enumerate(header):
                    if 0 <= i + best < n:
                        new[i + best] = h
                out[t] = tuple(new)
        return out

    def _section_org(self, section: str) -> Cand | None:
        """The organisation a heading names (2、彩讯股份——…): 该公司/公司 below it refers to it."""
        if not section:
            return None
        if section not in self._sections:
            orgs = [c for c in self.finder.find(section[:40]) if c.type in ("Company", "ResearchInstitution")]
            self._sections[section] = orgs[0] if orgs and orgs[0].start <= 4 else None
        return self._sections[section]

    @cached_property
    def _non_names(self) -> list[tuple[re.Pattern[str], frozenset[str]]]:
        rules = self.res.lexicon.get("non_names", {}).get("rules", [])
        return [(re.compile(r["pattern"]), frozenset(r.get("types", ()))) for r in rules]

    @cached_property
    def _retypes(self) -> list[tuple[re.Pattern[str], frozenset[str], str]]:
        rules = self.res.lexicon.get("retype_names", {}).get("rules", [])
        return [(re.compile(r["pattern"]), frozenset(r["from"]), r["to"]) for r in rules]

    def _retype_keep(self, e: Entity) -> bool:
        """Settled-entity check: retype by name tail (lexicon.retype_names), then drop names of a
        shape that is no entity (lexicon.non_names), organisations made only of generic words
        (具身智能, 两大智能) and models whose stem is only generic modifiers (手机端侧大模型)."""
        name = e.name.strip()
        for rx, src, to in self._retypes:
            if e.types[0] in src and rx.search(name):
                e.types = [to]
        typ = e.types[0]
        for rx, types in self._non_names:
            if (not types or typ in types) and rx.search(name):
                return False
        if self.res.lookup(name) is not None:
            return True
        if typ in ("Company", "Investor") and re.search(r"[\u4e00-\u9fff]", name) and self._all_generic(name):
            return False
        if typ == "AIModel":
            stem = name
            for t in self._model_tails:
                if stem.endswith(t) and len(stem) > len(t):
                    stem = stem[: -len(t)]
                    break
            else:
                return True
            if re.search(r"[A-Za-z]", stem):
                return True  # GPT-1 大模型: a Latin stem is a name
            stem = _MODEL_STEM_JUNK.sub("", stem)
            if not stem or self._all_generic(stem):
                return False
        return True

    def _all_generic(self, s: str) -> bool:
        """``s`` splits wholly into generic stem words and numbers (手机端侧, 两大智能): no name.
        Settled by the word list itself, not by the segmenter, which may split 端侧 into 端 / 侧."""
        s = s.replace(" ", "")
        if not s:
            return True
        if self.finder.generic(s):
            return True
        gen = self.res.generic_stems
        ok = [True] + [False] * len(s)
        for i in range(len(s)):
            if not ok[i]:
                continue
            for j in range(i + 1, min(len(s), i + 8) + 1):
                w = s[i:j]
                if w in gen or w.isdecimal():
                    ok[j] = True
        return ok[len(s)]

    def _sources(self, b: Block) -> list[Cand]:
        """资料来源：A，B，C: each item names an organisation (research firm, media, company)."""
        text = b.text.strip()
        if not text.startswith(self._source_prefixes):  # most blocks: one C-level test
            return []
        pre = next(p for p in self._source_prefixes if text.startswith(p))
        spec = self.res.lexicon["source_tails"]
        out = []
        pos = len(pre)
        for item in re.split(r"[，,、；;]", text[len(pre) :]):
            raw = item
            item = item.strip()
            for t in spec["strip"]:
                item = re.sub(re.escape(t) + r"$", "", item).strip()
            if (
                2 <= len(item) <= 20
                and not any(r in item for r in spec["reject"])
                and not re.search(r"[（(）)：:\d]{1}.*[（(）)]|^\d|年|月", item)
            ):
                g = self.res.lookup(item)
                if g is not None:
                    out.append(Cand(pos, pos + len(item), g.name, g.type, 0.9, "src+gaz", {item}, gaz=True))
                else:
                    found = self.finder.find(item)
                    typ = (
                        found[0].type
                        if found and found[0].length == len(item) and found[0].type in ORG
                        else "Company"
                    )
                    out.append(Cand(pos, pos + len(item), item, typ, 0.5, "src.list", {item}))
            pos += len(raw) + 1
        return out

    def _content_blocks(self, blocks: list[Block]) -> list[Block]:
        """Drop report boilerplate: everything from a disclaimer/analyst/rating heading on."""
        skip = set(self.res.words("skip_sections"))
        for i, b in enumerate(blocks):
            if b.kind == "sentence" and re.sub(r"\s+", "", b.text) in skip:
                return blocks[:i]
        return blocks

    def _has_names(self, text: str) -> bool:
        return bool(self.finder.find(text))  # cached by text: the run that follows reuses it

    def _run_direct(
        self, text: str, idx: int, ctx: Context, relations: bool = True
    ) -> tuple[list[Cand], list[RelCand]]:
        """The two components on one text, called directly (what ``MentionComponent`` and
        ``RelationComponent`` do with a Doc): its mentions and, when asked, its relations."""
        cands = self.finder.find(text)
        paren_aliases(text, cands)
        if not relations:
            return cands, []
        return cands, self.prose.run(text, cands, idx, ctx)

    def _run_nlp(
        self, text: str, idx: int, ctx: Context, relations: bool = True
    ) -> tuple[list[Cand], list[RelCand]]:
        """As :meth:`_run_direct`, through the spaCy pipeline."""
        sd = self.nlp.make_doc(text)
        sd.user_data.update(
            zhitu_text=text, zhitu_block=idx, zhitu_ctx=ctx, zhitu_mentions_only=not relations
        )
        sd = self.nlp(sd)
        return sd.user_data["zhitu_cands"], sd.user_data["zhitu_relations"]

    def _pipe(
        self,
        texts: Iterable[tuple[str, int]],
        ctx: Context,
        by_index: dict[int, Block],
        run: Callable[..., tuple[list[Cand], list[RelCand]]] | None = None,
    ) -> Iterator[tuple[int, list[Cand], list[RelCand]]]:
        """The two components block by block (``run``: called directly or through the spaCy
        pipeline), keeping the paragraph context between blocks: (block index, mentions, relations)."""
        run = run or self._run_direct
        for text, idx in texts:
            b = by_index[idx]
            if b.paragraph != ctx.paragraph:
                ctx.paragraph = b.paragraph
                ctx.last_org = self._section_org(b.section) or ctx.topic_org
            cands, block_rels = run(text, idx, ctx)
            orgs = [c for c in cands if c.type in ("Company", "ResearchInstitution")]
            for c in cands:
                if c.type == "Person":
                    ctx.last_person = c
                elif c.type == "AIModel":
                    ctx.last_model = c
            if orgs:
                # 该公司 in the next sentence is this sentence's subject when it opens the sentence
                # (after a date), else the last organisation named
                head = orgs[0]
                ctx.last_org = head if SENT_OPEN.fullmatch(text[: head.start]) else orgs[0]
                # a short block naming one organisation is a heading for what follows (公司还推出了…)
                if len(orgs) == 1 and len(text.strip()) <= orgs[0].length + 2:
                    ctx.topic_org = orgs[0]
            yield idx, cands, block_rels

    # -- merging -----------------------------------------------------------------
    def _key(self, c: Cand) -> tuple[str, str]:
        fam = FAMILY.get(c.type, c.type)
        key = self._keys.get((fam, c.name))
        if key is None:
            if len(self._keys) > 50_000:
                self._keys.clear()
            key = self._keys[fam, c.name] = self._family_key(fam, c.name)
        return key

    def _family_key(self, fam: str, name: str) -> tuple[str, str]:
        k = norm_key(name)
        legal = fam == "org" and k.endswith(("有限公司", "有限责任公司"))
        for _ in range(3 if legal else 1):
            for tk in self._tail_keys.get(fam, ()):
                if k.endswith(tk) and len(k) - len(tk) >= 2:
                    k = k[: -len(tk)]
                    break
            else:
                break
        if legal:  # 杭州星云微电子科技有限公司 = 星云微电子: the legal name leads with its city
            k = _strip_place(k, self._places)
        return fam, k

    def _finish(
        self, doc: SourceDocument, cands: list[tuple[Cand, Block]], rels: list[RelCand]
    ) -> DocExtraction:
        # endpoints that came from context (a heading's organisation) join as mentions of their block
        seen = {id(c) for c, _ in cands}
        by_idx = {b.index: b for b in doc.blocks}
        for r in rels:
            for c in (r.s, r.o):
                if id(c) not in seen and r.block in by_idx:
                    cands.append((c, by_idx[r.block]))
                    seen.add(id(c))
        ents: dict[tuple[str, str], _Ent] = {}
        of: dict[int, _Ent] = {}
        alias_key: dict[str, tuple[str, str]] = {}
        for c, b in cands:
            self._traditional_alias(b, c)
            key = self._key(c)
            # an alias seen before (月之暗面 ~ MoonShot AI) joins the earlier entity of the same family
            for a in [c.name, *c.aliases]:
                ak = (key[0], norm_key(a))
                if ak in alias_key and alias_key[ak] != key and alias_key[ak] in ents:
                    key = alias_key[ak]
                    break
            e = ents.get(key)
            if e is None:
                e = ents[key] = _Ent(key)
            of[id(c)] = e
            w = c.conf * (0.2 if c.weak else 1.0)  # an open-typed gazetteer hit yields to any context
            e.votes[c.type] += w
            e.names[c.name] += w + (1.0 if c.gaz else 0.0)
            if c.gaz:
                e.gaz_name = c.name
            e.aliases |= {a for a in c.aliases if a and "\n" not in a and len(a) <= 60}
            e.attrs.update({k: str(v) for k, v in c.attrs.items() if k == "stock_code"})
            e.conf = max(e.conf, c.conf)
            if c.attrs.get("lead") is not None:
                e.invests = True
            for a in [c.name, *c.aliases]:
                alias_key.setdefault((key[0], norm_key(a)), key)
            e.mentions.append(self._mention(doc, b, c))
        # settle names and types
        out_ents: dict[int, Entity] = {}
        for e in ents.values():
            typ = max(e.votes.items(), key=lambda kv: kv[1])[0]
            if (
                e.key[0] == "org"
                and e.votes.get("Company", 0) > 0
                and typ == "Investor"
                and e.votes["Company"] >= 0.5
            ):
                typ = "Company"
            types = [typ]
            if typ == "Company" and (e.invests or e.votes.get("Investor")):
                types.append("Investor")
            name = e.gaz_name or max(e.names.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
            ent = Entity(
                name=name,
                types=types,
                aliases={a for a in e.aliases if a != name},
                attrs=e.attrs,
                mentions=e.mentions,
            )
            ent.confidence = round(min(1.0, e.conf + 0.05 * (len(e.mentions) - 1)), 3)
            out_ents[id(e)] = ent
        # relations, re-checked against the settled types
        best: dict[tuple[str, str, str], Relation] = {}
        support: dict[tuple[str, str, str], dict[int, tuple[float, str]]] = {}
        rules_of: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        by_block = {b.index: b for b in doc.blocks}
        for r in rels:
            es, eo = of.get(id(r.s)), of.get(id(r.o))
            if es is None or eo is None or es is eo:
                continue
            s, o = out_ents[id(es)], out_ents[id(eo)]
            picked = None
            for p in r.preds:
                base, inv = (p.split(":")[0], True) if p.endswith(":inverse") else (p, False)
                a, z = (o, s) if inv else (s, o)
                if allowed(base, set(a.types), set(z.types)):
                    picked = (a, base, z)
                    break
            if picked is None:
                continue
            a, p, z = picked
            conf = r.conf * (0.6 + 0.4 * min(a.confidence, z.confidence))
            ev = self.relation_confidence(r)
            b = by_block.get(r.block)
            key = (
                (a.name, p, z.name)
                if p not in ("partnersWith", "competesWith")
                else (min(a.name, z.name), p, max(a.name, z.name))
            )
            rel = Relation(
                s=a.name,
                p=p,
                o=z.name,
                confidence=round(conf, 3),
                evidence=(b.original if b else "")[:300],
                doc=doc.name,
                block=r.block,
                start=b.start if b else 0,
                end=b.end if b else 0,
                attrs=dict(r.attrs),
                rule=r.rule,
            )
            per_block = support.setdefault(key, {})
            if ev > per_block.get(r.block, (0.0, ""))[0]:
                per_block[r.block] = (ev, r.rule)
            rules_of.setdefault(key, []).append((r.rule, self._evidence_kind(r)))
            old = best.get(key)
            if old is None or rel.confidence > old.confidence or (rel.attrs and not old.attrs):
                if old is not None:
                    rel.confidence = round(min(1.0, max(rel.confidence, old.confidence) + 0.05), 3)
                best[key] = rel
            else:
                old.confidence = round(min(1.0, old.confidence + 0.05), 3)
        # confidence from the evidence: the same triple stated in several blocks adds up as 1 - prod(1 - c)
        for key, rel in best.items():
            miss = 1.0
            for c, _ in support[key].values():
                miss *= 1.0 - c
            rel.confidence = round(min(0.99, 1.0 - miss), 3)
        self.last_support = {k: rules_of[k] for k in best}
        # a Company that invests is also an Investor (brief); the primary type stays Company
        investors = {r.s for r in best.values() if r.p == "investsIn"}
        for e in out_ents.values():
            if e.name in investors and "Investor" not in e.types:
                e.types.append("Investor")
        entities = [
            e for e in out_ents.values() if e.confidence >= self.min_confidence and self._retype_keep(e)
        ]
        keep = {e.name for e in entities}
        relations = [
            r for r in best.values() if r.s in keep and r.o in keep and r.confidence >= self.min_confidence
        ]
        return DocExtraction(doc=doc, entities=entities, relations=relations)

    @staticmethod
    def _evidence_kind(r: RelCand) -> str:
        if r.kind:
            return r.kind
        if r.rule.startswith("tab."):
            return "table"
        if r.rule.startswith("frame."):
            return "frame"
        if r.rule.startswith("rel.funding"):
            return "funding"
        if r.rule == "rel.possessive":
            return "weak"
        return "trigger"

    def relation_confidence(self, r: RelCand) -> float:
        """One statement's confidence: rule reliability (measured, assets/patterns/confidence.json)
        x kind of evidence x the weaker argument's mention confidence x distance between them."""
        cfg = self.res.confidence
        if not cfg:
            return r.conf
        kind = self._evidence_kind(r)
        rel = cfg.get("rules", {}).get(r.rule, {}).get("reliability", r.conf)
        kf = cfg["kind"].get(kind, 0.9)
        arg = cfg["argument"]

        def mconf(c: Cand) -> float:
            return min(c.conf, arg["weak_conf"]) if c.weak else c.conf

        af = arg["base"] + arg["span"] * min(mconf(r.s), mconf(r.o))
        df = 1.0
        if kind not in ("table", "coref"):
            d = cfg["distance"]
            if r.gap > d["near"]:
                df = max(d["floor"], 1.0 - d["per_char"] * (r.gap - d["near"]))
        return max(0.0, min(0.99, rel * kf * af * df))

    def _traditional_alias(self, b: Block, c: Cand) -> None:
        """The original (Traditional) spelling of a mention read from folded text is an alias."""
        if b.kind == "sentence" and len(b.text) == len(b.original) and c.end <= len(b.original):
            orig = b.original[c.start : c.end]
            if orig != b.text[c.start : c.end] and orig.strip():
                c.aliases.add(orig.strip())

    def _mention(self, doc: SourceDocument, b: Block, c: Cand) -> Mention:
        if b.kind == "sentence" and len(b.text) == len(b.original):
            return Mention(b.index, b.start + c.start, b.start + c.end)
        return Mention(b.index, b.start, b.end)


_EXTRACTOR: Extractor | None = None


def _strip_place(key: str, places: tuple[str, ...]) -> str:
    """``key`` without a leading place (杭州, 北京市, 浙江省) when at least three characters remain.

    >>> _strip_place("杭州星云微电子", ("杭州",))
    '星云微电子'
    >>> _strip_place("北京大学", ("北京",))
    '北京大学'
    """
    for p in places:
        if key.startswith(p):
            rest = key[len(p) :]
            rest = rest[1:] if rest[:1] in ("市", "省") else rest
            return rest if len(rest) >= 3 else key
    return key


def get_extractor() -> Extractor:
    """The shared extractor, built once (building loads the rule data and jieba's dictionary)."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    return _EXTRACTOR


def extract_paths(paths: Iterable[str | Path]) -> list[DocExtraction]:
    """Read and extract each file."""
    from graph.ingest import read_document

    ex = get_extractor()
    return [ex.extract(read_document(p)) for p in paths]


__all__ = ["Extractor", "build_nlp", "choose", "extract_paths", "get_extractor"]
