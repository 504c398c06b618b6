"""Hand-built extractions for the store tests (no extractor needed)."""

from __future__ import annotations

import hashlib

from graph.model import DocExtraction, Entity, Mention, Relation, SourceDocument
from graph.store import Store


def make_doc(name: str, text: str, year: int | None = 2023) -> SourceDocument:
    return SourceDocument(
        name=name, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), year=year, title=name
    )


def ent(name: str, *types: str, aliases: tuple[str, ...] = (), text: str = "", **attrs: str) -> Entity:
    e = Entity(name, list(types), set(aliases), dict(attrs))
    if text and name in text:
        i = text.index(name)
        e.mentions.append(Mention(0, i, i + len(name)))
    return e


def rel(
    s: str, p: str, o: str, doc: str, evidence: str, *, block: int = 0, conf: float = 0.9, **attrs
) -> Relation:
    return Relation(s, p, o, conf, evidence, doc, block, 0, len(evidence), dict(attrs), rule="test")


TEXT_A = "百度发布文心一言。字节跳动推出云雀大模型。月之暗面（MoonShot AI）获得红杉资本领投的10亿元A轮融资。"
TEXT_B = "宇樹科技 Unitree 发布机器人。百度 Baidu 与字節跳動战略合作。GPT-4 与 GPT-4o 是 OpenAI 的模型。"


def doc_a(text: str = TEXT_A) -> DocExtraction:
    d = make_doc("a.txt", text, 2023)
    return DocExtraction(
        d,
        [
            ent("百度", "Company", text=text),
            ent("文心一言", "AIModel", text=text),
            ent("字节跳动", "Company", text=text),
            ent("云雀大模型", "AIModel", text=text),
            ent("月之暗面（MoonShot AI）", "Company", text=text),
            ent("红杉资本", "Investor", text=text),
        ],
        [
            rel("百度", "develops", "文心一言", "a.txt", "百度发布文心一言。", block=0),
            rel("百度", "develops", "文心一言", "a.txt", "百度发布文心一言。", block=0, conf=0.8),  # duplicate
            rel("字节跳动", "develops", "云雀大模型", "a.txt", "字节跳动推出云雀大模型。", block=1),
            rel(
                "红杉资本", "investsIn", "月之暗面", "a.txt", "月之暗面（MoonShot AI）获得…", block=2,
                round="A轮", amount="10亿", currency="CNY", date="2024-02", lead=True,
            ),
        ],
    )  # fmt: skip


def doc_b(text: str = TEXT_B) -> DocExtraction:
    d = make_doc("b.txt", text, 2024)
    return DocExtraction(
        d,
        [
            ent("宇樹科技<br>Unitree", "Company", text=text),
            ent("Baidu", "Company", aliases=("百度",), text=text),
            ent("字節跳動", "Company", text=text),
            ent("GPT-4", "AIModel", text=text),
            ent("GPT-4o", "AIModel", text=text),
            ent("OpenAI", "Company", text=text),
            ent("Moonshot AI", "Company"),
        ],
        [
            rel("百度", "partnersWith", "字節跳動", "b.txt", "百度 Baidu 与字節跳動战略合作。", block=1),
            rel("OpenAI", "develops", "GPT-4", "b.txt", "GPT-4 与 GPT-4o 是 OpenAI 的模型。", block=2),
            rel("OpenAI", "develops", "GPT-4o", "b.txt", "GPT-4 与 GPT-4o 是 OpenAI 的模型。", block=2),
        ],
    )


def iri(st: Store, label: str) -> str:
    """The IRI of the node labelled ``label`` in the store's snapshot."""
    return next(n.iri for n in st.snapshot().nodes.values() if n.label == label)
