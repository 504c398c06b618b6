"""PDF text layer through pypdf; the text then takes the plain-text path (which joins
hard line breaks inside sentences)."""

from __future__ import annotations

import io
import logging

from .errors import IngestError


def _why(e: BaseException) -> str:
    """What a pypdf failure means for the user, in words."""
    from pypdf.errors import DependencyError, LimitReachedError

    msg = str(e).strip()
    if isinstance(e, LimitReachedError):
        return f"a compressed stream expands past pypdf's safety limit (a decompression bomb?): {msg}"
    if isinstance(e, DependencyError) and "jbig2" in msg.lower():
        return "its content is JBIG2-compressed, which needs the jbig2dec program (not installed)"
    if isinstance(e, DependencyError):
        return f"needs a component that is not installed: {msg}"
    if isinstance(e, NotImplementedError):
        return f"uses a PDF feature pypdf cannot decode ({msg or 'not implemented'})"
    if isinstance(e, RecursionError):
        return "its objects are nested too deeply (corrupt or hostile file)"
    if isinstance(e, MemoryError):
        return "a part of it is too large to decode in memory"
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


def pdf_text(raw: bytes, shown: str) -> str:
    """Text of every page, pages separated by a blank line. Raises :class:`IngestError`
    for a malformed, encrypted or image-only PDF, whatever pypdf raises."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if not raw.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError(shown, "malformed PDF: the file does not start with a PDF header (%PDF-)")
    # pypdf logs every recoverable oddity as a warning: keep them out of the user's terminal
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")  # most "encrypted" PDFs only restrict printing/copying
            except DependencyError:
                raise IngestError(
                    shown, "the PDF is AES-encrypted and the `cryptography` package is missing (pip install cryptography)"
                ) from None
            except Exception:  # noqa: BLE001 - a broken encryption dictionary: same answer as a password
                ok = 0
            if not ok:
                raise IngestError(
                    shown, "the PDF is password protected: remove the password (or print it to a new PDF) and import that"
                )
        n_pages = len(reader.pages)
    except IngestError:
        raise
    except Exception as e:  # noqa: BLE001 - pypdf raises anything on hostile files
        raise IngestError(shown, f"malformed PDF: {_why(e)}") from None
    pages: list[str] = []
    problems: list[tuple[int, BaseException]] = []
    for i in range(n_pages):
        try:
            pages.append(reader.pages[i].extract_text() or "")
        except Exception as e:  # noqa: BLE001 - one broken page should not lose the others
            pages.append("")
            problems.append((i + 1, e))
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        if problems:
            page, e = problems[0]
            more = f" (and {len(problems) - 1} more page(s))" if len(problems) > 1 else ""
            raise IngestError(shown, f"cannot read the text of page {page}{more}: {_why(e)}")
        raise IngestError(
            shown, f"is empty: the PDF has {n_pages} page(s) but no text layer (scanned? OCR it first)"
        )
    return text
