"""Snapshot -> RDF: ontology, graphs, labels, provenance, funding rounds."""

from __future__ import annotations

from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from graph.model import ENTITY_TYPES, PREDICATES, SYMMETRIC, Snapshot
from graph.rdf import USER_GRAPH, build_dataset, build_graph, doc_iri, iter_quads, iter_triples, lang_of
from ontology import ZT, ZTID, load_ontology

E = f"{ZTID}e/"


def test_ontology_declares_the_vocabulary() -> None:
    g = load_ontology()
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    assert g.value(onto, OWL.versionInfo) is not None
    assert {lit.language for lit in g.objects(onto, RDFS.label)} == {"en", "zh"}
    for name in (*ENTITY_TYPES, "Document", "FundingRound"):
        cls = ZT[name]
        assert (cls, RDF.type, OWL.Class) in g, name
        assert {lit.language for lit in g.objects(cls, RDFS.label)} >= {"en", "zh"}, name
        assert g.value(cls, RDFS.comment) is not None, name
    for p in PREDICATES:
        assert (ZT[p], RDF.type, OWL.ObjectProperty) in g, p
        assert g.value(ZT[p], RDFS.domain) is not None and g.value(ZT[p], RDFS.range) is not None, p
        assert ((ZT[p], RDF.type, OWL.SymmetricProperty) in g) == (p in SYMMETRIC), p
    for p in ("round", "amount", "currency", "date", "lead", "investor", "investee"):
        assert (ZT[p], RDFS.domain, ZT.FundingRound) in g, p
    assert (ZT.lead, RDFS.range, XSD.boolean) in g
    assert (ZT.Document, RDFS.subClassOf, PROV.Entity) in g
    # develops: domain is the union Company | ResearchInstitution
    dom = g.value(ZT.develops, RDFS.domain)
    members = set(g.items(g.value(dom, OWL.unionOf)))
    assert members == {ZT.Company, ZT.ResearchInstitution}


def test_entities_in_default_graph_with_language_tags(hostile: Snapshot) -> None:
    quads = list(iter_quads(hostile))
    baidu = URIRef(E + "百度")
    mine = [(p, o) for s, p, o, g in quads if s == baidu and g is None]
    assert (RDF.type, ZT.Company) in mine
    assert (RDFS.label, Literal("百度", lang="zh")) in mine
    assert (SKOS.altLabel, Literal("Baidu", lang="en")) in mine
    assert (ZT.mentionedIn, doc_iri(hostile.documents[0])) in mine
    script = URIRef(E + "script")
    types = {o for s, p, o, g in quads if s == script and p == RDF.type}
    assert types == {ZT.Company, ZT.Investor}
    assert (script, ZT.stockCode, Literal("002230.SZ"), None) in quads
    assert lang_of("Kimi 智能助手") == "zh" and lang_of("DeepSeek-V3") == "en"


def test_assertions_live_in_their_document_graph(hostile: Snapshot) -> None:
    quads = list(iter_quads(hostile))
    d1, d2 = (doc_iri(d) for d in hostile.documents)
    fact = (URIRef(E + "百度"), ZT.develops, URIRef(E + "ernie"))
    assert (*fact, d1) in quads and (*fact, d2) in quads  # stated by both documents
    a = ZTID["assertion/r1"]
    props = {p: o for s, p, o, g in quads if s == a}
    assert all(g == d1 for s, p, o, g in quads if s == a)
    assert props[RDF.type] == ZT.Assertion
    assert (props[RDF.subject], props[RDF.predicate], props[RDF.object]) == fact
    assert props[PROV.wasDerivedFrom] == d1
    assert props[ZT.evidence] == Literal("百度发布文心一言<script>x</script>", lang="zh")
    assert props[ZT.confidence].datatype == XSD.decimal and props[ZT.confidence].toPython() == Decimal("0.9")
    assert props[ZT.year] == Literal(2024)
    # the user's edge sits in the user graph, attributed to the user
    user = [(s, p, o) for s, p, o, g in quads if g == USER_GRAPH]
    assert (URIRef(E + "quote"), ZT.partnersWith, URIRef(E + "百度")) in user
    assert (ZTID["assertion/u1"], PROV.wasAttributedTo, ZTID["agent/user"]) in user
    # documents
    assert (d1, RDF.type, ZT.Document, None) in quads and (d1, RDF.type, PROV.Entity, None) in quads
    assert (d1, ZT.sha256, Literal("a" * 64), None) in quads


