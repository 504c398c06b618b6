"""The one mapping from a :class:`~graph.model.Snapshot` to RDF.

Everything RDF (the rdflib Dataset for SPARQL, the Turtle/N-Triples/TriG writers,
JSON-LD) goes through :func:`iter_quads`, so every format says the same thing.

Layout of the data:

* the **default graph** describes entities (``rdf:type``, ``rdfs:label`` with
  ``@zh``/``@en``, ``skos:altLabel``, attributes such as ``zt:stockCode``,
  ``zt:mentionedIn``) and documents (``zt:Document``/``prov:Entity`` with
  label, file name, ``zt:sha256``, ``zt:year``);
* one **named graph per source document** (named by the document's IRI) holds
  what that document asserts: the direct triple ``s zt:develops o`` plus a
  ``zt:Assertion`` node (an ``rdf:Statement``: ``rdf:subject``/``rdf:predicate``/
  ``rdf:object``, ``prov:wasDerivedFrom`` the document, ``zt:evidence``,
  ``zt:confidence`` as ``xsd:decimal``, ``zt:year``) and, for ``investsIn``, a
  ``zt:FundingRound`` (round, amount, currency, date, lead, investor, investee);
* the **user graph** :data:`USER_GRAPH` holds edges a user added by hand.

No blank nodes: assertions and rounds get IRIs derived from ``Edge.id``
(``ztid:assertion/r12``, ``ztid:round/r12``), so counts survive a round trip.

>>> from graph.model import Edge, Node, Snapshot
>>> snap = Snapshot(
...     nodes={"https://zhitu.app/id/baidu": Node("https://zhitu.app/id/baidu", "百度", ("Company",)),
...            "https://zhitu.app/id/ernie": Node("https://zhitu.app/id/ernie", "ERNIE", ("AIModel",))},
...     edges=(Edge("u1", "https://zhitu.app/id/baidu", "develops", "https://zhitu.app/id/ernie", 1.0,
...                 origin="user"),))
>>> g = build_graph(snap)
>>> from ontology import ZT
>>> from rdflib import URIRef
>>> (URIRef("https://zhitu.app/id/baidu"), ZT.develops, URIRef("https://zhitu.app/id/ernie")) in g
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from graph.model import PREDICATES, DocumentInfo, Edge, Snapshot
from graph.textnorm import has_cjk
from ontology import ZT, ZTID

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef | None]
"""(subject, predicate, object, graph); graph ``None`` is the default graph."""

USER_GRAPH = ZTID["graph/user"]
USER_AGENT = ZTID["agent/user"]

PREFIXES: dict[str, str] = {
    "zt": str(ZT),
    "ztid": str(ZTID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
}

_SURROGATE = re.compile("[\ud800-\udfff]")
# characters that may not appear raw in an IRI (RFC 3987 / Turtle IRIREF)
_IRI_BAD = re.compile('[\x00-\x20<>"{}|^`\\\\\x7f-\x9f]')
_CLASS = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_LOCAL_OK = re.compile(r"[^0-9A-Za-z\u00c0-\uffff]+")


def lang_of(text: str) -> str:
    """Language tag for a name or sentence: ``zh`` when it contains CJK (ideographs,
    CJK punctuation or full-width forms: :func:`graph.textnorm.has_cjk` ``wide``), else ``en``.

    >>> lang_of("月之暗面"), lang_of("Moonshot AI"), lang_of("Kimi 智能助手")
    ('zh', 'en', 'zh')
    """
    return "zh" if has_cjk(text, wide=True) else "en"


def clean_text(text: str) -> str:
    """Replace lone surrogates (undecodable bytes) by U+FFFD so every encoder accepts the text.

    >>> clean_text("ok\\udc80")
    'ok\\ufffd'
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def safe_iri(iri: str) -> str:
    """Percent-encode what an IRI may not contain raw; relative names go under ``ztid:``.

    >>> safe_iri("https://zhitu.app/id/a b<c>")
    'https://zhitu.app/id/a%20b%3Cc%3E'
    >>> safe_iri("百度")
    'https://zhitu.app/id/百度'
    """
    iri = clean_text(iri)
    if ":" not in iri.split("/", 1)[0] or iri.startswith(":"):
        iri = str(ZTID) + iri.lstrip("/")
    if _IRI_BAD.search(iri):
        iri = _IRI_BAD.sub(lambda m: quote(m.group(0), safe=""), iri)
    return iri


