"""PDF text layer through pypdf; the text then takes the plain-text path (which joins
hard line breaks inside sentences)."""

from __future__ import annotations

import io
import logging

from .errors import IngestError


def pdf_text(raw: bytes, shown: str) -> str:
    """Text of every page, pages separated by a blank line. Raises :class:`IngestError`
    for a malformed, encrypted or image-only PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not raw.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError(shown, "malformed PDF: the file does not start with a PDF header (%PDF-)")
    # pypdf logs every recoverable oddity as a warning: keep them out of the user's terminal
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - missing crypto backend or bad key: same answer
                ok = 0
            if not ok:
                raise IngestError(shown, "the PDF is encrypted (password protected); cannot read its text")
        pages = []
        for page in reader.pages:
            try:
                pages.append(page.extract_text() or "")
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
                pages.append("")  # one broken page should not lose the others
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as e:
        raise IngestError(shown, f"malformed PDF: {e or type(e).__name__}") from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise IngestError(
            shown, f"is empty: the PDF has {len(pages)} page(s) but no text layer (scanned? OCR it first)"
        )
    return text
