"""The store keeps one named graph per document, replaces them atomically, and exports what it holds.

Every test uses a real pyoxigraph store on disk under ``tmp_path``.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from rolegraph.errors import QueryError, StoreError, UsageError
from rolegraph.graph.export import export
from rolegraph.graph.rdf import to_rdf
from rolegraph.graph.store import VOCABULARY_GRAPH, Store, to_oxigraph, to_rdflib
from rolegraph.model import Extraction, Item, ToolMention
from rolegraph.namespaces import RG, RGID

EX = "https://example.org/"
DOC_A = URIRef(EX + "doc/a")
DOC_B = URIRef(EX + "doc/b")


def graph_of(*labels: str, doc: URIRef = DOC_A) -> Graph:
    """A small document graph: the document and one role per label, plus a blank node."""
    g = Graph(identifier=doc)
    g.add((doc, RDF.type, RG.Document))
    for i, label in enumerate(labels):
        role = URIRef(f"{EX}role/{i}")
        g.add((role, RDF.type, RG.Role))
        g.add((role, RDFS.label, Literal(label, lang="fi")))
        g.add((doc, RG.describesRole, role))
    note = BNode()
    g.add((doc, RDFS.comment, note))
    g.add((note, RDFS.label, Literal(3)))
    return g


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "store") as s:
        yield s


def test_a_document_survives_closing_and_reopening(tmp_path):
    with Store.open(tmp_path / "s") as store:
        store.replace_document(DOC_A, graph_of("Asiakaspalvelun johtaja"))
    with Store.open(tmp_path / "s", create=False) as store:
        assert isomorphic(store.graph(DOC_A), graph_of("Asiakaspalvelun johtaja"))
        assert store.graph_names() == [str(DOC_A)]


def test_replacing_a_document_leaves_nothing_of_the_old_version(store):
    store.replace_document(DOC_A, graph_of("Old title", "Other"))
    store.replace_document(DOC_A, graph_of("New title"))
    assert isomorphic(store.graph(DOC_A), graph_of("New title"))
    labels = store.query("SELECT ?l WHERE { ?r a rg:Role ; rdfs:label ?l }").column("l")
    assert labels == ["New title"]


def test_a_failing_replacement_keeps_the_old_graph(store):
    store.replace_document(DOC_A, graph_of("Version one"))
    broken = graph_of("Version two")
    broken.add((URIRef(EX + "fine"), RDFS.label, Literal("written before the bad triple")))
    broken.add((URIRef(EX + "not an iri"), RDFS.label, Literal("pyoxigraph refuses this subject")))
    with pytest.raises(StoreError, match="cannot store"):
        store.replace_document(DOC_A, broken)
    assert isomorphic(store.graph(DOC_A), graph_of("Version one"))
    assert store.query("ASK { ?s rdfs:label 'written before the bad triple' }").boolean is False


def test_documents_do_not_touch_each_other(store):
    store.replace_document(DOC_A, graph_of("A"))
    store.replace_document(DOC_B, graph_of("B", doc=DOC_B))
    store.replace_document(DOC_A, graph_of("A2"))
    assert isomorphic(store.graph(DOC_B), graph_of("B", doc=DOC_B))
    assert store.remove_document(DOC_A) is True
    assert store.remove_document(DOC_A) is False
    assert store.graph_names() == [str(DOC_B)]


def test_documents_lists_source_hash_language_role_and_size(store):
    extraction = Extraction(
        document="lead.md", path="docs/lead.md", language="sv", content_hash="sha256:" + "1" * 64,
        role=Item("Kundtjänstteamledare", line=1),
        tools=[ToolMention("Zendesk", "Zendesk", "Helpdesk", "help-desk", line=4, catalogued=True)],
    )
    graph = to_rdf(extraction)
    store.replace_document(graph.identifier, graph)
    [info] = store.documents()
    assert info.iri == str(graph.identifier)
    assert (info.source, info.content_hash, info.language, info.role) == (
        "docs/lead.md", "sha256:" + "1" * 64, "sv", "Kundtjänstteamledare")
    assert info.triples == len(graph)


def test_the_union_counts_a_shared_triple_once(store):
    shared = (URIRef(EX + "tool/salesforce"), RDFS.label, Literal("Salesforce"))
    for doc in (DOC_A, DOC_B):
        g = Graph()
        g.add(shared)
        g.add((doc, RDF.type, RG.Document))
        store.replace_document(doc, g)
    assert store.quad_count() == 4
    assert store.triple_count() == 3


def test_vocabulary_is_loaded_once_and_again_when_it_changes(store):
    vocabulary = Graph()
    vocabulary.add((RG.Role, RDFS.label, Literal("Role", lang="en")))
    assert store.ensure_vocabulary(vocabulary) is True
    assert store.ensure_vocabulary(vocabulary) is False
    vocabulary.add((RG.Tool, RDFS.label, Literal("Tool", lang="en")))
    assert store.ensure_vocabulary(vocabulary) is True
    assert str(VOCABULARY_GRAPH) in store.graph_names()
    assert store.documents() == []  # the vocabulary is not a document
    assert (RG.Tool, RDFS.label, Literal("Tool", lang="en")) in store.graph(VOCABULARY_GRAPH)


def test_the_bundled_vocabulary_loads(store):
    assert store.ensure_vocabulary() is True
    assert store.query("ASK { <https://w3id.org/rolegraph/id/category/crm> a skos:Concept }").boolean
    assert store.ensure_vocabulary() is False


def test_select_ask_and_construct(store):
    store.replace_document(DOC_A, graph_of("Tiiminvetäjä"))
    result = store.query("SELECT ?label WHERE { ?r a rg:Role ; rdfs:label ?label }")
    assert result.variables == ["label"]
    assert result.rows == [("Tiiminvetäjä",)]
    assert result.terms == [(Literal("Tiiminvetäjä", lang="fi"),)]
    assert store.query("ASK { ?r a rg:Role }").boolean is True
    built = store.query("CONSTRUCT { ?r rdfs:label ?l } WHERE { ?r a rg:Role ; rdfs:label ?l }")
    assert built.kind == "construct"
    assert built.triples == [(URIRef(EX + "role/0"), RDFS.label, Literal("Tiiminvetäjä", lang="fi"))]


def test_bindings_are_substituted_not_spliced(store):
    store.replace_document(DOC_A, graph_of("A", "B"))
    query = "SELECT ?label ?role WHERE { ?role rdfs:label ?label }"
    assert store.query(query, bindings={"role": URIRef(EX + "role/1")}).column("label") == ["B"]
    hostile = Literal('x" } UNION { ?role ?p ?label } #')
    assert store.query("SELECT ?role ?label WHERE { ?role rdfs:label ?label }", bindings={"label": hostile}).rows == []


def test_a_query_that_does_not_parse_says_where(store):
    with pytest.raises(QueryError, match=r"1:\d+"):
        store.query("SELECT ?s WHERE { ?s ?p }")


def test_a_binding_of_a_variable_not_selected_is_a_query_error(store):
    with pytest.raises(QueryError):
        store.query("SELECT ?label WHERE { ?role rdfs:label ?label }", bindings={"role": URIRef(EX + "x")})


def test_a_second_writer_is_told_the_store_is_in_use(tmp_path):
    with Store.open(tmp_path / "s"):
        with pytest.raises(StoreError, match="in use"):
            Store.open(tmp_path / "s")


def test_opening_a_missing_store_without_create_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        Store.open(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()


def test_terms_cross_between_rdflib_and_pyoxigraph_unchanged():
    for term in (URIRef(EX + "ä"), Literal("Empatia", lang="pl"), Literal(42), Literal("plain"),
                 Literal("2024-10-31", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))):
        assert to_rdflib(to_oxigraph(term)) == term


# --------------------------------------------------------------------------- export


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """Two documents and the vocabulary, shared by the export tests (which only read)."""
    with Store.open(tmp_path_factory.mktemp("export") / "store") as store:
        store.replace_document(DOC_A, graph_of("Asiakaspalvelun johtaja", "Tiiminvetäjä"))
        store.replace_document(DOC_B, graph_of("Tiiminvetäjä", doc=DOC_B))  # role/0 again, another label
        store.ensure_vocabulary()
        yield store


def _union(store) -> Graph:
    g = Graph()
    for quad in store.oxigraph:
        g.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return g


def test_turtle_export_round_trips_to_the_union(filled, tmp_path):
    report = export(filled, format="turtle", output=tmp_path / "graph.ttl")
    assert report.triples == filled.triple_count()
    parsed = list(ox.parse(path=str(tmp_path / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(set(parsed)) == filled.triple_count()
    assert isomorphic(Graph().parse(tmp_path / "graph.ttl", format="turtle"), _union(filled))
    head = (tmp_path / "graph.ttl").read_text(encoding="utf-8")[:2000]
    assert "@prefix rg: <https://w3id.org/rolegraph/ontology#>" in head


def test_n_triples_export_has_one_line_per_distinct_triple(filled, tmp_path):
    report = export(filled, format="nt", output=tmp_path / "graph.nt")
    lines = (tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == report.triples == filled.triple_count()


@pytest.mark.parametrize("fmt, parse_as", [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_dataset_exports_keep_the_named_graphs(filled, tmp_path, fmt, parse_as):
    out = tmp_path / f"graph.{fmt}"
    report = export(filled, format=fmt, output=out)
    assert report.triples == filled.quad_count()
    dataset = Dataset()
    dataset.parse(out, format=parse_as)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {str(DOC_A), str(DOC_B), str(VOCABULARY_GRAPH)}
    assert isomorphic(dataset.graph(DOC_B), filled.graph(DOC_B))


def test_jsonld_export_uses_the_prefixes(filled, tmp_path):
    export(filled, format="jsonld", output=tmp_path / "graph.jsonld")
    data = json.loads((tmp_path / "graph.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["rg"] == str(RG)


def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(store, tmp_path):
    store.replace_document(DOC_A, graph_of("Asiakaspalvelun johtaja"))
    target = tmp_path / "graph.ttl"
    target.write_text("old\n", encoding="utf-8")
    store.close()  # reading a closed store fails in the middle of the export
    with pytest.raises(StoreError):
        export(store, format="turtle", output=target)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["graph.ttl"]


def test_an_unknown_export_format_is_a_usage_error(filled, tmp_path):
    with pytest.raises(UsageError, match="turtle"):
        export(filled, format="rdfxml", output=tmp_path / "x.rdf")


# --------------------------------------------------------------------------- build

LEAD = """\
# What does a Support Team Lead do?

