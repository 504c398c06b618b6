from __future__ import annotations

import re

import pytest

from graph.textnorm import MappedText, fold, strip_markup, strip_markup_mapped, to_simplified


@pytest.mark.parametrize(
    ("trad", "simp"),
    [
        ("宇樹科技", "宇树科技"),
        ("臺灣積體電路製造", "台湾积体电路制造"),
        ("騰訊發佈混元大模型", "腾讯发布混元大模型"),
        ("百度", "百度"),
        ("", ""),
        ("GPT-4o", "GPT-4o"),
    ],
)
def test_to_simplified(trad: str, simp: str) -> None:
    assert to_simplified(trad) == simp


def test_to_simplified_keeps_length_on_long_mixed_text() -> None:
    s = "頭髮、乾隆、瞭解、於是、後台、天后。" * 50 + "Apple 與 OpenAI 合作。"
    assert len(to_simplified(s)) == len(s)


def test_fold() -> None:
    assert fold("  ＧＰＴ－４ｏ  ") == "gpt-4o"
    assert fold("DeepSeek   V3") == "deepseek v3"
    assert fold("宇樹科技") == fold("宇树科技")
    assert fold("Ｕｎｉｔｒｅｅ") == "unitree"


def test_strip_markup() -> None:
    assert strip_markup("宇树科技<br>Unitree") == "宇树科技\nUnitree"
    assert strip_markup("<b>自然语言处理<br/>(NLP)</b>") == "自然语言处理\n(NLP)"
    assert strip_markup("递归表征<sup>1</sup>实现") == "递归表征实现"
    assert strip_markup("**事件：**近日") == "事件：近日"
    assert strip_markup("<p>标题</p> <p>正文</p>") == "标题\n正文"
    assert strip_markup("A&amp;B &lt;x&gt; &#x4e2d;&nbsp;文") == "A&B <x> 中 文"
    assert strip_markup("宇树科技<br>Unitree", br=" / ") == "宇树科技 / Unitree"
    assert strip_markup("a   b") == "a b"


def test_mapped_text_keeps_source_spans() -> None:
    src = "前<b>宇樹</b>科技<sup>2</sup>&amp;後"
    m = strip_markup_mapped(MappedText.of(src))
    assert m.text == "前宇樹科技&後"
    i = m.text.index("宇")
    a, b = m.span(i, i + 4)
    assert src[a:b] == "宇樹</b>科技"
    amp = m.text.index("&")
    assert src[slice(*m.span(amp, amp + 1))] == "&amp;"
    assert src[slice(*m.span(0, len(m)))] == src[: src.rindex("後") + 1]


def test_mapped_sub_equal_length_is_char_for_char() -> None:
    m = MappedText.of("ab1cd").sub(re.compile(r"\d"), "X")
    assert m.text == "abXcd"
    assert m.starts == [0, 1, 2, 3, 4] and m.ends == [1, 2, 3, 4, 5]