def local_name(key: str) -> str:
    """camelCase property local name for an attribute key (``stock_code`` -> ``stockCode``).

    >>> local_name("stock_code"), local_name("参数量"), local_name("1st-round")
    ('stockCode', '参数量', 'attr1stRound')
    """
    parts = [p for p in _LOCAL_OK.split(key) if p]
    if not parts:
        return "attr"
    name = parts[0][:1].lower() + parts[0][1:] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
    if name[0].isdigit():
        name = "attr" + name[0].upper() + name[1:]
    return name


def doc_iri(doc: DocumentInfo | int) -> URIRef:
    """IRI of a document, also the name of its graph: content hash when known, else the id.

    >>> doc_iri(DocumentInfo(3, "a.txt", "ab" * 32))
    rdflib.term.URIRef('https://zhitu.app/id/doc/abababababababab')
    >>> doc_iri(7)
    rdflib.term.URIRef('https://zhitu.app/id/doc/7')
    """
    if isinstance(doc, DocumentInfo):
        return ZTID[f"doc/{doc.sha256[:16]}"] if doc.sha256 else ZTID[f"doc/{doc.id}"]
    return ZTID[f"doc/{doc}"]


def assertion_iri(edge: Edge) -> URIRef:
    return URIRef(safe_iri(f"{ZTID}assertion/{edge.id}"))


def round_iri(edge: Edge) -> URIRef:
    return URIRef(safe_iri(f"{ZTID}round/{edge.id}"))


def decimal_lexical(value: float | int | Decimal) -> str:
    """Canonical-ish ``xsd:decimal`` lexical form (always with a dot, never an exponent).

    >>> decimal_lexical(0.9), decimal_lexical(1), decimal_lexical(1e-7), decimal_lexical(2.5e9)
    ('0.9', '1.0', '0.0000001', '2500000000.0')
    """
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = format(d, "f")
    if "." not in text:
        text += ".0"
    elif text.endswith("0") and not text.endswith(".0"):
        text = text.rstrip("0")
    return text


_AMOUNT = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_DATE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$")


def date_literal(value: Any) -> Literal:
    """Funding date as an ``xsd:string`` in ISO form, as precise as stated (``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY``), else the text as written.

    A string, not ``xsd:date``/``xsd:gYear``: those are outside the OWL 2 datatype map,
    so Protégé's reasoner (HermiT) rejects them; the year goes in ``zt:year`` (see
    :func:`date_year`).

    >>> [str(date_literal(v)) for v in ("2024-03-05", "2024年3月", "2023", "去年年底")]
    ['2024-03-05', '2024-03', '2023', '去年年底']
    >>> date_literal("2024-03-05").datatype is None
    True
    """
    text = clean_text(str(value)).strip()
    m = _DATE.match(text)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        if d and 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            return Literal(f"{y}-{int(mo):02d}-{int(d):02d}")
        if mo and not d and 1 <= int(mo) <= 12:
            return Literal(f"{y}-{int(mo):02d}")
        if not mo:
            return Literal(y)
    return Literal(text)


def date_year(value: Any) -> int | None:
    """The year of a funding date when it states one.

    >>> date_year("2024年3月"), date_year("去年")
    (2024, None)
    """
    m = _DATE.match(clean_text(str(value)).strip())
    return int(m.group(1)) if m else None