## Responsibilities

- Team leadership: Coach the agents every day.

## Tools

### Help desk software

- Zendesk: tickets and macros.
- Freshdesk: for smaller teams.
"""


def _docs(folder, n=3):
    folder.mkdir()
    for i in range(n):
        (folder / f"lead-{i}.md").write_text(LEAD.replace("Support Team Lead", f"Support Team Lead {i}"), encoding="utf-8")
    return folder


def test_building_with_two_workers_gives_the_same_store_as_one(tmp_path):
    from rolegraph.graph.build import build

    docs = _docs(tmp_path / "docs")
    with Store.open(tmp_path / "one") as one, Store.open(tmp_path / "two") as two:
        first = build([docs], store=one, jobs=1)
        second = build([docs], store=two, jobs=2)
        assert [d.line() for d in first.documents] == [d.line() for d in second.documents]
        assert first.totals == second.totals == {"added": 3, "updated": 0, "unchanged": 0, "refused": 0}
        assert sorted(map(str, one.oxigraph)) == sorted(map(str, two.oxigraph))


def test_force_reads_again_and_an_identical_graph_is_unchanged(tmp_path):
    from rolegraph.graph.build import build

    docs = _docs(tmp_path / "docs", n=1)
    with Store.open(tmp_path / "s") as store:
        build([docs], store=store)
        report = build([docs], store=store, force=True)
        assert report.totals["unchanged"] == 1 and report.documents[0].counts["tools"] == 2  # read again


def test_a_shape_failure_outranks_a_loader_refusal_in_the_exit_code():
    from rolegraph.graph.build import BuildReport, DocumentReport

    ok = DocumentReport("a.md", "added")
    loader = DocumentReport("b.md", "refused", reason="b.md: binary", error="loader")
    shapes = DocumentReport("c.md", "refused", reason="c.md: shape violation", error="shapes")
    assert BuildReport([ok]).exit_code == 0
    assert BuildReport([ok, loader]).exit_code == 3
    assert BuildReport([ok, loader, shapes]).exit_code == 4


def test_a_missing_path_is_a_usage_error(tmp_path):
    from rolegraph.graph.build import build

    with Store.open(None) as store, pytest.raises(UsageError, match="no such file or folder"):
        build([tmp_path / "nothing"], store=store)


def test_a_folder_of_other_files_is_not_taken_for_a_store(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lead.md").write_text("# Lead\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not a store"):
        Store.open(tmp_path / "docs")
    assert [p.name for p in (tmp_path / "docs").iterdir()] == ["lead.md"]


def test_an_export_gets_ordinary_file_permissions(filled, tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        export(filled, format="nt", output=tmp_path / "graph.nt")
    finally:
        os.umask(umask)
    assert (tmp_path / "graph.nt").stat().st_mode & 0o777 == 0o644


_WRITER = """
import sys
from rdflib import Graph, Literal, URIRef
from rolegraph.graph.store import Store

