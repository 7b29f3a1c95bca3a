"""The vocabulary as one RDF graph: the OWL file, every concept scheme as SKOS, the tool catalogue.

The YAML label sets become SKOS this way:

* the scheme ``schemes/NAME.yaml`` is ``rgid:scheme/NAME``, a ``skos:ConceptScheme`` with its
  ``dcterms:title`` per language and ``dcterms:description``;
* each concept is ``rgid:{kind}/{id}`` (``namespaces.concept_iri``; the kind is the scheme's name in
  the singular: ``categories`` -> ``category``), typed ``skos:Concept`` and the class of its scheme
  (``rg:ToolCategory``, ``rg:Frequency`` ...), with ``skos:inScheme``, ``skos:topConceptOf`` (when
  it has no broader concept), ``skos:broader``, ``skos:definition`` (English), ``rg:rank``;
* per language, the first label is ``skos:prefLabel``, the others ``skos:altLabel``, and ``~``
  match stems ``skos:hiddenLabel``, each tagged with its language. Labels listed under ``"*"``
  (every language) are written **without a language tag**: they are language-neutral strings
  (acronyms such as "CRM"), and tagging them ``@en`` would claim an English that is not there;
* an ``esco:`` key becomes ``skos:closeMatch`` to that IRI.

Each catalogue entry is ``rgid:tool/{slug}`` (``graph.rdf.tool_iri``), an ``rg:Tool`` with
``rdfs:label``, ``skos:altLabel`` per alias (untagged: product names are not words of a language),
``rg:defaultCategory``, ``rg:catalogued true``, ``rg:vendor``, ``schema:url`` of its source and
``schema:sameAs`` its Wikidata item.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from rolegraph.namespaces import RG, RGID, SDO, bind_prefixes, concept_iri

__all__ = ["SCHEME_CLASSES", "scheme_kind", "scheme_iri", "vocabulary_graph"]

#: The class of the concepts of each bundled scheme (other schemes' concepts are plain skos:Concept).
SCHEME_CLASSES = {
    "categories": RG.ToolCategory,
    "frequencies": RG.Frequency,
    "levels": RG.CareerLevel,
    "sections": RG.Section,
    "occupations": RG.Occupation,
    "skills": RG.Skill,
}


def scheme_kind(name: str) -> str:
    """The path segment of a scheme's concepts: its name in the singular.

    >>> scheme_kind("frequencies"), scheme_kind("levels")
    ('frequency', 'level')
    """
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") else name


def scheme_iri(name: str) -> URIRef:
    """The IRI of the concept scheme ``schemes/NAME.yaml``: ``rgid:scheme/NAME``."""
    return RGID[f"scheme/{name}"]


def _label(text: str, lang: str) -> Literal:
    return Literal(text) if lang == "*" else Literal(text, lang=lang)


@cache
def vocabulary_graph() -> Graph:
    """The whole vocabulary as one graph, built once and shared: treat it as read-only."""
    from rolegraph.graph.rdf import slug, tool_iri
    from rolegraph.ontology import catalogue, resource_text, scheme, scheme_names

    g = Graph(identifier=URIRef("https://w3id.org/rolegraph/ontology"))
    bind_prefixes(g)
    g.parse(data=resource_text("rolegraph.ttl"), format="turtle")
    for name in scheme_names():
        s = scheme(name)
        kind = scheme_kind(name)
        iri = scheme_iri(name)
        g.add((iri, RDF.type, SKOS.ConceptScheme))
        for lang, title in sorted(s.title.items()):
            g.add((iri, DCTERMS.title, _label(title, lang)))
        if s.description:
            g.add((iri, DCTERMS.description, Literal(s.description, lang="en")))
        cls = SCHEME_CLASSES.get(name)
        for concept in s.concepts.values():
            c = concept_iri(kind, concept.id)
            g.add((c, RDF.type, SKOS.Concept))
            if cls is not None:
                g.add((c, RDF.type, cls))
            g.add((c, SKOS.inScheme, iri))
            g.add((c, SKOS.notation, Literal(concept.id)))
            if concept.broader:
                g.add((c, SKOS.broader, concept_iri(kind, concept.broader)))
            else:
                g.add((c, SKOS.topConceptOf, iri))
                g.add((iri, SKOS.hasTopConcept, c))
            if concept.definition:
                g.add((c, SKOS.definition, Literal(concept.definition, lang="en")))
            if concept.rank is not None:
                g.add((c, RG.rank, Literal(int(concept.rank))))
            for lang, label in concept.pref.items():
                g.add((c, SKOS.prefLabel, _label(label, lang)))
            for lang, labels in concept.alt.items():
                for label in labels:
                    g.add((c, SKOS.altLabel, _label(label, lang)))
            for lang, stems in concept.stems.items():
                for stem in stems:
                    g.add((c, SKOS.hiddenLabel, _label(stem, lang)))
            if concept.extra.get("esco"):
                g.add((c, SKOS.closeMatch, URIRef(str(concept.extra["esco"]))))
    for entry in catalogue().entries:
        t = tool_iri(entry.name)
        g.add((t, RDF.type, RG.Tool))
        g.add((t, RDFS.label, Literal(entry.name)))
        for alias in entry.aliases:
            if slug(alias) != slug(entry.name):
                g.add((t, SKOS.altLabel, Literal(alias)))
        g.add((t, RG.defaultCategory, concept_iri("category", entry.category)))
        g.add((t, RG.catalogued, Literal(True)))
        if entry.vendor:
            g.add((t, RG.vendor, Literal(str(entry.vendor))))
        if entry.source:
            g.add((t, SDO.url, Literal(str(entry.source), datatype=XSD.anyURI)))
        if entry.wikidata:
            qid = str(entry.wikidata)
            g.add((t, SDO.sameAs, URIRef(qid if qid.startswith("http") else f"http://www.wikidata.org/entity/{qid}")))
    return g
