"""Zhitu's RDF vocabulary: the namespaces and the OWL ontology in Turtle."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Namespace

ZT = Namespace("https://zhitu.app/ontology#")  # classes and properties
ZTID = Namespace("https://zhitu.app/id/")  # entities, documents, rounds, assertions
SCHEMA = Namespace("https://schema.org/")

ONTOLOGY_FILE = Path(__file__).resolve().parent / "zhitu.ttl"


def load_ontology() -> Graph:
    """Parse ``zhitu.ttl`` into a fresh rdflib Graph.

    >>> from rdflib import OWL, RDF
    >>> g = load_ontology()
    >>> (ZT.partnersWith, RDF.type, OWL.SymmetricProperty) in g
    True
    """
    return Graph().parse(ONTOLOGY_FILE, format="turtle")
