"""The vocabulary as one RDF graph: the OWL file, every concept scheme as SKOS, the tool catalogue.

The YAML label sets become SKOS this way:

* the scheme ``schemes/NAME.yaml`` is ``rgid:scheme/NAME``, a ``skos:ConceptScheme`` with its
  ``dcterms:title`` per language and ``dcterms:description``;
* each concept is ``rgid:{kind}/{id}`` (``namespaces.concept_iri``; the kind is the scheme's name in
  the singular: ``categories`` -> ``category``), typed ``skos:Concept`` and the class of its scheme
  (``rg:ToolCategory``, ``rg:Frequency`` ...), with ``skos:inScheme``, ``skos:topConceptOf`` (when
  it has no broader concept), ``skos:broader``, ``skos:definition`` (English), ``rg:rank``;
* per language, the first label is ``skos:prefLabel`` (and ``rdfs:label``), the others ``skos:altLabel``, and ``~``
  match stems ``skos:hiddenLabel``, each tagged with its language. Labels listed under ``"*"``
  (every language) are written **without a language tag**: they are language-neutral strings
  (acronyms such as "CRM"), and tagging them ``@en`` would claim an English that is not there;
* an ``esco:`` key becomes ``skos:closeMatch`` to that IRI.

The links of ``links.yaml`` (:func:`rolegraph.ontology.links`): an occupation's ESCO occupation
is its ``skos:closeMatch``; a catalogued tool's Wikidata item its ``skos:exactMatch`` (the
product) or ``skos:closeMatch`` (the company of that name). The target carries the labels it was
read with (``rdfs:label``) and ``dcterms:source``, the page it was read from.

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

__all__ = ["SCHEME_CLASSES", "scheme_kind", "scheme_iri", "vocabulary_graph", "reference_markdown"]

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
                if lang != "*":  # rdfs:label too, so that one property names everything
                    g.add((c, RDFS.label, _label(label, lang)))
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
    _add_links(g)
    return g


def _add_links(g: Graph) -> None:
    from rolegraph.graph.rdf import tool_iri
    from rolegraph.ontology import links

    for link in links():
        subject = concept_iri("occupation", link.subject) if link.kind == "occupation" else tool_iri(link.subject)
        target = URIRef(link.target)
        g.add((subject, SKOS.exactMatch if link.match == "exact" else SKOS.closeMatch, target))
        g.add((target, DCTERMS.source, URIRef(link.source)))
        for lang, label in link.labels:
            g.add((target, RDFS.label, _label(label, lang)))


def _curie(term) -> str:
    from rolegraph.namespaces import PREFIXES

    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    for prefix, ns in (("foaf", "http://xmlns.com/foaf/0.1/"),):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


def _en(graph: Graph, node, prop) -> str:
    values = sorted(graph.objects(node, prop), key=lambda v: (getattr(v, "language", None) != "en", str(v)))
    return " ".join(str(values[0]).split()) if values else ""


def reference_markdown() -> str:
    """``ontology/README.md``: every namespace, class, property, concept scheme and shape, in words.

    Regenerate the file with ``python -m rolegraph.ontology._rdf > ontology/README.md``.
    """
    from rdflib.namespace import OWL, SH

    from rolegraph.namespaces import PREFIXES
    from rolegraph.ontology import resource_text, scheme, scheme_names

    g = vocabulary_graph()
    out = [
        "# The rolegraph vocabulary",
        "",
        "The classes, properties, concept schemes and SHACL shapes of rolegraph's graph. This file is",
        "generated from `rolegraph.ttl`, `schemes/*.yaml` and `shapes.ttl` by",
        "`python -m rolegraph.ontology._rdf > ontology/README.md`; a test checks that it covers them.",
        "",
        "## Namespaces and prefixes",
        "",
        "| prefix | namespace |",
        "| --- | --- |",
    ]
    out += [f"| `{p}:` | `{ns}` |" for p, ns in PREFIXES.items()]
    out += [
        "",
        "Vocabulary terms live under `rg:`; the things documents describe under `rgid:`, one path",
        "segment per kind. Every IRI is minted from the text by a rule, so the same document always",
        "gives the same graph:",
        "",
        "| IRI | what |",
        "| --- | --- |",
        "| `rgid:doc/{slug}` | a document, and the name of its named graph (slug of the path as given) |",
        "| `rgid:role/{lang}/{slug}` | a role: one per label and language |",
        "| `rgid:occupation/{id}` | an occupation of the occupation scheme (roles in any language link to it) |",
        "| `rgid:skill/{id}` | a skill the skill scheme knows, shared by every language |",
        "| `rgid:skill/{lang}/{slug}` | any other skill |",
        "| `rgid:responsibility/{lang}/{slug}` | a responsibility |",
        "| `rgid:practice/{lang}/{slug}` | a best practice |",
        "| `rgid:tool/{slug}` | a software product, by canonical name |",
        "| `rgid:doc/{slug}/career/{n}` | step `n` (from 1) of a document's career path |",
        "| `rgid:doc/{slug}/m/{kind}-{n}` | the `n`-th mention of a kind (`role`, `responsibility`, `skill`, `tool`, `step`, `practice`) |",
        "| `rgid:scheme/{name}` | the concept scheme `schemes/{name}.yaml` |",
        "| `rgid:{kind}/{id}` | a concept; `kind` is the scheme's name in the singular (`rgid:category/crm`) |",
        "",
        "Slugs are the text Unicode-normalised (NFC), case-folded, with every run of non-letters as one",
        "`-`; letters outside ASCII stay.",
        "",
        "## Decisions",
        "",
        "- **A tool's category belongs to the mention.** Documents disagree (one files Freshdesk under",
        "  help desk, another under knowledge base), so `rg:category` is on the `rg:ToolMention`; the",
        "  catalogue's usual category is `rg:defaultCategory` on the `rg:Tool`.",
        "- **Every statement has a mention** (`rg:Mention`): document, line, words as written, the item,",
        "  the role, the section; responsibilities' `rg:frequency` and items' `rg:group` are on it too.",
        "  Direct edges (`rg:usesTool`, `rg:requiresSkill` ...) are written as well, for simple queries.",
        "- `rg:line` is 1 or more; a statement with no single line has no `rg:line` (never 0).",
        "- `dcterms:language` is a literal typed `xsd:language` (`\"fi\"^^xsd:language`).",
        "- `dcterms:issued` is an `xsd:date`, written only when the document's date is known.",
        "- `rg:Skill` is a `schema:DefinedTerm`; skills the skill scheme knows are also `skos:Concept`s.",
        "- Scheme labels: per language the first is `skos:prefLabel`, the others `skos:altLabel`, `~` match",
        "  stems `skos:hiddenLabel`, all tagged with their language. Labels under `\"*\"` (every",
        "  language) are written without a language tag: they are language-neutral strings such as",
        "  \"CRM\", and tagging them `@en` would claim an English that is not there.",
        "- Product names (`rdfs:label` of an `rg:Tool`) carry no language tag; everything a document",
        "  writes in its language does.",
        "- Roles and skills are aligned across languages when the label sets know the label: equal after",
        "  normalising, the document's language first, then English. Role titles are also compared after",
        "  reducing each word to its dictionary form (simplemma), since running text inflects them.",
        "",
        "## Classes",
        "",
    ]
    classes = sorted((c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(str(RG))), key=str)
    for cls in classes:
        supers = ", ".join(f"`{_curie(s)}`" for s in sorted(g.objects(cls, RDFS.subClassOf), key=str))
        out.append(f"### `{_curie(cls)}` ({_en(g, cls, RDFS.label)})")
        out.append("")
        if supers:
            out.append(f"Subclass of {supers}.")
            out.append("")
        out.append(_en(g, cls, RDFS.comment))
        out.append("")
    out += ["## Properties", "", "| property | kind | domain | range | meaning |", "| --- | --- | --- | --- | --- |"]
    props = sorted(
        (p for k in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in g.subjects(RDF.type, k)
         if str(p).startswith(str(RG))),
        key=str,
    )
    for p in dict.fromkeys(props):
        kind = "object" if (p, RDF.type, OWL.ObjectProperty) in g else "literal"
        if (p, RDF.type, OWL.FunctionalProperty) in g:
            kind += ", one value"
        domain = g.value(p, RDFS.domain)
        rng = g.value(p, RDFS.range)
        meaning = _en(g, p, RDFS.comment)
        inverse = g.value(p, OWL.inverseOf)
        if inverse is not None:
            meaning += f" Inverse of `{_curie(inverse)}`."
        out.append(
            f"| `{_curie(p)}` | {kind} | {f'`{_curie(domain)}`' if domain else 'any'} | "
            f"{f'`{_curie(rng)}`' if rng else 'any'} | {meaning} |"
        )
    out += ["", "## Concept schemes", ""]
    for name in scheme_names():
        s = scheme(name)
        cls = SCHEME_CLASSES.get(name, SKOS.Concept)
        langs = sorted({lang for c in s.concepts.values() for lang in c.pref if lang != "*"})
        out.append(f"### `{name}`: {s.title.get('en', name)}")
        out.append("")
        out.append(
            f"`rgid:scheme/{name}`, concepts `rgid:{scheme_kind(name)}/{{id}}` typed `{_curie(cls)}`. "
            f"{s.description} Labels in: {', '.join(langs)}."
        )
        out.append("")
        out.append("| id | English label | definition |")
        out.append("| --- | --- | --- |")
        for concept in s.concepts.values():
            definition = " ".join(concept.definition.split())
            out.append(f"| `{concept.id}` | {concept.pref.get('en', concept.label())} | {definition} |")
        out.append("")
    out += ["## Shapes (`shapes.ttl`)", "", "What a document's graph must satisfy before it enters the store,",
            "with the message a user sees when it does not.", ""]
    shapes = Graph().parse(data=resource_text("shapes.ttl"), format="turtle")
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape), key=str):
        targets = [f"`{_curie(t)}`" for t in sorted(shapes.objects(shape, SH.targetClass), key=str)]
        targets += [f"objects of `{_curie(t)}`" for t in sorted(shapes.objects(shape, SH.targetObjectsOf), key=str)]
        targets += [f"subjects of `{_curie(t)}`" for t in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str)]
        out.append(f"### `{str(shape).rsplit('#', 1)[-1]}` (for {', '.join(targets)})")
        out.append("")
        out.append(_en(shapes, shape, RDFS.comment))
        out.append("")
        if shapes.value(shape, SH.message) is not None:
            out.append(f"- {_en(shapes, shape, SH.message)}")
        for prop in sorted(shapes.objects(shape, SH.property), key=lambda b: (str(shapes.value(b, SH.path)), _en(shapes, b, SH.message))):
            out.append(f"- `{_curie(shapes.value(prop, SH.path))}`: {_en(shapes, prop, SH.message)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference_markdown())
