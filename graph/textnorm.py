"""Text normalisation shared by ingestion, extraction and resolution.

* :func:`to_simplified` folds Traditional to Simplified (OpenCC ``t2s``) and keeps
  the length of the string, so offsets computed on the result hold in the input;
  :func:`t2s` is the plain conversion, where the length may change.
* :func:`has_cjk` tells whether a string holds Chinese characters.
* :func:`fold` is the comparison key for names (NFKC, full-width to half-width,
  lower-case Latin, collapsed spaces).
* :func:`strip_markup` removes the HTML/Markdown debris found in reports
  (``<br>``, ``<b>``, ``<p>``, ``<sup>1</sup>``, ``**bold**``, entities).

:class:`MappedText` is the offset-keeping string used by ingestion: every
character remembers the span of the source it came from, so a cleaned sentence
can always be traced back to ``SourceDocument.text``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

# --- Traditional -> Simplified -------------------------------------------------


@lru_cache(maxsize=1)
def _t2s():  # noqa: ANN202 - opencc has no public type
    import opencc

    return opencc.OpenCC("t2s")


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def t2s(s: str) -> str:
    """Traditional -> Simplified with OpenCC ``t2s`` as it is (a phrase rule may change
    the length; use :func:`to_simplified` where offsets matter); ASCII unchanged.

    >>> t2s("宇樹科技")
    '宇树科技'
    """
    return s if s.isascii() else _t2s().convert(s)


# Kangxi radicals and CJK radical supplements (PDF text layers and some sites write 基⾦ with
# U+2FA6 for 金): each folds to its one ideograph (NFKC), so the length is kept
_RADICALS = {
    c: unicodedata.normalize("NFKC", chr(c))
    for c in [*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6)]
    if len(unicodedata.normalize("NFKC", chr(c))) == 1 and unicodedata.normalize("NFKC", chr(c)) != chr(c)
}


def to_simplified(s: str) -> str:
    """Traditional -> Simplified with ``len(result) == len(s)`` guaranteed.

    OpenCC's t2s is almost always char-for-char; where a phrase rule changes the
    length, that run of Han characters is converted one character at a time
    instead, so offsets never drift. Kangxi radicals fold to their ideographs first.

    >>> to_simplified("張科基\u2fa6")
    '张科基金'
    """
    if not s or s.isascii():
        return s
    s = s.translate(_RADICALS)
    conv = _t2s()
    out = conv.convert(s)
    if len(out) == len(s):
        return out
    parts: list[str] = []
    pos = 0
    for m in _HAN.finditer(s):
        parts.append(s[pos : m.start()])
        run = m.group()
        r = conv.convert(run)
        if len(r) != len(run):
            r = "".join(c if len(cc := conv.convert(c)) != 1 else cc for c in run)
        parts.append(r)
        pos = m.end()
    parts.append(s[pos:])
    return "".join(parts)


# --- Chinese characters ---------------------------------------------------------

# CJK ideographs of the BMP: Extension A, Unified, Compatibility
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# the same, plus CJK symbols and punctuation, full-width forms and the ideographs beyond the BMP
_CJK_WIDE = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\U00020000-\U0003134f]"
)


def has_cjk(s: str, *, wide: bool = False) -> bool:
    """True when ``s`` holds a CJK ideograph (Extension A, Unified, Compatibility).

    With ``wide``, CJK punctuation (``\u3000-\u303f``), full-width forms
    (``\uff00-\uffef``) and ideographs beyond the BMP count too.

    >>> has_cjk("Kimi 智能助手"), has_cjk("GPT-4"), has_cjk("ＧＰＴ"), has_cjk("ＧＰＴ", wide=True)
    (True, False, False, True)
    """
    return bool((_CJK_WIDE if wide else _CJK).search(s))


# --- comparison key ------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def fold(s: str) -> str:
    """Key used to compare names: NFKC (full-width -> half-width), Simplified,
    lower-case, whitespace collapsed and trimmed.

    >>> fold("  ＧＰＴ－４o  宇樹科技 ")
    'gpt-4o 宇树科技'
    """
    s = unicodedata.normalize("NFKC", s)
    s = to_simplified(s)
    return _SPACES.sub(" ", s).strip().lower()


# --- offset-keeping text ---------------------------------------------------------


class MappedText:
    """A string whose characters keep the source span they came from.

    ``starts[i]``/``ends[i]`` are the source offsets of character ``i``; a
    replacement maps all its characters to the whole replaced span, so
    ``source[starts[i]:ends[j-1]]`` is always the source of ``text[i:j]``.
    """

    __slots__ = ("text", "_starts", "_ends", "_base")

    def __init__(self, text: str, starts: list[int] | None, ends: list[int] | None, base: int = 0) -> None:
        self.text = text
        # None: identity mapping shifted by ``base`` (plain text), materialised only when needed
        self._starts = starts
        self._ends = ends
        self._base = base

    @classmethod
    def of(cls, text: str, offset: int = 0) -> MappedText:
        return cls(text, None, None, offset)

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = list(range(self._base, self._base + len(self.text)))
        return self._starts

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            self._ends = list(range(self._base + 1, self._base + len(self.text) + 1))
        return self._ends

    def src_start(self, i: int) -> int:
        return self._base + i if self._starts is None else self._starts[i]

    def src_end(self, i: int) -> int:
        """Source end of character ``i``."""
        return self._base + i + 1 if self._ends is None else self._ends[i]

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, sl: slice) -> MappedText:
        if self._starts is None:
            a, b, _ = sl.indices(len(self.text))
            return MappedText(self.text[sl], None, None, self._base + a)
        return MappedText(self.text[sl], self.starts[sl], self.ends[sl])

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Source span of ``text[i:j]`` (``j > i``)."""
        return self.src_start(i), self.src_end(j - 1)

    def sub(
        self, pattern: re.Pattern[str] | ElementPattern, repl: str | Callable[[re.Match[str]], str]
    ) -> MappedText:
        """``re.sub`` that keeps the mapping; equal-length replacements stay char-for-char."""
        text = self.text
        edits: list[tuple[int, int, str]] = []
        for m in pattern.finditer(text):
            r = repl if isinstance(repl, str) else repl(m)
            if r != m.group():
                edits.append((m.start(), m.end(), r))
        if not edits:
            return self  # no copy, and an identity mapping stays lazy
        starts, ends = self.starts, self.ends
        out: list[str] = []
        s_out: list[int] = []
        e_out: list[int] = []
        pos = 0
        for a, b, r in edits:
            out.append(text[pos:a])
            s_out.extend(starts[pos:a])
            e_out.extend(ends[pos:a])
            if r:
                if len(r) == b - a:
                    s_out.extend(starts[a:b])
                    e_out.extend(ends[a:b])
                else:
                    if a < b:
                        s0, e0 = starts[a], ends[b - 1]
                    else:  # an empty match inserts: anchor it at the next character
                        s0 = e0 = starts[a] if a < len(starts) else (ends[-1] if ends else self._base)
                    s_out.extend([s0] * len(r))
                    e_out.extend([e0] * len(r))
                out.append(r)
            pos = b
        out.append(text[pos:])
        s_out.extend(starts[pos:])
        e_out.extend(ends[pos:])
        return MappedText("".join(out), s_out, e_out)

    def map_text(self, fn: Callable[[str], str]) -> MappedText:
        """Apply a length-preserving function (e.g. :func:`to_simplified`)."""
        t = fn(self.text)
        if len(t) != len(self.text):  # pragma: no cover - guarded by to_simplified
            raise ValueError("map_text needs a length-preserving function")
        return MappedText(t, self._starts, self._ends, self._base)

    def strip(self) -> MappedText:
        t = self.text
        i, j = 0, len(t)
        while i < j and t[i].isspace():
            i += 1
        while j > i and t[j - 1].isspace():
            j -= 1
        return self if (i, j) == (0, len(t)) else self[i:j]

    @staticmethod
    def join(parts: list[MappedText], seps: list[tuple[str, int, int]]) -> MappedText:
        """Concatenate ``parts``; ``seps[k]`` = (text, src_start, src_end) goes between part k and k+1."""
        out: list[str] = []
        s_out: list[int] = []
        e_out: list[int] = []
        for k, p in enumerate(parts):
            if k:
                sep, a, b = seps[k - 1]
                if sep:
                    out.append(sep)
                    s_out.extend([a] * len(sep))
                    e_out.extend([b] * len(sep))
            out.append(p.text)
            s_out.extend(p.starts)
            e_out.extend(p.ends)
        return MappedText("".join(out), s_out, e_out)


