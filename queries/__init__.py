"""Named SPARQL queries: ``.rq`` files that say in a header what they answer.

Every file opens with a comment header that the runner reads (and ``rolegraph queries`` and the
README print)::

    # tools-by-role: Which software tools does each role use, and under which category?
    # One row per role, tool and document ...
    # Parameters:
    #   role (rg:Role, optional): a role, by label in any language or by IRI
    # Columns:
    #   role: the role as the document names it
    #   tool: the product's canonical name

A parameter line reads ``name (type, default X | required | optional): meaning``. A parameter
whose type is a class (``rg:Role``, ``rg:Tool``, ``rg:ToolCategory`` ...) takes a label in any
language (matched case-insensitively against ``rdfs:label``, ``skos:prefLabel`` and
``skos:altLabel`` of nodes of that class) or an IRI (full or ``rgid:`` prefixed), and binds the
IRI to the variable ``?NAME_iri``; type ``iri`` does the same for a node of any class; a parameter of type ``string``, ``language`` or ``integer``
binds a literal to ``?NAME``. Values are handed to the store as pyoxigraph substitutions, never
written into the query text. pyoxigraph binds only projected variables, so a query selects its
parameter variables after its columns; the runner drops those that the header does not list
under ``Columns``.

>>> {"tools-by-role", "roles-by-tool"} <= {q.name for q in list_queries()}
True
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef

from rolegraph.errors import QueryError
from rolegraph.namespaces import PREFIXES

__all__ = [
    "Parameter",
    "Column",
    "NamedQuery",
    "list_queries",
    "get",
    "parse_header",
    "load",
    "run",
    "resolve",
    "render",
    "reference",
    "RENDER_FORMATS",
]

#: Output formats of :func:`render`.
RENDER_FORMATS = ("table", "csv", "tsv", "json", "markdown")

_LITERAL_TYPES = {"string", "language", "integer"}

_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>[^,)]+)(?:,\s*(?P<spec>[^)]*))?\)\s*:\s*(?P<meaning>.*)$"
)
_COLUMN_LINE = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<meaning>.*)$")
_SPARQL_START = re.compile(r"^\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I | re.M)


@dataclass(frozen=True)
class Parameter:
    """A parameter of a named query, as its header declares it."""

    name: str
    type: str
    meaning: str
    required: bool = False
    default: str | None = None

    @property
    def is_class(self) -> bool:
        """Whether the value is resolved to the IRI of a node of class :attr:`type`."""
        return self.type not in _LITERAL_TYPES

    @property
    def variable(self) -> str:
        """The query variable the parameter binds (``role`` -> ``role_iri``; ``language`` -> ``language``)."""
        return f"{self.name}_iri" if self.is_class else self.name

    def usage(self) -> str:
        """The parameter as a header line shows it: ``role (rg:Role, optional)``."""
        spec = "required" if self.required else (f"default {self.default}" if self.default is not None else "optional")
        return f"{self.name} ({self.type}, {spec})"


@dataclass(frozen=True)
class Column:
    """A result column of a named query."""

    name: str
    meaning: str


@dataclass(frozen=True)
class NamedQuery:
    """A query with its header: the question it answers, its parameters and its columns."""

    name: str
    question: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[Column, ...]
    text: str
    source: str = ""

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; :class:`~rolegraph.errors.QueryError` when there is none."""
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "no parameters"
        raise QueryError(f"{self.name}: unknown parameter {name!r} (it takes: {known})")

    def help(self) -> str:
        """A few lines for ``rolegraph queries NAME``: question, description, parameters, columns."""
        lines = [f"{self.name}: {self.question}"]
        if self.description:
            lines += ["", self.description]
        lines += ["", "Parameters:"]
        lines += [f"  {p.usage()}: {p.meaning}" for p in self.parameters] or ["  (none)"]
        lines += ["", "Columns:"]
        lines += [f"  {c.name}: {c.meaning}" for c in self.columns]
        example = " ".join(f"--param {p.name}=..." for p in self.parameters if p.required)
        lines += ["", f"Run: rolegraph query {self.name} {example}".rstrip()]
        return "\n".join(lines)


