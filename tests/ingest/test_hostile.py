"""A hostile corpus generated here: the build goes past every bad file, each gets a
message saying what is wrong with it, and the graph built before is unchanged.

Inputs are small but of the shape that broke the reader (see ``hostile.py``); how the
cases scale is measured in ``bench/ingest.py``, not here.
"""

from __future__ import annotations

import os
import random
import re
import sys
from pathlib import Path

import hostile  # tests/ingest/hostile.py (pytest puts this folder on sys.path)
import pytest

from graph.ingest import IngestError, iter_inputs, read_document
from graph.pipeline import build
from graph.store import Store

GOOD = "2024年5月，月之暗面完成新一轮融资，由阿里巴巴领投。百度发布文心一言大模型。\n"
GBK_NAME = "百度报告.txt".encode("gbk")  # as a Windows zip leaves it: not valid UTF-8
EXTENSIONS = (".txt", ".md", ".html", ".tsv", ".csv", ".pdf", ".docx")
HAS_FIFO = hasattr(os, "mkfifo") and sys.platform != "win32"


def _random_bytes(rng: random.Random, n: int) -> bytes:
    # no NUL-free guarantee, no whitespace-only: the reader must judge any of these
    while True:
        raw = bytes(rng.randrange(256) for _ in range(n))
        if raw.strip():
            return raw


