"""A synthetic corpus for the store benchmarks: N entities and M relations as DocExtractions.

Shape, so that figures mean something for a real graph:

* entities belong to "documents" of 1,000 each; 70% of relations stay inside their
  document, 20% point at 1,000 hub entities (the Baidus and Alibabas every report
  names; Zipf-like, weight 1/(rank+5), so the top hub is in ~0.8% of all relations)
  and 10% anywhere: mean degree 20, a few hubs with thousands;
* names look like the real ones: Chinese stems with a type suffix (智星云科技),
  bare two-character names (people, brands), Latin model and product names with a
  version number (Kavon-3021);
* no two names fold to one key, nor are they one edit apart in a short name, so
  entity resolution keeps all N entities apart (checked by the caller: it counts).

Deterministic for a given seed. Generated lazily, one document at a time.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from graph.model import PREDICATES, DocExtraction, Entity, Mention, Relation, SourceDocument

# 64 common characters: 64**3 = 262k distinct stems
_CHARS = "智星云海天光明华新达通信远航元正和安泰恒瑞博睿思创宏图盛泽峰岚启辰昊宇鸿鼎嘉禾川融汇金石铭锐灵犀极曜澜数象联合未来青"
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑶怡佳"
)
_SYL = ("ka", "vo", "ne", "ri", "lu", "ze", "ta", "mi", "so", "ra", "qi", "no", "xe", "da", "fi", "mo")
_SUFFIX = {
    "Company": ("科技", "智能", "网络", "信息"),
    "Investor": ("资本", "创投"),
    "ResearchInstitution": ("研究院", "实验室"),
    "GovernmentBody": ("委员会", "管理局"),
    "Policy": ("行动方案", "管理办法"),
    "Technology": ("架构", "算法"),
}
# share of entities by type (the rest are Company)
_TYPES = (
    ("AIModel", 0.15),
    ("Product", 0.12),
    ("Investor", 0.08),
    ("Person", 0.06),
    ("Technology", 0.04),
    ("ResearchInstitution", 0.03),
    ("Policy", 0.02),
    ("GovernmentBody", 0.01),
)
PER_DOC = 1000
N_HUBS = 1000


def _stem(i: int) -> str:
    n = len(_CHARS)
    return _CHARS[i % n] + _CHARS[(i // n) % n] + _CHARS[(i // n // n) % n]


def _latin(i: int) -> str:
    a, b = _SYL[i % 16], _SYL[(i // 16) % 16]
    return f"{a[0].upper()}{a[1]}{b}n-{i}"


def _person(i: int) -> str:
    s, g = _SURNAMES[i % len(_SURNAMES)], _GIVEN[(i // len(_SURNAMES)) % len(_GIVEN)]
    k = i // (len(_SURNAMES) * len(_GIVEN))
    return s + g if k == 0 else s + _GIVEN[(k - 1) % len(_GIVEN)] + g  # 2 chars first, then 3


def entity_type(i: int) -> str:
    x = int(hashlib.blake2b(i.to_bytes(4, "little"), digest_size=2).hexdigest(), 16) / 65536
    acc = 0.0
    for t, share in _TYPES:
        acc += share
        if x < acc:
            return t
    return "Company"


def entity_name(i: int, t: str) -> str:
    if t in ("AIModel", "Product"):
        return _latin(i)
    if t == "Person":
        return _person(i)
    suf = _SUFFIX[t]
    return _stem(i) + suf[i % len(suf)]


@dataclass(frozen=True, slots=True)
class Corpus:
    n_entities: int
    n_relations: int
    seed: int = 7

    @property
    def n_docs(self) -> int:
        return max(1, -(-self.n_entities // PER_DOC))

    def names(self) -> list[tuple[str, str]]:
        """(name, type) of every entity, by index."""
        return [(entity_name(i, t), t) for i in range(self.n_entities) for t in (entity_type(i),)]

    def documents(self) -> Iterator[DocExtraction]:
        rng = random.Random(self.seed)
        names = self.names()
        per_doc_rel = self.n_relations // self.n_docs
        hub_ids = list(range(min(N_HUBS, self.n_entities)))
        hub_w = list(itertools.accumulate(1 / (r + 5) for r in hub_ids))
        for d in range(self.n_docs):
            lo, hi = d * PER_DOC, min(self.n_entities, (d + 1) * PER_DOC)
            text = f"合成文档 {d}：{hi - lo} 个实体。"
            doc = SourceDocument(
                name=f"synthetic-{d:04d}.txt",
                text=text,
                sha256=hashlib.sha256(f"{self.seed}/{d}".encode()).hexdigest(),
                year=2018 + d % 8,
            )
            ents = {i: Entity(names[i][0], [names[i][1]], mentions=[Mention(0, 0, 1)]) for i in range(lo, hi)}
            rels: list[Relation] = []
            for k in range(per_doc_rel):
                s = rng.randrange(lo, hi)
                x = rng.random()
                if x < 0.7:
                    o = rng.randrange(lo, hi)
                elif x < 0.9:
                    o = rng.choices(hub_ids, cum_weights=hub_w)[
                        0
                    ]  # Zipf-like: the top hub gets ~4% of hub links
                else:
                    o = rng.randrange(self.n_entities)
                if o == s:
                    o = (s + 1) % self.n_entities
                for i in (s, o):
                    if i not in ents:
                        ents[i] = Entity(names[i][0], [names[i][1]])
                sn, on = names[s][0], names[o][0]
                rels.append(
                    Relation(sn, PREDICATES[k % len(PREDICATES)], on, 0.5 + (k % 50) / 100,
                             f"{sn}与{on}的关系（合成句 {k}）。", doc.name, block=k)
                )  # fmt: skip
            yield DocExtraction(doc, list(ents.values()), rels)

    def queries(self, n: int = 300) -> list[tuple[str, str]]:
        """(kind, query): Chinese fragments, two-character names, Latin prefixes; a third each."""
        rng = random.Random(self.seed + 1)
        names = self.names()
        cjk = [nm for nm, t in names if t not in ("AIModel", "Product", "Person")]
        two = [nm for nm, t in names if t == "Person" and len(nm) == 2]
        latin = [nm for nm, t in names if t in ("AIModel", "Product")]
        out: list[tuple[str, str]] = []
        for _ in range(n // 3):
            nm = rng.choice(cjk)
            k = rng.choice((2, 3, 4))
            a = rng.randrange(0, len(nm) - k + 1)
            out.append(("zh fragment", nm[a : a + k]))
            out.append(("2-char name", rng.choice(two) if two else nm[:2]))
            out.append(("latin prefix", rng.choice(latin)[: rng.choice((3, 4, 6))].lower()))
        return out
