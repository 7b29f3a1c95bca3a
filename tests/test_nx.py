"""RDF <-> networkx, both ways, on small graphs whose answers are worked out by hand.

RDF -> networkx: stores built from hand-written extractions (what a loader returns) or from bare
triples; the graphs read back must have exactly the nodes, edges and attributes the documents give.
Results -> RDF: known results written into the store must be read back, by SPARQL, unchanged.
"""

from __future__ import annotations

from decimal import Decimal

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from rolegraph.graph import nx as conv
from rolegraph.graph.analyze import Analysis, CareerPath, Centrality, Community, PathStep, Run, Similarity, analyze
from rolegraph.graph.rdf import role_iri, skill_iri, to_rdf, tool_iri
from rolegraph.graph.store import Store
from rolegraph.model import CareerStep, Extraction, Item, ToolMention
from rolegraph.namespaces import RG, RGID, concept_iri


def occupation(name: str) -> str:
    return str(concept_iri("occupation", name))


def doc(name, lang, role, tools=(), **kw) -> Extraction:
    return Extraction(document=name, path=f"docs/{name}", language=lang, content_hash="sha256:" + "0" * 64,
                      role=Item(role, line=1), tools=list(tools), **kw)


SV = doc(
    "lead.sv.md", "sv", "Kundtjänstteamledare",
    [ToolMention("Zendesk", "Zendesk", "Ärendehantering", "help-desk", line=5, catalogued=True),
     ToolMention("Slack", "Slack", "Kommunikation", "communication", line=6, catalogued=True)],
    skills=[Item("Empati", line=9)],
    career_path=[
        # a step named by a known title (no role given): the label names the role
        CareerStep("Kundtjänstmedarbetare", "entry", line=12),
        CareerStep("Kundtjänstteamledare", "management", line=13),
        CareerStep("Kundtjänstchef", "management", line=14),
    ],
)
FI = doc(
    "johtaja.fi.md", "fi", "Asiakaspalvelujohtaja",
    [ToolMention("Zendesk", "Zendesk", "Tiketöinti", "help-desk", line=4, catalogued=True),
     ToolMention("Zendesk", "Zendesk", "CRM-järjestelmät", "crm", line=7, catalogued=True)],
    career_path=[
        CareerStep("Johto", "management", line=20, role="Asiakaspalvelupäällikkö"),
        CareerStep("Ylin johto", "executive", line=21, role="Asiakaspalvelujohtaja"),
        CareerStep("Hallituksen jäsen", "executive", line=22, role="Hallituksen jäsen"),
    ],
)
PL = doc("dyrektor.pl.md", "pl", "Dyrektor obsługi klienta", [], skills=[Item("Empatia", line=3)])


@pytest.fixture(scope="module")
def store():
    with Store.open(None) as s:
        s.ensure_vocabulary()
        for extraction in (SV, FI, PL):
            graph = to_rdf(extraction)
            s.replace_document(graph.identifier, graph)
        yield s


# --------------------------------------------------------------------------- RDF -> networkx


def test_role_tool_graph_has_one_edge_per_role_and_tool_with_every_category(store):
    g = conv.role_tool_graph(store)
    lead, director = str(role_iri("Kundtjänstteamledare", "sv")), str(role_iri("Asiakaspalvelujohtaja", "fi"))
    zendesk, slack = str(tool_iri("Zendesk")), str(tool_iri("Slack"))
    assert {frozenset(e) for e in g.edges()} == {frozenset((lead, zendesk)), frozenset((lead, slack)),
                                                 frozenset((director, zendesk))}
    assert nx.is_bipartite(g)
    assert g.nodes[lead]["kind"] == "role" and g.nodes[zendesk]["kind"] == "tool"
    assert g.nodes[zendesk]["label"] == "Zendesk"
    assert g.edges[director, zendesk]["categories"] == [str(concept_iri("category", c)) for c in ("crm", "help-desk")]
    assert g.edges[lead, slack]["documents"] == [str(RGID["doc/lead-sv-md"])]
    # a role without tools is not in the role-tool graph
    assert str(role_iri("Dyrektor obsługi klienta", "pl")) not in g


def test_role_skill_graph_meets_in_one_skill_across_languages(store):
    g = conv.role_skill_graph(store)
    empathy = str(skill_iri("Empati", "sv"))
    assert empathy == str(concept_iri("skill", "empathy"))
    assert set(g.neighbors(empathy)) == {str(role_iri("Kundtjänstteamledare", "sv")), str(role_iri("Dyrektor obsługi klienta", "pl"))}
    assert g.nodes[empathy]["label"] == "Empathy"  # the English label of the skill scheme


def test_career_graph_nodes_are_occupations_and_documents_meet(store):
    g = conv.career_graph(store)
    rep, lead, manager, director = (occupation(o) for o in (
        "customer-service-representative", "customer-service-team-leader", "customer-service-manager",
        "customer-service-director"))
    board = str(role_iri("Hallituksen jäsen", "fi"))  # aligned to no occupation: the role itself
    assert set(g.edges()) == {(rep, lead), (lead, manager), (manager, director), (director, board)}
    assert g.nodes[rep]["kind"] == "occupation" and g.nodes[board]["kind"] == "role"
    assert g.nodes[manager]["label"] == "Customer service manager"
    assert g.nodes[rep]["level"] == str(concept_iri("level", "entry")) and g.nodes[rep]["rank"] == 1
    # the Swedish and Finnish paths meet at the manager: a path crosses the documents
    assert nx.shortest_path(g, rep, board) == [rep, lead, manager, director, board]
    assert g.edges[lead, manager]["documents"] == [str(RGID["doc/lead-sv-md"])]
    assert g.edges[manager, director]["documents"] == [str(RGID["doc/johtaja-fi-md"])]
    # the occupation node knows every role aligned to it, also the one that is no step
    assert str(role_iri("Dyrektor obsługi klienta", "pl")) in g.nodes[director]["roles"]
    assert "Kundtjänstchef" in g.nodes[manager]["labels"]["sv"]


