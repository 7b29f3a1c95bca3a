"""Between the store and networkx: the one place where RDF becomes graphs to compute on, and back.

Three graphs are read from the store with SPARQL over the union of all document graphs:

:func:`role_tool_graph`
    bipartite, undirected: roles (``kind="role"``) and tools (``kind="tool"``); an edge for every
    role a document says uses a tool, with the categories the documents file it under and the
    documents that said so.
:func:`role_skill_graph`
    bipartite, undirected: roles and skills (``kind="skill"``).
:func:`career_graph`
    directed: one node per occupation (the language-independent ``rgid:occupation/...``) that the
    roles of career steps are aligned to, or the role itself when it is aligned to none; an edge
    where some document's career path goes from a step naming one to the next step naming the
    other. So a Swedish path that reaches the customer service manager occupation and a Finnish
    path that goes on from it to the director meet in one graph.

Every node carries ``label`` (English where the vocabulary has it, else the label as written) and
``labels`` (every label with its language). :func:`career_node` says which career node a role
stands for.

The way back, :func:`results_graph`, turns the results of :mod:`rolegraph.graph.analyze` into the
named graph ``rgid:graph/analysis``, and :func:`write_results` replaces that graph in the store.

>>> from rolegraph.graph.store import Store
>>> with Store.open(None) as store:
...     role_tool_graph(store).number_of_nodes()
0
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from rolegraph.namespaces import RG, RGID, bind_prefixes

__all__ = [
    "ANALYSIS_GRAPH",
    "role_tool_graph",
    "role_skill_graph",
    "career_graph",
    "career_node",
    "occupations",
    "labels",
    "display_label",
    "results_graph",
    "write_results",
    "read_results",
]

#: The named graph that holds the results of the last analysis.
ANALYSIS_GRAPH = RGID["graph/analysis"]

_ROLE_TOOLS = """
SELECT DISTINCT ?doc ?role ?tool ?category WHERE {
  GRAPH ?doc {
    ?role rg:usesTool ?tool .
    OPTIONAL { ?m rg:about ?tool ; rg:role ?role ; rg:category ?category }
  }
}
"""

_ROLE_SKILLS = """
SELECT DISTINCT ?doc ?role ?skill WHERE { GRAPH ?doc { ?role rg:requiresSkill ?skill } }
"""

_STEPS = """
SELECT DISTINCT ?doc ?step ?position ?role ?level ?next WHERE {
  GRAPH ?doc {
    ?step a rg:CareerStep ; rg:stepRole ?role .
    OPTIONAL { ?step rg:position ?position }
    OPTIONAL { ?step rg:level ?level }
    OPTIONAL { ?step rg:nextStep ?next_step . ?next_step rg:stepRole ?next }
  }
}
"""

_OCCUPATIONS = "SELECT DISTINCT ?role ?occupation WHERE { ?role rg:occupation ?occupation }"

_RANKS = "SELECT DISTINCT ?level ?rank WHERE { ?level a rg:CareerLevel ; rg:rank ?rank }"


# --------------------------------------------------------------------------- RDF -> networkx


# The roles, tools, skills, occupations, categories, levels and frequencies, with their class and
# each label with its property: the labels of :func:`labels`, and what the analysis graph repeats
# about the nodes it names (see :func:`results_graph`). The nodes first, then their labels, each
# made distinct on its own: joined directly, a tool that 1,000 documents type and label would give
# 1,000 x 1,000 rows before DISTINCT (6 s against 0.1 s at 3,000 documents).
_NODE_FACTS = """
SELECT ?node ?p ?o WHERE {
  { SELECT DISTINCT ?node ?p ?o WHERE {
      VALUES ?o { rg:Role rg:Tool rg:Skill rg:Occupation rg:ToolCategory rg:CareerLevel rg:Frequency }
      ?node a ?o BIND(rdf:type AS ?p)
  } }
  UNION
  { SELECT ?node ?p ?o WHERE {
      { SELECT DISTINCT ?node WHERE {
          { ?node a rg:Role } UNION { ?node a rg:Tool } UNION { ?node a rg:Skill } UNION { ?node a rg:Occupation }
          UNION { ?node a rg:ToolCategory } UNION { ?node a rg:CareerLevel } UNION { ?node a rg:Frequency }
          UNION { ?role rg:occupation ?node }
      } }
      { SELECT DISTINCT ?node ?p ?o WHERE { VALUES ?p { rdfs:label skos:prefLabel } ?node ?p ?o } }
  } }
}
"""


def labels(store, *, facts: list[tuple] | None = None) -> dict[str, dict[str, list[str]]]:
    """Every label of roles, tools, skills, occupations, categories, levels and frequencies: IRI -> language ->
    labels (``""`` for labels without a language), sorted. ``facts`` (from :func:`node_facts`) saves
    reading them again."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node, prop, value in node_facts(store) if facts is None else facts:
        if prop != RDF.type:
            out[str(node)][value.language or ""].add(str(value))
    return {node: {lang: sorted(found) for lang, found in sorted(by.items())} for node, by in out.items()}


