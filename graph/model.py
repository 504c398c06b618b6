"""Plain data shared by every stage: blocks in, extractions out, snapshots for views.

Ingestion yields :class:`SourceDocument` (with :class:`Block` units), extraction
yields :class:`DocExtraction`, the store hands views an immutable
:class:`Snapshot` of the effective graph (extracted assertions with user edits
applied). Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ENTITY_TYPES: tuple[str, ...] = (
    "Company",
    "Investor",
    "AIModel",
    "Product",
    "Policy",
    "GovernmentBody",
    "ResearchInstitution",
    "Technology",
    "Person",
)
ORGANISATION_TYPES = frozenset({"Company", "Investor", "GovernmentBody", "ResearchInstitution"})

PREDICATES: tuple[str, ...] = (
    "develops",
    "offers",
    "poweredBy",
    "investsIn",
    "issues",
    "partnersWith",
    "subsidiaryOf",
    "acquires",
    "basedOn",
    "founderOf",
    "competesWith",
)
SYMMETRIC = frozenset({"partnersWith", "competesWith"})

_ORG = ORGANISATION_TYPES
# predicate -> (allowed subject types, allowed object types), from the brief's vocabulary
DOMAIN_RANGE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "develops": (frozenset({"Company", "ResearchInstitution"}), frozenset({"AIModel"})),
    "offers": (frozenset({"Company", "ResearchInstitution"}), frozenset({"Product"})),
    "poweredBy": (frozenset({"Product"}), frozenset({"AIModel"})),
    "investsIn": (frozenset({"Investor", "Company"}), frozenset({"Company"})),
    "issues": (frozenset({"GovernmentBody"}), frozenset({"Policy"})),
    "partnersWith": (_ORG, _ORG),
    "subsidiaryOf": (_ORG, _ORG),
    "acquires": (_ORG, _ORG),
    "basedOn": (frozenset({"AIModel", "Product"}), frozenset({"Technology", "AIModel"})),
    "founderOf": (frozenset({"Person"}), _ORG),
    "competesWith": (_ORG | {"Product"}, _ORG | {"Product"}),
}

# FundingRound qualifiers carried on investsIn
FUNDING_KEYS = ("round", "amount", "currency", "date", "lead")


def allowed(p: str, s_types: set[str] | frozenset[str], o_types: set[str] | frozenset[str]) -> bool:
    """True when some type of the subject and of the object fit the predicate.

    >>> allowed("develops", {"Company"}, {"AIModel"})
    True
    >>> allowed("develops", {"AIModel"}, {"Company"})
    False
    """
    dom, rng = DOMAIN_RANGE[p]
    return bool(dom & set(s_types)) and bool(rng & set(o_types))


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of a document: a prose sentence or a table row.

    ``text`` is what the extractor reads: markup stripped, Traditional folded to
    Simplified, PDF line breaks inside sentences joined. ``original`` is the
    exact slice ``source[start:end]`` of the decoded document, for provenance.
    """

    doc: str
    index: int
    kind: Literal["sentence", "row"]
    text: str
    original: str
    start: int
    end: int
    cells: tuple[str, ...] = ()  # rows: cleaned cell texts, same folding as ``text``
    header: tuple[str, ...] = ()  # rows: the header cells of their table
    table: int = -1  # rows: table number within the document
    paragraph: int = 0  # sentences of one paragraph share it (for 该公司/其)
    section: str = ""  # nearest heading above the block


@dataclass(slots=True)
class SourceDocument:
    name: str  # file name, used as the document's id in JSON output
    text: str  # decoded source text (original script)
    sha256: str  # of the raw bytes
    blocks: list[Block] = field(default_factory=list)
    path: str | None = None
    encoding: str = "utf-8"
    title: str = ""
    year: int | None = None  # publication year, read from the text where it is stated
    media_type: str = "text/plain"


@dataclass(slots=True)
class Mention:
    block: int
    start: int  # offsets in SourceDocument.text
    end: int


@dataclass(slots=True)
class Entity:
    name: str
    types: list[str]  # most specific / primary first
    aliases: set[str] = field(default_factory=set)
    attrs: dict[str, str] = field(default_factory=dict)  # stock_code, parameters, ...
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 1.0  # extractor's belief that this is a real, correctly typed entity

    @property
    def type(self) -> str:
        return self.types[0]


@dataclass(slots=True)
class Relation:
    s: str  # entity name as in DocExtraction.entities
    p: str
    o: str
    confidence: float
    evidence: str  # the sentence or table row (original text)
    doc: str
    block: int = -1
    start: int = 0  # offsets of the evidence in SourceDocument.text
    end: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)  # round, amount, currency, date, lead
    rule: str = ""  # id of the rule that produced it, for debugging and confidence


@dataclass(slots=True)
class DocExtraction:
    doc: SourceDocument
    entities: list[Entity]
    relations: list[Relation]

    def to_json(self) -> dict[str, Any]:
        """The extraction contract of ``zhitu extract --format json`` (one document)."""
        return {
            "doc": self.doc.name,
            "entities": [
                {
                    "name": e.name,
                    "type": e.type,
                    "types": list(e.types),
                    "aliases": sorted(a for a in e.aliases if a != e.name),
                    "confidence": round(e.confidence, 3),
                    **({"attrs": dict(e.attrs)} if e.attrs else {}),
                }
                for e in self.entities
            ],
            "relations": [
                {
                    "s": r.s,
                    "p": r.p,
                    "o": r.o,
                    "confidence": round(r.confidence, 3),
                    "evidence": r.evidence,
                    "start": r.start,
                    "end": r.end,
                    **{k: v for k, v in r.attrs.items() if v not in (None, "")},
                }
                for r in self.relations
            ],
        }


# --- what the store hands to analytics, export and the GUI -----------------


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: int
    name: str
    sha256: str
    path: str | None = None
    title: str = ""
    year: int | None = None
    imported_at: str = ""
    n_blocks: int = 0


@dataclass(frozen=True, slots=True)
class Node:
    iri: str
    label: str
    types: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    docs: tuple[int, ...] = ()  # DocumentInfo.id of documents that mention it

    @property
    def type(self) -> str:
        return self.types[0] if self.types else "Thing"


@dataclass(frozen=True, slots=True)
class Edge:
    id: str  # stable: "r<rowid>" for extracted assertions, "u<rowid>" for user-added
    s: str  # Node.iri
    p: str
    o: str  # Node.iri
    confidence: float
    doc: int | None = None  # DocumentInfo.id; None for user-added edges
    evidence: str = ""
    year: int | None = None  # from the funding date, else the document's year
    attrs: tuple[tuple[str, Any], ...] = ()  # round, amount, currency, date, lead
    origin: Literal["extracted", "user"] = "extracted"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The effective graph at one moment: immutable, safe to hand to another thread."""

    nodes: dict[str, Node]
    edges: tuple[Edge, ...]
    documents: tuple[DocumentInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    iri: str
    label: str
    type: str
    matched: str  # the name or alias that matched
    score: float  # higher is better: exact > prefix > fragment > fuzzy


@dataclass(frozen=True, slots=True)
class ImportResult:
    doc: str
    status: Literal["imported", "replaced", "unchanged", "failed"]
    entities: int = 0
    relations: int = 0
    message: str = ""
