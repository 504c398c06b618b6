"""Byte -> str for report text files: BOMs, UTF-8, UTF-16, GB18030/GBK, Big5.

charset-normalizer alone confuses GBK and Big5 on short Chinese text, so both
are tried strictly and the decoding whose characters are the most common Han
characters (GB2312 level 1 or Big5 level 1) wins; charset-normalizer is only the
fallback for anything else.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

from .errors import IngestError

# (bom, what to call it in errors, codec that decodes the raw bytes, BOM included)
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "UTF-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "UTF-32", "utf-32"),
    (codecs.BOM_UTF8, "UTF-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "UTF-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "UTF-16", "utf-16"),
)
_SAMPLE = 20_000  # characters scored per candidate decoding


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """GB2312 level-1 (3755 common Simplified) + Big5 level-1 (5401 common Traditional)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _score(text: str) -> float:
    """Share of non-ASCII characters that are common Han or CJK punctuation."""
    sample = text[:_SAMPLE]
    common = _common_han()
    total = hits = 0
    for c in sample:
        if c < "\x80":
            continue
        total += 1
        if c in common or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in "“”‘’—…·":
            hits += 1
    return hits / total if total else 0.0


def _utf16_by_nuls(raw: bytes) -> str | None:
    """BOM-less UTF-16: ASCII characters (newlines, digits, spaces) leave NULs on one side.

    Han characters rarely have a zero byte (U+4E00 does), so one side must clearly
    dominate rather than be the only one.
    """
    head = raw[:8192]
    if len(head) < 4 or len(raw) % 2:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if odd >= 2 and odd >= 4 * even:
        return "utf-16-le"
    if even >= 2 and even >= 4 * odd:
        return "utf-16-be"
    return None


def _codec_name(label: str) -> str:
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE]
    if not sample:
        return False
    bad = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f\v") or c == "\ufffd")
    return bad > max(2, len(sample) // 100)


def decode_bytes(raw: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode ``raw``; returns ``(text, encoding)``. Raises :class:`IngestError` when undecodable."""
    for bom, label, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError as e:
                raise IngestError(
                    name, f"starts with a {label} byte-order mark but is not valid {label}: {e}"
                ) from None
    text = _strict(raw, "utf-8")
    if text is not None:
        if "\x00" in text:  # ASCII-heavy UTF-16 is also valid UTF-8, full of NULs
            label = _utf16_by_nuls(raw)
            t16 = _strict(raw, label) if label else None
            if t16 is not None and not _looks_binary(t16):
                return t16, label  # type: ignore[return-value]
            raise IngestError(name, "looks like a binary file, not text (contains NUL bytes)")
        return text, "utf-8"
    label = _utf16_by_nuls(raw)
    if label:
        t16 = _strict(raw, label)
        if t16 is not None and not _looks_binary(t16):
            return t16, label
    # a few stray bytes in an otherwise UTF-8 file: keep it UTF-8 with replacements
    lossy = raw.decode("utf-8", errors="replace")
    n_bad = lossy.count("\ufffd")
    if n_bad <= max(3, len(lossy) // 2000) and len(lossy) > 8 * n_bad:
        return lossy, "utf-8"
    candidates: list[tuple[float, str, str]] = []
    for codec in ("gb18030", "big5", "cp950", "big5hkscs"):
        t = _strict(raw, codec)
        if t is not None and not _looks_binary(t):
            candidates.append((_score(t), codec, t))
    if candidates:
        # gb18030 accepts almost any byte string, so the Han-frequency score decides
        best = max(candidates, key=lambda c: (c[0], c[1] == "gb18030", c[1] == "big5"))
        if best[0] >= 0.5:
            return best[2], best[1]
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(raw).best()
    except Exception:  # noqa: BLE001 - a detector crash is just "no answer"
        match = None
    if match is not None:
        t = str(match)
        if t.strip() and not _looks_binary(t):
            return t, _codec_name(match.encoding)
    if candidates:
        best = max(candidates, key=lambda c: c[0])
        return best[2], best[1]
    raise IngestError(
        name, "cannot decode the text: not UTF-8, UTF-16, GB18030/GBK or Big5, and no other encoding fits"
    )