def chain_store() -> Store:
    """A 4-step career chain a -> b -> c -> d written as bare triples, plus a shortcut a -> c in a
    second document; no vocabulary, no occupations."""
    store = Store.open(None)
    for name, steps in (("one", "abcd"), ("two", "ac")):
        doc_iri = RGID[f"doc/{name}"]
        g = Graph(identifier=doc_iri)
        previous = None
        for n, letter in enumerate(steps, start=1):
            step = URIRef(f"{doc_iri}/career/{n}")
            role = RGID[f"role/en/{letter}"]
            g.add((step, RDF.type, RG.CareerStep))
            g.add((step, RG.position, Literal(n)))
            g.add((step, RG.stepRole, role))
            g.add((step, RG.level, concept_iri("level", ["entry", "mid", "senior", "management"][ord(letter) - 97])))
            g.add((role, RDF.type, RG.Role))
            g.add((role, RDFS.label, Literal(letter.upper(), lang="en")))
            if previous is not None:
                g.add((previous, RG.nextStep, step))
            previous = step
        store.replace_document(doc_iri, g)
    return store


def test_a_career_chain_from_bare_triples():
    with chain_store() as store:
        g = conv.career_graph(store)
    a, b, c, d = (str(RGID[f"role/en/{x}"]) for x in "abcd")
    assert sorted(g.edges()) == sorted([(a, b), (b, c), (c, d), (a, c)])
    assert g.edges[a, c]["documents"] == [str(RGID["doc/two"])]
    assert nx.shortest_path(g, a, d) == [a, c, d]
    assert [g.nodes[n]["rank"] for n in (a, b, c, d)] == [1, 2, 3, 4]  # ranks from the levels scheme
    assert g.nodes[d]["label"] == "D"


# --------------------------------------------------------------------------- results -> RDF


def known_results() -> Analysis:
    a, b, c = (str(RGID[f"role/en/{x}"]) for x in "abc")
    career = nx.DiGraph([(a, b), (b, c)])
    career.graph["name"] = "career"
    for n in career:
        career.nodes[n]["label"] = n[-1].upper()
    return Analysis(
        career=career, role_tools=nx.Graph(), role_skills=nx.Graph(),
        paths=[CareerPath((a, b, c), (PathStep(a, "A"), PathStep(b, "B", str(concept_iri("level", "mid")), (str(tool_iri("Slack")),)),
                                       PathStep(c, "C")))],
        similarities=[Similarity(a, b, 0.5, (str(tool_iri("Slack")),)), Similarity(a, c, 0.125, (str(tool_iri("Jira")),))],
        centrality=[Centrality(str(tool_iri("Slack")), "Slack", "tool", 2, 0.25)],
        communities=[Community(1, (a, str(tool_iri("Slack")))), Community(2, (c,))],
        runs={k: Run(f"{k} method", {"seed": 7}) for k in ("career", "similarity", "centrality", "communities")},
        documents=[str(RGID["doc/one"])],
    )


def test_results_written_as_rdf_read_back_the_same():
    results = known_results()
    a, b, c = (str(RGID[f"role/en/{x}"]) for x in "abc")
    with Store.open(None) as store:
        triples = conv.write_results(store, conv.results_graph(results))
        assert triples > 0 and store.graph_names() == [str(conv.ANALYSIS_GRAPH)]
        back = conv.read_results(store)
        assert back["similarities"] == {(a, b): 0.5, (a, c): 0.125}
        assert back["paths"] == {(a, c): [a, b, c]}
        assert back["centrality"] == {str(tool_iri("Slack")): (2, 0.25)}
        assert back["communities"] == [{a, str(tool_iri("Slack"))}, {c}]
        graph = store.graph(conv.ANALYSIS_GRAPH)
    run = RGID["analysis/run/communities"]
    assert (run, RDF.type, RG.AnalysisRun) in graph
    assert (run, RG.parameter, Literal("seed=7")) in graph
    assert (run, URIRef("http://www.w3.org/ns/prov#used"), RGID["doc/one"]) in graph
    scores = {o.toPython() for o in graph.objects(None, RG.score)}
    assert scores == {Decimal("0.5"), Decimal("0.125")}
    moves = {(graph.value(m, RG.fromNode), graph.value(m, RG.toNode)) for m in graph.subjects(RDF.type, RG.CareerMove)}
    assert moves == {(URIRef(a), URIRef(b)), (URIRef(b), URIRef(c))}


def test_the_same_results_give_the_same_graph():
    from rdflib.compare import isomorphic

    assert isomorphic(conv.results_graph(known_results()), conv.results_graph(known_results()))


def test_a_new_analysis_replaces_the_previous_one(store):
    conv.write_results(store, conv.results_graph(known_results()))
    assert (str(RGID["role/en/a"]), str(RGID["role/en/b"])) in conv.read_results(store)["similarities"]
    fresh = analyze(store)
    back = conv.read_results(store)
    lead, director = str(role_iri("Kundtjänstteamledare", "sv")), str(role_iri("Asiakaspalvelujohtaja", "fi"))
    # nothing of the older results is left: exactly this run's similarities
    assert set(back["similarities"]) == {tuple(sorted((s.a, s.b))) for s in fresh.similarities}
    assert tuple(sorted((lead, director))) in back["similarities"]
    assert not any(str(RGID["role/en/a"]) in pair for pair in back["similarities"])
    # the analysis graph is no document
    assert str(conv.ANALYSIS_GRAPH) not in {d.iri for d in store.documents()}
