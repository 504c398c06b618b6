"""Block splitting: sentences, paragraphs, sections, tables, PDF wrap joining, offsets."""

from __future__ import annotations

from graph.ingest import document_from_text
from graph.model import SourceDocument


def _check_offsets(doc: SourceDocument) -> None:
    assert doc.blocks, "no blocks"
    for i, b in enumerate(doc.blocks):
        assert b.index == i
        assert doc.text[b.start : b.end] == b.original
        assert b.text.strip() and b.text == (b.text.strip() if b.kind == "sentence" else b.text.strip("\n "))
    starts = [b.start for b in doc.blocks]
    assert starts == sorted(starts), "blocks out of document order"


def test_sentences_paragraphs_and_sections() -> None:
    text = (
        "# 2024 年度报告\n\n"
        "## 大模型\n\n"
        "百度发布了文心一言！该公司随后推出了 4.0 版本。腾讯呢？\n"
        "月之暗面完成融资。\n\n"
        "- **事件：**近日，第四批大模型通过备案。\n"
    )
    doc = document_from_text("r.md", text, media_type="text/markdown")
    _check_offsets(doc)
    texts = [b.text for b in doc.blocks]
    assert texts == [
        "2024 年度报告",
        "大模型",
        "百度发布了文心一言！",
        "该公司随后推出了 4.0 版本。",
        "腾讯呢？",
        "月之暗面完成融资。",
        "事件：近日，第四批大模型通过备案。",
    ]
    by = {b.text: b for b in doc.blocks}
    assert by["百度发布了文心一言！"].paragraph == by["该公司随后推出了 4.0 版本。"].paragraph
    assert by["腾讯呢？"].paragraph != by["月之暗面完成融资。"].paragraph
    assert by["该公司随后推出了 4.0 版本。"].section == "大模型"
    # the span starts at the first visible character; markup inside is kept
    assert by["事件：近日，第四批大模型通过备案。"].original == "事件：**近日，第四批大模型通过备案。"
    assert doc.title == "2024 年度报告" and doc.year == 2024
    assert all(b.kind == "sentence" for b in doc.blocks)


def test_year_from_date_at_top() -> None:
    doc = document_from_text(
        "r.txt", "国产大模型进入验收期\n\n2025 年 1 月 3 日\n\n到 2028 年市场规模将达到 1 万亿。"
    )
    assert doc.year == 2025
    assert doc.title == "国产大模型进入验收期"
    assert document_from_text("r.txt", "没有日期的报告。\n\n到 2028 年市场规模将达到 1 万亿。").year is None


def test_tsv_table_header_cells_and_continuations() -> None:
    text = (
        "表 1：通过备案的大模型\n\n"
        "批次\t模型名称\t参数量\t公司\t应用场景\n"
        "第一批\t文心一言\t2600 亿\t百度\t智能问答\n"
        "\t雲雀大模型\t1300 亿\t抖音\t智能对话、智能写作\n"
        "\t九章大模型\t千亿级\t好未来\t展示了该模型在\n"
        "\n"
        "\t\t\t\t多个场景中的应用成果。\n"
        "第二批\t\t\t美团\t\n"
        "\n"
        "资料来源：网信办\n"
    )
    doc = document_from_text("t.txt", text)
    _check_offsets(doc)
    rows = [b for b in doc.blocks if b.kind == "row"]
    header = ("批次", "模型名称", "参数量", "公司", "应用场景")
    assert [r.header for r in rows] == [header] * 4
    assert rows[0].cells == ("第一批", "文心一言", "2600 亿", "百度", "智能问答")
    assert rows[1].cells[:2] == ("", "云雀大模型")  # leading empty cell kept, Traditional folded
    assert "雲雀大模型" in rows[1].original
    assert rows[2].cells[4] == "展示了该模型在多个场景中的应用成果。"  # continued across a page break
    assert rows[2].original.endswith("多个场景中的应用成果。")
    assert rows[3].cells == ("第二批", "", "", "美团", "")
    assert {r.table for r in rows} == {1}
    assert rows[0].section == "表 1：通过备案的大模型"
    assert rows[0].text == "第一批\t文心一言\t2600 亿\t百度\t智能问答"
    assert doc.blocks[-1].text == "资料来源：网信办" and doc.blocks[-1].kind == "sentence"


def test_tsv_tables_are_numbered_and_blank_lines_inside_are_allowed() -> None:
    text = "代码\t名称\n001\t甲\n\n002\t乙\n\n正文一句。\n\n公司\t轮次\n宇树科技\tC轮\n"
    doc = document_from_text("t.txt", text)
    _check_offsets(doc)
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert [(r.table, r.cells) for r in rows] == [
        (1, ("001", "甲")),
        (1, ("002", "乙")),
        (2, ("宇树科技", "C轮")),
    ]
    assert rows[2].header == ("公司", "轮次")


