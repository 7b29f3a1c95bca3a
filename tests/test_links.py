"""Links to ESCO and Wikidata (ontology/links.yaml), the unlinked query, and one question asked of
documents in six formats and four languages: which tools serve the customer service manager?"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, SKOS

from rolegraph.ontology import catalogue, links, scheme, vocabulary_graph

CORPUS = Path(__file__).parent / "corpus"
MANAGER_TOOLS = {
    ("Calabrio", "workforce-management"), ("Freshdesk", "help-desk"), ("HubSpot", "crm"),
    ("Microsoft Teams", "communication"), ("NICE CXone", "workforce-management"), ("Salesforce", "crm"),
    ("Slack", "communication"), ("Zendesk", "help-desk"),
}


def test_every_link_names_a_known_subject_a_well_formed_target_and_its_source():
    found = links()
    assert found, "links.yaml holds no links"
    occupations = scheme("occupations").concepts
    for link in found:
        assert link.source.startswith("https://"), link
        if link.kind == "occupation":
            assert link.subject in occupations, link.subject
            assert re.fullmatch(r"http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}", link.target), link.target
            assert link.target in link.source and link.match == "close"  # ESCO occupations are cut differently
        else:
            entry = catalogue().lookup(link.subject)
            assert entry is not None and entry.name == link.subject, link.subject
            qid = re.fullmatch(r"http://www\.wikidata\.org/entity/(Q\d+)", link.target)
            assert qid and link.source == f"https://www.wikidata.org/wiki/{qid.group(1)}", link
        assert link.evidence, f"{link.subject}: say how the identifier was confirmed"


def test_links_are_in_the_vocabulary_graph():
    g = vocabulary_graph()
    manager = URIRef("https://w3id.org/rolegraph/id/occupation/customer-service-manager")
    esco = URIRef("http://data.europa.eu/esco/occupation/f5166c6b-3467-4fc4-9343-d12e870d9def")
    assert (manager, SKOS.closeMatch, esco) in g
    assert (esco, DCTERMS.source, None) in g
    slack = URIRef("https://w3id.org/rolegraph/id/tool/slack")
    assert (slack, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q17130715")) in g
    # a company item is only a close match of the product named after it
    salesforce = URIRef("https://w3id.org/rolegraph/id/tool/salesforce")
    assert (salesforce, SKOS.closeMatch, URIRef("http://www.wikidata.org/entity/Q941127")) in g
    assert (salesforce, SKOS.exactMatch, None) not in g


def test_a_link_without_source_is_refused(tmp_path, monkeypatch):
    from rolegraph.errors import RolegraphError

    (tmp_path / "links.yaml").write_text("tools:\n  Zendesk: {wikidata: Q1}\n", encoding="utf-8")
    monkeypatch.setenv("ROLEGRAPH_VOCAB", str(tmp_path))
    links.cache_clear()
    try:
        with pytest.raises(RolegraphError, match="Zendesk: a link needs 'wikidata' and 'source'"):
            links()
    finally:
        monkeypatch.delenv("ROLEGRAPH_VOCAB")
        links.cache_clear()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of one article as HTML, Markdown and text (English) and records as YAML (Dutch),
    JSON (German) and CSV (French, English)."""
    from rolegraph.graph.build import build
    from rolegraph.graph.store import Store

    with Store.open(tmp_path_factory.mktemp("links") / "store") as store:
        report = build([CORPUS / "html", CORPUS / "records"], store=store)
        assert report.exit_code == 0, [d.line() for d in report.documents if not d.ok]
        yield store


OCCUPATION_TOOLS = """
PREFIX rg: <https://w3id.org/rolegraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?source ?format ?language ?role ?tool ?category ?occupation WHERE {
  GRAPH ?doc {
    ?doc rg:sourceFile ?source ; dcterms:format ?format ; dcterms:language ?language ; rg:describesRole ?role_node .
    ?role_node rg:occupation ?occupation ; rdfs:label ?role .
    ?m a rg:ToolMention ; rg:role ?role_node ; rg:about ?tool_node ; rg:category ?category_node .
    ?tool_node rdfs:label ?tool .
  }
  BIND(STRAFTER(STR(?category_node), "/category/") AS ?category)
}"""


