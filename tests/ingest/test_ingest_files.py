"""read_document on real files: formats, errors, folder expansion, the seed reports."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.ingest import IngestError, iter_inputs, read_document
from graph.model import SourceDocument


def _offsets_ok(doc: SourceDocument) -> None:
    assert doc.blocks
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.original


def test_txt_metadata(tmp_path: Path) -> None:
    raw = "\n\n# 2024年中国人工智能产业研究报告\n\n百度发布了文心一言。\n".encode()
    p = tmp_path / "report.md"
    p.write_bytes(raw)
    doc = read_document(str(p))
    assert doc.name == "report.md"
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.path == str(p.resolve())
    assert doc.media_type == "text/markdown"
    assert doc.title == "2024年中国人工智能产业研究报告"
    assert doc.year == 2024
    assert doc.encoding == "utf-8"
    _offsets_ok(doc)


def test_pdf_text_with_wrapped_lines(tmp_path: Path, make_pdf: Callable[[list[list[str]]], bytes]) -> None:
    wrapped = [
        "我们认为，ChatGPT 对 AIGC 发展的意义在于：一方面，GPT 作",
        "为 NLP 生成领域模型的突破，将迅速解决 AI 文本生成、AI 代码生成",
        "等领域的痛点；另一方面，AI 文本生成、AI 代码生成作为 AI 音视频、",
        "游戏等其他领域的技术基础，其突破发展也将加速 AIGC 在音视频、游",
        "戏等场景中的渗透。百度发布的文心一言基于文心大模型，腾讯推出混",
    ]
    page2 = [
        "元大模型并接入微信。字节跳动推出豆包大模型，阿里巴巴发布通义千",
        "问系列模型，月之暗面推出 Kimi 智能助手并完成新一轮融资，阿里巴",
        "巴领投。表格和标题不会与正文粘连。",
        "表 1：GPT 四代的对比",
    ]
    p = tmp_path / "r.pdf"
    p.write_bytes(make_pdf([["ChatGPT 开启 AI 新纪元", "", *wrapped], page2]))
    doc = read_document(p)
    _offsets_ok(doc)
    assert doc.media_type == "application/pdf" and doc.encoding == "pdf"
    assert doc.title == "ChatGPT 开启 AI 新纪元"
    texts = [b.text for b in doc.blocks]
    assert any("GPT 作为 NLP 生成领域模型的突破" in t for t in texts)
    # the sentence runs across the page break
    assert "腾讯推出混元大模型并接入微信。" in "".join(texts)
    assert "表 1：GPT 四代的对比" in texts


def test_malformed_pdf(tmp_path: Path) -> None:
    p = tmp_path / "x.pdf"
    p.write_bytes(b"this is not a pdf at all \x00\x01\x02" * 10)
    with pytest.raises(IngestError) as e:
        read_document(p)
    assert "x.pdf" in str(e.value) and "malformed PDF" in str(e.value)


def test_truncated_pdf(tmp_path: Path, make_pdf: Callable[[list[list[str]]], bytes]) -> None:
    p = tmp_path / "cut.pdf"
    p.write_bytes(make_pdf([["百度发布文心一言。"]])[:60])
    with pytest.raises(IngestError) as e:
        read_document(p)
    assert "cut.pdf" in str(e.value)


def test_pdf_without_text(tmp_path: Path, make_pdf: Callable[[list[list[str]]], bytes]) -> None:
    p = tmp_path / "scan.pdf"
    p.write_bytes(make_pdf([[]]))
    with pytest.raises(IngestError, match=r"scan\.pdf.*(empty|no text)"):
        read_document(p)


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("2024年 測試報告", 1)
    d.add_paragraph("百度發布了文心一言。騰訊推出混元。")
    t = d.add_table(rows=3, cols=3)
    for r, vals in enumerate(
        [("公司", "模型", "参数量"), ("宇樹科技", "H1", ""), ("百度", "文心一言", "2600 亿")]
    ):
        for c, v in enumerate(vals):
            t.cell(r, c).text = v
    t.cell(1, 0).add_paragraph("Unitree")
    d.add_paragraph("结束。")
    p = tmp_path / "r.docx"
    d.save(p)
    doc = read_document(p)
    _offsets_ok(doc)
    assert doc.title == "2024年 測試報告" and doc.year == 2024
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds[:3] == [
        ("sentence", "2024年 测试报告"),
        ("sentence", "百度发布了文心一言。"),
        ("sentence", "腾讯推出混元。"),
    ]
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert [r.cells for r in rows] == [("宇树科技\nUnitree", "H1", ""), ("百度", "文心一言", "2600 亿")]
    assert rows[0].header == ("公司", "模型", "参数量")
    assert rows[0].section == "2024年 测试报告"
    assert doc.blocks[-1].text == "结束。"


def test_malformed_docx(tmp_path: Path) -> None:
    p = tmp_path / "bad.docx"
    p.write_bytes(b"PK\x03\x04 broken zip")
    with pytest.raises(IngestError, match=r"bad\.docx.*malformed DOCX"):
        read_document(p)


def test_html_file(tmp_path: Path) -> None:
    p = tmp_path / "n.htm"
    p.write_text(
        "<html><body><h1>新闻</h1><p>月之暗面（MoonShot AI）完成融资，阿里巴巴领投。</p></body></html>",
        encoding="gb18030",
    )
    doc = read_document(p)
    _offsets_ok(doc)
    assert doc.media_type == "text/html" and doc.encoding == "gb18030"
    assert [b.text for b in doc.blocks] == ["新闻", "月之暗面（MoonShot AI）完成融资，阿里巴巴领投。"]
    assert doc.title == "新闻"


def test_tsv_file(tmp_path: Path) -> None:
    p = tmp_path / "t.tsv"
    p.write_text("公司\t模型\n百度\t文心一言\n", encoding="utf-8")
    (row,) = read_document(p).blocks
    assert row.header == ("公司", "模型") and row.cells == ("百度", "文心一言")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\t\r\n\xe3\x80\x80\n", "is empty"),
        ("bom.txt", b"\xef\xbb\xbf\n\n", "is empty"),
        ("table.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
        ("noext", b"hello", "unsupported file type"),
    ],
)
def test_clear_errors(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(IngestError) as e:
        read_document(p)
    assert str(e.value).startswith(str(p))
    assert reason in str(e.value)


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="nope.txt: file not found"):
        read_document(tmp_path / "nope.txt")


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    d = tmp_path / "d.txt"
    d.mkdir()
    with pytest.raises(IngestError, match="folder"):
        read_document(d)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text("百度。", encoding="utf-8")
    p.chmod(0)
    try:
        with pytest.raises(IngestError, match=r"secret\.txt.*permission"):
            read_document(p)
    finally:
        p.chmod(0o644)


def test_unreadable_by_monkeypatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Also runs as root: opening the file raises PermissionError."""
    p = tmp_path / "locked.txt"
    p.write_text("百度。", encoding="utf-8")
    real_open = Path.open

    def deny(self: Path, *a: object, **k: object):  # noqa: ANN202
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(IngestError, match=r"locked\.txt: permission denied"):
        read_document(p)


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.ingest.reader as reader

    monkeypatch.setattr(reader, "MAX_TEXT_BYTES", 100)
    p = tmp_path / "big.txt"
    p.write_text("百度发布了文心一言。" * 20, encoding="utf-8")
    with pytest.raises(IngestError, match=r"big\.txt: too large"):
        read_document(p)