def amount_number(attrs: dict[str, Any]) -> Decimal | None:
    """The numeric amount of a funding round, in units of its currency.

    ``amount_value`` (set by the extractor from "10亿美元") wins; else ``amount`` when it
    is a plain number. ``None`` when no number is known.

    >>> amount_number({"amount": "10亿美元", "amount_value": 1e9})
    Decimal('1000000000.0')
    >>> amount_number({"amount": "1,500"}), amount_number({"amount": "数亿元"})
    (Decimal('1500'), None)
    """
    for key in ("amount_value", "amount"):
        value = attrs.get(key)
        if value is None or value == "" or isinstance(value, bool):
            continue
        if isinstance(value, int | float | Decimal):
            try:
                d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
            except (InvalidOperation, ValueError):
                continue
            if d.is_finite():
                return d
            continue
        text = clean_text(str(value)).strip().replace(",", "")
        if _AMOUNT.match(text):
            return Decimal(text)
    return None


class _Terms:
    """Caches: one URIRef per IRI, one Literal per repeated value (confidence, year)."""

    def __init__(self) -> None:
        self.iris: dict[str, URIRef] = {}
        self.decimals: dict[float, Literal] = {}
        self.ints: dict[int, Literal] = {}
        self.props: dict[str, URIRef] = {}

    def iri(self, iri: str) -> URIRef:
        u = self.iris.get(iri)
        if u is None:
            u = self.iris[iri] = URIRef(safe_iri(iri))
        return u

    def prop(self, key: str) -> URIRef:
        u = self.props.get(key)
        if u is None:
            u = self.props[key] = ZT[local_name(key)]
        return u

    def cls(self, typ: str) -> URIRef:
        u = self.props.get("\0" + typ)
        if u is None:
            name = local_name(typ)
            u = self.props["\0" + typ] = ZT[name[:1].upper() + name[1:] if not _CLASS.match(typ) else typ]
        return u

    def decimal(self, value: float) -> Literal:
        lit = self.decimals.get(value)
        if lit is None:
            lit = self.decimals[value] = Literal(decimal_lexical(value), datatype=XSD.decimal)
        return lit

    def integer(self, value: int) -> Literal:
        lit = self.ints.get(value)
        if lit is None:
            lit = self.ints[value] = Literal(str(int(value)), datatype=XSD.integer)
        return lit


def text_literal(text: str, lang: bool = True) -> Literal:
    """A string literal, language-tagged by :func:`lang_of` unless ``lang`` is False."""
    text = clean_text(text)
    return Literal(text, lang=lang_of(text[:200])) if lang else Literal(text)


_PRED = {p: ZT[p] for p in PREDICATES}
_TRUE = Literal("true", datatype=XSD.boolean)
_FALSE = Literal("false", datatype=XSD.boolean)


def _bool(value: Any) -> Literal | None:
    if isinstance(value, bool):
        return _TRUE if value else _FALSE
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "y", "领投", "lead"):
        return _TRUE
    if text in ("false", "0", "no", "n", "跟投", "follow", ""):
        return _FALSE
    return None


# terms used per statement, looked up once (rdflib Namespace attribute access is slow)
_TYPE = RDF.type
_SUBJECT = RDF.subject
_PREDICATE = RDF.predicate
_OBJECT = RDF.object
_DERIVED = PROV.wasDerivedFrom
_ATTRIBUTED = PROV.wasAttributedTo
_ASSERTION = ZT.Assertion
_EVIDENCE = ZT.evidence
_CONFIDENCE = ZT.confidence
_YEAR = ZT.year
_FUNDING_ROUND = ZT.fundingRound
_FUNDING_ROUND_CLASS = ZT.FundingRound
_INVESTOR = ZT.investor
_INVESTEE = ZT.investee
_ORIGIN = ZT.origin
_DATE_P = ZT.date
_AMOUNT_P = ZT.amount
_AMOUNT_TEXT = ZT.amountText
_LEAD = ZT.lead
_LABEL = RDFS.label
_ALT_LABEL = SKOS.altLabel
_MENTIONED_IN = ZT.mentionedIn
_USER = Literal("user")


