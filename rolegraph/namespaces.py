"""The IRIs rolegraph mints and the prefixes it writes.

The vocabulary lives under ``https://w3id.org/rolegraph/ontology#`` (prefix ``rg:``); the things
described by documents (roles, tools, categories, documents ...) under
``https://w3id.org/rolegraph/id/`` (prefix ``rgid:``), one path segment per kind, e.g.
``rgid:category/crm`` or ``rgid:tool/salesforce``.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD

__all__ = ["RG", "RGID", "SDO", "PREFIXES", "bind_prefixes", "concept_iri"]



class _Namespace(Namespace):
    """An rdflib ``Namespace`` that makes the IRI of each attribute once (``RG.Role``).

    rdflib's makes a new ``URIRef`` on every access, which a build does some 400 times a
    document. The term is kept on the namespace, so the next access finds it without a call.
    Items (``RGID["tool/zendesk"]``) are made each time, as before: there is no end to them.
    """

    def __getattr__(self, name: str):
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


RG = _Namespace("https://w3id.org/rolegraph/ontology#")
RGID = _Namespace("https://w3id.org/rolegraph/id/")

#: Prefixes written into every export and accepted in every query.
PREFIXES: dict[str, str] = {
    "rg": str(RG),
    "rgid": str(RGID),
    "skos": str(SKOS),
    "schema": str(SDO),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
}


def bind_prefixes(graph) -> None:
    """Bind rolegraph's prefixes on an rdflib graph or dataset (replacing rdflib's defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def concept_iri(scheme: str, concept_id: str):
    """The IRI of a concept of one of rolegraph's schemes: ``concept_iri("category", "crm")``."""
    return RGID[f"{scheme}/{concept_id}"]