def test_invests_in_gets_a_funding_round(hostile: Snapshot) -> None:
    g = build_graph(hostile)
    r = g.value(ZTID["assertion/r2"], ZT.fundingRound)
    assert (r, RDF.type, ZT.FundingRound) in g
    assert g.value(r, ZT.investor) == URIRef(E + "script")
    assert g.value(r, ZT.investee) == URIRef(E + "quote")
    assert str(g.value(r, ZT.round)) == "A轮"
    assert g.value(r, ZT.amount) == Literal("100000000.0", datatype=XSD.decimal)
    assert str(g.value(r, ZT.currency)) == "CNY"
    # OWL 2 has no xsd:date/gYearMonth: the date is an ISO string, the year an integer
    assert g.value(r, ZT.date) == Literal("2024-03")
    assert g.value(r, ZT.year) == Literal(2024)
    assert g.value(r, ZT.lead) == Literal(True)
    # amounts and dates that are not numbers stay as text; 跟投 is lead=false
    r5 = g.value(ZTID["assertion/r5"], ZT.fundingRound)
    assert g.value(r5, ZT.amount) is None and str(g.value(r5, ZT.amountText)) == "数亿元"
    assert g.value(r5, ZT.date) == Literal("去年")
    assert g.value(r5, ZT.lead) == Literal(False)


def test_extracted_amount_is_a_typed_decimal_on_the_round() -> None:
    from graph.model import Edge, Node

    nodes = {E + k: Node(E + k, k, (t,)) for k, t in (("fund", "Investor"), ("co", "Company"))}
    attrs = (("amount", "10亿美元"), ("amount_value", 1e9), ("currency", "USD"), ("date", "2024年3月"))
    snap = Snapshot(nodes, (Edge("r9", E + "fund", "investsIn", E + "co", 0.9, doc=1, attrs=attrs),))
    g = build_graph(snap)
    r = g.value(ZTID["assertion/r9"], ZT.fundingRound)
    amount = g.value(r, ZT.amount)
    assert amount.datatype == XSD.decimal and amount.toPython() == Decimal("1000000000")
    assert g.value(r, ZT.amountText) == Literal("10亿美元")  # as stated, untagged (xsd:string range)
    # zt:amountValue is gone: every term the data uses is in the ontology
    assert not any(str(p).endswith("amountValue") for p in g.predicates())


def test_counts_and_no_blank_nodes(hostile: Snapshot) -> None:
    quads = list(iter_quads(hostile))
    triples = list(iter_triples(hostile))
    assert len(set(quads)) == len(quads)
    assert len({t[:3] for t in triples}) == len(triples)
    assert len(triples) == len(quads) - 1  # the fact stated by two documents
    assert not any(isinstance(x, BNode) for q in quads for x in q)
    ds = build_dataset(hostile)
    assert len(list(ds.quads((None, None, None, None)))) == len(quads)
    assert {str(c.identifier) for c in ds.graphs()} >= {str(doc_iri(d)) for d in hostile.documents} | {
        str(USER_GRAPH)
    }
    assert len(build_graph(hostile)) == len(triples)


def test_empty_snapshot() -> None:
    assert list(iter_quads(Snapshot({}, ()))) == []
    assert len(build_graph(Snapshot({}, ()))) == 0


def test_every_term_used_is_declared_in_the_ontology() -> None:
    from graph.export.synthetic import synthetic_snapshot

    onto = load_ontology()
    declared = set(onto.subjects(RDF.type, None))
    used = set()
    for _s, p, o, _g in iter_quads(synthetic_snapshot(200, 300, seed=5)):
        used.add(p)
        if p == RDF.type:
            used.add(o)
    missing = {str(t) for t in used if str(t).startswith(str(ZT)) and t not in declared}
    assert missing == set()


def test_ontology_stays_inside_owl2_and_declares_what_it_references() -> None:
    """What Protégé needs: OWL 2 datatypes only, and every borrowed term declared."""
    g = load_ontology()
    owl2 = {XSD.string, XSD.decimal, XSD.integer, XSD.boolean, XSD.dateTime, RDFS.Literal, RDF.PlainLiteral}
    for p in g.subjects(RDF.type, OWL.DatatypeProperty):
        rng = g.value(p, RDFS.range)
        assert rng is None or rng in owl2, (p, rng)
    assert not any(isinstance(o, URIRef) and str(o).startswith(str(XSD) + "g") for o in g.objects())
    assert XSD.date not in set(g.objects())
    declared = set(g.subjects(RDF.type, None))
    borrowed = ("https://schema.org/", "http://www.w3.org/ns/org#", "http://purl.org/dc/terms/")
    used = {t for s, p, o in g for t in (s, p, o) if isinstance(t, URIRef) and str(t).startswith(borrowed)}
    assert used and used <= declared, used - declared
    assert g.value(ZT.mentionedIn, RDFS.domain) is None  # not every entity is a prov:Entity