# --------------------------------------------------------------------------- reading queries


def parse_header(text: str, *, name: str | None = None, source: str = "") -> NamedQuery:
    """Read the header comment of a query file into a :class:`NamedQuery`.

    Raises :class:`~rolegraph.errors.QueryError` naming ``source`` and the line when the header
    is malformed. A text without a header gets ``name`` (or ``query``) and no parameters.

    >>> q = parse_header("# demo: What is there?\\n# Columns:\\n#   s: a subject\\nSELECT ?s WHERE { ?s ?p ?o }")
    >>> q.name, q.question, [c.name for c in q.columns]
    ('demo', 'What is there?', ['s'])
    """
    where = source or name or "query"
    comments: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            if comments:
                break
            continue
        if not stripped.startswith("#"):
            break
        comments.append((number, stripped[1:].strip() if stripped != "#" else ""))
    if not comments or ":" not in comments[0][1]:
        return NamedQuery(name or "query", "", "", (), (), text, source)
    first_name, question = (part.strip() for part in comments[0][1].split(":", 1))
    description: list[str] = []
    params: list[Parameter] = []
    columns: list[Column] = []
    part = "description"
    for number, body in comments[1:]:
        lowered = body.lower()
        if lowered in ("parameters:", "columns:"):
            part = lowered[:-1]
            continue
        if part == "description":
            description.append(body)
        elif part == "parameters":
            if body.lower() in ("none", "(none)", ""):
                continue
            params.append(_parameter(body, f"{where}:{number}"))
        else:
            if not body:
                continue
            match = _COLUMN_LINE.match(body)
            if not match:
                raise QueryError(f"{where}:{number}: column line should read 'name: meaning', got {body!r}")
            columns.append(Column(match["name"], match["meaning"]))
    return NamedQuery(
        name=name or first_name,
        question=question,
        description=" ".join(d for d in description if d).strip(),
        parameters=tuple(params),
        columns=tuple(columns),
        text=text,
        source=source,
    )


def _parameter(body: str, where: str) -> Parameter:
    match = _PARAM_LINE.match(body)
    if not match:
        raise QueryError(f"{where}: parameter line should read 'name (type, default X | required): meaning', got {body!r}")
    spec = (match["spec"] or "optional").strip()
    required, default = False, None
    if spec == "required":
        required = True
    elif spec.startswith("default "):
        default = spec[len("default ") :].strip()
    elif spec != "optional":
        raise QueryError(f"{where}: parameter spec should be 'required', 'optional' or 'default X', got {spec!r}")
    return Parameter(match["name"], match["type"].strip(), match["meaning"].strip(), required, default)


@cache
def _bundled() -> dict[str, NamedQuery]:
    folder = resources.files(__name__)
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            text = entry.read_text(encoding="utf-8")
            query = parse_header(text, name=name, source=f"queries/{entry.name}")
            found[name] = query
    return found


def list_queries() -> list[NamedQuery]:
    """The named queries bundled with rolegraph, sorted by name."""
    return list(_bundled().values())


