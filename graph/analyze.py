"""Graph analytics over the whole store: career paths, similar roles, central tools, communities.

The graphs come from :mod:`rolegraph.graph.nx` (the one place that reads RDF into networkx);
:func:`analyze` computes everything and writes the results back as the named graph
``rgid:graph/analysis`` (replacing the previous one), where the named queries ``career-path``,
``similar-roles`` and ``central-tools`` read them.

* **Career paths** (:func:`career_paths`): shortest, or all simple, paths through the career graph,
  whose nodes are occupations (so documents in different languages meet) or unaligned roles. At
  each step after the first, the tools and skills that the step's roles use and no earlier step's
  roles do: what there is to learn.
* **Similar roles** (:func:`role_similarities`): two parts, what a role is and what it works with.
  The first is the occupation: the vocabulary aligns job titles of any language to occupations
  (a "Dyrektor obsługi klienta" and an "Asiakaspalvelun johtaja" are both customer service
  directors), and two roles of one occupation are the same job. The second is a weighted Jaccard
  index over the role's tools, tool categories and skills: every item weighs what its kind weighs
  (``DEFAULT_WEIGHTS``), and the index is the weight of the shared items over the weight of all
  items of either role. The score is ``o * same_occupation + (1 - o) * jaccard`` with ``o`` the
  ``occupations`` weight (0.5: both parts count alike), so 1 means the same occupation and the same
  tools, categories and skills, 0 nothing in common. Tool lists alone mostly tell which kind of
  article a role came from (articles on customer service name the same dozen products for every
  rank), which is why the occupation is a part of its own rather than one more item among forty.
  The shared items (and the occupation) are kept: they explain the score.
* **Centrality** (:func:`centrality`): per tool (in the role-tool graph) and skill (in the
  role-skill graph), the degree (how many roles) and the normalised betweenness centrality.
* **Communities** (:func:`communities`): Louvain communities of the role-tool graph
  (``networkx.community.louvain_communities`` with a fixed seed, so runs repeat).

>>> from rolegraph.graph.store import Store
>>> with Store.open(None) as store:
...     analyze(store).summary().splitlines()[0]
'career graph: 0 nodes, 0 moves, 0 paths'
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from rolegraph.errors import UsageError

__all__ = [
    "DEFAULT_WEIGHTS",
    "DEFAULT_TOP",
    "DEFAULT_MAX_PATHS",
    "Run",
    "PathStep",
    "CareerPath",
    "Similarity",
    "Centrality",
    "Community",
    "Analysis",
    "career_paths",
    "all_career_paths",
    "role_features",
    "weighted_jaccard",
    "role_similarities",
    "centrality",
    "communities",
    "analyze",
]

#: The similarity weights. ``tools``, ``categories`` and ``skills``: the weight of one item of that
#: kind in the weighted Jaccard index. ``occupations``: the share of the score (0 to 1) that says
#: whether the vocabulary aligns both roles to one occupation; 0 compares items only.
DEFAULT_WEIGHTS: dict[str, float] = {"tools": 1.0, "categories": 0.5, "skills": 1.0, "occupations": 0.5}

#: How many of its most similar roles :func:`analyze` keeps for each role.
DEFAULT_TOP = 10

#: Betweenness is exact for graphs up to this many nodes, estimated from ``BETWEENNESS_SAMPLE``
#: sources above (networkx's ``k``, with the run's seed). Exact betweenness costs a shortest-path
#: search from every node: 11 s for the 696 nodes and 22,509 edges of 3,000 generated documents.
EXACT_BETWEENNESS_UP_TO = 500
BETWEENNESS_SAMPLE = 200

#: The seed of the Louvain method, so that the same graph gives the same communities.
DEFAULT_SEED = 42


@dataclass(frozen=True)
class Run:
    """How one kind of result was computed: the method (algorithm and library) and its parameters."""

    method: str
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PathStep:
    """One stop on a career path: the career node, its label and level, and what is new here."""

    node: str
    label: str
    level: str | None = None
    new_tools: tuple[str, ...] = ()
    new_skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class CareerPath:
    """A path through the career graph, from ``nodes[0]`` to ``nodes[-1]``."""

    nodes: tuple[str, ...]
    steps: tuple[PathStep, ...]

    @property
    def labels(self) -> list[str]:
        """The labels of the steps, in order."""
        return [s.label for s in self.steps]

    def __len__(self) -> int:
        return len(self.nodes) - 1


@dataclass(frozen=True)
class Similarity:
    """How alike roles ``a`` and ``b`` are (``a`` < ``b``), and the items they share."""

    a: str
    b: str
    score: float
    shared: tuple[str, ...] = ()

    def other(self, role: str) -> str:
        """The role compared with ``role``."""
        return self.b if role == self.a else self.a


@dataclass(frozen=True)
class Centrality:
    """How central a tool or skill is: ``degree`` roles use it, ``betweenness`` from 0 to 1."""

    node: str
    label: str
    kind: str
    degree: int
    betweenness: float


@dataclass(frozen=True)
class Community:
    """A Louvain community: its number (1 for the largest) and its members (roles and tools)."""

    number: int
    members: tuple[str, ...]


@dataclass
class Analysis:
    """Everything :func:`analyze` computed, with the graphs it computed on."""

    career: Any
    role_tools: Any
    role_skills: Any
    paths: list[CareerPath] = field(default_factory=list)
    similarities: list[Similarity] = field(default_factory=list)
    centrality: list[Centrality] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    runs: dict[str, Run] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    node_facts: list = field(default_factory=list)  # (node, property, value): classes and labels, see nx.node_facts
    seconds: float = 0.0
    triples: int = 0

    def label(self, node: str) -> str:
        """The label of any node of the three graphs (the IRI when none has it)."""
        for graph in (self.career, self.role_tools, self.role_skills):
            if node in graph:
                return graph.nodes[node].get("label", node)
        return node

    def similar_to(self, role: str, *, top: int | None = None) -> list[Similarity]:
        """The similarities of ``role``, best first."""
        found = [s for s in self.similarities if role in (s.a, s.b)]
        return found[:top] if top else found

    def path(self, source: str, target: str) -> CareerPath | None:
        """The stored shortest path between two career nodes, or ``None``."""
        for p in self.paths:
            if p.nodes[0] == source and p.nodes[-1] == target:
                return p
        return None

    def summary(self) -> str:
        """A few lines for the command line: sizes, the best pairs, the most central tools."""
        lines = [
            f"career graph: {self.career.number_of_nodes()} nodes, {self.career.number_of_edges()} moves, "
            f"{len(self.paths)} paths",
            f"similar roles: {len(self.similarities)} pairs with something in common",
        ]
        for s in self.similarities[:3]:
            lines.append(f"  {s.score:.3f}  {self.label(s.a)} ~ {self.label(s.b)}")
        tools = [c for c in self.centrality if c.kind == "tool"]
        lines.append(f"central tools: {len(tools)} tools, {len(self.centrality) - len(tools)} skills ranked")
        for c in sorted(tools, key=lambda c: (-c.degree, -c.betweenness, c.label))[:3]:
            lines.append(f"  {c.label}: {c.degree} roles, betweenness {c.betweenness:.3f}")
        lines.append(f"communities: {len(self.communities)}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- career paths


def _node_items(graph, nodes) -> set[str]:
    out: set[str] = set()
    for n in nodes:
        if n in graph:
            out.update(graph.neighbors(n))
    return out


def _path(career, nodes, role_tools, role_skills, cache: dict | None = None) -> CareerPath:
    seen_tools: set[str] = set()
    seen_skills: set[str] = set()
    steps = []
    cache = {} if cache is None else cache
    for i, node in enumerate(nodes):
        data = career.nodes[node]
        if node not in cache:
            roles = data.get("roles") or [node]
            cache[node] = (_node_items(role_tools, roles) if role_tools is not None else set(),
                           _node_items(role_skills, roles) if role_skills is not None else set())
        tools, skills = cache[node]
        new_tools = sorted(tools - seen_tools) if i else []
        new_skills = sorted(skills - seen_skills) if i else []
        seen_tools |= tools
        seen_skills |= skills
        steps.append(PathStep(node, data.get("label", node), data.get("level"), tuple(new_tools), tuple(new_skills)))
    return CareerPath(tuple(nodes), tuple(steps))


def career_paths(career, source: str, target: str, *, all_paths: bool = False, cutoff: int | None = None,
                 role_tools=None, role_skills=None) -> list[CareerPath]:
    """Paths from career node ``source`` to ``target``: the shortest one, or with ``all_paths``
    every simple path (at most ``cutoff`` moves), shortest first.

    With ``role_tools``/``role_skills`` graphs, each step after the first lists the tools and
    skills its roles have that no earlier step's roles have. No path: an empty list. A node that
    is not in the graph raises :class:`~rolegraph.errors.UsageError`.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("a", "c")])
    >>> [p.nodes for p in career_paths(g, "a", "d")]
    [('a', 'c', 'd')]
    >>> [p.nodes for p in career_paths(g, "a", "d", all_paths=True)]
    [('a', 'c', 'd'), ('a', 'b', 'c', 'd')]
    """
    import networkx as nx

    for node in (source, target):
        if node not in career:
            raise UsageError(f"{node}: not in the career graph")
    if all_paths:
        found = sorted(nx.all_simple_paths(career, source, target, cutoff=cutoff), key=lambda p: (len(p), p))
    else:
        try:
            found = [nx.shortest_path(career, source, target)]
        except nx.NetworkXNoPath:
            found = []
    return [_path(career, p, role_tools, role_skills) for p in found]


#: At most this many shortest paths are kept by :func:`all_career_paths` (and written as RDF).
DEFAULT_MAX_PATHS = 5000


def all_career_paths(career, *, role_tools=None, role_skills=None, max_paths: int | None = DEFAULT_MAX_PATHS
                     ) -> list[CareerPath]:
    """The shortest path between every ordered pair of career nodes where one leads to the other.

    When there are more than ``max_paths`` pairs, the paths between two occupations come first,
    then the shorter ones (then by IRI), and the rest are left out (``None``: keep all).
    """
    import networkx as nx

    found = []
    for source in sorted(career):
        for target, nodes in nx.single_source_shortest_path(career, source).items():
            if target != source:
                found.append(nodes)
    if max_paths is not None and len(found) > max_paths:
        def priority(nodes):
            ends = (career.nodes[nodes[0]].get("kind"), career.nodes[nodes[-1]].get("kind"))
            return (ends != ("occupation", "occupation"), len(nodes), nodes[0], nodes[-1])

        found = sorted(found, key=priority)[:max_paths]
    cache: dict = {}
    return [_path(career, nodes, role_tools, role_skills, cache) for nodes in sorted(found, key=lambda n: (n[0], n[-1]))]


# --------------------------------------------------------------------------- similarity


def role_features(role_tools, role_skills, *, occupations: dict[str, str] | None = None
                  ) -> dict[str, dict[str, set[str]]]:
    """Per role: its ``tools``, the ``categories`` its documents file them under, its ``skills``
    and its ``occupations`` (from ``occupations``, role -> occupation IRI)."""
    out: dict[str, dict[str, set[str]]] = {}
    occupations = occupations or {}

    def entry(role):
        return out.setdefault(role, {"tools": set(), "categories": set(), "skills": set(),
                                     "occupations": {occupations[role]} if role in occupations else set()})

    for role, data in role_tools.nodes(data=True):
        if data.get("kind") != "role":
            continue
        features = entry(role)
        for tool in role_tools.neighbors(role):
            features["tools"].add(tool)
            features["categories"].update(role_tools.edges[role, tool].get("categories", ()))
    for role, data in role_skills.nodes(data=True):
        if data.get("kind") == "role":
            entry(role)["skills"].update(role_skills.neighbors(role))
    return out


def weighted_jaccard(a: dict[str, set[str]], b: dict[str, set[str]], weights: dict[str, float] = DEFAULT_WEIGHTS
                     ) -> tuple[float, set[str]]:
    """The weighted Jaccard index of two feature sets (kind -> items) and the items they share.

    Each item weighs its kind's weight: the shared weight over the weight of the union.

    >>> weighted_jaccard({"tools": {"x", "y"}}, {"tools": {"y", "z"}}, {"tools": 1.0})
    (0.3333333333333333, {'y'})
    """
    shared_weight = union_weight = 0.0
    shared: set[str] = set()
    for kind, weight in weights.items():
        if weight <= 0:  # a kind that weighs nothing explains nothing
            continue
        left, right = a.get(kind, set()), b.get(kind, set())
        both = left & right
        shared |= both
        shared_weight += weight * len(both)
        union_weight += weight * len(left | right)
    return (shared_weight / union_weight if union_weight else 0.0), shared


def role_similarities(role_tools, role_skills, *, weights: dict[str, float] = DEFAULT_WEIGHTS,
                      occupations: dict[str, str] | None = None, top: int | None = None) -> list[Similarity]:
    """The similarity of every pair of roles that share something, best first: ``o`` times 1 when
    both roles have one occupation, plus ``1 - o`` times the weighted Jaccard index of their tools,
    categories and skills (``o`` is ``weights["occupations"]``; see the module docstring).

    With ``top``, only the pairs among the ``top`` best of at least one of their two roles are kept
    (ties at the cut are kept too), so the result grows with the number of roles, not its square.

    ``weights`` may name ``tools``, ``categories``, ``skills`` (item weights, 0 or more) and
    ``occupations`` (a share, 0 to 1; it needs ``occupations``, role -> occupation IRI); kinds it
    does not name weigh nothing.
    """
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise UsageError(f"unknown similarity weights {sorted(unknown)}; known: {', '.join(DEFAULT_WEIGHTS)}")
    if any(w < 0 for w in weights.values()):
        raise UsageError("similarity weights must be 0 or more")
    share = weights.get("occupations", 0.0)
    if share > 1:
        raise UsageError(f"the occupations weight is a share of the score, from 0 to 1, not {share:g}")
    items = {kind: w for kind, w in weights.items() if kind != "occupations"}
    features = role_features(role_tools, role_skills, occupations=occupations)
    out = []
    for a, b in combinations(sorted(features), 2):
        jaccard, shared = weighted_jaccard(features[a], features[b], items)
        same = features[a]["occupations"] & features[b]["occupations"] if share > 0 else set()
        score = share * bool(same) + (1 - share) * jaccard
        shared |= same
        if score > 0:
            out.append(Similarity(a, b, score, tuple(sorted(shared))))
    out.sort(key=lambda s: (-s.score, s.a, s.b))
    if top is not None:
        by_role: dict[str, list[float]] = {}
        for sim in out:  # best first, so each role's list is sorted
            by_role.setdefault(sim.a, []).append(sim.score)
            by_role.setdefault(sim.b, []).append(sim.score)
        cut = {role: scores[min(top, len(scores)) - 1] for role, scores in by_role.items() if top > 0}
        out = [sim for sim in out if top > 0 and (sim.score >= cut[sim.a] or sim.score >= cut[sim.b])]
    return out


# --------------------------------------------------------------------------- centrality, communities


def centrality(role_tools, role_skills, *, sample: int | None = None, seed: int = DEFAULT_SEED) -> list[Centrality]:
    """Degree and normalised betweenness of every tool (role-tool graph) and skill (role-skill
    graph), most central first within each kind.

    Betweenness is exact unless ``sample`` is given: then it is estimated from that many source
    nodes drawn with ``seed`` (networkx's ``k``), for graphs too large to do exactly.
    """
    import networkx as nx

    out = []
    for graph, kind in ((role_tools, "tool"), (role_skills, "skill")):
        k = sample if sample is not None and sample < graph.number_of_nodes() else None
        between = nx.betweenness_centrality(graph, normalized=True, k=k, seed=seed if k else None) \
            if graph.number_of_nodes() else {}
        for node, data in graph.nodes(data=True):
            if data.get("kind") == kind:
                out.append(Centrality(node, data.get("label", node), kind, graph.degree(node), between.get(node, 0.0)))
    out.sort(key=lambda c: (c.kind != "tool", -c.betweenness, -c.degree, c.label, c.node))
    return out


def communities(role_tools, *, seed: int = DEFAULT_SEED, resolution: float = 1.0) -> list[Community]:
    """Louvain communities of the role-tool graph, largest first (numbered from 1)."""
    import networkx as nx

    found = nx.community.louvain_communities(role_tools, seed=seed, resolution=resolution)
    ordered = sorted((tuple(sorted(c)) for c in found), key=lambda c: (-len(c), c))
    return [Community(n, members) for n, members in enumerate(ordered, start=1)]


# --------------------------------------------------------------------------- everything


def analyze(store, *, weights: dict[str, float] | None = None, seed: int = DEFAULT_SEED,
            resolution: float = 1.0, top: int | None = DEFAULT_TOP, max_paths: int | None = DEFAULT_MAX_PATHS,
            write: bool = True) -> Analysis:
    """Compute career paths, similar roles, centrality and communities from ``store``.

    ``weights`` changes the similarity weight of some kinds (the others keep ``DEFAULT_WEIGHTS``);
    ``top`` keeps the best similar roles of each role (see :func:`role_similarities`), ``max_paths``
    the number of career paths (see :func:`all_career_paths`); ``None`` keeps everything.
    With ``write`` (the default) the results replace the named graph ``rgid:graph/analysis``.
    """
    import networkx as nx

    from rolegraph.graph import nx as conv

    started = time.perf_counter()
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    facts = conv.node_facts(store)
    found = conv.labels(store, facts=facts)
    role_tools = conv.role_tool_graph(store, found=found)
    role_skills = conv.role_skill_graph(store, found=found)
    career = conv.career_graph(store, found=found)
    version = f"networkx {nx.__version__}"
    largest = max(role_tools.number_of_nodes(), role_skills.number_of_nodes())
    sample = BETWEENNESS_SAMPLE if largest > EXACT_BETWEENNESS_UP_TO else None
    analysis = Analysis(
        career=career,
        role_tools=role_tools,
        role_skills=role_skills,
        paths=all_career_paths(career, role_tools=role_tools, role_skills=role_skills, max_paths=max_paths),
        similarities=role_similarities(role_tools, role_skills, weights=weights,
                                       occupations=conv.occupations(store), top=top),
        centrality=centrality(role_tools, role_skills, sample=sample, seed=seed),
        communities=communities(role_tools, seed=seed, resolution=resolution),
        runs={
            "career": Run(f"shortest_path between every pair of career nodes ({version}); nodes are occupations, "
                          "or roles aligned to none", {"nodes": "occupation, else role", "max_paths": max_paths}),
            "similarity": Run("occupations * same occupation + (1 - occupations) * weighted Jaccard index over "
                              "tools, tool categories and skills (the weight of the shared items over the weight "
                              "of all items of either role)",
                              {**{f"weight.{k}": v for k, v in sorted(weights.items())}, "top": top}),
            "centrality": Run(f"degree and betweenness_centrality, normalized ({version}); tools in the role-tool "
                              "graph, skills in the role-skill graph", {"normalized": "true", "sample": sample or "exact"}),
            "communities": Run(f"louvain_communities of the role-tool graph ({version})",
                               {"seed": seed, "resolution": resolution}),
        },
        documents=[d.iri for d in store.documents()],
        node_facts=facts,
    )
    if write:
        analysis.triples = conv.write_results(store, conv.results_graph(analysis))
    analysis.seconds = time.perf_counter() - started
    return analysis