def node_facts(store) -> list[tuple]:
    """``(node, property, value)`` for the roles, tools, skills, occupations, categories, levels and
    frequencies of ``store``: their class (``rdf:type`` of those seven) and their labels
    (``rdfs:label``, ``skos:prefLabel``), each statement once however many graphs make it."""
    return [tuple(row) for row in store.query(_NODE_FACTS).terms]


def display_label(node: str, found: dict[str, dict[str, list[str]]]) -> str:
    """The label to show for ``node`` (``found`` from :func:`labels`): English, else no language,
    else the first language, else the IRI's last segment.

    >>> display_label("https://w3id.org/rolegraph/id/tool/x", {})
    'x'
    """
    by = found.get(node, {})
    for lang in ("en", ""):
        if by.get(lang):
            return by[lang][0]
    for lang in sorted(by):
        return by[lang][0]
    return node.rstrip("/").rsplit("/", 1)[-1]


def _add_node(graph, node: str, kind: str, found) -> None:
    if node not in graph:
        graph.add_node(node, kind=kind, label=display_label(node, found), labels=found.get(node, {}))


def role_tool_graph(store, *, found: dict | None = None):
    """The bipartite role-tool graph of everything in ``store`` (a :class:`networkx.Graph`).

    Nodes: role and tool IRIs with ``kind`` (``role``/``tool``), ``bipartite`` (0/1), ``label``
    and ``labels``. Edges: ``categories`` (sorted category IRIs the documents file the tool under
    for this role) and ``documents`` (sorted document IRIs).
    """
    import networkx as nx

    found = labels(store) if found is None else found
    graph = nx.Graph(name="role-tool")
    edges: dict[tuple[str, str], tuple[set, set]] = {}
    for doc, role, tool, category in store.query(_ROLE_TOOLS).rows:
        cats, docs = edges.setdefault((role, tool), (set(), set()))
        docs.add(doc)
        if category:
            cats.add(category)
    for (role, tool), (cats, docs) in sorted(edges.items()):
        _add_node(graph, role, "role", found)
        _add_node(graph, tool, "tool", found)
        graph.nodes[role]["bipartite"], graph.nodes[tool]["bipartite"] = 0, 1
        graph.add_edge(role, tool, categories=sorted(cats), documents=sorted(docs))
    return graph


def role_skill_graph(store, *, found: dict | None = None):
    """The bipartite role-skill graph of everything in ``store``: roles (``kind="role"``) and
    skills (``kind="skill"``), an edge with its ``documents`` where a document says a role requires
    a skill. A skill the skill scheme knows is one node in every language."""
    import networkx as nx

    found = labels(store) if found is None else found
    graph = nx.Graph(name="role-skill")
    edges: dict[tuple[str, str], set] = defaultdict(set)
    for doc, role, skill in store.query(_ROLE_SKILLS).rows:
        edges[(role, skill)].add(doc)
    for (role, skill), docs in sorted(edges.items()):
        _add_node(graph, role, "role", found)
        _add_node(graph, skill, "skill", found)
        graph.nodes[role]["bipartite"], graph.nodes[skill]["bipartite"] = 0, 1
        graph.add_edge(role, skill, documents=sorted(docs))
    return graph