def test_markdown_table_with_html_cells() -> None:
    text = (
        "## 具身智能融资\n\n"
        "| 被投企业 | 轮次 | 投资方 |\n"
        "|---|:--:|---|\n"
        "|  宇樹科技<br>Unitree | C轮 | <b>红杉中国</b>、美团龙珠<sup>1</sup> |\n"
        "| 银河通用 | 天使轮 | 美团 &amp; 北汽 |\n"
        "\n"
        "正文。\n"
    )
    doc = document_from_text("m.md", text, media_type="text/markdown")
    _check_offsets(doc)
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert len(rows) == 2
    assert rows[0].header == ("被投企业", "轮次", "投资方")
    assert rows[0].cells == ("宇树科技\nUnitree", "C轮", "红杉中国、美团龙珠")
    assert rows[0].original.startswith("|  宇樹科技<br>Unitree")
    assert rows[1].cells[2] == "美团 & 北汽"
    assert rows[0].section == "具身智能融资"


def test_markdown_table_with_empty_header_row() -> None:
    text = "|   |   |\n|---|---|\n| 趋势一 大模型创新 | /02 |\n| 趋势二 Scaling Law | /10 |\n"
    doc = document_from_text("m.md", text, media_type="text/markdown")
    _check_offsets(doc)
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert [r.cells for r in rows] == [("趋势一 大模型创新", "/02"), ("趋势二 Scaling Law", "/10")]
    assert rows[0].header == ("", "")


def test_html_table_in_html_document() -> None:
    html = (
        "<html><head><title>t</title><style>td{}</style></head><body>"
        "<h2>模型列表</h2><p>百度发布了\n文心一言。</p>"
        "<table><thead><tr><th>模型</th><th>公司</th></tr></thead>"
        "<tbody><tr><td>文心一言</td><td>百度<br>Baidu</td></tr>"
        "<tr><td><b>混元</b></td><td>騰訊</td></tr></tbody></table>"
        "<p>完。</p></body></html>"
    )
    doc = document_from_text("p.html", html, media_type="text/html")
    _check_offsets(doc)
    texts = [(b.kind, b.text) for b in doc.blocks]
    assert texts[:2] == [("sentence", "模型列表"), ("sentence", "百度发布了 文心一言。")]
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert [r.cells for r in rows] == [("文心一言", "百度\nBaidu"), ("混元", "腾讯")]
    assert all(r.header == ("模型", "公司") for r in rows)
    assert "<td>" not in doc.blocks[-1].text and doc.blocks[-1].text == "完。"
    assert "style" not in " ".join(b.text for b in doc.blocks)


def test_html_table_embedded_in_plain_text() -> None:
    text = "前言。\n<table><tr><td>公司</td><td>模型</td></tr><tr><td>百度</td><td>文心一言</td></tr></table>\n后记。"
    doc = document_from_text("x.txt", text)
    _check_offsets(doc)
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert rows[0].header == ("公司", "模型") and rows[0].cells == ("百度", "文心一言")


def test_pdf_hard_wraps_are_joined_inside_sentences_only() -> None:
    body = [
        "我们认为，ChatGPT 对 AIGC 发展的意义在于：一方面，GPT 作",
        "",
        "为 NLP 生成领域模型的突破，将迅速解决 AI 文本生成、AI 代码生成",
        "等领域的痛点；另一方面，AI 文本生成、AI 代码生成作为 AI 音视频、",
        "游戏等其他领域的技术基础，其突破发展也将加速 AIGC 在音视频、游",
        "戏等场景中的渗透。",
        "",
        "表 1：GPT 四代的对比",
        "",
        "一、ChatGPT 开启 AI 新纪元，指明 NLP 生成领域的技",
        "",
        "术方向",
        "",
        "ChatGPT 指明了 NLP 生成领域的技术方向。预训练语言模型对于 NLP 理",
        "解领域以及生成领域的问题都是相当有效的，发展出的主要模型有 Bert 和",
        "GPT。然而 Bert 在 NLP 理解领域获得了巨大的成功，但是在生成领域",
        "表现不佳。",
        "1）2018 年，OpenAI 推出了初代 GPT，它的运行逻辑是先通过无标签数",
        "据学习生成语言模型。",
    ]
    # enough wrapped lines for the splitter to see a hard-wrapped document
    doc = document_from_text("w.txt", "\n".join(body * 3))
    _check_offsets(doc)
    texts = [b.text for b in doc.blocks]
    assert texts[0] == (
        "我们认为，ChatGPT 对 AIGC 发展的意义在于：一方面，GPT 作为 NLP 生成领域模型的突破，"
        "将迅速解决 AI 文本生成、AI 代码生成等领域的痛点；另一方面，AI 文本生成、AI 代码生成作为 AI 音视频、"
        "游戏等其他领域的技术基础，其突破发展也将加速 AIGC 在音视频、游戏等场景中的渗透。"
    )
    assert "GPT 作\n\n为 NLP" in doc.blocks[0].original
    assert "表 1：GPT 四代的对比" in texts  # a caption is not glued to the sentence above
    assert "一、ChatGPT 开启 AI 新纪元，指明 NLP 生成领域的技术方向" in texts  # heading spill joined
    assert "发展出的主要模型有 Bert 和GPT。" not in texts[4]
    assert any(t.endswith("主要模型有 Bert 和 GPT。") for t in texts)  # Latin words keep a space
    assert "1）2018 年，OpenAI 推出了初代 GPT，它的运行逻辑是先通过无标签数据学习生成语言模型。" in texts
    heading = next(b for b in doc.blocks if b.text.startswith("一、"))
    after = doc.blocks[heading.index + 1]
    assert after.section == heading.text