def _edge_quads(e: Edge, t: _Terms, g: URIRef | None, d: URIRef | None) -> Iterator[Quad]:
    s, o = t.iri(e.s), t.iri(e.o)
    p = _PRED.get(e.p) or t.prop(e.p)
    yield s, p, o, g
    a = assertion_iri(e)
    yield a, _TYPE, _ASSERTION, g
    yield a, _SUBJECT, s, g
    yield a, _PREDICATE, p, g
    yield a, _OBJECT, o, g
    if d is not None:
        yield a, _DERIVED, d, g
    if e.origin == "user":
        yield a, _ATTRIBUTED, USER_AGENT, g
        yield a, _ORIGIN, _USER, g
    if e.evidence:
        yield a, _EVIDENCE, text_literal(e.evidence), g
    yield a, _CONFIDENCE, t.decimal(e.confidence), g
    if e.year is not None:
        yield a, _YEAR, t.integer(e.year), g
    attrs = dict(e.attrs)
    if e.p == "investsIn":
        r = round_iri(e)
        yield a, _FUNDING_ROUND, r, g
        yield r, _TYPE, _FUNDING_ROUND_CLASS, g
        yield r, _INVESTOR, s, g
        yield r, _INVESTEE, o, g
        if d is not None:
            yield r, _DERIVED, d, g
        number = amount_number(attrs)
        if number is not None:
            yield r, _AMOUNT_P, Literal(decimal_lexical(number), datatype=XSD.decimal), g
        attrs.pop("amount_value", None)  # carried by zt:amount, never a term of its own
        for key in ("round", "amount", "currency", "date", "lead"):
            value = attrs.pop(key, None)
            if value is None or value == "":
                continue
            if key == "amount":
                text = clean_text(str(value)).strip()
                if number is None or not _AMOUNT.match(text.replace(",", "")):
                    yield r, _AMOUNT_TEXT, Literal(text), g  # as stated: "10亿美元", "数亿元"
            elif key == "date":
                yield r, _DATE_P, date_literal(value), g
                year = date_year(value)
                if year is not None:
                    yield r, _YEAR, t.integer(year), g
            elif key == "lead":
                lit = _bool(value)
                if lit is not None:
                    yield r, _LEAD, lit, g
            else:
                yield r, t.prop(key), text_literal(str(value), lang=False), g
    for key, value in attrs.items():  # anything else the extractor attached
        if value is None or value == "" or key == "amount_value":
            continue
        yield a, t.prop(key), text_literal(str(value), lang=False), g


