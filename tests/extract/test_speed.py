"""The extractor's speed-ups must not change what it finds: trie regexes, required-character
pre-checks, results cached by text, spaCy kept out of the extraction path."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import pytest

from graph.extract import get_extractor
from graph.extract.resources import load_resources, required_chars, trie_pattern
from graph.ingest import document_from_text

WORDS = [
    "月之暗面",
    "月之",
    "智谱",
    "智谱AI",
    "Kimi",
    "kimi",
    "KimiChat",
    "GPT",
    "GPT-4",
    "GPT-4o",
    "a.b",
    "文心一言",
]


def _spans(rx: re.Pattern[str], texts: list[str]) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in rx.finditer(t)] for t in texts]


def _texts(seed: int, n: int = 300) -> list[str]:
    rng = random.Random(seed)
    alphabet = list("月之暗面智谱文心一言AIGPTKimkhaC-4o.b的和 ，")
    out = []
    for _ in range(n):
        parts = [rng.choice(WORDS + alphabet) for _ in range(rng.randint(0, 12))]
        out.append("".join(parts))
    return out


def test_trie_pattern_matches_like_the_sorted_alternation():
    texts = _texts(1)
    alt = "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True))
    assert _spans(re.compile(trie_pattern(WORDS)), texts) == _spans(re.compile(alt), texts)


def test_trie_pattern_case_folded_with_lookarounds():
    texts = _texts(2) + [t.upper() for t in _texts(3)]
    latin = [w for w in WORDS if w[0].isascii()]
    alt = "|".join(re.escape(w) for w in sorted(latin, key=len, reverse=True))
    old = re.compile(rf"(?<![A-Za-z0-9])(?:{alt})(?![A-Za-z0-9])", re.I)
    new = re.compile(
        rf"(?=[A-Za-z0-9])(?<![A-Za-z0-9])(?:{trie_pattern({w.lower() for w in latin})})(?![A-Za-z0-9])", re.I
    )
    assert _spans(new, texts) == _spans(old, texts)


def test_gazetteer_regexes_match_the_plain_alternations():
    res = load_resources()
    forms = list(res.form_index_raw)
    cjk = [f for f in forms if not re.match(r"[A-Za-z0-9]", f)]
    latin = [f for f in forms if re.match(r"[A-Za-z0-9]", f)]
    old_cjk = re.compile("|".join(re.escape(f) for f in sorted(cjk, key=len, reverse=True)))
    alt = "|".join(re.escape(f) for f in sorted(latin, key=len, reverse=True))
    # a Latin form never ends where a hyphenated name goes on (GR-2 in GR-2-Pro)
    old_latin = re.compile(rf"(?<![A-Za-z0-9])(?:{alt})(?![A-Za-z0-9]|-[A-Za-z0-9])", re.I)
    rng = random.Random(4)
    pieces = forms + list("的和、，。 -.") + ["ai", "AI", "x", "1"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(400)]
    texts += [t.upper() for t in texts[:100]] + [t.lower() for t in texts[:100]]
    assert _spans(res.gaz_cjk_re, texts) == _spans(old_cjk, texts)
    assert _spans(res.gaz_latin_re, texts) == _spans(old_latin, texts)


@pytest.mark.parametrize(
    ("pattern", "need"),
    [
        (r"(?P<name>\w+)（(?P<code>\d{6})）", "（"),
        (r"a|b", "ab"),
        (r"(?:x|yz)+q?", "xy"),
        (r"\d+", None),
        (r"(?:ab)?c", "c"),
        (r"(?=k)\w", None),
    ],
)
def test_required_chars(pattern: str, need: str | None):
    got = required_chars(re.compile(pattern))
    expected = None if need is None else "[" + "".join(re.escape(c) for c in sorted(need)) + "]"
    assert (got.pattern if got else None) == expected
    assert required_chars(re.compile("abc", re.I)) is None


def test_every_rule_match_holds_a_required_character():
    res = load_resources()
    samples = [
        "科大讯飞（002230.SZ）",
        "阿里巴巴(09988)",
        "Leonis Capital",
        "GPT-4o mini",
        "发布《数据安全法》",
    ]
    for rule in res.entity_rules:
        rx, need = rule.get("_re"), rule.get("_need")
        if rx is None or need is None:
            continue
        for text in samples:
            for m in rx.finditer(text):
                assert need.search(m.group(0)), (rule["id"], m.group(0))


def test_find_hands_out_fresh_candidates():
    finder = get_extractor().finder
    text = "北京月之暗面科技有限公司发布了Kimi智能助手，百度推出文心一言。"
    a, b = finder.find(text), finder.find(text)
    assert [(c.start, c.end, c.name, c.type) for c in a] == [(c.start, c.end, c.name, c.type) for c in b]
    assert all(x is not y and x.aliases is not y.aliases for x, y in zip(a, b, strict=True))
    a[0].aliases.add("changed")
    a[0].type = "Person"
    c = finder.find(text)
    assert "changed" not in c[0].aliases and c[0].type != "Person"


def test_cold_and_warm_extraction_agree():
    ex = get_extractor()
    text = "2024年，智谱AI发布GLM-4。该公司创始人兼CEO张鹏表示，华为、OPPO、vivo等手机厂商已接入。"
    ex.clear_caches()
    cold = ex.extract(document_from_text("a.txt", text)).to_json()
    warm = ex.extract(document_from_text("a.txt", text)).to_json()
    assert cold == warm


def test_spacy_pipeline_built_on_demand():
    ex = get_extractor()
    doc = ex.nlp("北京月之暗面科技有限公司发布了Kimi智能助手")
    assert {s.text for s in doc.spans["zhitu"]} >= {"北京月之暗面科技有限公司"}
    assert doc.user_data["zhitu_relations"]


def test_import_does_not_load_spacy():
    code = "import sys, graph.extract; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
