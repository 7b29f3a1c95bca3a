"""SHACL validation of a document's graph against ``ontology/shapes.ttl``.

The data validated is the document's graph plus, from the vocabulary graph, the ``rdf:type`` of
every node the document refers to. That is what lets a shape require that a category, frequency or
level is a concept of its scheme (``sh:class rg:ToolCategory``), without copying the whole
vocabulary (thousands of labels) into every validation. The shapes and the vocabulary are loaded
once per process (about 0.3 s); after that a document of a few hundred triples takes tens of
milliseconds (6 to 42 ms for the seed, example and corpus documents on a busy 2-core machine).

>>> from rolegraph.model import Extraction, Item
>>> ex = Extraction(document="lead.md", path="lead.md", language="en",
...                 content_hash="sha256:" + "0" * 64, role=Item("Support team leader", line=1))
>>> validate(to_rdf(ex), document="lead.md").conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, Literal, URIRef
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


def _data_graph(graph: Graph) -> Graph:
    data = Graph()
    for triple in graph:
        data.add(triple)
    types = _vocabulary_types()
    nodes = {n for s, _, o in graph for n in (s, o) if isinstance(n, URIRef)}
    for node in nodes:
        for cls in types.get(node, ()):
            data.add((node, RDF.type, cls))
    return data


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


def validate(graph: Graph, *, document: str) -> ValidationReport:
    """Validate one document's graph; ``document`` names it in the result lines."""
    from pyshacl import validate as shacl_validate

    data = _data_graph(graph)
    conforms, report, text = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=False,
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
    )
    results = []
    if not conforms:
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