def test_iter_inputs(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in [
        "a.txt",
        "b/z.md",
        "b/deep/y.PDF",
        "b/c.docx",
        "b/skip.xlsx",
        ".hidden/h.txt",
        "b/.dot.txt",
        "e.html",
    ]:
        (tmp_path / rel).write_bytes(b"x")
    got = iter_inputs([tmp_path, tmp_path / "a.txt", str(tmp_path / "other.xlsx")])
    rel = [p.relative_to(tmp_path).as_posix() for p in got]
    assert rel == ["a.txt", "b/c.docx", "b/deep/y.PDF", "b/z.md", "e.html", "other.xlsx"]
    assert all(isinstance(p, Path) for p in got)


# --- the seed reports (third-party, read in place) ------------------------------------


def test_seeds(seeds: Path) -> None:
    docs = {p.name[:3]: read_document(p) for p in iter_inputs([seeds])}
    assert set(docs) >= {"000", "001", "002", "003", "004"}
    for doc in docs.values():
        _offsets_ok(doc)
        assert doc.encoding == "utf-8" and doc.title

    rows = [b for b in docs["002"].blocks if b.kind == "row" and "文心一言" in b.cells]
    assert rows and rows[0].header == ("批次（通过日期）", "模型名称", "参数量", "公司", "应用场景")
    assert rows[0].cells[1:4] == ("文心一言", "2600 亿", "百度")

    assert any("GPT 作为 NLP" in b.text for b in docs["004"].blocks)
    assert "GPT 作\n为 NLP" in docs["004"].text

    unitree = [
        b for b in docs["003"].blocks if b.kind == "row" and b.cells and b.cells[0] == "宇树科技\nUnitree"
    ]
    assert unitree and "投资方" in unitree[0].header

    assert docs["000"].year == 2025 and docs["001"].year == 2024
    investments = [b for b in docs["000"].blocks if b.kind == "row" and b.header[:1] == ("融资方",)]
    assert any(b.cells[0] == "云鲸智能" for b in investments)


def test_seed_source_spans(seeds: Path) -> None:
    """Every Han/Latin word of every block maps back to its own source characters."""
    import re

    from graph.ingest import source_span
    from graph.textnorm import to_simplified

    word = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z][A-Za-z0-9\-]+")
    for path in iter_inputs([seeds]):
        doc = read_document(path)
        for b in doc.blocks:
            for m in word.finditer(b.text):
                s, e = source_span(b, m.start(), m.end())
                got = re.sub(r"\s+|<[^>]+>|\*\*", "", to_simplified(doc.text[s:e]))
                assert got == m.group(), (path.name, b.index, m.group())
