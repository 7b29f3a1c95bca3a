"""SHACL validation of a document's graph against ``ontology/shapes.ttl``.

The data validated is the document's graph plus, from the vocabulary graph, the ``rdf:type`` of
every node the document refers to. That is what lets a shape require that a category, frequency or
level is a concept of its scheme (``sh:class rg:ToolCategory``), without copying the whole
vocabulary (thousands of labels) into every validation. The shapes and the vocabulary are loaded
once per process (about 0.3 s), and so are pySHACL's shape objects (:func:`_shapes`); after that a
synthetic document of ~440 triples takes about 4 ms of CPU: 20 ms when every call parsed the
shapes again and the data sat in rdflib's context-aware store, 10 ms before each property shape
took the targets of its node shape (:func:`_targets_on_property_shapes`) and the data went into
an index of its own (:class:`_TripleIndex`); cProfile and ``time.process_time`` over 300
documents.

>>> from rolegraph.model import Extraction, Item
>>> ex = Extraction(document="lead.md", path="lead.md", language="en",
...                 content_hash="sha256:" + "0" * 64, role=Item("Support team leader", line=1))
>>> validate(to_rdf(ex), document="lead.md").conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.paths import Path
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from rolegraph.errors import ShapeViolation
from rolegraph.graph.rdf import to_rdf
from rolegraph.namespaces import RG, RGID

__all__ = ["ValidationReport", "validate", "check", "shapes_graph"]


@dataclass
class ValidationReport:
    """The outcome of validating one document's graph.

    ``results`` holds one line per violation, ``"document: thing: message (path)"``;
    ``text`` is pySHACL's own report.
    """

    conforms: bool
    results: list[str] = field(default_factory=list)
    text: str = ""

    def __bool__(self) -> bool:
        return self.conforms


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes of ``ontology/shapes.ttl``, parsed once and shared (read-only)."""
    from rolegraph.ontology import resource_text

    return Graph().parse(data=resource_text("shapes.ttl"), format="turtle")


@cache
def _vocabulary_types() -> dict[URIRef, tuple[URIRef, ...]]:
    """``rdf:type`` of every node of the vocabulary graph, for looking up referenced nodes."""
    from rolegraph.ontology import vocabulary_graph

    types: dict[URIRef, list[URIRef]] = {}
    for s, o in vocabulary_graph().subject_objects(RDF.type):
        if isinstance(s, URIRef):
            types.setdefault(s, []).append(o)
    return {s: tuple(sorted(os)) for s, os in types.items()}


def _data_graph(graph: Graph | Iterable[tuple], *, store: str = "default") -> Graph:
    """The graph pySHACL validates: ``graph`` plus the vocabulary types of the nodes it refers to.

    ``store="index"`` (what :func:`validate` uses) keeps the triples in a :class:`_TripleIndex`:
    filling it and looking triples up cost about a third of what they cost in rdflib's default
    store. Any other value names an rdflib store plugin.
    """
    if store == "index":
        index = _TripleIndex()
        data = _DataGraph(store=index)
        add = index.put
    else:
        data = _DataGraph(store=store)
        add = data.add
    nodes = set()
    for triple in graph:
        add(triple)
        nodes.add(triple[0])
        nodes.add(triple[2])
    types = _vocabulary_types()
    for node in nodes:
        if isinstance(node, URIRef):
            for cls in types.get(node, ()):
                add((node, RDF.type, cls))
    return data


class _DataGraph(Graph):
    """An rdflib graph that is true without being counted: pySHACL tests the truth of the data graph
    a few times a validation, and ``len()`` of a ``SimpleMemory`` graph walks every triple.

    Over a :class:`_TripleIndex`, a pattern whose predicate is an IRI or unbound (every pattern
    pySHACL asks of these shapes) goes to the index at once, without the test for a property
    path (an ABC's ``isinstance``, some 2,000 times a document).
    """

    def __bool__(self) -> bool:
        return True

    def triples(self, triple):
        store = self.store
        if type(store) is _TripleIndex and (triple[1] is None or type(triple[1]) is URIRef):
            return store.matches(triple)
        return super().triples(triple)