def make_corpus(root: Path) -> dict[str, str]:
    """Write the hostile corpus; returns {file name: a phrase its error must contain}."""
    rng = random.Random(11)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, phrase: str) -> None:
        (root / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = phrase

    for ext in EXTENSIONS:
        for n in (1, 3, 7):
            # text files: "too short", "cannot decode", "binary"... (TEXT_REASONS)
            put(f"random{n}{ext}", _random_bytes(rng, n), {".pdf": "malformed PDF", ".docx": "malformed DOCX"}.get(ext, ""))
        put(f"random64{ext}", _random_bytes(rng, 64), {".pdf": "malformed PDF", ".docx": "malformed DOCX"}.get(ext, ""))
    put("unknown_filter.pdf", hostile.unknown_filter_pdf(), "cannot decode (Unsupported filter")
    put("jbig2.pdf", hostile.pdf(b"\x97JB2\r\n\x1a\n\x01", stream_dict=b"/Filter /JBIG2Decode"), "JBIG2")
    put("bomb.pdf", hostile.flate_bomb_pdf(80 << 20), "decompression bomb")
    put("password.pdf", hostile.encrypted_pdf("secret"), "password protected")
    put("bomb.docx", hostile.docx_bomb(24 << 20), "decompression bomb")
    put("gibberish.txt", "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(4000)), "")
    if HAS_FIFO:
        os.mkfifo(root / "pipe.txt")
        expect["pipe.txt"] = "named pipe (FIFO)"
    return expect


TEXT_REASONS = re.compile(r"does not look like text|binary|cannot decode|is empty|too short to be a report")


def _graph(db: Path) -> tuple[dict, set]:
    with Store(db, readonly=True) as st:
        snap = st.snapshot()
        stats = st.stats()
    return stats, {(e.s, e.p, e.o) for e in snap.edges}


def test_hostile_corpus_build_goes_on_and_the_graph_is_unchanged(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    expect = make_corpus(bad)
    db = tmp_path / "g.db"
    (tmp_path / "first.txt").write_text(GOOD, encoding="utf-8")
    with Store(db) as st:
        assert build([tmp_path / "first.txt"], st)[0].status == "imported"
    before = _graph(db)

    seen: list[str] = []
    with Store(db) as st:
        results = build([bad], st, on_result=lambda r: seen.append(r.doc))
    assert seen == [r.doc for r in results]  # reported one by one, in order
    by_name = {r.doc: r for r in results}
    assert set(by_name) == set(expect), set(by_name) ^ set(expect)
    for name, phrase in expect.items():
        r = by_name[name]
        assert r.status == "failed", (name, r)
        assert name in r.message and "Traceback" not in r.message
        if phrase:
            assert phrase in r.message, (name, r.message)
        elif not name.endswith((".pdf", ".docx")):
            assert TEXT_REASONS.search(r.message), (name, r.message)
    assert _graph(db) == before


def test_the_build_goes_past_bad_files_to_good_ones(tmp_path: Path) -> None:
    d = tmp_path / "mixed"
    d.mkdir()
    (d / "a_random.md").write_bytes(b"\x8f\x12\xa3")
    (d / "b_unclosed.html").write_text(
        "<html><body><p>百度发布文心一言大模型。</p>" + "<script>var a=1;" * 20_000, encoding="utf-8"
    )
    (d / "c_comment.html").write_text("<p>阿里巴巴投资了月之暗面。</p>" + "<!-- x " * 20_000, encoding="utf-8")
    (d / "d_table.html").write_text("<p>百度发布文心一言。</p>" + "<table><tr><td>百度</td>" * 20_000, encoding="utf-8")
    (d / "e_empty_password.pdf").write_bytes(hostile.encrypted_pdf(""))
    with open(os.path.join(os.fsencode(d), GBK_NAME), "wb") as f:
        f.write(GOOD.encode("utf-8"))
    with Store(tmp_path / "g.db") as st:
        results = build([d], st)
        docs = {x.name for x in st.documents()}
    status = {r.doc: r.status for r in results}
    assert status == {
        "a_random.md": "failed",
        "b_unclosed.html": "imported",
        "c_comment.html": "imported",
        "d_table.html": "imported",
        "e_empty_password.pdf": "imported",
        "百度报告.txt": "imported",  # GBK bytes decoded as GB18030
    }, results
    assert "百度报告.txt" in docs


def test_pipeline_turns_any_exception_into_that_files_error(tmp_path: Path, monkeypatch) -> None:
    import graph.ingest

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    real = graph.ingest.read_document

    def flaky(path):
        if Path(path).name == "a.txt":
            raise NotImplementedError("a reader bug")
        if Path(path).name == "b.txt":
            raise RecursionError("deep")
        return real(path)

    monkeypatch.setattr(graph.ingest, "read_document", flaky)
    with Store(tmp_path / "g.db") as st:
        results = build([tmp_path / n for n in ("a.txt", "b.txt", "c.txt")], st)
    assert [r.status for r in results] == ["failed", "failed", "imported"]
    assert "a.txt" in results[0].message and "NotImplementedError: a reader bug" in results[0].message
    assert "nested too deeply" in results[1].message


@pytest.mark.skipif(not HAS_FIFO, reason="no FIFOs here")
def test_fifo_named_explicitly_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match="not a regular file"):
        read_document(fifo)
    assert iter_inputs([tmp_path]) == [fifo]  # listed, so that the build can say why it is skipped


def test_unreadable_folder_is_reported_as_such(tmp_path: Path, monkeypatch) -> None:
    locked = tmp_path / "top" / "locked"
    locked.mkdir(parents=True)
    (locked / "x.txt").write_text(GOOD, encoding="utf-8")
    real_scandir, real_listdir = os.scandir, os.listdir

    def deny(path, real):
        if os.fsdecode(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path)

    # works as root too (chmod does not stop root)
    monkeypatch.setattr(os, "scandir", lambda p=".": deny(p, real_scandir))
    monkeypatch.setattr(os, "listdir", lambda p=".": deny(p, real_listdir))
    with Store(tmp_path / "g.db") as st:
        results = build([tmp_path / "top"], st)
    assert len(results) == 1 and results[0].status == "failed"
    assert "cannot open the folder" in results[0].message and "Permission denied" in results[0].message
    assert "locked" in results[0].message


def test_encrypted_pdfs() -> None:
    from graph.ingest.pdf import pdf_text

    assert "ERNIE" in pdf_text(hostile.encrypted_pdf(""), "open.pdf")  # AES-256 needs `cryptography`
    with pytest.raises(IngestError, match="password protected"):
        pdf_text(hostile.encrypted_pdf("pw"), "locked.pdf")


def test_docx_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    import tracemalloc

    p = tmp_path / "bomb.docx"
    p.write_bytes(hostile.docx_bomb(48 << 20))
    tracemalloc.start()
    try:
        with pytest.raises(IngestError, match="decompression bomb"):
            read_document(p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * p.stat().st_size + (4 << 20)  # the file and a little, never the 48 MB of XML
    ok = tmp_path / "ok.docx"
    ok.write_bytes(hostile.docx(b"<w:p><w:r><w:t>" + GOOD.strip().encode() + b"</w:t></w:r></w:p>"))
    assert "文心一言" in read_document(ok).text


@pytest.mark.parametrize("n", range(1, 8))
def test_a_few_random_bytes_are_not_a_document(tmp_path: Path, n: int) -> None:
    rng = random.Random(n)
    for ext in (".txt", ".md", ".html", ".tsv", ".csv"):
        for _ in range(5):
            p = tmp_path / f"r{ext}"
            p.write_bytes(_random_bytes(rng, n))
            with pytest.raises(IngestError) as e:
                read_document(p)
            assert TEXT_REASONS.search(str(e.value)), str(e.value)


def test_short_real_text_is_still_read(tmp_path: Path) -> None:
    for text in ("百度发布文心", "Baidu ERNIE", "月之暗面 Kimi 2024"):
        p = tmp_path / "s.txt"
        p.write_text(text, encoding="utf-8")
        assert read_document(p).text == text
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(GOOD.encode("gbk"))
    assert "月之暗面" in read_document(gbk).text


def test_element_pattern_finds_what_the_lazy_regex_found() -> None:
    from graph.textnorm import ElementPattern

    old = re.compile(r"<(script|style)\b[^<>]*>(.*?)</\1\s*>|<!--(.*?)-->", re.I | re.S)
    new = ElementPattern(["script", "style"], comments=True)
    rng = random.Random(5)
    pieces = ["<script>", "</script>", "<style a=1>", "</STYLE >", "<!--", "-->", "x", "百度", "<p>", "\n"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))
        want = [m.span() for m in old.finditer(text)]
        got = [(m.start(), m.end()) for m in new.finditer(text)]
        assert got == want, text


def test_long_line_is_cut_into_sentences_by_offset(tmp_path: Path) -> None:
    p = tmp_path / "line.txt"
    p.write_text("百度发布了文心一言，阿里巴巴投资了月之暗面" * 2000, encoding="utf-8")
    doc = read_document(p)
    assert len(doc.blocks) > 5
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.original
    assert "".join(b.original for b in doc.blocks) == doc.text


def test_gbk_file_name_in_messages(tmp_path: Path) -> None:
    bad = os.path.join(os.fsencode(tmp_path), "坏文件.pdf".encode("gbk"))
    with open(bad, "wb") as f:
        f.write(b"not a pdf at all")
    with pytest.raises(IngestError) as e:
        read_document(os.fsdecode(bad))
    assert "坏文件.pdf" in str(e.value)
    str(e.value).encode("utf-8")  # printable and storable: no surrogate escapes left
