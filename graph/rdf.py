"""An :class:`~rolegraph.model.Extraction` as RDF: the named graph of one document.

:func:`to_rdf` writes what one document says into a graph whose name is the document's IRI. Every
IRI is minted from the text by a rule, so the same input always gives the same (isomorphic) graph:

========================================  =====================================================
``rgid:doc/{slug}``                        the document and its named graph (:func:`document_iri`)
``rgid:role/{lang}/{slug}``                a role: one per label and language (:func:`role_iri`)
``rgid:skill/{id}``                        a skill the skill scheme knows, in any language
``rgid:skill/{lang}/{slug}``               any other skill
``rgid:responsibility/{lang}/{slug}``      a responsibility
``rgid:practice/{lang}/{slug}``            a best practice
``rgid:tool/{slug}``                       a product, by canonical name (:func:`tool_iri`)
``rgid:doc/{slug}/career/{n}``             step ``n`` (from 1) of the document's career path
``rgid:doc/{slug}/m/{kind}-{n}``           the ``n``-th mention of a kind (role, responsibility,
                                           skill, tool, step, practice) in the document
``rgid:category/{id}`` ...                 concepts of the schemes (``namespaces.concept_iri``)
========================================  =====================================================

Items with a blank label are left out (they cannot be named). Every item has a *mention* (``rg:Mention``; ``rg:ToolMention`` for tools) saying which document,
which line and which words; a tool's category and a responsibility's frequencies are on the mention,
because they are what one document says. Direct edges from the role (``rg:usesTool`` ...) are
written too, for simple queries.

A role is linked to an occupation (``rg:occupation``), and a skill becomes the shared
``rgid:skill/{id}``, when the label sets ``schemes/occupations.yaml`` and ``schemes/skills.yaml``
know the label: equal after :func:`~rolegraph.ontology.normalise`, the document's language first,
then English. Role titles are also compared after reducing every word to its dictionary form with
simplemma, because documents name roles in running text, inflected ("asiakaspalveluedustajana",
*as a customer service representative*). Skill labels are headings in the base form, so they are
not lemmatised: on the seed, example and corpus documents that found no skill that exact matching
missed, and loading a language's lemma dictionary costs 0.7 to 4 seconds. A role whose occupation
``ontology/links.yaml`` links to ESCO also gets that ESCO occupation as its ``skos:closeMatch``,
so a document's graph carries the link on its own.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from rolegraph.namespaces import RG, RGID, SDO, bind_prefixes, concept_iri

__all__ = [
    "slug",
    "role_iri",
    "document_iri",
    "tool_iri",
    "skill_iri",
    "occupation_of",
    "skill_of",
    "to_rdf",
    "statements",
]

#: simplemma's code where it differs from the ISO 639-1 code rolegraph uses.
_LEMMA_LANG = {"no": "nb"}


def slug(text: str) -> str:
    """A path segment for ``text``: NFC, case-folded, runs of non-letters as one ``-``.

    Letters outside ASCII stay (IRIs allow them), so no two languages collide by transliteration.
    Text with no letter or digit gets a short hash instead.

    >>> slug("Asiakaspalvelun Johtaja")
    'asiakaspalvelun-johtaja'
    >>> slug("Dyrektor ds. obsługi klienta")
    'dyrektor-ds-obsługi-klienta'
    """
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).casefold())
    out = re.sub(r"[\W_]+", "-", folded).strip("-")
    if not out:
        out = "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return out


def _lang(lang: str) -> str:
    return slug(lang or "und")


def role_iri(label: str, lang: str) -> URIRef:
    """The IRI of the role named ``label`` in language ``lang``.

    >>> str(role_iri("Kundtjänstteamledare", "sv"))
    'https://w3id.org/rolegraph/id/role/sv/kundtjänstteamledare'
    """
    return RGID[f"role/{_lang(lang)}/{slug(label)}"]


def document_iri(document: str) -> URIRef:
    """The IRI of a document (and of its named graph), from its path as given.

    >>> str(document_iri("seeds/002.txt"))
    'https://w3id.org/rolegraph/id/doc/seeds-002-txt'
    """
    return RGID[f"doc/{slug(document)}"]


_document_iri = document_iri  # to_rdf's keyword argument of the same name hides the function


def tool_iri(name: str) -> URIRef:
    """The IRI of a software product, from its canonical name.

    >>> str(tool_iri("Jira Service Management"))
    'https://w3id.org/rolegraph/id/tool/jira-service-management'
    """
    return RGID[f"tool/{slug(name)}"]


def skill_iri(label: str, lang: str) -> URIRef:
    """The IRI of a skill: the shared ``rgid:skill/{id}`` when the skill scheme knows the label.

    >>> str(skill_iri("Empati", "sv")) == str(skill_iri("Empatia", "pl"))
    True
    """
    known = skill_of(label, lang)
    if known:
        return concept_iri("skill", known)
    return RGID[f"skill/{_lang(lang)}/{slug(label)}"]


def occupation_of(label: str, lang: str) -> str | None:
    """The id of the occupation a role label names, or ``None``.

    >>> occupation_of("Dyrektor obsługi klienta", "pl")
    'customer-service-director'
    """
    return _lookup("occupations", label, lang)


def skill_of(label: str, lang: str) -> str | None:
    """The id of the skill-scheme concept a skill label names, or ``None``.

    >>> skill_of("Problemlösning", "sv")
    'problem-solving'
    """
    return _lookup("skills", label, lang, lemmas=False)


def _lookup(scheme_name: str, label: str, lang: str, *, lemmas: bool = True) -> str | None:
    """Look ``label`` up; a parenthesised part ("Customer service administrator (CSA)") is dropped
    when the whole label is not known."""
    bare = re.sub(r"\s*[(\[][^)\]]*[)\]]", " ", label)
    for candidate in dict.fromkeys([label, bare]):
        found = _lookup_one(scheme_name, candidate, lang, lemmas=lemmas)
        if found:
            return found
    return None


def _lookup_one(scheme_name: str, label: str, lang: str, *, lemmas: bool) -> str | None:
    from rolegraph.ontology import normalise

    key = normalise(label)
    if not key:
        return None
    for code in dict.fromkeys([lang, "en"]):
        exact, _ = _label_index(scheme_name, code, lemmas=False)
        if key in exact:
            return exact[key]
    if not lemmas:
        return None
    for code in dict.fromkeys([lang, "en"]):
        exact, _ = _label_index(scheme_name, code, lemmas=False)
        if not _could_match(key, exact):
            continue  # spares loading a lemma dictionary (seconds) for a hopeless label
        _, by_lemma = _label_index(scheme_name, code, lemmas=True)
        if by_lemma:
            hit = by_lemma.get(_lemma_key(key, code))
            if hit:
                return hit
    return None


@cache
def _label_index(scheme_name: str, lang: str, *, lemmas: bool) -> tuple[dict[str, str], dict[str, str]]:
    """(normalised label -> id, lemmatised label -> id) for one scheme and language."""
    from rolegraph.ontology import normalise, scheme

    exact: dict[str, str] = {}
    for concept in scheme(scheme_name).concepts.values():
        for code in (lang, "*"):
            labels = ([concept.pref[code]] if code in concept.pref else []) + concept.alt.get(code, [])
            for label in labels:
                exact.setdefault(normalise(label), concept.id)
    by_lemma: dict[str, str] = {}
    if lemmas and _lemma_lang(lang):
        for key, cid in exact.items():
            by_lemma.setdefault(_lemma_key(key, lang), cid)
    return exact, by_lemma


def _could_match(key: str, exact: dict[str, str]) -> bool:
    """Whether every word of ``key`` begins like some word of a known label.

    An inflected word and its dictionary form share their first letters ("johtajana", "johtaja"),
    so a label with a word unlike every known word cannot match after lemmatising either.
    """
    starts = _word_starts(tuple(exact))
    return all(word[:_STEM] in starts for word in key.split())


_STEM = 4


@cache
def _word_starts(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word[:_STEM] for key in keys for word in key.split())


def _lemma_lang(lang: str) -> str | None:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    code = _LEMMA_LANG.get(lang, lang)
    return code if code in SUPPORTED_LANGUAGES else None


def _lemma_key(normalised: str, lang: str) -> str:
    import simplemma

    code = _lemma_lang(lang)
    if code is None:
        return normalised
    return " ".join(simplemma.lemmatize(word, lang=code).casefold() for word in normalised.split())


@cache
def _esco_links() -> dict[str, tuple[str, ...]]:
    """occupation id -> the ESCO occupation IRIs ``links.yaml`` links it to."""
    from rolegraph.ontology import links

    out: dict[str, tuple[str, ...]] = {}
    for link in links():
        if link.kind == "occupation":
            out[link.subject] = out.get(link.subject, ()) + (link.target,)
    return out


def _issued(published: str | None) -> Literal | None:
    if not published:
        return None
    text = published.strip()
    try:
        return Literal(date.fromisoformat(text[:10]), datatype=XSD.date)
    except ValueError:
        pass
    try:
        return Literal(datetime.fromisoformat(text).date(), datatype=XSD.date)
    except ValueError:
        return None


def to_rdf(extraction, *, document_iri: URIRef | None = None) -> Graph:
    """The named graph of one document: its ``rg:Document``, role, items and mentions.

    ``document_iri`` defaults to :func:`document_iri` of ``extraction.document``; the graph's
    identifier is that IRI. Nothing is validated here (see ``rolegraph.graph.validate``).
    """
    doc, triples = statements(extraction, document_iri=document_iri)
    g = Graph(identifier=doc)
    bind_prefixes(g)
    add = g.add
    for triple in triples:
        add(triple)
    return g


def statements(extraction, *, document_iri: URIRef | None = None) -> tuple[URIRef, list[tuple]]:
    """What :func:`to_rdf` puts in the graph, without the graph: the document IRI and the
    triples, each once, in the order they were written.

    A build takes these to validation and to the store without making an rdflib graph of them,
    which cost about 4 ms a document (rdflib's default store keeps the graph of every triple).
    """
    from rolegraph.ontology import scheme

    ex = extraction
    doc = document_iri if document_iri is not None else _document_iri(ex.document)
    lang = ex.language or "und"
    written: dict[tuple, None] = {}  # a dict, not a list: a triple written twice is one triple
    TYPE, LABEL = RDF.type, RDFS.label  # rdflib makes these IRIs anew on every access
    texts: dict[str, Literal] = {}  # an item's label is its mention's text too: one Literal
    numbers: dict[int, Literal] = {}

    def add(triple: tuple) -> None:
        written[triple] = None

    def text(value: str) -> Literal:
        try:
            return texts[value]
        except KeyError:
            literal = texts[value] = Literal(value, lang=lang)
            return literal

    def number(value: int) -> Literal:
        try:
            return numbers[value]
        except KeyError:
            literal = numbers[value] = Literal(value)
            return literal

    # -- the document
    add((doc, TYPE, RG.Document))
    add((doc, DCTERMS.language, Literal(lang, datatype=XSD.language)))
    add((doc, RG.sourceFile, Literal(ex.path or ex.document)))
    if ex.content_hash:
        add((doc, RG.contentHash, Literal(ex.content_hash)))
    if ex.title.strip():
        add((doc, DCTERMS.title, text(ex.title)))
    if ex.media_type:
        add((doc, DCTERMS["format"], Literal(ex.media_type)))
    if ex.encoding:
        add((doc, RG.encoding, Literal(ex.encoding)))
    issued = _issued(ex.published)
    if issued is not None:
        add((doc, DCTERMS.issued, issued))
    if ex.url:
        add((doc, SDO.url, Literal(ex.url, datatype=XSD.anyURI)))

    section_ids = set(scheme("sections").concepts)
    sections = sorted((s for s in ex.sections if s.line > 0), key=lambda s: s.line)

    def section_of(line: int) -> URIRef | None:
        kind = None
        for s in sections:
            if s.line > line:
                break
            kind = s.kind
        return concept_iri("section", kind) if kind in section_ids else None

    counters: dict[str, int] = {}

    def mention(kind: str, about: URIRef, words: str, line: int, *, cls=RG.Mention) -> URIRef:
        counters[kind] = counters.get(kind, 0) + 1
        m = URIRef(f"{doc}/m/{kind}-{counters[kind]}")
        add((m, TYPE, cls))
        add((m, RG.document, doc))
        add((m, RG.about, about))
        if words:
            add((m, RG.text, text(words)))
        if line > 0:
            add((m, RG.line, number(line)))
            where = section_of(line)
            if where is not None:
                add((m, RG.section, where))
        if role is not None:
            add((m, RG.role, role))
        return m

    def add_role(label: str, alt_labels=()) -> URIRef:
        node = role_iri(label, lang)
        add((node, TYPE, RG.Role))
        add((node, LABEL, text(label)))
        for alt in alt_labels:
            if alt.strip() and alt != label:
                add((node, SKOS.altLabel, text(alt)))
        occupation = occupation_of(label, lang)
        for alt in alt_labels:
            occupation = occupation or occupation_of(alt, lang)
        if occupation:
            add((node, RG.occupation, concept_iri("occupation", occupation)))
            for target in _esco_links().get(occupation, ()):  # ontology/links.yaml
                add((node, SKOS.closeMatch, URIRef(target)))
        return node

    # -- the role
    role = None
    if ex.role is not None and ex.role.label.strip():
        role = add_role(ex.role.label, ex.role_alt_labels)
        add((doc, RG.describesRole, role))
        mention("role", role, ex.role.label, ex.role.line)

    def items(kind: str, found, node_of, cls, edge) -> None:
        for it in found:
            if not it.label.strip():  # nothing to name the item by
                continue
            node = node_of(it.label)
            add((node, TYPE, cls))
            add((node, LABEL, text(it.label)))
            if role is not None:
                add((role, edge, node))
            m = mention(kind, node, it.label, it.line)
            if it.description.strip():
                add((m, RG.description, text(it.description)))
            if it.group and it.group.strip():
                add((m, RG.group, text(it.group)))
            for freq in it.frequency:
                add((m, RG.frequency, concept_iri("frequency", freq)))

    items("responsibility", ex.responsibilities,
          lambda label: RGID[f"responsibility/{_lang(lang)}/{slug(label)}"],
          RG.Responsibility, RG.hasResponsibility)
    items("skill", ex.skills, lambda label: skill_iri(label, lang), RG.Skill, RG.requiresSkill)
    items("practice", ex.best_practices,
          lambda label: RGID[f"practice/{_lang(lang)}/{slug(label)}"],
          RG.BestPractice, RG.followsPractice)

    # -- tools: one node per product, one mention per (product, category) in this document
    for t in ex.tools:
        if not t.name.strip():
            continue
        tool = tool_iri(t.name)
        add((tool, TYPE, RG.Tool))
        add((tool, LABEL, Literal(t.name)))
        add((tool, RG.catalogued, Literal(bool(t.catalogued))))
        if role is not None:
            add((role, RG.usesTool, tool))
        m = mention("tool", tool, t.mention if t.mention.strip() else t.name, t.line, cls=RG.ToolMention)
        if t.category_id:
            add((m, RG.category, concept_iri("category", t.category_id)))
        if t.category.strip():
            add((m, RG.categoryLabel, text(t.category)))

    # -- the career path
    previous_step = previous_role = None
    for n, step in enumerate((s for s in ex.career_path if s.label.strip()), start=1):
        node = URIRef(f"{doc}/career/{n}")
        add((node, TYPE, RG.CareerStep))
        add((node, LABEL, text(step.label)))
        add((node, RG.position, number(n)))
        if step.level:
            add((node, RG.level, concept_iri("level", step.level)))
        if role is not None:
            add((role, RG.hasCareerStep, node))
        if previous_step is not None:
            add((previous_step, RG.nextStep, node))
        # a step without a job title of its own that is named by one the occupation scheme knows
        # ("Kundtjänstchef") is that role, so career paths meet across documents
        title = step.role if step.role and step.role.strip() else None
        if title is None and occupation_of(step.label, lang):
            title = step.label
        step_role = add_role(title) if title else None
        if step_role is not None:
            add((node, RG.stepRole, step_role))
            if previous_role is not None and previous_role != step_role:
                add((previous_role, RG.leadsTo, step_role))
        m = mention("step", node, step.label, step.line)
        if step.description.strip():
            add((m, RG.description, text(step.description)))
        if step.group and step.group.strip():
            add((m, RG.group, text(step.group)))
        previous_step, previous_role = node, step_role
    return doc, list(written)
