"""Zhitu's RDF vocabulary: the namespaces and the OWL ontology in Turtle."""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace

ZT = Namespace("https://zhitu.app/ontology#")  # classes and properties
ZTID = Namespace("https://zhitu.app/id/")  # entities, documents, rounds, assertions
SCHEMA = Namespace("https://schema.org/")

ONTOLOGY_FILE = Path(__file__).resolve().parent / "zhitu.ttl"
