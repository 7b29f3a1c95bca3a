"""Graph analytics: answers worked out by hand on small graphs, then the seed graph.

Three roles with given tools (A: t1 t2 t3, B: t2 t3 t4, C: t5) give Jaccard values one can count;
a four-node career chain with a shortcut has a known shortest path; a star of roles around one
tool has a known betweenness. The seed tests check the promises of the analysis on the five seed
documents: a career path across documents, the director roles, and the named queries.
"""

from __future__ import annotations

import doctest
import importlib
import inspect

import networkx as nx
import pytest

from rolegraph import queries
from rolegraph.errors import UsageError
from rolegraph.graph import nx as conv
from rolegraph.graph.analyze import (
    DEFAULT_WEIGHTS,
    all_career_paths,
    analyze,
    career_paths,
    centrality,
    communities,
    role_similarities,
    weighted_jaccard,
)
from rolegraph.graph.rdf import role_iri
from rolegraph.graph.store import Store
from rolegraph.namespaces import RG, RGID, concept_iri

MODULES = ["rolegraph.graph.nx", "rolegraph.graph.analyze", "rolegraph.graph.draw", "rolegraph.graph.report"]


def role_tools(tools: dict[str, dict[str, list[str]]]) -> nx.Graph:
    """A role-tool graph as rolegraph.graph.nx makes it: role -> tool -> categories."""
    g = nx.Graph()
    for role, used in tools.items():
        g.add_node(role, kind="role", label=role)
        for tool, cats in used.items():
            g.add_node(tool, kind="tool", label=tool)
            g.add_edge(role, tool, categories=sorted(cats), documents=[])
    return g


def role_skills(skills: dict[str, list[str]]) -> nx.Graph:
    g = nx.Graph()
    for role, needed in skills.items():
        g.add_node(role, kind="role", label=role)
        for skill in needed:
            g.add_node(skill, kind="skill", label=skill)
            g.add_edge(role, skill, documents=[])
    return g


THREE = role_tools({
    "A": {"t1": ["crm"], "t2": ["crm"], "t3": ["help-desk"]},
    "B": {"t2": ["crm"], "t3": ["help-desk"], "t4": ["chat"]},
    "C": {"t5": []},
})


# --------------------------------------------------------------------------- similarity


def test_jaccard_over_tools_counted_by_hand():
    sims = role_similarities(THREE, nx.Graph(), weights={"tools": 1.0})
    # A and B share t2 t3 of t1..t4: 2/4; C shares nothing and is left out
    assert [(s.a, s.b, s.score, s.shared) for s in sims] == [("A", "B", 0.5, ("t2", "t3"))]


def test_weighted_jaccard_over_tools_and_categories_counted_by_hand():
    sims = role_similarities(THREE, nx.Graph(), weights={"tools": 1.0, "categories": 0.5})
    # shared: t2 t3 (1 each) + crm help-desk (0.5 each) = 3; all: t1..t4 (4) + crm help-desk chat (1.5) = 5.5
    assert sims[0].score == pytest.approx(3 / 5.5)
    assert sims[0].shared == ("crm", "help-desk", "t2", "t3")


def test_skills_count_and_shared_skills_explain_the_score():
    sims = role_similarities(THREE, role_skills({"A": ["s1"], "C": ["s1", "s2"]}),
                             weights={**DEFAULT_WEIGHTS, "occupations": 0})
    by_pair = {(s.a, s.b): s for s in sims}
    # A-C: only s1 shared; all: t1 t2 t3 t5 s1 s2 (1 each) + crm help-desk (0.5 each) = 7
    assert by_pair[("A", "C")].score == pytest.approx(1 / 7)
    assert by_pair[("A", "C")].shared == ("s1",)
    assert [(s.a, s.b) for s in sims][0] == ("A", "B")  # best first


def test_one_occupation_is_half_the_score_by_default():
    g = role_tools({"A": {"t1": [], "t2": []}, "B": {"t2": [], "t3": []}, "C": {"t4": []}})
    same = {"A": "o", "C": "o"}
    by_pair = {(s.a, s.b): s for s in role_similarities(g, nx.Graph(), occupations=same)}
    # A-B: no occupation in common, Jaccard 1/3 over tools -> 0.5 * 1/3
    assert by_pair[("A", "B")].score == pytest.approx(1 / 6)
    # A-C: one occupation, no tool in common -> 0.5; the occupation explains it
    assert by_pair[("A", "C")].score == pytest.approx(0.5)
    assert by_pair[("A", "C")].shared == ("o",)
    assert ("B", "C") not in by_pair  # nothing in common


def test_the_occupation_counts_only_when_it_weighs_something():
    g = role_tools({"A": {"t1": []}, "C": {"t2": []}})
    assert role_similarities(g, nx.Graph(), occupations={"A": "o", "C": "o"}, weights={**DEFAULT_WEIGHTS, "occupations": 0}) == []
    only = role_similarities(g, nx.Graph(), occupations={"A": "o", "C": "o"}, weights={**DEFAULT_WEIGHTS, "occupations": 1})
    assert [(s.a, s.b, s.score) for s in only] == [("A", "C", 1.0)]