def _quads(snapshot: Snapshot, union: bool) -> Iterator[Quad]:
    t = _Terms()
    # --- documents (default graph)
    docs: dict[int, URIRef] = {}
    emitted: set[URIRef] = set()
    for info in snapshot.documents:
        d = docs[info.id] = doc_iri(info)
        if d in emitted:
            continue
        emitted.add(d)
        yield d, _TYPE, ZT.Document, None
        yield d, _TYPE, PROV.Entity, None
        yield d, _LABEL, text_literal(info.title or info.name), None
        yield d, ZT.fileName, text_literal(info.name, lang=False), None
        if info.title:
            yield d, ZT.title, text_literal(info.title), None
        if info.sha256:
            yield d, ZT.sha256, Literal(clean_text(info.sha256)), None
        if info.year is not None:
            yield d, _YEAR, t.integer(info.year), None
    # --- entities (default graph)
    for node in snapshot.nodes.values():
        s = t.iri(node.iri)
        for typ in dict.fromkeys(node.types):
            yield s, _TYPE, t.cls(typ), None
        label = clean_text(node.label)
        yield s, _LABEL, text_literal(label), None
        for alias in dict.fromkeys(clean_text(a) for a in node.aliases):
            if alias and alias != label:
                yield s, _ALT_LABEL, text_literal(alias), None
        for key, value in dict.fromkeys(node.attrs):
            if value is None or value == "":
                continue
            yield s, t.prop(key), text_literal(str(value), lang=False), None
        for doc_id in dict.fromkeys(node.docs):
            d = docs.get(doc_id)
            yield s, _MENTIONED_IN, d if d is not None else doc_iri(doc_id), None
    # --- edges, grouped by graph so that writers can stream graph blocks
    groups: dict[int | None, list[Edge]] = {}
    for e in snapshot.edges:
        groups.setdefault(None if e.origin == "user" or e.doc is None else e.doc, []).append(e)
    seen: set[tuple[str, str, str, str | None]] = set()
    if None in groups:  # user edges last, after the documents' graphs
        groups[None] = groups.pop(None)
    user_agent_done = False
    for doc_id, edges in groups.items():
        if doc_id is None:
            g: URIRef | None = USER_GRAPH
            d = None
        else:
            d = docs.get(doc_id)
            if d is None:
                d = doc_iri(doc_id)
            g = d
        out_g = None if union else g
        for e in edges:
            if doc_id is None and not user_agent_done:
                user_agent_done = True
                yield USER_AGENT, _TYPE, PROV.Agent, out_g
            quads = _edge_quads(e, t, out_g, d)
            direct = next(quads)
            # the same fact stated twice (two sentences, or two documents in the union view)
            key = (direct[0], direct[1], direct[2], out_g)
            if key not in seen:
                seen.add(key)
                yield direct
            yield from quads


def iter_quads(snapshot: Snapshot) -> Iterator[Quad]:
    """Stream the snapshot as ``(s, p, o, graph)`` rdflib terms; no quad is repeated.

    ``graph`` is ``None`` for entity and document descriptions, the document's
    IRI for what it asserts, :data:`USER_GRAPH` for user-added edges.

    >>> from graph.model import Node, Snapshot
    >>> quads = list(iter_quads(Snapshot({"https://zhitu.app/id/x": Node("https://zhitu.app/id/x", "讯飞", ("Company",))}, ())))
    >>> [(p.split("#")[-1], str(o)) for s, p, o, g in quads]
    [('type', 'https://zhitu.app/ontology#Company'), ('label', '讯飞')]
    >>> quads[1][2].language
    'zh'
    """
    return _quads(snapshot, union=False)


def iter_triples(snapshot: Snapshot) -> Iterator[Quad]:
    """The union view of :func:`iter_quads`: every graph set to ``None``, no triple repeated.

    Use this for triple formats (Turtle, N-Triples); its length is what a parser reads back.
    """
    return _quads(snapshot, union=True)


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def build_dataset(snapshot: Snapshot, default_union: bool = True) -> Dataset:
    """An rdflib Dataset: default graph + one named graph per document + the user graph.

    With ``default_union`` (the default) triple patterns and SPARQL outside ``GRAPH``
    see the union of all graphs; ``GRAPH ?doc { ... }`` restricts to what one
    document says. Quads are stored once either way.

    >>> from graph.model import Snapshot
    >>> len(build_dataset(Snapshot({}, ())))
    0
    """
    ds = Dataset(default_union=default_union)
    bind_prefixes(ds)
    graphs: dict[URIRef | None, Graph] = {None: ds.default_graph}
    batch: list[tuple[Any, Any, Any, Graph]] = []
    for s, p, o, g in iter_quads(snapshot):
        ctx = graphs.get(g)
        if ctx is None:
            ctx = graphs[g] = ds.graph(g)
        batch.append((s, p, o, ctx))
        if len(batch) >= 10000:
            ds.addN(batch)
            batch.clear()
    ds.addN(batch)
    return ds


def build_graph(snapshot: Snapshot) -> Graph:
    """One rdflib Graph with every triple (the union of :func:`build_dataset`'s graphs)."""
    graph = bind_prefixes(Graph())
    graph.addN((s, p, o, graph) for s, p, o, _ in iter_triples(snapshot))
    return graph