# --- markup ------------------------------------------------------------------------


class _Span:
    """The part of ``re.Match`` that :meth:`MappedText.sub` and the HTML layout use."""

    __slots__ = ("_text", "_spans")

    def __init__(self, text: str, spans: tuple[tuple[int, int], ...]) -> None:
        self._text, self._spans = text, spans

    def start(self, g: int = 0) -> int:
        return self._spans[g][0]

    def end(self, g: int = 0) -> int:
        return self._spans[g][1]

    def group(self, g: int = 0) -> str:
        a, b = self._spans[g]
        return self._text[a:b]


class ElementPattern:
    """``<tag ...>inner</tag>`` found in linear time, as ``re`` would find
    ``<(tag)\\b[^<>]*>(.*?)</\\1\\s*>`` (and ``<!--(.*?)-->``).

    A lazy ``.*?`` regex rescans to the end of the text from every unclosed opener,
    so 20k unclosed ``<script>`` took minutes. Here the closer found for a tag is
    remembered: an opener before it reuses it, and once a tag has no closer after
    some offset, every later opener of that tag is skipped without a search.
    Group 1 is the inner content. Openers without a closer are left alone.

    >>> p = ElementPattern(["script"], comments=True)
    >>> [m.group(1) for m in p.finditer("a<script x=1>s</script>b<!--c-->d<script>e")]
    ['s', 'c']
    """

    def __init__(self, tags: Iterable[str], *, comments: bool = False, extra: str = "") -> None:
        alts = [r"<(" + "|".join(tags) + r")\b[^<>]*>"]
        if comments:
            alts.append(r"(<!--)")
        if extra:  # further single-token constructs without groups or closer, e.g. <!DOCTYPE ...>
            alts.append(extra)
        self._open = re.compile("|".join(alts), re.I | re.S)
        self._comments = comments
        self._close: dict[str, re.Pattern[str]] = {}

    def _closer(self, tag: str) -> re.Pattern[str]:
        if tag not in self._close:
            self._close[tag] = re.compile("-->" if tag == "<!--" else rf"</{re.escape(tag)}\s*>", re.I)
        return self._close[tag]

    def finditer(self, text: str) -> Iterator[_Span]:
        # tag -> (searched from, closer span or None): the first closer at or after "from"
        known: dict[str, tuple[int, tuple[int, int] | None]] = {}
        pos = 0
        while True:
            m = self._open.search(text, pos)
            if m is None:
                return
            tag = m.group(1) or (m.group(2) if self._comments else None)
            if tag is None:  # a single-token construct
                yield _Span(text, ((m.start(), m.end()),))
                pos = max(m.end(), m.start() + 1)
                continue
            key = tag.lower()
            got = known.get(key)
            if got is None or m.end() < got[0] or (got[1] is not None and got[1][0] < m.end()):
                c = self._closer(key).search(text, m.end())
                got = known[key] = (m.end(), c.span() if c else None)
            close = got[1]
            if close is None:  # no closer after here: skip this opener only
                pos = m.start() + 1
                continue
            yield _Span(text, ((m.start(), close[1]), (m.end(), close[0])))
            pos = close[1]


