"""Hostile inputs generated in the test run (nothing third-party, nothing stored).

Each builder returns bytes (or writes a file) small enough for a fast test but of the
shape that broke the reader: a PDF stream filter pypdf does not implement, AES-encrypted
PDFs, a JBIG2 inline image, a flate bomb, a DOCX whose XML expands a thousandfold.
"""

from __future__ import annotations

import io
import zipfile
import zlib

TEXT_OP = b"BT /F1 12 Tf 72 720 Td (Baidu released ERNIE Bot, a large language model.) Tj ET"


def pdf(content: bytes, *, stream_dict: bytes = b"") -> bytes:
    """A one-page PDF whose page content stream is ``content`` (already encoded as
    ``stream_dict`` says), with Helvetica as /F1 and a correct xref table."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d %s >>\nstream\n" % (len(content), stream_dict) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def text_pdf() -> bytes:
    return pdf(TEXT_OP)


def unknown_filter_pdf() -> bytes:
    """The content stream claims a filter pypdf does not implement (NotImplementedError)."""
    return pdf(b"\x00\x01garbage", stream_dict=b"/Filter /NoSuchDecode")


def jbig2_pdf() -> bytes:
    """Text plus an inline JBIG2 image in the content stream."""
    return pdf(TEXT_OP + b"\nq 8 0 0 8 0 0 cm BI /W 8 /H 8 /BPC 1 /IM true /F /JBIG2Decode ID \x97JB2\x0d\x0a\x1a EI Q")


def flate_bomb_pdf(expanded: int) -> bytes:
    """A content stream of ``expanded`` zero bytes deflated (about 1000:1)."""
    comp = zlib.compressobj(9)
    chunk = b"\x00" * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(expanded >> 20)]
    parts.append(comp.flush())
    return pdf(b"".join(parts), stream_dict=b"/Filter /FlateDecode")


def encrypted_pdf(user_password: str) -> bytes:
    """``text_pdf`` encrypted with AES-256 (pypdf needs ``cryptography`` for it)."""
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    w.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(paragraph_xml: bytes) -> bytes:
    """A minimal .docx whose body is ``paragraph_xml`` (``<w:p>`` elements)."""
    body = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="'
        + _W.encode()
        + b'"><w:body>'
        + paragraph_xml
        + b"</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES)
        z.writestr("_rels/.rels", _DOCX_RELS)
        z.writestr("word/document.xml", body)
    return out.getvalue()


def docx_bomb(expanded: int) -> bytes:
    """A .docx whose document.xml is ``expanded`` bytes of one repeated run (deflates ~1000:1)."""
    run = "<w:p><w:r><w:t>百度发布文心一言。</w:t></w:r></w:p>".encode()
    return docx(run * (expanded // len(run)))