class _TripleIndex(SimpleMemory):
    """rdflib's ``SimpleMemory`` store with cheaper indices, for the data graph of one validation.

    The same three indices (subject, predicate, object first), filled by :meth:`put` with one
    ``setdefault`` chain each instead of a method call and three nested ``try`` blocks through
    ``Graph.add``; :meth:`matches` yields the triples of a pattern in the order ``SimpleMemory``
    does, without a new generator of contexts for every triple. The object-first index is made
    when a pattern first needs it (one with only the object bound; pySHACL asks none of these
    shapes), from the triples in the order they were added. Prefixes are bound as in
    ``SimpleMemory``. Adding or removing through the graph works as usual.
    """

    def __init__(self, configuration=None, identifier=None):
        super().__init__(configuration, identifier)
        self._spo: dict = {}
        self._pos: dict = {}
        self._osp: dict | None = None
        self._added: list | None = []  # the triples in order, until the object-first index is made

    def put(self, triple) -> None:
        """Add one triple (rdflib terms)."""
        s, p, o = triple
        self._spo.setdefault(s, {}).setdefault(p, {})[o] = 1
        self._pos.setdefault(p, {}).setdefault(o, {})[s] = 1
        if self._added is not None:
            self._added.append(triple)
        else:
            self._osp.setdefault(o, {}).setdefault(s, {})[p] = 1

    def _objects_first(self) -> dict:
        if self._osp is None:
            osp: dict = {}
            for s, p, o in self._added:
                osp.setdefault(o, {}).setdefault(s, {})[p] = 1
            self._osp, self._added = osp, None
        return self._osp

    def add(self, triple, context, quoted: bool = False) -> None:
        self.put(triple)

    def remove(self, triple_pattern, context=None) -> None:
        osp = self._objects_first()
        for s, p, o in list(self.matches(triple_pattern)):
            del self._spo[s][p][o]
            del self._pos[p][o][s]
            del osp[o][s][p]

    def matches(self, pattern):
        """The triples that match ``pattern`` (``None`` for any term)."""
        s, p, o = pattern
        if s is not None:
            by_p = self._spo.get(s)
            if not by_p:
                return
            for pred, objects in by_p.items() if p is None else [(p, by_p.get(p, ()))]:
                if o is None:
                    for obj in objects:
                        yield s, pred, obj
                elif o in objects:
                    yield s, pred, o
        elif p is not None:
            by_o = self._pos.get(p)
            if not by_o:
                return
            if o is not None:
                for subj in by_o.get(o, ()):
                    yield subj, p, o
            else:
                for obj, subjects in by_o.items():
                    for subj in subjects:
                        yield subj, p, obj
        elif o is not None:
            for subj, predicates in self._objects_first().get(o, {}).items():
                for pred in predicates:
                    yield subj, pred, o
        else:
            for subj, by_p in self._spo.items():
                for pred, objects in by_p.items():
                    for obj in objects:
                        yield subj, pred, obj

    def triples(self, triple_pattern, context=None):
        for triple in self.matches(triple_pattern):
            yield triple, iter(())

    def __len__(self, context=None) -> int:
        return sum(len(objects) for by_p in self._spo.values() for objects in by_p.values())


@cache
def _shapes():
    """pySHACL's parsed form of the shapes (a ``ShapesGraph``), made once and shared.

    The shapes graph is never changed by a validation without inference or SHACL rules, so the
    shape objects pySHACL harvests from it can serve every validation of the process (making them
    again cost about 1 ms a document). The graph behind it is kept in rdflib's ``SimpleMemory``
    store, whose lookups are cheaper than those of the default store.
    """
    from pyshacl.shapes_graph import ShapesGraph

    from rolegraph.ontology import resource_text

    _set_constraint_parameters()
    graph = _ShapesGraph(store="SimpleMemory", bind_namespaces="core").parse(data=resource_text("shapes.ttl"), format="turtle")
    _targets_on_property_shapes(graph)
    return ShapesGraph(graph)


#: The target declarations of SHACL Core.
_TARGETS = frozenset((SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf))

