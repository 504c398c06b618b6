"""Map a span of ``Block.text`` back to ``SourceDocument.text``.

Cleaning only deletes (markup, whitespace at joined line breaks, footnote
markers), decodes entities, folds Traditional to Simplified char-for-char and
inserts separators (``\\n`` for ``<br>``, a space at some joined breaks, ``\\t``
between cells). So the cleaned text is a subsequence of the Simplified original
with markup masked out, and a greedy forward alignment recovers the offsets
without storing a per-character map on every block.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.model import Block
from graph.textnorm import to_simplified

_MARKUP = re.compile(
    r"<sup\b[^>]*>.*?</sup\s*>|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->|\*\*|(?<!\\)\|",
    re.I | re.S,
)
_LOOKAHEAD = 24  # how far a character may be from its source before we call it inserted


@lru_cache(maxsize=4096)
def _alignment(text: str, original: str) -> tuple[int, ...]:
    """For each character of ``text``, its offset in ``original`` (-1: inserted)."""
    src = to_simplified(original)
    masked = bytearray(len(src))
    for m in _MARKUP.finditer(src):
        masked[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    # source offsets of visible characters; whitespace is layout (padding, wraps, separators)
    keep = [k for k in range(len(src)) if not masked[k] and not src[k].isspace()]
    visible = "".join(src[k] for k in keep)
    out: list[int] = []
    k = 0
    for ch in text:
        if ch.isspace():
            out.append(-1)
            continue
        j = visible.find(ch, k, k + _LOOKAHEAD)
        if j >= 0:
            out.append(keep[j])
            k = j + 1
        else:
            out.append(-1)  # separator or decoded entity: anchored by its neighbours
    return tuple(out)


def source_span(block: Block, i: int, j: int) -> tuple[int, int]:
    """Offsets in ``SourceDocument.text`` of ``block.text[i:j]`` (``0 <= i < j <= len``).

    Exact when the text is the original folded to Simplified; otherwise aligned
    character by character, so ``doc.text[a:b]`` covers the mention together with
    any markup or line break inside it.
    """
    if not 0 <= i < j <= len(block.text):
        raise ValueError(f"bad span {i}:{j} for a block of {len(block.text)} characters")
    if len(block.text) == len(block.original) and block.text == to_simplified(block.original):
        return block.start + i, block.start + j
    al = _alignment(block.text, block.original)
    a = next((al[k] for k in range(i, j) if al[k] >= 0), -1)
    b = next((al[k] + 1 for k in range(j - 1, i - 1, -1) if al[k] >= 0), -1)
    if a < 0 or b <= a:
        # nothing of the span is in the source (an inserted separator): point between neighbours
        before = next((al[k] + 1 for k in range(i - 1, -1, -1) if al[k] >= 0), 0)
        return block.start + before, block.start + before
    return block.start + a, block.start + b
