"""Relation confidence follows the evidence: a table row or a trigger between gazetteer names
outranks a 该公司 coreference and a bare ORG的X cue; a triple stated twice outranks one stated once."""

from __future__ import annotations

from graph.extract import get_extractor
from graph.ingest import document_from_text


def conf(text: str) -> dict[tuple[str, str, str], float]:
    doc = document_from_text("c.txt", text)
    doc.year = 2024
    out = get_extractor().extract(doc).to_json()
    return {(r["s"], r["p"], r["o"]): r["confidence"] for r in out["relations"]}


TABLE = "模型名称\t参数量\t公司\n星河大模型\t千亿级\t星河智能\n"
TRIGGER = "百度发布文心一言。"
COREF = "今天天气不错。星辰科技成立于2020年，专注于企业服务。该公司推出了智能助手小朵。"
WEAK = "用户很喜欢百度的文心一言。"


def only(c: dict[tuple[str, str, str], float], s: str, o: str) -> float:
    hits = [v for (a, _, b), v in c.items() if a == s and b == o]
    assert hits, c
    return hits[0]


def test_evidence_kind_orders_confidence():
    table = only(conf(TABLE), "星河智能", "星河大模型")
    trigger = only(conf(TRIGGER), "百度", "文心一言")
    coref = only(conf(COREF), "星辰科技", "小朵")
    weak = only(conf(WEAK), "百度", "文心一言")
    assert min(table, trigger) > max(coref, weak)
    assert all(0.0 < x <= 1.0 for x in (table, trigger, coref, weak))


def test_repeated_support_raises_confidence():
    once = only(conf("星辰科技推出了智能助手小朵。"), "星辰科技", "小朵")
    twice = only(
        conf("星辰科技推出了智能助手小朵。\n\n用户增长很快，星辰科技推出了智能助手小朵。"), "星辰科技", "小朵"
    )
    assert twice > once
    assert twice <= 1.0


def test_confidence_threshold_keeps_the_same_triples_when_zero():
    from graph.extract import Extractor

    doc = document_from_text("c.txt", COREF + "\n\n" + TRIGGER)
    doc.year = 2024
    all_rels = {(r.s, r.p, r.o) for r in Extractor().extract(doc).relations}
    strict = Extractor(min_confidence=0.99).extract(doc).relations
    assert all_rels and all((r.s, r.p, r.o) in all_rels for r in strict)