#: What a node shape may say besides its targets and its property shapes for
#: :func:`_targets_on_property_shapes` to move its targets: nothing that constrains or reports.
_INERT = frozenset((RDF.type, RDFS.comment, RDFS.label))


def _targets_on_property_shapes(graph: Graph) -> None:
    """Give each property shape of a node shape that only groups them (targets and ``sh:property``,
    nothing else) the node shape's targets, and take them from the node shape.

    For every focus node of a node shape, pySHACL validates each of its property shapes on that one
    node: it builds the property shape's constraint components again for every node (some 300 times
    a document, half the time of a validation). A property shape with the targets itself is
    validated once, on all its focus nodes together. SHACL gives the same results either way: the
    same focus nodes, value nodes, paths, messages and source shapes (the property shape). Only
    pySHACL's report text shows the moved targets when it describes a source shape. A property shape
    that other shapes refer to too, or that has targets of its own, is left where it is. The node
    shape, with nothing left to check, is taken out (pySHACL would look for its focus nodes).
    """
    users: dict = {}
    for s, p, o in graph:
        users.setdefault(o, []).append((s, p))
    for shape in set(graph.subjects(SH.property, None)):
        if (shape, SH.path, None) in graph:  # a property shape with property shapes of its own
            continue
        said = set(graph.predicate_objects(shape))
        if any(p not in _TARGETS and p not in _INERT and p != SH.property for p, _ in said):
            continue
        targets = [(p, o) for p, o in said if p in _TARGETS]
        members = [o for p, o in said if p == SH.property]
        if not targets or any(len(users.get(m, ())) != 1 or any(p in _TARGETS for p, _ in graph.predicate_objects(m))
                              for m in members):
            continue
        for member in members:
            for p, o in targets:
                graph.add((member, p, o))
            graph.remove((shape, SH.property, member))
        for p, o in targets:
            graph.remove((shape, p, o))
        if not users.get(shape):  # nothing left to check and nothing refers to it: no longer a shape
            graph.remove((shape, None, None))


