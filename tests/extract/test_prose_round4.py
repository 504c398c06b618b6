"""Generalisation, fourth round: one test per error class found by reading the extractor's
output on news it had never seen; every sentence is written for the test (invented names)."""

from __future__ import annotations

from graph.extract import get_extractor
from graph.ingest import document_from_text


def run(text: str) -> dict:
    doc = document_from_text("t.txt", text)
    doc.year = doc.year or 2025
    return get_extractor().extract(doc).to_json()


def rels(out: dict) -> set[tuple[str, str, str]]:
    return {(r["s"], r["p"], r["o"]) for r in out["relations"]}


def by_subject(out: dict, o: str) -> dict[str, dict]:
    return {r["s"]: r for r in out["relations"] if r["p"] == "investsIn" and r["o"] == o}


def test_rounds_listed_in_one_sentence_keep_their_own_round_and_date():
    out = run(
        "自2021年3月成立以来,星衡智能共公开过三次融资,2022年5月,星衡智能完成天使轮融资,由青石创投领投,"
        "远山资本跟投;2023年6月,星衡智能完成数亿元A轮融资,由北岭资本领投;2024年11月,星衡智能宣布"
        "完成又一轮融资,此次融资由南湖创投和东篱基金联合领投,西坡资本跟投。"
    )
    inv = by_subject(out, "星衡智能")
    assert inv["青石创投"]["round"] == "天使轮" and inv["青石创投"]["date"] == "2022-05", inv
    assert inv["远山资本"]["round"] == "天使轮", inv
    assert inv["北岭资本"]["round"] == "A轮" and inv["北岭资本"]["date"] == "2023-06", inv
    for s in ("南湖创投", "东篱基金", "西坡资本"):
        assert "round" not in inv[s] and inv[s]["date"] == "2024-11", inv[s]
    assert inv["南湖创投"]["lead"] and not inv["西坡资本"]["lead"]