def get(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name raises :class:`~rolegraph.errors.QueryError`
    suggesting the nearest names."""
    queries = _bundled()
    if name in queries:
        return queries[name]
    near = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(near)}?" if near else f"; known: {', '.join(queries)}"
    raise QueryError(f"no named query {name!r}{hint}")


def load(name_or_text: str) -> NamedQuery:
    """A named query, a ``.rq`` file, or SPARQL text, as a :class:`NamedQuery`."""
    if _SPARQL_START.search(name_or_text) and ("{" in name_or_text or "\n" in name_or_text):
        return parse_header(name_or_text, name="query", source="query")
    if name_or_text.endswith(".rq") or "/" in name_or_text or "\\" in name_or_text:
        path = Path(name_or_text)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{path}: cannot read the query file: {exc.strerror or exc}") from exc
        return parse_header(text, name=path.stem, source=str(path))
    return get(name_or_text)


# --------------------------------------------------------------------------- running


def run(store, name_or_text: str | NamedQuery, *, params: dict[str, str] | None = None):
    """Run a named query (or a ``.rq`` file, or SPARQL text) with string parameters.

    ``params`` maps parameter names to values as a person types them: labels in any language or
    IRIs for class parameters, text for literal ones. They are resolved (see :func:`resolve`) and
    bound as RDF terms. Returns a :class:`~rolegraph.graph.store.QueryResult` without the
    parameter-only variables.
    """
    query = name_or_text if isinstance(name_or_text, NamedQuery) else load(name_or_text)
    bindings = _bindings(store, query, params or {})
    text = _bind_subselects(query.text, bindings) if bindings and query.parameters else query.text
    result = store.query(text, bindings=bindings)
    if result.kind != "select" or not query.columns:
        return result
    hidden = {p.variable for p in query.parameters} - {c.name for c in query.columns}
    keep = [i for i, v in enumerate(result.variables) if v not in hidden]
    if len(keep) == len(result.variables):
        return result
    result.variables = [result.variables[i] for i in keep]
    result.rows = [tuple(row[i] for i in keep) for row in result.rows]
    result.terms = [tuple(row[i] for i in keep) for row in result.terms]
    return result


_SUBSELECT = re.compile(r"\bSELECT\b", re.I)
_PROJECTION_END = re.compile(r"\{|\bWHERE\b", re.I)


def _bind_subselects(text: str, bindings: dict[str, Any]) -> str:
    """``text`` with a ``VALUES`` block opening each sub-select that projects a bound parameter.

    The store binds parameters for the outermost group (a ``VALUES`` block there, and pyoxigraph
    substitutions); a sub-select is planned apart from it, so without its own block its joins may
    start from every node instead of the parameter (similar-roles: 75 ms instead of 14 ms for one
    sub-select on 1,000 documents). A remote store sees the same blocks. Only a sub-select that
    lists the variable itself in its projection (not ``*``, not ``(... AS ?x)``) gets one, so its
    answer is the one the outer join would keep.

    >>> from rdflib import URIRef
    >>> _bind_subselects("SELECT ?a_iri WHERE { { SELECT ?a_iri (COUNT(?x) AS ?n) WHERE { ?a_iri ?p ?x } GROUP BY ?a_iri } }",
    ...                  {"a_iri": URIRef("https://example.org/a")})
    'SELECT ?a_iri WHERE { { SELECT ?a_iri (COUNT(?x) AS ?n) WHERE { VALUES (?a_iri) { (<https://example.org/a>) } ?a_iri ?p ?x } GROUP BY ?a_iri } }'
    """
    from rolegraph.graph.store import blank_out, values_block

    blanked = blank_out(text)  # strings, IRIs and comments: none of their words is taken
    inserts: list[tuple[int, str]] = []
    for match in list(_SUBSELECT.finditer(blanked))[1:]:  # the first SELECT is the query's own
        end = _PROJECTION_END.search(blanked, match.end())
        if end is None:
            continue
        depth, projected = 0, set()
        for token in re.finditer(r"[()]|[?$](\w+)", blanked[match.end():end.start()]):
            if token.group(0) == "(":
                depth += 1
            elif token.group(0) == ")":
                depth -= 1
            elif depth == 0:
                projected.add(token.group(1))
        wanted = [name for name in bindings if name in projected]
        brace = blanked.find("{", end.start())
        if wanted and brace >= 0:
            # one block for all (Virtuoso 7.2 answers nothing when two blocks precede a UNION)
            inserts.append((brace + 1, " " + values_block({name: bindings[name] for name in wanted})))
    for at, block in reversed(inserts):
        text = text[:at] + block + text[at:]
    return text


def _bindings(store, query: NamedQuery, params: dict[str, str]) -> dict[str, Any]:
    bindings: dict[str, Any] = {}
    if not query.parameters:  # ad-hoc SPARQL: IRIs where they look like IRIs, else strings
        for name, value in params.items():
            bindings[name] = _as_iri(value) or Literal(value)
        return bindings
    for name in params:
        query.parameter(name)  # unknown names fail here
    for p in query.parameters:
        value = params.get(p.name, p.default)
        if value is None:
            if p.required:
                raise QueryError(f"{query.name}: parameter {p.name!r} is required ({p.meaning})")
            continue
        bindings[p.variable] = resolve(store, p, value)
    return bindings


def _as_iri(value: str) -> URIRef | None:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", value) or value.startswith("urn:"):
        return URIRef(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and local and " " not in local:
        return URIRef(PREFIXES[prefix] + local)
    return None


# Inside GRAPH ?g: every graph types and labels the nodes it mentions, and the union would
# repeat a node's type and labels once per document that states them.
_LABELS = """
SELECT DISTINCT ?node ?label ?type WHERE {
  GRAPH ?g { ?node a ?type ; rdfs:label|skos:prefLabel|skos:altLabel ?label . }
}
"""


def _exact_labels_query(value: str, class_iri: URIRef | None) -> str:
    """The query for the nodes (of class ``class_iri``) with a label that is ``value`` as written,
    in lower, upper or title case, with any language tag of ``languages.yaml`` or none.

    The candidate labels are a ``VALUES`` block (the terms written by pyoxigraph's serializer, as
    the remote store binds parameters), so the lookup starts from the label in the index: the
    store's planner does not see values handed over as substitutions.

    >>> "VALUES ?label" in _exact_labels_query('Agent "x"', None)
    True
    """
    import pyoxigraph as ox

    from rolegraph.ontology import language_profiles

    text = value.strip()
    forms = dict.fromkeys(f for f in (text, text.lower(), text.upper(), text.title(), text.capitalize(),
                                      text[:1].upper() + text[1:], text.casefold()) if f)
    languages = sorted(language_profiles())
    labels = []
    for form in forms:
        labels.append(str(ox.Literal(form)))
        labels += [str(ox.Literal(form, language=lang)) for lang in languages]
    typed = f"?node a {ox.NamedNode(str(class_iri))} ." if class_iri is not None else "?node a ?type ."
    return (
        "SELECT DISTINCT ?node ?label WHERE {\n  VALUES ?label { " + " ".join(labels) + " }\n"
        "  GRAPH ?g { ?node rdfs:label|skos:prefLabel|skos:altLabel ?label . " + typed + " }\n}"
    )


def resolve(store, parameter: Parameter, value: str):
    """The RDF term for a parameter value.

    For a class parameter: an IRI as given, or the one node of that class with the label
    ``value`` (case-insensitive, any language). An unknown label raises
    :class:`~rolegraph.errors.QueryError` naming the nearest known labels.
    """
    if not parameter.is_class:
        if parameter.type == "integer":
            try:
                return Literal(int(value))
            except ValueError:
                raise QueryError(f"parameter {parameter.name!r} wants an integer, got {value!r}") from None
        return Literal(value)
    iri = _as_iri(value)
    if iri is not None:
        return iri
    if parameter.type == "iri":  # any node: by IRI, or by the label of a node of any class
        class_iri = None
    else:
        class_iri = _as_iri(parameter.type)
        if class_iri is None:
            raise QueryError(f"parameter {parameter.name!r}: type {parameter.type!r} is not a class, iri or a literal type")
    from rolegraph.ontology import normalise

    wanted_fold, wanted_norm = value.strip().casefold(), normalise(value)
    # first the labels written as given (or in a usual casing), looked up in the index; the scan
    # of every label of the class (which grows with the store) only when none of them is there
    found = store.query(_exact_labels_query(value, class_iri)).rows
    exact = sorted({node for node, label in found if str(label).casefold() == wanted_fold})
    if exact:
        rows = []
    else:
        rows = store.query(_LABELS, bindings={"type": class_iri} if class_iri else None).rows
        exact = sorted({node for node, label, _ in rows if str(label).casefold() == wanted_fold})
    if not exact:
        exact = sorted({node for node, label, _ in rows if normalise(str(label)) == wanted_norm})
    if len(exact) == 1:
        return URIRef(exact[0])
    if len(exact) > 1:
        raise QueryError(
            f"{parameter.name} {value!r} names {len(exact)} nodes; give one IRI: " + ", ".join(exact[:5])
        )
    labels = sorted({str(label) for _, label, _ in rows})
    near = difflib.get_close_matches(value, labels, n=3, cutoff=0.5)
    if not near:
        by_fold = {label.casefold(): label for label in labels}
        near = [by_fold[m] for m in difflib.get_close_matches(wanted_fold, list(by_fold), n=3, cutoff=0.5)]
    if near:
        hint = "; did you mean " + ", ".join(repr(n) for n in near) + "?"
    elif labels:
        hint = f"; {len(labels)} known, for example " + ", ".join(repr(n) for n in labels[:3])
    else:
        hint = f"; the store has no {parameter.type} yet"
    raise QueryError(f"unknown {parameter.name} {value!r}{hint}")


def reference() -> str:
    """The named queries as a Markdown section (for the README), generated from their headers.

    >>> print(reference().splitlines()[0])
    | query | question | parameters | columns |
    """
    lines = ["| query | question | parameters | columns |", "|---|---|---|---|"]
    for q in list_queries():
        params = "<br>".join(f"`{p.usage()}`" for p in q.parameters) or "none"
        columns = ", ".join(f"`{c.name}`" for c in q.columns)
        lines.append(f"| `{q.name}` | {q.question} | {params} | {columns} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- output


def render(result, format: str = "table") -> str:
    """A query result as text: ``table`` (aligned columns), ``csv``, ``tsv``, ``markdown``, or
    ``json`` (SPARQL 1.1 Query Results JSON). An ASK result is ``true``/``false`` (or its JSON);
    a CONSTRUCT result is Turtle in every format.

    >>> from rolegraph.graph.store import QueryResult
    >>> print(render(QueryResult("select", ["a", "b"], [("x", 1)], [(Literal("x"), Literal(1))]), "csv"))
    a,b
    x,1
    <BLANKLINE>
    """
    if format not in RENDER_FORMATS:
        raise QueryError(f"unknown output format {format!r}; choose one of: {', '.join(RENDER_FORMATS)}")
    if result.kind == "ask":
        if format == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true\n" if result.boolean else "false\n"
    if result.kind == "construct":
        from rdflib import Graph

        from rolegraph.namespaces import bind_prefixes

        graph = Graph()
        bind_prefixes(graph)
        for triple in result.triples:
            graph.add(triple)
        return graph.serialize(format="turtle")
    if format == "json":
        return json.dumps(_results_json(result), ensure_ascii=False, indent=1)
    cells = [[_cell(v) for v in row] for row in result.rows]
    if format in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if format == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(cells)
        return out.getvalue()
    if format == "markdown":
        def esc(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(result.variables) + " |", "|" + "|".join("---" for _ in result.variables) + "|"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    return _table(result.variables, cells)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and "://" in value:
        return _compact(value)
    return str(value)


def _compact(iri: str) -> str:
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def _table(variables: list[str], cells: list[list[str]]) -> str:
    if not variables:
        return ""
    widths = [len(v) for v in variables]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(variables), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def _results_json(result) -> dict:
    bindings = []
    for row in result.terms:
        binding = {}
        for name, term in zip(result.variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                binding[name] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                binding[name] = {"type": "bnode", "value": str(term)}
            else:
                cell = {"type": "literal", "value": str(term)}
                if term.language:
                    cell["xml:lang"] = term.language
                elif term.datatype is not None:
                    cell["datatype"] = str(term.datatype)
                binding[name] = cell
        bindings.append(binding)
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