class _ShapesGraph(Graph):
    """An rdflib graph that remembers the answer to each triple pattern asked of it.

    pySHACL reads a shape's parameters from the shapes graph again for every focus node it
    checks against that shape (some 300 times a document); the shapes graph does not change
    between validations, so each answer is worked out once. Adding or removing a triple forgets
    every answer.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._answers: dict = {}

    def triples(self, triple):
        try:
            return iter(self._answers[triple])
        except KeyError:
            pass
        except TypeError:  # an unhashable pattern: asked of the store
            return super().triples(triple)
        if isinstance(triple[1], Path):  # a property path: evaluated every time (checked here, after
            return super().triples(triple)  # the lookup: an ABC's isinstance is slow, asked 1,000 times a document)
        answer = self._answers[triple] = tuple(super().triples(triple))
        return iter(answer)

    def add(self, triple):
        self._answers.clear()
        return super().add(triple)

    def addN(self, quads):
        self._answers.clear()
        return super().addN(quads)

    def remove(self, triple):
        self._answers.clear()
        return super().remove(triple)


class _Parameters(list):
    """pySHACL's list of constraint parameters that answers ``in`` by hashing.

    For every shape it evaluates on every focus node, pySHACL asks, predicate by predicate of the
    shape, ``p in CONSTRAINT_PARAMETERS``: a scan of some 30 IRIs compared by a Python-level
    ``__eq__``, a quarter of the time of a validation. A set answers the same question (an IRI is
    in the list exactly when it is in the set) in one hash. The list itself is unchanged, for the
    code that copies or iterates it.
    """

    def __init__(self, items):
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item) -> bool:
        return item in self._members


def _set_constraint_parameters() -> None:
    """Give pySHACL's shape module its constraint parameters as a :class:`_Parameters`.

    ``pyshacl.shape`` keeps them in a module attribute it fills on first use; filling it first
    changes nothing but the speed of ``in``. With a pySHACL that does not work this way the call
    does nothing.
    """
    import pyshacl.shape as shape_module

    try:
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:
        return
    current = getattr(shape_module, "CONSTRAINT_PARAMS", None)
    if current is None or not isinstance(current[0], _Parameters):
        shape_module.CONSTRAINT_PARAMS = (_Parameters(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)


def _shacl(data: Graph) -> tuple[bool, Graph | None, str]:
    """Run pySHACL on ``data`` (no inference, no SHACL-AF, no meta-SHACL: what rolegraph always
    asked of ``pyshacl.validate``): ``(conforms, report graph, report text)``.

    Calls pySHACL's ``Validator`` directly, with the shared shapes of :func:`_shapes`, and
    validates ``data`` in place (pySHACL would not copy it either with these options). pySHACL
    wraps the data graph in a dataset that needs a context-aware store of its own; the triples
    are read from ``data`` itself.
    """
    from pyshacl import Validator
    from pyshacl.errors import ValidationFailure
    from pyshacl.graph_abstraction import DataGraph
    from rdflib.plugins.stores.memory import Memory

    shapes = _shapes()
    options = {"inference": "none", "advanced": False, "abort_on_first": False, "allow_warnings": False,
               "inplace": True}
    validator = Validator(DataGraph(Memory(), impl=data), shacl_graph=shapes.graph, options=options)
    validator.shacl_graph = shapes
    try:
        conforms, report, text = validator.run()
    except ValidationFailure as exc:
        return False, None, f"Validation Failure - {exc.message}"
    return bool(conforms), report, text


_KINDS = {
    RG.Document: "document", RG.Role: "role", RG.Responsibility: "responsibility", RG.Skill: "skill",
    RG.Tool: "tool", RG.ToolMention: "tool mention", RG.Mention: "mention", RG.CareerStep: "career step",
    RG.BestPractice: "best practice",
}


def _name(graph: Graph, node) -> str:
    """How a result line names a node: its kind, its words and its line (``tool mention "Slack" line 16``)."""
    kinds = [_KINDS[t] for t in graph.objects(node, RDF.type) if t in _KINDS]
    kind = min(kinds, key=lambda k: (-len(k), k)) if kinds else ""
    if kind == "document":
        return kind
    words = ""
    for prop in (RDFS.label, RG.text, DCTERMS.title):
        value = graph.value(node, prop, any=True)
        if isinstance(value, Literal) and str(value):
            words = f'"{value}"'
            break
    if not words:
        text = str(node)
        words = text[len(str(RGID)):] if text.startswith(str(RGID)) else text
    line = graph.value(node, RG.line, any=True)
    return " ".join(part for part in (kind, words, f"line {line}" if line is not None else "") if part)


def _path(graph: Graph, path) -> str:
    if path is None:
        return ""
    try:
        return graph.namespace_manager.normalizeUri(path)
    except Exception:  # a complex path (blank node): show it as is
        return str(path)


def validate(graph: Graph | Iterable[tuple], *, document: str) -> ValidationReport:
    """Validate one document's graph (an rdflib graph, or its triples as :func:`~rolegraph.graph.rdf.statements`
    gives them); ``document`` names it in the result lines."""
    data = _data_graph(graph, store="index")
    conforms, report, text = _shacl(data)
    results = []
    if not conforms and report is None:
        results.append(f"{document}: {text}")
    elif not conforms:
        from rolegraph.namespaces import bind_prefixes

        bind_prefixes(data)
        for result in report.objects(None, SH.result):
            focus = report.value(result, SH.focusNode)
            message = report.value(result, SH.resultMessage) or report.value(result, SH.sourceConstraintComponent)
            path = _path(data, report.value(result, SH.resultPath))
            value = report.value(result, SH.value)
            line = f"{document}: {_name(data, focus)}: {message}"
            if path:
                line += f" ({path}"
                if value is not None and not (isinstance(value, URIRef) and value == focus):
                    line += f" = {_name(data, value) if isinstance(value, URIRef) else repr(str(value))}"
                line += ")"
            results.append(line)
        results.sort()
    return ValidationReport(conforms=bool(conforms), results=results, text=text)


def check(graph: Graph, *, document: str) -> None:
    """Raise :class:`~rolegraph.errors.ShapeViolation` when ``graph`` does not conform."""
    report = validate(graph, document=document)
    if not report.conforms:
        raise ShapeViolation(document, report.results)
