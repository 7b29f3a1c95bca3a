"""SHACL validation: good document graphs conform, broken ones are refused with a plain message.

Each broken graph is a good one with one thing wrong; the test checks that the report names the
document and says what is wrong in words a user understands.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SH

from rolegraph.errors import ShapeViolation
from rolegraph.graph.rdf import document_iri, role_iri, to_rdf
from rolegraph.graph.validate import ValidationReport, check, validate
from rolegraph.model import CareerStep, Extraction, Item, ToolMention
from rolegraph.ontology import scheme
from rolegraph.namespaces import RG, RGID, concept_iri
from test_rdf import lead

DOC = "lead.md"


def refused(graph, *fragments: str) -> ValidationReport:
    report = validate(graph, document=DOC)
    assert not report.conforms
    assert report.results and all(line.startswith(f"{DOC}: ") for line in report.results)
    joined = "\n".join(report.results)
    for fragment in fragments:
        assert fragment in joined, f"{fragment!r} not in:\n{joined}"
    with pytest.raises(ShapeViolation) as caught:
        check(graph, document=DOC)
    assert caught.value.document == DOC and caught.value.results == report.results
    return report


def test_a_good_document_conforms():
    report = validate(to_rdf(lead()), document=DOC)
    assert report.conforms, report.results
    assert report.results == []
    check(to_rdf(lead()), document=DOC)  # does not raise


def test_document_without_role():
    ex = lead()
    ex.role = None
    refused(to_rdf(ex), "does not name the role it describes")


def test_document_with_two_roles():
    g = to_rdf(lead())
    g.add((document_iri(DOC), RG.describesRole, role_iri("Customer service manager", "en")))
    refused(g, "names more than one role")


def test_tool_mention_without_category():
    ex = lead()
    ex.tools = [ToolMention("Zendesk", "Zendesk", "", "", line=15, catalogued=True)]
    report = refused(to_rdf(ex), "must say which category the document files the tool under")
    assert any('"Zendesk"' in line for line in report.results)  # the mention is named by its words


def test_tool_category_not_in_the_scheme():
    ex = lead(freshdesk="telepathy")
    refused(to_rdf(ex), "category/telepathy: This is not a concept of the tool-category scheme")


def test_unknown_frequency():
    ex = lead()
    ex.responsibilities = [Item("Team leadership", line=5, frequency=("fortnightly",))]
    refused(to_rdf(ex), "frequency/fortnightly: This is not a frequency of the frequency scheme")


def test_label_without_language_tag():
    g = to_rdf(lead())
    role = role_iri("Customer service team leader", "en")
    g.remove((role, RDFS.label, None))
    g.add((role, RDFS.label, Literal("Customer service team leader")))
    refused(g, "written as non-empty text with a language tag")


def test_skill_with_blank_label():
    g = to_rdf(lead())
    skill = RGID["skill/en/juggling"]
    g.remove((skill, RDFS.label, None))
    g.add((skill, RDFS.label, Literal("  ", lang="en")))
    refused(g, "must have a name (rdfs:label), written as non-empty text")


def test_career_step_without_level():
    g = to_rdf(lead())
    step = URIRef(f"{document_iri(DOC)}/career/2")
    g.remove((step, RG.level, None))
    refused(g, "A career step must have exactly one level", '"Team leader"')


def test_career_level_not_in_the_scheme():
    g = to_rdf(lead())
    step = URIRef(f"{document_iri(DOC)}/career/2")
    g.set((step, RG.level, concept_iri("level", "galactic")))
    refused(g, "level/galactic: This is not a level of the career-level scheme")


def test_missing_content_hash():
    ex = lead()
    ex.content_hash = ""
    refused(to_rdf(ex), "exactly one content hash")


def test_malformed_content_hash():
    ex = lead()
    ex.content_hash = "md5:1234"
    refused(to_rdf(ex), "sha256: followed by 64 hexadecimal digits")


def test_mention_on_line_zero():
    g = to_rdf(lead())
    (m,) = g.subjects(RG.about, RGID["skill/en/juggling"])
    g.set((m, RG.line, Literal(0)))
    refused(g, "line must be one whole number from 1")


def test_mention_pointing_to_something_that_is_not_a_document():
    g = to_rdf(lead())
    (m,) = g.subjects(RG.about, RGID["practice/en/lead-by-example"])
    g.set((m, RG.document, RGID["doc/elsewhere"]))
    refused(g, "doc/elsewhere: A mention says it stands in this, but it is not a document")


def test_mention_without_document():
    g = to_rdf(lead())
    (m,) = g.subjects(RG.about, RGID["practice/en/lead-by-example"])
    g.remove((m, RG.document, None))
    refused(g, "A mention must stand in exactly one document")


def test_validation_is_fast():
    """Shapes and vocabulary are loaded once; then a document takes milliseconds."""
    g = to_rdf(lead())
    validate(g, document=DOC)  # loads shapes and vocabulary
    times = []
    for _ in range(5):
        start = time.perf_counter()
        validate(g, document=DOC)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.25, times


def _violations(report_graph) -> set[tuple]:
    keys = (SH.focusNode, SH.resultPath, SH.sourceConstraintComponent, SH.value, SH.resultMessage)
    return {tuple(report_graph.value(r, key) for key in keys) for r in report_graph.objects(None, SH.result)}


def test_the_shared_shapes_give_what_pyshacl_validate_gives():
    """validate() runs pySHACL's Validator on shapes parsed once (the targets of each node shape
    moved onto its property shapes), with the data in a SimpleMemory graph and the constraint
    lookups by hash: the same results and messages as pyshacl.validate() on shapes.ttl as written,
    good graphs and broken ones, one for each kind of node (a check that outlives an upgrade of
    pySHACL)."""
    from pyshacl import validate as shacl_validate

    from rolegraph.graph.validate import _data_graph, _shacl, shapes_graph

    good = to_rdf(lead())
    m = next(good.subjects(RDF.type, RG.ToolMention))
    broken = [good]
    for change in (lambda g: g.remove((m, RG.category, None)), lambda g: g.remove((m, RG.document, None)),
                   lambda g: g.add((m, RG.line, Literal(0))), lambda g: g.remove((None, RG.contentHash, None)),
                   lambda g: g.add((document_iri(DOC), RG.describesRole, role_iri("Customer service manager", "en"))),
                   lambda g: g.remove((next(g.subjects(RDF.type, RG.Role)), RDFS.label, None)),
                   lambda g: g.add((next(g.subjects(RDF.type, RG.Skill)), RDFS.label, Literal(" ", lang="en"))),
                   lambda g: g.add((next(g.subjects(RDF.type, RG.Tool)), RG.catalogued, Literal("yes"))),
                   lambda g: g.remove((next(g.subjects(RDF.type, RG.CareerStep)), RG.position, None)),
                   lambda g: g.set((next(g.subjects(RG.group, None)), RG.group, Literal("Analysis")))):
        g = to_rdf(lead())
        change(g)
        broken.append(g)
    for graph in broken:
        conforms, report, _ = _shacl(_data_graph(graph, store="index"))
        expected, expected_report, _ = shacl_validate(_data_graph(graph), shacl_graph=shapes_graph(), inference="none",
                                                      advanced=False, allow_warnings=False, meta_shacl=False)
        assert conforms == expected
        assert _violations(report) == _violations(expected_report)
    assert sum(not _shacl(_data_graph(g, store="index"))[0] for g in broken) == 10


def _mapped(paths):
    from rolegraph.loaders import extract

    out = []
    for path in paths:
        extraction = extract(path)
        out.append((path, extraction, to_rdf(extraction)))
    return out


@pytest.fixture(scope="module")
def seed_graphs(seeds_dir):
    """(path, extraction, graph) of every seed document."""
    return _mapped(sorted(seeds_dir.glob("*.txt")))


@pytest.mark.seeds
def test_seed_documents_conform(seed_graphs):
    assert len(seed_graphs) == 5
    failures = []
    for path, extraction, graph in seed_graphs:
        failures += validate(graph, document=path.name).results
        assert (document_iri(extraction.document), RG.describesRole, None) in graph
        assert len(set(graph.subjects(RDF.type, RG.ToolMention))) == len(extraction.tools)
    assert not failures, "\n".join(failures)


@pytest.mark.seeds
def test_finnish_and_polish_directors_meet_in_one_occupation(seed_graphs):
    """The Finnish and the Polish director are two role nodes linked to one occupation."""
    director = concept_iri("occupation", "customer-service-director")
    roles = {}
    for path, extraction, graph in seed_graphs:
        role = graph.value(document_iri(extraction.document), RG.describesRole)
        if (role, RG.occupation, director) in graph:
            roles[extraction.language] = role
    assert set(roles) >= {"fi", "pl"} and roles["fi"] != roles["pl"]


@pytest.mark.seeds
def test_freshdesk_has_two_categories_in_the_seeds(seed_graphs):
    """The seeds file Freshdesk under help desk and under knowledge base: one tool, both categories."""
    freshdesk = RGID["tool/freshdesk"]
    categories = set()
    for _, _, graph in seed_graphs:
        for mention in graph.subjects(RG.about, freshdesk):
            categories.add(graph.value(mention, RG.category))
    assert categories >= {concept_iri("category", "help-desk"), concept_iri("category", "knowledge-management")}


def test_example_and_corpus_documents_conform():
    """The bundled examples and the unseen-layout corpus, in nine more languages, conform too."""
    repo = Path(__file__).resolve().parent.parent
    paths = sorted(p for folder in ("examples", "tests/corpus") for p in (repo / folder).glob("*.*")
                   if p.suffix in (".txt", ".md"))
    assert len(paths) >= 6
    failures = []
    for path, _, graph in _mapped(paths):
        failures += validate(graph, document=path.name).results
    assert not failures, "\n".join(failures)


# -- any well-formed extraction maps to a conforming, deterministic graph

_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


def _ids(name):
    return sorted(scheme(name).concepts)


@st.composite
def extractions(draw):
    lang = draw(st.sampled_from(["en", "sv", "und"]))  # few languages: each lemma dictionary takes seconds to load
    items = st.builds(
        Item,
        label=_text,
        line=st.integers(0, 500),
        description=st.text(max_size=20),
        group=st.none() | _text,
        frequency=st.lists(st.sampled_from(_ids("frequencies")), max_size=2, unique=True).map(tuple),
    )
    tools = st.builds(
        ToolMention,
        name=_text,
        mention=_text,
        category=st.text(max_size=20),
        category_id=st.sampled_from(_ids("categories")),
        line=st.integers(0, 500),
        catalogued=st.booleans(),
    )
    steps = st.builds(CareerStep, label=_text, level=st.sampled_from(_ids("levels")),
                      line=st.integers(0, 500), role=st.none() | _text)
    return Extraction(
        document=draw(_text),
        path="doc.md",
        language=lang,
        content_hash="sha256:" + "0" * 64,
        role=Item(draw(_text.filter(str.strip)), line=draw(st.integers(0, 50))),
        title=draw(st.text(max_size=30)),
        role_alt_labels=tuple(draw(st.lists(_text, max_size=2))),
        responsibilities=draw(st.lists(items, max_size=4)),
        skills=draw(st.lists(items, max_size=4)),
        tools=draw(st.lists(tools, max_size=4)),
        career_path=draw(st.lists(steps, max_size=3)),
        best_practices=draw(st.lists(items, max_size=2)),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extractions())
def test_any_well_formed_extraction_conforms(extraction):
    graph = to_rdf(extraction)
    report = validate(graph, document="doc.md")
    assert report.conforms, report.results
    assert isomorphic(graph, to_rdf(extraction))


def test_the_vocabulary_itself_conforms():
    """A whole-store export holds the vocabulary too; its skills and tools must pass the shapes."""
    from rolegraph.ontology import vocabulary_graph

    report = validate(vocabulary_graph(), document="vocabulary")
    assert report.conforms, report.results[:5]


def test_group_heading_without_language_tag():
    g = to_rdf(lead())
    (m,) = g.subjects(RG.about, RGID["responsibility/en/reporting"])
    g.set((m, RG.group, Literal("Analysis")))
    refused(g, "A group heading must be text with a language tag")


def test_the_shapes_are_valid_shacl():
    """shapes.ttl itself conforms to SHACL's own shapes (pySHACL's meta-SHACL check)."""
    from pyshacl import validate as shacl_validate

    from rolegraph.graph.validate import shapes_graph

    shacl_validate(to_rdf(lead()), shacl_graph=shapes_graph(), meta_shacl=True)  # raises when invalid
    for shape in shapes_graph().subjects(RDF.type, SH.NodeShape):
        messages = list(shapes_graph().objects(shape, SH.message))
        for prop in shapes_graph().objects(shape, SH.property):
            messages += list(shapes_graph().objects(prop, SH.message))
        assert messages, f"{shape} has no sh:message"


def test_the_triple_index_answers_every_pattern_as_simple_memory():
    """The data graph of validate() keeps its triples in its own index: every triple pattern gets
    the triples rdflib's SimpleMemory store gives, and adding and removing work as there."""
    import itertools

    from rolegraph.graph.validate import _data_graph

    good = to_rdf(lead())
    fast, slow = _data_graph(good, store="index"), _data_graph(good, store="SimpleMemory")
    assert len(fast) == len(slow) > len(good)
    some = list(slow)[::7] + [(RG.nothing, RG.nothing, RG.nothing)]
    for s, p, o in some:
        for keep in itertools.product((True, False), repeat=3):
            pattern = tuple(term if k else None for term, k in zip((s, p, o), keep))
            assert list(fast.triples(pattern)) == list(slow.triples(pattern)), pattern  # in the same order too
    m = next(good.subjects(RDF.type, RG.ToolMention))
    for graph in (fast, slow):
        graph.remove((m, None, None))
        graph.add((m, RG.line, Literal(0)))
    assert set(fast) == set(slow) and (m, RG.line, Literal(0)) in fast and len(fast) == len(slow)
    assert set(fast.triples((None, None, Literal(0)))) == set(slow.triples((None, None, Literal(0)))) == {(m, RG.line, Literal(0))}
    fresh = _data_graph(good, store="index")  # a triple removed before the object-first index is made
    fresh.remove((m, RG.document, None))
    assert set(fresh.triples((None, None, document_iri(DOC)))) == set(slow.triples((None, None, document_iri(DOC))))