BR = "\n"  # what <br> and paragraph ends become: a separator bilingual cells can be split on

_SUP = ElementPattern(["sup"])  # footnote markers: dropped with content
_BREAK_TAG = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr)\s*>", re.I)
# an unclosed <!-- hides the rest of the text (as in a browser); a lazy scan to a missing --> was quadratic
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|<!--.*?(?:-->|\Z)", re.S)
_BOLD = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
_MD_ESC = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~])")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*\)")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HSPACE = re.compile(r"[ \t\u00a0\u3000]*\n[ \t\u00a0\u3000\n]*|[ \t\u00a0]{2,}")


def _entity(m: re.Match[str]) -> str:
    r = html.unescape(m.group())
    return " " if r == "\xa0" else r


def _space(m: re.Match[str]) -> str:
    return "\n" if "\n" in m.group() else " "


def strip_markup_mapped(t: MappedText, br: str = BR) -> MappedText:
    """The offset-keeping core of :func:`strip_markup`."""
    if "<" in t.text:
        t = t.sub(_SUP, "")
        t = t.sub(_BREAK_TAG, br)
        t = t.sub(_TAG, "")
    if "*" in t.text or "_" in t.text:
        t = t.sub(_BOLD, "")
    if "\\" in t.text:
        t = t.sub(_MD_ESC, lambda m: m.group(1))
    if "](" in t.text:
        t = t.sub(_MD_LINK, lambda m: m.group(1))
    if "&" in t.text:
        t = t.sub(_ENTITY, _entity)
    t = t.sub(_HSPACE, _space)
    return t.strip()


def strip_markup(s: str, br: str = BR) -> str:
    """Remove HTML/Markdown markup from a report fragment.

    ``<br>`` and closing ``</p>`` become ``br`` (a newline by default, so that
    ``宇树科技<br>Unitree`` stays splittable); ``<sup>..</sup>`` footnote markers
    are dropped with their content; other tags, ``**`` and Markdown links are
    removed; entities are decoded; runs of spaces are collapsed.

    >>> strip_markup("<b>宇树科技</b><br>Unitree<sup>1</sup> &amp; **AI**")
    '宇树科技\\nUnitree & AI'
    """
    return strip_markup_mapped(MappedText.of(s), br).text
