"""The RDF mapping: an Extraction becomes a document's named graph, and the vocabulary is RDF too.

Extractions are built by hand here, so these tests do not depend on a loader.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from rolegraph.graph.rdf import _label_index, document_iri, occupation_of, role_iri, skill_iri, slug, to_rdf
from rolegraph.model import CareerStep, Extraction, Item, Section, ToolMention
from rolegraph.namespaces import RG, RGID, concept_iri
from rolegraph.ontology import normalise, scheme, scheme_names, vocabulary_graph

# a plain Namespace: pytest probes module globals, and rdflib's XSD warns on unknown names
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
HASH = "sha256:" + "ab" * 32


def lead(document="lead.md", *, freshdesk="help-desk", lang="en", role="Customer service team leader"):
    """A small English team-lead document, as a loader would return it."""
    return Extraction(
        document=document,
        path=document,
        language=lang,
        content_hash=HASH,
        role=Item(role, line=1),
        title="What is a customer service team leader?",
        role_alt_labels=("Team lead",),
        published="2024-10-31",
        url="https://example.org/lead",
        responsibilities=[
            Item("Team leadership", line=5, description="Lead the team.", frequency=("daily", "weekly")),
            Item("Reporting", line=6, group="Analysis"),
        ],
        skills=[Item("Empathy", line=10), Item("Juggling", line=11)],
        tools=[
            ToolMention("Freshdesk", "Freshdesk", "Help desk software", freshdesk, line=15, catalogued=True),
            ToolMention("Slack", "Slack", "Communication tools", "communication", line=16, catalogued=True),
        ],
        career_path=[
            CareerStep("Customer service representative", "entry", line=20, role="Customer service representative"),
            CareerStep("Team leader", "mid", line=21, role="Customer service team leader"),
            CareerStep("Customer service manager", "management", line=22, role="Customer service manager"),
        ],
        best_practices=[Item("Lead by example", line=30)],
        sections=[
            Section("responsibilities", "Responsibilities", 4),
            Section("skills", "Skills", 9),
            Section("tools", "Tools", 14),
            Section("career", "Career path", 19),
            Section("best-practices", "Best practices", 29),
        ],
    )


def mentions_about(graph, node):
    return set(graph.subjects(RG.about, node))


def test_role_iri_is_label_and_language():
    assert role_iri("Kundtjänstchef", "sv") == RGID["role/sv/kundtjänstchef"]
    assert role_iri("  Kundtjänst-chef ", "sv") == role_iri("kundtjänst chef", "sv")
    assert role_iri("Kundtjänstchef", "sv") != role_iri("Kundtjänstchef", "no")


def test_document_iri_is_a_slug_of_the_path():
    assert document_iri("seeds/000_x.txt") == RGID["doc/seeds-000-x-txt"]
    assert document_iri("seeds/000_x.txt") == document_iri("seeds/000_x.txt")
    assert slug("!!!").startswith("x-")  # no letters: a stable hash, never an empty segment


def test_document_node():
    g = to_rdf(lead())
    doc = document_iri("lead.md")
    assert g.identifier == doc
    assert (doc, RDF.type, RG.Document) in g
    assert (doc, DCTERMS.language, Literal("en", datatype=XSD.language)) in g
    assert (doc, RG.contentHash, Literal(HASH)) in g
    assert (doc, RG.sourceFile, Literal("lead.md")) in g
    assert (doc, DCTERMS.issued, Literal("2024-10-31", datatype=XSD.date)) in g
    assert (doc, DCTERMS.title, Literal("What is a customer service team leader?", lang="en")) in g
    assert (doc, RG.describesRole, role_iri("Customer service team leader", "en")) in g


def test_role_and_items():
    g = to_rdf(lead())
    role = role_iri("Customer service team leader", "en")
    assert (role, RDF.type, RG.Role) in g
    assert (role, RDFS.label, Literal("Customer service team leader", lang="en")) in g
    assert (role, SKOS.altLabel, Literal("Team lead", lang="en")) in g
    assert (role, RG.occupation, concept_iri("occupation", "customer-service-team-leader")) in g
    leadership = RGID["responsibility/en/team-leadership"]
    assert (role, RG.hasResponsibility, leadership) in g
    assert (role, RG.requiresSkill, concept_iri("skill", "empathy")) in g  # the skill scheme knows it
    assert (role, RG.requiresSkill, RGID["skill/en/juggling"]) in g  # it does not know this one
    assert (role, RG.followsPractice, RGID["practice/en/lead-by-example"]) in g
    (m,) = mentions_about(g, leadership)
    assert set(g.objects(m, RG.frequency)) == {concept_iri("frequency", "daily"), concept_iri("frequency", "weekly")}
    assert (m, RG.line, Literal(5)) in g
    assert (m, RG.document, document_iri("lead.md")) in g
    assert (m, RG.role, role) in g
    assert (m, RG.section, concept_iri("section", "responsibilities")) in g
    assert (m, RG.description, Literal("Lead the team.", lang="en")) in g
    (grouped,) = mentions_about(g, RGID["responsibility/en/reporting"])
    assert (grouped, RG.group, Literal("Analysis", lang="en")) in g


def test_tool_category_belongs_to_the_mention():
    g = to_rdf(lead())
    freshdesk = RGID["tool/freshdesk"]
    assert (freshdesk, RDF.type, RG.Tool) in g
    assert (freshdesk, RG.catalogued, Literal(True)) in g
    assert (role_iri("Customer service team leader", "en"), RG.usesTool, freshdesk) in g
    (m,) = mentions_about(g, freshdesk)
    assert (m, RDF.type, RG.ToolMention) in g
    assert (m, RG.category, concept_iri("category", "help-desk")) in g
    assert (m, RG.categoryLabel, Literal("Help desk software", lang="en")) in g
    assert not list(g.objects(freshdesk, RG.category))


def test_career_path():
    g = to_rdf(lead())
    doc = document_iri("lead.md")
    steps = [URIRef(f"{doc}/career/{n}") for n in (1, 2, 3)]
    assert [g.value(s, RG.position) for s in steps] == [Literal(1), Literal(2), Literal(3)]
    assert (steps[0], RG.nextStep, steps[1]) in g and (steps[1], RG.nextStep, steps[2]) in g
    assert g.value(steps[0], RG.level) == concept_iri("level", "entry")
    rep = role_iri("Customer service representative", "en")
    assert (steps[0], RG.stepRole, rep) in g
    assert (rep, RG.occupation, concept_iri("occupation", "customer-service-representative")) in g
    assert (rep, RG.leadsTo, role_iri("Customer service team leader", "en")) in g
    assert (role_iri("Customer service team leader", "en"), RG.leadsTo, role_iri("Customer service manager", "en")) in g


def test_same_input_gives_isomorphic_graphs():
    assert isomorphic(to_rdf(lead()), to_rdf(lead()))


def test_lines_of_zero_are_left_out():
    ex = lead()
    ex.skills = [Item("Empathy", line=0)]
    g = to_rdf(ex)
    (m,) = mentions_about(g, concept_iri("skill", "empathy"))
    assert g.value(m, RG.line) is None


def test_freshdesk_has_two_categories():
    """Two documents file Freshdesk differently: one tool node, two mentions, both categories."""
    union = Graph()
    for name, category in (("a.md", "help-desk"), ("b.md", "knowledge-management")):
        union += to_rdf(lead(name, freshdesk=category))
    rows = union.query(
        """SELECT ?tool ?doc ?category WHERE {
             ?m a rg:ToolMention ; rg:about ?tool ; rg:document ?doc ; rg:category ?category .
             ?tool rdfs:label "Freshdesk" }""",
        initNs={"rg": RG, "rdfs": RDFS},
    )
    found = {(str(r.doc), str(r.category)) for r in rows}
    assert {str(r.tool) for r in rows} == {str(RGID["tool/freshdesk"])}
    assert found == {
        (str(document_iri("a.md")), str(concept_iri("category", "help-desk"))),
        (str(document_iri("b.md")), str(concept_iri("category", "knowledge-management"))),
    }


def test_same_skill_in_two_languages_is_one_node():
    assert skill_iri("Empati", "sv") == skill_iri("Empatia", "pl") == concept_iri("skill", "empathy")
    assert skill_iri("Rozwiązywanie konfliktów", "pl") == skill_iri("Konflikthantering", "sv")
    assert skill_iri("Żonglerka", "pl") == RGID["skill/pl/żonglerka"]


def test_finnish_and_polish_directors_are_two_roles_of_one_occupation():
    fi = to_rdf(lead("fi.txt", lang="fi", role="Asiakaspalvelun johtaja"))
    pl = to_rdf(lead("pl.txt", lang="pl", role="Dyrektor obsługi klienta"))
    fi_role, pl_role = role_iri("Asiakaspalvelun johtaja", "fi"), role_iri("Dyrektor obsługi klienta", "pl")
    assert fi_role != pl_role
    director = concept_iri("occupation", "customer-service-director")
    assert (fi_role, RG.occupation, director) in fi
    assert (pl_role, RG.occupation, director) in pl


def test_inflected_titles_match_after_lemmatising():
    """Exact matching misses inflected titles; reducing each word to its lemma finds them."""
    cases = [
        ("Asiakaspalvelun johtajan", "fi", "customer-service-director"),  # genitive
        ("Dyrektora obsługi klienta", "pl", "customer-service-director"),  # genitive
        ("Klientu apkalpošanas vadītāja", "lv", "customer-service-manager"),  # genitive
    ]
    for label, lang, expected in cases:
        exact, _ = _label_index("occupations", lang, lemmas=False)
        assert normalise(label) not in exact
        assert occupation_of(label, lang) == expected, label


def test_english_titles_match_in_other_languages():
    assert occupation_of("Customer Success Manager", "de") == "customer-success-manager"
    assert occupation_of("Kundenservice-Direktor", "de") == "customer-service-director"
    assert occupation_of("Vice President of Customer Experience", "sv") == "vp-customer-experience"


# -- the vocabulary

def test_every_class_and_property_is_labelled_and_explained():
    g = vocabulary_graph()
    terms = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        terms |= {t for t in g.subjects(RDF.type, kind) if str(t).startswith(str(RG))}
    assert len(terms) > 40
    for term in terms:
        assert g.value(term, RDFS.label, any=True), f"{term} has no rdfs:label"
        comment = g.value(term, RDFS.comment, any=True)
        assert comment and len(str(comment)) > 15, f"{term} has no rdfs:comment"


def test_every_term_used_by_the_mapping_is_declared():
    g = vocabulary_graph()
    used = {p for p in to_rdf(lead()).predicates() if str(p).startswith(str(RG))}
    used |= {o for o in to_rdf(lead()).objects(None, RDF.type) if str(o).startswith(str(RG))}
    declared = {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(RG))}
    assert used <= declared, used - declared


def test_every_concept_has_an_english_preferred_label():
    g = vocabulary_graph()
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= sum(len(scheme(n).concepts) for n in scheme_names())
    for concept in concepts:
        english = [l for l in g.objects(concept, SKOS.prefLabel) if l.language == "en"]
        assert len(english) == 1, f"{concept}: {english}"
        assert g.value(concept, SKOS.inScheme) is not None


def test_scheme_concepts_are_typed_by_their_scheme():
    g = vocabulary_graph()
    assert (concept_iri("category", "crm"), RDF.type, RG.ToolCategory) in g
    assert (concept_iri("frequency", "daily"), RDF.type, RG.Frequency) in g
    assert (concept_iri("level", "entry"), RDF.type, RG.CareerLevel) in g
    assert (concept_iri("occupation", "customer-service-director"), RDF.type, RG.Occupation) in g
    assert (concept_iri("skill", "empathy"), RDF.type, RG.Skill) in g
    assert (concept_iri("occupation", "customer-service-director"), SKOS.prefLabel,
            Literal("Dyrektor obsługi klienta", lang="pl")) in g


def test_labels_for_every_language_are_untagged():
    """Labels listed under "*" are language-neutral strings: written without a language tag."""
    g = vocabulary_graph()
    checked = 0
    for name in scheme_names():
        kind = name[:-3] + "y" if name.endswith("ies") else name.rstrip("s")
        for concept in scheme(name).concepts.values():
            if "*" in concept.pref:
                assert (concept_iri(kind, concept.id), SKOS.prefLabel, Literal(concept.pref["*"])) in g
                checked += 1
    assert checked, "no scheme has a '*' label to check"


def test_no_label_names_two_occupations_or_skills():
    for name in ("occupations", "skills"):
        owners: dict[tuple[str, str], set[str]] = {}
        for concept in scheme(name).concepts.values():
            for lang, pref in concept.pref.items():
                for label in [pref, *concept.alt.get(lang, [])]:
                    owners.setdefault((lang, normalise(label)), set()).add(concept.id)
        clashes = {k: v for k, v in owners.items() if len(v) > 1}
        assert not clashes, f"{name}: {clashes}"


def test_catalogue_tools_are_in_the_vocabulary():
    from rolegraph.ontology import catalogue

    g = vocabulary_graph()
    categories = set(scheme("categories").concepts)
    for entry in catalogue().entries:
        tool = RGID[f"tool/{slug(entry.name)}"]
        assert (tool, RDF.type, RG.Tool) in g
        assert (tool, RG.catalogued, Literal(True)) in g
        assert entry.category in categories, f"{entry.name}: unknown category {entry.category}"
        assert (tool, RG.defaultCategory, concept_iri("category", entry.category)) in g


def test_vocabulary_readme_covers_every_term():
    """ontology/README.md is generated (python -m rolegraph.ontology._rdf); it must describe every term."""
    from rdflib import Graph
    from rdflib.namespace import SH

    from rolegraph.ontology import resource_text
    from rolegraph.ontology._rdf import _curie

    readme = (Path(__file__).resolve().parent.parent / "ontology" / "README.md").read_text(encoding="utf-8")
    g = vocabulary_graph()
    terms = {t for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for t in g.subjects(RDF.type, k)
             if str(t).startswith(str(RG))}
    missing = [_curie(t) for t in terms if f"`{_curie(t)}`" not in readme]
    missing += [f"scheme {n}" for n in scheme_names() if f"### `{n}`" not in readme]
    shapes = Graph().parse(data=resource_text("shapes.ttl"), format="turtle")
    missing += [str(s) for s in shapes.subjects(RDF.type, SH.NodeShape) if str(s).rsplit("#", 1)[-1] not in readme]
    assert not missing, f"regenerate ontology/README.md (python -m rolegraph.ontology._rdf): missing {missing}"



def test_a_parenthesised_part_does_not_hide_a_known_label():
    assert occupation_of("Customer service administrator (CSA)", "en") == "customer-service-administrator"
    assert skill_iri("Empati (förståelse för kunden)", "sv") == concept_iri("skill", "empathy")
    assert occupation_of("Quantum plumber (CSA)", "en") is None


def test_a_step_named_by_a_known_title_is_that_role():
    """Career paths meet across documents: a step titled "Kundtjänstchef" is the role Kundtjänstchef."""
    ex = lead(lang="sv", role="Kundtjänstteamledare")
    ex.career_path = [CareerStep("Ingångsroller", "entry", line=20), CareerStep("Kundtjänstchef", "management", line=21)]
    g = to_rdf(ex)
    doc = document_iri("lead.md")
    assert g.value(URIRef(f"{doc}/career/1"), RG.stepRole) is None  # a level, not a job title
    chef = role_iri("Kundtjänstchef", "sv")
    assert g.value(URIRef(f"{doc}/career/2"), RG.stepRole) == chef
    assert (chef, RG.occupation, concept_iri("occupation", "customer-service-manager")) in g


def test_broader_concepts_exist():
    for name in scheme_names():
        concepts = scheme(name).concepts
        for concept in concepts.values():
            assert concept.broader is None or concept.broader in concepts, f"{name}/{concept.id}: {concept.broader}"


def _clear_vocabulary_caches():
    from rolegraph.graph import rdf, validate
    from rolegraph.ontology import _rdf, scheme

    for cached in (scheme, rdf._label_index, rdf._word_starts, _rdf.vocabulary_graph, validate._vocabulary_types):
        cached.cache_clear()


def test_adding_a_language_is_adding_labels(tmp_path, monkeypatch):
    """A Romanian title links to its occupation once a user folder gives the label; no code."""
    from rolegraph.graph.validate import validate

    (tmp_path / "schemes").mkdir()
    (tmp_path / "schemes" / "occupations.yaml").write_text(
        "concepts:\n  customer-service-manager:\n    labels:\n      ro: [Manager de servicii pentru clienți]\n",
        encoding="utf-8",
    )
    assert occupation_of("Manager de servicii pentru clienți", "ro") is None
    monkeypatch.setenv("ROLEGRAPH_VOCAB", str(tmp_path))
    _clear_vocabulary_caches()
    try:
        assert occupation_of("Manager de servicii pentru clienți", "ro") == "customer-service-manager"
        manager = concept_iri("occupation", "customer-service-manager")
        assert (manager, SKOS.prefLabel, Literal("Manager de servicii pentru clienți", lang="ro")) in vocabulary_graph()
        g = to_rdf(lead("ro.md", lang="ro", role="Manager de servicii pentru clienți"))
        assert (role_iri("Manager de servicii pentru clienți", "ro"), RG.occupation, manager) in g
        assert validate(g, document="ro.md").conforms
    finally:
        monkeypatch.delenv("ROLEGRAPH_VOCAB")
        _clear_vocabulary_caches()