def test_the_occupation_share_is_at_most_one():
    with pytest.raises(UsageError, match="share of the score"):
        role_similarities(THREE, nx.Graph(), weights={**DEFAULT_WEIGHTS, "occupations": 2})


def test_top_keeps_the_best_matches_of_each_role():
    g = role_tools({"A": {"t1": [], "t2": []}, "B": {"t1": [], "t2": [], "t3": []}, "C": {"t3": [], "t4": []},
                    "D": {"t4": []}})
    every = {(s.a, s.b): s.score for s in role_similarities(g, nx.Graph(), weights={"tools": 1.0})}
    # A-B 2/3, B-C 1/4, C-D 1/2: all three pairs share a tool
    assert every == pytest.approx({("A", "B"): 2 / 3, ("B", "C"): 1 / 4, ("C", "D"): 1 / 2})
    best = [(s.a, s.b) for s in role_similarities(g, nx.Graph(), weights={"tools": 1.0}, top=1)]
    assert best == [("A", "B"), ("C", "D")]  # B-C is the best of neither B nor C


def test_unknown_or_negative_weights_are_usage_errors():
    with pytest.raises(UsageError, match="unknown similarity weights"):
        role_similarities(THREE, nx.Graph(), weights={"colour": 1.0})
    with pytest.raises(UsageError, match="0 or more"):
        role_similarities(THREE, nx.Graph(), weights={"tools": -1.0})


# --------------------------------------------------------------------------- career paths


def chain() -> nx.DiGraph:
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("a", "c")])
    for n in g:
        g.nodes[n].update(label=n.upper(), roles=[f"role-{n}"], level=None)
    return g


def test_shortest_and_all_simple_paths_of_a_chain():
    g = chain()
    assert [p.nodes for p in career_paths(g, "a", "d")] == [("a", "c", "d")]
    assert [p.nodes for p in career_paths(g, "a", "d", all_paths=True)] == [("a", "c", "d"), ("a", "b", "c", "d")]
    assert [p.nodes for p in career_paths(g, "a", "d", all_paths=True, cutoff=2)] == [("a", "c", "d")]
    assert career_paths(g, "d", "a") == []
    assert len(career_paths(g, "a", "d")[0]) == 2
    with pytest.raises(UsageError, match="not in the career graph"):
        career_paths(g, "a", "z")


def test_max_paths_keeps_paths_between_occupations_then_the_shortest():
    g = chain()
    assert [p.nodes for p in all_career_paths(g)] == [
        ("a", "b"), ("a", "c"), ("a", "c", "d"), ("b", "c"), ("b", "c", "d"), ("c", "d")]
    g.nodes["b"]["kind"] = g.nodes["d"]["kind"] = "occupation"
    # b -> d joins two occupations and is kept first; then the shortest, a -> b
    assert [p.nodes for p in all_career_paths(g, max_paths=2)] == [("a", "b"), ("b", "c", "d")]


def test_each_step_lists_what_is_new_to_learn():
    tools = role_tools({"role-a": {"t1": []}, "role-b": {"t1": [], "t2": []}, "role-c": {"t2": [], "t3": []},
                        "role-d": {"t1": [], "t4": []}})
    skills = role_skills({"role-c": ["s1"], "role-d": ["s1", "s2"]})
    path = career_paths(chain(), "a", "d", all_paths=True, role_tools=tools, role_skills=skills)[1]
    assert path.labels == ["A", "B", "C", "D"]
    assert [s.new_tools for s in path.steps] == [(), ("t2",), ("t3",), ("t4",)]
    assert [s.new_skills for s in path.steps] == [(), (), ("s1",), ("s2",)]


# --------------------------------------------------------------------------- centrality, communities


def test_centrality_of_a_shared_tool_counted_by_hand():
    # A B C all use "shared"; only A uses "own". Of the 6 pairs of the other four nodes, 5 pass
    # through "shared" (all but A-own): betweenness 5/6. "own" is a leaf: 0.
    g = role_tools({"A": {"shared": [], "own": []}, "B": {"shared": []}, "C": {"shared": []}})
    found = {c.node: c for c in centrality(g, role_skills({"A": ["s"], "B": ["s"]}))}
    assert found["shared"].degree == 3 and found["shared"].betweenness == pytest.approx(5 / 6)
    assert found["own"].degree == 1 and found["own"].betweenness == 0
    assert found["s"].kind == "skill" and found["s"].degree == 2
    assert [c.node for c in centrality(g, nx.Graph())] == ["shared", "own"]  # most central first


