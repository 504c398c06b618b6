"""Who develops a model, from what the name and the knowledge base say.

Two cues name a model's developer without a verb between them:

- **The name starts with an organisation's name**: MiniMax-VL-01, DeepSeek-R1, 吉利星睿大模型
  (the organisation is one the document names).
- **The knowledge base** (``developer`` in ``assets/gazetteer/kb_models.jsonl``) knows the model
  or the family it is a version of: Kimi-K2-Base is a Kimi K2, 天工3.5 a 天工.

:meth:`ModelDevelopers.run` states ``develops`` when the developer is named in the sentence or
earlier in the document; :meth:`ModelDevelopers.veto` drops a ``develops`` whose model is named
after another organisation (东风 宣布接入 DeepSeek大模型 does not make 东风 its developer).

>>> from graph.extract.resources import load_resources
>>> md = ModelDevelopers(load_resources())
>>> md.kb_developer("Kimi-K2-Base"), md.kb_developer("天工3.5"), md.kb_developer("天工开物")
('月之暗面', '昆仑万维', None)
>>> name_prefix("MiniMax-VL-01", "MiniMax"), name_prefix("MiniMaxer", "MiniMax")
(True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.mentions import Cand
from graph.extract.resources import Resources, norm_key
from graph.model import ORGANISATION_TYPES as ORG

if TYPE_CHECKING:
    from graph.extract.relations import Context, RelCand

# what may follow a model family's name in a version's name: a version, a size, a variant word
_VERSION_TAIL = re.compile(r"[\s\-_.]*(?:[Vv]?\d|[A-Za-z]|(?:大|语言|多模态|推理)?模型|系列|$)")
# a sentence that says a model is someone's: released, built, owned (not merely used or adopted);
# or a line that opens by defining the model (a bullet under a release heading: - X-Base：基础模型)
_CUE = re.compile(r"发布|推出|开源|上线|亮相|分享|旗下|(?:研发|开发|打造)(?:了|的|出)|自主研发")
_DEFINES = re.compile(r"\s*[：:]")
# DeepSeek大模型, DeepSeek全系列大语言模型: the developer's models as a whole, no model of its own
_GENERIC_TAIL = re.compile(r"\s*(?:全系列|系列)?(?:大语言模型|大模型|模型|系列)")
_GENERIC_TAIL_END = re.compile(r"\s*(?:全系列|系列)?(?:大语言模型|大模型|模型|系列)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def name_prefix(name: str, org: str) -> bool:
    """``name`` starts with ``org`` as a whole word (DeepSeek-R1 / DeepSeek, not DeepSeeker)."""
    if len(org) >= len(name) or not name.lower().startswith(org.lower()):
        return False
    if len(_CJK.findall(org)) < 2 and len(org) < 3:
        return False
    nxt = name[len(org)]
    return not (org[-1].isascii() and org[-1].isalnum() and nxt.isascii() and nxt.isalpha())


class ModelDevelopers:
    """Developer cues for the models of a sentence (see the module docstring)."""

    def __init__(self, res: Resources) -> None:
        self.res = res
        forms: list[tuple[str, str]] = []
        for e in res.gazetteer:
            if not e.developer:
                continue
            for f in (e.name, *e.aliases):
                k = norm_key(f)
                if len(_CJK.findall(k)) >= 2 or len(k) >= 3:
                    forms.append((f, e.developer))
        forms.sort(key=lambda x: -len(norm_key(x[0])))
        self._forms = forms
        self.kb_developer = lru_cache(maxsize=4096)(self._kb_developer)

    def _kb_developer(self, model: str) -> str | None:
        """The KB developer of ``model`` or of the family whose name it starts with."""
        g = self.res.lookup(model)
        if g is not None and g.developer:
            return g.developer
        key = norm_key(model)
        for f, dev in self._forms:
            k = norm_key(f)
            if len(k) < len(key) and key.startswith(k):
                # the family's name ends where a version or a variant word begins
                rest = self._rest(model, f)
                if rest is not None and _VERSION_TAIL.match(rest):
                    return dev
        return None

    @staticmethod
    def _rest(model: str, family: str) -> str | None:
        """What follows ``family`` in ``model`` (spaces and hyphens inside the family ignored)."""
        pat = r"[\s\-_]*".join(re.escape(ch) for ch in family.replace(" ", "").replace("-", ""))
        m = re.match(pat, model, re.IGNORECASE)
        return model[m.end() :] if m else None

    def _is(self, c: Cand, dev: str) -> bool:
        if c.name == dev or dev in c.aliases:
            return True
        g = self.res.lookup(c.name)
        return g is not None and g.name == dev

    def developer(self, m: Cand, ms: list[Cand], ctx: Context) -> Cand | None:
        """The organisation mention that develops model ``m``: named in the sentence, else earlier."""
        here = [c for c in ms if c.type in ORG and c is not m]
        for c in here:
            if name_prefix(m.name, c.name):
                return c
        dev = self.kb_developer(m.name)
        if dev is not None:
            for c in here:
                if self._is(c, dev):
                    return c
        for c in ctx.orgs.values():
            if c.type in ORG and (name_prefix(m.name, c.name) or (dev is not None and self._is(c, dev))):
                return c
        return None

    def family_names(self, ms: list[Cand], ctx: Context) -> None:
        """One name for an organisation's models as a whole: DeepSeek全系列大语言模型 and
        DeepSeek系列大模型 are DeepSeek大模型 (the longer phrase stays an alias)."""
        for m in ms:
            if m.type != "AIModel" or m.name.endswith("大模型") and not m.name.endswith("系列大模型"):
                continue
            stems = [c.name for c in [*ms, *ctx.orgs.values()] if c.type in ORG]
            tm = _GENERIC_TAIL_END.search(m.name)
            if tm and tm.start() > 0:
                g = self.res.lookup(m.name[: tm.start()])
                if g is not None and (g.type in ORG or g.weak):  # DeepSeek: an organisation the KB knows
                    stems.append(m.name[: tm.start()])
            for stem in stems:
                if name_prefix(m.name, stem) and _GENERIC_TAIL.fullmatch(m.name[len(stem) :]):
                    m.aliases.add(m.name)
                    m.name = stem + "大模型"
                    break

    def run(self, text: str, ms: list[Cand], block: int, ctx: Context) -> list[RelCand]:
        from graph.extract.relations import RelCand

        self.family_names(ms, ctx)
        out: list[RelCand] = []
        cue = _CUE.search(text) is not None
        for m in ms:
            if m.type != "AIModel":
                continue
            defines = _DEFINES.match(text, m.end) and not text[: m.start].strip(" -•·*")
            if not cue and not defines:
                continue  # no release cue, and no definition line (Kimi-K2-Base：基础模型…)
            c = self.developer(m, ms, ctx)
            if c is None or c.name == m.name:
                continue
            if name_prefix(m.name, c.name) and _GENERIC_TAIL.fullmatch(m.name[len(c.name) :]):
                continue
            kind = "" if any(c is x for x in ms) else "coref"
            out.append(RelCand(c, m, ["develops"], 0.6, "rel.model_developer", block, kind=kind))
        return out

    def veto(self, rels: list[RelCand], ms: list[Cand], ctx: Context) -> list[RelCand]:
        """Drops ``S develops M`` where M is named after another organisation the document names."""
        orgs = [c for c in ms if c.type in ORG] + [c for c in ctx.orgs.values() if c.type in ORG]
        out = []
        for r in rels:
            if "develops" in r.preds and r.o.type == "AIModel":
                named = [c for c in orgs if name_prefix(r.o.name, c.name)]
                if named and not any(c.name == r.s.name or name_prefix(r.s.name, c.name) for c in named):
                    preds = [p for p in r.preds if p != "develops"]
                    if not preds:
                        continue
                    r.preds = preds
            out.append(r)
        return out