def career_node(role: str, occupations: dict[str, str]) -> str:
    """The career-graph node of ``role``: its occupation when it has one, else the role itself.

    >>> career_node("rgid:role/sv/x", {"rgid:role/sv/x": "rgid:occupation/y"})
    'rgid:occupation/y'
    >>> career_node("rgid:role/sv/z", {})
    'rgid:role/sv/z'
    """
    return occupations.get(role, role)


def occupations(store) -> dict[str, str]:
    """The occupation of every role aligned to one: role IRI -> occupation IRI (the smallest IRI
    when a role has two)."""
    out: dict[str, str] = {}
    for role, occupation in sorted(store.query(_OCCUPATIONS).rows):
        out.setdefault(role, occupation)
    return out


def _ranks(store) -> dict[str, int]:
    ranks = {level: int(rank) for level, rank in store.query(_RANKS).rows}
    if not ranks:  # a store without the vocabulary: the levels scheme gives the order
        from rolegraph.namespaces import concept_iri
        from rolegraph.ontology import scheme

        ranks = {str(concept_iri("level", c.id)): c.rank for c in scheme("levels").concepts.values()}
    return ranks


def career_graph(store, *, found: dict | None = None):
    """The career graph across all documents (a :class:`networkx.DiGraph`).

    Nodes are occupations or unaligned roles (see :func:`career_node`) with ``label``, ``labels``,
    ``kind`` (``occupation`` or ``role``), ``roles`` (the role IRIs the steps name, and every role
    aligned to the occupation), ``level``
    (the level IRI the steps give most often, the lower on a tie, or ``None``) and ``rank`` (that
    level's rank, 0 when unknown). Edges: ``documents`` whose career path makes that move.
    """
    import networkx as nx

    found = labels(store) if found is None else found
    aligned_to = occupations(store)
    ranks = _ranks(store)
    graph = nx.DiGraph(name="career")
    levels: dict[str, Counter] = defaultdict(Counter)
    roles: dict[str, set] = defaultdict(set)
    moves: dict[tuple[str, str], set] = defaultdict(set)
    for doc, _step, _position, role, level, nxt in store.query(_STEPS).rows:
        node = career_node(role, aligned_to)
        roles[node].add(role)
        if level:
            levels[node][level] += 1
        if nxt:
            target = career_node(nxt, aligned_to)
            if target != node:
                moves[(node, target)].add(doc)
    aligned: dict[str, set] = defaultdict(set)
    for role, occupation in aligned_to.items():
        aligned[occupation].add(role)
    for node in sorted(roles):
        kind = "occupation" if node in aligned else "role"
        roles[node] |= aligned.get(node, set())
        counted = levels[node]
        level = min(counted, key=lambda lv: (-counted[lv], ranks.get(lv, 0), lv)) if counted else None
        label = display_label(node, found)
        if kind == "occupation" and node not in found:  # no vocabulary: name it by one of its roles
            label = display_label(sorted(roles[node])[0], found)
        graph.add_node(node, kind=kind, label=label, labels=_merged(node, roles[node], found),
                       roles=sorted(roles[node]), level=level, rank=ranks.get(level, 0) if level else 0)
    for (a, b), docs in sorted(moves.items()):
        graph.add_edge(a, b, documents=sorted(docs))
    return graph


def _merged(node: str, roles: Iterable[str], found) -> dict[str, list[str]]:
    merged: dict[str, set] = defaultdict(set)
    for iri in [node, *roles]:
        for lang, values in found.get(iri, {}).items():
            merged[lang].update(values)
    return {lang: sorted(values) for lang, values in sorted(merged.items())}


# --------------------------------------------------------------------------- results -> RDF


def _dec(value: float) -> Literal:
    return Literal(Decimal(f"{value:.6f}"), datatype=XSD.decimal)


