"""Materialised entailments: what the vocabulary lets a reasoner add to the documents' graphs.

``rolegraph build --infer rdfs|owlrl`` runs owlrl over the union of the store's graphs (documents
and vocabulary, with the SKOS axioms of ``ontology/inference.ttl``) and stores the triples it
adds in one named graph, ``rgid:graph/inferred``. Simple queries, which read the union, then see
them without knowing the rules:

* ``rdfs``: subclasses and subproperties, domains and ranges (a ``rg:Tool`` is a
  ``schema:SoftwareApplication``; an ``rg:ToolMention`` is an ``rg:Mention`` and a
  ``prov:Entity``; ``skos:broader`` is also ``skos:broaderTransitive``);
* ``owlrl``: those and OWL 2 RL: inverse properties (``rg:toolUsedBy`` for every
  ``rg:usesTool``, ``skos:narrower`` for every ``skos:broader``), transitive and symmetric
  properties (the occupation hierarchy as ``skos:broaderTransitive``, links both ways).

Triples that say nothing about rolegraph's data are left out: statements about the terms of
RDF, RDFS, OWL and XSD themselves, ``rdfs:Resource``/``owl:Thing`` types, a term the same as,
equivalent to, or a subclass or subproperty of itself, and anything about a literal or a blank
node. Literal values go to the reasoner only for properties that have a super-property: labels,
texts and line numbers entail nothing else here, and owlrl's RDFS rules run twenty times slower
with them. The inferred graph is rebuilt after every build with ``--infer`` and dropped by a
build without it, since it would be stale. Off by default: it costs time. On the five seed
documents (12,516 quads stored, 3,105 given to the reasoner) ``rdfs`` adds 1,000 triples in 1.3 s
and ``owlrl`` 1,272 in 3.7 s, to a build of about 13 s.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rolegraph.errors import UsageError
from rolegraph.namespaces import RGID

__all__ = ["INFERRED_GRAPH", "PROFILES", "InferenceReport", "materialise", "drop_inferred"]

#: The named graph that holds the materialised entailments.
INFERRED_GRAPH = RGID["graph/inferred"]
#: The values of ``--infer``.
PROFILES = ("none", "rdfs", "owlrl")

_META = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
         "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")


@dataclass
class InferenceReport:
    """What :func:`materialise` did: the profile, the triples given to the reasoner, the
    triples it added (stored in :data:`INFERRED_GRAPH`) and the seconds it took."""

    profile: str
    asserted: int = 0
    inferred: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: ``inferred 1234 triples (owlrl) from 5678 in 2.1 s``."""
        return f"inferred {self.inferred} triples ({self.profile}) from {self.asserted} in {self.seconds:.1f} s"


def drop_inferred(store) -> bool:
    """Remove the inferred graph from ``store``; ``True`` when there was one."""
    return store.remove_document(str(INFERRED_GRAPH))


def materialise(store, *, profile: str = "owlrl") -> InferenceReport:
    """Compute the entailments of the store's graphs under ``profile`` (``rdfs`` or ``owlrl``)
    and store them in :data:`INFERRED_GRAPH`, replacing what was there.

    ``profile="none"`` drops the inferred graph and returns an empty report.
    """
    if profile not in PROFILES:
        raise UsageError(f"--infer must be one of {', '.join(PROFILES)}, got {profile!r}")
    if profile == "none":
        drop_inferred(store)
        return InferenceReport(profile)
    import owlrl
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    from rolegraph.graph.store import to_rdflib
    from rolegraph.namespaces import RG
    from rolegraph.ontology import resource_text

    started = time.perf_counter()
    triples = []
    for quad in store.oxigraph.quads_for_pattern(None, None, None, None):
        if getattr(quad.graph_name, "value", None) != str(INFERRED_GRAPH):
            triples.append((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    # Literal values (labels, texts, line numbers) entail nothing new about rolegraph's data but
    # make owlrl's RDFS rules 20 times slower; they go in only for properties with a super-property.
    with_super = {s for s, p, _ in triples if p == RDFS.subPropertyOf}
    g = Graph()
    for s, p, o in triples:
        if not isinstance(o, Literal) or p in with_super:
            g.add((s, p, o))
    asserted = set(triples)
    g_input = set(g)
    g.parse(data=resource_text("inference.ttl"), format="turtle")
    semantics = owlrl.RDFS_Semantics if profile == "rdfs" else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)

    noise = {RDFS.Resource, OWL.Thing, RDFS.Class, OWL.Class, RDF.Property, RDFS.Literal, RDFS.Datatype}

    def useful(s, p, o) -> bool:
        if not isinstance(s, URIRef) or isinstance(o, BNode) or isinstance(s, Literal):
            return False
        if str(s).startswith(_META) or (p == RDF.type and (o in noise or str(o).startswith(_META))):
            return False
        if s == o and p in (OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf,
                            RDFS.subPropertyOf):
            return False  # every term is itself
        return not (p == RDF.type and o == RG.Document)  # documents are what their own graphs say

    inferred = [t for t in g if t not in asserted and useful(*t)]
    if inferred:
        store.replace_document(str(INFERRED_GRAPH), inferred)
    else:
        drop_inferred(store)
    return InferenceReport(profile, asserted=len(g_input), inferred=len(inferred),
                           seconds=time.perf_counter() - started)
