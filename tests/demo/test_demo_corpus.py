"""The demo corpus in ``assets/demo/`` and its ground truth ``expected.json``.

These tests read the files only; they do not run the extractor. ``expected.json``
is what a correct extractor should find in each document, and it is the ground
truth for "the demo graph covers every entity type and relation kind".
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from graph.model import ENTITY_TYPES, PREDICATES, allowed  # noqa: E402

DEMO = REPO / "assets" / "demo"
CORPUS = DEMO / "corpus"  # the documents only; README.md and expected.json sit beside it
SEEDS = REPO.parent / "shared" / "seeds"

# Characters that only occur in Traditional script (their Simplified forms differ).
TRAD_ONLY = set("們發與為體這會國說時個來對過還應該實現開關當從產業將術數據價報導")

try:  # a project dependency; the checks fall back to TRAD_ONLY without it
    import opencc

    _T2S = opencc.OpenCC("t2s")
    _S2T = opencc.OpenCC("s2t")
except Exception:  # pragma: no cover
    _T2S = _S2T = None


def t2s(s: str) -> str:
    return _T2S.convert(s) if _T2S else s


def s2t(s: str) -> str:
    return _S2T.convert(s) if _S2T else s


def doc_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file())


def read(p: Path) -> str:
    return p.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.name: read(p) for p in doc_files()}


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return json.loads(read(DEMO / "expected.json"))


def test_every_file_is_utf8() -> None:
    files = [p for p in (*DEMO.iterdir(), *CORPUS.iterdir()) if p.is_file()]
    assert files
    for p in files:
        text = read(p)  # raises UnicodeDecodeError otherwise
        assert not text.startswith("\ufeff"), f"{p.name} has a BOM"
        assert "\ufffd" not in text, p.name


def test_document_count_and_formats(texts: dict[str, str]) -> None:
    assert 8 <= len(texts) <= 12, sorted(texts)
    suffixes = [Path(n).suffix for n in texts]
    assert set(suffixes) <= {".txt", ".md"}, suffixes
    assert suffixes.count(".md") >= 1
    assert suffixes.count(".txt") >= len(texts) - 2
    for name, text in texts.items():
        n = len(re.sub(r"\s", "", text))
        assert 300 <= n <= 1500, f"{name}: {n} characters"
        assert re.search(r"[\u4e00-\u9fff]{20}", text), f"{name} is not Chinese prose"


def test_has_a_tsv_table(texts: dict[str, str]) -> None:
    tables = 0
    for text in texts.values():
        rows = [line.split("\t") for line in text.splitlines() if "\t" in line]
        widths = [len(r) for r in rows if len(r) >= 3]
        if len(widths) >= 3 and len(set(widths)) == 1:
            tables += 1
    assert tables >= 1


def test_has_a_markdown_table(texts: dict[str, str]) -> None:
    sep = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$", re.M)
    found = [n for n, t in texts.items() if sep.search(t)]
    assert found
    for name in found:
        lines = texts[name].splitlines()
        i = next(k for k, line in enumerate(lines) if sep.match(line))
        header = [c.strip() for c in lines[i - 1].strip("|").split("|")]
        body = [line for line in lines[i + 1 :] if line.startswith("|")]
        assert len(header) >= 3 and len(body) >= 2
        assert all(len(r.strip().strip("|").split("|")) == len(header) for r in body)
    assert any("<br>" in texts[n] for n in found), "expected a bilingual <br> cell"


def test_has_a_traditional_chinese_paragraph(texts: dict[str, str]) -> None:
    def traditional(par: str) -> bool:
        fixed = len(TRAD_ONLY & set(par))
        changed = sum(a != b for a, b in zip(par, t2s(par), strict=False)) if _T2S else fixed
        return fixed >= 3 and changed >= 10

    pars = [p for t in texts.values() for p in re.split(r"\n\s*\n", t)]
    assert any(traditional(p) for p in pars)


def test_expected_shape(expected: list[dict], texts: dict[str, str]) -> None:
    assert isinstance(expected, list)
    assert sorted(d["doc"] for d in expected) == sorted(texts)
    for d in expected:
        assert set(d) >= {"doc", "entities", "relations"}
        names = [e["name"] for e in d["entities"]]
        assert len(names) == len(set(names)), f"{d['doc']}: duplicate entity"
        for e in d["entities"]:
            assert e["type"] in ENTITY_TYPES, e
            assert isinstance(e.get("aliases", []), list)
        for r in d["relations"]:
            assert r["p"] in PREDICATES, r
            if "lead" in r:
                assert isinstance(r["lead"], bool)


def test_expected_covers_every_type_and_predicate(expected: list[dict]) -> None:
    types = {e["type"] for d in expected for e in d["entities"]}
    preds = {r["p"] for d in expected for r in d["relations"]}
    assert set(ENTITY_TYPES) <= types, set(ENTITY_TYPES) - types
    assert set(PREDICATES) <= preds, set(PREDICATES) - preds
    invests = [r for d in expected for r in d["relations"] if r["p"] == "investsIn"]
    assert any(r.get("lead") is True for r in invests)
    assert any(r.get("lead") is False for r in invests)
    assert any(r.get("round") and r.get("amount") and r.get("date") for r in invests)


def test_relations_are_typed_and_between_listed_entities(expected: list[dict]) -> None:
    for d in expected:
        types = {e["name"]: {e["type"], *e.get("types", [])} for e in d["entities"]}
        for r in d["relations"]:
            assert r["s"] in types, f"{d['doc']}: subject {r['s']} not listed"
            assert r["o"] in types, f"{d['doc']}: object {r['o']} not listed"
            assert r["s"] != r["o"], r
            assert allowed(r["p"], types[r["s"]], types[r["o"]]), (
                f"{d['doc']}: {r['s']} ({types[r['s']]}) {r['p']} {r['o']} ({types[r['o']]})"
            )


def test_entity_names_occur_in_their_document(expected: list[dict], texts: dict[str, str]) -> None:
    for d in expected:
        text = texts[d["doc"]]
        simplified = t2s(text)
        for e in d["entities"]:
            name = e["name"]
            assert name in text or name in simplified or s2t(name) in text, f"{d['doc']}: {name}"


def test_relation_evidence_is_quoted_from_the_document(expected: list[dict], texts: dict[str, str]) -> None:
    for d in expected:
        for r in d["relations"]:
            if r.get("evidence"):
                assert r["evidence"] in texts[d["doc"]], r


def test_corpus_is_original_writing(texts: dict[str, str]) -> None:
    """No 20-character run of a demo document appears in the third-party seed reports."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    k = 20
    seen: set[str] = set()
    for p in SEEDS.iterdir():
        if p.is_file():
            s = re.sub(r"\s", "", p.read_bytes().decode("utf-8", "replace"))
            seen.update(s[i : i + k] for i in range(len(s) - k + 1))
    for name, text in texts.items():
        s = re.sub(r"\s", "", text)
        copied = [s[i : i + k] for i in range(len(s) - k + 1) if s[i : i + k] in seen]
        assert not copied, f"{name} shares text with a seed report: {copied[:3]}"