def _key(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def results_graph(analysis) -> Graph:
    """The named graph ``rgid:graph/analysis`` for an :class:`~rolegraph.graph.analyze.Analysis`.

    One ``rg:AnalysisRun`` per method (``rgid:analysis/run/{career|similarity|centrality|communities}``)
    with ``rg:method``, ``rg:parameter "name=value"`` and ``prov:used`` for every document graph
    read; every result points to its run with ``prov:wasGeneratedBy``:

    * ``rg:CareerMove`` (``rg:fromNode``, ``rg:toNode``, ``prov:wasDerivedFrom`` the documents);
    * ``rg:CareerPath`` (``rg:fromNode``, ``rg:toNode``, ``rg:length``) with ``rg:pathStep``
      ``rg:PathStep`` nodes (``rg:order``, ``rg:careerNode``, ``rg:careerLevel``, ``rg:newTool``,
      ``rg:newSkill``);
    * ``rg:Similarity`` (two ``rg:between`` roles, ``rg:score`` xsd:decimal, ``rg:sharedItem``);
    * ``rg:Centrality`` (``rg:node``, ``rg:degree``, ``rg:betweenness``);
    * ``rg:Community`` (``rg:member``).

    IRIs are minted from what they are about, so the same store gives the same graph.
    """
    g = Graph(identifier=ANALYSIS_GRAPH)
    bind_prefixes(g)
    runs = {}
    for name, run in analysis.runs.items():
        node = RGID[f"analysis/run/{name}"]
        runs[name] = node
        g.add((node, RDF.type, RG.AnalysisRun))
        g.add((node, RDF.type, PROV.Activity))
        g.add((node, RDFS.label, Literal(f"{name} analysis", lang="en")))
        g.add((node, RG.method, Literal(run.method)))
        for key, value in sorted(run.parameters.items()):
            g.add((node, RG.parameter, Literal(f"{key}={value}")))
        for doc in analysis.documents:
            g.add((node, PROV.used, URIRef(doc)))

    career = analysis.career
    for a, b, data in career.edges(data=True):
        move = RGID[f"analysis/move/{_key(a, b)}"]
        g.add((move, RDF.type, RG.CareerMove))
        g.add((move, RG.fromNode, URIRef(a)))
        g.add((move, RG.toNode, URIRef(b)))
        g.add((move, PROV.wasGeneratedBy, runs["career"]))
        for doc in data.get("documents", ()):
            g.add((move, PROV.wasDerivedFrom, URIRef(doc)))

    for path in analysis.paths:
        p = RGID[f"analysis/path/{_key(*path.nodes)}"]
        g.add((p, RDF.type, RG.CareerPath))
        g.add((p, RG.fromNode, URIRef(path.nodes[0])))
        g.add((p, RG.toNode, URIRef(path.nodes[-1])))
        g.add((p, RG.length, Literal(len(path.nodes) - 1)))
        g.add((p, PROV.wasGeneratedBy, runs["career"]))
        for n, step in enumerate(path.steps, start=1):
            s = URIRef(f"{p}/{n}")
            g.add((p, RG.pathStep, s))
            g.add((s, RDF.type, RG.PathStep))
            g.add((s, RG.order, Literal(n)))
            g.add((s, RG.careerNode, URIRef(step.node)))
            if step.level:
                g.add((s, RG.careerLevel, URIRef(step.level)))
            for tool in step.new_tools:
                g.add((s, RG.newTool, URIRef(tool)))
            for skill in step.new_skills:
                g.add((s, RG.newSkill, URIRef(skill)))

    for sim in analysis.similarities:
        s = RGID[f"analysis/similarity/{_key(*sorted((sim.a, sim.b)))}"]
        g.add((s, RDF.type, RG.Similarity))
        g.add((s, RG.between, URIRef(sim.a)))
        g.add((s, RG.between, URIRef(sim.b)))
        g.add((s, RG.score, _dec(sim.score)))
        g.add((s, PROV.wasGeneratedBy, runs["similarity"]))
        for item in sim.shared:
            g.add((s, RG.sharedItem, URIRef(item)))

    for c in analysis.centrality:
        node = RGID[f"analysis/centrality/{_key(c.node)}"]
        g.add((node, RDF.type, RG.Centrality))
        g.add((node, RG.node, URIRef(c.node)))
        g.add((node, RG.degree, Literal(c.degree)))
        g.add((node, RG.betweenness, _dec(c.betweenness)))
        g.add((node, PROV.wasGeneratedBy, runs["centrality"]))

    for community in analysis.communities:
        node = RGID[f"analysis/community/{community.number}"]
        g.add((node, RDF.type, RG.Community))
        g.add((node, RDFS.label, Literal(f"community {community.number}", lang="en")))
        g.add((node, PROV.wasGeneratedBy, runs["communities"]))
        for member in community.members:
            g.add((node, RG.member, URIRef(member)))

    # The class and labels of every node named above, once: the named queries read them here.
    # Through the union of the document graphs a tool that 1,000 documents name has 1,000 copies
    # of its type and label, and joining them is what made those queries take seconds.
    # (the preferred labels of the vocabulary's concepts are stated once already, in its graph)
    named = {o for o in g.objects() if isinstance(o, URIRef)}
    for node, prop, value in analysis.node_facts:
        if node in named and prop != SKOS.prefLabel:
            g.add((node, prop, value))
    return g


def write_results(store, graph: Graph) -> int:
    """Replace the analysis graph in ``store`` with ``graph``; returns the number of triples.

    The old graph is removed, then the new one written by the bulk loader (``Store.add_documents``):
    at 3,000 generated documents (162,000 triples) that takes 5 s against 16 s for one
    DROP + INSERT DATA transaction. The two steps are not one transaction: a process killed
    between them leaves no analysis graph (never half of one), and ``rolegraph analyze`` makes it
    again; the document graphs are not touched.
    """
    from rolegraph.graph.store import document_nquads

    store.remove_document(str(ANALYSIS_GRAPH))
    store.add_documents(document_nquads(str(ANALYSIS_GRAPH), graph), graphs=[str(ANALYSIS_GRAPH)])
    return len(graph)


_READ_SIMILARITIES = """
SELECT ?a ?b ?score ?g WHERE {
  GRAPH ?g { ?s a rg:Similarity ; rg:between ?a, ?b ; rg:score ?score FILTER(STR(?a) < STR(?b)) }
}
"""


def read_results(store) -> dict[str, object]:
    """What the analysis graph in ``store`` holds, as plain values: ``similarities`` maps
    ``(role, role)`` (sorted IRIs) to the score, ``paths`` maps ``(from, to)`` to the node IRIs
    in order, ``centrality`` maps a node to ``(degree, betweenness)``, ``communities`` is a list of
    member sets. The inverse of :func:`results_graph`, for tests and tools."""
    bind = {"g": ANALYSIS_GRAPH}
    sims = {(a, b): float(score) for a, b, score, _ in store.query(_READ_SIMILARITIES, bindings=bind).rows}
    paths: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for start, end, order, node, _ in store.query(
        "SELECT ?from ?to ?order ?node ?g WHERE { GRAPH ?g { ?p a rg:CareerPath ; rg:fromNode ?from ; rg:toNode ?to ;"
        " rg:pathStep ?s . ?s rg:order ?order ; rg:careerNode ?node } }", bindings=bind).rows:
        paths[(start, end)].append((int(order), node))
    centrality = {node: (int(degree), float(between)) for node, degree, between, _ in store.query(
        "SELECT ?node ?degree ?between ?g WHERE { GRAPH ?g { ?c a rg:Centrality ; rg:node ?node ;"
        " rg:degree ?degree ; rg:betweenness ?between } }", bindings=bind).rows}
    members: dict[str, set] = defaultdict(set)
    for community, member, _ in store.query(
        "SELECT ?c ?m ?g WHERE { GRAPH ?g { ?c a rg:Community ; rg:member ?m } }", bindings=bind).rows:
        members[community].add(member)
    return {
        "similarities": sims,
        "paths": {key: [n for _, n in sorted(steps)] for key, steps in paths.items()},
        "centrality": centrality,
        "communities": [members[c] for c in sorted(members)],
    }
