"""Encoding detection on real files written in each encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from graph.ingest import IngestError, read_document
from graph.ingest.decode import decode_bytes

SIMP = (
    "2024年中国人工智能产业研究报告\n\n"
    "百度发布了文心一言大模型，字节跳动推出豆包。月之暗面完成新一轮融资，阿里巴巴领投。\n"
    "国家网信办公布第四批通过备案的生成式人工智能服务。\n"
)
TRAD = (
    "臺灣人工智慧產業報告\n\n"
    "宇樹科技發佈新一代機器人，騰訊與華為簽署戰略合作協議。鴻海集團投資輝達相關供應鏈。\n"
    "經濟部公佈人工智慧產業發展計畫。\n"
)
SHORT_SIMP = "百度发布文心一言。\n"
SHORT_TRAD = "騰訊發佈混元。\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("codec", "bom", "expect"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
        ("gbk", b"", "gb18030"),
        ("gb18030", b"", "gb18030"),
    ],
)
def test_simplified_encodings(tmp_path: Path, codec: str, bom: bytes, expect: str) -> None:
    p = _write(tmp_path, "r.txt", bom + SIMP.encode(codec))
    doc = read_document(p)
    assert doc.text == SIMP  # BOM removed, nothing garbled
    assert doc.encoding == expect
    assert doc.year == 2024
    assert doc.title == "2024年中国人工智能产业研究报告"
    assert any("文心一言" in b.text for b in doc.blocks)


@pytest.mark.parametrize("codec", ["big5", "cp950"])
def test_big5_traditional_is_folded_and_original_kept(tmp_path: Path, codec: str) -> None:
    p = _write(tmp_path, "tw.txt", TRAD.encode(codec))
    doc = read_document(p)
    assert doc.text == TRAD
    assert doc.encoding in ("big5", "cp950", "big5hkscs")
    block = next(b for b in doc.blocks if "宇树科技" in b.text)
    assert block.text == "宇树科技发布新一代机器人，腾讯与华为签署战略合作协议。"
    assert block.original == "宇樹科技發佈新一代機器人，騰訊與華為簽署戰略合作協議。"
    assert doc.text[block.start : block.end] == block.original


@pytest.mark.parametrize(
    ("text", "codec", "expect"),
    [(SHORT_SIMP, "gbk", "gb18030"), (SHORT_TRAD, "big5", "big5")],
)
def test_short_text_gbk_vs_big5(text: str, codec: str, expect: str) -> None:
    decoded, enc = decode_bytes(text.encode(codec), "x.txt")
    assert decoded == text
    assert enc == expect


def test_gb18030_only_characters() -> None:
    s = "㐀㐁 是扩展A区字符，百度发布。\n" * 3
    decoded, enc = decode_bytes(s.encode("gb18030"))
    assert decoded == s and enc == "gb18030"


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, "junk.txt", bytes(range(256)) * 40)
    with pytest.raises(IngestError) as e:
        read_document(p)
    assert "junk.txt" in str(e.value)


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    raw = ("百度发布了文心一言。" * 200).encode() + b"\xff" + "结束。".encode()
    text, enc = decode_bytes(raw)
    assert enc == "utf-8" and text.endswith("\ufffd结束。")
