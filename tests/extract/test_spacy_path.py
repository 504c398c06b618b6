"""The extractor calls its rule components directly on block text; the same components are
registered as a spaCy pipeline (``Extractor.nlp``). Both paths give the same output."""

from __future__ import annotations

import pytest

from graph.extract import get_extractor
from graph.extract.relations import Context
from graph.ingest import document_from_text

DOCS = {
    "prose.txt": (
        "2024年10月28日，星云智能宣布完成B轮10亿元融资，由红杉中国领投，高瓴、腾讯跟投。\n\n"
        "月海科技发布了自研的青石大模型。该公司还推出了基于青石大模型的智能助手海豚助手。\n\n"
        "张远山是星云智能的创始人。百度与华为签订战略合作备忘录。"
    ),
    "table.txt": (
        "表1：融资事件\n\n"
        "被投企业\t时间\t轮次\t金额\t投资方\n"
        "星云智能\t9.13\tC轮\t10亿美元\t红杉中国领投、美团龙珠、IDG资本跟投\n"
        "月海科技\t10.2\tA轮\t数亿元\t远山资本\n\n"
        "模型名称\t公司\t简介\n"
        "文心一言\t百度\t百度发布的大语言模型，支持多轮对话和写作\n"
    ),
    "mixed.md": (
        "# 政策\n\n国家知识产权局发布《人工智能相关发明专利申请指引（征求意见稿）》。\n\n"
        "| 时间 | 部门 | 文件 |\n|---|---|---|\n| 12月6日 | 工业和信息化部 财政部 | 《某某专项行动方案》 |\n"
    ),
}


@pytest.mark.parametrize("name", sorted(DOCS))
def test_spacy_pipeline_and_direct_calls_agree(name):
    ex = get_extractor()
    direct = ex.extract(document_from_text(name, DOCS[name])).to_json()
    via = ex.extract(document_from_text(name, DOCS[name]), via_nlp=True).to_json()
    assert direct["entities"] and direct["relations"]
    assert via == direct


def test_spacy_spans_are_the_mentions_of_the_direct_call():
    ex = get_extractor()
    doc = document_from_text("prose.txt", DOCS["prose.txt"])
    for b in doc.blocks:
        cands, rels = ex._run_direct(b.text, b.index, Context(year=2024))
        sd = ex.nlp.make_doc(b.text)
        sd.user_data.update(zhitu_text=b.text, zhitu_block=b.index, zhitu_ctx=Context(year=2024))
        sd = ex.nlp(sd)
        key = [(c.start, c.end, c.name, c.type) for c in cands]
        assert [(c.start, c.end, c.name, c.type) for c in sd.user_data["zhitu_cands"]] == key
        assert [(s._.zhitu.name, s.label_) for s in sd.spans["zhitu"]] == [(k[2], k[3]) for k in key]
        got = [(r.s.name, r.o.name, tuple(r.preds)) for r in sd.user_data["zhitu_relations"]]
        assert got == [(r.s.name, r.o.name, tuple(r.preds)) for r in rels]