def test_communities_of_two_separate_teams_repeat_with_the_seed():
    g = role_tools({"A": {"t1": [], "t2": []}, "B": {"t1": [], "t2": []}, "C": {"t3": [], "t4": [], "t5": []}})
    found = communities(g, seed=7)
    # two communities of four; on a tie in size the one with the smaller members comes first
    assert [set(c.members) for c in found] == [{"A", "B", "t1", "t2"}, {"C", "t3", "t4", "t5"}]
    assert [c.number for c in found] == [1, 2]
    assert communities(g, seed=7) == found


def test_an_empty_store_gives_an_empty_analysis_and_records_its_method():
    with Store.open(None) as store:
        result = analyze(store)
        graph = store.graph(conv.ANALYSIS_GRAPH)
    assert result.paths == [] and result.similarities == [] and result.communities == []
    run = RGID["analysis/run/communities"]
    assert "louvain_communities" in str(graph.value(run, RG.method))
    assert {str(o) for o in graph.objects(run, RG.parameter)} == {"seed=42", "resolution=1.0"}


# --------------------------------------------------------------------------- the modules


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_has_a_docstring_and_examples_run(name):
    module = importlib.import_module(name)
    assert module.__doc__
    missing = [n for n in module.__all__ if (inspect.isclass(getattr(module, n)) or inspect.isfunction(getattr(module, n)))
               and not inspect.getdoc(getattr(module, n))]
    assert not missing
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE).failed == 0


# --------------------------------------------------------------------------- the seed graph

REP = str(concept_iri("occupation", "customer-service-representative"))
DIRECTOR = str(concept_iri("occupation", "customer-service-director"))


@pytest.fixture(scope="module")
def seed_analysis(seed_store):
    return analyze(seed_store)


@pytest.mark.seeds
def test_a_career_path_leads_from_representative_to_director_across_documents(seed_analysis):
    path = seed_analysis.path(REP, DIRECTOR)
    assert path is not None, "no career path from a customer service representative to a director"
    documents = set()
    for a, b in zip(path.nodes, path.nodes[1:]):
        documents.update(seed_analysis.career.edges[a, b]["documents"])
    assert len(documents) >= 2, f"the path should cross documents, it uses {documents}"
    assert path.steps[0].label == "Customer service representative"
    assert path.steps[-1].label == "Customer service director"
    assert any(step.new_tools for step in path.steps[1:])


@pytest.mark.seeds
def test_the_director_roles_share_an_occupation_and_tools(seed_analysis, seed_store):
    fi, pl = str(role_iri("Asiakaspalvelun johtaja", "fi")), str(role_iri("Dyrektor obsługi klienta", "pl"))
    pair = [s for s in seed_analysis.similarities if {s.a, s.b} == {fi, pl}]
    assert pair and pair[0].score > 0
    assert str(RGID["tool/salesforce"]) in pair[0].shared
    rows = queries.run(seed_store, "similar-roles", params={"role": "Dyrektor obsługi klienta"}).dicts()
    same = [r for r in rows if r["same_occupation"]]
    assert [r["similar"] for r in same] == ["Asiakaspalvelun johtaja"]
    assert "Salesforce" in same[0]["shared_tools"]


@pytest.mark.seeds
def test_similar_roles_ranks_the_two_director_roles_together(seed_analysis, seed_store):
    fi, pl = str(role_iri("Asiakaspalvelun johtaja", "fi")), str(role_iri("Dyrektor obsługi klienta", "pl"))
    # each director's closest role is the other director, in the analysis and through the query
    assert seed_analysis.similar_to(fi, top=1)[0].other(fi) == pl
    assert seed_analysis.similar_to(pl, top=1)[0].other(pl) == fi
    for role, other in (("Asiakaspalvelun johtaja", "Dyrektor obsługi klienta"),
                        ("Dyrektor obsługi klienta", "Asiakaspalvelun johtaja")):
        rows = queries.run(seed_store, "similar-roles", params={"role": role}).dicts()
        assert rows[0]["similar"] == other, rows[:3]
        assert rows[0]["same_occupation"] is True


@pytest.mark.seeds
def test_the_named_queries_answer_after_analyze(seed_analysis, seed_store):
    path = queries.run(seed_store, "career-path", params={"from": "Kundtjänstrepresentant", "to": "Dyrektor obsługi klienta"})
    assert [r["node"] for r in path.dicts()][0] == "Customer service representative"
    assert [r["node"] for r in path.dicts()][-1] == "Customer service director"
    assert [r["step"] for r in path.dicts()] == list(range(1, len(path.rows) + 1))
    assert len(queries.run(seed_store, "similar-roles").rows) == 2 * len(seed_analysis.similarities)
    central = queries.run(seed_store, "central-tools", params={"kind": "tool"}).dicts()
    assert central and {r["kind"] for r in central} == {"tool"}
    assert central[0]["degree"] == max(c.degree for c in seed_analysis.centrality if c.kind == "tool")
    assert queries.run(seed_store, "central-tools", params={"kind": "skill"}).rows