def test_one_question_three_formats_four_languages_one_answer(store):
    from rolegraph.queries import run

    occupation = URIRef("https://w3id.org/rolegraph/id/occupation/customer-service-manager")
    rows = store.query(OCCUPATION_TOOLS, bindings={"occupation": occupation}).dicts()
    by_document: dict[str, set] = {}
    for row in rows:
        by_document.setdefault(str(row["source"]), set()).add((str(row["tool"]), str(row["category"])))
    formats = {str(r["format"]) for r in rows}
    languages = {str(r["language"]) for r in rows}
    assert formats == {"text/html", "text/markdown", "text/plain", "application/yaml", "application/json", "text/csv"}
    assert languages == {"en", "nl", "de", "fr"}
    assert len(by_document) == 6
    # every document, whatever its format and language, gives the same tools under the same categories
    for source, found in by_document.items():
        assert found == MANAGER_TOOLS, source
    # the named query gives the same tools for the role in each language
    for label in ("Customer Service Manager", "Klantenservicemanager", "Kundenservice-Manager",
                  "Responsable du service client"):
        result = run(store, "tools-by-role", params={"role": label})
        assert {r["tool"] for r in result.dicts()} == {t for t, _ in MANAGER_TOOLS}, label
    # and the occupation they meet in is linked to ESCO
    linked = store.query("SELECT ?esco ?occupation WHERE { ?occupation <http://www.w3.org/2004/02/skos/core#closeMatch> ?esco }",
                         bindings={"occupation": occupation}).dicts()
    assert [str(r["esco"]) for r in linked] == ["http://data.europa.eu/esco/occupation/f5166c6b-3467-4fc4-9343-d12e870d9def"]


def test_unlinked_lists_tools_without_a_wikidata_item(store):
    from rolegraph.queries import run

    tools = run(store, "unlinked", params={"kind": "tool"}).dicts()
    # of the eight tools, Salesforce, HubSpot and Slack have links
    assert [(r["name"], r["documents"]) for r in tools] == [
        ("Calabrio", 6), ("Freshdesk", 6), ("Microsoft Teams", 6), ("NICE CXone", 6), ("Zendesk", 7)]
    roles = {r["name"] for r in run(store, "unlinked", params={"kind": "role"}).dicts()}
    assert not roles & {"Customer Service Manager", "Klantenservicemanager", "Kundenservice-Manager",
                        "Responsable du service client", "Customer service representative"}


def test_unlinked_roles_say_whether_they_have_an_occupation(tmp_path):
    from rolegraph.graph.build import build
    from rolegraph.graph.store import Store
    from rolegraph.queries import run

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "csm.yaml").write_text(
        "role: Customer success manager\nlanguage: en\ntools: [{name: Gainsight, category: crm}, Slack]\n", encoding="utf-8")
    (tmp_path / "docs" / "cho.yaml").write_text(
        "role: Chief Happiness Officer\nlanguage: en\ntools: [Zendesk]\n", encoding="utf-8")
    with Store.open(tmp_path / "store") as store:
        assert build([tmp_path / "docs"], store=store).exit_code == 0
        rows = [(r["kind"], r["name"], r["language"], r["occupation"], r["documents"])
                for r in run(store, "unlinked").dicts()]
    assert rows == [
        ("role", "Chief Happiness Officer", "en", None, 1),
        ("role", "Customer success manager", "en", "Customer success manager", 1),  # aligned, but no ESCO link
        ("tool", "Gainsight", "", None, 1),
        ("tool", "Zendesk", "", None, 1),
    ]


def test_a_role_carries_the_esco_link_of_its_occupation_in_its_own_graph():
    from rolegraph.graph.rdf import role_iri, to_rdf
    from rolegraph.loaders import extract

    g = to_rdf(extract(CORPUS / "records" / "kundenservice-manager.de.json"))
    role = role_iri("Kundenservice-Manager", "de")
    assert list(g.objects(role, SKOS.closeMatch)) == [
        URIRef("http://data.europa.eu/esco/occupation/f5166c6b-3467-4fc4-9343-d12e870d9def")]