def test_unwrapped_text_is_never_joined() -> None:
    text = "国产大模型进入验收期，端侧 AI 迎新纪元\n\n2025 年 1 月 3 日\n\n中央经济工作会议召开\n"
    doc = document_from_text("x.txt", text)
    assert [b.text for b in doc.blocks] == [
        "国产大模型进入验收期，端侧 AI 迎新纪元",
        "2025 年 1 月 3 日",
        "中央经济工作会议召开",
    ]


def test_very_long_sentence_is_capped() -> None:
    from graph.ingest.blocks import MAX_SENTENCE

    text = "，".join(["百度发布了文心一言"] * 1500) + "。"
    doc = document_from_text("x.txt", text)
    _check_offsets(doc)
    assert len(doc.blocks) > 1
    assert all(len(b.text) <= MAX_SENTENCE for b in doc.blocks)
    assert "".join(b.text for b in doc.blocks) == text


def test_csv_rows() -> None:
    text = '公司,模型,备注\n百度,文心一言,"2600 亿, 千亿级"\n'
    doc = document_from_text("x.csv", text, media_type="text/csv")
    _check_offsets(doc)
    (row,) = doc.blocks
    assert row.header == ("公司", "模型", "备注") and row.cells == ("百度", "文心一言", "2600 亿, 千亿级")


def test_traditional_prose_folded_with_original() -> None:
    doc = document_from_text("tw.txt", "騰訊與華為簽署戰略合作協議。")
    (b,) = doc.blocks
    assert b.text == "腾讯与华为签署战略合作协议。"
    assert b.original == "騰訊與華為簽署戰略合作協議。"


def test_source_span_maps_cleaned_text_back() -> None:
    from graph.ingest import source_span

    text = (
        "| 被投企业 | 投资方 |\n|---|---|\n|  宇樹科技<br>Unitree   | <b>紅杉中國</b>、美团龙珠<sup>1</sup> |\n\n"
        "**百度**发布了文心一言，腾讯推出了混元大模型，阿里巴巴推出了通义\n千问。\n"
    )
    doc = document_from_text("m.md", text, media_type="text/markdown")
    row = next(b for b in doc.blocks if b.kind == "row")
    for name, source in [
        ("宇树科技", "宇樹科技"),
        ("Unitree", "Unitree"),
        ("红杉中国", "紅杉中國"),
        ("美团龙珠", "美团龙珠"),
    ]:
        i = row.text.index(name)
        a, b = source_span(row, i, i + len(name))
        assert doc.text[a:b] == source
    sent = next(b for b in doc.blocks if b.kind == "sentence")
    assert sent.text.endswith("通义千问。")  # a soft line break inside a sentence is joined
    for name, source in [("百度", "百度"), ("文心一言", "文心一言"), ("通义千问", "通义\n千问")]:
        i = sent.text.index(name)
        a, b = source_span(sent, i, i + len(name))
        assert doc.text[a:b] == source


def test_year_fallback_latest_full_date_and_empty_text() -> None:
    import pytest

    from graph.ingest import IngestError

    doc = document_from_text(
        "r.txt", "正文。\n\n2023 年 2 月 6 日，微软发布新版必应。2022年11月30日，OpenAI 发布 ChatGPT。"
    )
    assert doc.year == 2023
    with pytest.raises(IngestError, match="pasted: is empty"):
        document_from_text("pasted", " \n\u3000\n")


def test_year_from_latest_year_month_when_no_full_date() -> None:
    doc = document_from_text(
        "r.txt", "行业点评\n\n2022年5月，首批产品上线。\n\n第二批（2023 年 9 月）名单公布。"
    )
    assert doc.year == 2023


def test_space_aligned_table_rows() -> None:
    text = (
        "表 2：海外写作工具汇总\n\n领域 应用名称 公司名称 备注\n\nAI 写作\n\n"
        "Inkwell Inkwell 使用 GPT3 模型\n\nQuillpad Parrot Labs\n\n资料来源：某证券研究所\n"
    )
    doc = document_from_text("r.txt", text)
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert [b.cells for b in rows][1:] == [
        ("Inkwell", "Inkwell", "使用", "GPT3", "模型"),
        ("Quillpad", "Parrot", "Labs"),
    ]
    assert rows[0].header == ("领域", "应用名称", "公司名称", "备注")
    assert all(doc.text[b.start : b.end] == b.original for b in rows)
    assert not any(b.kind == "row" and "资料来源" in b.text for b in doc.blocks)