store = Store.open(sys.argv[1])
doc = URIRef("https://example.org/doc/a")
for version in range(1000):
    g = Graph()
    for i in range(3000):
        g.add((URIRef(f"https://example.org/item/{i}"), URIRef("https://example.org/version"), Literal(version)))
    store.replace_document(doc, g)
    print(version, flush=True)
"""


@pytest.mark.slow
def test_a_writer_killed_mid_replacement_leaves_one_whole_version(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "store"
    for delay in (0.3, 0.7, 1.1):
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline()  # the first version is in
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        with Store.open(path) as store:
            rows = store.query(
                "SELECT ?v (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/doc/a> { ?s ?p ?v } } GROUP BY ?v"
            ).rows
        assert len(rows) == 1 and rows[0][1] == 3000, rows  # one version, complete


def test_build_store_in_a_folder_whose_parents_do_not_exist(tmp_path):
    from rolegraph.graph.store import Store

    target = tmp_path / "a" / "b" / "store"
    with Store.open(target) as store:
        assert store.quad_count() == 0
    assert (target / "CURRENT").is_file()


def _lead(i: int, *, path: str, digest: str) -> Graph:
    extraction = Extraction(
        document=f"lead-{i}.md", path=path, language="sv", content_hash=digest,
        role=Item(f"Kundtjänstteamledare {i}", line=1),
        tools=[ToolMention("Zendesk", "Zendesk", "Helpdesk", "help-desk", line=4, catalogued=True)],
    )
    return to_rdf(extraction)


def test_documents_read_from_the_catalogue_are_what_the_store_holds(tmp_path):
    from rolegraph.graph.store import CATALOGUE_FILE

    graphs = [_lead(i, path=f"docs/lead-{i}.md", digest=f"sha256:{i}") for i in range(3)]
    with Store.open(tmp_path / "s") as store:
        for g in graphs:
            store.replace_document(g.identifier, g)
        assert not (tmp_path / "s" / CATALOGUE_FILE).exists()  # a writing session has none on disk
        fresh = store.documents()
    assert (tmp_path / "s" / CATALOGUE_FILE).is_file()  # written when the store is closed
    assert [(d.role, d.triples) for d in fresh] == [(f"Kundtjänstteamledare {i}", len(g)) for i, g in enumerate(graphs)]
    with Store.open(tmp_path / "s") as store:
        assert store.documents() == fresh
        # a document replaced in this session is read again, with its new size
        bigger = _lead(1, path="docs/lead-1.md", digest="sha256:1")
        bigger.add((URIRef(EX + "extra"), RDFS.label, Literal("extra")))
        store.replace_document(bigger.identifier, bigger)
        assert [d.triples for d in store.documents()] == [len(graphs[0]), len(bigger), len(graphs[2])]
        # a graph changed behind the store's back, content hash and all, is read again too
        store.oxigraph.update(f"DELETE WHERE {{ GRAPH <{graphs[2].identifier}> {{ ?d rg:contentHash ?h }} }} ;"
                              f"INSERT DATA {{ GRAPH <{graphs[2].identifier}> {{ <{graphs[2].identifier}> rg:contentHash 'sha256:new' }} }}",
                              prefixes={"rg": str(RG)})
        after = store.documents()
        assert after[2].content_hash == "sha256:new" and after[2].triples == len(graphs[2])
    (tmp_path / "s" / CATALOGUE_FILE).write_text("not json", encoding="utf-8")  # unreadable: read from the store
    with Store.open(tmp_path / "s") as store:
        assert store.documents() == after


def test_a_store_left_without_closing_lists_its_documents_from_the_store(tmp_path):
    """A writer that dies after writing leaves no catalogue behind: the next one reads the store."""
    import subprocess
    import sys

    from rolegraph.graph.store import CATALOGUE_FILE

    graphs = [_lead(i, path=f"docs/lead-{i}.md", digest=f"sha256:{i}") for i in range(2)]
    with Store.open(tmp_path / "s") as store:
        store.replace_document(graphs[0].identifier, graphs[0])
    assert (tmp_path / "s" / CATALOGUE_FILE).is_file()
    script = (
        "import os, sys\n"
        "from rdflib import Graph\n"
        "from rolegraph.graph.store import Store\n"
        "g = Graph().parse(data=sys.stdin.read(), format='turtle')\n"
        f"store = Store.open({str(tmp_path / 's')!r})\n"
        f"store.replace_document({str(graphs[1].identifier)!r}, g)\n"
        "os._exit(0)  # no close()\n"
    )
    subprocess.run([sys.executable, "-c", script], input=graphs[1].serialize(format="turtle"), text=True, check=True)
    assert not (tmp_path / "s" / CATALOGUE_FILE).exists()
    with Store.open(tmp_path / "s") as store:
        assert [(d.content_hash, d.triples) for d in store.documents()] == [("sha256:0", len(graphs[0])),
                                                                              ("sha256:1", len(graphs[1]))]
